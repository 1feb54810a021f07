"""docs/nginx/youth50.conf, the production web server's configuration, started for real on a
free loopback port against a scratch MEDIA_ROOT: uploaded images are served with their type,
nosniff, a sandboxing CSP and cache headers; anything else in media is a download, never a
page; spreadsheets waiting for confirmation are not served; the rest goes to the app."""

import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.images import corpus

CONFIG = Path(__file__).resolve().parent.parent / "docs" / "nginx" / "youth50.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)),
    None,
)


def _missing(reason):
    if os.environ.get("REQUIRE_NGINX"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"app {self.headers['X-Forwarded-Proto']} {self.headers['Host']}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if NGINX is None:
        _missing("nginx is not installed (apt install nginx); CI installs it")
    root = tmp_path_factory.mktemp("nginx")
    media = root / "media"
    for folder in ("images/2026/11", "renditions/images/2026/11", "people", "django-import-export"):
        (media / folder).mkdir(parents=True)
    (media / "images/2026/11/abc.jpg").write_bytes(corpus.jpeg((20, 20)))
    (media / "renditions/images/2026/11/abc_160x160.webp").write_bytes(corpus.webp())
    (media / "people/old.png").write_bytes(corpus.png())
    (media / "people/page.html").write_bytes(corpus.HTML_AS_JPEG)
    (media / "images/2026/11/poly.jpg").write_bytes(corpus.polyglot())
    (media / "django-import-export/0123abcd").write_bytes(b"slug,name_zh\n")

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = _free_port()
    server = CONFIG.read_text(encoding="utf-8")
    server = server.replace("/srv/youth50/media/", f"{media}/")
    server = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", server)
    server = server.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app.server_port};")
    (root / "youth50.conf").write_text(server, encoding="utf-8")
    # Run as root (CI), nginx's workers would switch to "nobody", who cannot read pytest's
    # private temporary folders: keep them as the user running the tests.
    user = "user root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(
        f"""
{user}
pid {root}/nginx.pid;
error_log {root}/error.log warn;
worker_processes 1;
events {{ worker_connections 64; }}
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
    process = subprocess.Popen(  # noqa: S603 (our own binary and files)
        [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stdout.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        app.shutdown()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Host": "forum.example"})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_an_uploaded_image_is_served_with_its_type_nosniff_and_a_year_of_cache(nginx):
    response = get(nginx, "/media/images/2026/11/abc.jpg")

    assert response.status == 200
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert "sandbox" in response.getheader("Content-Security-Policy")


def test_a_webp_rendition_is_served_as_webp(nginx):
    response = get(nginx, "/media/renditions/images/2026/11/abc_160x160.webp")

    assert response.status == 200
    assert response.getheader("Content-Type") == "image/webp"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "immutable" in response.getheader("Cache-Control")


def test_other_media_are_cached_briefly(nginx):
    response = get(nginx, "/media/people/old.png")

    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("Cache-Control") == "public, max-age=3600"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_an_html_file_in_media_is_a_sandboxed_download_never_a_page(nginx):
    response = get(nginx, "/media/people/page.html")

    assert response.getheader("Content-Type") == "application/octet-stream"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.getheader("Content-Security-Policy")


def test_a_polyglot_is_an_image_the_browser_may_not_sniff_as_html(nginx):
    response = get(nginx, "/media/images/2026/11/poly.jpg")

    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_waiting_imports_and_folders_are_not_served(nginx):
    assert get(nginx, "/media/django-import-export/0123abcd").status == 404
    assert get(nginx, "/media/images/").status in (403, 404)


def test_the_rest_goes_to_the_app_with_the_forwarded_protocol(nginx):
    response = get(nginx, "/zh-hans/")

    assert response.status == 200
    assert response.body == b"app http forum.example"
