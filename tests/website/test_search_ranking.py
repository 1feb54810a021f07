"""How the site search ranks and counts a query that matches many rows: tiers of matches,
counts that stop at a limit, statements compiled once and run for any text."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from forum.website.search import limits, matching, search, statements
from tests.factories import (
    IndicatorFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SectorFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def found(text, language="zh-hans"):
    with translation.override(language):
        return search(text)


def shown(results):
    return {group.kind: [item.pk for item in group.items] for group in results.groups}


@pytest.fixture
def crowd():
    """Rows matching 芯 in every way, overlapping: by name (exactly, at the start, inside, in
    pinyin), through an organization or a sector, and by their text."""
    chips = SectorFactory(name_zh="芯片", name_en="Chips")
    xin = OrganizationFactory(name_zh="芯", name_en="Xin")
    core = OrganizationFactory(name_zh="芯原微电子", name_en="VeriSilicon")
    OrganizationFactory(name_zh="上海芯源", description_zh="设计芯片").sectors.add(chips)
    for index in range(6):
        OrganizationFactory(name_zh=f"华虹{index}", description_zh="晶圆厂与芯片").sectors.add(
            chips
        )
    people = [
        PersonFactory(name_zh="芯", name_en="Xin"),
        PersonFactory(name_zh="芯一鸣"),
        PersonFactory(name_zh="王欣"),  # 芯 in pinyin (xin)
        *[PersonFactory(name_zh=f"李{index}", bio_zh="芯片设计") for index in range(5)],
    ]
    for index, person in enumerate(people):
        RoleFactory(person=person, organization=(xin, core)[index % 2])
    for index in range(7):
        RoleFactory(person=PersonFactory(name_zh=f"张{index}"), organization=core)
    for index in range(6):
        IndicatorFactory(sector=chips, name_zh=f"产值{index}")
        IndicatorFactory(name_zh=f"芯片产量{index}")


@pytest.mark.usefixtures("crowd")
@pytest.mark.parametrize("by_name_rank", [False, True])  # a broad first tier read per name rank
@pytest.mark.parametrize("count_limit", [2, 4, 6])  # every tier, then fewer, are large
@pytest.mark.parametrize("text", ["芯", "芯片", "xin", "Xin"])
def test_broad_tiers_rank_the_page_as_if_every_match_were_ranked(
    monkeypatch, text, count_limit, by_name_rank
):
    """Past COUNT_LIMIT a tier takes part with its first rows only: the page is the same."""
    monkeypatch.setattr(limits, "LIMIT", 4)
    every_match = found(text)
    assert not any(group.more for group in every_match.groups)

    monkeypatch.setattr(limits, "COUNT_LIMIT", count_limit)
    if by_name_rank:
        monkeypatch.setattr(limits, "RANK_BY_NAME_FROM", count_limit)
    cut = found(text)

    assert shown(cut) == shown(every_match)
    assert any(group.more for group in cut.groups)


@pytest.mark.usefixtures("crowd")
def test_a_name_ranks_above_a_related_row_and_a_text(monkeypatch):
    monkeypatch.setattr(limits, "LIMIT", 3)
    monkeypatch.setattr(limits, "COUNT_LIMIT", 2)

    people = found("芯")["people"]

    assert [person.name_zh for person in people] == ["芯", "芯一鸣", "王欣"]


def test_a_name_that_is_the_text_whatever_its_case_ranks_above_one_starting_with_it():
    inside = OrganizationFactory(name_zh="智造", name_en="Smart Robotics")
    start = OrganizationFactory(name_zh="实验室", name_en="Robotics Lab")
    whole = OrganizationFactory(name_zh="机器人", name_en="Robotics")

    organizations = found("ROBOTICS")["organizations"]

    assert [row.pk for row in organizations] == [whole.pk, start.pk, inside.pk]


def test_counting_stops_at_the_limit_and_says_more(client, monkeypatch):
    for _ in range(4):
        PersonFactory(name_en="Match person")
    PersonFactory(name_en="Match person", is_published=False)
    monkeypatch.setattr(limits, "COUNT_LIMIT", 3)

    results = found("match", "en")

    [people] = results.groups
    assert (people.count, people.more, people.count_label) == (3, True, "3+")
    assert results.total_label == "3+"


def test_a_count_within_the_limit_is_exact():
    for _ in range(4):
        PersonFactory(name_en="Match person")
    PersonFactory(name_en="Match person", is_published=False)

    [people] = found("match", "en").groups

    assert (people.count, people.more, people.count_label) == (4, False, "4")


def test_the_page_shows_a_count_that_stopped_as_more(client, monkeypatch):
    for _ in range(limits.LIMIT + 1):
        PersonFactory(name_en="Match person")
    monkeypatch.setattr(limits, "COUNT_LIMIT", limits.LIMIT)

    page = client.get("/en/search/", {"q": "match"}).content.decode()

    assert f"{limits.LIMIT}+ results for “match”" in page
    assert f"The first {limits.LIMIT} of {limits.LIMIT}+ are shown" in page


def test_a_result_kind_link_underlines_its_label_only(client):
    PersonFactory(name_en="Match person")

    page = client.get("/en/search/", {"q": "match"}).content.decode()

    link = '<a class="tag" href="#people-results"><span class="tag__label">Entrepreneurs</span>'
    assert f'{link} <span class="count">1</span></a>' in page


def test_statements_are_compiled_once_and_run_for_each_text():
    person = PersonFactory(name_zh="沐曦")
    other = PersonFactory(name_zh="华为", name_en="A%_b")
    found("沐曦")
    compiled = dict(statements._statements)

    assert found("沐曦")["people"] == [person]
    assert found("华为")["people"] == [other]  # the same shape: a Chinese query with a pinyin
    assert statements._statements == compiled
    assert found("%_")["people"] == [other]
    assert found("_")["people"] == [other]


@pytest.mark.postgres
def test_connections_plan_with_the_cost_of_ssd_reads():
    """At the default random_page_cost (4) the planner scans tables the search's trigram and
    order indexes would answer."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.parametrize(("text", "language"), [("星火", "zh-hans"), ("spark", "en")])
