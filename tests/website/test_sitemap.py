"""The sitemap index, its paginated sections, and their cache, fresh after every change.

Pages hold fixed ranges of keys (the database computes which page a key is on, and the
index's dates): these tests run on every database.
"""

import datetime
import re
import time
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.website import sitemaps
from forum.website.models import DeletedRow
from forum.website.sitemaps import PersonSitemap
from metrics.models import Sector
from profiles.models import Person
from tests.factories import ArticleFactory, IndicatorFactory, PersonFactory, SectorFactory
from tests.helpers import queries_for, sitemap_page_of, sitemap_text

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

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


def people_with_keys(*keys):
    """People with these keys: a page holds a fixed range of keys."""
    return [PersonFactory(pk=key) for key in keys]


def test_a_long_section_is_split_into_pages_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(PersonSitemap, "limit", 4)  # two people in two languages
    people = people_with_keys(1, 2, 3, 4, 5)

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


def test_a_page_holds_a_range_of_keys_and_a_range_without_rows_is_not_listed(client, monkeypatch):
    monkeypatch.setattr(PersonSitemap, "limit", 4)  # keys 1-2 on page 1, 3-4 on 2, 5-6 on 3
    people = people_with_keys(2, 5, 6)
    PersonFactory(pk=4, is_published=False)

    index = client.get("/sitemap.xml").content.decode()

    assert [url for url in locations(index) if "sitemap-people" in url] == [
        "http://testserver/sitemap-people.xml",
        "http://testserver/sitemap-people.xml?p=3",
    ]
    assert client.get("/sitemap-people.xml?p=2").status_code == 404
    assert locations(client.get("/sitemap-people.xml?p=3").content.decode()) == [
        f"http://testserver/{language}/people/{person.slug}/"
        for person in people[1:]
        for language in ("zh-hans", "en")
    ]


