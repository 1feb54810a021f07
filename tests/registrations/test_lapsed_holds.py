"""A seat held for an e-mail confirmation that lapses sends its registrant to the back of their
category's waiting list (verification.hold_release): the seats freed later go to those who were
behind them, the registrant keeps their registration and their link, and is told their new
place in their language."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import translation

from forum.registrations import promotion, seats, verification
from forum.registrations.enums import LogAction, RegistrationStatus
from forum.registrations.selectors import waitlist_position
from tests.factories import RegistrationFactory

from .helpers import CONFIRMATION_LINK, open_edition, register

pytestmark = pytest.mark.django_db

RELEASED = {"en": "Your seat was released", "zh-hans": "为您保留的座位已释放"}


def line_with_a_lapse(commit, *, capacity=2, waiting=3, language="en"):
    """`capacity` seats confirmed and `waiting` public registrants in line, who have not
    confirmed their address; a seat freed for the first is held, and lapses. Returns the
    edition, the confirmed registrants and the waiting ones (the first is the lapsed one)."""
    edition = open_edition(capacity=capacity, email_confirmation_minutes=5)
    seated = [RegistrationFactory(edition=edition) for _ in range(capacity)]
    line = [register(edition, language=language) for _ in range(waiting)]
    seats.registration_cancel(registration=seated[0])
    lapsed = line[0]
    lapsed.refresh_from_db()
    assert lapsed.status == RegistrationStatus.UNCONFIRMED
    mail.outbox.clear()
    with commit():
        verification.release_expired_holds(
            now=lapsed.confirm_email_by + datetime.timedelta(seconds=1)
        )
    for registration in line:
        registration.refresh_from_db()
    return edition, seated, line


def release_e_mail(registration):
    """The e-mail of the release (the e-mails owed before go out in the same drain)."""
    [message] = [
        m
        for m in mail.outbox
        if m.to == [registration.email] and m.subject.startswith(RELEASED[registration.language])
    ]
    return message


def test_the_lapsed_registrant_goes_to_the_back_of_the_line(commit):
    _edition, _seated, (lapsed, second, third) = line_with_a_lapse(commit)

    assert lapsed.status == RegistrationStatus.WAITLISTED
    assert lapsed.must_confirm_email
    assert second.status == RegistrationStatus.UNCONFIRMED  # the seat went to the next in line
    assert waitlist_position(third) == 1
    assert waitlist_position(lapsed) == 2


def test_the_next_freed_seat_goes_to_the_next_person_not_back_to_the_lapsed_one(commit):
    _edition, seated, (lapsed, _second, third) = line_with_a_lapse(commit)

    seats.registration_cancel(registration=seated[1])

    lapsed.refresh_from_db()
    third.refresh_from_db()
    assert third.status == RegistrationStatus.UNCONFIRMED
    assert lapsed.status == RegistrationStatus.WAITLISTED


def test_filling_seats_serves_those_ahead_of_the_lapsed_registrant_first(commit, organizer):
    edition, _seated, (lapsed, _second, third) = line_with_a_lapse(commit)
    edition.registration_settings.capacity = 3
    edition.registration_settings.save()

    promoted = promotion.registration_fill_seats(edition=edition, by=organizer)

    assert promoted == [third]
    lapsed.refresh_from_db()
    assert lapsed.status == RegistrationStatus.WAITLISTED


def test_the_lapsed_registrant_is_served_again_when_their_turn_comes(commit):
    _edition, seated, (lapsed, _second, third) = line_with_a_lapse(commit)
    seats.registration_cancel(registration=seated[1])  # third's turn
    seats.registration_cancel(registration=third)  # and now the lapsed registrant's

    lapsed.refresh_from_db()
    assert lapsed.status == RegistrationStatus.UNCONFIRMED


def test_a_lapsed_registrant_who_confirms_waits_like_anyone_else(client, commit):
    _edition, seated, (lapsed, _second, third) = line_with_a_lapse(commit)
    link = CONFIRMATION_LINK.search(release_e_mail(lapsed).body).group(0)

    client.post(urlsplit(link).path)
    seats.registration_cancel(registration=seated[1])

    lapsed.refresh_from_db()
    third.refresh_from_db()
    assert not lapsed.must_confirm_email
    assert lapsed.status == RegistrationStatus.WAITLISTED
    assert third.status == RegistrationStatus.UNCONFIRMED
    seats.registration_cancel(registration=third)
    lapsed.refresh_from_db()
    assert lapsed.status == RegistrationStatus.CONFIRMED  # confirmed: the seat is theirs at once


def test_the_back_of_the_line_is_the_lapsed_registrants_category(commit):
    edition = open_edition(capacity=1, email_confirmation_minutes=5)
    seated = RegistrationFactory(edition=edition)
    lapsing = register(edition, language="en")
    next_in_line = register(edition)
    investor = register(edition, category="investor")
    last = register(edition)
    seats.registration_cancel(registration=seated)
    lapsing.refresh_from_db()
    with commit():
        verification.release_expired_holds(
            now=lapsing.confirm_email_by + datetime.timedelta(seconds=1)
        )

    for registration in (lapsing, next_in_line, investor, last):
        registration.refresh_from_db()
    assert next_in_line.status == RegistrationStatus.UNCONFIRMED
    assert waitlist_position(last) == 1
    assert waitlist_position(lapsing) == 2
    assert waitlist_position(investor) == 1


def test_the_release_is_logged_with_the_new_place_in_line(commit):
    _edition, _seated, (lapsed, _second, _third) = line_with_a_lapse(commit)

    entry = lapsed.log_entries.get(action=LogAction.HOLD_EXPIRED)

    before, after = entry.data["changes"]["in_line_since"]
    assert after == lapsed.in_line_since.isoformat() == entry.created_at.isoformat()
    assert before < after
    with translation.override("en"):
        summary = entry.summary()
    assert any(part.startswith("in line since: ") and "T" not in part for part in summary)


def test_the_release_e_mail_says_the_registrant_is_at_the_back_with_their_place(commit):
    _edition, _seated, (lapsed, _second, _third) = line_with_a_lapse(commit)

    message = release_e_mail(lapsed)

    assert message.subject.startswith("Your seat was released")
    assert "now at the back of the waiting list (place 2)" in message.body
    assert "now at the back of the waiting list (place 2)" in message.alternatives[0].content
    assert CONFIRMATION_LINK.search(message.body)  # they may still confirm


def test_the_release_e_mail_in_chinese(commit):
    _edition, _seated, (lapsed, _second, _third) = line_with_a_lapse(commit, language="zh-hans")

    message = release_e_mail(lapsed)

    text = message.body.split(CONFIRMATION_LINK.search(message.body).group(0))[0]
    assert "候补名单末尾（第 2 位）" in text
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?()]", text)


def test_the_ticket_page_shows_the_recounted_place(client, commit):
    _edition, _seated, (lapsed, _second, _third) = line_with_a_lapse(commit)
    with translation.override("en"):
        ticket = lapsed.get_absolute_url()

    response = client.get(ticket)

    assert "On the waiting list (position 2)" in response.text


def test_the_admin_fill_seats_action_passes_over_the_lapsed_registrant(client, organizer, commit):
    edition, _seated, (lapsed, _second, third) = line_with_a_lapse(commit)
    registration_settings = edition.registration_settings
    registration_settings.capacity = 3
    registration_settings.save()
    client.force_login(organizer)

    response = client.post(
        reverse("admin:registrations_registrationsettings_changelist"),
        {"action": "fill_seats", ACTION_CHECKBOX_NAME: [registration_settings.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    lapsed.refresh_from_db()
    third.refresh_from_db()
    assert "1 registrant promoted from the waiting list" in response.text
    assert third.status == RegistrationStatus.UNCONFIRMED
    assert lapsed.status == RegistrationStatus.WAITLISTED


def test_the_registration_page_shows_when_the_registrant_went_to_the_back(
    client, organizer, commit
):
    _edition, _seated, (lapsed, _second, _third) = line_with_a_lapse(commit)
    client.force_login(organizer)

    response = client.get(
        reverse("admin:registrations_registration_change", args=[lapsed.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "In line since" in response.text
    assert "when a seat held for them lapsed unconfirmed" in response.text
