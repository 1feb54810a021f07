"""An edition's statistics page in Chromium: in both languages, at 1440 px and on a 375-px phone,
it passes axe, its charts load as images (the narrow drawing on the phone) and nothing but the
tables' own boxes scrolls sideways."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CheckInFactory,
    CheckInListFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    UserFactory,
)

from .machinery import (
    PHONE,
    format_axe_violations,
    horizontal_overflow,
    new_site_page,
    overflowing_elements,
    run_axe,
    screenshot,
)
from .test_registration_admin import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def statistics_site(live_server):
    notice = PrivacyNoticeFactory()
    opens = timezone.now() - datetime.timedelta(days=6)
    registration_settings = RegistrationSettingsFactory(
        opens_at=opens, closes_at=opens + datetime.timedelta(days=30), capacity=40
    )
    edition = registration_settings.edition
    hall = CheckInListFactory(edition=edition, is_default=True, name_en="Main hall")
    statuses = ["confirmed", "confirmed", "waitlisted", "cancelled"]
    categories = ["entrepreneur", "investor", "researcher", "media"]
    for number in range(16):
        registration = RegistrationFactory(
            edition=edition,
            privacy_notice=notice,
            status=statuses[number % 4],
            category=categories[number % 3],
        )
        if registration.status == "confirmed":
            CheckInFactory(
                registration=registration,
                checkin_list=hall,
                at=timezone.now() - datetime.timedelta(minutes=9 * number),
            )
    user = UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return {
        "base": live_server.url,
        "user": user,
        "path": f"/admin/registrations/registration/statistics/{edition.pk}/",
    }


def charts_loaded(page):
    """How many of the page's chart images loaded, and the width they were drawn at."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.statistics-chart img')]"
        ".map(img => [img.complete && img.naturalWidth > 0, img.currentSrc])"
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_statistics_page_passes_axe_at_1440_px(statistics_site, page, language):
    sign_in(page, statistics_site, statistics_site["path"], language)

    charts = charts_loaded(page)
    screenshot(page, f"admin-statistics-{language}-desktop")
    assert len(charts) == 4
    assert all(loaded for loaded, _src in charts)
    assert horizontal_overflow(page) == 0, overflowing_elements(page)
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_statistics_page_reads_on_a_phone(statistics_site, browser, language):
    phone = new_site_page(browser, statistics_site["base"], viewport=PHONE)
    try:
        sign_in(phone, statistics_site, statistics_site["path"], language)

        charts = charts_loaded(phone)
        screenshot(phone, f"admin-statistics-{language}-phone")
        assert all(loaded and "size=narrow" in src for loaded, src in charts)
        assert horizontal_overflow(phone) == 0, overflowing_elements(phone)
        violations = run_axe(phone)
        assert violations == [], format_axe_violations(violations)
    finally:
        phone.context.close()
