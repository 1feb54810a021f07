"""The registration form from the page cache (config/common/page_cache.py, fills_csrf_token):
anonymous visitors get the stored page, each with a CSRF token and cookie of their own; the
form then posts as any other; whether registration is open shows within the brief time."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.common.page_cache import TOKEN_PLACEHOLDER
from forum.models import Edition
from forum.registrations.models import Registration
from tests.factories import PrivacyNoticeFactory, QuestionFactory
from tests.registrations.helpers import form_data, open_edition, register

# Pages are stored only outside a transaction: these tests commit as the site does.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BRIEF = 1
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTICE = re.compile(r'name="notice_version" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _brief(settings):
    settings.PAGE_CACHE_BRIEF_SECONDS = BRIEF


def form_url(edition):
    return f"/en/editions/{edition.number}/register/"


def visit(client, url):
    """(response, queries it took, the token in its form or None)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    found = TOKEN.search(response.text)
    return response, len(captured), found[1] if found else None


def cookie_secret(client):
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def registration_data(page, **overrides):
    return form_data(
        csrfmiddlewaretoken=TOKEN.search(page)[1],
        notice_version=NOTICE.search(page)[1],
        **overrides,
    )


@pytest.fixture
def url():
    return form_url(open_edition())


def test_the_form_is_served_from_the_cache_with_a_token_and_cookie_of_each_visitor(url):
    first, first_queries, first_token = visit(Client(), url)
    second_visitor = Client()
    second, second_queries, second_token = visit(second_visitor, url)
    third_visitor = Client()
    _third, third_queries, third_token = visit(third_visitor, url)

    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == third_queries == 0
    assert None not in {first_token, second_token, third_token}
    assert len({first_token, second_token, third_token}) == 3
    assert cookie_secret(second_visitor) != cookie_secret(third_visitor)
    # Each token is the visitor's own cookie's, masked, as Django makes it.
    assert _unmask_cipher_token(second_token) == cookie_secret(second_visitor)
    assert _unmask_cipher_token(third_token) == cookie_secret(third_visitor)
    assert TOKEN_PLACEHOLDER not in second.text
    assert second["Content-Length"] == str(len(second.content))
    assert "Cookie" in second["Vary"]


def test_a_visitor_keeps_the_csrf_cookie_they_already_have(url):
    Client().get(url)  # stores the page
    visitor = Client()
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32

    response, queries, token = visit(visitor, url)

    assert queries == 0
    assert _unmask_cipher_token(token) == "a" * 32
    assert response.cookies[settings.CSRF_COOKIE_NAME].value == "a" * 32


def test_a_form_from_the_cache_posts_and_registers(url):
    Client().get(url)  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    page, queries, _token = visit(visitor, url)
    assert queries == 0

    response = visitor.post(url, registration_data(page.text))

    assert response.status_code == 302
    assert Registration.objects.filter(email="li.ming@example.com").exists()


def test_another_visitors_token_is_refused(url):
    Client().get(url)
    someone, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page = someone.get(url).text
    other.get(url)

    response = other.post(url, registration_data(page))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_visitor_with_a_session_gets_the_form_built_for_them(url, admin_client):
    Client().get(url)
    _response, queries, token = visit(admin_client, url)
    assert queries > 0
    assert token is not None
    assert token != TOKEN_PLACEHOLDER


def test_the_form_keeps_its_headers_and_strict_policy_from_the_cache(url):
    built = Client().get(url)
    cached = Client().get(url)

    assert cached["Content-Security-Policy"] == built["Content-Security-Policy"]
    assert "unsafe-inline" not in cached["Content-Security-Policy"]
    assert "no-store" in cached["Cache-Control"]
    assert "private" in cached["Cache-Control"]
    assert cached["X-Robots-Tag"] == "noindex, nofollow"
    assert cached["Referrer-Policy"] == "strict-origin"
    assert "ETag" not in cached  # each copy differs: nothing to validate against


def test_head_of_the_form_is_answered_from_the_cache(url):
    Client().get(url)
    with CaptureQueriesContext(connection) as captured:
        response = Client().head(url)
    assert response.status_code == 200
    assert len(captured) == 0


def test_the_form_opens_within_the_brief_time():
    edition = open_edition(opens_at=timezone.now() + datetime.timedelta(seconds=1))
    url = form_url(edition)
    closed, _queries, token = visit(Client(), url)
    assert "Registration opens on" in closed.text
    assert token is None
    assert settings.CSRF_COOKIE_NAME not in closed.cookies  # no form, no cookie

    time.sleep(1 + BRIEF + 0.2)

    opened, _queries, token = visit(Client(), url)
    assert "Registration opens on" not in opened.text
    assert token


def test_the_form_closes_within_the_brief_time():
    edition = open_edition(closes_at=timezone.now() + datetime.timedelta(seconds=1))
    url = form_url(edition)
    assert visit(Client(), url)[2]
    assert visit(Client(), url)[2]  # from the cache

    time.sleep(1 + BRIEF + 0.2)

    closed, _queries, token = visit(Client(), url)
    assert "Registration is closed." in closed.text
    assert token is None


@pytest.mark.parametrize(
    ("window", "before", "after"),
    [
        ("opens_at", "Registration opens on", "csrfmiddlewaretoken"),
        ("closes_at", "csrfmiddlewaretoken", "Registration is closed."),
    ],
)
def test_the_form_opens_and_closes_at_its_second_not_after_the_brief_time(
    settings, window, before, after
):
    settings.PAGE_CACHE_BRIEF_SECONDS = 60
    edition = open_edition(**{window: timezone.now() + datetime.timedelta(seconds=1)})
    url = form_url(edition)
    assert before in visit(Client(), url)[0].text
    assert before in visit(Client(), url)[0].text  # from the cache

    time.sleep(1.2)

    assert after in visit(Client(), url)[0].text


def test_the_form_is_kept_through_the_last_second_before_it_opens_and_not_after(settings):
    # Visitors crowd in just before registration opens: a page built then is kept too (its
    # lifetime a fraction of a second), or every one of them would build it afresh.
    settings.PAGE_CACHE_BRIEF_SECONDS = 60
    opens_at = timezone.now() + datetime.timedelta(seconds=0.8)
    edition = open_edition(opens_at=opens_at)
    url = form_url(edition)
    assert "Registration opens on" in visit(Client(), url)[0].text

    kept, queries, _token = visit(Client(), url)
    assert timezone.now() < opens_at, "the machine was too slow to test this"
    assert "Registration opens on" in kept.text
    assert queries == 0

    time.sleep((opens_at - timezone.now()).total_seconds() + 0.05)

    assert "csrfmiddlewaretoken" in visit(Client(), url)[0].text


def test_a_full_edition_shows_within_the_brief_time():
    edition = open_edition(capacity=1)
    url = form_url(edition)
    assert "All seats are taken" not in Client().get(url).text
    register(edition)
    assert "All seats are taken" not in Client().get(url).text  # the page kept meanwhile

    time.sleep(BRIEF + 0.2)

    assert "All seats are taken" in Client().get(url).text


def test_a_new_question_or_privacy_notice_shows_on_the_next_visit(url):
    edition = Edition.objects.get()
    Client().get(url)
    assert "Joining the dinner?" not in Client().get(url).text  # from the cache

    QuestionFactory(edition=edition, kind="yes_no", label_en="Joining the dinner?")
    assert "Joining the dinner?" in Client().get(url).text

    PrivacyNoticeFactory(version="2026-2", effective_from=timezone.now())
    assert 'name="notice_version" value="2026-2"' in Client().get(url).text
