"""The edition as an event page: facts or "to be announced", map links, programme by time and
track, speakers, seats left and deadline, calendar file and feed, Event JSON-LD."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from config.common.dates import DatePrecision
from forum.enums import EditionStatus, ParticipationRole
from tests.factories import (
    AgendaItemFactory,
    EditionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    RoleFactory,
    TrackFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def _json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def _upcoming(**fields):
    defaults = {
        "number": 7,
        "year": 2026,
        "start_date": None,
        "start_precision": "",
        "venue_zh": "",
        "venue_en": "",
        "status": EditionStatus.ANNOUNCED,
    }
    defaults.update(fields)
    return EditionFactory(**defaults)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_an_edition_without_facts_says_what_is_to_be_announced(client):
    _upcoming()

    page = client.get("/zh-hans/editions/7/").content.decode()

    assert "具体日期待公布" in page
    assert page.count("待公布") >= 4  # date, venue, theme, tracks
    assert "议程确定后将在此公布" in page


def test_an_edition_without_a_day_has_no_start_date_in_json_ld_and_no_calendar_file(client):
    _upcoming(start_date=datetime.date(2026, 1, 1), start_precision=DatePrecision.YEAR)

    data = _json_ld(client.get("/en/editions/7/"))

    assert "startDate" not in data
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"]["url"].endswith("/en/")
    assert data["description"]
    assert client.get("/en/editions/7/calendar.ics").status_code == 404


def test_a_dated_edition_shows_time_venue_address_and_map_links(client):
    _upcoming(
        start_date=datetime.date(2026, 5, 9),
        start_precision=DatePrecision.DAY,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 30),
        venue_zh="上海中心",
        venue_en="Shanghai Tower",
        venue_address_en="501 Yincheng Middle Road, Pudong",
        theme_en="Youth and the city",
    )

    response = client.get("/en/editions/7/")
    page = response.content.decode()

    assert "9 May 2026</time>, 09:00–17:30" in page
    assert "501 Yincheng Middle Road, Pudong" in page
    assert "https://uri.amap.com/search?keyword=501%20Yincheng" in page
    assert "https://www.openstreetmap.org/search?query=" in page
    assert "amap.com/js" not in page  # plain links: no map script or tiles
    data = _json_ld(response)
    assert data["startDate"] == "2026-05-09T09:00:00+08:00"
    assert data["endDate"] == "2026-05-09T17:30:00+08:00"
    assert data["location"]["address"]["streetAddress"] == "501 Yincheng Middle Road, Pudong"
    assert data["location"]["address"]["addressCountry"] == "CN"


def test_a_held_edition_with_a_day_has_a_full_start_date(client):
    EditionFactory(number=6, year=2025, start_date=datetime.date(2025, 5, 10))

    data = _json_ld(client.get("/en/editions/6/"))

    assert data["startDate"] == "2025-05-10"
    assert data["endDate"] == "2025-05-10"


def test_the_programme_groups_sessions_by_time_and_orders_tracks(client):
    edition = _upcoming(start_date=datetime.date(2026, 5, 9), start_precision=DatePrecision.DAY)
    day = edition.start_date
    ai = TrackFactory(edition=edition, name_en="AI track", order=1)
    health = TrackFactory(edition=edition, name_en="Health track", order=2)
    AgendaItemFactory(
        edition=edition, track=health, title_en="Health pitch", starts_at=_at(day, 14)
    )
    AgendaItemFactory(edition=edition, track=ai, title_en="AI pitch", starts_at=_at(day, 14))
    AgendaItemFactory(edition=edition, title_en="Opening", starts_at=_at(day, 9))

    page = client.get("/en/editions/7/").content.decode()

    assert page.count('class="programme__slot"') == 2
    assert page.index("Opening") < page.index("AI pitch") < page.index("Health pitch")
    assert "All participants" in page


def test_speakers_show_with_roles_from_participations_and_programme(client):
    edition = _upcoming()
    speaker = PersonFactory(name_en="Ada Speaker")
    RoleFactory(person=speaker, title_en="Founder and CEO")
    ParticipationFactory(edition=edition, person=speaker, role=ParticipationRole.SPEAKER)
    on_stage = PersonFactory(name_en="Bo Panel")
    AgendaItemFactory(edition=edition, starts_at=_at(datetime.date(2026, 5, 9), 10)).speakers.add(
        on_stage
    )

    page = client.get("/en/editions/7/").content.decode()
    speakers = page[page.index('id="speakers-heading"') :]

    assert "Ada Speaker" in speakers
    assert "Founder and CEO" in speakers
    assert "Bo Panel" in speakers


def test_seats_left_and_the_deadline_show_while_registration_is_open(client):
    settings = RegistrationSettingsFactory(edition=_upcoming(), capacity=10)
    RegistrationFactory.create_batch(3, edition=settings.edition)

    page = client.get("/en/editions/7/").content.decode()

    assert "7 seats" in page
    assert "Registration deadline" in page
    assert settings.closes_at.astimezone().strftime("%Y") in page


def test_one_seat_left_reads_singular(client):
    settings = RegistrationSettingsFactory(edition=_upcoming(), capacity=1)

    assert "1 seat<" in client.get("/en/editions/7/").content.decode()
    assert settings.capacity == 1


def test_the_calendar_file_is_valid_icalendar_in_shanghai_time(client):
    _upcoming(
        start_date=datetime.date(2026, 5, 9),
        start_precision=DatePrecision.DAY,
        start_time=datetime.time(9, 0),
        venue_en="Shanghai Tower",
    )

    response = client.get("/en/editions/7/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["dtstart"].dt == _at(datetime.date(2026, 5, 9), 9)
    assert str(event["location"]) == "Shanghai Tower"
    assert str(event["url"]).endswith("/en/editions/7/")


def test_the_feed_lists_every_dated_published_edition_once(client):
    forum = ForumFactory()
    EditionFactory(forum=forum, number=5, year=2024, start_date=datetime.date(2024, 5, 11))
    EditionFactory(forum=forum, number=6, year=2025, start_date=datetime.date(2025, 5, 10))
    EditionFactory(forum=forum, number=4, year=2023, is_published=False)
    _upcoming(forum=forum)  # no day yet

    response = client.get("/zh-hans/editions/calendar.ics")

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert sorted(event["dtstart"].dt for event in events) == [
        datetime.date(2024, 5, 11),
        datetime.date(2025, 5, 10),
    ]
    assert len({str(event["uid"]) for event in events}) == 2
    assert "第六届" in response.content.decode()


def test_the_feed_is_valid_with_no_dated_edition(client):
    _upcoming()

    calendar = Calendar.from_ical(client.get("/en/editions/calendar.ics").content)

    assert calendar.walk("VEVENT") == []


def test_the_event_page_queries_do_not_grow_with_programme_and_speakers(client):
    edition = _upcoming(start_date=datetime.date(2026, 5, 9), start_precision=DatePrecision.DAY)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/editions/7/").status_code == 200
        return len(captured)

    one = PersonFactory()
    ParticipationFactory(edition=edition, person=one, role=ParticipationRole.SPEAKER)
    AgendaItemFactory(edition=edition, starts_at=_at(edition.start_date, 9)).speakers.add(one)
    baseline = count()
    for hour in range(10, 20):
        person = PersonFactory()
        RoleFactory(person=person)
        ParticipationFactory(edition=edition, person=person, role=ParticipationRole.SPEAKER)
        item = AgendaItemFactory(
            edition=edition,
            track=TrackFactory(edition=edition),
            starts_at=_at(edition.start_date, hour),
        )
        item.speakers.add(person)

    assert count() == baseline


def test_a_time_needs_an_exact_day():
    edition = _upcoming()
    edition.start_time = datetime.time(9, 0)

    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "start_time" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        edition.save()


def test_an_edition_cannot_end_before_it_starts():
    edition = _upcoming(start_date=datetime.date(2026, 5, 9), start_precision=DatePrecision.DAY)
    edition.start_time = datetime.time(14, 0)
    edition.end_time = datetime.time(9, 0)

    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "end_time" in error.value.message_dict
