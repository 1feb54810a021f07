"""The organizers' registration admin in Chromium (issue 12): the list fits a 1440-px screen
with long Chinese and English values, and one registration's page, with its action buttons,
passes axe."""

import pytest

from tests.factories import EditionFactory, PrivacyNoticeFactory, RegistrationFactory, UserFactory

from .machinery import (
    format_axe_violations,
    horizontal_overflow,
    overflowing_elements,
    run_axe,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "organizer-password"


@pytest.fixture
def organizer_site(live_server):
    notice = PrivacyNoticeFactory()
    edition = EditionFactory()
    people = [
        RegistrationFactory(
            edition=edition,
            privacy_notice=notice,
            name="欧阳娜娜" if n % 2 else "Alexandra Konstantinopoulou-Whitfield",
            email=f"a.very.long.mailbox.name.{n}@some-university-research-institute.example.com",
            organization="上海市某某集成电路设计与人工智能研究院有限责任公司" * (1 + n % 2),
            status="waitlisted" if n % 3 == 0 else "confirmed",
        )
        for n in range(12)
    ]
    # A superuser: a transactional test's flush took the Organizers group with it.
    user = UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return {"base": live_server.url, "user": user, "people": people}


def sign_in(page, site, path, language):
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{site['base']}{path}")
    page.locator("input[name=username]").fill(site["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site['base']}{path}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_registration_list_fits_a_1440_px_screen(organizer_site, page, language):
    sign_in(page, organizer_site, "/admin/registrations/registration/", language)

    screenshot(page, f"admin-registrations-list-{language}-desktop")
    assert horizontal_overflow(page) == 0, overflowing_elements(page)
    # Nor does the table scroll inside its own box: every column is in view.
    assert (
        page.evaluate(
            "() => { const box = document.querySelector('#changelist .results');"
            " return box.scrollWidth - box.clientWidth; }"
        )
        <= 0
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_registrations_page_with_its_actions_passes_axe(organizer_site, page, language):
    registration = organizer_site["people"][1]
    sign_in(
        page,
        organizer_site,
        f"/admin/registrations/registration/{registration.pk}/change/",
        language,
    )

    assert page.locator(".object-tools a").count() >= 3
    screenshot(page, f"admin-registration-page-{language}-desktop")
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
    page.locator(".object-tools a").first.click()
    page.wait_for_selector("form input[type=submit]")
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
