"""The public site in headless Chromium, over the demo content.

Every page type in both languages passes axe-core (WCAG 2.2 AA) at phone and desktop width,
fits a phone without scrolling sideways, loads nothing from other hosts and logs no error (a
Content-Security-Policy violation is one), and is screenshotted into test-artifacts/screenshots/.
Then what a visitor does: filter the lists, search, switch language, follow links from the home
page, and use the keyboard.
"""

import re
from dataclasses import dataclass, field

import pytest

from .content import (
    ALL_PAGE_TYPES,
    ERROR_STATUS,
    expected_status,
    page_cases,
    render_server_error,
)
from .machinery import (
    DESKTOP,
    LANGUAGES,
    PHONE,
    controls_without_visible_focus,
    focus_indicator,
    focus_is_visible,
    format_axe_violations,
    horizontal_overflow,
    new_site_page,
    overflowing_elements,
    run_axe,
    screenshot,
    unmarked_chinese,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def _open(page, site, page_type, language, viewport=DESKTOP):
    """Go to a page type as a visitor would, checking it answered as expected."""
    page.set_viewport_size(viewport)
    response = page.goto(site.page_url(page_type, language))
    assert response.status == expected_status(page_type), response.url
    return response


def _shot_name(page_type, language, viewport):
    return f"{page_type}-{language}-{viewport['width']}x{viewport['height']}"


# Every page type, both languages -------------------------------------------------------------


@dataclass
class Audit:
    """What one visit of a page found, at desktop and then at phone width."""

    status: int
    csp: str = ""
    unmarked_chinese: list = field(default_factory=list)
    invisible_focus: list = field(default_factory=list)
    violations: dict = field(default_factory=dict)
    overflow: int = 0
    overflowing: list = field(default_factory=list)
    blocked_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)


def _serve_the_server_error_page(site_page, url, language):
    response = render_server_error(language)
    site_page.route(
        url,
        lambda route: route.fulfill(
            status=response.status_code,
            headers=dict(response.items()),
            body=response.content,
        ),
    )


@pytest.fixture(scope="module")
def audits(browser, _demo_server):
    """Visits each page once (the tests below read the findings): axe-core and a screenshot at
    desktop width, then at phone width with the sideways-scroll measure."""
    found = {}
    site_page = new_site_page(browser, _demo_server.base_url)

    def audit(page_type, language):
        if (page_type, language) not in found:
            site_page.set_viewport_size(DESKTOP)
            site_page.blocked_requests.clear()
            site_page.console_errors.clear()
            url = _demo_server.page_url(page_type, language)
            if page_type == "server_error":
                _serve_the_server_error_page(site_page, url, language)
            response = site_page.goto(url)
            result = Audit(
                status=response.status,
                csp=response.headers.get("content-security-policy", ""),
            )
            for name, viewport in VIEWPORTS.items():
                site_page.set_viewport_size(viewport)
                screenshot(site_page, _shot_name(page_type, language, viewport))
                result.violations[name] = run_axe(site_page)
                if viewport == PHONE:
                    result.overflow = horizontal_overflow(site_page)
                    result.overflowing = overflowing_elements(site_page)
            result.unmarked_chinese = unmarked_chinese(site_page)
            result.invisible_focus = controls_without_visible_focus(site_page)
            result.blocked_requests = list(site_page.blocked_requests)
            result.console_errors = [
                error
                for error in site_page.console_errors
                # Chromium logs the error status of an error page itself as a console error.
                if not (page_type in ERROR_STATUS and "the server responded with a status" in error)
            ]
            found[page_type, language] = result
        return found[page_type, language]

    yield audit
    site_page.context.close()


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_answers_with_its_status(demo_site, audits, page_type, language):
    assert audits(page_type, language).status == expected_status(page_type)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_has_no_axe_violations(demo_site, audits, page_type, language, viewport):
    violations = audits(page_type, language).violations[viewport]

    assert violations == [], "\n" + format_axe_violations(violations)


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_does_not_scroll_sideways_on_a_phone(demo_site, audits, page_type, language):
    result = audits(page_type, language)

    assert result.overflow == 0, f"{result.overflow}px too wide: {result.overflowing}"


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_loads_nothing_from_other_hosts(demo_site, audits, page_type, language):
    assert audits(page_type, language).blocked_requests == []


# The 500 page is rendered outside the middleware in these tests (see _serve_the_server_error_page).
@pytest.mark.parametrize(
    ("page_type", "language"), [case for case in page_cases() if case[0] != "server_error"]
)
def test_page_is_served_under_a_strict_content_security_policy(
    demo_site, audits, page_type, language
):
    csp = audits(page_type, language).csp

    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_every_link_and_control_shows_keyboard_focus(demo_site, audits, page_type, language):
    assert audits(page_type, language).invisible_focus == []


