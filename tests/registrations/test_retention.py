"""Anonymization after the retention period: personal data goes, counts stay."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from config.common.dates import DatePrecision
from forum.registrations.models import Registration
from forum.registrations.retention import registrations_anonymize_expired
from tests.factories import (
    EditionFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 1)


@pytest.fixture
def notice():
    return PrivacyNoticeFactory(retention_days=365)


def edition_on(day, **kwargs):
    return EditionFactory(start_date=day, start_precision=DatePrecision.DAY, **kwargs)


def test_registration_past_retention_loses_personal_data(notice):
    edition = edition_on(datetime.date(2026, 5, 1))  # + 365 days < TODAY
    registration = RegistrationFactory(
        edition=edition, privacy_notice=notice, mobile="+8613812345678", needs="素食"
    )
    registration.sectors.add(SectorFactory())

    registrations_anonymize_expired(today=TODAY)

    registration.refresh_from_db()
    assert registration.anonymized_at is not None
    assert (
        registration.name,
        registration.email,
        registration.email_normalized,
        registration.mobile,
        registration.organization,
        registration.title,
        registration.needs,
    ) == ("", "", "", "", "", "", "")
    assert not registration.sectors.exists()


def test_counts_by_status_and_category_are_kept(notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    RegistrationFactory.create_batch(2, edition=edition, privacy_notice=notice)
    RegistrationFactory(
        edition=edition, privacy_notice=notice, status="waitlisted", category="investor"
    )

    def counts():
        return list(
            Registration.objects.filter(edition=edition)
            .values("status", "category")
            .annotate(n=Count("pk"))
            .order_by("status", "category")
        )

    before = counts()
    registrations_anonymize_expired(today=TODAY)

    assert counts() == before


def test_check_in_time_is_kept(notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    checked_in_at = timezone.now()
    registration = RegistrationFactory(
        edition=edition, privacy_notice=notice, checked_in_at=checked_in_at
    )

    registrations_anonymize_expired(today=TODAY)

    registration.refresh_from_db()
    assert registration.checked_in_at == checked_in_at


def test_old_ticket_link_stops_working(client, notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    registration = RegistrationFactory(edition=edition, privacy_notice=notice)
    old_url = registration.get_absolute_url()

    registrations_anonymize_expired(today=TODAY)

    registration.refresh_from_db()
    assert registration.get_absolute_url() != old_url
    assert client.get(old_url).status_code == 404


def test_registration_within_retention_is_kept(notice):
    edition = edition_on(datetime.date(2026, 7, 1))  # + 365 days > TODAY
    registration = RegistrationFactory(edition=edition, privacy_notice=notice, name="保留")

    registrations_anonymize_expired(today=TODAY)

    registration.refresh_from_db()
    assert registration.anonymized_at is None
    assert registration.name == "保留"


def test_retention_comes_from_the_accepted_notice():
    edition = edition_on(datetime.date(2026, 5, 1))
    short = RegistrationFactory(
        edition=edition, privacy_notice=PrivacyNoticeFactory(retention_days=30)
    )
    long = RegistrationFactory(
        edition=edition, privacy_notice=PrivacyNoticeFactory(retention_days=3650)
    )

    registrations_anonymize_expired(today=TODAY)

    short.refresh_from_db()
    long.refresh_from_db()
    assert short.anonymized_at is not None
    assert long.anonymized_at is None


def test_edition_without_a_date_is_never_anonymized(notice):
    edition = EditionFactory(start_date=None, start_precision="")
    registration = RegistrationFactory(edition=edition, privacy_notice=notice)

    report = registrations_anonymize_expired(today=TODAY + datetime.timedelta(days=10000))

    registration.refresh_from_db()
    assert registration.anonymized_at is None
    assert edition in report.skipped_without_date


def test_year_precision_counts_from_the_end_of_that_year():
    edition = EditionFactory(start_date=datetime.date(2026, 1, 1), start_precision="year")

    assert edition.last_day == datetime.date(2026, 12, 31)


def test_month_precision_counts_from_the_end_of_that_month():
    edition = EditionFactory(start_date=datetime.date(2026, 2, 1), start_precision="month")

    assert edition.last_day == datetime.date(2026, 2, 28)


def test_last_day_is_used_for_editions_over_several_days():
    edition = edition_on(datetime.date(2026, 5, 1), end_date=datetime.date(2026, 5, 3))

    assert edition.last_day == datetime.date(2026, 5, 3)


def test_dry_run_changes_nothing(notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    registration = RegistrationFactory(edition=edition, privacy_notice=notice)

    report = registrations_anonymize_expired(today=TODAY, dry_run=True)

    registration.refresh_from_db()
    assert report.anonymized == 1
    assert registration.anonymized_at is None


def test_second_run_touches_nothing(notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    RegistrationFactory(edition=edition, privacy_notice=notice)
    registrations_anonymize_expired(today=TODAY)

    report = registrations_anonymize_expired(today=TODAY)

    assert report.anonymized == 0


def test_same_email_may_register_again_after_anonymization(notice):
    edition = edition_on(datetime.date(2026, 5, 1))
    RegistrationFactory(edition=edition, privacy_notice=notice, email="a@example.com")
    RegistrationFactory(edition=edition, privacy_notice=notice, email="b@example.com")

    registrations_anonymize_expired(today=TODAY)

    assert Registration.objects.filter(edition=edition, anonymized_at__isnull=False).count() == 2


def test_command_prints_counts_and_no_personal_data(notice):
    edition = edition_on(datetime.date(2000, 5, 1))
    RegistrationFactory(
        edition=edition, privacy_notice=notice, name="不该出现", email="secret@example.com"
    )
    out = StringIO()

    call_command("anonymize_registrations", stdout=out)

    assert "Anonymized 1 registrations" in out.getvalue()
    assert "不该出现" not in out.getvalue()
    assert "secret@example.com" not in out.getvalue()


def test_command_logs_no_personal_data(notice, caplog):
    edition = edition_on(datetime.date(2000, 5, 1))
    RegistrationFactory(edition=edition, privacy_notice=notice, email="secret@example.com")

    with caplog.at_level("DEBUG"):
        call_command("anonymize_registrations", stdout=StringIO())

    assert "secret@example.com" not in caplog.text


def test_admin_dashboard_still_counts_anonymized_rows(admin_client, notice):
    edition = edition_on(datetime.date(2000, 5, 1))
    RegistrationFactory.create_batch(3, edition=edition, privacy_notice=notice)
    call_command("anonymize_registrations", stdout=StringIO())

    response = admin_client.get(
        reverse("admin:registrations_registration_dashboard"), headers={"accept-language": "en"}
    )

    assert "3 registrations" in response.text
