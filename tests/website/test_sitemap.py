"""The sitemap index, its paginated sections, and their cache, fresh after every change."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.website import sitemaps
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


# ---- every page of a paginated section -------------------------------------------------------

NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def parsed(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 (the site's own sitemap)


@pytest.fixture
def small_pages(monkeypatch):
    """Sections split into pages of three rows (six <url> entries), so a few rows span pages."""
    monkeypatch.setattr(sitemaps._BilingualSitemap, "limit", 6)


def test_the_index_dates_each_page_by_the_latest_change_of_its_own_rows(client, small_pages):
    people = PersonFactory.create_batch(7)  # pages of three, three and one
    people[4].save()  # the latest change, on the second page

    index = client.get("/sitemap.xml").text

    dates = re.findall(r"<loc>([^<]+sitemap-people[^<]*)</loc><lastmod>([^<]+)</lastmod>", index)
    assert dates == [
        (
            f"http://testserver/sitemap-people.xml{query}",
            timezone.localtime(person.updated_at).isoformat(),
        )
        for query, person in [("", people[2]), ("?p=2", people[4]), ("?p=3", people[6])]
    ]
    assert people[4].updated_at > people[5].updated_at


def test_the_index_and_every_page_are_valid_sitemaps_whose_addresses_all_answer(
    client, small_pages
):
    call_command("load_scale_data", "--people", "12", stdout=None)

    index = parsed(client.get("/sitemap.xml"))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    pages = index.findall("sitemap:sitemap", NAMESPACES)
    assert len(pages) > len(SECTIONS)  # some sections take several pages
    listed = []
    for page in pages:
        response = client.get(page.findtext("sitemap:loc", namespaces=NAMESPACES))
        assert response.status_code == 200
        urlset = parsed(response)
        assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        for url in urlset.findall("sitemap:url", NAMESPACES):
            location = url.findtext("sitemap:loc", namespaces=NAMESPACES)
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NAMESPACES)
            }
            assert set(alternates) == {"zh-hans", "en", "x-default"}, location
            assert location in alternates.values()
            assert alternates["x-default"] == alternates["zh-hans"]
            listed.append(location)

    assert len(listed) == len(set(listed))
    for location in listed:
        assert client.get(location).status_code == 200, location


@pytest.mark.parametrize("people", [12, 48])
def test_the_index_and_each_page_cost_the_same_queries_at_any_size(client, small_pages, people):
    call_command("load_scale_data", "--people", str(people), stdout=None)
    cache.clear()

    pages = [
        "/sitemap.xml",
        "/sitemap-people.xml",
        "/sitemap-people.xml?p=2",
        "/sitemap-people.xml?p=3",
        "/sitemap-indicators.xml?p=2",
    ]
    # The index reads each section's dates in one query, and when the next item goes offline.
    assert {page: queries_for(client, page) for page in pages} == {
        "/sitemap.xml": 7,
        "/sitemap-people.xml": 3,
        "/sitemap-people.xml?p=2": 3,
        "/sitemap-people.xml?p=3": 3,
        "/sitemap-indicators.xml?p=2": 3,
    }


@pytest.mark.parametrize("position", [0, 4, 7], ids=["first page", "middle page", "last page"])
def test_an_edit_shows_on_the_page_that_lists_the_row_right_after_it_is_saved(
    client, small_pages, django_capture_on_commit_callbacks, position
):
    people = PersonFactory.create_batch(8)
    edited = people[position]
    url = f"/sitemap-people.xml?p={position // 3 + 1}"
    for number in (1, 2, 3):  # every page kept in the cache
        client.get(f"/sitemap-people.xml?p={number}")
    assert f"/en/people/{edited.slug}/" in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        old_slug, edited.slug = edited.slug, "renamed"
        edited.save()

    fresh = client.get(url).text
    assert f"/en/people/{old_slug}/" not in fresh
    assert "/en/people/renamed/" in fresh
