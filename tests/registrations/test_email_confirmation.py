"""E-mail confirmation per edition: a public registrant's seat is held until they confirm by
the signed link (GET shows a button, POST confirms), or released by the worker's periodic job
to the waiting list, the seat going to the next in line."""

import csv
import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from config.common import periodic
from forum.registrations import seats, selectors, verification
from forum.registrations.confirmation_links import confirmation_token
from forum.registrations.enums import (
    EmailKind,
    EmailStatus,
    EmailTiming,
    LogAction,
    RegistrationStatus,
)
from forum.registrations.exports import registrations_csv
from forum.registrations.models import Registration, RegistrationEmail
from tests.factories import RegistrationFactory
from tests.helpers import DATABASE_QUEUE

from .helpers import CONFIRMATION_LINK as LINK
from .helpers import confirm_after_the_deadline, form_data, open_edition, register

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def held_edition(*, capacity=1, minutes=30, **kwargs):
    return open_edition(capacity=capacity, email_confirmation_minutes=minutes, **kwargs)


def link_path(message):
    return urlsplit(LINK.search(message.body).group(0)).path


def kinds(registration):
    return list(registration.emails.order_by("pk").values_list("kind", flat=True))


# --- Holding the seat ---------------------------------------------------------------------------


def test_without_the_setting_a_public_registrant_is_confirmed_at_once():
    edition = open_edition(capacity=1)

    registration = register(edition)

    assert edition.registration_settings.email_confirmation_minutes is None
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_public_registrant_holds_the_seat_until_the_deadline_and_gets_the_link(commit):
    edition = held_edition(minutes=90)
    before = timezone.now()
    with commit():
        registration = register(edition, language="en")

    assert registration.status == RegistrationStatus.UNCONFIRMED
    held_for = registration.confirm_email_by - before
    assert datetime.timedelta(minutes=89) < held_for <= datetime.timedelta(minutes=91)
    [message] = mail.outbox
    assert message.subject.startswith("Confirm your e-mail address to keep your seat")
    assert "A seat is held for you until" in message.body
    assert LINK.search(message.body)
    assert "Check-in code" not in message.body  # no ticket before the confirmation
    assert not message.attachments


def test_the_link_e_mail_in_chinese_uses_full_width_punctuation(commit):
    edition = held_edition()
    with commit():
        register(edition, language="zh-hans")

    [message] = mail.outbox
    assert "确认" in message.subject
    assert "：" in message.subject
    assert ": " not in message.subject
    text = message.body.split(LINK.search(message.body).group(0))[0]
    assert "，" in text
    assert "。" in text
    assert not re.search(r"[\u4e00-\u9fff][,.:;]", message.body)


def test_a_held_seat_counts_as_taken(commit):
    edition = held_edition(capacity=1)
    register(edition)

    second = register(edition)

    assert second.status == RegistrationStatus.WAITLISTED
    assert second.confirm_email_by is None
    assert selectors.seats_taken(edition.registration_settings) == 1
    counts = next(c for c in selectors.registration_dashboard() if c.edition == edition)
    assert counts.public_taken == 1
    assert counts.held == 1


def test_guests_of_organizers_and_approved_registrations_need_no_confirmation(organizer):
    edition = held_edition(capacity=5)
    guest = register(edition, by=organizer, consent_method="phone")
    approval = held_edition(capacity=5, approval_required=True)
    pending = register(approval)

    approved = seats.registration_approve(registration=pending, by=organizer)

    assert guest.status == RegistrationStatus.CONFIRMED
    assert approved.status == RegistrationStatus.CONFIRMED


def test_the_database_refuses_a_hold_without_its_deadline():
    with pytest.raises(IntegrityError):
        RegistrationFactory(status=RegistrationStatus.UNCONFIRMED, confirm_email_by=None)


# --- The link -----------------------------------------------------------------------------------


def test_opening_the_link_only_shows_a_button(client, commit):
    edition = held_edition()
    with commit():
        registration = register(edition, language="en")

    response = client.get(link_path(mail.outbox[0]))

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "Confirm my e-mail address" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert registration.status == RegistrationStatus.UNCONFIRMED


