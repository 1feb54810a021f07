import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum.demo.registration import open_demo_registration
from forum.registrations.models import PrivacyNotice, RegistrationSettings
from forum.registrations.selectors import registration_state
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_opens_registration_on_the_newest_edition_as_demo_settings():
    EditionFactory(year=2025, number=6)
    newest = EditionFactory(year=2026, number=7)
    registration_settings, created = open_demo_registration()
    assert created
    assert registration_settings.edition == newest
    assert registration_settings.is_demo
    assert registration_state(newest) == "open"


def test_window_is_sixty_days_with_capacity_and_quotas_in_the_hundreds():
    EditionFactory()
    now = timezone.now()
    registration_settings, _ = open_demo_registration(now=now)
    assert registration_settings.closes_at - registration_settings.opens_at == datetime.timedelta(
        days=60
    )
    assert registration_settings.capacity >= 100
    assert all(
        quota >= 100 for quota in registration_settings.quotas.values_list("quota", flat=True)
    )


def test_running_again_keeps_what_an_organizer_changed():
    EditionFactory()
    registration_settings, _ = open_demo_registration()
    registration_settings.capacity = 42
    registration_settings.save()
    again, created = open_demo_registration()
    assert not created
    assert again.capacity == 42
    assert RegistrationSettings.objects.count() == 1


def test_load_demo_opens_registration():
    call_command("load_demo", stdout=io.StringIO())
    registration_settings = RegistrationSettings.objects.get()
    assert registration_settings.is_demo
    assert registration_settings.edition.number == 7


def test_an_emptied_database_gets_the_privacy_notice_from_the_data_file():
    PrivacyNotice.objects.all().delete()
    EditionFactory()

    _registration_settings, created = open_demo_registration()

    notice = PrivacyNotice.objects.in_force().get()
    assert created
    assert notice.version == "2026-1"
    assert notice.retention_days == 365
    assert notice.body_zh.startswith("为什么收集：")
    assert notice.body_en.startswith("Why we collect it:")


def test_a_data_folder_without_registration_opens_none(tmp_path):
    EditionFactory()

    assert open_demo_registration(folder=tmp_path) == (None, False)
    assert not RegistrationSettings.objects.exists()
