"""The registration log in the organizers' admin: each registration's history newest first in
the organizer's language, the whole log read-only (exports per edition), and registrations
whose history goes with them when they are deleted."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations import outbox, seats
from forum.registrations.enums import LogAction
from forum.registrations.models import Registration, RegistrationLogEntry
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    RegistrationLogEntryFactory,
    UserFactory,
)
from tests.helpers import queries_for

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registrations_registration_changelist"


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="organizer-li")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def run_action(client, action, *registrations):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


# --- The history and the log -------------------------------------------------------------------


def test_the_registration_page_shows_its_history_newest_first_in_chinese(organizer_client):
    edition = open_edition(capacity=1)
    registration = register(edition)
    staff = UserFactory(username="staff-zhao")
    earlier = timezone.now() - datetime.timedelta(hours=2)
    outbox.registration_resend_email(registration=registration, by=staff)
    RegistrationLogEntry.objects.update(created_at=earlier)
    seats.registration_cancel(registration=registration, by=staff)

    response = organizer_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )

    text = response.content.decode()
    assert "staff-zhao" in text
    cancelled, resent = text.index("已取消"), text.index("重新发送邮件")
    assert cancelled < resent
    assert "状态：已确认 → 已取消" in text


def test_the_registration_page_shows_its_history_in_english_to_an_english_organizer(
    organizer_client,
):
    registration = register(open_edition())
    seats.registration_cancel(registration=registration)
    organizer_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = organizer_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )

    text = response.content.decode()
    assert "The registrant" in text
    assert "status: Confirmed → Cancelled" in text


def test_the_log_list_shows_an_editions_exports_to_organizers(organizer_client):
    edition = EditionFactory()
    organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "xlsx"])
    )

    response = organizer_client.get(
        reverse("admin:registrations_registrationlogentry_changelist"),
        {"edition__id__exact": edition.pk},
    )

    assert response.status_code == 200
    assert [entry.action for entry in response.context["cl"].result_list] == [LogAction.EXPORTED]
    with translation.override("zh-hans"):
        assert "XLSX，0 行" in response.content.decode()


def test_the_log_cannot_be_edited_or_deleted_even_by_a_superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    entry = RegistrationLogEntryFactory()

    change = client.post(
        reverse("admin:registrations_registrationlogentry_change", args=[entry.pk]), {}
    )
    delete = client.post(
        reverse("admin:registrations_registrationlogentry_delete", args=[entry.pk]),
        {"post": "yes"},
    )

    assert (change.status_code, delete.status_code) == (403, 403)
    assert RegistrationLogEntry.objects.filter(pk=entry.pk).exists()


def test_registrations_with_a_history_can_be_deleted_together(organizer_client, organizer):
    edition = open_edition()
    first, second = register(edition), register(edition)
    seats.registration_cancel(registration=first, by=organizer)

    confirmation = run_action(organizer_client, "delete_selected", first, second)
    organizer_client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert not confirmation.context["perms_lacking"]
    assert not Registration.objects.exists()
    actions = RegistrationLogEntry.objects.values_list("action", flat=True)
    assert list(actions) == [LogAction.DELETED, LogAction.DELETED]


def test_a_registration_page_runs_as_many_queries_with_one_entry_as_with_fifty(
    organizer_client,
):
    counts = []
    for entries in (1, 50):
        registration = RegistrationFactory()
        RegistrationLogEntryFactory.create_batch(entries, registration=registration)
        url = reverse("admin:registrations_registration_change", args=[registration.pk])
        counts.append(queries_for(organizer_client, url))

    assert counts[0] == counts[1]


def test_the_log_list_runs_as_many_queries_with_one_entry_as_with_fifty(organizer_client):
    url = reverse("admin:registrations_registrationlogentry_changelist")
    RegistrationLogEntryFactory()
    one = queries_for(organizer_client, url)
    RegistrationLogEntryFactory.create_batch(49, actor_name="organizer-wu")

    assert queries_for(organizer_client, url) == one