def test_pressing_the_button_confirms_and_sends_the_ticket(client, commit):
    edition = held_edition()
    with commit():
        registration = register(edition, language="en")
    path = link_path(mail.outbox[0])

    with commit():
        response = client.post(path)

    registration.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.confirm_email_by is None
    ticket = mail.outbox[1]
    assert ticket.subject.startswith("Your registration is confirmed")
    assert registration.checkin_code in ticket.body
    assert registration.log_entries.filter(action=LogAction.EMAIL_CONFIRMED).exists()


def test_a_second_click_changes_nothing_and_sends_nothing(client, commit):
    edition = held_edition()
    with commit():
        registration = register(edition, language="en")
    path = link_path(mail.outbox[0])
    with commit():
        client.post(path)

    with commit():
        response = client.post(path)

    assert response.status_code == 200
    assert "Your e-mail address is confirmed: your seat is yours." in response.text
    assert kinds(registration) == [EmailKind.CONFIRM_EMAIL, EmailKind.CONFIRMATION]


def test_a_forged_or_altered_link_is_refused(client, commit):
    edition = held_edition()
    with commit():
        registration = register(edition, language="en")
    path = link_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("registration:confirm_email", kwargs={"token": f"{registration.pk}:x:y"})
    altered = path.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))

    assert client.get(forged).status_code == 404
    assert client.post(altered).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED


def test_the_link_of_another_hold_is_refused(client):
    edition = held_edition()
    registration = register(edition)
    stale = Registration(pk=registration.pk, confirm_email_by=timezone.now())
    path = reverse("registration:confirm_email", kwargs={"token": confirmation_token(stale)})

    assert client.post(path).status_code == 404


def test_an_expired_link_confirms_nothing(client, commit):
    edition = held_edition(minutes=10)
    with commit():
        registration = register(edition, language="en")
    response = confirm_after_the_deadline(client, registration)

    assert response.status_code == 200
    assert "The time to confirm your e-mail address has passed" in response.text
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert kinds(registration) == [EmailKind.CONFIRM_EMAIL]


# --- The release --------------------------------------------------------------------------------


def test_the_release_waitlists_the_registrant_and_promotes_the_next(commit):
    edition = held_edition(capacity=1, minutes=5)
    with commit():
        held = register(edition, language="en")
        waiting = register(edition, language="zh-hans")
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(minutes=6)

    with commit():
        released = verification.release_expired_holds(now=later)

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert released == 1
    assert held.status == RegistrationStatus.WAITLISTED
    assert held.confirm_email_by is None
    # The next in line has not confirmed their address either: the seat is held for them.
    assert waiting.status == RegistrationStatus.UNCONFIRMED
    assert waiting.confirm_email_by == later + datetime.timedelta(minutes=5)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[held.email].startswith("Your seat was released")
    assert (
        "Your place on the waiting list: 1"
        in next(m for m in mail.outbox if m.to == [held.email]).body
    )
    assert subjects[waiting.email].startswith("有空位了，请确认邮箱")
    assert held.log_entries.filter(action=LogAction.HOLD_EXPIRED).exists()


def test_the_release_e_mail_in_chinese(commit):
    edition = held_edition(minutes=5)
    with commit():
        held = register(edition, language="zh-hans")
    mail.outbox.clear()

    with commit():
        verification.release_expired_holds(now=timezone.now() + datetime.timedelta(minutes=6))

    [message] = mail.outbox
    assert message.to == [held.email]
    assert "：" in message.subject
    assert "候补名单" in message.body
    assert not re.search(r"[\u4e00-\u9fff][,.:;]", message.body)


def test_a_released_registrant_does_not_get_their_own_seat_back():
    edition = held_edition(capacity=1, minutes=5)
    held = register(edition)

    verification.release_expired_holds(now=timezone.now() + datetime.timedelta(minutes=6))

    held.refresh_from_db()
    assert held.status == RegistrationStatus.WAITLISTED
    assert selectors.seats_taken(edition.registration_settings) == 0


def test_the_release_respects_the_quotas():
    edition = held_edition(capacity=10, minutes=5, quotas={"investor": 1})
    held = register(edition, category="investor")
    over_quota = register(edition, category="investor")
    other = register(edition, category="media")  # held too: a seat of its own

    verification.release_expired_holds(now=timezone.now() + datetime.timedelta(minutes=6))

    over_quota.refresh_from_db()
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.status == RegistrationStatus.WAITLISTED
    assert over_quota.status == RegistrationStatus.UNCONFIRMED  # the quota's seat was freed
    assert other.status == RegistrationStatus.WAITLISTED


