"""Drafts of live items through the admin, as an editor and a chief editor do it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from config.revisions.enums import RevisionAction, RevisionStatus
from config.revisions.models import Revision
from config.revisions.scheduling import run_schedule
from profiles.models import Person
from tests import factories

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


def public_page(client, person, language="en"):
    return client.get(f"/{language}/people/{person.slug}/")


@pytest.fixture
def person():
    person = factories.PersonFactory(bio_en="<p>Published biography.</p>")
    factories.RoleFactory(person=person, title_en="Chief engineer")
    return person


def test_a_draft_of_a_live_persons_bio_waits_until_it_is_published(chief, client, person):
    url = admin_url(person, "change")
    data = form_data(chief, url, bio_en="<p>Draft biography.</p>", _save_draft="1")

    response = chief.post(url, data)

    assert response.status_code == 302
    assert "Published biography." in public_page(client, person).text
    assert "Draft biography." not in public_page(client, person).text
    person.refresh_from_db()
    assert person.bio_en == "<p>Published biography.</p>"
    draft = Revision.objects.for_object(person).latest_ones().get()
    assert draft.status == RevisionStatus.DRAFT
    assert draft.user == chief.user
    # The form shows the draft meanwhile.
    assert "Draft biography." in chief.get(url).text

    data = form_data(chief, url, _continue="1")
    chief.post(url, data)

    assert "Draft biography." in public_page(client, person).text
    assert Revision.objects.for_object(person).latest_ones().get().status == "published"


def test_an_editors_save_is_always_a_draft(editor, client, person):
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>Editor's words.</p>", _save="1"))

    person.refresh_from_db()
    assert person.bio_en == "<p>Published biography.</p>"
    assert "Editor&#x27;s words." not in public_page(client, person).text
    assert Revision.objects.for_object(person).pending().get().user == editor.user


def test_a_draft_keeps_the_inline_rows_until_published(chief, client, person):
    url = admin_url(person, "change")
    data = form_data(chief, url, **{"roles-0-title_en": "Chief scientist"}, _save_draft="1")
    chief.post(url, data)

    assert person.roles.get().title_en == "Chief engineer"
    revision = Revision.objects.for_object(person).pending().get()
    assert revision.content["related"]["roles"][0]["fields"]["title_en"] == "Chief scientist"

    chief.post(url, form_data(chief, url, _continue="1"))
    assert person.roles.get().title_en == "Chief scientist"


def test_a_new_item_saved_as_a_draft_is_created_offline(editor, client):
    url = admin_url(Person, "add")
    data = form_data(editor, url, name_zh="新人", name_en="New Person", slug="new-person")
    data.update({"is_published": "on", "_save_draft": "1"})

    response = editor.post(url, data)

    person = Person.objects.get(slug="new-person")
    assert response.status_code == 302
    assert response.url == admin_url(person, "change")
    assert not person.is_published
    assert public_page(client, person).status_code == 404
    assert Revision.objects.for_object(person).pending().get().status == RevisionStatus.DRAFT


def test_review_an_editor_submits_and_a_chief_editor_sends_back_then_publishes(
    editor, chief, client, person
):
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>For review.</p>", _submit="1"))
    revision = Revision.objects.for_object(person).pending().get()
    assert revision.status == RevisionStatus.IN_REVIEW

    home = chief.get(reverse("admin:index")).text
    assert "Awaiting my review" in home
    assert str(person) in home
    assert "My drafts" in editor.get(reverse("admin:index")).text

    action = reverse(
        "admin:profiles_person_revisions_action", args=[person.pk, revision.pk, "send_back"]
    )
    chief.post(action, {"comment": "Add the year."})
    sent_back = Revision.objects.for_object(person).pending().get()
    assert (sent_back.status, sent_back.comment) == (RevisionStatus.SENT_BACK, "Add the year.")
    assert "Add the year." in editor.get(reverse("admin:index")).text

    editor.post(url, form_data(editor, url, bio_en="<p>For review, 2024.</p>", _submit="1"))
    revision = Revision.objects.for_object(person).pending().get()
    publish = reverse(
        "admin:profiles_person_revisions_action", args=[person.pk, revision.pk, "publish"]
    )
    assert editor.post(publish).status_code == 403  # an editor may not publish
    chief.post(publish)

    assert "For review, 2024." in public_page(client, person).text
    actions = list(
        Revision.objects.for_object(person).order_by("pk").values_list("action", flat=True)
    )
    assert actions[-4:] == [
        RevisionAction.SUBMITTED,
        RevisionAction.SENT_BACK,
        RevisionAction.SUBMITTED,
        RevisionAction.PUBLISHED,
    ]


def test_the_admin_home_shows_the_teams_recent_changes(editor, chief, person):
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>Team.</p>", _save_draft="1"))

    home = chief.get(reverse("admin:index")).text

    assert "recent changes" in home
    assert "Draft saved" in home
    assert editor.user.username in home


def test_a_publication_is_scheduled_and_done_on_time(chief, client, person):
    url = admin_url(person, "change")
    at = timezone.localtime() + datetime.timedelta(hours=2)
    data = form_data(
        chief,
        url,
        bio_en="<p>Scheduled words.</p>",
        publish_at_0=at.strftime("%Y-%m-%d"),
        publish_at_1=at.strftime("%H:%M:%S"),
        _continue="1",
    )
    chief.post(url, data)

    scheduled = Revision.objects.for_object(person).pending().get()
    assert scheduled.status == RevisionStatus.SCHEDULED
    assert run_schedule(now=at - datetime.timedelta(minutes=1))["published"] == 0
    assert "Scheduled words." not in public_page(client, person).text

    assert run_schedule(now=at + datetime.timedelta(seconds=1))["published"] == 1
    assert "Scheduled words." in public_page(client, person).text


def test_a_publication_time_in_the_past_is_refused(chief, person):
    url = admin_url(person, "change")
    data = form_data(chief, url, publish_at_0="2020-01-01", publish_at_1="10:00:00", _continue="1")
    response = chief.post(url, data)
    assert response.status_code == 200
    assert "Choose a time in the future" in response.text


def test_an_item_goes_offline_at_its_unpublishing_time(client, person):
    sitemap = client.get("/sitemap.xml").text
    assert f"/people/{person.slug}/" in sitemap
    Person.objects.filter(pk=person.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    # Hidden at once by published(), before the job runs …
    assert public_page(client, person).status_code == 404
    assert f"/people/{person.slug}/" not in client.get("/sitemap.xml").text
    # … which then marks it unpublished, with a revision saying so.
    assert run_schedule()["unpublished"] == 1
    person.refresh_from_db()
    assert not person.is_published
    assert Revision.objects.for_object(person).latest_ones().get().action == "content.unpublished"


def test_a_chief_editor_sends_a_draft_back_from_the_form(editor, chief, person):
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>Mine.</p>", _submit="1"))

    data = form_data(chief, url, revision_comment="Cite the source.", _send_back="1")
    assert "Send back" in chief.get(url).text
    chief.post(url, data)

    sent_back = Revision.objects.for_object(person).pending().get()
    assert (sent_back.status, sent_back.author) == (RevisionStatus.SENT_BACK, editor.user)
    assert sent_back.user == chief.user
    assert "Cite the source." in editor.get(reverse("admin:index")).text
    person.refresh_from_db()
    assert person.bio_en == "<p>Published biography.</p>"


def test_an_editor_cannot_send_back(editor, person):
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>Mine.</p>", _send_back="1"))
    assert Revision.objects.for_object(person).pending().get().status == RevisionStatus.DRAFT
