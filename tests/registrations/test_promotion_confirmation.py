"""On an edition that asks for an e-mail confirmation, the waiting list asks for it too: a
public registrant who joins the waiting list owes the confirmation, gets the link in their
waiting-list e-mail and may confirm while they wait. Promoted later, a registrant who confirmed
is confirmed at once; one who has not gets the seat held with the link and its deadline, and
loses it to the next in line when the time is up."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from forum.registrations import promotion, seats, verification
from forum.registrations.enums import EmailKind, LogAction, RegistrationStatus
from forum.registrations.exceptions import ConfirmationExpired
from forum.registrations.models import Registration
from tests.factories import RegistrationFactory
from tests.helpers import DATABASE_QUEUE

from .helpers import CONFIRMATION_LINK as LINK
from .helpers import confirm_after_the_deadline, form_data, open_edition, register

pytestmark = pytest.mark.django_db


def held_edition(*, capacity=1, minutes=30, **kwargs):
    return open_edition(capacity=capacity, email_confirmation_minutes=minutes, **kwargs)


def link_path(message):
    return urlsplit(LINK.search(message.body).group(0)).path


def received(registration, subject_start):
    """The one e-mail sent to `registration` whose subject starts so (other e-mails sent in the
    same commit do not matter)."""
    [message] = [
        m
        for m in mail.outbox
        if m.to == [registration.email] and m.subject.startswith(subject_start)
    ]
    return message


def kinds(registration):
    return list(registration.emails.order_by("pk").values_list("kind", flat=True))


def full_edition(commit, **kwargs):
    """An edition whose one seat is confirmed, and a public registrant on its waiting list."""
    edition = held_edition(**kwargs)
    seated = RegistrationFactory(edition=edition)
    with commit():
        waiting = register(edition, language="en")
    return edition, seated, waiting


# --- Joining the waiting list -------------------------------------------------------------------


def test_the_waiting_list_e_mail_asks_for_the_confirmation(commit):
    _edition, _seated, waiting = full_edition(commit)

    assert waiting.status == RegistrationStatus.WAITLISTED
    assert waiting.must_confirm_email
    assert waiting.confirm_email_by is None
    [message] = mail.outbox
    assert message.subject.startswith("You are on the waiting list")
    assert "Please confirm your e-mail address now" in message.body
    assert LINK.search(message.body)
    assert LINK.search(message.alternatives[0].content)


def test_the_waiting_list_e_mail_in_chinese_uses_full_width_punctuation(commit):
    edition = held_edition()
    RegistrationFactory(edition=edition)
    with commit():
        register(edition, language="zh-hans")

    [message] = mail.outbox
    text = message.body.split(LINK.search(message.body).group(0))[0]
    assert "请现在确认您的邮箱" in text
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?]", message.body)


def test_without_the_setting_the_waiting_list_asks_nothing(commit):
    edition = open_edition(capacity=1)
    RegistrationFactory(edition=edition)
    with commit():
        waiting = register(edition)

    assert not waiting.must_confirm_email
    assert not LINK.search(mail.outbox[0].body)


def test_guests_of_organizers_on_the_waiting_list_owe_nothing(organizer):
    edition = held_edition()
    RegistrationFactory(edition=edition)

    guest = register(edition, by=organizer, consent_method="phone")

    assert guest.status == RegistrationStatus.WAITLISTED
    assert not guest.must_confirm_email


def test_the_database_refuses_a_held_seat_whose_e_mail_is_confirmed():
    with pytest.raises(IntegrityError):
        RegistrationFactory(
            status=RegistrationStatus.UNCONFIRMED,
            confirm_email_by=timezone.now(),
            must_confirm_email=False,
        )


# --- Confirming while waiting -------------------------------------------------------------------


def test_opening_the_waiting_list_link_only_shows_a_button(client, commit):
    _edition, _seated, waiting = full_edition(commit)

    response = client.get(link_path(mail.outbox[0]))

    waiting.refresh_from_db()
    assert response.status_code == 200
    assert "You are on the waiting list. Press the button" in response.text
    assert waiting.must_confirm_email


def test_confirming_while_waiting_keeps_the_place_and_sends_nothing(client, commit):
    _edition, _seated, waiting = full_edition(commit)
    path = link_path(mail.outbox[0])

    with commit():
        response = client.post(path, follow=True)

    waiting.refresh_from_db()
    assert response.redirect_chain[-1][0] == waiting.get_absolute_url()
    assert "You keep your place on the waiting list" in response.text
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert not waiting.must_confirm_email
    assert kinds(waiting) == [EmailKind.WAITLIST]
    entry = waiting.log_entries.get(action=LogAction.EMAIL_CONFIRMED)
    assert entry.actor_kind == "registrant"
    assert entry.data["changes"] == {"must_confirm_email": [True, False]}


def test_the_ticket_page_asks_a_waiting_registrant_to_confirm_until_they_have(client, commit):
    _edition, _seated, waiting = full_edition(commit)
    ask = "Confirm your e-mail address with the link we sent you"
    with translation.override("en"):
        ticket = waiting.get_absolute_url()

    before = client.get(ticket)
    client.post(link_path(mail.outbox[0]))
    after = client.get(ticket)

    assert ask in before.text
    assert ask not in after.text


def test_a_second_click_on_the_waiting_list_link_changes_nothing(client, commit):
    _edition, _seated, waiting = full_edition(commit)
    path = link_path(mail.outbox[0])
    client.post(path)

    response = client.post(path)

    assert response.status_code == 200
    assert "Your e-mail address is confirmed. You are on the waiting list" in response.text
    assert waiting.log_entries.filter(action=LogAction.EMAIL_CONFIRMED).count() == 1


def test_a_registrant_who_confirmed_while_waiting_is_promoted_directly(commit):
    _edition, seated, waiting = full_edition(commit)
    verification.registration_confirm_email(registration=waiting)
    mail.outbox.clear()

    with commit():
        outcome = seats.registration_cancel(registration=seated)

    waiting.refresh_from_db()
    assert outcome.promoted == waiting
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert waiting.confirm_email_by is None
    [message] = [m for m in mail.outbox if m.to == [waiting.email]]
    assert message.subject.startswith("A seat was freed and your registration is confirmed")
    assert waiting.checkin_code in message.body


# --- Promoted without having confirmed ----------------------------------------------------------


def test_a_promoted_registrant_who_has_not_confirmed_gets_the_seat_held(commit):
    _edition, seated, waiting = full_edition(commit, minutes=45)
    mail.outbox.clear()
    before = timezone.now()

    with commit():
        outcome = seats.registration_cancel(registration=seated)

    waiting.refresh_from_db()
    assert outcome.promoted == waiting
    assert waiting.status == RegistrationStatus.UNCONFIRMED
    held_for = waiting.confirm_email_by - before
    assert datetime.timedelta(minutes=44) < held_for <= datetime.timedelta(minutes=46)
    assert waiting.promoted_at is not None
    [message] = [m for m in mail.outbox if m.to == [waiting.email]]
    assert message.subject.startswith("A seat was freed for you. Confirm your e-mail address")
    assert "a seat was freed and it is held for you until" in message.body
    assert LINK.search(message.body)
    assert waiting.checkin_code not in message.body  # no ticket before the confirmation
    assert not message.attachments
    entry = waiting.log_entries.get(action=LogAction.PROMOTED)
    assert entry.data["changes"]["status"] == ["waitlisted", "unconfirmed"]


def test_the_promoted_hold_e_mail_in_chinese(commit):
    edition = held_edition()
    seated = RegistrationFactory(edition=edition)
    waiting = register(edition, language="zh-hans")

    with commit():
        seats.registration_cancel(registration=seated)

    message = received(waiting, "有空位了，请确认邮箱")
    assert "：" in message.subject
    assert "有空位了" in message.body
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?]", message.body)


def test_a_promoted_hold_queues_its_release_at_its_exact_end(settings, commit):
    settings.TASKS = DATABASE_QUEUE
    _edition, seated, waiting = full_edition(commit)

    with commit():
        seats.registration_cancel(registration=seated)

    waiting.refresh_from_db()
    runs = DBTaskResult.objects.filter(task_path=verification.run_hold_releases.module_path)
    assert waiting.confirm_email_by in {run.run_after for run in runs}


def test_the_promoted_registrant_confirms_by_the_new_link_and_gets_the_ticket(client, commit):
    _edition, seated, waiting = full_edition(commit)
    mail.outbox.clear()
    with commit():
        seats.registration_cancel(registration=seated)
    [message] = [m for m in mail.outbox if m.to == [waiting.email]]

    with commit():
        response = client.post(link_path(message))

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert not waiting.must_confirm_email
    assert mail.outbox[-1].subject.startswith("Your registration is confirmed")
    assert waiting.checkin_code in mail.outbox[-1].body


def test_the_waiting_list_link_confirms_the_seat_held_since(client, commit):
    """The waiting-list e-mail's link proves the same mailbox as the newer one."""
    _edition, seated, waiting = full_edition(commit)
    waiting_link = link_path(mail.outbox[0])
    seats.registration_cancel(registration=seated)

    response = client.post(waiting_link)

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_an_expired_promoted_hold_confirms_nothing(client, commit):
    _edition, seated, waiting = full_edition(commit, minutes=10)
    seats.registration_cancel(registration=seated)
    waiting.refresh_from_db()
    with pytest.raises(ConfirmationExpired):
        verification.registration_confirm_email(
            registration=waiting, now=waiting.confirm_email_by + datetime.timedelta(seconds=1)
        )
    response = confirm_after_the_deadline(client, waiting)

    assert response.status_code == 200
    assert "The time to confirm your e-mail address has passed" in response.text
    assert waiting.status == RegistrationStatus.UNCONFIRMED
    assert EmailKind.CONFIRMATION not in kinds(waiting)


