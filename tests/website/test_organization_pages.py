"""The organizations pages: filters, sorting, pagination, details, queries.

The entrepreneurs pages are in tests/website/test_people_pages.py."""

import datetime
from decimal import Decimal

import pytest

from config.common.dates import DatePrecision
from metrics.enums import Qualifier, Scale
from profiles.enums import Board, Exchange, MilestoneKind, OrganizationKind
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    ObservationFactory,
    OrganizationFactory,
    RoleFactory,
    SectorFactory,
    SourceFactory,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


# Organizations list ------------------------------------------------------------------------


def org_names(response, organizations):
    html = response.content.decode()
    return {o.name_en for o in organizations if o.name_en in html}


def test_organization_list_hides_unpublished(client):
    shown = OrganizationFactory(name_en="Shown Org")
    hidden = OrganizationFactory(name_en="Hidden Org", is_published=False)

    assert org_names(client.get("/en/organizations/"), [shown, hidden]) == {"Shown Org"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=research_institute", {"Institute"}),
        ("district=pudong", {"Pudong Co"}),
        ("sector=chips", {"Pudong Co"}),
        ("listing=listed", {"Pudong Co"}),
        ("listing=unlisted", {"Institute"}),
        ("exchange=sse", {"Pudong Co"}),
        ("exchange=hkex", set()),
        ("board=star", {"Pudong Co"}),
        ("founded_min=2015", {"Pudong Co"}),
        ("founded_max=2015", {"Institute"}),
        ("founded_min=1990&founded_max=2030&kind=company", {"Pudong Co"}),
        ("q=浦东", {"Pudong Co"}),
        ("q=institute", {"Institute"}),
    ],
)
def test_organization_list_filters(client, query, expected):
    company = OrganizationFactory(
        name_zh="浦东公司", name_en="Pudong Co", district="pudong", founded_year=2020
    )
    company.sectors.add(SectorFactory(slug="chips"))
    MilestoneFactory(
        organization=company, kind=MilestoneKind.LISTING, exchange=Exchange.SSE, board=Board.STAR
    )
    institute = OrganizationFactory(
        name_zh="研究所",
        name_en="Institute",
        kind=OrganizationKind.RESEARCH_INSTITUTE,
        founded_year=1964,
    )

    response = client.get(f"/en/organizations/?{query}")

    assert org_names(response, [company, institute]) == expected


def test_organization_list_sorts_by_founding_year(client):
    OrganizationFactory(name_en="Old One", founded_year=1964)
    OrganizationFactory(name_en="New One", founded_year=2020)

    html = client.get("/en/organizations/?sort=-founded").content.decode()

    assert html.index("New One") < html.index("Old One")


def test_organization_list_says_when_nothing_matches(client):
    OrganizationFactory()

    html = client.get("/en/organizations/?q=nothing-like-this").content.decode()

    assert "No organization matches these filters." in html


@pytest.mark.parametrize(
    "query",
    [
        "founded_min=xyz",
        "founded_min=1e999",
        "founded_max=NaN",
        "founded_min=-5",
        "founded_max=99999999999999999999",
        "kind=evil",
        "district=atlantis",
        "exchange=moon",
        "board=x",
        "sector=nonexistent",
        "sort=evil",
        "page=abc",
        "page=99999",
        "q=" + "x" * 10000,
    ],
)
def test_organization_list_survives_garbage_parameters(client, query):
    OrganizationFactory()

    assert client.get(f"/en/organizations/?{query}").status_code == 200


def test_organization_list_query_count_does_not_grow_with_rows(client):
    sector = SectorFactory()
    OrganizationFactory().sectors.add(sector)
    one = queries_for(client, "/en/organizations/")
    for _ in range(60):
        organization = OrganizationFactory()
        organization.sectors.add(sector, SectorFactory())
        MilestoneFactory(organization=organization, kind=MilestoneKind.LISTING)

    assert queries_for(client, "/en/organizations/") == one


# Organization page -------------------------------------------------------------------------


def test_organization_page_shows_people_and_their_roles(client):
    role = RoleFactory(person__name_en="Boss Person", title_en="Chairman")

    html = client.get(f"/en/organizations/{role.organization.slug}/").content.decode()

    assert "Boss Person" in html
    assert "Chairman" in html
    assert role.person.get_absolute_url() in html


def test_organization_page_hides_unpublished_people(client):
    role = RoleFactory(person__name_en="Draft Person", person__is_published=False)

    html = client.get(f"/en/organizations/{role.organization.slug}/").content.decode()

    assert "Draft Person" not in html