# Search echoes the visitor's own words, whose language the page cannot know.
@pytest.mark.parametrize("page_type", [t for t in ALL_PAGE_TYPES if t != "search"])
def test_chinese_text_on_english_pages_is_marked_as_chinese(demo_site, audits, page_type):
    assert audits(page_type, "en").unmarked_chinese == []


@pytest.mark.parametrize(("page_type", "language"), page_cases())
def test_page_logs_no_error_in_the_console(demo_site, audits, page_type, language):
    # A Content-Security-Policy violation (inline script or style) shows up here.
    assert audits(page_type, language).console_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_in_the_requested_language(demo_site, page, language):
    _open(page, demo_site, "home", language)

    assert page.locator("html").get_attribute("lang") == language


# Lists and their filters ----------------------------------------------------------------------

LISTS = ["person_list", "organization_list"]


def _result_count(page):
    return page.locator("ul.grid > li").count()


@pytest.mark.parametrize("page_type", LISTS)
def test_choosing_a_sector_puts_it_in_the_url(demo_site, page, page_type):
    _open(page, demo_site, page_type, "zh-hans")

    page.locator("select[name=sector]").select_option(demo_site.content.filter_sector_slug)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()

    assert f"sector={demo_site.content.filter_sector_slug}" in page.url


@pytest.mark.parametrize("page_type", LISTS)
def test_choosing_a_sector_narrows_the_results(demo_site, page, page_type):
    _open(page, demo_site, page_type, "en")
    everyone = _result_count(page)

    page.locator("select[name=sector]").select_option(demo_site.content.filter_sector_slug)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()

    assert 0 < _result_count(page) < everyone