def test_a_promoted_hold_not_confirmed_in_time_goes_to_the_next_in_line(commit):
    edition = held_edition(minutes=5)
    seated = RegistrationFactory(edition=edition)
    first = register(edition, language="en")
    second = register(edition, language="en")
    seats.registration_cancel(registration=seated)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.UNCONFIRMED
    mail.outbox.clear()
    later = first.confirm_email_by + datetime.timedelta(seconds=1)

    with commit():
        released = verification.release_expired_holds(now=later)

    first.refresh_from_db()
    second.refresh_from_db()
    assert released == 1
    assert first.status == RegistrationStatus.WAITLISTED
    assert first.must_confirm_email  # still owed: the next seat given them is held again
    assert second.status == RegistrationStatus.UNCONFIRMED
    assert second.confirm_email_by == later + datetime.timedelta(minutes=5)
    to_first = received(first, "Your seat was released")
    assert "Please confirm your e-mail address now" in to_first.body  # the link still works
    assert LINK.search(to_first.body)


def test_a_released_registrant_who_confirms_gets_the_next_seat_directly(client, commit):
    edition = held_edition(capacity=1, minutes=5)
    seated = RegistrationFactory(edition=edition)
    first = register(edition, language="en")
    seats.registration_cancel(registration=seated)
    first.refresh_from_db()
    mail.outbox.clear()
    with commit():
        verification.release_expired_holds(
            now=first.confirm_email_by + datetime.timedelta(seconds=1)
        )
    released = received(first, "Your seat was released")

    client.post(link_path(released))
    promoted = promotion.registration_fill_seats(edition=edition)

    first.refresh_from_db()
    assert promoted == [first]
    assert first.status == RegistrationStatus.CONFIRMED