def test_organization_page_shows_a_listing_with_exchange_board_and_date(client):
    milestone = MilestoneFactory(
        kind=MilestoneKind.LISTING,
        title_zh="科创板上市",
        exchange=Exchange.SSE,
        board=Board.STAR,
        date=datetime.date(2025, 12, 17),
        date_precision=DatePrecision.DAY,
    )

    html = client.get(f"/zh-hans/organizations/{milestone.organization.slug}/").content.decode()

    assert "科创板上市" in html
    assert "2025年12月17日" in html
    assert "上市于上海证券交易所" in html
    assert "来源：<" in html  # no gap after the full-width colon
    english = client.get(f"/en/organizations/{milestone.organization.slug}/").content.decode()
    assert "Listed on Shanghai Stock Exchange" in english
    assert "Source: <" in english


def test_organization_page_shows_a_funding_amount_through_the_formatting_module(client):
    milestone = MilestoneFactory(
        kind=MilestoneKind.FUNDING,
        round_name_en="Series D",
        amount=Decimal("10"),
        amount_scale=Scale.YI,
        amount_currency="CNY",
        amount_qualifier=Qualifier.NEARLY,
    )

    zh = client.get(f"/zh-hans/organizations/{milestone.organization.slug}/").content.decode()
    en = client.get(f"/en/organizations/{milestone.organization.slug}/").content.decode()

    assert "近10亿元" in zh
    assert "nearly ¥1 billion" in en


def test_organization_page_shows_key_figures_with_sources(client):
    organization = OrganizationFactory()
    indicator = IndicatorFactory(name_en="Chips sold")
    ObservationFactory(indicator=indicator, source=SourceFactory(title_en="The article"))
    organization.indicators.add(indicator)

    html = client.get(f"/en/organizations/{organization.slug}/").content.decode()

    assert "Chips sold" in html
    assert "The article" in html


def test_unpublished_organization_is_not_found(client):
    organization = OrganizationFactory(is_published=False)

    assert client.get(f"/en/organizations/{organization.slug}/").status_code == 404


def test_organization_page_query_count_does_not_grow_with_rows(client):
    organization = OrganizationFactory()
    organization.sectors.add(SectorFactory())
    RoleFactory(organization=organization)
    MilestoneFactory(organization=organization)
    indicator = IndicatorFactory()
    ObservationFactory(indicator=indicator)
    organization.indicators.add(indicator)
    one = queries_for(client, f"/en/organizations/{organization.slug}/")
    for _ in range(55):
        organization.sectors.add(SectorFactory())
        RoleFactory(organization=organization)
        MilestoneFactory(organization=organization)
        indicator = IndicatorFactory()
        ObservationFactory(indicator=indicator)
        organization.indicators.add(indicator)

    assert queries_for(client, f"/en/organizations/{organization.slug}/") == one


def test_filter_error_is_tied_to_its_field(client):
    html = client.get("/en/organizations/?founded_min=xyz").content.decode()

    assert 'aria-describedby="id_founded_min_error"' in html
    assert 'id="id_founded_min_error"' in html


def test_sector_filter_takes_in_sub_sectors(client):
    chips = SectorFactory(slug="integrated-circuits")
    gpu = SectorFactory(slug="gpus", parent=chips)
    gpu_maker = OrganizationFactory(name_en="GPU Maker")
    gpu_maker.sectors.add(gpu)
    other = OrganizationFactory(name_en="Other Co")

    organizations = client.get("/en/organizations/?sector=integrated-circuits")

    assert org_names(organizations, [gpu_maker, other]) == {"GPU Maker"}


def test_organization_pages_keep_their_navigation_entry(client):
    response = client.get("/en/organizations/")

    assert response.context["nav_section"] == "organizations"


def test_the_organization_page_sums_funding_rounds_and_shows_the_listing(client):
    organization = OrganizationFactory(name_en="Black Lake")
    for amount in ("3", "5"):
        MilestoneFactory(
            organization=organization,
            kind=MilestoneKind.FUNDING,
            amount=amount,
            amount_scale=100_000_000,
            amount_currency="CNY",
            amount_qualifier="nearly",
        )
    MilestoneFactory(
        organization=organization,
        kind=MilestoneKind.LISTING,
        exchange=Exchange.SSE,
        ticker="688802",
    )

    page = client.get(f"/en/organizations/{organization.slug}/").content.decode()

    assert "2 rounds on record · nearly ¥800 million in all, as published" in page
    assert '<span class="ticker">688802</span>' in page


def test_a_short_name_equal_to_the_name_and_a_founder_title_are_not_repeated(client):
    organization = OrganizationFactory(name_en="MiniMax", short_name_en="MiniMax")
    RoleFactory(organization=organization, title_en="Founder and CEO", is_founder=True)

    page = client.get(f"/en/organizations/{organization.slug}/").content.decode()

    assert "Short name" not in page
    assert '<span class="tag">Founder</span>' not in page
