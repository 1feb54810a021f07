"""Every page type in both languages is valid HTML by the Nu Html Checker (vnu.jar).

The pages are fetched with Django's test client over the demo content, saved to a temporary
folder and checked in one run of vnu (one JVM start). vnu.jar comes from `npm install vnu-jar`
in the project folder (.ci/run does it) and needs Java 11+; where either is missing the tests
skip, saying why.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from .content import (
    ALL_PAGE_TYPES,
    expected_status,
    page_cases,
    page_path,
    render_server_error,
)
from .machinery import LANGUAGES, VNU_JAR, skip_or_fail


def _java():
    return shutil.which("java")


def _file_name(page_type, language):
    return f"{page_type}.{language}.html"


def _vnu_messages(folder):
    """Run vnu once over every .html file in `folder`; messages grouped by file name."""
    completed = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
        [_java(), "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(completed.stderr or completed.stdout)
    by_file = {}
    for message in report["messages"]:
        name = Path(message.get("url", "").removeprefix("file:")).name
        by_file.setdefault(name, []).append(message)
    return by_file


def _describe(name, messages):
    return "\n".join(
        f"{name}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
        f"{message['type']}{'/' + message['subType'] if 'subType' in message else ''}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for message in messages
    )


def _require_checker():
    if _java() is None:
        skip_or_fail("Java is not installed: the Nu Html Checker needs Java 11+ (CI has it)")
    if not VNU_JAR.is_file():
        skip_or_fail(f"{VNU_JAR} is missing: run `npm install vnu-jar` in the project folder")


@pytest.fixture(scope="module")
def checked_pages(demo_content, django_db_blocker, tmp_path_factory):
    """{file name: (HTTP status, vnu messages)} for every page type."""
    _require_checker()
    folder = tmp_path_factory.mktemp("html")
    statuses = {}
    client = Client()
    with django_db_blocker.unblock():
        for page_type in ALL_PAGE_TYPES:
            for language in LANGUAGES:
                if page_type == "server_error":
                    response = render_server_error(language)
                else:
                    response = client.get(page_path(demo_content, page_type, language))
                name = _file_name(page_type, language)
                (folder / name).write_bytes(response.content)
                statuses[name] = response.status_code
    messages = _vnu_messages(folder)
    return {name: (status, messages.get(name, [])) for name, status in statuses.items()}


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_is_valid_html(db, checked_pages, page_type, language):
    name = _file_name(page_type, language)
    status, messages = checked_pages[name]
    errors = [message for message in messages if message["type"] in {"error", "non-document-error"}]

    assert status == expected_status(page_type)
    assert errors == [], "\n" + _describe(name, errors)


def test_checker_reports_an_invalid_page(tmp_path):
    _require_checker()
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><form action=""><p><div>block in p</div></form></body></html>'
    )

    errors = [m for m in _vnu_messages(tmp_path)["bad.html"] if m["type"] == "error"]

    assert any("action" in error["message"] for error in errors)
