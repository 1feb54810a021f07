"""Parts of public pages kept in the cache ({% content_cache %}): drawn once (search results
once per query), without their queries afterwards, and drawn afresh after any committed change
to public content.

These tests commit (transactional database): inside a transaction nothing is kept, since a
preview draws drafts inside one that is rolled back."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from config.common.content_cache import cached_answer
from tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationSettingsFactory,
    RoleFactory,
    SectorFactory,
)
from tests.helpers import queries_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.every_database]

FIGURES = "/en/figures/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _whole_pages_not_kept(settings):
    """The parts, not the whole page (config.common.page_cache), are what these tests keep."""
    settings.PAGE_CACHE = False


def figures_page(client):
    return client.get(FIGURES).content.decode()


def test_a_kept_part_is_drawn_again_without_its_queries(client):
    ObservationFactory(indicator=IndicatorFactory(sector=SectorFactory()))

    first = queries_for(client, FIGURES)
    again = queries_for(client, FIGURES)

    assert first >= 4  # sectors, counts, first indicators, their observations
    assert again == 0
    assert client.get(FIGURES).content == client.get(FIGURES).content


def test_a_change_to_content_shows_on_the_next_request(client):
    indicator = IndicatorFactory(name_en="Chip output")
    assert "Chip output" in figures_page(client)

    indicator.name_en = "Wafer output"
    indicator.save()

    html = figures_page(client)
    assert "Wafer output" in html
    assert "Chip output" not in html


def test_each_language_keeps_its_own_copy(client):
    IndicatorFactory(name_zh="芯片产量", name_en="Chip output")

    assert "Chip output" in figures_page(client)
    assert "芯片产量" in client.get("/zh-hans/figures/").content.decode()


def test_nothing_drawn_inside_a_transaction_is_kept(client):
    """A preview draws a draft inside a transaction that is rolled back."""
    IndicatorFactory(name_en="Chip output")
    figures_page(client)  # kept under the current version

    with transaction.atomic():
        IndicatorFactory(name_en="Never committed")
        cache.clear()  # whatever was kept, the page inside the transaction is drawn afresh
        inside = figures_page(client)
        transaction.set_rollback(True)

    assert "Never committed" in inside
    assert "Never committed" not in figures_page(client)


def test_a_kept_person_page_reads_only_the_person_and_follows_edits_elsewhere(client):
    role = RoleFactory(organization__name_en="MetaX")
    page = f"/en/people/{role.person.slug}/"
    queries_for(client, page)

    assert queries_for(client, page) == 1  # the person, for the page's head
    role.organization.name_en = "MetaX Integrated Circuits"
    role.organization.save()
    assert "MetaX Integrated Circuits" in client.get(page).content.decode()


@pytest.mark.parametrize("page", ["/en/people/", "/en/people/?page=2", "/en/organizations/"])
def test_a_kept_list_runs_no_query(client, page):
    PersonFactory.create_batch(30)
    OrganizationFactory.create_batch(3)
    first = client.get(page).content

    assert queries_for(client, page) == 0
    assert client.get(page).content == first


def test_a_kept_list_still_names_its_page_in_the_title(client):
    PersonFactory.create_batch(30)
    client.get("/en/people/?page=2")

    html = client.get("/en/people/?page=2").content.decode()

    assert "<title>Entrepreneurs · page 2 · " in html


def test_kept_home_and_edition_pages_read_only_what_registering_says(client):
    """The editions with their registration settings, and the seats taken while it is open:
    what changes without an edit. Everything else on them is kept."""
    edition = RegistrationSettingsFactory().edition
    for page in ("/en/", f"/en/editions/{edition.number}/"):
        queries_for(client, page)

        assert queries_for(client, page) == 2, page


def test_the_kept_layout_marks_each_page_s_own_section_and_language(client):
    client.get("/en/people/")

    organizations = client.get("/en/organizations/").content.decode()
    chinese = client.get("/zh-hans/organizations/").content.decode()

    assert '<a href="/en/organizations/" aria-current="page">Organizations</a>' in organizations
    assert 'aria-current="page">Entrepreneurs' not in organizations
    assert 'href="/zh-hans/organizations/" hreflang="zh-hans"' in organizations  # switch
    assert '<a href="/zh-hans/organizations/" aria-current="page">' in chinese
    assert 'href="/en/organizations/" hreflang="en"' in chinese


def test_a_kept_search_runs_no_query_until_the_content_changes(client):
    PersonFactory(name_en="Li Ganglin")
    page = "/en/search/?q=Ganglin"
    first = client.get(page).content

    assert queries_for(client, page) == 0
    assert client.get(page).content == first
    PersonFactory(name_en="Wang Ganglin")
    assert "Wang Ganglin" in client.get(page).content.decode()


def test_each_query_and_language_keeps_its_own_search_results(client):
    PersonFactory(name_zh="李刚琳", name_en="Li Ganglin")
    PersonFactory(name_zh="赵伟", name_en="Zhao Wei")
    ganglin = client.get("/en/search/?q=Ganglin").content.decode()

    zhao = client.get("/en/search/?q=Zhao").content.decode()
    chinese = client.get("/zh-hans/search/?q=Ganglin").content.decode()

    assert "Li Ganglin" in ganglin
    assert "Zhao Wei" not in ganglin
    assert "Zhao Wei" in zhao
    assert "Li Ganglin" not in zhao
    assert "李刚琳" in chinese
    assert "“Ganglin”共有1条结果" in chinese


def test_a_part_drawn_just_before_a_clock_moment_is_kept_until_it_and_not_after():
    # A person going offline at a moment 0.8 s away bounds every kept answer.
    moment = timezone.now() + datetime.timedelta(seconds=0.8)
    PersonFactory(expire_at=moment)
    drawn = []

    def draw():
        drawn.append(timezone.now())
        return "drawn"

    assert cached_answer("probe", draw) == "drawn"
    assert cached_answer("probe", draw) == "drawn"
    assert timezone.now() < moment, "the machine was too slow to test this"
    assert len(drawn) == 1  # kept, though less than a second is left

    time.sleep((moment - timezone.now()).total_seconds() + 0.05)

    assert cached_answer("probe", draw) == "drawn"
    assert len(drawn) == 2
