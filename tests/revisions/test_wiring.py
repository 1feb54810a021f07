"""Organizations, editions, indicators and news articles take part in drafts as people do; the
publishing job is a periodic task of the worker's database queue."""

import datetime

import feedparser
import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.common import periodic
from config.revisions import scheduling
from config.revisions.models import Revision
from tests import factories
from tests.helpers import DATABASE_QUEUE, sitemap_text

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


def _organization():
    organization = factories.OrganizationFactory(description_en="Live text.")
    factories.MilestoneFactory(organization=organization)
    return organization, f"/en/organizations/{organization.slug}/", "description_en"


def _edition():
    edition = factories.EditionFactory(description_en="Live text.", year=2023)
    factories.ParticipationFactory(edition=edition)
    return edition, f"/en/editions/{edition.number}/", "description_en"


def _indicator():
    indicator = factories.IndicatorFactory(description_en="Live text.")
    factories.ObservationFactory(indicator=indicator)
    return indicator, f"/en/figures/indicators/{indicator.slug}/", "description_en"


def _article():
    article = factories.ArticleFactory(
        standfirst_en="Live text.",
        tags=[factories.TagFactory()],
        people=[factories.PersonFactory()],
    )
    return article, f"/en/news/{article.slug}/", "standfirst_en"


@pytest.mark.parametrize("make", [_organization, _edition, _indicator, _article])
def test_a_draft_waits_and_previews_and_publishes(make, chief, client):
    obj, page, field = make()
    url = admin_url(obj, "change")
    assert "Live text." in client.get(page).text

    chief.post(url, form_data(chief, url, **{field: "Draft text."}, _save_draft="1"))
    assert "Live text." in client.get(page).text
    assert "Draft text." not in client.get(page).text
    preview = chief.post(url, form_data(chief, url, _preview="en"))
    assert "Draft text." in preview.text

    chief.post(url, form_data(chief, url, _continue="1"))
    assert "Draft text." in client.get(page).text
    assert Revision.objects.for_object(obj).latest_ones().get().status == "published"


def test_an_editor_is_not_offered_the_publish_actions(editor, chief):
    factories.PersonFactory()
    editor_actions = editor.get("/admin/profiles/person/").context["action_form"]
    chief_actions = chief.get("/admin/profiles/person/").context["action_form"]
    assert "publish" not in dict(editor_actions.fields["action"].choices)
    assert "publish" in dict(chief_actions.fields["action"].choices)


