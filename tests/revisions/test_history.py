"""Every save keeps a revision (who, when, comment); the history compares any two side by side
and restores any one as a new draft, in one click."""

import pytest
from django.urls import reverse

from config.revisions.enums import RevisionAction, RevisionStatus
from config.revisions.models import Revision
from tests import factories
from tests.helpers import queries_for

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return factories.PersonFactory(bio_en="<p>First words.</p>", bio_zh="<p>最初的简介。</p>")


def _publish(client, person, **changes):
    url = admin_url(person, "change")
    client.post(url, form_data(client, url, _continue="1", **changes))


def test_every_save_keeps_a_revision_with_who_when_and_comment(chief, editor, person):
    _publish(chief, person, bio_en="<p>Second words.</p>", revision_comment="Fixed a date.")
    url = admin_url(person, "change")
    editor.post(url, form_data(editor, url, bio_en="<p>Third.</p>", revision_comment="Typo."))

    revisions = list(Revision.objects.for_object(person).order_by("pk"))
    assert [(r.user, r.comment, r.status) for r in revisions] == [
        (chief.user, "Fixed a date.", RevisionStatus.PUBLISHED),
        (editor.user, "Typo.", RevisionStatus.DRAFT),
    ]
    history = chief.get(admin_url(person, "history"))
    assert history.status_code == 200
    assert "Fixed a date." in history.text
    assert "Typo." in history.text
    assert editor.user.username in history.text


def test_two_revisions_compare_side_by_side_with_the_changes_marked(chief, person):
    _publish(chief, person, bio_zh="<p>最初的简介。</p>")
    _publish(chief, person, bio_zh="<p>修改后的简介。</p>", name_en="Renamed")
    old, new = Revision.objects.for_object(person).order_by("pk")

    compare = reverse("admin:profiles_person_revisions_compare", args=[person.pk])
    response = chief.get(compare, {"a": new.pk, "b": old.pk})  # any order

    assert response.status_code == 200
    page = response.text
    assert "<del>最初</del>" in page
    assert "<ins>修改后</ins>" in page
    changed = [row["label"] for row in response.context["rows"] if row["changed"]]
    assert changed == ["name (English or pinyin)", "biography (Chinese)"]


def test_comparing_revisions_of_another_item_is_refused(chief, person):
    _publish(chief, person, bio_en="<p>x</p>")
    other = factories.PersonFactory()
    _publish(chief, other, bio_en="<p>y</p>")
    theirs = Revision.objects.for_object(other).get()
    mine = Revision.objects.for_object(person).get()
    compare = reverse("admin:profiles_person_revisions_compare", args=[person.pk])
    response = chief.get(compare, {"a": mine.pk, "b": theirs.pk})
    assert response.status_code == 302


def test_any_revision_is_restored_as_a_new_draft_in_one_click(chief, client, person):
    _publish(chief, person, bio_en="<p>Version one.</p>")
    _publish(chief, person, bio_en="<p>Version two.</p>")
    first = Revision.objects.for_object(person).order_by("pk").first()

    restore = reverse(
        "admin:profiles_person_revisions_action", args=[person.pk, first.pk, "restore"]
    )
    response = chief.post(restore)

    assert response.status_code == 302
    draft = Revision.objects.for_object(person).pending().get()
    assert (draft.action, draft.status) == (RevisionAction.RESTORED, RevisionStatus.DRAFT)
    assert "Version two." in client.get(f"/en/people/{person.slug}/").text  # still live
    assert "Version one." in chief.get(admin_url(person, "change")).text  # the form: the draft


def test_restoring_needs_a_post_and_the_right_to_change(person, chief, client):
    _publish(chief, person, bio_en="<p>x</p>")
    revision = Revision.objects.for_object(person).get()
    restore = reverse(
        "admin:profiles_person_revisions_action", args=[person.pk, revision.pk, "restore"]
    )
    assert chief.get(restore).status_code == 405
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.post(restore).status_code == 403


def test_the_admin_home_reads_in_a_constant_number_of_queries(chief, editor):
    people = factories.PersonFactory.create_batch(3)
    for person in people:
        url = admin_url(person, "change")
        editor.post(url, form_data(editor, url, bio_en="<p>d</p>", _submit="1"))
    few = queries_for(chief, reverse("admin:index"))
    for person in factories.PersonFactory.create_batch(6):
        url = admin_url(person, "change")
        editor.post(url, form_data(editor, url, bio_en="<p>d</p>", _submit="1"))
    assert queries_for(chief, reverse("admin:index")) == few


def test_the_history_reads_in_a_constant_number_of_queries(chief, person):
    _publish(chief, person, bio_en="<p>1</p>")
    url = admin_url(person, "history")
    few = queries_for(chief, url)
    for index in range(5):
        _publish(chief, person, bio_en=f"<p>{index}</p>")
    assert queries_for(chief, url) == few
