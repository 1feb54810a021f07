"""An organizer corrects a registrant's mistyped e-mail address in the admin: the secrets that
went to the mistyped mailbox stop working (ticket_secrets.py, through
details.registration_details_save). The old ticket link answers 404; the old check-in code,
when it had gone there, is refused at the door and by the door devices as replaced; the ticket
with the new ones goes to the corrected address; the log says what was replaced, never the
secrets."""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations.door import default_checkin_list
from forum.registrations.enums import EmailKind, LogAction, RegistrationStatus
from forum.registrations.models import CheckIn, Registration, RetiredCheckInCode
from forum.registrations.tasks import drain_registration_emails
from tests.factories import RegistrationFactory, UserFactory

from .helpers import change_form_data, open_edition, register

pytestmark = pytest.mark.django_db

WRONG = "wang.fang@exmaple.com"
RIGHT = "wang.fang@example.com"
TICKET_LINK = re.compile(r"https?://\S+/ticket/[^/\s\"]+/")


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def door_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    return user


def correct(client, registration, **changes):
    """The organizer saves the registration's page with `changes`; the registration read again
    and the response followed to the page the admin shows next."""
    response = client.post(
        reverse("admin:registrations_registration_change", args=[registration.pk]),
        change_form_data(registration, **changes),
        follow=True,
    )
    assert response.redirect_chain, response.context["adminform"].form.errors
    registration.refresh_from_db()
    return response


def confirmed_with_ticket_sent(commit):
    """A registrant confirmed at once, whose ticket e-mail (link, code, QR) went to the
    mistyped mailbox."""
    with commit():
        registration = register(open_edition(capacity=5), email=WRONG, language="en")
    assert registration.status == RegistrationStatus.CONFIRMED
    return registration


def code_replaced(organizer_client, commit):
    """A registrant whose ticket went to the mistyped mailbox, after an organizer corrected
    the address: (the registration, its check-in code before the correction)."""
    registration = confirmed_with_ticket_sent(commit)
    old_code = registration.checkin_code
    with commit():
        correct(organizer_client, registration, email=RIGHT)
    return registration, old_code


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def ticket_path(message):
    return urlsplit(TICKET_LINK.search(message.body).group(0)).path


def messages_shown(response):
    return [str(message) for message in response.context["messages"]]


def scan_at_the_door(client, user, registration, code, *, language="en"):
    client.force_login(user)
    with translation.override(language):
        url = reverse("checkin:page", kwargs={"edition_id": registration.edition_id})
    response = client.post(
        url,
        {"code": code},
        headers={"accept": "application/json"},
    )
    return response.json()["result"]


# --- The ticket link --------------------------------------------------------------------------


