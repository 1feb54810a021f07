"""Door check-in in Chromium: sign in, scan (type the code and press Enter, as a USB scanner
does), see the answer in large type and the live counts, and print badges."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from forum.registrations.enums import RegistrationStatus
from tests.factories import (
    EditionFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    UserFactory,
)

from .machinery import PHONE, format_axe_violations, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "door-staff-password"


@pytest.fixture
def door(live_server):
    """An edition with three registrations and a staff member allowed to check people in."""
    notice = PrivacyNoticeFactory()  # the migration's notice may have been flushed away
    edition = EditionFactory()
    people = {
        "confirmed": RegistrationFactory(
            edition=edition, privacy_notice=notice, name="Li Ming", organization="Example AI"
        ),
        "other": RegistrationFactory(edition=edition, privacy_notice=notice),
        "waitlisted": RegistrationFactory(
            edition=edition, privacy_notice=notice, status=RegistrationStatus.WAITLISTED
        ),
        "cancelled": RegistrationFactory(
            edition=edition,
            privacy_notice=notice,
            status=RegistrationStatus.CANCELLED,
            cancelled_at=timezone.now(),
        ),
    }
    user = UserFactory(is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    return {"edition": edition, "people": people, "user": user, "base": live_server.url}


def sign_in_to_door(page, door):
    url = f"{door['base']}/en/organizers/editions/{door['edition'].pk}/check-in/"
    page.goto(url)
    assert "/admin/login/" in page.url  # not signed in yet: the login page, not the list
    page.locator("input[name=username]").fill(door["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(url)


def scan(page, code):
    field = page.get_by_label("Check-in code")
    field.fill(code)
    field.press("Enter")


def result(page):
    return page.locator("#checkin-result")


def test_scan_checks_in_once_and_then_shows_the_time(door, page):
    sign_in_to_door(page, door)
    person = door["people"]["confirmed"]

    scan(page, person.checkin_code.lower())

    page.wait_for_selector("#checkin-result.result--ok")
    assert "Checked in" in result(page).inner_text()
    assert "Li Ming" in result(page).inner_text()
    assert "Example AI" in result(page).inner_text()
    assert page.locator('[data-count="checked_in"]').inner_text() == "1"
    assert page.locator('[data-count="confirmed"]').inner_text() == "2"
    assert page.get_by_label("Check-in code").input_value() == ""  # ready for the next scan

    scan(page, person.checkin_code)

    page.wait_for_selector("#checkin-result.result--already_checked_in")
    page.set_viewport_size(PHONE)
    screenshot(page, "checkin-already-checked-in-phone")
    assert re.search(r"Already checked in at \d\d:\d\d", result(page).inner_text())
    assert page.locator('[data-count="checked_in"]').inner_text() == "1"
    person.refresh_from_db()
    assert person.checked_in_by == door["user"]
    assert page.console_errors == []  # no CSP violation, no script error


@pytest.mark.parametrize(
    ("who", "state", "text"),
    [
        ("waitlisted", "waitlisted", "On the waiting list"),
        ("cancelled", "cancelled", "Registration cancelled"),
        (None, "unknown_code", "Unknown code: no registration of this edition has it"),
    ],
)
def test_refused_scans_are_shown_in_their_colour(door, page, who, state, text):
    sign_in_to_door(page, door)
    code = door["people"][who].checkin_code if who else "ZZZZ9999"

    scan(page, code)

    page.wait_for_selector(f"#checkin-result.result--{state}")
    assert text in result(page).inner_text()
    assert page.locator('[data-count="checked_in"]').inner_text() == "0"


def test_door_page_passes_axe(door, page):
    sign_in_to_door(page, door)
    scan(page, door["people"]["confirmed"].checkin_code)
    page.wait_for_selector("#checkin-result.result--ok")

    violations = run_axe(page)

    assert violations == [], format_axe_violations(violations)


def test_badges_print_one_a6_page_per_confirmed_attendee(door, page):
    sign_in_to_door(page, door)
    page.goto(f"{door['base']}/en/organizers/editions/{door['edition'].pk}/badges/")

    assert page.locator("article.badge").count() == 2
    screenshot(page, "checkin-badges-desktop")
    assert page.locator("article.badge img.badge__qr").first.evaluate(
        "img => img.complete && img.naturalWidth > 0"
    )
    pdf = page.pdf(prefer_css_page_size=True)
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 2
    width, height = (
        float(v) for v in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups()
    )
    assert (round(width), round(height)) == (298, 420)  # A6 in points: 105 × 148 mm
