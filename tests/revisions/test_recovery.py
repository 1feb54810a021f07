"""Deleted items come back with their related rows; the PROTECT rules still hold (a person's
quotes are deleted first, on the same page, and an earlier revision brings them back)."""

import pytest
from django.urls import reverse

from config.revisions.enums import RevisionAction, RevisionStatus
from config.revisions.models import Revision
from forum.models import Edition
from profiles.models import Person, Quote, Role
from tests import factories

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


def delete(client, obj):
    return client.post(admin_url(obj, "delete"), {"post": "yes"})


def recover(client, model, revision):
    opts = model._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revisions_action",
        args=[revision.object_id, revision.pk, "recover"],
    )
    return client.post(url)


def test_a_deleted_person_is_recovered_with_their_roles(chief, client):
    person = factories.PersonFactory(bio_en="<p>Back again.</p>")
    roles = factories.RoleFactory.create_batch(2, person=person)
    pk = person.pk

    assert delete(chief, person).status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    assert not Role.objects.filter(person_id=pk).exists()

    deleted_list = chief.get(reverse("admin:profiles_person_deleted"))
    assert str(person) in deleted_list.text
    home = chief.get(reverse("admin:index")).text
    assert str(person) in home  # "Recently deleted"
    assert reverse("admin:profiles_person_deleted") in home
    revision = Revision.objects.of_model(Person).deleted().get()
    response = recover(chief, Person, revision)

    assert response.status_code == 302
    recovered = Person.objects.get(pk=pk)
    assert sorted(recovered.roles.values_list("pk", flat=True)) == sorted(r.pk for r in roles)
    assert "Back again." in client.get(f"/en/people/{recovered.slug}/").text
    latest = Revision.objects.for_object(recovered).latest_ones().get()
    assert (latest.action, latest.status) == (RevisionAction.RECOVERED, RevisionStatus.PUBLISHED)
    assert not Revision.objects.deleted().exists()


def test_quotes_deleted_first_come_back_from_an_earlier_revision(chief):
    person = factories.PersonFactory()
    factories.RoleFactory(person=person)
    quote = factories.QuoteFactory(person=person, text_zh="保留的引语")
    url = admin_url(person, "change")
    chief.post(url, form_data(chief, url, _continue="1"))  # a revision with the quote
    with_quote = Revision.objects.for_object(person).get()

    # PROTECT: the person cannot go while the quote is there …
    assert chief.post(admin_url(person, "delete"), {"post": "yes"}).status_code == 200
    # … so the editor deletes it on the person's page, then the person.
    chief.post(url, form_data(chief, url, **{"quotes-0-DELETE": "on"}, _continue="1"))
    assert not Quote.objects.exists()
    delete(chief, person)

    recover(chief, Person, with_quote)

    assert Quote.objects.get(pk=quote.pk).text_zh == "保留的引语"
    assert Person.objects.get(pk=person.pk).roles.count() == 1


def test_a_row_whose_link_is_gone_is_left_out_and_named(chief):
    person = factories.PersonFactory()
    role = factories.RoleFactory(person=person)
    organization = role.organization
    delete(chief, person)
    organization.delete()  # nothing protects it any more

    response = recover(chief, Person, Revision.objects.deleted().get())

    assert response.status_code == 302
    assert Person.objects.filter(pk=person.pk).exists()
    assert not Role.objects.exists()
    messages = [str(m) for m in chief.get(admin_url(person, "change")).context["messages"]]
    assert any("Left out" in m and role.title_zh in m for m in messages)


def test_an_edition_comes_back_with_its_participations(chief):
    # A year of its own: the factory's sequence runs into the future over a long test run,
    # and a held edition in the future does not validate (recovery validates what it writes).
    edition = factories.EditionFactory(year=2023)
    participation = factories.ParticipationFactory(edition=edition)
    track = factories.TrackFactory(edition=edition)
    pk = edition.pk
    delete(chief, edition)
    assert not Edition.objects.filter(pk=pk).exists()

    recover(chief, Edition, Revision.objects.of_model(Edition).deleted().get())

    recovered = Edition.objects.get(pk=pk)
    assert list(recovered.participations.all()) == [participation]
    assert list(recovered.tracks.all()) == [track]


def test_only_a_chief_editor_recovers(editor, chief):
    person = factories.PersonFactory()
    delete(chief, person)
    revision = Revision.objects.deleted().get()
    assert recover(editor, Person, revision).status_code == 403
    assert not Person.objects.exists()


def test_an_item_that_exists_is_not_recovered_over(chief):
    person = factories.PersonFactory()
    url = admin_url(person, "change")
    chief.post(url, form_data(chief, url, _continue="1"))
    revision = Revision.objects.for_object(person).get()
    assert recover(chief, Person, revision).status_code == 403


def test_an_item_whose_slug_was_taken_meanwhile_is_refused_with_a_message(chief):
    person = factories.PersonFactory(slug="taken")
    pk = person.pk
    delete(chief, person)
    factories.PersonFactory(slug="taken")

    response = recover(chief, Person, Revision.objects.deleted().get())

    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    messages = [str(m) for m in chief.get(response.url).context["messages"]]
    assert any("slug" in m.lower() for m in messages), messages
