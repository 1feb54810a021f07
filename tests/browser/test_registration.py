"""Register → e-mail → ticket → cancel in Chromium, from the edition page's call to register."""

import io
import re

import pytest
import zxingcpp
from django.core import mail
from PIL import Image

from forum.registrations.enums import RegistrationStatus
from forum.registrations.models import Registration

from .machinery import format_axe_violations, run_axe

expect = pytest.importorskip("playwright.sync_api").expect  # waits, where is_visible() does not

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_form(page, *, email="li.ming@example.com", category="investor"):
    form = page.locator("form.registration-form")
    form.locator("input[name=name]").fill("Li Ming")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=mobile]").fill("138 1234 5678")
    form.locator("input[name=organization]").fill("Example Robotics")
    form.locator("input[name=title]").fill("Founder")
    form.locator(f"input[name=category][value={category}]").check()
    form.locator("input[name=consent]").check()


TICKET_PATH = re.compile(r"/[\w-]+/ticket/[\w-]{43}/")


def open_ticket_from_the_e_mail(site, page, email):
    """The page after a submission says to check the mailbox; the ticket link is in the mail
    (its host is SITE_URL's, the worker's: the path is opened on the test server)."""
    page.wait_for_url(re.compile(r"/register/sent/$"))
    sent = [message for message in mail.outbox if message.to == [email]]
    assert sent, "no e-mail was sent to the registrant"
    page.goto(site.url(TICKET_PATH.search(sent[-1].body).group(0)))


def test_register_see_ticket_and_cancel(live_demo, page):
    page.goto(live_demo.url("/en/editions/7/"))
    page.get_by_role("link", name="Register now").click()
    assert "/en/editions/7/register/" in page.url
    fill_form(page)
    page.get_by_role("button", name="Register").click()

    page.wait_for_url(re.compile(r"/register/sent/$"))
    expect(page.get_by_role("heading", name="Check your mailbox")).to_be_visible()
    open_ticket_from_the_e_mail(live_demo, page, "li.ming@example.com")
    page.wait_for_url(re.compile(r"/en/ticket/[\w-]{43}/$"))
    assert page.locator(".ticket-status").inner_text().strip() == (
        "Confirmed: your seat is reserved."
    )
    registration = Registration.objects.get()
    assert page.get_by_text(registration.checkin_code).first.is_visible()
    qr = page.get_by_role("img", name=re.compile("QR code of your check-in code"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    # What the door's scanner sees: the code as the browser drew it, read by a real decoder.
    drawn = Image.open(io.BytesIO(qr.screenshot()))
    [decoded] = zxingcpp.read_barcodes(drawn)
    assert decoded.text == Registration.objects.get(email="li.ming@example.com").checkin_code

    page.get_by_role("link", name="Cancel my registration").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.wait_for_url(re.compile(r"/en/ticket/[\w-]{43}/$"))
    assert page.locator(".ticket-status").inner_text().strip() == "Cancelled."
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert page.console_errors == []  # CSP violations would show here


def test_rejected_form_keeps_what_was_typed(live_demo, page):
    page.goto(live_demo.url("/en/editions/7/register/"))
    fill_form(page)
    page.locator("input[name=consent]").uncheck()
    page.get_by_role("button", name="Register").click()
    expect(
        page.get_by_text("Registration needs your consent to the privacy notice.")
    ).to_be_visible()
    assert page.locator("input[name=email]").input_value() == "li.ming@example.com"
    assert not Registration.objects.exists()
    violations = run_axe(page)  # the error state is accessible too
    assert violations == [], format_axe_violations(violations)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_form_and_ticket_pass_axe(live_demo, page, language):
    page.goto(live_demo.url(f"/{language}/editions/7/register/"))
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
    fill_form(page, email=f"{language}@example.com", category="media")
    page.locator("form.registration-form button[type=submit]").click()
    open_ticket_from_the_e_mail(live_demo, page, f"{language}@example.com")
    page.wait_for_url(re.compile(r"/ticket/[\w-]{43}/$"))
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
