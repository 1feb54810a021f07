"""Every registration page (form clean and rejected, ticket in each state, confirmations) is
valid HTML by the Nu Html Checker, in both languages. One vnu run over saved pages; skipped
where Java or vnu.jar (`npm install vnu-jar`) is missing."""

import json
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from forum.registrations import seats
from tests.browser.machinery import VNU_JAR

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")


def pages(client, language):
    """(name, html) for each registration page in `language`."""
    edition = open_edition(capacity=1)
    confirmed = register(edition)
    waiting = register(edition)
    cancelled = register(edition)
    seats.registration_cancel(registration=cancelled)
    with translation.override(language):
        form_url = reverse("registration:register", kwargs={"number": edition.number})
        urls = {
            "form": form_url,
            "ticket-confirmed": confirmed.get_absolute_url(),
            "ticket-waitlisted": waiting.get_absolute_url(),
            "ticket-cancelled": cancelled.get_absolute_url(),
            "cancel": reverse("registration:cancel", args=[confirmed.token]),
            "delete": reverse("registration:delete", args=[confirmed.token]),
            "sent": reverse("registration:sent"),
            "deleted": reverse("registration:deleted"),
            "privacy": reverse("registration:privacy_notice"),
        }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        yield name, response.content
    rejected = client.post(form_url, {"name": "", "email": "bad", "mobile": "1"})
    yield "form-rejected", rejected.content


def test_registration_pages_are_valid_html(client, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed: the Nu Html Checker needs Java 11+ (CI has it)")
    if not VNU_JAR.is_file():
        pytest.skip(f"{VNU_JAR} is missing: run `npm install vnu-jar` in the project folder")
    for language in LANGUAGES:
        for name, html in pages(client, language):
            (tmp_path / f"{name}.{language}.html").write_bytes(html)
    completed = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert len(list(tmp_path.glob("*.html"))) == 20
    assert errors == []
