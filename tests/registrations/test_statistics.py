"""An edition's statistics page in the admin: registrations per day and per category, check-ins
per quarter hour on each list and the use of seats, each as a table beside its SVG chart (and as
CSV), in the organizer's language, for organizers only, in a fixed number of queries."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.registrations.models import Registration
from tests.factories import (
    CategoryQuotaFactory,
    CheckInFactory,
    CheckInListFactory,
    InvitationCodeFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SVG = "{http://www.w3.org/2000/svg}"
PAGE = "admin:registrations_registration_statistics"
CHART = "admin:registrations_registration_statistics_chart"
CSV = "admin:registrations_registration_statistics_csv"
DASHBOARD = "admin:registrations_registration_dashboard"


def staff_client(client, group, language="en"):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.fixture
def organizer_client(client):
    return staff_client(client, "Organizers")


def parse_svg(content):
    return ET.fromstring(content)  # noqa: S314 (the site's own drawing, not outside input)


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def registered_at(moment, **fields):
    registration = RegistrationFactory(**fields)
    Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    return registration


def window(**fields):
    """Registration open from 1 to 3 March 2026 (Beijing time)."""
    return RegistrationSettingsFactory(
        opens_at=local(2026, 3, 1, 9), closes_at=local(2026, 3, 3, 18), **fields
    )


def table(page, part):
    """{row heading: [cells]} of a table of the page, and its column headings."""
    section = page.split(f'id="statistics-{part}"', 1)[1].split("</section>", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in body.split("<tr>")[1:]:
        heading = row.split('<th scope="row">', 1)[1].split("</th>", 1)[0]
        rows[heading] = [cell.split("</td>", 1)[0] for cell in row.split("<td>")[1:]]
    head = section.split("<thead>", 1)[1].split("</thead>", 1)[0]
    columns = [cell.split("</th>", 1)[0] for cell in head.split('<th scope="col">')[1:]]
    return columns, rows


def test_registrations_are_counted_on_their_beijing_day(organizer_client):
    registration_settings = window()
    edition = registration_settings.edition
    registered_at(local(2026, 3, 1, 23, 59), edition=edition)
    registered_at(local(2026, 3, 2, 0, 1), edition=edition, status="waitlisted")
    registered_at(local(2026, 3, 2, 10), edition=edition, status="cancelled")

    response = organizer_client.get(reverse(PAGE, args=[edition.pk]))

    columns, rows = table(response.text, "days")
    assert columns == ["Date", "Confirmed", "Waiting list", "Cancelled"]
    # Midnight in Shanghai is 16:00 UTC: the two first are a day apart though 2 minutes apart.
    assert rows == {"Mar 1": ["1", "0", "0"], "Mar 2": ["0", "1", "1"], "Mar 3": ["0", "0", "0"]}


def test_days_run_over_the_window_and_stop_today_while_it_is_open(organizer_client):
    opens = timezone.localtime() - datetime.timedelta(days=2)
    registration_settings = RegistrationSettingsFactory(
        opens_at=opens, closes_at=opens + datetime.timedelta(days=30)
    )

    response = organizer_client.get(reverse(PAGE, args=[registration_settings.edition.pk]))

    per_day = response.context["statistics"].per_day
    assert len(per_day.rows) == 3
    assert per_day.totals() == [0]


def test_categories_are_counted_by_status(organizer_client):
    edition = window().edition
    RegistrationFactory.create_batch(2, edition=edition, category="investor")
    RegistrationFactory(edition=edition, category="investor", status="waitlisted")
    RegistrationFactory(edition=edition, category="media")

    response = organizer_client.get(reverse(PAGE, args=[edition.pk]))

    columns, rows = table(response.text, "categories")
    assert columns == ["Category", "Confirmed", "Waiting list"]
    assert rows["Investor"] == ["2", "1"]
    assert rows["Media"] == ["1", "0"]
    assert rows["Government"] == ["0", "0"]


def test_checkins_are_counted_per_quarter_hour_and_list(organizer_client):
    edition = window().edition
    hall = CheckInListFactory(edition=edition, is_default=True, name_en="Main hall")
    dinner = CheckInListFactory(edition=edition, name_en="Dinner")
    people = RegistrationFactory.create_batch(4, edition=edition)
    CheckInFactory(registration=people[0], checkin_list=hall, at=local(2026, 3, 4, 8, 59))
    CheckInFactory(registration=people[1], checkin_list=hall, at=local(2026, 3, 4, 9, 0))
    CheckInFactory(registration=people[2], checkin_list=hall, at=local(2026, 3, 4, 9, 14))
    CheckInFactory(registration=people[3], checkin_list=hall, at=local(2026, 3, 4, 9, 31))
    CheckInFactory(registration=people[0], checkin_list=dinner, at=local(2026, 3, 4, 9, 40))
    # Undone, and admitted twice by another device: neither stands.
    CheckInFactory(
        registration=people[1],
        checkin_list=dinner,
        at=local(2026, 3, 4, 9, 1),
        undone_at=timezone.now(),
        undo_reason="wrong person",
    )
    CheckInFactory(
        registration=people[2], checkin_list=hall, at=local(2026, 3, 4, 9, 2), duplicate=True
    )

    response = organizer_client.get(reverse(PAGE, args=[edition.pk]))

    columns, rows = table(response.text, "checkins")
    assert columns == ["Quarter hour from", "Main hall", "Dinner"]
    assert rows == {
        "08:45": ["1", "0"],
        "09:00": ["2", "0"],
        "09:15": ["0", "0"],
        "09:30": ["1", "1"],
    }


def test_seats_show_taken_held_and_free_for_each_count_of_seats(organizer_client):
    registration_settings = window(capacity=10, reserved_seats=3)
    edition = registration_settings.edition
    CategoryQuotaFactory(settings=registration_settings, category="investor", quota=4)
    code = InvitationCodeFactory(edition=edition, code="VIP", max_uses=5, seats=2)
    RegistrationFactory.create_batch(2, edition=edition, category="investor", invitation=code)
    RegistrationFactory(edition=edition, category="investor", seat="reserve")
    RegistrationFactory(edition=edition, category="investor", status="waitlisted")
    RegistrationFactory(edition=edition, category="media")
    RegistrationFactory(
        edition=edition,
        category="investor",
        status="unconfirmed",
        confirm_email_by=timezone.now() + datetime.timedelta(hours=1),
        must_confirm_email=True,
    )

    response = organizer_client.get(reverse(PAGE, args=[edition.pk]))

    columns, rows = table(response.text, "seats")
    assert columns == ["Seats counted in", "Seats", "Taken", "Held", "Free"]
    assert rows == {
        # Held for an e-mail confirmation: taken until released, but not confirmed.
        "Public capacity": ["10", "3", "1", "6"],
        "Guest reserve": ["3", "1", "0", "2"],
        # The reserve's seat counts in no quota.
        "Quota: Investor": ["4", "2", "1", "1"],
        "Invitation code VIP": ["2", "2", "0", "0"],
    }


@pytest.mark.parametrize("part", ["days", "categories", "checkins", "seats"])
def test_each_chart_is_an_svg_with_its_title_and_description(organizer_client, part):
    registration_settings = window(capacity=5)
    edition = registration_settings.edition
    registration = registered_at(local(2026, 3, 2, 12), edition=edition)
    CheckInFactory(registration=registration, at=local(2026, 3, 4, 9))

    for size in ("wide", "narrow"):
        response = organizer_client.get(reverse(CHART, args=[edition.pk, part]), {"size": size})

        assert response["Content-Type"].startswith("image/svg+xml")
        root = parse_svg(response.content)
        assert root.tag == f"{SVG}svg"
        assert root[0].tag == f"{SVG}title"
        assert root[1].tag == f"{SVG}desc"
        assert str(edition) in root[0].text
        assert b"<script" not in response.content


def test_the_page_reads_in_chinese_for_a_chinese_organizer(client):
    organizer = staff_client(client, "Organizers", language="zh-hans")
    edition = window().edition
    registered_at(local(2026, 3, 2, 12), edition=edition)

    page = organizer.get(reverse(PAGE, args=[edition.pk]))
    chart = organizer.get(reverse(CHART, args=[edition.pk, "days"]))

    columns, rows = table(page.text, "days")
    assert columns[:2] == ["日期", "已确认"]
    assert "3月2日" in rows
    title = parse_svg(chart.content)[0].text
    assert title.startswith("每日报名")
    assert "每日报名" in page.text
    assert "Registrations per day" not in page.text


def test_an_empty_edition_says_so_and_draws_no_chart(organizer_client):
    edition = RegistrationSettingsFactory(
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    ).edition

    response = organizer_client.get(reverse(PAGE, args=[edition.pk]))

    assert "No registrations and no check-ins yet for this edition" in response.text
    content = response.text.split('id="content-main"', 1)[1]
    assert content.count("Nothing to show yet.") == 3
    # The seats are all free: that one has its chart.
    assert content.count("<img") == 1
    assert "seats.svg" in content
    for part in ("days", "categories", "checkins"):
        chart = organizer_client.get(reverse(CHART, args=[edition.pk, part]))
        assert chart.status_code == 404


def test_each_table_downloads_as_csv(organizer_client):
    edition = window().edition
    registered_at(local(2026, 3, 1, 23, 59), edition=edition, category="investor")

    response = organizer_client.get(reverse(CSV, args=[edition.pk, "days"]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Confirmed"]
    assert rows[1] == ["Mar 1", "1"]


def test_the_dashboard_links_each_edition_to_its_statistics(organizer_client):
    edition = window().edition

    response = organizer_client.get(reverse(DASHBOARD))

    assert reverse(PAGE, args=[edition.pk]) in response.text


@pytest.mark.parametrize("name", [PAGE, CHART, CSV])
def test_editors_without_the_organizers_permission_are_refused(client, name):
    editor = staff_client(client, "Editors")
    edition = window().edition
    RegistrationFactory(edition=edition)
    args = [edition.pk] if name == PAGE else [edition.pk, "days"]

    assert editor.get(reverse(name, args=args)).status_code == 403


def test_an_unknown_part_is_not_found(organizer_client):
    edition = window().edition

    assert organizer_client.get(reverse(CHART, args=[edition.pk, "secrets"])).status_code == 404
    assert organizer_client.get(reverse(CSV, args=[edition.pk, "secrets"])).status_code == 404


def fill(edition, size, hall):
    codes = InvitationCodeFactory.create_batch(size, edition=edition, seats=3)
    for number in range(size):
        moment = local(2026, 3, 1 + number % 3, 10 + number % 8)
        registration = registered_at(
            moment, edition=edition, category=["investor", "media"][number % 2]
        )
        Registration.objects.filter(pk=registration.pk).update(invitation=codes[number])
        RegistrationFactory(edition=edition, status="waitlisted")
        CheckInFactory(
            registration=registration,
            checkin_list=hall,
            at=local(2026, 3, 4, 9, 0) + datetime.timedelta(minutes=7 * number),
        )


@pytest.mark.parametrize("view", [PAGE, CHART])
def test_query_count_does_not_grow_with_registrations(organizer_client, view):
    registration_settings = window(capacity=500)
    edition = registration_settings.edition
    CategoryQuotaFactory(settings=registration_settings, category="investor", quota=100)
    hall = CheckInListFactory(edition=edition, is_default=True)
    CheckInListFactory(edition=edition)
    args = [edition.pk] if view == PAGE else [edition.pk, "checkins"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = organizer_client.get(reverse(view, args=args))
        assert response.status_code == 200
        return len(captured)

    fill(edition, 1, hall)
    one = queries()
    fill(edition, 30, hall)

    assert queries() == one


def test_an_edition_without_registration_settings_still_counts_its_registrations(
    organizer_client,
):
    registration = registered_at(local(2026, 3, 2, 12))

    response = organizer_client.get(reverse(PAGE, args=[registration.edition.pk]))

    _columns, rows = table(response.text, "days")
    assert rows == {"Mar 2": ["1"]}
    assert response.context["statistics"].seats.is_empty
