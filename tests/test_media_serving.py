"""docs/nginx/youth50.conf, the production web server's configuration, started for real on a
free loopback port against a scratch MEDIA_ROOT: uploaded images are served with their type,
nosniff, a sandboxing CSP and cache headers; anything else in media is a download, never a
page; spreadsheets waiting for confirmation are not served; the rest goes to the app."""

import http.client
import http.server
import threading

import pytest

from tests.images import corpus
from tests.servers import free_port, site_config, start_nginx, wait_for_port


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
    port = free_port()
    try:
        process = start_nginx(root, site_config(media, port, [app.server_port]))
    except BaseException:
        app.shutdown()
        raise
    try:
        wait_for_port(port, process, "nginx", seconds=5)
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
