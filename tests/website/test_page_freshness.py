"""Never stale after an edit: each kind of content, changed through the admin as editors do,
shows on the next anonymous request of every page that shows it, though those pages were
served from the cache just before. Also publishing, unpublishing (by hand and by schedule),
deleting, and the wiring of every model (forum/website/freshness.py)."""

import datetime
import time
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.common.content_cache import content_changed
from config.revisions import scheduling
from config.revisions.models import Revision
from forum.website import freshness
from tests import factories
from tests.revisions.conftest import admin_url, form_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]


def assert_served_from_cache(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(captured) == 0, f"{url} was not cached"
    return response


@dataclass
class Case:
    obj: object  # edited through its admin change form
    changes: dict
    pages: list
    before: str
    after: str
    inline_field: str = ""  # the suffix of an inline row's field to change instead
    extra: dict = field(default_factory=dict)


def _person():
    role = factories.RoleFactory(person__name_en="Old Name", organization__name_en="Acme Robotics")
    person, organization = role.person, role.organization
    return Case(
        person,
        {"name_en": "New Name"},
        [f"/en/people/{person.slug}/", "/en/people/", f"/en/organizations/{organization.slug}/"],
        "Old Name",
        "New Name",
    )


def _organization():
    role = factories.RoleFactory(organization__name_en="Old Company")
    person, organization = role.person, role.organization
    return Case(
        organization,
        {"name_en": "New Company"},
        [
            f"/en/organizations/{organization.slug}/",
            "/en/organizations/",
            f"/en/people/{person.slug}/",
        ],
        "Old Company",
        "New Company",
    )


def _role():
    role = factories.RoleFactory(title_en="Old Title")
    return Case(
        role,
        {"title_en": "New Title"},
        [f"/en/people/{role.person.slug}/", f"/en/organizations/{role.organization.slug}/"],
        "Old Title",
        "New Title",
    )


def _milestone():
    milestone = factories.MilestoneFactory(title_en="Old Milestone")
    return Case(
        milestone,
        {"title_en": "New Milestone"},
        [f"/en/organizations/{milestone.organization.slug}/"],
        "Old Milestone",
        "New Milestone",
    )


def _quote():
    quote = factories.QuoteFactory(text_en="Old words")
    return Case(
        quote,
        {"text_en": "New words"},
        [f"/en/people/{quote.person.slug}/"],
        "Old words",
        "New words",
    )


def _edition():
    edition = factories.EditionFactory(venue_en="Old Hall")
    return Case(
        edition,
        {"venue_en": "New Hall"},
        [f"/en/editions/{edition.number}/"],
        "Old Hall",
        "New Hall",
    )


def _track():
    track = factories.TrackFactory(name_en="Old Track")
    return Case(
        track,
        {"name_en": "New Track"},
        [f"/en/editions/{track.edition.number}/"],
        "Old Track",
        "New Track",
    )


def _agenda_item():
    item = factories.AgendaItemFactory(title_en="Old Session", edition__year=2025)
    return Case(
        item,
        {"title_en": "New Session"},
        [f"/en/editions/{item.edition.number}/"],
        "Old Session",
        "New Session",
    )


def _participation():
    participation = factories.ParticipationFactory(note_en="Old note")
    return Case(
        participation,
        {"note_en": "New note"},
        [
            f"/en/people/{participation.person.slug}/",
            f"/en/editions/{participation.edition.number}/",
        ],
        "Old note",
        "New note",
    )


def _photo():
    photo = factories.EditionPhotoFactory(caption_en="Old caption")
    return Case(
        photo.edition,
        {},
        [f"/en/editions/{photo.edition.number}/"],
        "Old caption",
        "New caption",
        inline_field="caption_en",
    )


def _image():
    photo = factories.EditionPhotoFactory(
        caption_zh="", caption_en="", image__caption_en="Old image caption"
    )
    return Case(
        photo.image,
        {"caption_en": "New image caption"},
        [f"/en/editions/{photo.edition.number}/"],
        "Old image caption",
        "New image caption",
    )


def _sector():
    sector = factories.SectorFactory(name_en="Old Sector")
    factories.ObservationFactory(indicator__sector=sector)
    return Case(
        sector,
        {"name_en": "New Sector"},
        [f"/en/figures/sectors/{sector.slug}/", "/en/figures/"],
        "Old Sector",
        "New Sector",
    )


def _indicator():
    observation = factories.ObservationFactory(indicator__name_en="Old Indicator")
    indicator = observation.indicator
    return Case(
        indicator,
        {"name_en": "New Indicator"},
        [
            f"/en/figures/indicators/{indicator.slug}/",
            f"/en/figures/sectors/{indicator.sector.slug}/",
        ],
        "Old Indicator",
        "New Indicator",
    )


def _observation():
    observation = factories.ObservationFactory(note_en="Old observation note")
    return Case(
        observation,
        {"note_en": "New observation note"},
        [f"/en/figures/indicators/{observation.indicator.slug}/"],
        "Old observation note",
        "New observation note",
    )


def _source():
    observation = factories.ObservationFactory(source__title_en="Old Source")
    return Case(
        observation.source,
        {"title_en": "New Source"},
        [f"/en/figures/indicators/{observation.indicator.slug}/"],
        "Old Source",
        "New Source",
    )


def _article():
    article = factories.ArticleFactory(title_en="Old Headline")
    return Case(
        article,
        {"title_en": "New Headline"},
        [f"/en/news/{article.slug}/", "/en/news/", "/en/", "/en/news/feed.rss"],
        "Old Headline",
        "New Headline",
    )


def _tag():
    tag = factories.TagFactory(name_en="Old Tag")
    article = factories.ArticleFactory(tags=[tag])
    return Case(tag, {"name_en": "New Tag"}, [f"/en/news/{article.slug}/"], "Old Tag", "New Tag")


def _registration_settings():
    registration_settings = factories.RegistrationSettingsFactory(capacity=120)
    return Case(
        registration_settings,
        {"capacity": "95"},
        [f"/en/editions/{registration_settings.edition.number}/"],
        "120 seats",
        "95 seats",
    )


CASES = [
    _person,
    _organization,
    _role,
    _milestone,
    _quote,
    _edition,
    _track,
    _agenda_item,
    _participation,
    _photo,
    _image,
    _sector,
    _indicator,
    _observation,
    _source,
    _article,
    _tag,
    _registration_settings,
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("make_case", CASES, ids=lambda make: make.__name__.strip("_"))
def test_an_edit_through_the_admin_shows_on_the_next_request_of_every_page(
    client, admin_client, make_case
):
    case = make_case()
    for url in case.pages:
        assert case.before in client.get(url).text, url
        assert_served_from_cache(client, url)

    url = admin_url(case.obj, "change")
    data = form_data(admin_client, url, _continue="1", **case.changes)
    if case.inline_field:
        (key,) = [k for k in data if k.endswith(f"-0-{case.inline_field}")]
        data[key] = case.after
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    for url in case.pages:
        text = client.get(url).text
        assert case.after in text, url
        assert case.before not in text, url


# ---- publishing, unpublishing, deleting --------------------------------------------------------


@pytest.fixture
def person():
    return factories.RoleFactory(person__name_en="Ada Example").person


def _person_pages(person):
    return [f"/en/people/{person.slug}/", "/en/people/"]


def _cache_pages(client, person):
    for url in _person_pages(person):
        assert "Ada Example" in client.get(url).text
        assert_served_from_cache(client, url)


def _action(admin_client, person, action):
    url = reverse("admin:profiles_person_changelist")
    response = admin_client.post(url, {"action": action, "_selected_action": [person.pk]})
    assert response.status_code == 302


def test_unpublishing_in_the_admin_takes_the_person_off_every_page_at_once(
    client, admin_client, person
):
    _cache_pages(client, person)

    _action(admin_client, person, "unpublish")

    assert client.get(f"/en/people/{person.slug}/").status_code == 404
    assert "Ada Example" not in client.get("/en/people/").text


def test_publishing_in_the_admin_shows_the_person_at_once(client, admin_client, person):
    _action(admin_client, person, "unpublish")
    assert client.get(f"/en/people/{person.slug}/").status_code == 404
    assert "Ada Example" not in client.get("/en/people/").text
    assert_served_from_cache(client, "/en/people/")

    _action(admin_client, person, "publish")

    for url in _person_pages(person):
        assert "Ada Example" in client.get(url).text


def test_deleting_in_the_admin_takes_the_person_off_every_page_at_once(
    client, admin_client, person
):
    _cache_pages(client, person)
    person.roles.all().delete()

    response = admin_client.post(admin_url(person, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert client.get(f"/en/people/{person.slug}/").status_code == 404
    assert "Ada Example" not in client.get("/en/people/").text


def test_a_scheduled_publication_shows_once_the_job_applies_it(client, admin_client, person):
    _cache_pages(client, person)
    url = admin_url(person, "change")
    admin_client.post(url, form_data(admin_client, url, name_en="Ada Scheduled", _save_draft="1"))
    draft = Revision.objects.for_object(person).pending().get()
    scheduling.schedule(
        revision=draft, at=timezone.now() + datetime.timedelta(minutes=5), user=None
    )
    assert "Ada Example" in client.get(f"/en/people/{person.slug}/").text

    scheduling.run_schedule(now=timezone.now() + datetime.timedelta(minutes=6))

    for url in _person_pages(person):
        assert "Ada Scheduled" in client.get(url).text


def test_a_page_is_not_kept_past_an_items_unpublishing_time(client, person):
    person.expire_at = timezone.now() + datetime.timedelta(seconds=2)
    person.save()
    _cache_pages(client, person)

    time.sleep(3)

    # Before the worker's job has run: the clock alone made the pages stale.
    assert client.get(f"/en/people/{person.slug}/").status_code == 404
    assert "Ada Example" not in client.get("/en/people/").text


def test_the_scheduled_unpublishing_job_keeps_the_pages_fresh(client, person):
    person.expire_at = timezone.now() + datetime.timedelta(hours=1)
    person.save()
    _cache_pages(client, person)

    done = scheduling.run_schedule(now=timezone.now() + datetime.timedelta(hours=2))

    assert done["unpublished"] == 1
    person.refresh_from_db()
    assert not person.is_published


def test_a_preview_neither_reads_nor_fills_the_cache(client, admin_client, person):
    _cache_pages(client, person)
    url = admin_url(person, "change")

    preview = admin_client.post(
        url, form_data(admin_client, url, name_en="Ada Unsaved", _preview="en")
    )
    assert "Ada Unsaved" in preview.text

    admin_client.post(url, form_data(admin_client, url, name_en="Ada Draft", _save_draft="1"))
    draft = Revision.objects.for_object(person).pending().get()
    share = reverse("admin:profiles_person_revisions_action", args=[person.pk, draft.pk, "share"])
    shared = admin_client.post(share, {"language": "en"}, follow=True)
    link = next(str(m.message) for m in shared.context["messages"] if "/preview/" in str(m.message))
    path = link[link.index("/preview/") : link.index('"', link.index("/preview/"))]
    # The reviewer without an account is as anonymous as any visitor.
    assert "Ada Draft" in client.get(path).text
    assert "Ada Draft" in client.get(path).text

    for url in _person_pages(person):
        page = assert_served_from_cache(client, url).text
        assert "Ada Example" in page
        assert "Ada Draft" not in page
        assert "Ada Unsaved" not in page


# ---- the wiring ------------------------------------------------------------------------------


def _receivers(signal, sender):
    return list(signal._live_receivers(sender)[0])


def test_every_model_is_content_or_named_as_not_shown():
    shown = {model._meta.label for model in freshness.shown_models()}
    every = {model._meta.label for model in apps.get_models()}

    unclassified = every - shown - set(freshness.NOT_SHOWN)
    assert not unclassified, (
        f"{sorted(unclassified)}: add the app to SHOWN_APPS or SHOWN_MODELS if a public page "
        "shows its rows, else to NOT_SHOWN with the reason (forum/website/freshness.py)"
    )
    assert not shown & set(freshness.NOT_SHOWN)
    assert not set(freshness.NOT_SHOWN) - every, "NOT_SHOWN names a model that is gone"


@pytest.mark.parametrize("model", freshness.shown_models(), ids=lambda m: m._meta.label)
def test_every_content_model_draws_a_new_version_when_saved_deleted_or_linked(model):
    assert content_changed in _receivers(post_save, model)
    assert content_changed in _receivers(post_delete, model)
    for many in model._meta.many_to_many:
        assert content_changed in _receivers(m2m_changed, many.remote_field.through)
