"""The sitemap index, its paginated sections, and their cache, fresh after every change."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.website.sitemaps import PersonSitemap
from tests.factories import ArticleFactory, IndicatorFactory, PersonFactory
from tests.helpers import queries_for, sitemap_text

pytestmark = pytest.mark.django_db

SECTIONS = ["pages", "people", "organizations", "editions", "sectors", "indicators", "news"]


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_the_index_lists_one_section_per_kind_of_page(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert locations(response.content.decode()) == [
        f"http://testserver/sitemap-{section}.xml" for section in SECTIONS
    ]


def test_a_long_section_is_split_into_pages_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(PersonSitemap, "limit", 4)  # two people in two languages
    people = PersonFactory.create_batch(5)

    index = client.get("/sitemap.xml").content.decode()
    pages = [url for url in locations(index) if "sitemap-people" in url]

    assert pages == [
        "http://testserver/sitemap-people.xml",
        "http://testserver/sitemap-people.xml?p=2",
        "http://testserver/sitemap-people.xml?p=3",
    ]
    last_page = client.get("/sitemap-people.xml?p=3").content.decode()
    assert locations(last_page) == [
        f"http://testserver/zh-hans/people/{people[4].slug}/",
        f"http://testserver/en/people/{people[4].slug}/",
    ]


def test_the_index_dates_each_section_by_its_latest_change(client):
    person = PersonFactory()

    index = client.get("/sitemap.xml").content.decode()

    assert (
        "<loc>http://testserver/sitemap-people.xml</loc>"
        f"<lastmod>{timezone.localtime(person.updated_at).isoformat()}</lastmod>" in index
    )
    assert "<loc>http://testserver/sitemap-organizations.xml</loc></sitemap>" in index


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-people.xml?p=9", "/sitemap-people.xml?p=x"]
)
def test_an_unknown_section_or_page_is_not_found_and_not_kept(client, url):
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_a_repeated_request_is_answered_from_the_cache_without_a_query(client):
    PersonFactory()
    first = client.get("/sitemap-people.xml")

    with CaptureQueriesContext(connection) as captured:
        second = client.get("/sitemap-people.xml")

    assert len(captured) == 0
    assert second.content == first.content
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"]


def test_a_section_costs_the_same_queries_for_few_rows_and_many(client):
    PersonFactory.create_batch(2)
    few = queries_for(client, "/sitemap-people.xml")
    cache.clear()
    PersonFactory.create_batch(30)

    assert queries_for(client, "/sitemap-people.xml") == few
    assert few <= 4  # with the one asking when the next item goes offline


def test_the_index_costs_the_same_queries_for_few_rows_and_many(client):
    PersonFactory.create_batch(2)
    few = queries_for(client, "/sitemap.xml")
    cache.clear()
    PersonFactory.create_batch(30)
    ArticleFactory.create_batch(10)

    assert queries_for(client, "/sitemap.xml") == few


def test_a_new_row_is_in_the_sitemap_right_after_it_is_saved(
    client, django_capture_on_commit_callbacks
):
    sitemap_text(client)

    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(slug="just-saved")

    assert f"/en/people/{person.slug}/" in sitemap_text(client)


def test_an_unpublished_row_leaves_the_sitemap_right_after_it_is_saved(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    assert article.slug in sitemap_text(client)

    with django_capture_on_commit_callbacks(execute=True):
        article.is_published = False
        article.save()

    assert article.slug not in sitemap_text(client)


def test_a_deleted_row_leaves_the_sitemap(client, django_capture_on_commit_callbacks):
    person = PersonFactory()
    assert person.slug in sitemap_text(client)

    with django_capture_on_commit_callbacks(execute=True):
        person.delete()

    assert person.slug not in sitemap_text(client)


def test_unpublishing_a_sector_takes_its_indicators_out(client, django_capture_on_commit_callbacks):
    indicator = IndicatorFactory()
    assert indicator.slug in sitemap_text(client)

    with django_capture_on_commit_callbacks(execute=True):
        indicator.sector.is_published = False
        indicator.sector.save()

    assert indicator.slug not in sitemap_text(client)


def test_an_edit_through_the_admin_is_in_the_next_answer(
    admin_client, client, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    assert person.slug in sitemap_text(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/profiles/person/",
            {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert person.slug not in sitemap_text(client)


def test_a_change_that_rolls_back_keeps_the_cached_answer(client):
    PersonFactory()
    before = client.get("/sitemap-people.xml").content

    PersonFactory(slug="never-committed")  # the test's transaction never commits

    assert client.get("/sitemap-people.xml").content == before
