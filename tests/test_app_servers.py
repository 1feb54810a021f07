"""The production deployment with several app servers, run for real: two gunicorn instances
(config.settings.prod, two sync workers each, their own ports) behind nginx started with
docs/nginx/youth50.conf (its upstream listing both), sharing one PostgreSQL database, one Redis
database (cache and rate limits) and one MEDIA_ROOT. An edit through one server is read fresh
from the other and through nginx; registrations sent to both at once never overbook; the rate
limit counts a client's submissions to both together; an image uploaded through one server is
served by nginx and shown by the other.

The servers use the test database, so the test is transactional: what it writes is committed,
and the servers see it. It is one test, its four checks in turn, with the servers started for it
and stopped before the flush that ends it: that flush recreates the content types under new ids,
and every server process caches them by id, so servers kept for a second test would log its
admin edits against content types that no longer exist."""

import http.client
import re
import secrets
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import translation

from config.images.models import Image
from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import Registration
from tests.factories import PersonFactory, jpeg_upload
from tests.helpers import TEST_REDIS_URL, production_environment
from tests.registrations.helpers import open_edition
from tests.servers import NGINX, free_port, missing, site_config, start_nginx, wait_for_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.every_database,
]

PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "forum.example"
ADMIN_PASSWORD = secrets.token_urlsafe(16)


@dataclass
class Deployment:
    a: int  # the two gunicorn instances' ports
    b: int
    nginx: int
    media: Path
    logs: Path

    def log_tails(self):
        """The servers' own output, for a failure's message."""
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in sorted(self.logs.glob("*.log"))
        )


def _flush_redis():
    """Empties the servers' Redis database; False when Redis does not answer."""
    try:
        client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        client.close()
    except redis.RedisError:
        return False
    return True


def _database_url():
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{address}/{database['NAME']}"


def _production_environment(media):
    return production_environment(
        "DATABASE_",
        "REDIS_URL",
        "MEDIA_ROOT",
        "REGISTRATION_RATE_LIMIT",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="app-servers-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=_database_url(),
        REDIS_URL=TEST_REDIS_URL,
        MEDIA_ROOT=str(media),
        REGISTRATION_RATE_LIMIT="5/m",
        # nginx appends the address it saw to X-Forwarded-For; the servers count that one.
        REGISTRATION_RATE_LIMIT_PROXIES="1",
        LOG_LEVEL="WARNING",
    )