def test_the_ticket_link_sent_to_the_mistyped_address_answers_404(client, organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)
    old = ticket_path(sent_to(WRONG)[0])
    assert client.get(old).status_code == 200

    with commit():
        correct(organizer_client, registration, email=RIGHT)

    client.logout()
    for path in (old, f"{old}qr.svg", f"{old}calendar.ics", f"{old}my-data.json"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{old}cancel/").status_code == 404
    assert client.post(f"{old}delete/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    [new] = sent_to(RIGHT)
    assert client.get(ticket_path(new)).status_code == 200


def test_the_corrected_address_gets_the_ticket_with_the_new_code(organizer_client, commit):
    registration, old_code = code_replaced(organizer_client, commit)

    [message] = sent_to(RIGHT)
    assert message.subject.startswith("Your registration is confirmed")
    assert registration.checkin_code != old_code
    assert registration.checkin_code in message.body
    assert old_code not in message.body
    assert any(part.get_content_type() == "image/png" for part in message.attachments)
    assert len(sent_to(WRONG)) == 1  # the first ticket only


# --- The door ---------------------------------------------------------------------------------


def test_the_old_code_is_refused_at_the_door_as_replaced(
    client, organizer_client, door_user, commit
):
    registration, old_code = code_replaced(organizer_client, commit)

    refused = scan_at_the_door(client, door_user, registration, old_code)

    assert refused["code"] == "replaced_code"
    assert refused["ok"] is False
    assert refused["message"].startswith("Replaced code:")
    assert refused["name"] == registration.name  # whose it was: check who stands there
    assert not CheckIn.objects.exists()
    admitted = scan_at_the_door(client, door_user, registration, registration.checkin_code)
    assert admitted["code"] == "ok"


def test_a_replaced_code_never_counts_as_an_unknown_one(
    client, organizer_client, door_user, commit, settings
):
    settings.CHECKIN_UNKNOWN_CODE_LIMIT = "2/10m"
    registration, old_code = code_replaced(organizer_client, commit)

    outcomes = {
        scan_at_the_door(client, door_user, registration, old_code)["code"] for _ in range(4)
    }

    assert outcomes == {"replaced_code"}


def test_the_door_devices_copy_carries_the_replaced_code(
    client, organizer_client, door_user, commit
):
    registration, old_code = code_replaced(organizer_client, commit)
    main = default_checkin_list(registration.edition)

    client.force_login(door_user)
    copy = client.get(
        reverse(
            "checkin:offline_list",
            kwargs={"edition_id": registration.edition_id, "list_id": main.pk},
        )
    ).json()

    assert [person["code"] for person in copy["people"]] == [registration.checkin_code]
    assert copy["replaced"] == [
        {"code": old_code, "name": registration.name, "organization": registration.organization}
    ]


@pytest.mark.parametrize("replaced", [1, 30])
def test_the_copy_reads_the_replaced_codes_in_one_query(
    client, door_user, replaced, django_assert_num_queries
):
    registration = RegistrationFactory()
    for number in range(replaced):
        RetiredCheckInCode.objects.create(
            edition=registration.edition,
            registration=registration,
            code=f"OLD{number}",
            retired_at=timezone.now(),
        )
    main = default_checkin_list(registration.edition)
    client.force_login(door_user)
    url = reverse(
        "checkin:offline_list", kwargs={"edition_id": registration.edition_id, "list_id": main.pk}
    )

    with django_assert_num_queries(8):
        copy = client.get(url).json()
    assert len(copy["replaced"]) == replaced


def upload(client, registration, scans):
    main = default_checkin_list(registration.edition)
    response = client.post(
        reverse(
            "checkin:offline_sync",
            kwargs={"edition_id": registration.edition_id, "list_id": main.pk},
        ),
        json.dumps({"device": "d-1", "scans": scans}),
        content_type="application/json",
    )
    return [result["outcome"] for result in response.json()["results"]]


def test_an_offline_scan_of_the_old_code_after_the_correction_admits_nobody(
    client, organizer_client, door_user, commit
):
    registration, old_code = code_replaced(organizer_client, commit)

    client.force_login(door_user)
    later = timezone.now().isoformat()
    outcomes = upload(client, registration, [{"code": old_code, "at": later, "nonce": "n-1"}])

    assert outcomes == ["replaced_code"]
    assert not CheckIn.objects.exists()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_an_offline_scan_made_before_the_correction_is_an_admission(
    client, organizer_client, door_user, commit
):
    """The device scanned the code while it was still the registrant's, and synced after."""
    registration = confirmed_with_ticket_sent(commit)
    old_code = registration.checkin_code
    scanned_at = timezone.now()
    with commit():
        correct(organizer_client, registration, email=RIGHT)

    client.force_login(door_user)
    scans = [{"code": old_code, "at": scanned_at.isoformat(), "nonce": "n-1"}]

    assert upload(client, registration, scans) == ["admitted"]
    registration.refresh_from_db()
    assert abs((registration.checked_in_at - scanned_at).total_seconds()) < 1


# --- What is replaced, when -------------------------------------------------------------------


def test_a_ticket_not_sent_yet_keeps_its_code_and_goes_to_the_corrected_address(
    organizer_client, commit
):
    """Registered, but its e-mail still queued: nothing reached the mistyped mailbox. The
    link is replaced all the same (it is cheap, and nobody has it); the code, maybe printed on
    a badge already, stays."""
    registration = register(open_edition(capacity=5), email=WRONG, language="en")
    code, token = registration.checkin_code, registration.token

    with commit():
        response = correct(organizer_client, registration, email=RIGHT)
    drain_registration_emails.call()

    assert registration.checkin_code == code
    assert registration.token != token
    [message] = mail.outbox
    assert message.to == [RIGHT]
    assert list(registration.emails.values_list("kind", flat=True)) == [EmailKind.CONFIRMATION]
    assert not registration.retired_checkin_codes.exists()
    shown = messages_shown(response)
    assert not [text for text in shown if "check-in code" in text]


def test_a_held_ticket_e_mail_stays_held(organizer_client, commit):
    registration = RegistrationFactory(email=WRONG, email_held=True)
    code, token = registration.checkin_code, registration.token

    with commit():
        correct(organizer_client, registration, email=RIGHT)

    assert registration.token != token
    assert registration.checkin_code == code
    assert registration.email_held
    assert mail.outbox == []


def test_a_waiting_registrant_gets_the_waiting_list_e_mail_and_keeps_the_code(
    client, organizer_client, commit
):
    edition = open_edition(capacity=1)
    RegistrationFactory(edition=edition)
    with commit():
        registration = register(edition, email=WRONG, language="en")
    assert registration.status == RegistrationStatus.WAITLISTED
    code = registration.checkin_code
    old = ticket_path(sent_to(WRONG)[0])

    with commit():
        response = correct(organizer_client, registration, email=RIGHT)

    assert registration.checkin_code == code  # never shown to a registrant without a seat
    [message] = sent_to(RIGHT)
    assert message.subject.startswith("You are on the waiting list")
    assert client.get(old).status_code == 404
    assert "The e-mail “Waiting list”, with the new ticket link, was sent to " + RIGHT + "." in (
        messages_shown(response)
    )


def test_a_second_correction_before_anything_was_sent_keeps_the_code(organizer_client, commit):
    """The ticket with the new code is still queued when the organizer corrects the address
    once more: the new code has gone nowhere yet."""
    registration = confirmed_with_ticket_sent(commit)
    correct(organizer_client, registration, email="wang.fang@example.org")  # queued, not sent
    code = registration.checkin_code

    with commit():
        correct(organizer_client, registration, email=RIGHT)

    assert registration.checkin_code == code
    assert registration.retired_checkin_codes.count() == 1


def test_saving_without_changing_the_mailbox_replaces_nothing(organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)
    code, token = registration.checkin_code, registration.token
    mail.outbox.clear()

    with commit():
        response = correct(organizer_client, registration, name="王芳芳", email=WRONG.upper())

    assert (registration.checkin_code, registration.token) == (code, token)
    assert mail.outbox == []
    assert not registration.retired_checkin_codes.exists()
    assert not [text for text in messages_shown(response) if "ticket" in text]


def test_a_cancelled_registration_gets_a_new_link_and_no_e_mail(organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    code, token = registration.checkin_code, registration.token
    mail.outbox.clear()

    with commit():
        correct(organizer_client, registration, email=RIGHT)

    assert registration.token != token
    assert registration.checkin_code == code  # a cancelled registration admits nobody anyway
    assert mail.outbox == []


# --- The log and the organizer ----------------------------------------------------------------


def test_the_log_says_the_secrets_were_replaced_never_what_they_are(organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)
    old = (registration.token, registration.checkin_code)

    with commit():
        correct(organizer_client, registration, email=RIGHT)

    entry = registration.log_entries.get(action=LogAction.DETAILS_CHANGED)
    assert entry.data["changes"]["token"] == [None, None]
    assert entry.data["changes"]["checkin_code"] == [None, None]
    assert entry.data["kind"] == EmailKind.CONFIRMATION
    recorded = json.dumps(entry.data)
    for secret in (*old, registration.token, registration.checkin_code):
        assert secret not in recorded
    page = organizer_client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )
    text = page.content.decode()
    assert "ticket token changed (values not kept)" in text
    assert "check-in code changed (values not kept)" in text
    assert "e-mail sent to the corrected address: Confirmation" in text


def test_the_organizer_is_told_what_was_replaced_and_sent(organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)

    with commit():
        response = correct(organizer_client, registration, email=RIGHT)

    shown = messages_shown(response)
    assert "The ticket has a new link: a link sent to the former address no longer works." in shown
    assert (
        "The check-in code sent to the former address was replaced: the door refuses it. A "
        "badge printed before carries the old code: print it again." in shown
    )
    assert f"The ticket, with its new link and check-in code, was sent to {RIGHT}." in shown


def test_the_organizer_is_told_in_chinese(organizer_client, commit):
    registration = confirmed_with_ticket_sent(commit)
    organizer_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    with commit():
        response = correct(organizer_client, registration, email=RIGHT)

    shown = " ".join(messages_shown(response))
    assert "签到码" in shown
    assert RIGHT in shown
    assert "ticket" not in shown
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?()]", shown)


def test_the_door_message_in_chinese(client, organizer_client, door_user, commit):
    registration, old_code = code_replaced(organizer_client, commit)

    refused = scan_at_the_door(client, door_user, registration, old_code, language="zh-hans")

    assert refused["code"] == "replaced_code"
    assert "Replaced" not in refused["message"]
    assert not re.search(r"[\u4e00-\u9fff][,.:;!?()]", refused["message"])


def test_a_replaced_code_of_an_anonymized_registration_is_unknown(
    client, organizer_client, door_user, commit
):
    registration, old_code = code_replaced(organizer_client, commit)
    Registration.objects.filter(pk=registration.pk).update(
        anonymized_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert scan_at_the_door(client, door_user, registration, old_code)["code"] == "unknown_code"
