"""A mail server on the loopback for the mail tests and the benchmark (bench/ imports it).

    server = FakeSMTPServer(mode="stall").start()   # accepts connections, never says a word
    server.mode = "answer"                          # from now on: a minimal SMTP responder
    server.messages                                 # what it was given, as raw bytes
    server.stop()

In "stall" mode it is the black hole of a mail server that hangs: the TCP connection opens, the
greeting never comes. A connection keeps the mode it was accepted in. "answer" speaks just
enough SMTP for Django's SMTP mailer without TLS or login: EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT.
"""

import contextlib
import socket
import threading
import time


class FakeSMTPServer:
    def __init__(self, mode="stall"):
        self.mode = mode
        self.messages = []
        self.accepted = 0
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._connections = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.close()

    def wait_for_connections(self, count, timeout):
        """True once `count` connections were accepted, False after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.accepted >= count:
                return True
            time.sleep(0.02)
        return False

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
                self.accepted += 1
            if self.mode == "answer":
                threading.Thread(target=self._answer, args=(connection,), daemon=True).start()
            # "stall": keep the socket open and never read or write it.

    def _answer(self, connection):
        connection.settimeout(30)
        with contextlib.suppress(OSError), connection, connection.makefile("rb") as lines:

            def reply(text):
                connection.sendall(text.encode() + b"\r\n")

            reply("220 fake.example ESMTP ready")
            while not self._stopping.is_set():
                line = lines.readline()
                if not line:
                    return
                verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
                if verb == "EHLO":
                    reply("250-fake.example")
                    reply("250 8BITMIME")
                elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    body = []
                    for data in iter(lines.readline, b""):
                        if data in (b".\r\n", b".\n"):
                            break
                        body.append(data)
                    with self._lock:
                        self.messages.append(b"".join(body))
                    reply("250 OK: queued")
                elif verb == "QUIT":
                    reply("221 Bye")
                    return
                else:
                    reply("502 Command not implemented")
