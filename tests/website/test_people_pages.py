"""The entrepreneurs list and person pages (forum views over profiles' people and forum's
participation): filters, sorting, pagination, details, queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from config.common.dates import DatePrecision
from profiles.enums import Exchange, MilestoneKind, RoleKind
from tests.factories import (
    EditionFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    QuoteFactory,
    RoleFactory,
    SectorFactory,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


def names_on(response, people):
    html = response.content.decode()
    return {person.name_en for person in people if person.name_en in html}


# Entrepreneurs list ------------------------------------------------------------------------


def test_person_list_shows_published_people_only(client):
    shown = PersonFactory(name_en="Shown Person")
    hidden = PersonFactory(name_en="Hidden Person", is_published=False)

    response = client.get("/en/people/")

    assert names_on(response, [shown, hidden]) == {"Shown Person"}


def test_person_list_filters_by_sector(client):
    sector = SectorFactory(slug="gpu")
    organization = OrganizationFactory()
    organization.sectors.add(sector)
    inside = RoleFactory(organization=organization, person__name_en="In Sector").person
    outside = RoleFactory(person__name_en="Out Of Sector").person

    response = client.get("/en/people/?sector=gpu")

    assert names_on(response, [inside, outside]) == {"In Sector"}


def test_person_list_filters_by_organization(client):
    role = RoleFactory(organization__slug="metax", person__name_en="At Metax")
    other = RoleFactory(person__name_en="Elsewhere").person

    response = client.get("/en/people/?organization=metax")

    assert names_on(response, [role.person, other]) == {"At Metax"}


def test_person_list_filters_by_edition_participated_in(client):
    sixth = EditionFactory(number=6)
    speaker = ParticipationFactory(edition=sixth, person__name_en="Sixth Speaker").person
    other = ParticipationFactory(edition__number=5, person__name_en="Fifth Guest").person

    response = client.get("/en/people/?edition=6")

    assert names_on(response, [speaker, other]) == {"Sixth Speaker"}


def test_person_list_filters_by_role_kind(client):
    scientist = RoleFactory(kind=RoleKind.SCIENTIST, person__name_en="A Scientist").person
    founder = RoleFactory(kind=RoleKind.FOUNDER, person__name_en="A Founder").person

    response = client.get("/en/people/?role=scientist")

    assert names_on(response, [scientist, founder]) == {"A Scientist"}


def test_person_list_filters_by_listed_company(client):
    listed = OrganizationFactory()
    MilestoneFactory(organization=listed, kind=MilestoneKind.LISTING, exchange=Exchange.SSE)
    at_listed = RoleFactory(organization=listed, person__name_en="Listed Boss").person
    at_unlisted = RoleFactory(person__name_en="Startup Boss").person

    listed_page = client.get("/en/people/?company=listed")
    unlisted_page = client.get("/en/people/?company=unlisted")

    assert names_on(listed_page, [at_listed, at_unlisted]) == {"Listed Boss"}
    assert names_on(unlisted_page, [at_listed, at_unlisted]) == {"Startup Boss"}


def test_person_list_searches_chinese_name_by_substring(client):
    match = PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    other = PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie")

    response = client.get("/en/people/?q=维良")

    assert names_on(response, [match, other]) == {"Chen Weiliang"}


def test_person_list_searches_english_name_case_insensitively(client):
    match = PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    other = PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie")

    response = client.get("/zh-hans/people/?q=weiliang")

    assert "陈维良" in response.content.decode()
    assert other.name_zh not in response.content.decode()
    assert match.name_zh in response.content.decode()


def test_person_list_combines_filters(client):
    sector = SectorFactory(slug="ai")
    organization = OrganizationFactory()
    organization.sectors.add(sector)
    both = RoleFactory(
        organization=organization, kind=RoleKind.SCIENTIST, person__name_en="Both"
    ).person
    sector_only = RoleFactory(
        organization=organization, kind=RoleKind.FOUNDER, person__name_en="Sector Only"
    ).person

    response = client.get("/en/people/?sector=ai&role=scientist")

    assert names_on(response, [both, sector_only]) == {"Both"}


def test_person_list_sorts_by_name_descending(client):
    PersonFactory(name_en="Aaron Alpha")
    PersonFactory(name_en="Zed Zulu")

    html = client.get("/en/people/?sort=-name").content.decode()

    assert html.index("Zed Zulu") < html.index("Aaron Alpha")


def test_person_list_paginates(client):
    PersonFactory.create_batch(30)

    response = client.get("/en/people/?page=2")

    page = response.context["listing"]()["page_obj"]
    assert page.number == 2
    assert len(page.object_list) == 6


def test_person_list_pagination_keeps_the_filters(client):
    sector = SectorFactory(slug="robots")
    organization = OrganizationFactory()
    organization.sectors.add(sector)
    for _ in range(30):
        RoleFactory(organization=organization)

    html = client.get("/en/people/?sector=robots").content.decode()

    assert "?sector=robots&amp;page=2" in html


def test_person_list_says_when_nothing_matches(client):
    PersonFactory(name_en="Somebody")

    response = client.get("/en/people/?q=nobody-by-this-name")

    assert "No one matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "page=1e999",
        "sector=nonexistent",
        "organization=%00",
        "edition=abc",
        "edition=99999999999999999999999",
        "role=evil",
        "company=maybe",
        "sort=evil",
        "sort=password",
        "q=" + "长" * 5000,
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_person_list_survives_garbage_parameters(client, query):
    PersonFactory()

    response = client.get(f"/en/people/?{query}")

    # A NUL is refused before any view (the site's 400 page); other garbage is ignored.
    assert response.status_code == (400 if "%00" in query else 200)
    assert b"<script>alert(1)" not in response.content


def test_person_list_reports_an_invalid_filter_value(client):
    response = client.get("/en/people/?sector=nonexistent")

    assert response.context["listing"]()["filter"].form.errors["sector"]


def test_person_list_query_count_does_not_grow_with_rows(client):
    organization = OrganizationFactory()
    RoleFactory(organization=organization)
    one = queries_for(client, "/en/people/")
    for _ in range(60):
        person = PersonFactory()
        RoleFactory(person=person, organization=organization)
        RoleFactory(person=person)

    assert queries_for(client, "/en/people/") == one


# Person page -------------------------------------------------------------------------------


def test_person_page_shows_both_names_and_headline(client):
    person = PersonFactory(name_zh="陈维良", name_en="Chen Weiliang", headline_en="GPU maker")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert "Chen Weiliang" in html
    assert "陈维良" in html
    assert "GPU maker" in html


def test_person_page_links_current_and_past_roles(client):
    person = PersonFactory()
    current = RoleFactory(person=person, organization__name_en="Now Corp")
    past = RoleFactory(
        person=person,
        organization__name_en="Then Corp",
        start_date=datetime.date(2015, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2019, 1, 1),
        end_precision=DatePrecision.YEAR,
    )

    response = client.get(f"/en/people/{person.slug}/")

    assert response.context["current_roles"] == [current]
    assert response.context["past_roles"] == [past]
    assert past.organization.get_absolute_url() in response.content.decode()


def test_person_page_hides_roles_at_unpublished_organizations(client):
    person = PersonFactory()
    RoleFactory(
        person=person, organization__name_en="Secret Corp", organization__is_published=False
    )

    assert "Secret Corp" not in client.get(f"/en/people/{person.slug}/").content.decode()


def test_person_page_sanitizes_the_bio(client):
    person = PersonFactory(bio_en='<p>Builder</p><script>alert("x")</script><img src=x onerror=y>')

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert "<p>Builder</p>" in html
    assert 'alert("x")' not in html
    assert "onerror" not in html


def test_person_page_escapes_plain_fields(client):
    person = PersonFactory(headline_en="<b>bold</b>")

    html = client.get(f"/en/people/{person.slug}/").content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_person_page_shows_quotes_with_their_source(client):
    quote = QuoteFactory(text_en="Shanghai is the place.", source__title_en="Youth article")

    html = client.get(f"/en/people/{quote.person.slug}/").content.decode()

    assert "Shanghai is the place." in html
    assert "Youth article" in html


def test_person_page_hides_unpublished_quotes(client):
    quote = QuoteFactory(text_en="Off the record.", is_published=False)

    assert "Off the record." not in client.get(f"/en/people/{quote.person.slug}/").content.decode()


def test_person_page_lists_forum_participation_by_edition(client):
    participation = ParticipationFactory(edition__number=6, role="speaker")

    html = client.get(f"/zh-hans/people/{participation.person.slug}/").content.decode()

    assert "第六届" in html
    assert participation.edition.get_absolute_url() in html


def test_person_page_lists_people_of_the_same_organization(client):
    organization = OrganizationFactory()
    person = RoleFactory(organization=organization).person
    colleague = RoleFactory(organization=organization, person__name_en="The Colleague").person
    stranger = RoleFactory(person__name_en="The Stranger").person

    response = client.get(f"/en/people/{person.slug}/")

    # What the template reads when it draws the page.
    assert list(response.context["details"]()["related_people"]) == [colleague]
    assert stranger.name_en not in response.content.decode()


def test_person_page_lists_people_of_the_same_sector(client):
    sector = SectorFactory()
    first, second = OrganizationFactory(), OrganizationFactory()
    first.sectors.add(sector)
    second.sectors.add(sector)
    person = RoleFactory(organization=first).person
    peer = RoleFactory(organization=second).person

    response = client.get(f"/en/people/{person.slug}/")

    assert list(response.context["details"]()["related_people"]) == [peer]


def test_unpublished_person_is_not_found(client):
    person = PersonFactory(is_published=False)

    assert client.get(f"/en/people/{person.slug}/").status_code == 404


def test_unknown_person_is_not_found(client):
    assert client.get("/en/people/nobody/").status_code == 404


def test_person_page_query_count_does_not_grow_with_rows(client):
    person = PersonFactory()
    first = RoleFactory(person=person)
    RoleFactory(organization=first.organization)
    QuoteFactory(person=person)
    ParticipationFactory(person=person)
    one = queries_for(client, f"/en/people/{person.slug}/")
    for index in range(55):
        role = RoleFactory(person=person)
        RoleFactory(organization=role.organization)
        QuoteFactory(person=person)
        ParticipationFactory(person=person, edition__number=100 + index)

    assert queries_for(client, f"/en/people/{person.slug}/") == one


def test_person_page_lists_past_roles_latest_first(client):
    person = PersonFactory()
    older = RoleFactory(
        person=person,
        start_date=datetime.date(2010, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2012, 1, 1),
        end_precision=DatePrecision.YEAR,
    )
    newer = RoleFactory(
        person=person,
        start_date=datetime.date(2015, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2019, 1, 1),
        end_precision=DatePrecision.YEAR,
    )

    assert client.get(f"/en/people/{person.slug}/").context["past_roles"] == [newer, older]


def test_person_list_filter_takes_in_sub_sectors(client):
    chips = SectorFactory(slug="integrated-circuits")
    gpu = SectorFactory(slug="gpus", parent=chips)
    gpu_maker = OrganizationFactory(name_en="GPU Maker")
    gpu_maker.sectors.add(gpu)
    founder = RoleFactory(organization=gpu_maker, person__name_en="GPU Founder").person
    elsewhere = RoleFactory(person__name_en="Elsewhere Founder").person

    people = client.get("/en/people/?sector=integrated-circuits")

    assert names_on(people, [founder, elsewhere]) == {"GPU Founder"}


def test_people_pages_mark_the_entrepreneurs_navigation_entry(client):
    person = PersonFactory()

    for url in ("/en/people/", f"/en/people/{person.slug}/"):
        response = client.get(url)
        assert response.context["nav_section"] == "people"


def test_people_urls_are_forum_urls():
    with override("en"):
        assert reverse("website:person_list") == "/en/people/"
        assert reverse("website:person_detail", kwargs={"slug": "someone"}) == "/en/people/someone/"


def test_person_list_filters_by_part_of_an_organization_name_in_either_language(client):
    at_metax = RoleFactory(
        organization__name_zh="沐曦集成电路（上海）股份有限公司", organization__name_en="MetaX"
    ).person
    elsewhere = RoleFactory(organization__name_en="Other Corp").person

    by_chinese = client.get("/en/people/?organization=沐曦")
    by_english = client.get("/en/people/?organization=metax")

    assert names_on(by_chinese, [at_metax, elsewhere]) == {at_metax.name_en}
    assert names_on(by_english, [at_metax, elsewhere]) == {at_metax.name_en}


def test_person_list_organization_filter_ignores_unpublished_organizations(client):
    hidden = RoleFactory(organization__name_en="Secret Corp", organization__is_published=False)

    response = client.get("/en/people/?organization=Secret")

    assert names_on(response, [hidden.person]) == set()


def test_person_list_organization_filter_does_not_list_every_organization(client):
    OrganizationFactory.create_batch(30)

    html = client.get("/en/people/").content.decode()

    assert 'name="organization"' in html
    assert '<select name="organization"' not in html
    assert html.count("<option") < 30


def test_person_list_queries_stay_flat_with_an_organization_filter(client):
    RoleFactory(organization__name_en="Alpha Labs")
    few = queries_for(client, "/en/people/?organization=Alpha")
    for _ in range(20):
        RoleFactory(organization__name_en="Alpha Labs")

    assert queries_for(client, "/en/people/?organization=Alpha") == few
