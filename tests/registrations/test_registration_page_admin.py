"""One registration's admin page (issue 12): contact fields corrected and audited, and
cancel, promote, check in and resend from the page itself, through the services."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from forum.registrations.enums import LogAction, RegistrationStatus
from forum.registrations.models import Registration, RegistrationEmail
from tests.factories import RegistrationFactory, UserFactory

from .helpers import change_form_data, open_edition, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="organizer-wu")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def change_url(registration):
    return reverse("admin:registrations_registration_change", args=[registration.pk])


def action_url(registration, action):
    return reverse("admin:registrations_registration_action", args=[registration.pk, action])


# --- Contact fields -----------------------------------------------------------------------------


def test_a_mistyped_email_is_corrected_and_logged_without_the_addresses(organizer_client):
    registration = register(open_edition(), email="li.ming@exmaple.com")

    response = organizer_client.post(
        change_url(registration), change_form_data(registration, email="Li.Ming@example.com")
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.email == "Li.Ming@example.com"
    assert registration.email_normalized == "li.ming@example.com"
    entry = registration.log_entries.get(action=LogAction.DETAILS_CHANGED)
    # The ticket e-mail was never sent (the test's transaction does not commit): only the link
    # is replaced (ticket_secrets.py), recorded without its value.
    assert entry.data == {"changes": {"email": [None, None], "token": [None, None]}}
    assert entry.actor_name == "organizer-wu"


def test_an_email_of_another_live_registration_is_refused_on_the_form(organizer_client):
    edition = open_edition()
    register(edition, email="taken@example.com")
    registration = register(edition, email="mine@example.com")

    response = organizer_client.post(
        change_url(registration), change_form_data(registration, email="TAKEN@example.com")
    )

    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    registration.refresh_from_db()
    assert registration.email == "mine@example.com"


def test_mobile_correction_is_audited(organizer_client):
    registration = register(open_edition(), mobile="+8613800138000")

    organizer_client.post(
        change_url(registration), change_form_data(registration, mobile="+8613900139000")
    )

    entry = registration.log_entries.get(action=LogAction.DETAILS_CHANGED)
    assert entry.data == {"changes": {"mobile": [None, None]}}


# --- Actions on the page ------------------------------------------------------------------------


def test_the_page_offers_the_actions_that_apply(organizer_client):
    edition = open_edition(capacity=1)
    seated = register(edition)
    waiting = register(edition)

    seated_page = organizer_client.get(change_url(seated)).content.decode()
    waiting_page = organizer_client.get(change_url(waiting)).content.decode()

    assert action_url(seated, "cancel") in seated_page
    assert action_url(seated, "check_in") in seated_page
    assert action_url(seated, "resend") in seated_page
    assert action_url(seated, "promote") not in seated_page
    assert action_url(waiting, "promote") in waiting_page
    assert action_url(waiting, "check_in") not in waiting_page


def test_cancel_asks_first_then_frees_the_seat_for_the_next(organizer_client, organizer):
    edition = open_edition(capacity=1)
    seated = register(edition)
    waiting = register(edition)

    question = organizer_client.get(action_url(seated, "cancel"))
    seated.refresh_from_db()
    assert question.status_code == 200
    assert seated.status == RegistrationStatus.CONFIRMED

    response = organizer_client.post(action_url(seated, "cancel"), follow=True)

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert "The registration is cancelled." in response.content.decode()
    assert seated.log_entries.get(action=LogAction.CANCELLED).actor == organizer


def test_an_organizer_can_cancel_a_checked_in_attendee(organizer_client):
    registration = register(open_edition())
    organizer_client.post(action_url(registration, "check_in"))

    organizer_client.post(action_url(registration, "cancel"))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_promote_refused_when_full_says_why(organizer_client):
    edition = open_edition(capacity=1)
    register(edition)
    waiting = register(edition)

    response = organizer_client.post(action_url(waiting, "promote"), follow=True)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert "No seat is free" in response.content.decode()


def test_promote_confirms_when_a_seat_is_free(organizer_client):
    edition = open_edition(capacity=1)
    seated = register(edition)
    waiting = register(edition)
    Registration.objects.filter(pk=seated.pk).update(status=RegistrationStatus.CANCELLED)

    organizer_client.post(action_url(waiting, "promote"))

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_check_in_from_the_page_is_recorded_like_the_door(organizer_client, organizer):
    registration = register(open_edition())

    organizer_client.post(action_url(registration, "check_in"))

    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == organizer
    assert registration.log_entries.filter(action=LogAction.CHECKED_IN).count() == 1


def test_resend_queues_the_email_of_the_status(
    organizer_client, django_capture_on_commit_callbacks
):
    registration = register(open_edition())
    before = RegistrationEmail.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(action_url(registration, "resend"))

    assert RegistrationEmail.objects.count() == before + 1
    assert mail.outbox[-1].to == [registration.email]


def test_an_action_that_does_not_apply_changes_nothing(organizer_client):
    registration = register(open_edition())

    response = organizer_client.post(action_url(registration, "promote"), follow=True)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "does not apply" in response.content.decode()


def test_an_unknown_action_is_404(organizer_client):
    registration = RegistrationFactory()

    assert organizer_client.get(action_url(registration, "explode")).status_code == 404


def test_check_in_needs_the_door_permission(client):
    user = UserFactory(is_staff=True)
    for codename in ("view_registration", "change_registration"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    registration = register(open_edition())

    page = client.get(change_url(registration)).content.decode()
    client.post(action_url(registration, "check_in"))

    registration.refresh_from_db()
    assert action_url(registration, "check_in") not in page
    assert registration.checked_in_at is None


def test_an_editor_cannot_act(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    registration = register(open_edition())

    response = client.post(action_url(registration, "cancel"))

    registration.refresh_from_db()
    assert response.status_code == 403
    assert registration.status == RegistrationStatus.CONFIRMED
