"""The drafts screens in Chromium: a chief editor edits a live person's biography, previews it
in a new tab (the public page with the unsaved text, nothing saved), saves a draft and
publishes it; axe-core finds no WCAG 2.2 AA violation on the change form with its draft
buttons, the history, the comparison, the deleted items and the admin home, and the browser
logs no error. The same pages are valid HTML (Nu Html Checker)."""

import pytest
from django.test import Client

from config.revisions.models import Revision
from tests import factories
from tests.revisions.conftest import form_data

from .test_media_and_imports import _vnu, audit

pytestmark = pytest.mark.browser

PASSWORD = "chief-password"


@pytest.fixture
def chief_site(live_server, transactional_db):
    # A superuser holds the publish permission as the Chief editors group does (the groups of
    # the data migrations are flushed between transactional tests).
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    person = factories.PersonFactory(
        name_zh="陈预览", name_en="Chen Preview", bio_en="<p>Published biography.</p>"
    )
    factories.RoleFactory(person=person)
    return {"base": live_server.url, "user": user, "person": person}


def write_bio(page, text):
    """Replace the English biography in its rich-text editor (the textarea is hidden)."""
    # The editor's own editable area, next to the textarea it replaces (which keeps the label,
    # so a search by role and name may find the hidden textarea first).
    editable = page.locator('.prose-editor:has(#id_bio_en) [contenteditable="true"]')
    editable.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def sign_in(page, site, path):
    page.goto(f"{site['base']}/admin/login/?next={path}")
    page.locator("input[name=username]").fill(site["user"].username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{site['base']}{path}")


def test_a_chief_editor_previews_drafts_and_publishes_a_change(chief_site, page):
    person = chief_site["person"]
    change = f"/admin/profiles/person/{person.pk}/change/"
    public = f"{chief_site['base']}/en/people/{person.slug}/"
    sign_in(page, chief_site, change)
    audit(page, "person-change-draft-buttons")

    write_bio(page, "Previewed biography.")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview (English)").first.click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "Previewed biography." in preview.content()
    assert preview.locator("h1").inner_text() == "Chen Preview"
    preview.close()
    assert not Revision.objects.exists()  # a preview saves nothing

    page.get_by_role("button", name="Save draft").first.click()
    page.wait_for_url(f"**{change}")
    assert "Draft saved" in page.content()
    assert page.locator("textarea[name=bio_en]").input_value() == "<p>Previewed biography.</p>"
    audit(page, "person-change-with-draft")

    visitor = page.context.new_page()
    visitor.goto(public)
    assert "Published biography." in visitor.content()

    page.get_by_role("button", name="Publish").first.click()
    page.wait_for_url(f"**{change}")
    visitor.reload()
    assert "Previewed biography." in visitor.content()
    visitor.close()

    page.goto(f"{chief_site['base']}/admin/profiles/person/{person.pk}/history/")
    audit(page, "person-history")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    page.wait_for_url("**/revisions/compare/**")
    assert page.locator("table.revisions-diff tbody tr").count() > 5
    audit(page, "person-compare")

    page.goto(f"{chief_site['base']}/admin/")
    audit(page, "admin-home-desk")

    page.goto(f"{chief_site['base']}/admin/profiles/person/{person.pk}/delete/")
    page.locator("input[type=submit]").click()
    page.goto(f"{chief_site['base']}/admin/profiles/person/deleted/")
    audit(page, "person-deleted")
    page.get_by_role("button", name="Recover").click()
    page.wait_for_url(f"**{change}")


@pytest.mark.django_db
def test_the_drafts_screens_are_valid_html(tmp_path):
    client = Client()
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    person = factories.PersonFactory(bio_en="<p>One.</p>")
    factories.RoleFactory(person=person)
    base = f"/admin/profiles/person/{person.pk}"
    client.post(f"{base}/change/", form_data(client, f"{base}/change/", bio_en="<p>Two.</p>"))
    client.post(
        f"{base}/change/",
        form_data(client, f"{base}/change/", bio_en="<p>Three.</p>", _save_draft="1"),
    )
    first, *_rest, last = Revision.objects.for_object(person).order_by("pk")
    gone = factories.PersonFactory()
    client.post(f"/admin/profiles/person/{gone.pk}/delete/", {"post": "yes"})
    pages = {
        "change-with-draft": client.get(f"{base}/change/"),
        "add": client.get("/admin/profiles/person/add/"),
        "history": client.get(f"{base}/history/"),
        "compare": client.get(f"{base}/revisions/compare/", {"a": first.pk, "b": last.pk}),
        "deleted": client.get("/admin/profiles/person/deleted/"),
        "deleted-history": client.get(f"/admin/profiles/person/{gone.pk}/revisions/"),
        "home": client.get("/admin/"),
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


def test_clicks_for_a_chief_editor_to_draft_preview_and_publish(chief_site, page):
    """The figure in the README: from the admin home, a change to a live person's biography
    previewed and published in 4 clicks (5 with a draft saved first)."""
    person = chief_site["person"]
    sign_in(page, chief_site, "/admin/")
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    click(page.locator("#content-main").get_by_role("link", name="People", exact=True))
    click(page.get_by_role("link", name=person.name_zh))
    write_bio(page, "Counted biography.")
    with page.context.expect_page() as opened:
        click(page.get_by_role("button", name="Preview (English)").first)
    preview = opened.value
    preview.wait_for_load_state()
    assert "Counted biography." in preview.content()
    preview.close()
    click(page.get_by_role("button", name="Publish").first)
    page.wait_for_load_state()

    visitor = page.context.new_page()
    visitor.goto(f"{chief_site['base']}/en/people/{person.slug}/")
    assert "Counted biography." in visitor.content()
    assert clicks == 4
