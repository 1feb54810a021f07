""" "Seats left" and whether registration is open change without an edit: the home and edition
pages that show them are cached only briefly (PAGE_CACHE_BRIEF_SECONDS), so a registration,
a cancellation, a promotion or the window opening shows within those seconds, while a rush of
registrations still finds those pages in the cache."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.registrations import seats
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

BRIEF = 1


@pytest.fixture(autouse=True)
def _brief(settings):
    settings.PAGE_CACHE_BRIEF_SECONDS = BRIEF


@pytest.fixture
def edition():
    registration_settings = factories.RegistrationSettingsFactory(capacity=5)
    return registration_settings.edition


def pages(edition):
    return ["/en/", f"/en/editions/{edition.number}/"]


def _shows(client, edition, text):
    for url in pages(edition):
        assert text in client.get(url).text, url


def _wait_out_the_brief_cache():
    time.sleep(BRIEF + 0.2)


def test_the_seats_pages_are_served_from_the_cache_meanwhile(client, edition):
    for url in pages(edition):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) == 0, url


def test_a_registration_shows_within_the_brief_time(client, edition):
    _shows(client, edition, "5 seats")
    factories.RegistrationFactory(edition=edition, status="confirmed")

    _wait_out_the_brief_cache()

    _shows(client, edition, "4 seats")


def test_a_cancellation_and_a_promotion_show_within_the_brief_time(client, edition):
    confirmed = factories.RegistrationFactory(edition=edition, status="confirmed")
    waiting = factories.RegistrationFactory(edition=edition, status="waitlisted")
    _shows(client, edition, "4 seats")

    outcome = seats.registration_cancel(registration=confirmed)
    assert outcome.promoted == waiting  # the freed seat went to the waiting list at once
    _wait_out_the_brief_cache()
    _shows(client, edition, "4 seats")

    seats.registration_cancel(registration=waiting)
    _wait_out_the_brief_cache()
    _shows(client, edition, "5 seats")


def test_the_window_opening_shows_within_the_brief_time(client):
    registration_settings = factories.RegistrationSettingsFactory(
        opens_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    edition = registration_settings.edition
    _shows(client, edition, "Registration opens on")

    time.sleep(1)
    _wait_out_the_brief_cache()

    _shows(client, edition, "Registration is open.")


def test_other_pages_are_not_brief(client, edition, settings):
    person = factories.PersonFactory()
    url = f"/en/people/{person.slug}/"
    client.get(url)
    _wait_out_the_brief_cache()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured) == 0
