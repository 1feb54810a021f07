"""The editors' article form and the rich-text editor in Chromium, under the site's CSP.

The article form (add, change, a failed save with its error summary) passes axe-core at
desktop and phone width, logs no console error (a CSP violation is one) and is valid HTML;
django-prose-editor edits the body; an existing HTML biography goes through the editor and a
save unchanged; a link of the error summary moves the focus to the field it names, inline rows
included.
"""

import re

import pytest
from django.test import Client

from forum.news.models import Article
from profiles.models import Person
from tests.factories import (
    ArticleFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)

from .machinery import DESKTOP, PHONE, format_axe_violations, run_axe, screenshot
from .test_media_and_imports import _vnu

pytestmark = pytest.mark.browser

PASSWORD = "editor-password"
BIO = (
    "<p>2015年从牛津大学毕业后来到上海创业。</p><h2>经历</h2><ul><li>寰泰能源</li>"
    '<li>2021年创办<a href="https://example.com/" rel="noopener noreferrer nofollow">'
    "寰泰储能</a>，进入储能领域。</li>"
    "</ul><blockquote><p>“收获很大。”</p></blockquote><p><strong>创始人</strong>，"
    "<em>论坛成员</em>。</p>"
)


@pytest.fixture
def editor_site(live_server, settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return {"base": live_server.url, "user": user}


def sign_in(page, site, path):
    page.set_extra_http_headers({"Accept-Language": "en"})
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
    assert page.blocked_requests == [], page.blocked_requests


def test_the_article_form_edits_rich_text_under_the_csp(editor_site, page):
    sign_in(page, editor_site, "/admin/news/article/add/")
    editors = page.locator(".prose-editor [contenteditable=true]")
    editors.first.wait_for()
    assert editors.count() == 2  # the Chinese and the English body
    audit(page, "article-add")

    page.locator("input[name=title_zh]").fill("沐曦上市")
    page.locator("input[name=title_en]").fill("MetaX lists")
    body = editors.first
    body.click()
    page.keyboard.type("沐曦股份在科创板上市。")
    page.keyboard.press("Control+b")
    page.keyboard.type("加粗")
    page.get_by_role("button", name="Publish").first.click()
    page.wait_for_url("**/admin/news/article/*/change/")

    article = Article.objects.get(slug="metax-lists")
    assert article.body_zh == "<p>沐曦股份在科创板上市。<strong>加粗</strong></p>"
    assert page.console_errors == []


def _text(html):
    return re.sub(r"<[^>]+>", "", html)


def test_an_html_biography_goes_through_the_editor_without_loss(editor_site, page):
    person = PersonFactory(bio_zh=BIO)
    path = f"/admin/profiles/person/{person.pk}/change/"
    sign_in(page, editor_site, path)
    editable = page.locator('.prose-editor:has(#id_bio_zh) [contenteditable="true"]')
    editable.wait_for()
    audit(page, "person-change")

    # Saved untouched, the stored HTML is kept as it is.
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**{path}")
    person.refresh_from_db()
    assert person.bio_zh == BIO

    # Edited, every text, heading, list, quote, emphasis and link is still there.
    editable.wait_for()
    editable.locator("p").last.click()
    page.keyboard.press("End")
    page.keyboard.type("新增")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**{path}")
    person.refresh_from_db()
    assert _text(person.bio_zh) == _text(BIO) + "新增"
    for markup in (
        "<h2>经历</h2>",
        "<ul>",
        "<blockquote>",
        "<strong>创始人</strong>",
        "<em>论坛成员</em>",
        '<a href="https://example.com/"',
    ):
        assert markup in person.bio_zh, markup
    assert page.console_errors == []


def test_the_rich_text_editor_reads_in_chinese(editor_site, page):
    """The toolbar's buttons (their titles and accessible names), its block types and the
    dialogs of django-prose-editor, which names them in English."""
    sign_in(page, editor_site, "/admin/news/article/add/")
    page.set_extra_http_headers({"Accept-Language": "zh-hans"})
    page.reload()
    toolbar = page.locator(".prose-menubar").first
    toolbar.locator(".prose-menubar__button[title='粗体']").wait_for(state="attached")
    labels = toolbar.evaluate(
        """bar => [
            ...[...bar.querySelectorAll(".prose-menubar__button")].flatMap(
                button => [button.title, button.getAttribute("aria-label")]),
            ...[...bar.querySelectorAll(".prose-menubar__option")].map(o => o.textContent),
        ]"""
    )
    page.locator(".prose-editor [contenteditable=true]").first.click()
    toolbar.locator("[title='有序列表']").click()
    toolbar.locator("[title='列表属性']").click()
    dialog = page.locator("dialog[open]")

    assert len(labels) > 10
    assert [label for label in labels if re.search("[A-Za-z]{2,}", label)] == []
    assert "起始编号" in dialog.inner_text()
    assert page.console_errors == []


def test_the_error_summary_moves_the_focus_to_an_inline_field(editor_site, page):
    organization = OrganizationFactory(name_zh="沐曦股份")
    sign_in(page, editor_site, "/admin/profiles/person/add/")
    page.locator("input[name=name_zh]").fill("陈维良")
    page.locator("input[name=slug]").fill("chen-weiliang")
    page.locator("#roles-group .add-row a").click()
    page.locator("select[name=roles-0-kind]").select_option("founder")
    page.evaluate(
        """(pk) => {
            const select = document.querySelector("select[name='roles-0-organization']");
            select.add(new Option("x", pk, true, true));
        }""",
        str(organization.pk),
    )
    page.get_by_role("button", name="Publish").first.click()

    page.locator(".error-summary").wait_for()
    # The summary takes the focus once the page has loaded.
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    audit(page, "person-failed-save")

    page.locator(".error-summary a[href='#id_roles-0-title_zh']").click()
    assert page.evaluate("document.activeElement.id") == "id_roles-0-title_zh"
    assert page.locator("#id_roles-0-title_zh").is_visible()


@pytest.mark.django_db
def test_the_article_admin_screens_are_valid_html(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    article = ArticleFactory(cover=ImageFactory(), body_zh=BIO)
    person = PersonFactory(bio_zh=BIO)
    pages = {
        "article-list": client.get("/admin/news/article/"),
        "article-add": client.get("/admin/news/article/add/"),
        "article-change": client.get(f"/admin/news/article/{article.pk}/change/"),
        "article-failed-save": client.post(
            "/admin/news/article/add/", {"title_zh": "", "_save": "Save"}
        ),
        "person-change": client.get(f"/admin/profiles/person/{person.pk}/change/"),
        "person-failed-save": client.post(
            "/admin/profiles/person/add/",
            {
                "name_zh": "",
                "_save": "Save",
                "roles-TOTAL_FORMS": "1",
                "roles-INITIAL_FORMS": "0",
                "roles-0-kind": "founder",
                "quotes-TOTAL_FORMS": "0",
                "quotes-INITIAL_FORMS": "0",
            },
        ),
    }
    folder = tmp_path / "html"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code == 200, name
        (folder / f"{name}.html").write_bytes(response.content)
    assert b"error-summary" in pages["article-failed-save"].content
    assert Person.objects.count() == 1

    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in _vnu(folder)
        if m["type"] in {"error", "non-document-error"}
    ]

    assert errors == [], "\n".join(errors)
