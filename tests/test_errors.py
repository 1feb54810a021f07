"""Requests no view can serve answer the site's own 400 page; a database that is gone answers
503 with Retry-After and the 503 page, never a 500."""

import pytest
from django.db import connections
from django.test import Client

from tests.factories import PersonFactory
from tests.registrations.helpers import open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


@pytest.fixture
def browser():
    """A client as a visitor's browser is: CSRF enforced, errors answered, not raised."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def assert_site_400(response):
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-page"' in body  # the site's design, not a bare text
    assert 'class="site-header' in body


@pytest.mark.parametrize(
    "path",
    [
        "/zh-hans/ticket/%00/",
        "/en/ticket/%00/calendar.ics",
        "/en/ticket/%00/qr.svg",
        "/en/ticket/%00/cancel/",
        "/en/ticket/%00/delete/",
        "/en/ticket/%00/my-data.json",
        "/zh-hans/register/privacy/%00/",
        "/zh-hans/people/a%00b/",
        "/en/organizations/%00/",
        "/a%00b/",
        "/zh-hans/search/?q=%00",
        "/zh-hans/people/?sector=%00",
        "/en/organizations/?q=x&sort=%00",
        "/admin/login/?next=/admin/%00",
    ],
)
def test_nul_anywhere_in_the_address_is_a_400_page(browser, path):
    assert_site_400(browser.get(path))


def test_nul_in_a_valid_tickets_subpath_is_a_400_page(browser):
    registration = register(open_edition())
    assert_site_400(browser.get(f"/en/ticket/{registration.token}%00/"))


def test_nul_in_a_form_field_is_a_400_page(browser):
    response = browser.post(
        "/admin/login/",
        "username=a%00b&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert_site_400(response)


def test_nul_in_a_cookie_is_a_400_page(browser):
    browser.cookies["sessionid"] = "abc\x00defghijk"
    assert_site_400(browser.get("/zh-hans/"))


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "utf-16-le", "no-such-charset"])
def test_a_form_in_a_charset_that_is_not_ascii_compatible_is_a_400_page(browser, charset):
    edition = open_edition()
    response = browser.generic(
        "POST",
        f"/en/editions/{edition.number}/register/",
        "name=x&csrfmiddlewaretoken=y".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert_site_400(response)
    assert "Bad request" in response.content.decode()


def test_a_form_in_utf8_still_reaches_the_csrf_check(browser):
    edition = open_edition()
    response = browser.post(
        f"/en/editions/{edition.number}/register/",
        "name=x",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    assert response.status_code == 403


def test_the_400_page_speaks_the_visitors_language(browser):
    assert "无法读取" in browser.get("/zh-hans/ticket/%00/").content.decode()


def test_an_ordinary_request_passes(client):
    person = PersonFactory()
    assert client.get(person.get_absolute_url()).status_code == 200


# --- The database is gone ----------------------------------------------------------------------


@pytest.fixture
def database_gone():
    """The default connection swapped for one to a database that is not there: on PostgreSQL a
    port nothing listens on, on SQLite a file in a folder that does not exist."""
    original = connections["default"]
    settings_dict = {**original.settings_dict}
    if original.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        settings_dict.update(NAME="/nonexistent-folder/gone.sqlite3")
    gone = original.__class__(settings_dict, "default")
    connections["default"] = gone
    yield
    gone.close()
    connections["default"] = original


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "暂时无法访问"), ("en", "briefly unavailable")]
)
def test_pages_answer_503_with_retry_after_when_the_database_is_gone(
    browser, database_gone, language, words
):
    response = browser.get(f"/{language}/people/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    assert words in body
    assert 'class="error-page"' in body


def test_a_form_post_answers_503_when_the_database_is_gone(client, database_gone):
    client.raise_request_exception = False
    response = client.post("/en/editions/1/register/", {"name": "x"})
    assert response.status_code == 503


def test_other_errors_still_answer_500(browser, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("forum.website.views.selectors.home_page", broken)
    response = browser.get("/en/")
    assert response.status_code == 500
    assert "Retry-After" not in response
