"""Fixtures the registration tests share."""

import pytest
from django.contrib.auth.models import Group

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
