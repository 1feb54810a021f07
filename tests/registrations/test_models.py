"""The database itself refuses bad registration data (constraints), on both databases."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation
from icalendar import Calendar

from forum.registrations.enums import RegistrationStatus
from forum.registrations.ics import edition_event
from forum.registrations.ratelimit import parse_rate
from tests.factories import (
    CategoryQuotaFactory,
    EditionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)
    return True


def test_capacity_cannot_be_negative():
    assert refused(RegistrationSettingsFactory, capacity=-1)


def test_window_must_close_after_it_opens():
    now = timezone.now()
    assert refused(RegistrationSettingsFactory, opens_at=now, closes_at=now)


def test_quota_cannot_be_negative():
    assert refused(CategoryQuotaFactory, quota=-1)


def test_one_quota_per_category():
    quota = CategoryQuotaFactory(category="media")
    assert refused(CategoryQuotaFactory, settings=quota.settings, category="media")


def test_one_registration_settings_per_edition():
    settings = RegistrationSettingsFactory()
    assert refused(RegistrationSettingsFactory, edition=settings.edition)


def test_database_refuses_a_second_live_registration_for_the_same_email_any_case():
    first = RegistrationFactory(email="Li@Example.com")
    assert refused(RegistrationFactory, edition=first.edition, email="li@example.COM")


def test_database_allows_a_new_registration_after_a_cancelled_one():
    first = RegistrationFactory(email="li@example.com", status=RegistrationStatus.CANCELLED)
    assert RegistrationFactory(edition=first.edition, email="li@example.com").pk


def test_database_allows_the_same_email_again_once_anonymized():
    first = RegistrationFactory(email="x@invalid", anonymized_at=timezone.now())
    assert RegistrationFactory(edition=first.edition, email="x@invalid").pk


def test_check_in_code_unique_per_edition():
    first = RegistrationFactory(checkin_code="ACDEFGHJ")
    assert refused(RegistrationFactory, edition=first.edition, checkin_code="ACDEFGHJ")


def test_same_check_in_code_allowed_in_another_edition():
    RegistrationFactory(checkin_code="ACDEFGHJ")
    assert RegistrationFactory(checkin_code="ACDEFGHJ").pk


def test_token_unique():
    first = RegistrationFactory()
    assert refused(RegistrationFactory, token=first.token)


def test_status_must_be_a_known_one():
    assert refused(RegistrationFactory, status="vip")


def test_category_must_be_a_known_one():
    assert refused(RegistrationFactory, category="celebrity")


def test_edition_with_registrations_cannot_be_deleted():

    registration = RegistrationFactory()
    with pytest.raises(ProtectedError):
        registration.edition.delete()


# --- Calendar text (RFC 5545) and the rate setting ----------------------------------------------


def _parsed_event(content):
    """The one VEVENT of a calendar file, read back by the icalendar library (as a calendar
    program would)."""
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_ics_all_day_event_for_a_dated_edition():
    edition = EditionFactory(start_date=datetime.date(2026, 5, 9), venue_zh="上海中心, 浦东")
    with translation.override("zh-hans"):  # the venue in Chinese
        content = edition_event(
            edition=edition, summary="论坛; 第七届", description="d", url="https://x", uid_seed="t"
        )
    _calendar, event = _parsed_event(content)
    assert event.decoded("dtstart") == datetime.date(2026, 5, 9)
    assert event.decoded("dtend") == datetime.date(2026, 5, 10)
    assert str(event["summary"]) == "论坛; 第七届"
    assert str(event["location"]) == "上海中心, 浦东"
    assert "SUMMARY:论坛\\; 第七届\r\n".encode() in content  # escaped as RFC 5545 says
    assert content.endswith(b"END:VCALENDAR\r\n")


def test_ics_long_chinese_lines_are_folded_within_75_octets():
    edition = EditionFactory(start_date=datetime.date(2026, 5, 9))
    summary = "上海创新创业青年50人论坛" * 10
    content = edition_event(
        edition=edition, summary=summary, description="d", url="https://x", uid_seed="t"
    )
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    _calendar, event = _parsed_event(content)
    assert str(event["summary"]) == summary


def test_ics_timed_event_in_shanghai_time():
    edition = EditionFactory()
    starts = datetime.datetime(2026, 5, 9, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Shanghai
    content = edition_event(
        edition=edition,
        summary="s",
        description="d",
        url="https://x",
        uid_seed="t",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
    )
    calendar, event = _parsed_event(content)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert b"DTSTART;TZID=Asia/Shanghai:20260509T093000\r\n" in content
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + datetime.timedelta(hours=8)


def test_ics_none_without_a_known_day():
    edition = EditionFactory(start_date=None, start_precision="")
    assert (
        edition_event(edition=edition, summary="s", description="d", url="u", uid_seed="t") is None
    )


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("5/m", (5, 60)), ("100/h", (100, 3600)), ("20/s", (20, 1)), ("0", None), ("", None)],
)
def test_rate_setting_parsing(rate, parsed):
    assert parse_rate(rate) == parsed


def test_rate_setting_garbage_is_a_configuration_error():

    with pytest.raises(ImproperlyConfigured):
        parse_rate("five per minute")
