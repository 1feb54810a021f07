"""Images on the public pages and the editors' new admin screens, in Chromium.

Public pages (the demo content, to which tests/browser/content.py gives a portrait, a logo, a
cover and a gallery): every image is drawn from a rendition no larger than it is shown (at the
screen's pixel density), WebP is chosen where offered, and the page's largest contentful
element is not lazy-loaded.

Admin screens (media library list, an image's page with the focal-point picker, the import
form, a dry run with row errors, the import's progress): axe-core finds no WCAG 2.2 AA
violation, the browser logs no error (a CSP violation is one), the Nu Html Checker finds the
HTML valid, and a click on the image sets the focal point.
"""

import io
import json
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from config.common.importing import _set_progress
from tests.factories import ImageFactory, UserFactory

from .machinery import (
    DESKTOP,
    PHONE,
    VNU_JAR,
    format_axe_violations,
    run_axe,
    screenshot,
    skip_or_fail,
)

pytestmark = pytest.mark.browser

PASSWORD = "editor-password"

# Each image on the page: how much larger the file's pixels are than its box on screen.
IMAGES_AS_SHOWN = """() => Array.from(document.images).map(image => {
    const box = image.getBoundingClientRect();
    return {
        src: image.currentSrc, loading: image.loading, className: image.className,
        natural: image.naturalWidth, shown: box.width, dpr: window.devicePixelRatio,
    };
})"""

LARGEST_PAINT = """() => new Promise(resolve => {
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        const last = entries[entries.length - 1];
        resolve(last && last.element ? {
            tag: last.element.tagName, loading: last.element.getAttribute("loading"),
            className: last.element.className,
        } : null);
    }).observe({type: "largest-contentful-paint", buffered: true});
})"""