def _start_gunicorn(port, environment, log):
    return subprocess.Popen(  # noqa: S603 (the project's own server)
        [str(GUNICORN), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_healthy(port, process, deployment, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn on port {port} stopped:\n{deployment.log_tails()}")
        try:
            if Visitor().get(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(
        f"gunicorn on port {port} was not healthy in {seconds} s:\n{deployment.log_tails()}"
    )


def _stop(processes):
    """Asks all to stop at once (gunicorn finishes its requests first), then waits for each."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def deployment(transactional_db, tmp_path_factory):
    if not GUNICORN.exists():
        missing(f"gunicorn is not installed next to {sys.executable}")
    if NGINX is None:
        missing("nginx is not installed (apt install nginx); CI installs it")
    if not _flush_redis():
        missing(f"needs Redis at {TEST_REDIS_URL} (CI starts it)")
    root = tmp_path_factory.mktemp("deployment")
    media, logs = root / "media", root / "logs"
    media.mkdir()
    logs.mkdir()
    deployment = Deployment(a=free_port(), b=free_port(), nginx=free_port(), media=media, logs=logs)
    processes, log_files = [], []
    environment = _production_environment(media)
    try:
        # The manifest the production static storage needs to name any static file.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=PROJECT_DIR,
            env=environment,
            check=True,
            capture_output=True,
            timeout=180,
        )
        for name, port in (("a", deployment.a), ("b", deployment.b)):
            log_files.append((logs / f"gunicorn-{name}.log").open("w"))
            processes.append(_start_gunicorn(port, environment, log_files[-1]))
        nginx_root = root / "nginx"
        nginx_root.mkdir()
        site = site_config(
            media,
            deployment.nginx,
            [deployment.a, deployment.b],
            # As if TLS ended here: the production settings redirect plain HTTP.
            forwarded_proto="https",
        )
        processes.append(start_nginx(nginx_root, site))
        wait_for_port(deployment.nginx, processes[-1], "nginx", seconds=10)
        for port, process in zip((deployment.a, deployment.b), processes, strict=False):
            _wait_until_healthy(port, process, deployment)
        yield deployment
    finally:
        _stop(processes)
        for log in log_files:
            log.close()
        _flush_redis()


# ---- a browser, as far as these pages need one ----------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Visitor:
    """One client with its cookies, reaching any of the servers as https://forum.example.
    `address` is the client address a proxy in front would have passed on (X-Forwarded-For)."""

    def __init__(self, address=None):
        self.address = address
        self.cookies = {}

    def request(self, method, port, path, body=None, content_type=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        server = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            server.request(method, path, body=body, headers=headers)
            answer = server.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            server.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, port, path):
        return self.request("GET", port, path)

    def post(self, port, path, fields):
        return self.request("POST", port, path, body=urlencode(fields))

    def post_multipart(self, port, path, fields, files):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(value).encode()
                + b"\r\n"
            )
        for name, (file_name, data, file_type) in files.items():
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; name={name!r}; "
                f"filename={file_name!r}\r\nContent-Type: {file_type}\r\n\r\n".replace(
                    "'", '"'
                ).encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            "POST", port, path, body=body, content_type=f"multipart/form-data; boundary={boundary}"
        )


class _FormFields(HTMLParser):
    """The fields a browser would send with the form whose id or class is `form` as the page
    stands: inputs
    (checked boxes only), selects (their selected options, or a single select's first),
    textareas; no buttons, files or disabled fields."""

    def __init__(self, form):
        super().__init__()
        self.form = form
        self.inside = False
        self.fields = []
        self.select = None  # (name, multiple, options, selected) of the open select
        self.textarea = None  # (name, text) of the open textarea
        self.option = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == "form":
            self.inside = (
                self.form == attributes.get("id")
                or self.form in (attributes.get("class") or "").split()
            )
        if not self.inside or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
            elif kind not in {"submit", "button", "image", "file", "reset"}:
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attributes, [], [])
        elif tag == "option" and self.select:
            value = attributes.get("value")
            self.option = [value, ""]
            self.select[2].append(self.option)
            if "selected" in attributes:
                self.select[3].append(self.option)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data
        elif self.option:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple, options, selected = self.select
            if not selected and not multiple and options:
                selected = options[:1]
            self.fields += [
                (name, value if value is not None else text) for value, text in selected
            ]
            self.select = None


def form_fields(page, form):
    parser = _FormFields(form)
    parser.feed(page.text)
    assert parser.fields, f"no form {form!r} on the page (status {page.status})"
    return parser.fields


def replaced(fields, **values):
    """`fields` with the named fields' values replaced (or added)."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


def _admin_save(editor, port, path, form, deployment, **values):
    page = editor.get(port, path)
    assert page.status == 200, page.status
    response = editor.post(port, path, replaced(form_fields(page, form), _save="Save", **values))
    assert response.status == 302, _errors(response) or deployment.log_tails()
    return response


def _errors(response):
    return " | ".join(
        re.sub(r"<[^>]+>", " ", block)
        for block in re.findall(
            r'class="(?:errornote|errorlist)[^"]*">(.*?)</', response.text, re.S
        )
    )


def signed_in_editor(deployment):
    """A superuser signed in through the admin's login form on server A. The password is hashed
    as production hashes it: the test settings' fast hasher is not one production accepts."""
    user = get_user_model().objects.create_superuser("multi-editor", "editor@example.com")
    user.password = PBKDF2PasswordHasher().encode(ADMIN_PASSWORD, secrets.token_hex(8))
    user.save(update_fields=["password"])
    editor = Visitor()
    login = editor.get(deployment.a, "/admin/login/")
    response = editor.post(
        deployment.a,
        "/admin/login/?next=/admin/",
        replaced(form_fields(login, "login-form"), username=user.username, password=ADMIN_PASSWORD),
    )
    assert response.status == 302, _errors(response) or deployment.log_tails()
    return editor


def _page(port, path):
    response = Visitor().get(port, path)
    assert response.status == 200, path
    return response.text


def check_an_edit_through_one_server_is_read_fresh_from_the_other_and_through_nginx(
    deployment, editor
):
    person = PersonFactory(name_en="Ada Before", headline_en="Founder")
    with translation.override("en"):
        path = person.get_absolute_url()
    # Both servers (nginx alternates between them) render the page first, and serve it again
    # (each worker keeps copies of the pages it served): were anything kept in a server's
    # memory or in the shared cache, this would be it.
    pages = [_page(deployment.b, path) for _ in range(4)]
    pages += [_page(deployment.nginx, path) for _ in range(4)]
    assert all("Ada Before" in page for page in pages)

    _admin_save(
        editor,
        deployment.a,
        f"/admin/profiles/person/{person.pk}/change/",
        "person_form",
        deployment,
        name_en="Ada After",
    )

    pages = [_page(deployment.b, path)] + [_page(deployment.nginx, path) for _ in range(4)]
    assert all("Ada After" in page and "Ada Before" not in page for page in pages)


def _register_path(edition):
    with translation.override("en"):
        return reverse("registration:register", kwargs={"number": edition.number})


def _registration_fields(form_page, n):
    return replaced(
        form_fields(form_page, "registration-form"),
        name=f"Registrant {n}",
        email=f"registrant{n}-{uuid.uuid4().hex[:8]}@example.com",
        organization="Org",
        title="CEO",
        category="other",
        consent="on",
    )


def check_registrations_sent_to_both_servers_at_once_never_overbook(deployment):
    seats, per_server = 5, 6
    edition = open_edition(capacity=seats)
    path = _register_path(edition)
    ports = [deployment.a, deployment.b] * per_server
    # Each registrant has their own address (the rate limit would stop one address at 5).
    visitors = [Visitor(address=f"198.51.100.{n + 1}") for n in range(len(ports))]
    forms = [v.get(port, path) for v, port in zip(visitors, ports, strict=True)]
    assert {form.status for form in forms} == {200}
    start = threading.Barrier(len(ports))
    statuses = [None] * len(ports)

    def register(n):
        fields = _registration_fields(forms[n], n)
        start.wait(timeout=30)
        statuses[n] = visitors[n].post(ports[n], path, fields).status

    threads = [threading.Thread(target=register, args=(n,)) for n in range(len(ports))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302] * len(ports), deployment.log_tails()
    registrations = Registration.objects.filter(edition=edition)
    assert registrations.count() == len(ports)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == seats
    assert registrations.filter(status=RegistrationStatus.WAITLISTED).count() == len(ports) - seats


def check_the_rate_limit_counts_one_clients_submissions_to_both_servers_together(deployment):
    """Five a minute: alternating between the servers, each sees four of eight submissions —
    under the limit if each counted alone — and still the sixth is refused."""
    edition = open_edition(capacity=100)
    path = _register_path(edition)
    visitor = Visitor(address="203.0.113.77")
    form = visitor.get(deployment.a, path)
    assert form.status == 200

    responses = [
        visitor.post(port, path, _registration_fields(form, n))
        for n, port in enumerate([deployment.a, deployment.b] * 4)
    ]

    assert [response.status for response in responses] == [302] * 5 + [429] * 3
    assert "Too many registrations from your network" in responses[-1].text
    assert Registration.objects.filter(edition=edition).count() == 5


def check_an_image_uploaded_through_one_server_is_served_by_nginx_and_shown_by_the_other(
    deployment, editor
):
    add = "/admin/images/image/add/"
    form = editor.get(deployment.a, add)
    assert form.status == 200
    upload = jpeg_upload(size=(640, 800)).read()
    response = editor.post_multipart(
        deployment.a,
        add,
        replaced(form_fields(form, "image_form"), alt_zh="肖像", alt_en="A portrait", _save="Save"),
        {"file": ("portrait.jpg", upload, "image/jpeg")},
    )
    assert response.status == 302, _errors(response) or deployment.log_tails()
    image = Image.objects.get(alt_en="A portrait")
    person = PersonFactory()
    _admin_save(
        editor,
        deployment.a,
        f"/admin/profiles/person/{person.pk}/change/",
        "person_form",
        deployment,
        portrait=str(image.pk),
    )
    with translation.override("en"):
        page = _page(deployment.b, person.get_absolute_url())

    shown = set(re.findall(r"/media/renditions/[^\s\"',]+", page))
    assert shown, "the page on server B shows no rendition of the portrait"
    original = Visitor().get(deployment.nginx, f"/media/{image.file.name}")
    assert original.status == 200
    assert original.headers["Content-Type"] == "image/jpeg"
    assert original.body == (deployment.media / image.file.name).read_bytes()
    for url in shown:
        served = Visitor().get(deployment.nginx, url)
        assert served.status == 200, url
        assert served.headers["Content-Type"].startswith("image/"), url
        assert served.body == (deployment.media / url.removeprefix("/media/")).read_bytes()


def test_two_app_servers_behind_nginx_share_the_database_the_cache_and_the_media(deployment):
    editor = signed_in_editor(deployment)
    check_an_edit_through_one_server_is_read_fresh_from_the_other_and_through_nginx(
        deployment, editor
    )
    check_registrations_sent_to_both_servers_at_once_never_overbook(deployment)
    check_the_rate_limit_counts_one_clients_submissions_to_both_servers_together(deployment)
    check_an_image_uploaded_through_one_server_is_served_by_nginx_and_shown_by_the_other(
        deployment, editor
    )