def test_the_index_dates_each_section_by_its_latest_change(client):
    person = PersonFactory()

    index = client.get("/sitemap.xml").content.decode()

    assert (
        f"<loc>http://testserver{sitemap_page_of(person)}</loc>"
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
    page = sitemap_page_of(PersonFactory())
    first = client.get(page)

    with CaptureQueriesContext(connection) as captured:
        second = client.get(page)

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
    people = people_with_keys(*range(1, 8))  # pages of three, three and one
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
    # Gaps in the keys: whole pages and single rows gone.
    people = list(Person.objects.order_by("pk"))
    Person.objects.filter(pk__in=[person.pk for person in people[3:6]]).delete()
    Person.objects.filter(pk=people[7].pk).update(is_published=False)

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
    assert {location for location in listed if re.search(r"/people/.", location)} == {
        f"http://testserver/{language}/people/{person.slug}/"
        for person in Person.objects.published()
        for language in ("zh-hans", "en")
    }
    for location in listed:
        assert client.get(location).status_code == 200, location


@pytest.mark.parametrize("people", [12, 48])
def test_the_index_and_each_page_cost_the_same_queries_at_any_size(client, small_pages, people):
    call_command("load_scale_data", "--people", str(people), stdout=None)
    Person.objects.filter(pk__in=Person.objects.order_by("pk")[: people // 4]).delete()
    cache.clear()

    # The index reads each section's dated pages in one query, and when the next item goes
    # offline; a page then reads its rows.
    assert queries_for(client, "/sitemap.xml") == 7
    listed = [url.replace("&amp;", "&") for url in locations(client.get("/sitemap.xml").text)]
    pages = [url for url in listed if "sitemap-people" in url][:3] + [
        url for url in listed if "sitemap-indicators" in url
    ][1:2]
    assert len(pages) == 4
    assert {page: queries_for(client, page) for page in pages} == dict.fromkeys(pages, 1)


@pytest.mark.parametrize("position", [0, 4, 7], ids=["first page", "middle page", "last page"])
def test_an_edit_shows_on_the_page_that_lists_the_row_right_after_it_is_saved(
    client, small_pages, django_capture_on_commit_callbacks, position
):
    people = people_with_keys(*range(1, 9))
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


# ---- a row leaving a page redates that page, and only it ---------------------------------------


def people_pages(client):
    """{address: (lastmod, locations)} of each page of people the index lists."""
    index = client.get("/sitemap.xml").text
    found = re.findall(
        r"<loc>([^<]+sitemap-people[^<]*)</loc>(?:<lastmod>([^<]+)</lastmod>)?", index
    )
    return {
        address: (
            lastmod and datetime.datetime.fromisoformat(lastmod),
            locations(client.get(address.replace("&amp;", "&")).text),
        )
        for address, lastmod in found
    }


def delete(person):
    person.delete()


def unpublish(person):
    person.is_published = False
    person.save()


@pytest.mark.parametrize("leave", [delete, unpublish])
def test_a_row_leaving_an_early_page_redates_every_page_whose_list_changed(
    client, small_pages, django_capture_on_commit_callbacks, leave
):
    people = people_with_keys(*range(1, 8))  # pages of three, three and one
    people[4].save()  # the second page's latest change, later than the third page's row
    before = people_pages(client)

    with django_capture_on_commit_callbacks(execute=True):
        leave(people[1])

    after = people_pages(client)
    changed = {
        page
        for page in before.keys() | after.keys()
        if before.get(page, (None, None))[1] != after.get(page, (None, None))[1]
    }
    for page in changed & before.keys() & after.keys():
        assert after[page][0] > before[page][0], page
    # Only the row's own page changed; the others keep their list and their date.
    assert changed == {"http://testserver/sitemap-people.xml"}
    assert after.keys() == before.keys()
    for page in before.keys() - changed:
        assert after[page] == before[page]


def test_a_row_going_offline_at_its_unpublishing_time_redates_its_page(
    client, small_pages, django_capture_on_commit_callbacks
):
    people = people_with_keys(1, 2, 3, 4)
    with django_capture_on_commit_callbacks(execute=True):
        people[0].expire_at = timezone.now() + datetime.timedelta(seconds=2)
        people[0].save()  # the latest change of the first page
    before = people_pages(client)

    time.sleep(3)  # before the worker's job has run: the clock alone changed the page

    after = people_pages(client)
    first_page = "http://testserver/sitemap-people.xml"
    assert f"http://testserver/en/people/{people[0].slug}/" not in after[first_page][1]
    assert after[first_page][0] > before[first_page][0]


def test_unpublishing_a_sector_redates_the_page_of_its_figures(
    client, small_pages, django_capture_on_commit_callbacks
):
    hidden, shown = SectorFactory(), SectorFactory()
    IndicatorFactory(pk=1, sector=hidden)
    IndicatorFactory(pk=2, sector=shown)
    IndicatorFactory(pk=3, sector=shown)  # the page's latest change
    dated = r"<loc>http://testserver/sitemap-indicators.xml</loc><lastmod>([^<]+)</lastmod>"
    before = re.search(dated, client.get("/sitemap.xml").text)[1]

    with django_capture_on_commit_callbacks(execute=True):
        hidden.is_published = False
        hidden.save()

    after = re.search(dated, client.get("/sitemap.xml").text)[1]
    assert datetime.datetime.fromisoformat(after) > datetime.datetime.fromisoformat(before)
    assert Sector.objects.get(pk=hidden.pk).updated_at == datetime.datetime.fromisoformat(after)


def test_a_section_left_empty_is_dated_by_its_last_row_leaving(
    client, django_capture_on_commit_callbacks
):
    (person,) = people_with_keys(1)
    client.get("/sitemap.xml")

    with django_capture_on_commit_callbacks(execute=True):
        person.delete()

    index = client.get("/sitemap.xml").text
    assert re.search(r"<loc>http://testserver/sitemap-people.xml</loc><lastmod>", index)


def test_the_record_of_deletions_keeps_one_row_a_page_the_latest(
    client, small_pages, django_capture_on_commit_callbacks
):
    people = people_with_keys(*range(1, 8))  # pages of three, three and one
    with django_capture_on_commit_callbacks(execute=True):
        for person in (people[3], people[0], people[4], people[1]):
            person.delete()
    deleted_people = DeletedRow.objects.filter(model_label="profiles.Person")
    last_on_first_page = deleted_people.get(row_key__lte=3)
    last_on_second_page = deleted_people.get(row_key__range=(4, 6))

    pages = people_pages(client)

    assert deleted_people.count() == 2
    assert last_on_first_page.row_key == 2
    assert last_on_second_page.row_key == 5
    first, second = (
        "http://testserver/sitemap-people.xml",
        "http://testserver/sitemap-people.xml?p=2",
    )
    assert pages[first][0] == last_on_first_page.deleted_at
    assert pages[second][0] == max(last_on_second_page.deleted_at, people[5].updated_at)