def test_the_job_keeps_one_run_waiting_and_one_at_each_scheduled_time(
    settings, chief, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    person = factories.PersonFactory()
    url = admin_url(person, "change")
    at = timezone.localtime() + datetime.timedelta(days=1)
    data = form_data(
        chief,
        url,
        bio_en="<p>Tomorrow.</p>",
        publish_at_0=at.strftime("%Y-%m-%d"),
        publish_at_1=at.strftime("%H:%M:%S"),
        _continue="1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        chief.post(url, data)

    waiting = DBTaskResult.objects.filter(
        task_path=scheduling.run_publishing_schedule.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() >= 1
    assert any(abs((r.run_after - at).total_seconds()) < 1 for r in waiting)
    before = waiting.count()
    periodic.ensure_queued(scheduling.run_publishing_schedule)
    assert waiting.count() == before  # idempotent while one waits


def test_the_command_publishes_what_is_due(chief, client, capsys):
    person = factories.PersonFactory(bio_en="<p>Old.</p>")
    url = admin_url(person, "change")
    chief.post(url, form_data(chief, url, bio_en="<p>New.</p>", _save_draft="1"))
    draft = Revision.objects.for_object(person).pending().get()
    Revision.objects.filter(pk=draft.pk).update(
        status="scheduled", go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("publish_scheduled")

    assert "1 published" in capsys.readouterr().out
    assert "New." in client.get(f"/en/people/{person.slug}/").text


def _feed_entries(client, path="/en/news/feed.rss"):
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo
    return [(entry.title, entry.summary) for entry in feed.entries]


def test_an_editors_draft_of_a_live_article_waits_for_a_chief_editor(editor, chief, client):
    article = factories.ArticleFactory(title_en="Live title", standfirst_en="Live standfirst.")
    url = admin_url(article, "change")
    page = f"/en/news/{article.slug}/"

    response = editor.post(
        url,
        form_data(editor, url, title_en="Draft title", standfirst_en="Draft standfirst."),
        follow=True,
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_en == "Live title"
    assert "Live standfirst." in client.get(page).text
    assert "Draft standfirst." not in client.get(page).text
    [(title, summary)] = _feed_entries(client)
    assert (title, "Live standfirst." in summary) == ("Live title", True)
    assert Revision.objects.for_object(article).pending().get().author == editor.user

    # The chief editor sees the draft on the form, previews it in both languages, publishes.
    assert chief.get(url).context["adminform"].form["title_en"].value() == "Draft title"
    preview = chief.post(url, form_data(chief, url, _preview="en"))
    assert "Draft standfirst." in preview.text
    assert preview["X-Robots-Tag"].startswith("noindex")
    assert "新闻" in chief.post(url, form_data(chief, url, _preview="zh-hans")).text
    assert "Live standfirst." in client.get(page).text

    chief.post(url, form_data(chief, url, _continue="1"))
    assert "Draft standfirst." in client.get(page).text
    [(title, summary)] = _feed_entries(client)
    assert (title, "Draft standfirst." in summary) == ("Draft title", True)
    assert Revision.objects.for_object(article).latest_ones().get().status == "published"


def test_an_editor_may_not_publish_an_article_from_the_list(editor, chief):
    factories.ArticleFactory()
    editor_actions = editor.get("/admin/news/article/").context["action_form"]
    chief_actions = chief.get("/admin/news/article/").context["action_form"]
    assert "publish" not in dict(editor_actions.fields["action"].choices)
    assert "publish" in dict(chief_actions.fields["action"].choices)


def _time_passes(article, *, to):
    """The database's clock decides (published() compares with Now()): bring the unpublishing
    time to `to` instead of moving the clock."""
    type(article).objects.filter(pk=article.pk).update(expire_at=to)


def test_an_article_past_its_unpublishing_time_leaves_every_public_list(
    client, django_capture_on_commit_callbacks
):
    tag = factories.TagFactory(slug="ai")
    person = factories.PersonFactory()
    edition = factories.EditionFactory()
    at = timezone.now() + datetime.timedelta(hours=1)
    kept = factories.ArticleFactory(title_en="Kept")
    going = factories.ArticleFactory(
        title_en="Going", expire_at=at, tags=[tag], people=[person], editions=[edition]
    )
    urls = {
        "list": "/en/news/",
        "page": f"/en/news/{going.slug}/",
        "person": f"/en/people/{person.slug}/",
        "edition": f"/en/editions/{edition.number}/",
    }
    before = {name: client.get(url).text for name, url in urls.items()}
    assert all(going.slug in text for text in before.values())
    assert going.slug in sitemap_text(client)
    assert [title for title, _ in _feed_entries(client)] == ["Going", "Kept"]
    assert [title for title, _ in _feed_entries(client, "/en/news/tags/ai/feed.rss")] == ["Going"]

    _time_passes(going, to=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(urls["page"]).status_code == 404
    for name in ("list", "person", "edition"):
        assert going.slug not in client.get(urls[name]).text, name
    # The cached sitemap follows when the job takes the article offline (the expiry itself
    # saves nothing that would tell the cache).
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule()
    assert going.slug not in sitemap_text(client)
    assert kept.slug in client.get(urls["list"]).text
    assert [title for title, _ in _feed_entries(client)] == ["Kept"]
    assert _feed_entries(client, "/en/news/tags/ai/feed.rss") == []
    # The list's filters no longer offer the tag or the person it alone brought.
    news_list = client.get("/en/news/").text
    assert 'value="ai"' not in news_list
    assert f'value="{person.slug}"' not in news_list


def test_the_job_takes_an_expired_article_offline(chief, client):
    article = factories.ArticleFactory()
    url = admin_url(article, "change")
    at = timezone.localtime() + datetime.timedelta(hours=2)
    chief.post(
        url,
        form_data(
            chief,
            url,
            expire_at_0=at.strftime("%Y-%m-%d"),
            expire_at_1=at.strftime("%H:%M:%S"),
            _continue="1",
        ),
    )
    article.refresh_from_db()
    assert article.expire_at is not None
    assert article.is_published

    assert scheduling.run_schedule(now=timezone.now()) == {
        "published": 0,
        "unpublished": 0,
        "failed": 0,
    }
    assert scheduling.run_schedule(now=at + datetime.timedelta(minutes=1))["unpublished"] == 1

    article.refresh_from_db()
    assert not article.is_published
    assert client.get(f"/en/news/{article.slug}/").status_code == 404
