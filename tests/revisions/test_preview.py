"""Preview from the admin form (unsaved input, either language, never-published items) and
signed, expiring preview links for reviewers without an account."""

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from config.revisions import links
from config.revisions.models import Revision
from profiles.models import Person
from tests import factories

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = factories.PersonFactory(bio_en="<p>Live words.</p>", bio_zh="<p>现有简介。</p>")
    factories.RoleFactory(person=person, title_en="Chief engineer")
    return person


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Unsaved words."), ("zh-hans", "未保存的简介。")]
)
def test_the_form_previews_unsaved_input_as_the_public_page(chief, client, person, language, text):
    url = admin_url(person, "change")
    data = form_data(
        chief,
        url,
        bio_en="<p>Unsaved words.</p>",
        bio_zh="<p>未保存的简介。</p>",
        **{"roles-0-title_en": "Chief scientist"},
        _preview=language,
    )

    response = chief.post(url, data)

    assert response.status_code == 200
    page = response.text
    assert text in page
    assert f'<html lang="{language}">' in page
    public = client.get(f"/{language}/people/{person.slug}/").text
    assert response.templates[0].name == "website/person_detail.html"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # Nothing saved: the live page, the row, the revisions are as they were.
    assert text not in public
    person.refresh_from_db()
    assert person.bio_en == "<p>Live words.</p>"
    assert person.roles.get().title_en == "Chief engineer"
    assert not Revision.objects.exists()
    if language == "en":
        assert "Chief scientist" in page


def test_an_editor_previews_a_never_published_item(editor):
    url = admin_url(Person, "add")
    data = form_data(editor, url, name_zh="未发布", name_en="Never Published", slug="never")
    data["_preview"] = "en"

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "Never Published" in response.text
    assert not Person.objects.filter(slug="never").exists()


def test_a_preview_of_an_invalid_form_shows_the_errors(chief, person):
    url = admin_url(person, "change")
    response = chief.post(url, form_data(chief, url, name_zh="", _preview="en"))
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert response.templates[0].name == "admin/revisions/change_form.html"


def _draft(chief, person, bio):
    url = admin_url(person, "change")
    chief.post(url, form_data(chief, url, bio_en=bio, _save_draft="1"))
    return Revision.objects.for_object(person).pending().get()


def test_a_signed_link_shows_the_draft_to_someone_without_an_account(chief, client, person):
    draft = _draft(chief, person, "<p>Draft to share.</p>")
    share = reverse("admin:profiles_person_revisions_action", args=[person.pk, draft.pk, "share"])

    response = chief.post(share, {"language": "en"}, follow=True)

    link = next(m.message for m in response.context["messages"] if "/preview/" in str(m.message))
    path = link[link.index("/preview/") : link.index('"', link.index("/preview/"))]
    page = client.get(path)
    assert page.status_code == 200
    assert "Draft to share." in page.text
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Draft to share." not in client.get(f"/en/people/{person.slug}/").text


def test_a_tampered_or_expired_link_shows_nothing(chief, client, person):
    draft = _draft(chief, person, "<p>Secret draft.</p>")
    path = links.preview_path(draft, "en")
    token = path.split("/")[-2]
    forged = signing.dumps({"revision": draft.pk + 1, "language": "en"}, salt="other")

    assert client.get(path.replace(token, token[:-2] + "xx")).status_code == 404
    assert client.get(f"/preview/{forged}/").status_code == 404
    with override_settings(PREVIEW_LINK_MAX_AGE=-1):
        assert client.get(path).status_code == 404


def test_a_link_is_made_only_by_someone_who_may_see_the_item(client, person, chief):
    draft = _draft(chief, person, "<p>Draft.</p>")
    share = reverse("admin:profiles_person_revisions_action", args=[person.pk, draft.pk, "share"])
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.post(share, {"language": "en"}).status_code == 403
