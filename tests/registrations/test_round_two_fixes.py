"""The bugs organizers found trying registration next to pretix (issue 12, "Bugs found"):
each test here failed on the main branch before the fix."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from forum.registrations import door, exceptions, seats
from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import RegistrationEmail
from tests.factories import AgendaItemFactory, SectorFactory, UserFactory

from .helpers import form_data as registration_form_data
from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def check_in(registration):
    door.registration_check_in(
        edition=registration.edition, code=registration.checkin_code, by=UserFactory()
    )
    registration.refresh_from_db()


# --- A checked-in attendee cannot cancel -------------------------------------------------------


def test_a_checked_in_attendee_cannot_cancel_from_the_ticket_page(client):
    edition = open_edition(capacity=1)
    holder = register(edition)
    waiting = register(edition)
    check_in(holder)

    page = client.get(holder.get_absolute_url()).content.decode()
    response = client.post(reverse("registration:cancel", args=[holder.token]), follow=True)

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert reverse("registration:cancel", args=[holder.token]) not in page
    assert holder.status == RegistrationStatus.CONFIRMED
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert door.checkin_counts(edition=edition).checked_in == 1
    assert "已在入口签到" in response.content.decode()


def test_the_service_refuses_the_registrant_but_not_an_organizer_after_check_in():
    holder = register(open_edition())
    check_in(holder)

    with pytest.raises(exceptions.AlreadyCheckedIn):
        seats.registration_cancel(registration=holder)
    outcome = seats.registration_cancel(registration=holder, by=UserFactory(is_staff=True))

    assert outcome.cancelled.status == RegistrationStatus.CANCELLED


# --- Links in e-mails lead to the address the site is served on ---------------------------------


def form_data(**overrides):
    return registration_form_data(**{"mobile": "138 1234 5678", **overrides})


def test_email_links_use_the_host_the_registration_came_through(client, commit, settings):
    settings.ALLOWED_HOSTS = ["forum.test"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    edition = open_edition()
    with translation.override("zh-hans"):
        url = reverse("registration:register", kwargs={"number": edition.number})

    with commit():
        response = client.post(url, form_data(), HTTP_HOST="forum.test:8765")

    assert response.status_code == 302
    [message] = mail.outbox
    assert "http://forum.test:8765/zh-hans/ticket/" in message.body
    assert "127.0.0.1:8000" not in message.body


def test_email_written_outside_a_request_uses_site_url(commit, settings):
    settings.SITE_URL = "https://forum.example"
    with commit():
        register(open_edition())

    assert "https://forum.example/zh-hans/ticket/" in mail.outbox[0].body
    assert RegistrationEmail.objects.get().site_url == "https://forum.example"


def test_scripts_serve_sets_site_url_to_the_address_it_serves():
    script = (Path(__file__).resolve().parents[2] / "scripts" / "serve").read_text()

    assert re.search(r'export SITE_URL="\$\{SITE_URL:-http://\$ADDRESS\}"', script)
    assert script.index("export SITE_URL") < script.index("runserver")


# --- The date, the calendar file ---------------------------------------------------------------


def test_without_an_exact_date_the_email_says_the_date_will_follow(commit):
    edition = open_edition(edition__start_date=None, edition__start_precision="")
    with commit():
        registration = register(edition, language="en")

    message = mail.outbox[0]
    assert "to be announced" in message.body
    assert "add the event to your calendar (the calendar file is also attached)" not in message.body
    assert not [a for a in message.attachments if getattr(a, "mimetype", "") == "text/calendar"]
    url = reverse("registration:calendar", args=[registration.token])
    assert url  # the ticket page offers no calendar either (views test)


def test_with_an_exact_date_the_email_carries_the_calendar_file(commit):
    edition = open_edition()
    with commit():
        register(edition, language="en")

    message = mail.outbox[0]
    calendars = [a for a in message.attachments if getattr(a, "mimetype", "") == "text/calendar"]
    assert len(calendars) == 1
    assert b"BEGIN:VEVENT" in calendars[0].content.encode()
    assert "the calendar file is also attached" in message.body


# --- The e-mails' words --------------------------------------------------------------------------


def test_confirmation_has_date_time_venue_and_qr(commit):
    edition = open_edition()
    edition.refresh_from_db()
    AgendaItemFactory(
        edition=edition,
        starts_at=datetime.datetime(edition.year, 5, 10, 1, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(edition.year, 5, 10, 9, 0, tzinfo=datetime.UTC),
    )
    with commit():
        register(edition, language="en")

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert f"Date: 10 May {edition.year}" in message.body
    assert "Time: 09:30–17:00" in message.body
    assert "Venue: Shanghai Tower" in message.body
    assert 'src="cid:checkin-qr@youth50"' in html
    images = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    assert images[0].get_content_type() == "image/png"
    assert images[0]["Content-ID"] == "<checkin-qr@youth50>"


def test_waitlist_email_gives_the_position_and_promises_no_qr(commit):
    edition = open_edition(capacity=0)
    register(edition, category="investor")
    with commit():
        second = register(edition, language="en", category="investor")

    [message] = [m for m in mail.outbox if m.to == [second.email]]
    assert "number 2 in line" in message.body
    assert "Your place on the waiting list: 2" in message.body
    assert "QR" not in message.body
    assert "QR" not in message.alternatives[0][0]
    assert not message.attachments


def test_promotion_subject_has_one_colon(commit):
    edition = open_edition(capacity=1)
    holder = register(edition, language="en")
    waiting = register(edition, language="en")
    with commit():
        seats.registration_cancel(registration=holder)

    [subject] = [
        m.subject for m in mail.outbox if m.to == [waiting.email] and "seat was freed" in m.subject
    ]
    assert subject.count(":") == 1


def test_chinese_emails_use_full_width_colons(commit):
    with commit():
        register(open_edition(), language="zh-hans")

    body = mail.outbox[0].body
    assert "届次：" in body
    assert not re.search(r"[\u4e00-\u9fff]: ", body)


# --- The waiting-list position is within the category ------------------------------------------


def test_waiting_list_position_counts_the_persons_category_only(client, commit):
    edition = open_edition(capacity=0)
    register(edition, category="entrepreneur")
    register(edition, category="entrepreneur")
    with commit():
        investor = register(edition, category="investor", language="en")

    with translation.override("en"):
        page = client.get(investor.get_absolute_url()).content.decode()
    assert "position 1)" in page
    assert "number 1 in line" in mail.outbox[-1].body


# --- The registrant's data download -------------------------------------------------------------


def test_data_download_is_readable_in_the_registrants_language(client):
    edition = open_edition()
    registration = register(
        edition,
        language="en",
        category="investor",
        sectors=[SectorFactory(name_zh="集成电路", name_en="Integrated circuits", slug="ic")],
    )

    data = json.loads(client.get(reverse("registration:data", args=[registration.token])).content)

    assert data["category"] == {"code": "investor", "label": "Investor"}
    assert data["status"] == {"code": "confirmed", "label": "Confirmed"}
    assert data["sectors_of_interest"] == [{"code": "ic", "label": "Integrated circuits"}]
    assert "集成电路" not in json.dumps(data, ensure_ascii=False)
    assert "edition" in data["edition"] or "Forum" in data["edition"]
    assert data["field_names"]["category"] == "category"
    moment = datetime.datetime.fromisoformat(data["registered_at"])
    assert moment.microsecond == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", data["registered_at"])
    assert abs(moment - timezone.now()) < datetime.timedelta(minutes=1)


def test_data_download_in_chinese_for_a_chinese_registrant(client):
    registration = register(open_edition(), language="zh-hans", category="investor")

    data = json.loads(client.get(reverse("registration:data", args=[registration.token])).content)

    assert data["category"] == {"code": "investor", "label": "投资人"}
    assert data["field_names"]["category"] == "参会身份"
