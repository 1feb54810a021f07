"""An organizer corrects the e-mail address of a registrant who still owes the e-mail
confirmation (details.registration_details_save, through the admin's registration page): the
link goes to the corrected address, the link sent to the old one confirms nothing any more, and
a held seat's time restarts from the correction unless more of it is left. A registrant who owes
nothing is sent nothing new."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum.registrations import verification
from forum.registrations.enums import EmailKind, LogAction, RegistrationStatus
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory

from .helpers import CONFIRMATION_LINK, change_form_data, open_edition, register

pytestmark = pytest.mark.django_db

WRONG = "li.ming@exmaple.com"
RIGHT = "li.ming@example.com"


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def correct(organizer_client, registration, email):
    """The organizer saves the registration's page with `email`; the registration read again."""
    response = organizer_client.post(
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        change_form_data(registration, email=email),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    registration.refresh_from_db()
    return registration


def held(commit, *, minutes=30):
    """A public registrant, registered with a mistyped address, whose seat is held."""
    edition = open_edition(capacity=1, email_confirmation_minutes=minutes)
    with commit():
        registration = register(edition, email=WRONG, language="en")
    assert registration.status == RegistrationStatus.UNCONFIRMED
    return registration


def waiting(commit):
    """A public registrant, registered with a mistyped address, on the waiting list."""
    edition = open_edition(capacity=1, email_confirmation_minutes=30)
    RegistrationFactory(edition=edition)
    with commit():
        registration = register(edition, email=WRONG, language="en")
    assert registration.status == RegistrationStatus.WAITLISTED
    return registration


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def link_path(message):
    return urlsplit(CONFIRMATION_LINK.search(message.body).group(0)).path


def test_the_corrected_address_of_a_held_seat_gets_the_link(organizer_client, commit):
    registration = held(commit)
    mail.outbox.clear()

    with commit():
        correct(organizer_client, registration, RIGHT)

    [message] = sent_to(RIGHT)
    assert message.subject.startswith("Confirm your corrected e-mail address")
    assert "The organizers corrected your e-mail address" in message.body
    assert CONFIRMATION_LINK.search(message.body)
    assert CONFIRMATION_LINK.search(message.alternatives[0].content)
    assert not sent_to(WRONG)
    assert registration.must_confirm_email
    assert registration.status == RegistrationStatus.UNCONFIRMED


def test_the_new_link_confirms_and_the_old_one_no_longer_works(client, organizer_client, commit):
    registration = held(commit)
    [old] = sent_to(WRONG)
    with commit():
        correct(organizer_client, registration, RIGHT)
    [new] = sent_to(RIGHT)

    assert client.get(link_path(old)).status_code == 404
    assert client.post(link_path(old)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED

    with commit():
        client.post(link_path(new))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert not registration.must_confirm_email


def test_a_waiting_registrants_corrected_address_gets_the_waiting_list_link(
    client, organizer_client, commit
):
    registration = waiting(commit)
    [old] = sent_to(WRONG)

    with commit():
        correct(organizer_client, registration, RIGHT)

    [new] = sent_to(RIGHT)
    assert "Please confirm your e-mail address now" in new.body
    assert "Your place on the waiting list: 1" in new.body
    assert client.post(link_path(old)).status_code == 404
    client.post(link_path(new))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert not registration.must_confirm_email


def test_a_deadline_near_its_end_restarts_from_the_correction(organizer_client, commit):
    registration = held(commit, minutes=30)
    near = timezone.now() + datetime.timedelta(minutes=2)
    Registration.objects.filter(pk=registration.pk).update(confirm_email_by=near)

    before = timezone.now()
    with commit():
        correct(organizer_client, registration, RIGHT)

    assert registration.confirm_email_by >= before + datetime.timedelta(minutes=30)
    entry = registration.log_entries.get(action=LogAction.DETAILS_CHANGED)
    assert entry.data["changes"]["confirm_email_by"] == [
        near.isoformat(),
        registration.confirm_email_by.isoformat(),
    ]
    [message] = sent_to(RIGHT)
    assert "A seat is held for you until" in message.body


def test_the_restarted_hold_is_released_at_its_new_end(organizer_client, commit):
    registration = held(commit, minutes=30)
    near = timezone.now() + datetime.timedelta(minutes=2)
    Registration.objects.filter(pk=registration.pk).update(confirm_email_by=near)
    with commit():
        correct(organizer_client, registration, RIGHT)

    assert verification.release_expired_holds(now=near + datetime.timedelta(seconds=1)) == 0
    released = verification.release_expired_holds(
        now=registration.confirm_email_by + datetime.timedelta(seconds=1)
    )
    assert released == 1


def test_a_deadline_with_more_time_left_than_a_new_hold_is_kept(organizer_client, commit):
    registration = held(commit, minutes=30)
    later = timezone.now() + datetime.timedelta(hours=2)
    Registration.objects.filter(pk=registration.pk).update(confirm_email_by=later)

    with commit():
        correct(organizer_client, registration, RIGHT)

    assert registration.confirm_email_by == later
    entry = registration.log_entries.get(action=LogAction.DETAILS_CHANGED)
    assert "confirm_email_by" not in entry.data["changes"]


def test_a_registrant_who_owes_no_confirmation_gets_no_link_but_their_ticket(
    organizer_client, commit
):
    """The ticket e-mail with its new secrets (ticket_secrets.py), and no confirmation link."""
    with commit():
        registration = register(open_edition(capacity=5), email=WRONG)
    assert not registration.must_confirm_email
    mail.outbox.clear()

    with commit():
        correct(organizer_client, registration, RIGHT)

    [message] = mail.outbox
    assert message.to == [RIGHT]
    assert not CONFIRMATION_LINK.search(message.body)
    assert list(registration.emails.values_list("kind", flat=True)) == [
        EmailKind.CONFIRMATION,
        EmailKind.CONFIRMATION,  # sent on registering, to the mistyped address
    ]
    assert registration.email == RIGHT


def test_a_correction_that_keeps_the_mailbox_sends_nothing(organizer_client, commit):
    registration = held(commit)
    mail.outbox.clear()

    with commit():
        correct(organizer_client, registration, WRONG.upper())

    assert mail.outbox == []
    assert registration.email == WRONG.upper()
    assert not registration.emails.filter(kind=EmailKind.NEW_ADDRESS).exists()


def test_the_corrected_address_e_mail_in_chinese(organizer_client, commit):
    edition = open_edition(capacity=1, email_confirmation_minutes=30)
    with commit():
        registration = register(edition, email=WRONG, language="zh-hans")

    with commit():
        correct(organizer_client, registration, RIGHT)

    [message] = sent_to(RIGHT)
    text = message.body.split(CONFIRMATION_LINK.search(message.body).group(0))[0]
    assert "主办方已将您的邮箱更正为本邮箱" in text
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?()]", text)


def test_the_organizer_is_told_a_new_link_went_out(organizer_client, commit):
    registration = held(commit)

    with commit():
        correct(organizer_client, registration, RIGHT)

    page = organizer_client.get(reverse("admin:registrations_registration_changelist"))
    shown = [str(message) for message in page.context["messages"]]
    assert f"A new e-mail confirmation link was sent to {RIGHT}." in shown


def test_the_organizer_is_told_of_no_link_when_none_was_owed(organizer_client, commit):
    with commit():
        registration = register(open_edition(capacity=5), email=WRONG)

    with commit():
        correct(organizer_client, registration, RIGHT)

    page = organizer_client.get(reverse("admin:registrations_registration_changelist"))
    assert not [m for m in page.context["messages"] if "confirmation link" in str(m)]
