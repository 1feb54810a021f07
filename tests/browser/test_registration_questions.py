"""The registration form of an invitation-only edition with custom questions of every kind
(issue 12), in Chromium: axe in both languages at phone and desktop width, no sideways scroll
on a phone, and valid HTML by the Nu Html Checker."""

import pytest
from django.utils import translation

from forum.registrations.models import InvitationCode, Question
from tests.factories import PrivacyNoticeFactory, RegistrationSettingsFactory

from .machinery import (
    PHONE,
    format_axe_violations,
    horizontal_overflow,
    overflowing_elements,
    run_axe,
    screenshot,
)
from .test_html_validity import _describe, _require_checker, _vnu_messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asking_edition(live_server):
    notice = PrivacyNoticeFactory()
    registration_settings = RegistrationSettingsFactory(invitation_only=True, privacy_notice=notice)
    edition = registration_settings.edition
    InvitationCode.objects.create(edition=edition, code="VIP2026")
    for position, (kind, options, required, categories) in enumerate(
        [
            ("single_choice", "人工智能\n生命健康", True, []),
            ("multiple_choice", "融资\n出海\n人才", False, []),
            ("yes_no", "", False, []),
            ("short_text", "", True, ["investor"]),
            ("long_text", "", False, []),
        ]
    ):
        Question.objects.create(
            edition=edition,
            position=position,
            kind=kind,
            label_zh=f"问题{position}",
            label_en=f"Question {position}",
            options_zh=options,
            options_en=options.replace("人工智能", "AI").replace("生命健康", "Life sciences"),
            required=required,
            categories=categories,
        )
    return live_server.url, edition


def form_url(base, edition, language):
    return f"{base}/{language}/editions/{edition.number}/register/?code=VIP2026"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_form_with_questions_passes_axe_and_fits_a_phone(asking_edition, page, language):
    base, edition = asking_edition
    page.goto(form_url(base, edition, language))
    assert page.locator("input[name=invitation_code]").input_value() == "VIP2026"
    assert page.locator("input[name^=question_]").count() >= 7

    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)
    page.set_viewport_size(PHONE)
    screenshot(page, f"register-questions-{language}-phone")
    assert horizontal_overflow(page) == 0, overflowing_elements(page)
    violations = run_axe(page)
    assert violations == [], format_axe_violations(violations)


def test_the_form_with_questions_is_valid_html(asking_edition, page, tmp_path):
    _require_checker()
    base, edition = asking_edition
    for language in ("en", "zh-hans"):
        page.goto(form_url(base, edition, language))
        (tmp_path / f"register.{language}.html").write_text(page.content())
        # and with the errors of an empty submission shown
        page.locator("form.registration-form button[type=submit]").click()
        page.wait_for_load_state()
        (tmp_path / f"register-errors.{language}.html").write_text(page.content())
    with translation.override("en"):
        messages = _vnu_messages(tmp_path)
    errors = {name: [m for m in found if m["type"] == "error"] for name, found in messages.items()}
    assert not any(errors.values()), "\n".join(
        _describe(name, found) for name, found in errors.items() if found
    )
