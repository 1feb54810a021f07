"""The organizers' door and message pages, and the registrant's opt-out page, in Chromium and
the Nu Html Checker: axe-core (WCAG 2.2 AA) at phone and desktop width, no sideways scroll at
375 px, no console error (CSP), valid HTML; in both languages. The unknown-code answer shows a
sentence and no empty labels; the message page follows a send to its delivery counts."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from forum.registrations import messaging
from tests.factories import (
    CheckInListFactory,
    EditionFactory,
    MessageFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    UserFactory,
)

from .machinery import (
    DESKTOP,
    LANGUAGES,
    PHONE,
    format_axe_violations,
    horizontal_overflow,
    run_axe,
    screenshot,
)
from .test_html_validity import _describe, _require_checker, _vnu_messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "organizer-password"
PAGES = [
    "door",
    "door_search",
    "door_list",
    "badges",
    "badge",
    "messages",
    "compose",
    "draft",
    "sent",
    "opt_out",
]


@pytest.fixture
def staff_site():
    """An edition with registrants, a second check-in list, a draft and a sent message, and an
    organizer."""
    notice = PrivacyNoticeFactory()
    edition = EditionFactory()
    people = [
        RegistrationFactory(
            edition=edition, privacy_notice=notice, name="Li Ming", organization="Example AI"
        ),
        RegistrationFactory(
            edition=edition,
            privacy_notice=notice,
            name="Li Hua",
            language="en",
            mobile="+8613800138000",
        ),
    ]
    dinner = CheckInListFactory(edition=edition, name_zh="晚宴", name_en="Dinner")
    draft = MessageFactory(edition=edition)
    sent = messaging.message_send(message=MessageFactory(edition=edition))
    user = UserFactory(is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    # The Organizers group's rights on these pages (a transactional test flushed the group).
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["check_in_registration", "send_message", "view_registrationemail"]
        )
    )
    return {
        "edition": edition,
        "people": people,
        "dinner": dinner,
        "draft": draft,
        "sent": sent,
        "user": user,
    }


def path_of(site, name, language):
    edition = site["edition"].pk
    with override(language):
        paths = {
            "door": reverse("checkin:page", kwargs={"edition_id": edition}),
            "door_search": reverse("checkin:page", kwargs={"edition_id": edition}) + "?q=Li",
            "door_list": reverse(
                "checkin:list_page", kwargs={"edition_id": edition, "list_id": site["dinner"].pk}
            ),
            "badges": reverse("checkin:badges", kwargs={"edition_id": edition}),
            "badge": reverse(
                "checkin:badge",
                kwargs={"edition_id": edition, "registration_id": site["people"][1].pk},
            ),
            "messages": reverse("registrant_messages:list"),
            "compose": reverse("registrant_messages:new"),
            "draft": reverse("registrant_messages:detail", args=[site["draft"].pk]),
            "sent": reverse("registrant_messages:detail", args=[site["sent"].pk]),
            "opt_out": reverse(
                "registration:messages_opt_out", kwargs={"token": site["people"][0].token}
            ),
        }
    return paths[name]


def sign_in(page, base, user):
    page.goto(base + reverse("admin:login"))
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_staff_page_passes_axe_at_both_widths(staff_site, live_server, page, name, language):
    sign_in(page, live_server.url, staff_site["user"])
    page.goto(live_server.url + path_of(staff_site, name, language))

    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = run_axe(page)
        assert violations == [], format_axe_violations(violations)
    assert horizontal_overflow(page) == 0
    screenshot(page, f"staff-{name}-{language}-phone")
    assert page.console_errors == []


def test_unknown_code_shows_a_sentence_and_no_labels(staff_site, live_server, page):
    sign_in(page, live_server.url, staff_site["user"])
    page.goto(live_server.url + path_of(staff_site, "door", "en"))

    field = page.get_by_label("Check-in code")
    field.fill("ZZZZ9999")
    field.press("Enter")

    page.wait_for_selector("#checkin-result.result--unknown_code")
    assert "find the person by name" in page.locator("#checkin-result").inner_text()
    assert page.locator("#checkin-who").is_hidden()
    assert page.locator("#checkin-undo").is_hidden()
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)


def test_found_person_is_checked_in_then_undone(staff_site, live_server, page):
    sign_in(page, live_server.url, staff_site["user"])
    page.goto(live_server.url + path_of(staff_site, "door", "en"))

    page.get_by_label("Name, organization or phone number").fill("0013800")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Check in Li Hua").click()
    page.wait_for_selector("#checkin-result.result--ok")
    page.get_by_label("Undo this check-in: reason").fill("wrong person")
    page.get_by_role("button", name="Undo check-in").click()

    page.wait_for_selector(".door__message--success")
    assert "Li Hua" in page.locator(".door__message--success").inner_text()
    assert page.locator('[data-count="checked_in"]').inner_text() == "0"


def test_staff_pages_are_valid_html(staff_site, tmp_path):
    _require_checker()
    client = Client()
    client.force_login(staff_site["user"])
    statuses = {}
    for name in PAGES:
        for language in LANGUAGES:
            response = client.get(path_of(staff_site, name, language))
            file_name = f"{name}.{language}.html"
            (tmp_path / file_name).write_bytes(response.content)
            statuses[file_name] = response.status_code
    # The door's answer to a scan and to an unknown code, as the page renders them.
    for code, file_name in ((staff_site["people"][0].checkin_code, "scan-ok"), ("ZZZZ", "unknown")):
        response = client.post(path_of(staff_site, "door", "en"), {"code": code})
        (tmp_path / f"{file_name}.en.html").write_bytes(response.content)
        statuses[f"{file_name}.en.html"] = response.status_code

    messages = _vnu_messages(tmp_path)

    assert set(statuses.values()) == {200}
    errors = {
        name: [m for m in found if m["type"] in {"error", "non-document-error"}]
        for name, found in messages.items()
    }
    assert all(not found for found in errors.values()), "\n".join(
        _describe(name, found) for name, found in errors.items() if found
    )
