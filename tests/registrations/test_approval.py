"""Approval-required editions (issue 12): a registration waits as pending, holding no seat,
until an organizer approves it (a seat under the same lock and quota rules, or the waiting
list) or declines it, each with its e-mail."""

import functools
import time

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from forum.registrations import door, exceptions, seat_lock, seats, selectors
from forum.registrations.enums import LogAction, RegistrationStatus
from forum.registrations.models import Registration
from tests.factories import UserFactory

from .helpers import at_once, open_edition, register

pytestmark = pytest.mark.every_database


@pytest.mark.django_db
def test_a_registration_waits_pending_and_holds_no_seat(commit):
    edition = open_edition(capacity=1, approval_required=True)
    with commit():
        registration = register(edition, language="en")

    assert registration.status == RegistrationStatus.PENDING
    assert selectors.seats_taken(edition.registration_settings) == 0
    assert mail.outbox[0].subject.startswith("Registration received, awaiting approval")
    assert "QR" not in mail.outbox[0].body
    assert not mail.outbox[0].attachments


@pytest.mark.django_db
def test_approval_takes_a_seat_then_the_waiting_list_when_full(commit, organizer):
    edition = open_edition(capacity=1, approval_required=True)
    first, second = register(edition, language="en"), register(edition, language="en")

    with commit():
        seats.registration_approve(registration=first, by=organizer)
        seats.registration_approve(registration=second, by=organizer)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITLISTED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[first.email].startswith("Your registration is confirmed")
    assert subjects[second.email].startswith("You are on the waiting list")
    entry = first.log_entries.get(action=LogAction.APPROVED)
    assert entry.data == {"changes": {"status": ["pending", "confirmed"]}}


@pytest.mark.django_db
def test_approval_respects_the_category_quota(organizer):
    edition = open_edition(capacity=10, quotas={"investor": 1}, approval_required=True)
    first = register(edition, category="investor")
    second = register(edition, category="investor")

    seats.registration_approve(registration=first, by=organizer)
    approved = seats.registration_approve(registration=second, by=organizer)

    assert approved.status == RegistrationStatus.WAITLISTED


@pytest.mark.django_db
def test_decline_emails_and_only_pending_can_be_decided(commit, organizer):
    edition = open_edition(approval_required=True)
    registration = register(edition, language="en")

    with commit():
        seats.registration_decline(registration=registration, by=organizer)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.DECLINED
    assert mail.outbox[-1].subject.startswith("Your registration was not accepted")
    with pytest.raises(exceptions.NotPending):
        seats.registration_approve(registration=registration, by=organizer)
    with pytest.raises(exceptions.NotPending):
        seats.registration_decline(registration=registration, by=organizer)


@pytest.mark.django_db
def test_the_door_refuses_a_pending_registration(organizer):
    registration = register(open_edition(approval_required=True))

    with pytest.raises(door.CheckInRefused) as refused:
        door.registration_check_in(
            edition=registration.edition, code=registration.checkin_code, by=organizer
        )

    assert refused.value.code == "not_approved"


@pytest.mark.django_db
def test_the_ticket_page_says_it_awaits_approval(client):
    registration = register(open_edition(approval_required=True))

    page = client.get(registration.get_absolute_url()).content.decode()

    assert "等待主办方审核" in page
    assert reverse("registration:qr", args=[registration.token]) not in page


@pytest.mark.django_db
def test_organizers_approve_and_decline_from_the_list(client, organizer):
    client.force_login(organizer)
    edition = open_edition(capacity=5, approval_required=True)
    yes, no = register(edition), register(edition)
    changelist = reverse("admin:registrations_registration_changelist")

    client.post(changelist, {"action": "approve", "_selected_action": [yes.pk]})
    client.post(changelist, {"action": "decline", "_selected_action": [no.pk]})

    assert Registration.objects.get(pk=yes.pk).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(pk=no.pk).status == RegistrationStatus.DECLINED


@pytest.mark.django_db
def test_organizers_approve_from_the_registrations_page(client, organizer):
    client.force_login(organizer)
    registration = register(open_edition(approval_required=True))
    url = reverse("admin:registrations_registration_action", args=[registration.pk, "approve"])

    page = client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()
    client.post(url)

    assert url in page
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_the_settings_admin_keeps_approval_required(client, organizer):
    client.force_login(organizer)
    edition = open_edition()
    registration_settings = edition.registration_settings

    client.post(
        reverse("admin:registrations_registrationsettings_change", args=[registration_settings.pk]),
        {
            "edition": edition.pk,
            "opens_at_0": "2026-01-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2036-01-01",
            "closes_at_1": "00:00:00",
            "capacity": 10,
            "reserved_seats": 0,
            "approval_required": "on",
            "quotas-TOTAL_FORMS": "0",
            "quotas-INITIAL_FORMS": "0",
        },
    )

    registration_settings.refresh_from_db()
    assert registration_settings.approval_required


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_overbook(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    organizer = UserFactory(is_staff=True)  # no group: a transactional test flushed them
    original = seat_lock.seat_status

    def paused(settings, category, invitation=None):
        status = original(settings, category, invitation)
        time.sleep(0.01)
        return status

    monkeypatch.setattr(seat_lock, "seat_status", paused)
    edition = open_edition(capacity=3, approval_required=True)
    pending = [register(edition, email=f"p{n}@example.com") for n in range(16)]
    errors, _refused = at_once(
        *(
            functools.partial(seats.registration_approve, registration=registration, by=organizer)
            for registration in pending
        )
    )

    assert errors == []
    statuses = list(Registration.objects.filter(edition=edition).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 13
