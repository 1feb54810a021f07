import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum.registrations.demo import open_demo_registration
from forum.registrations.models import RegistrationSettings
from forum.registrations.selectors import registration_state
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_opens_registration_on_the_newest_edition_as_demo_settings():
    EditionFactory(year=2025, number=6)
    newest = EditionFactory(year=2026, number=7)
    settings, created = open_demo_registration()
    assert created
    assert settings.edition == newest
    assert settings.is_demo
    assert registration_state(newest) == "open"


def test_window_is_sixty_days_with_capacity_and_quotas_in_the_hundreds():
    EditionFactory()
    now = timezone.now()
    settings, _ = open_demo_registration(now=now)
    assert settings.closes_at - settings.opens_at == datetime.timedelta(days=60)
    assert settings.capacity >= 100
    assert all(quota >= 100 for quota in settings.quotas.values_list("quota", flat=True))


def test_running_again_keeps_what_an_organizer_changed():
    EditionFactory()
    settings, _ = open_demo_registration()
    settings.capacity = 42
    settings.save()
    again, created = open_demo_registration()
    assert not created
    assert again.capacity == 42
    assert RegistrationSettings.objects.count() == 1


def test_load_demo_opens_registration():
    call_command("load_demo", stdout=io.StringIO())
    settings = RegistrationSettings.objects.get()
    assert settings.is_demo
    assert settings.edition.number == 7
