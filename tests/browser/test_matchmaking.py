"""Matchmaking in Chromium: two confirmed registrants opt in from their tickets, the investor
requests a meeting, the startup accepts, the organizers schedule it, and the meeting shows on
both tickets; the participants' pages pass axe."""

import datetime
import re

import pytest
from django.utils import timezone

from forum.matchmaking import services
from forum.matchmaking.models import MatchmakingSettings, Round
from forum.models import Edition
from tests.factories import RegistrationFactory

from .machinery import format_axe_violations, run_axe, screenshot

expect = pytest.importorskip("playwright.sync_api").expect  # waits, where is_visible() does not

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_matchmaking(edition_number):
    edition = Edition.objects.get(number=edition_number)
    settings = MatchmakingSettings.objects.create(edition=edition, is_open=True, tables=4)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    Round.objects.create(
        settings=settings, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    services.slots_rebuild(settings=settings)
    return edition


def opt_in(site, page, registration, *, side, organization):
    page.goto(site.url(registration.get_absolute_url().replace("/zh-hans/", "/en/")))
    page.get_by_role("link", name="Take part in matchmaking").click()
    page.locator(f"input[name=side][value={side}]").check()
    page.locator("input[name=organization_en]").fill(organization)
    page.locator("input[name=stages][value=a]").check()
    page.locator("select[name=ticket_band]").select_option("5m_20m")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/meetings/$"))
    expect(page.get_by_text("You take part in matchmaking.")).to_be_visible()


def check_axe(page):
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)


def test_opt_in_request_accept_and_the_meeting_on_both_tickets(live_demo, page):
    edition = open_matchmaking(live_demo.content.edition_number)
    investor = RegistrationFactory(edition=edition, language="en", category="investor")
    startup = RegistrationFactory(edition=edition, language="en")

    opt_in(live_demo, page, startup, side="startup", organization="Chip Co")
    check_axe(page)
    opt_in(live_demo, page, investor, side="investor", organization="Some Capital")

    page.get_by_role("link", name="Browse startups").click()
    check_axe(page)
    card = page.locator(".profile-list li", has_text="Chip Co")
    card.get_by_label("A short note").fill("Your GPU roadmap interests us.")
    card.get_by_role("button", name="Request a meeting").click()
    expect(page.get_by_text("Your request to Chip Co is sent.")).to_be_visible()

    page.goto(live_demo.url(startup.get_absolute_url().replace("/zh-hans/", "/en/")))
    expect(page.get_by_text("1 request waits for your answer.")).to_be_visible()
    page.get_by_role("link", name="My meetings").click()
    expect(page.get_by_text("Your GPU roadmap interests us.")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Request accepted.")).to_be_visible()

    services.schedule_edition(edition=edition)  # the organizers run the scheduler

    for registration, other in ((investor, "Chip Co"), (startup, "Some Capital")):
        page.goto(live_demo.url(registration.get_absolute_url().replace("/zh-hans/", "/en/")))
        meeting = page.locator(".matchmaking-section .meeting")
        assert meeting.count() == 1
        text = meeting.inner_text()
        assert other in text
        assert "Table 1" in text
        check_axe(page)
    screenshot(page, "matchmaking-ticket-en")
    page.get_by_role("link", name="My meetings").click()
    expect(page.get_by_role("heading", name="My meetings", level=1)).to_be_visible()
    screenshot(page, "matchmaking-home-en")
    assert page.console_errors == []