@pytest.mark.parametrize("page_type", ["person", "organization", "edition"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_image_is_larger_than_it_is_shown(demo_site, page, page_type, viewport):
    page.set_viewport_size(viewport)
    page.goto(demo_site.page_url(page_type, "en"))
    page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")

    images = page.evaluate(IMAGES_AS_SHOWN)

    assert images, "the page shows no image"
    for image in images:
        needed = image["shown"] * image["dpr"]
        # srcset offers 1×, 2× and 3× of each box: the browser takes the smallest that covers
        # it, so nothing is sent at more than the next size up (1.5× the box, at most).
        assert image["natural"] <= max(needed * 1.5, 200), image
        assert image["src"].endswith((".webp", ".png")) or "1200x630" in image["src"], image


@pytest.mark.parametrize("page_type", ["person", "edition"])
def test_the_largest_image_is_not_lazy_loaded(demo_site, page, page_type):
    page.goto(demo_site.page_url(page_type, "zh-hans"))

    largest = page.evaluate(LARGEST_PAINT)

    if largest and largest["tag"] == "IMG":
        assert largest["loading"] != "lazy", largest
    eager = page.locator("img:not([loading=lazy])")
    assert eager.count() == 1  # the portrait or the cover, nothing else
    assert page.locator("img[loading=lazy]").count() == page.locator("img").count() - 1


def test_a_person_page_shows_the_portrait_with_the_head_kept(demo_site, page):
    page.goto(demo_site.page_url("person", "en"))

    portrait = page.locator("img.portrait")
    assert portrait.get_attribute("width") == "160"
    # The drawing's head sits in the top sixth of a 900×1200 picture: a centre crop would
    # cut it, the focal point keeps it. Sample the square's upper middle: skin, not gradient.
    colour = page.evaluate(
        """() => {
            const image = document.querySelector("img.portrait");
            const canvas = document.createElement("canvas");
            canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            return Array.from(context.getImageData(
                canvas.width / 2, canvas.height * 0.22, 1, 1).data);
        }"""
    )
    red, _green, blue, _alpha = colour
    assert red > blue + 40, colour  # the face's warm tone


# --- The editors' admin screens ------------------------------------------------------------------


@pytest.fixture
def editor_site(live_server, settings, tmp_path, django_user_model, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    images = [
        ImageFactory(alt_zh="论坛会场", alt_en="The hall"),
        ImageFactory(alt_zh="嘉宾合影", alt_en="The guests", credit_zh="组委会"),
    ]
    return {"base": live_server.url, "user": user, "images": images}


def sign_in(page, site, path):
    page.goto(f"{site['base']}/admin/login/?next={path}")
    page.locator("input[name=username]").fill(site["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site['base']}{path}")


def cohort_file(*, bad):
    book = Workbook()
    sheet = book.active
    sheet.append(["slug", "name_zh", "name_en", "headline_zh"])
    for n in range(1, 6):
        sheet.append([f"young-{n}", "" if bad and n == 3 else f"青年{n}", f"Young {n}", "创始人"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def audit(page, name):
    """axe at desktop and phone width, screenshots, and no console error."""
    found = {}
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        screenshot(page, f"admin-{name}-{viewport['width']}x{viewport['height']}")
        found[label] = run_axe(page)
    page.set_viewport_size(DESKTOP)
    for label, violations in found.items():
        assert violations == [], f"{name} at {label} width:\n{format_axe_violations(violations)}"
    assert page.console_errors == [], page.console_errors


def test_the_media_library_and_the_focal_point_picker(editor_site, page):
    sign_in(page, editor_site, "/admin/images/image/")
    assert page.locator("img.admin-thumb").count() == 2
    audit(page, "media-library")

    image = editor_site["images"][0]
    page.goto(f"{editor_site['base']}/admin/images/image/{image.pk}/change/")
    picture = page.locator(".focal-picker__image")
    picture.wait_for()
    audit(page, "image-change")

    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.1})
    assert page.locator("input[name=focal_x]").input_value() == "25"
    assert page.locator("input[name=focal_y]").input_value() == "10"
    marker = page.locator(".focal-picker__marker").evaluate("m => [m.style.left, m.style.top]")
    assert marker == ["25%", "10%"]
    page.locator(".focal-picker").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=focal_x]").input_value() == "27"
    assert page.console_errors == []


def test_the_import_screens(editor_site, page, tmp_path):
    sign_in(page, editor_site, "/admin/profiles/person/import/")
    audit(page, "import-form")

    bad = tmp_path / "cohort-bad.xlsx"
    bad.write_bytes(cohort_file(bad=True))
    page.locator("select[name=format]").select_option(label="xlsx")
    page.locator("input[name=import_file]").set_input_files(str(bad))
    page.locator("input[type=submit]").click()
    page.locator(".validation-error-count").first.wait_for()
    assert "name_zh" in page.content()
    audit(page, "import-errors")

    good = tmp_path / "cohort.xlsx"
    good.write_bytes(cohort_file(bad=False))
    page.locator("select[name=format]").select_option(label="xlsx")
    page.locator("input[name=import_file]").set_input_files(str(good))
    page.locator("input[type=submit]").click()
    page.locator("input[name=confirm], form input[type=submit][value]").last.wait_for()
    audit(page, "import-preview")

    page.locator("form[action$='process_import/'] input[type=submit]").click()
    page.wait_for_url("**/import/progress/**")
    assert "5 new" in page.content()
    audit(page, "import-progress")


# --- The same admin screens are valid HTML ---------------------------------------------------


def _vnu(folder):
    java = shutil.which("java")
    if java is None:
        skip_or_fail("Java is not installed: the Nu Html Checker needs Java 11+ (CI has it)")
    if not VNU_JAR.is_file():
        skip_or_fail(f"{VNU_JAR} is missing: run `npm install vnu-jar` in the project folder")
    completed = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(completed.stderr or completed.stdout)["messages"]


@pytest.mark.django_db
def test_the_new_admin_screens_are_valid_html(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    image = ImageFactory()
    _set_progress("html-check", state="running", done=40, total=100, user=user.pk)
    pages = {
        "media-library": client.get("/admin/images/image/"),
        "image-add": client.get("/admin/images/image/add/"),
        "image-change": client.get(f"/admin/images/image/{image.pk}/change/"),
        "import-form": client.get("/admin/profiles/person/import/"),
        "import-errors": client.post(
            "/admin/profiles/person/import/",
            {"import_file": SimpleUploadedFile("c.xlsx", cohort_file(bad=True)), "format": "1"},
        ),
        "import-preview": client.post(
            "/admin/profiles/person/import/",
            {"import_file": SimpleUploadedFile("c.xlsx", cohort_file(bad=False)), "format": "1"},
        ),
        "import-progress": client.get("/admin/profiles/person/import/progress/html-check/"),
    }
    folder = tmp_path / "html"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code == 200, name
        (folder / f"{name}.html").write_bytes(response.content)

    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in _vnu(folder)
        if m["type"] in {"error", "non-document-error"}
    ]

    assert errors == [], "\n".join(errors)
