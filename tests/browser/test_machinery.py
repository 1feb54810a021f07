"""The checks the page tests rely on do catch what they look for (on pages made up here), so a
green run of the page tests means something."""

import pytest

from .machinery import (
    PHONE,
    controls_without_visible_focus,
    focus_indicator,
    focus_is_visible,
    format_axe_violations,
    horizontal_overflow,
    run_axe,
    unmarked_chinese,
)

pytestmark = pytest.mark.browser

GOOD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Good</title></head>
<body><main><h1>Fine</h1><p>Black on white.</p><a href="#x">A link</a></main></body></html>"""


def test_axe_passes_a_clean_page(page):
    page.set_content(GOOD_PAGE)

    assert run_axe(page) == []


def test_axe_reports_an_image_without_alt_text(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        "</main></body></html>"
    )

    assert [violation["id"] for violation in run_axe(page)] == ["image-alt"]


def test_axe_reports_poor_contrast_with_the_selector_to_fix(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<p class="faint" style="color:#bbb;background:#fff">Hard to read</p></main></body></html>'
    )

    report = format_axe_violations(run_axe(page))

    assert "color-contrast" in report
    assert 'class="faint"' in report


def test_overflow_measure_sees_an_element_wider_than_a_phone(page):
    page.set_viewport_size(PHONE)
    page.set_content('<div style="width:600px">wide</div>')

    assert horizontal_overflow(page) > 0


def test_focus_check_sees_a_removed_outline(page):
    page.set_content('<a href="#x" style="outline:none">no ring</a><a href="#y">ring</a>')
    page.keyboard.press("Tab")
    hidden = focus_indicator(page)
    page.keyboard.press("Tab")
    shown = focus_indicator(page)

    assert (focus_is_visible(hidden), focus_is_visible(shown)) == (False, True)


def test_requests_to_other_hosts_are_blocked_and_listed(page):
    page.set_content('<img src="https://cdn.example.com/logo.png" alt="logo" width="1" height="1">')
    page.wait_for_load_state()

    assert page.blocked_requests == ["https://cdn.example.com/logo.png"]


def test_language_check_finds_chinese_left_unmarked_on_an_english_page(page):
    page.set_content(
        '<html lang="en"><body><p>MetaX (<span lang="zh-hans">沐曦</span>)</p>'
        "<p>Source: 创新引领时代</p></body></html>"
    )

    assert unmarked_chinese(page) == ["p: Source: 创新引领时代"]


def test_focus_sweep_lists_only_the_control_without_a_ring(page):
    page.set_content(
        '<a href="#a">fine</a><button style="outline:none;box-shadow:none">silent</button>'
    )

    assert controls_without_visible_focus(page) == ["button: silent"]