def test_a_hold_still_in_time_is_not_released():
    edition = held_edition(minutes=5)
    held = register(edition)

    assert verification.release_expired_holds() == 0
    held.refresh_from_db()
    assert held.status == RegistrationStatus.UNCONFIRMED


def test_an_already_released_link_still_confirms_the_address_on_the_waiting_list(client, commit):
    edition = held_edition(minutes=5)
    with commit():
        held = register(edition, language="en")
    path = link_path(mail.outbox[0])
    verification.release_expired_holds(now=timezone.now() + datetime.timedelta(minutes=6))

    shown = client.get(path)
    pressed = client.post(path)

    held.refresh_from_db()
    assert "You are on the waiting list. Press the button" in shown.text
    assert pressed.status_code == 302
    assert held.status == RegistrationStatus.WAITLISTED
    assert not held.must_confirm_email


def test_cancelling_a_held_seat_frees_it_for_the_waiting_list():
    edition = held_edition(capacity=1)
    held = register(edition)
    waiting = register(edition)

    outcome = seats.registration_cancel(registration=held)

    assert outcome.promoted == waiting


def test_the_periodic_job_releases_what_is_due():
    edition = held_edition(minutes=5)
    held = register(edition)
    Registration.objects.filter(pk=held.pk).update(
        confirm_email_by=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert periodic.periodic_jobs()["registrations.email_holds"].call() == 1
    held.refresh_from_db()
    assert held.status == RegistrationStatus.WAITLISTED


def test_a_hold_queues_a_release_run_at_its_exact_end(settings, commit):
    settings.TASKS = DATABASE_QUEUE
    edition = held_edition(minutes=45)
    with commit():
        held = register(edition)

    runs = DBTaskResult.objects.filter(task_path=verification.run_hold_releases.module_path)
    assert held.confirm_email_by in {run.run_after for run in runs}


# --- Organizers ---------------------------------------------------------------------------------


def test_the_admin_lists_held_seats_with_their_deadline(organizer_client):
    edition = held_edition(capacity=2)
    held = register(edition)
    RegistrationFactory(edition=edition)
    url = reverse("admin:registrations_registration_changelist")

    response = organizer_client.get(url, {"held": "held"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert "held until" in response.text
    assert held.name in response.text


def test_the_admin_lists_holds_whose_time_is_up(organizer_client):
    edition = held_edition(capacity=2)
    register(edition)
    late = register(edition)
    Registration.objects.filter(pk=late.pk).update(
        confirm_email_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = reverse("admin:registrations_registration_changelist")

    response = organizer_client.get(url, {"held": "expired"})

    assert [r.pk for r in response.context["cl"].result_list] == [late.pk]


def test_an_organizer_confirms_by_hand_from_the_registration_page(organizer_client, commit):
    edition = held_edition()
    held = register(edition, language="en")
    Registration.objects.filter(pk=held.pk).update(
        confirm_email_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = reverse("admin:registrations_registration_change", args=[held.pk])
    action = reverse("admin:registrations_registration_action", args=[held.pk, "confirm_email"])

    shown = organizer_client.get(page)
    with commit():
        response = organizer_client.post(action)

    held.refresh_from_db()
    assert action in shown.text
    assert response.status_code == 302
    assert held.status == RegistrationStatus.CONFIRMED
    assert held.log_entries.get(action=LogAction.EMAIL_CONFIRMED).actor_kind == "staff"
    assert mail.outbox[-1].subject.startswith("Your registration is confirmed")


def test_the_bulk_action_refuses_what_is_not_held(organizer_client):
    edition = held_edition(capacity=3)
    held = register(edition)
    confirmed = RegistrationFactory(edition=edition)
    url = reverse("admin:registrations_registration_changelist")

    response = organizer_client.post(
        url,
        {"action": "confirm_email", "_selected_action": [held.pk, confirmed.pk]},
        follow=True,
    )

    held.refresh_from_db()
    assert held.status == RegistrationStatus.CONFIRMED
    assert "1 registration confirmed." in response.text
    assert "not awaiting an e-mail confirmation" in response.text


def test_the_dashboard_counts_held_seats_as_taken(organizer_client):
    edition = held_edition(capacity=4)
    register(edition)
    RegistrationFactory(edition=edition)

    response = organizer_client.get(reverse("admin:registrations_registration_dashboard"))

    assert "Public seats: 2 of 4 taken" in response.text
    assert "1 held until the e-mail is confirmed" in response.text


def settings_form(edition, **changes):
    return {
        "edition": edition.pk,
        "opens_at_0": "2026-01-01",
        "opens_at_1": "00:00:00",
        "closes_at_0": "2036-01-01",
        "closes_at_1": "00:00:00",
        "capacity": 10,
        "reserved_seats": 0,
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        **changes,
    }


def test_the_setting_is_saved_from_the_admin(organizer_client):
    edition = open_edition()
    registration_settings = edition.registration_settings
    url = reverse(
        "admin:registrations_registrationsettings_change", args=[registration_settings.pk]
    )

    response = organizer_client.post(url, settings_form(edition, email_confirmation_minutes=60))

    registration_settings.refresh_from_db()
    assert response.status_code == 302
    assert registration_settings.email_confirmation_minutes == 60


def test_the_admin_refuses_a_confirmation_time_of_zero(organizer_client):
    edition = open_edition()
    registration_settings = edition.registration_settings
    url = reverse(
        "admin:registrations_registrationsettings_change", args=[registration_settings.pk]
    )

    response = organizer_client.post(url, settings_form(edition, email_confirmation_minutes=0))

    registration_settings.refresh_from_db()
    assert response.status_code == 200
    assert "Give at least one minute" in response.text
    assert registration_settings.email_confirmation_minutes is None


def test_the_database_refuses_a_confirmation_time_of_zero():
    edition = open_edition()

    with pytest.raises(IntegrityError):
        type(edition.registration_settings).objects.filter(edition=edition).update(
            email_confirmation_minutes=0
        )


def test_a_held_email_timing_is_an_organizers_choice_only():
    edition = held_edition()
    with pytest.raises(ValueError, match="only an organizer"):
        register(edition, email_timing=EmailTiming.LATER)
    assert not RegistrationEmail.objects.exists()


def test_the_export_names_a_held_seat_apart_from_a_confirmed_one(english):
    edition = held_edition(capacity=2)
    held = register(edition)
    RegistrationFactory(edition=edition)

    content = registrations_csv(Registration.objects.filter(edition=edition))

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    statuses = {
        row[rows[0].index("Check-in code")]: row[rows[0].index("Status")] for row in rows[1:]
    }
    assert statuses[held.checkin_code] == "Awaiting e-mail confirmation"
    assert sorted(statuses.values()) == ["Awaiting e-mail confirmation", "Confirmed"]


def test_the_registrants_data_says_until_when_the_seat_is_held(client):
    edition = held_edition()
    held = register(edition, language="en")

    data = client.get(reverse("registration:data", kwargs={"token": held.token})).json()

    assert data["status"] == {"code": "unconfirmed", "label": "Awaiting e-mail confirmation"}
    assert data["confirm_email_by"] == timezone.localtime(held.confirm_email_by).isoformat(
        timespec="seconds"
    )
    assert data["field_names"]["confirm_email_by"] == "e-mail to be confirmed by"


def test_the_form_sent_again_by_a_held_registrant_mails_the_link_again(client, commit):
    """Back at the form because the link got lost: the owner of the mailbox gets it again,
    and the page says nothing a stranger could learn from."""
    edition = held_edition(capacity=5)
    held = register(edition, email="li.ming@example.com", language="en")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    held.emails.update(created_at=an_hour_ago, status=EmailStatus.SENT, sent_at=an_hour_ago)
    with translation.override("en"):
        url = reverse("registration:register", kwargs={"number": edition.number})

    with commit():
        response = client.post(url, form_data(email="LI.MING@example.com", mobile="138 1234 5678"))

    assert response.status_code == 302
    assert Registration.objects.count() == 1
    [message] = mail.outbox
    assert message.subject.startswith("Confirm your e-mail address to keep your seat")
    assert link_path(message) == link_path_for(held)


def link_path_for(registration):
    registration.refresh_from_db()
    with translation.override(registration.language):
        return reverse(
            "registration:confirm_email", kwargs={"token": confirmation_token(registration)}
        )
