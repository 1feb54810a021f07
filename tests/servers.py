"""Real servers for tests that run the production web server: nginx started with
docs/nginx/youth50.conf (only its paths, ports and upstream servers replaced) on a free loopback
port, and the checks that skip such a test where a program is missing — or fail it under
REQUIRE_NGINX=1, as CI sets, so a broken install never passes as a skip."""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "docs" / "nginx" / "youth50.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
    None,
)
_UPSTREAM = re.compile(r"(upstream youth50_app \{)(.*?)(\n\})", re.S)
_SERVER_LINE = re.compile(r"\n[ \t]*server [^;\n]+;")


def missing(reason):
    if os.environ.get("REQUIRE_NGINX"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, name, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"{name} did not start: {output}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{name} did not listen on port {port} within {seconds} s")


def site_config(media, port, app_ports, *, forwarded_proto=None):
    """docs/nginx/youth50.conf listening on `port`, serving `media`, its upstream listing the
    app servers on `app_ports` (every `server` line of the file replaced). `forwarded_proto`
    stands in for a TLS terminator: the protocol nginx tells the app (else the real one)."""
    config = CONFIG.read_text(encoding="utf-8")
    config = config.replace("/srv/youth50/media/", f"{media}/")
    config = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", config)
    servers = "".join(f"\n    server 127.0.0.1:{app_port};" for app_port in app_ports)
    config, found = _UPSTREAM.subn(
        lambda block: (
            block[1] + servers + re.sub(r"\n[ \t]*server [^;\n]+;", "", block[2]) + block[3]
        ),
        config,
    )
    assert found == 1, "docs/nginx/youth50.conf has no `upstream youth50_app` block"
    if forwarded_proto:
        config = config.replace("X-Forwarded-Proto $scheme", f"X-Forwarded-Proto {forwarded_proto}")
    return config


def start_nginx(root, site):
    """nginx in the foreground with `site` (a server configuration) in a private prefix under
    `root`; the caller stops the returned process."""
    if NGINX is None:
        missing("nginx is not installed (apt install nginx); CI installs it")
    (root / "youth50.conf").write_text(site, encoding="utf-8")
    # Run as root (CI), nginx's workers would switch to "nobody", who cannot read pytest's
    # private temporary folders: keep them as the user running the tests.
    user = "user root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"""
{user}
pid {root}/nginx.pid;
error_log {root}/error.log warn;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/youth50.conf;
}}
""",
        encoding="utf-8",
    )
    return subprocess.Popen(  # noqa: S603 (our own binary and files)
        [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
