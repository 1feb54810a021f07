"""Fixtures the registration tests share."""

import time

import pytest
from django.contrib.auth.models import Group
from django.db.models import QuerySet

from forum.registrations import seat_lock
from forum.registrations.models import Registration, RegistrationSettings
from tests.factories import UserFactory


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what the block queued for after the commit, as production would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def organizer():
    """A member of the Organizers group (the permissions the migrations give it)."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def slow_writes(monkeypatch):
    """Widen the window between reading a registration and writing it (the race tests)."""
    original = Registration.save

    def paused(self, *args, **kwargs):
        time.sleep(0.03)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Registration, "save", paused)


@pytest.fixture
def without_locks(monkeypatch):
    """The race tests' negative control: neither the edition's lock nor any row lock is taken."""

    def unlocked(edition_id):
        return RegistrationSettings.objects.get(edition_id=edition_id)

    monkeypatch.setattr(seat_lock, "lock_registration_settings", unlocked)
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)
