"""Helpers for the browser and HTML-checker tests: finding a Chromium, running axe-core,
saving screenshots, and the checks every page must pass.

Fixtures live in tests/browser/conftest.py; this module holds what they and the tests share.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
VNU_JAR = PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

LANGUAGES = ("zh-hans", "en")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1440, "height": 900}

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# WCAG 2.2 AA, as axe-core tags it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def skip_or_fail(reason):
    """Skip, saying why; on CI (REQUIRE_BROWSER_TESTS=1, set by .ci/run) fail instead, so a
    missing browser or checker cannot pass unnoticed."""
    import pytest

    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def system_chromium():
    """Debian's (or the distribution's) chromium, or the one named by $CHROMIUM_PATH."""
    named = os.environ.get("CHROMIUM_PATH")
    if named:
        return named if Path(named).is_file() else None
    for command in ("chromium", "chromium-browser"):
        found = shutil.which(command)
        if found:
            return found
    return None


def playwright_chromium(playwright):
    """Playwright's own Chromium, if the user ran `playwright install chromium`."""
    try:
        path = playwright.chromium.executable_path
    except Exception:  # Playwright without its browser registry: treat as not installed
        return None
    return path if path and Path(path).is_file() else None


def same_origin(url, origin):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == origin


def new_site_page(browser, origin, viewport=DESKTOP):
    """A page in a fresh context that cannot reach anything but `origin`: other requests are
    aborted and listed in `page.blocked_requests`; console errors (Content-Security-Policy
    violations among them) and uncaught exceptions are listed in `page.console_errors`."""
    context = browser.new_context(viewport=viewport)
    blocked = []

    def keep_on_site(route):
        url = route.request.url
        if origin is not None and same_origin(url, origin):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", keep_on_site)
    new_page = context.new_page()
    new_page.blocked_requests = blocked
    new_page.console_errors = []
    new_page.on(
        "console",
        lambda message: message.type == "error" and new_page.console_errors.append(message.text),
    )
    new_page.on("pageerror", lambda error: new_page.console_errors.append(str(error)))
    return new_page


def format_axe_violations(violations):
    """One block per violation: id, impact, help and where to read how to fix it; then each
    element it hit: selector, HTML and what is wrong."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n    {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            html = (node.get("html") or "")[:200]
            lines.append(f"    * {target}\n      {html}\n      {summary}")
    return "\n".join(lines)


def run_axe(page):
    """Run axe-core (the copy bundled by axe-playwright-python) against WCAG 2.2 AA rules and
    return the list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    # After a click the next page may still be loading its stylesheet: judged unstyled, its
    # links are 17 px tall (axe's target-size) though the stylesheet gives them 28.
    page.wait_for_load_state("load")
    return Axe().run(page, options=options).response["violations"]


def screenshot(page, name):
    """Full-page PNG in test-artifacts/screenshots/ (git-ignored)."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    # A page still loading after a click may have no document yet to scroll.
    page.wait_for_load_state("load")
    # Lazy images load only when scrolled to: scroll down, wait for them, come back up.
    page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page):
    """How many CSS pixels the document is wider than the viewport (0 when nothing scrolls)."""
    return page.evaluate(
        "() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"
    )


def overflowing_elements(page, limit=5):
    """Describe the elements sticking out to the right, to tell the page owner what to fix."""
    return page.evaluate(
        """(limit) => {
            const width = window.innerWidth;
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1) {
                    const cls = el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                    out.push(`${el.tagName.toLowerCase()}${cls} right=${Math.round(box.right)}`);
                    if (out.length >= limit) break;
                }
            }
            return out;
        }""",
        limit,
    )


def unmarked_chinese(page, limit=10):
    """Text with Chinese characters that is not inside an element marked lang="zh…" (on an
    English page a screen reader would read it with an English voice: WCAG 3.1.2)."""
    return page.evaluate(
        r"""(limit) => {
            const out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode() && out.length < limit) {
                const node = walker.currentNode;
                if (!/[\u3400-\u9fff]/.test(node.textContent)) continue;
                const marked = node.parentElement.closest('[lang]');
                if (!marked || !marked.getAttribute('lang').startsWith('zh')) {
                    const tag = node.parentElement.tagName.toLowerCase();
                    out.push(`${tag}: ${node.textContent.trim().slice(0, 60)}`);
                }
            }
            return out;
        }""",
        limit,
    )


def controls_without_visible_focus(page):
    """Focus each visible link and control in turn (after a Tab, so Chromium applies
    :focus-visible as for a keyboard user) and list those with neither outline nor box-shadow."""
    page.keyboard.press("Tab")
    return page.evaluate(
        """() => {
            const out = [];
            const selector = 'a[href], button, input:not([type=hidden]), select, textarea, '
                + 'summary, [tabindex]:not([tabindex="-1"])';
            for (const el of document.querySelectorAll(selector)) {
                if (el.getClientRects().length === 0) continue;  // not rendered
                el.focus();
                if (document.activeElement !== el) continue;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                const shadow = style.boxShadow && style.boxShadow !== 'none';
                if (!outline && !shadow) {
                    const label = (el.textContent || el.name || '').trim().slice(0, 40);
                    out.push(`${el.tagName.toLowerCase()}: ${label}`);
                }
            }
            document.activeElement.blur();
            return out;
        }"""
    )


def focus_indicator(page):
    """The computed outline and box-shadow of the focused element, as the user would see them."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                text: (el.textContent || '').trim().slice(0, 40),
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth) || 0,
                boxShadow: style.boxShadow,
            };
        }"""
    )


def focus_is_visible(indicator):
    if indicator is None:
        return False
    has_outline = indicator["outlineStyle"] != "none" and indicator["outlineWidth"] > 0
    has_shadow = indicator["boxShadow"] not in ("", "none")
    return has_outline or has_shadow
