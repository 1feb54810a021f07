"""The door through a network drop, in Chromium with the network switched off
(Playwright's context.set_offline): scans are decided with the copy of the list on the device, a
code seen twice on the device is flagged, the scans are sent when the network returns, a
code two devices admitted offline is recorded and reported, and a code replaced after the
registrant's address was corrected is refused, or reported when a stale copy let it in."""

import pytest
from django.contrib.auth.models import Permission

from forum.registrations import details
from forum.registrations.door_models import CheckIn
from forum.registrations.enums import EmailKind, EmailStatus, RegistrationStatus
from forum.registrations.models import RegistrationEmail
from tests.factories import EditionFactory, PrivacyNoticeFactory, RegistrationFactory, UserFactory

from .machinery import format_axe_violations, new_site_page, run_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "door-staff-password"


@pytest.fixture
def door(live_server):
    notice = PrivacyNoticeFactory()
    edition = EditionFactory()
    people = {
        "li": RegistrationFactory(
            edition=edition, privacy_notice=notice, name="Li Ming", organization="Example AI"
        ),
        "wang": RegistrationFactory(edition=edition, privacy_notice=notice, name="Wang Fang"),
        "waiting": RegistrationFactory(
            edition=edition, privacy_notice=notice, status=RegistrationStatus.WAITLISTED
        ),
    }
    user = UserFactory(is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))
    url = f"{live_server.url}/en/organizers/editions/{edition.pk}/check-in/"
    return {"edition": edition, "people": people, "user": user, "url": url}


def open_door(page, door):
    page.goto(door["url"])
    page.locator("input[name=username]").fill(door["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(door["url"])
    # The copy of the list is on the device before the network goes.
    page.wait_for_function(
        "() => document.querySelector('[data-offline=copy]').textContent.includes('3 people')"
    )


def scan(page, code):
    field = page.get_by_label("Check-in code")
    field.fill(code)
    field.press("Enter")


def result_text(page):
    return page.locator("#checkin-result").inner_text()


def test_scans_offline_flags_a_second_scan_and_syncs_when_back(door, page):
    open_door(page, door)
    li = door["people"]["li"]
    page.context.set_offline(True)

    scan(page, li.checkin_code.lower())
    page.wait_for_selector("#checkin-result.result--ok")
    assert "Checked in (offline)" in result_text(page)
    assert "Li Ming" in result_text(page)
    assert page.locator('[data-count="checked_in"]').inner_text() == "1"

    scan(page, li.checkin_code)
    page.wait_for_selector("#checkin-result.result--already_checked_in")
    assert "Already admitted on this device at" in result_text(page)

    scan(page, door["people"]["waiting"].checkin_code)
    page.wait_for_selector("#checkin-result.result--waitlisted")
    scan(page, "ZZZZ9999")
    page.wait_for_selector("#checkin-result.result--unknown_code")
    assert page.locator("#checkin-who").is_hidden()
    assert "Offline" in page.locator("#door-offline").inner_text()
    assert "Scans waiting to be sent: 1." in page.locator("#door-offline").inner_text()
    screenshot(page, "door-offline-phone")
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
    assert not CheckIn.objects.exists()  # nothing reached the server yet

    page.context.set_offline(False)

    page.wait_for_function(
        "() => document.getElementById('door-offline').textContent.includes('1 offline scans sent')"
    )
    checkin = CheckIn.objects.get()
    assert checkin.registration == li
    assert checkin.offline
    assert not checkin.duplicate
    li.refresh_from_db()
    assert li.checked_in_by == door["user"]
    assert page.console_errors == []


def test_a_code_admitted_by_two_devices_offline_is_reported(door, page, browser, live_server):
    other = new_site_page(browser, live_server.url)
    try:
        open_door(page, door)
        open_door(other, door)
        code = door["people"]["wang"].checkin_code
        for device in (page, other):
            device.context.set_offline(True)
            scan(device, code)
            device.wait_for_selector("#checkin-result.result--ok")

        page.context.set_offline(False)
        page.wait_for_function(
            "() => document.getElementById('door-offline').textContent.includes('scans sent')"
        )
        other.context.set_offline(False)

        other.wait_for_function(
            "() => document.getElementById('door-offline').textContent.includes('Admitted twice')"
        )
        assert "Wang Fang" in other.locator("#door-offline").inner_text()
        assert CheckIn.objects.active().count() == 1
        assert CheckIn.objects.duplicates().count() == 1
        other.reload()
        assert "Admitted twice (by two devices while offline)" in other.content()
    finally:
        other.context.close()


def replace_the_code_of(registration):
    """The ticket went to a mistyped mailbox; an organizer corrects the address, which replaces
    the check-in code (ticket_secrets.py). Returns the old code."""
    RegistrationEmail.objects.create(
        registration=registration, kind=EmailKind.CONFIRMATION, status=EmailStatus.SENT, attempts=1
    )
    old_code = registration.checkin_code
    registration.email = "li.ming@example.org"
    details.registration_details_save(registration=registration)
    assert registration.checkin_code != old_code
    return old_code


def test_a_replaced_code_is_refused_offline(door, page):
    old_code = replace_the_code_of(door["people"]["li"])
    open_door(page, door)
    page.context.set_offline(True)

    scan(page, old_code)

    page.wait_for_selector("#checkin-result.result--replaced_code")
    assert "Replaced code" in result_text(page)
    assert "Li Ming" in result_text(page)
    assert "Scans waiting to be sent" not in page.locator("#door-offline").inner_text()
    assert page.console_errors == []


def test_a_replaced_code_let_in_by_a_stale_copy_is_reported_at_the_sync(door, page):
    open_door(page, door)  # the copy is taken before the correction
    old_code = replace_the_code_of(door["people"]["li"])
    page.context.set_offline(True)
    scan(page, old_code)
    page.wait_for_selector("#checkin-result.result--ok")

    page.context.set_offline(False)

    page.wait_for_function(
        "() => document.getElementById('door-offline').textContent.includes('Replaced code')"
    )
    assert "Li Ming" in page.locator("#door-offline").inner_text()
    assert not CheckIn.objects.exists()
    assert page.console_errors == []