# --- Organizers and settings --------------------------------------------------------------------


def test_an_organizer_promoting_by_hand_holds_the_seat_too(organizer):
    edition = held_edition(capacity=1)
    RegistrationFactory(edition=edition)
    waiting = register(edition)

    promoted = promotion.registration_promote(
        registration=waiting, allow_over_capacity=True, by=organizer
    )

    assert promoted.status == RegistrationStatus.UNCONFIRMED
    assert promoted.confirm_email_by is not None


def test_filling_seats_holds_them_for_those_who_have_not_confirmed(organizer):
    edition = held_edition(capacity=1)
    seated = RegistrationFactory(edition=edition)
    confirmed_early = register(edition)
    verification.registration_confirm_email(registration=confirmed_early)
    unconfirmed = register(edition)
    Registration.objects.filter(pk=seated.pk).update(status=RegistrationStatus.CANCELLED)
    type(edition.registration_settings).objects.filter(edition=edition).update(capacity=3)

    promoted = promotion.registration_fill_seats(edition=edition, by=organizer)

    statuses = {r.pk: r.status for r in promoted}
    assert statuses == {
        confirmed_early.pk: RegistrationStatus.CONFIRMED,
        unconfirmed.pk: RegistrationStatus.UNCONFIRMED,
    }


def test_approved_registrants_are_promoted_directly(organizer):
    edition = held_edition(capacity=1, approval_required=True)
    seated = RegistrationFactory(edition=edition)
    approved = seats.registration_approve(registration=register(edition), by=organizer)
    assert approved.status == RegistrationStatus.WAITLISTED

    outcome = seats.registration_cancel(registration=seated)

    assert outcome.promoted == approved
    assert outcome.promoted.status == RegistrationStatus.CONFIRMED


