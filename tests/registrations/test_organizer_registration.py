"""Organizers register a person themselves, from the admin: each outcome (confirmed,
waitlisted, duplicate), the guest reserve counted apart from the public capacity, consent noted
with the organizer's name, and the e-mail sent now, held, or never — the ticket link working in
every case."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum.registrations import retention, seats, selectors
from forum.registrations.enums import LogAction, RegistrationWindowState
from forum.registrations.exceptions import InvitationRequired, InvitationUsedUp, ReserveFull
from forum.registrations.models import Registration, RegistrationEmail
from tests.factories import InvitationCodeFactory, QuestionFactory, UserFactory

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

ADD = "admin:registrations_registration_add"


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="orga-wang")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def person(edition, **overrides):
    values = {
        "edition": edition.pk,
        "name": "王小明",
        "email": "wang@example.com",
        "mobile": "138-1234-5678",
        "organization": "（上海）某某科技有限公司",
        "title": "首席执行官",
        "category": "investor",
        "needs": "",
        "seat": "public",
        "consent_method": "phone",
        "consent_note": "by phone on 2 May 2026",
        "email_timing": "now",
        "language": "zh-hans",
    }
    values.update(overrides)
    return values


def test_the_add_page_opens_with_the_edition_chosen_from_the_dashboard(organizer_client):
    edition = open_edition()

    response = organizer_client.get(reverse(ADD), {"edition": edition.pk})

    assert response.status_code == 200
    assert f'<option value="{edition.pk}" selected>' in response.text


def test_an_organizer_registers_a_person_confirmed_with_consent_noted(
    organizer_client, organizer, django_capture_on_commit_callbacks
):
    edition = open_edition(capacity=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(reverse(ADD), person(edition))

    registration = Registration.objects.get(edition=edition)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:registrations_registration_change", args=[registration.pk]
    )
    assert registration.status == "confirmed"
    assert registration.seat == "public"
    assert registration.name == "王小明"
    assert registration.organization == "（上海）某某科技有限公司"
    assert registration.mobile == "+8613812345678"
    assert registration.consent_method == "phone"
    assert registration.consent_note == "by phone on 2 May 2026"
    assert registration.registered_by == organizer
    assert registration.registered_by_name == "orga-wang"
    entry = registration.log_entries.get(action=LogAction.REGISTERED_BY_STAFF)
    assert entry.actor_name == "orga-wang"
    assert entry.data["consent_method"] == "phone"
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]


def test_an_organizer_registration_waits_when_the_public_capacity_is_full(organizer_client):
    edition = open_edition(capacity=1)
    register(edition)

    response = organizer_client.post(reverse(ADD), person(edition), follow=True)

    registration = Registration.objects.get(edition=edition, email="wang@example.com")
    assert registration.status == "waitlisted"
    assert "waiting list" in response.text


def test_an_organizer_registration_respects_the_category_quota(organizer_client):
    edition = open_edition(capacity=10, quotas={"investor": 0})

    organizer_client.post(reverse(ADD), person(edition, category="investor"))

    assert Registration.objects.get(edition=edition).status == "waitlisted"


def test_a_registered_address_is_refused_with_a_link_to_its_registration(organizer_client):
    edition = open_edition()
    existing = register(edition, email="Wang@Example.com")

    response = organizer_client.post(reverse(ADD), person(edition, email="wang@example.com"))

    assert response.status_code == 200
    assert "already registered" in response.text
    assert reverse("admin:registrations_registration_change", args=[existing.pk]) in response.text
    assert Registration.objects.filter(edition=edition).count() == 1


def test_a_bad_field_is_refused_like_on_the_public_form(organizer_client):
    edition = open_edition()

    response = organizer_client.post(
        reverse(ADD), person(edition, mobile="12345", name="www.example.com")
    )

    assert response.status_code == 200
    assert "does not look like a valid mobile number" in response.text
    assert "cannot contain a web address" in response.text
    assert not Registration.objects.exists()


def test_organizers_register_outside_the_public_window(organizer_client):
    now = timezone.now()
    edition = open_edition(
        opens_at=now + datetime.timedelta(days=10), closes_at=now + datetime.timedelta(days=20)
    )

    organizer_client.post(reverse(ADD), person(edition))

    assert Registration.objects.get(edition=edition).status == "confirmed"


# --- The guest reserve ---------------------------------------------------------------------------


def test_a_reserved_seat_is_confirmed_outside_the_full_public_capacity(organizer_client):
    edition = open_edition(capacity=1, reserved_seats=2)
    register(edition)

    organizer_client.post(reverse(ADD), person(edition, seat="reserve"))

    registration = Registration.objects.get(email="wang@example.com")
    assert (registration.status, registration.seat) == ("confirmed", "reserve")


def test_a_full_reserve_refuses_and_registers_nobody(organizer_client):
    edition = open_edition(capacity=10, reserved_seats=0)

    response = organizer_client.post(reverse(ADD), person(edition, seat="reserve"))

    assert "guest reserve is full" in response.text
    assert not Registration.objects.exists()


def test_the_reserve_never_leaks_into_public_capacity():
    edition = open_edition(capacity=2, reserved_seats=3)
    by = UserFactory(is_staff=True)
    for n in range(3):
        register(edition, email=f"guest{n}@example.com", seat="reserve", by=by)
    with pytest.raises(ReserveFull):
        register(edition, email="guest4@example.com", seat="reserve", by=by)

    public = [register(edition, email=f"public{n}@example.com") for n in range(3)]

    assert [r.status for r in public] == ["confirmed", "confirmed", "waitlisted"]
    registration_settings = edition.registration_settings
    assert selectors.seats_taken(registration_settings) == 2
    assert selectors.registration_state(edition) == RegistrationWindowState.FULL


def test_a_cancelled_reserved_seat_frees_no_public_seat():
    edition = open_edition(capacity=1, reserved_seats=1)
    guest = register(edition, seat="reserve", by=UserFactory(is_staff=True))
    register(edition)
    waiting = register(edition)

    outcome = seats.registration_cancel(registration=guest)

    waiting.refresh_from_db()
    assert outcome.promoted is None
    assert waiting.status == "waitlisted"


def test_the_public_form_cannot_take_a_reserved_seat():
    edition = open_edition(reserved_seats=5)

    with pytest.raises(ValueError, match="only an organizer"):
        register(edition, seat="reserve")


def test_the_dashboard_shows_public_and_reserved_seats_apart(organizer_client):
    edition = open_edition(capacity=4, reserved_seats=3)
    register(edition)
    register(edition, seat="reserve", by=UserFactory(is_staff=True))

    response = organizer_client.get(reverse("admin:registrations_registration_dashboard"))

    assert "Public seats: 1 of 4 taken" in response.text
    assert "Guest reserve: 1 of 3 confirmed" in response.text
    assert f"{reverse(ADD)}?edition={edition.pk}" in response.text


# --- The e-mail: now, later, never ---------------------------------------------------------------


@pytest.mark.parametrize(("timing", "held"), [("later", True), ("never", False)])
def test_no_email_goes_when_the_organizer_holds_it_or_sends_none(
    organizer_client, django_capture_on_commit_callbacks, timing, held
):
    edition = open_edition()

    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(reverse(ADD), person(edition, email_timing=timing))

    registration = Registration.objects.get()
    assert mail.outbox == []
    assert not RegistrationEmail.objects.exists()
    assert registration.email_held is held
    ticket = organizer_client.get(registration.get_absolute_url())
    assert ticket.status_code == 200
    assert registration.checkin_code in ticket.text


def test_a_held_email_goes_when_resent_and_is_held_no_more(
    organizer_client, django_capture_on_commit_callbacks
):
    edition = open_edition()
    organizer_client.post(reverse(ADD), person(edition, email_timing="later"))
    registration = Registration.objects.get()
    held = reverse("admin:registrations_registration_changelist") + "?email_held__exact=1"
    assert registration.name in organizer_client.get(held).text

    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(
            reverse("admin:registrations_registration_changelist"),
            {"action": "resend_email", "_selected_action": [registration.pk]},
        )

    registration.refresh_from_db()
    assert registration.email_held is False
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]
    assert f"/ticket/{registration.token}/" in mail.outbox[0].body


def test_the_change_page_shows_the_consent_record_and_the_ticket_link(organizer_client):
    edition = open_edition()
    organizer_client.post(reverse(ADD), person(edition))
    registration = Registration.objects.get()

    response = organizer_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )

    assert "By phone" in response.text
    assert "orga-wang" in response.text
    assert registration.get_absolute_url() in response.text


def test_a_public_registration_records_its_own_consent():
    registration = register(open_edition())

    assert registration.consent_method == "form"
    assert registration.registered_by_name == ""
    assert not registration.log_entries.filter(action=LogAction.REGISTERED_BY_STAFF).exists()


def test_anonymization_clears_the_consent_note():
    edition = open_edition()
    registration = register(
        edition,
        by=UserFactory(is_staff=True),
        consent_method="phone",
        consent_note="王先生口头同意",
    )

    retention_days = registration.privacy_notice.retention_days
    report = retention.registrations_anonymize_expired(
        today=edition.last_day + datetime.timedelta(days=retention_days + 1)
    )

    registration.refresh_from_db()
    assert report.anonymized == 1
    assert registration.consent_note == ""


def test_the_registrants_own_data_export_includes_how_consent_was_obtained(organizer_client):
    edition = open_edition()
    organizer_client.post(reverse(ADD), person(edition, email_timing="never"))
    registration = Registration.objects.get()

    data = organizer_client.get(
        reverse("registration:data", kwargs={"token": registration.token})
    ).json()

    assert data["consent_method"] == "phone"
    assert data["consent_note"] == "by phone on 2 May 2026"
    assert data["seat"] == "public"
    assert "orga-wang" not in str(data)


def test_the_organizers_form_asks_the_editions_custom_questions(organizer_client):
    edition = open_edition(capacity=5)
    diet = QuestionFactory(edition=edition, label_zh="饮食", label_en="Diet", required=True)
    field = f"question_{diet.pk}"

    page = organizer_client.get(reverse(ADD), {"edition": edition.pk})
    assert "Diet" in page.text
    assert f'name="{field}"' in page.text

    refused = organizer_client.post(reverse(ADD), person(edition))
    assert refused.status_code == 200
    assert not Registration.objects.exists()
    assert field in refused.context["form"].errors

    response = organizer_client.post(reverse(ADD), {**person(edition), field: " 素食 "})
    assert response.status_code == 302
    registration = Registration.objects.get(edition=edition)
    assert [(a.question_id, a.value) for a in registration.answers.all()] == [(diet.pk, "素食")]


def test_an_organizer_registers_on_an_approval_and_invitation_only_edition(organizer):
    edition = open_edition(capacity=5)
    settings_ = edition.registration_settings
    settings_.approval_required = settings_.invitation_only = True
    settings_.save()

    organizers = register(edition, email="guest@example.com", by=organizer, consent_method="phone")
    assert organizers.status == "confirmed"
    assert organizers.invitation is None
    with pytest.raises(InvitationRequired):
        register(edition, email="public@example.com")
    code = InvitationCodeFactory(edition=edition, code="VIP-1", max_uses=1)
    public = register(edition, email="public@example.com", invitation_code="VIP-1")
    assert public.status == "pending"
    assert public.invitation == code
    with pytest.raises(InvitationUsedUp):
        register(
            edition,
            email="other@example.com",
            by=organizer,
            consent_method="phone",
            invitation_code="vip-1",
        )
