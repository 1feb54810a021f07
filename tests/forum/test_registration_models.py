"""The database itself refuses bad registration data (constraints), on both databases."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from forum.registrations.enums import RegistrationStatus
from forum.registrations.ics import edition_event, escape_text, fold
from forum.registrations.ratelimit import parse_rate
from tests.factories import (
    CategoryQuotaFactory,
    EditionFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
)

pytestmark = pytest.mark.django_db


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
    from django.db.models import ProtectedError

    registration = RegistrationFactory()
    with pytest.raises(ProtectedError):
        registration.edition.delete()


# --- Calendar text (RFC 5545) and the rate setting ----------------------------------------------


def test_ics_text_escaping():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ics_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "上海创新创业青年50人论坛" * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_ics_all_day_event_for_a_dated_edition():
    edition = EditionFactory(start_date=datetime.date(2026, 5, 9), venue_zh="上海中心, 浦东")
    with translation.override("zh-hans"):  # the venue in Chinese
        text = edition_event(
            edition=edition, summary="论坛; 第七届", description="d", url="https://x", uid_seed="t"
        )
    assert "DTSTART;VALUE=DATE:20260509\r\n" in text
    assert "DTEND;VALUE=DATE:20260510\r\n" in text
    assert "SUMMARY:论坛\\; 第七届\r\n" in text
    assert "LOCATION:上海中心\\, 浦东\r\n" in text
    assert text.endswith("END:VCALENDAR\r\n")


def test_ics_timed_event_in_shanghai_time():
    edition = EditionFactory()
    starts = datetime.datetime(2026, 5, 9, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Shanghai
    text = edition_event(
        edition=edition,
        summary="s",
        description="d",
        url="https://x",
        uid_seed="t",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
    )
    assert "TZID:Asia/Shanghai" in text
    assert "DTSTART;TZID=Asia/Shanghai:20260509T093000\r\n" in text
    assert "DTEND;TZID=Asia/Shanghai:20260509T173000\r\n" in text


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
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate("five per minute")