def test_once_the_edition_stops_asking_a_promoted_registrant_is_confirmed():
    edition = held_edition(capacity=1)
    seated = RegistrationFactory(edition=edition)
    waiting = register(edition)
    type(edition.registration_settings).objects.filter(edition=edition).update(
        email_confirmation_minutes=None
    )

    outcome = seats.registration_cancel(registration=seated)

    waiting.refresh_from_db()
    assert outcome.promoted == waiting
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert not waiting.must_confirm_email


def test_the_admin_lists_the_waiting_who_have_not_confirmed(client, organizer):
    edition = held_edition(capacity=1)
    RegistrationFactory(edition=edition)
    waiting = register(edition)
    confirmed = register(edition)
    verification.registration_confirm_email(registration=confirmed)
    client.force_login(organizer)
    url = reverse("admin:registrations_registration_changelist")

    response = client.get(url, {"held": "waiting"}, HTTP_ACCEPT_LANGUAGE="en")

    assert [r.pk for r in response.context["cl"].result_list] == [waiting.pk]
    assert "e-mail not confirmed yet" in response.text


# --- Through the public form --------------------------------------------------------------------


def register_url(edition):
    with translation.override("en"):
        return reverse("registration:register", kwargs={"number": edition.number})


def test_the_public_form_on_a_full_edition_asks_for_the_confirmation(client, commit):
    edition = held_edition()
    RegistrationFactory(edition=edition)

    with commit():
        response = client.post(register_url(edition), form_data(email="ann@example.com"))

    waiting = Registration.objects.get(email="ann@example.com")
    assert response.status_code == 302
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert waiting.must_confirm_email
    [message] = mail.outbox
    assert client.get(link_path(message)).status_code == 200


def test_the_form_sent_again_by_a_waiting_registrant_mails_the_link_again(client, commit):
    """Back at the form because the link got lost: the owner of the mailbox gets it again."""
    _edition, _seated, waiting = full_edition(commit)
    waiting.emails.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    mail.outbox.clear()

    with commit():
        response = client.post(register_url(waiting.edition), form_data(email=waiting.email))

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject.startswith("You are already registered")
    assert LINK.search(message.body)


def test_an_organizer_confirms_a_waiting_registrants_e_mail_by_hand(client, organizer, commit):
    _edition, _seated, waiting = full_edition(commit)
    client.force_login(organizer)
    page = reverse("admin:registrations_registration_change", args=[waiting.pk])
    action = reverse("admin:registrations_registration_action", args=[waiting.pk, "confirm_email"])

    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(action, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    waiting.refresh_from_db()
    assert action in shown.text
    assert "The e-mail address is confirmed." in response.text
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert not waiting.must_confirm_email
    assert waiting.log_entries.get(action=LogAction.EMAIL_CONFIRMED).actor_kind == "staff"


def test_the_promote_page_says_the_seat_may_be_held(client, organizer, commit):
    _edition, _seated, waiting = full_edition(commit)
    client.force_login(organizer)
    action = reverse("admin:registrations_registration_action", args=[waiting.pk, "promote"])

    shown = client.get(action, HTTP_ACCEPT_LANGUAGE="en")

    assert "the seat is held for them until they confirm it" in shown.text