@pytest.mark.parametrize("page_type", LISTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filter_nothing_matches_shows_the_no_results_state(demo_site, page, page_type, language):
    _open(page, demo_site, page_type, language)

    page.locator("form.filters input[name=q]").fill("没有这个名字 no such name")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()

    assert _result_count(page) == 0
    assert page.locator(".empty").is_visible()


@pytest.mark.parametrize("page_type", LISTS)
def test_clearing_the_filters_shows_everything_again(demo_site, page, page_type):
    page.goto(demo_site.page_url(page_type, "zh-hans") + "?q=no-such-name-at-all")

    page.locator(".empty a").click()
    page.wait_for_load_state()

    assert _result_count(page) > 0


# Search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_searching_a_chinese_substring_finds_the_organization(demo_site, page, language):
    content = demo_site.content
    _open(page, demo_site, "home", language)

    page.locator("header form[role=search] input[name=q]").fill(content.search_text)
    page.locator("header form[role=search] button[type=submit]").click()
    page.wait_for_load_state()

    link = page.locator(f"main a[href$='/organizations/{content.organization_slug}/']")
    assert link.count() >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_menu_opens_and_shows_the_search_box(demo_site, page, language):
    _open(page, demo_site, "home", language, viewport=PHONE)
    search_box = page.locator("header form[role=search] input[name=q]")
    assert not search_box.is_visible()

    page.locator("header .menu-toggle").click()

    assert search_box.is_visible()
    assert page.locator("header .menu-toggle").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("width", [1440, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_desktop_header_holds_on_one_row(demo_site, page, language, width):
    # The people list: its current navigation item, set in bold, is the widest of the header's.
    _open(page, demo_site, "person_list", language, viewport={"width": width, "height": 900})
    parts = page.locator(
        "header .site-name, header .site-nav li, header .header-search, header .language-switch li"
    )
    boxes = [part.bounding_box() for part in parts.all()]

    assert not page.locator("header .menu-toggle").is_visible()
    assert len(boxes) == 10  # the wordmark, six navigation links, the search, two languages
    assert None not in boxes  # each one shown, none folded away
    # One row: every part overlaps every other vertically (a wrapped part starts below the rest).
    lowest_top = max(box["y"] for box in boxes)
    highest_bottom = min(box["y"] + box["height"] for box in boxes)
    assert lowest_top < highest_bottom, boxes


# The language switch ----------------------------------------------------------------------------

SWITCHABLE = [page_type for page_type in ALL_PAGE_TYPES if page_type not in ERROR_STATUS]


@pytest.mark.parametrize("page_type", SWITCHABLE)
def test_language_switch_stays_on_the_same_page(demo_site, page, page_type):
    _open(page, demo_site, page_type, "zh-hans")
    english_url = demo_site.page_url(page_type, "en")

    page.locator("nav.language-switch a[hreflang=en]").click()
    page.wait_for_load_state()

    assert page.url == english_url
    assert page.locator("html").get_attribute("lang") == "en"


def test_language_switch_back_to_chinese_stays_on_the_person(demo_site, page):
    _open(page, demo_site, "person", "en")

    page.locator("nav.language-switch a[hreflang=zh-hans]").click()
    page.wait_for_load_state()

    assert page.url == demo_site.page_url("person", "zh-hans")
    heading = page.locator("h1").inner_text()
    assert heading == demo_site.content.names["person"]["zh-hans"]


# From the home page by links alone -------------------------------------------------------------


def _nav(page, site, page_type, language):
    path = site.page_url(page_type, language).removeprefix(site.base_url)
    page.locator(f"header nav a[href='{path}']").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_to_a_person_and_on_to_their_organization(demo_site, page, language):
    _open(page, demo_site, "home", language)

    page.locator("main a[href*='/people/']").first.click()
    page.wait_for_load_state()
    assert re.search(r"/people/[\w-]+/$", page.url)
    page.locator("main a[href*='/organizations/']").first.click()
    page.wait_for_load_state()

    assert re.search(r"/organizations/[\w-]+/$", page.url)
    assert page.locator("h1").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_to_an_organization_through_the_list(demo_site, page, language):
    _open(page, demo_site, "home", language)
    _nav(page, demo_site, "organization_list", language)

    page.locator("main ul.grid a[href*='/organizations/']").first.click()
    page.wait_for_load_state()

    assert re.search(r"/organizations/[\w-]+/$", page.url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_to_an_edition(demo_site, page, language):
    _open(page, demo_site, "home", language)
    _nav(page, demo_site, "edition_list", language)

    page.locator("main a[href*='/editions/']").first.click()
    page.wait_for_load_state()

    assert re.search(r"/editions/\d+/$", page.url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_to_an_indicator_through_its_sector(demo_site, page, language):
    _open(page, demo_site, "home", language)
    _nav(page, demo_site, "figures", language)

    page.locator("main a[href*='/figures/sectors/']").first.click()
    page.wait_for_load_state()
    page.locator("main a[href*='/figures/indicators/']").first.click()
    page.wait_for_load_state()

    assert re.search(r"/figures/indicators/[\w-]+/$", page.url)


# Keyboard ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_tab_reaches_a_visible_skip_link(demo_site, page, language):
    _open(page, demo_site, "home", language)

    page.keyboard.press("Tab")
    focused = page.locator(":focus")

    assert focused.get_attribute("href") == "#main"
    box = focused.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["width"] > 1
    assert focus_is_visible(focus_indicator(page)), focus_indicator(page)


def test_skip_link_moves_focus_to_the_main_content(demo_site, page):
    _open(page, demo_site, "person", "zh-hans")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_header_control_shows_where_the_focus_is(demo_site, page, language):
    _open(page, demo_site, "home", language)
    header_links = page.locator("header a").count()
    invisible = []

    for _ in range(header_links + 1):  # the skip link, then each link of the header
        page.keyboard.press("Tab")
        indicator = focus_indicator(page)
        if not focus_is_visible(indicator):
            invisible.append(indicator)

    assert invisible == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_tabbing_through_the_header_follows_the_reading_order(demo_site, page, language):
    _open(page, demo_site, "home", language)
    shown = "els => els.filter(e => e.getClientRects().length).map(e => e.outerHTML)"
    expected = page.locator("header").locator("a, input, button").evaluate_all(shown)

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    seen = []
    for _ in expected:
        page.keyboard.press("Tab")
        seen.append(page.evaluate("() => document.activeElement.outerHTML"))

    assert seen == expected


# Figures ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_indicator_chart_is_drawn_beside_its_data_table(demo_site, page, viewport):
    _open(page, demo_site, "indicator", "zh-hans", viewport)
    chart = page.locator("figure.chart img")
    chart.scroll_into_view_if_needed()

    page.wait_for_function("image => image.complete", arg=chart.element_handle())
    assert chart.evaluate("image => image.naturalWidth") > 0
    assert page.locator("table.data-table tbody tr").count() >= 2


def test_indicator_csv_downloads_with_a_byte_order_mark(demo_site, page):
    _open(page, demo_site, "indicator", "en")

    with page.expect_download() as download:
        page.locator("a[href$='/data.csv']").click()

    assert download.value.path().read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("page_type", ["person_list", "organization_list"])
def test_the_filter_panel_starts_folded_on_a_phone_unless_a_filter_is_set(
    demo_site, page, page_type
):
    _open(page, demo_site, page_type, "en", viewport=PHONE)
    search_field = page.locator("form.filters input[name=q]")
    assert not search_field.is_visible()

    page.locator("form.filters summary").click()
    assert search_field.is_visible()

    page.goto(demo_site.page_url(page_type, "en") + "?q=a")
    assert page.locator("form.filters input[name=q]").is_visible()