def test_a_broad_name_tier_shows_the_best_names_wherever_page_order_puts_them(
    monkeypatch, text, language
):
    """A first tier broad enough is ranked from each name rank's first rows in page order:
    the name that is the text, then one starting with it, come first though more names
    holding it come before them in page order than are ranked."""
    monkeypatch.setattr(limits, "LIMIT", 2)
    monkeypatch.setattr(limits, "COUNT_LIMIT", 3)
    monkeypatch.setattr(limits, "RANK_BY_NAME_FROM", 3)
    for index in range(6):  # before the others in page order, in both languages
        OrganizationFactory(name_zh=f"阿{index}号星火", name_en=f"A{index} Spark Works")
        PersonFactory(name_zh=f"阿星火{index}", name_en=f"A{index} Spark")
    starts = OrganizationFactory(name_zh="星火科技", name_en="Spark Technology")
    whole = OrganizationFactory(name_zh="星火", name_en="Spark")
    person_starts = PersonFactory(name_zh="星火明", name_en="Spark Ming")
    person_whole = PersonFactory(name_zh="星火", name_en="Spark")

    results = found(text, language)

    assert shown(results)["organizations"] == [whole.pk, starts.pk]
    assert shown(results)["people"] == [person_whole.pk, person_starts.pk]
    assert all(group.more for group in results.groups if group.kind != "sectors")


def test_one_statement_reads_the_organizations_a_query_names():
    """Counting reads them into a table of its own; ranking the people at them tests the
    organizations of the people it walks instead of reading every one named again."""
    metax = OrganizationFactory(name_zh="沐曦", name_en="MetaX")
    for _ in range(3):
        RoleFactory(organization=metax)

    with CaptureQueriesContext(connection) as captured:
        results = found("沐曦")

    assert len(shown(results)["people"]) == 3
    reading = [query for query in captured if matching.NAMED_ORGANIZATIONS in query["sql"]]
    assert len(reading) == 1
