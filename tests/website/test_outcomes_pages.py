"""The alumni outcomes pages: computed figures with the companies behind them, the forum's
stated figures beside them (never replaced), the chart, both languages, flat query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from forum.enums import EditionStatus
from forum.outcomes import outcomes_by_edition
from metrics.enums import Unit
from profiles.enums import Board, Designation, DesignationLevel, Exchange, MilestoneKind
from tests.factories import (
    EditionFactory,
    ForumFactory,
    IndicatorFactory,
    MilestoneFactory,
    ObservationFactory,
    OrganizationFactory,
    ParticipationFactory,
    RoleFactory,
    SourceFactory,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


def alumnus(edition, name):
    role = RoleFactory(organization=OrganizationFactory(name_zh=name, name_en=name))
    ParticipationFactory(edition=edition, person=role.person)
    return role.organization


def designate(organization, year):
    MilestoneFactory(
        organization=organization,
        kind=MilestoneKind.DESIGNATION,
        designation=Designation.LITTLE_GIANT,
        designation_level=DesignationLevel.NATIONAL,
        date=datetime.date(year, 3, 1),
    )


def list_on_star(organization, year):
    MilestoneFactory(
        organization=organization,
        kind=MilestoneKind.LISTING,
        exchange=Exchange.SSE,
        board=Board.STAR,
        date=datetime.date(year, 3, 1),
    )


@pytest.fixture
def data():
    forum = ForumFactory(outcomes_methodology_zh="方法说明：来源为企业公告。")
    first = EditionFactory(forum=forum, number=1, year=2020, status=EditionStatus.HELD)
    second = EditionFactory(forum=forum, number=2, year=2021, status=EditionStatus.HELD)
    chips = alumnus(first, "芯片甲")
    designate(chips, 2022)
    list_on_star(chips, 2024)
    robots = alumnus(second, "机器人乙")
    designate(robots, 2023)
    source = SourceFactory(title_zh="青年50人论坛报道")
    for slug, value in (
        ("youth50-specialized-companies", "37"),
        ("youth50-star-market-listings", "8"),
    ):
        indicator = IndicatorFactory(slug=slug, unit=Unit.COUNT)
        forum.indicators.add(indicator)
        ObservationFactory(indicator=indicator, value=Decimal(value), source=source)
    return first, second


def test_the_page_shows_computed_figures_beside_the_stated_ones(client, data):
    response = client.get(reverse("website:outcomes"))

    assert response.status_code == 200
    text = response.text
    assert "37" in text  # the forum's own figures, with their source
    assert "青年50人论坛报道" in text
    assert "芯片甲" in text  # the companies behind the computed ones
    assert "机器人乙" in text
    assert "方法说明：来源为企业公告。" in text
    assert "本网站只收录了部分校友，因此这些数字是下限" in text  # the method, in Chinese
    (specialized, star) = response.context["comparisons"]
    assert (specialized.computed, star.computed) == (2, 1)


def test_the_page_in_english(client, data):
    response = client.get(reverse("website:outcomes").replace("/zh-hans/", "/en/"))
    assert response.status_code == 200
    assert "Alumni outcomes" in response.text


def test_each_edition_has_its_page(client, data):
    first, _second = data
    response = client.get(reverse("website:edition_outcomes", args=[first.number]))
    assert response.status_code == 200
    assert "芯片甲" in response.text
    assert "机器人乙" not in response.text
    assert client.get(reverse("website:edition_outcomes", args=[99])).status_code == 404


@pytest.mark.parametrize(
    ("language", "heading", "link_text"),
    [
        ("zh-hans", "校友企业发展", "本届校友企业发展详情及计算方法"),
        ("en", "Alumni outcomes", "This edition's outcomes in full, and how they are computed"),
    ],
)
def test_a_held_editions_page_sums_up_its_outcomes(client, data, language, heading, link_text):
    first, _second = data
    with override(language):
        full_page = reverse("website:edition_outcomes", args=[first.number])
        response = client.get(first.get_absolute_url())
        outcomes_page = client.get(full_page)

    assert response.status_code == 200
    section = response.text.split('<section aria-labelledby="outcomes-heading">')[1]
    section = section.split("</section>")[0]
    assert heading in section
    assert "芯片甲" in section  # its alumnus, designated and listed on the STAR Market
    assert "机器人乙" not in section  # the next edition's
    assert f'<a href="{full_page}">{link_text}</a>' in section
    # The same figures as the edition's own outcomes page.
    assert response.context["outcomes"] == outcomes_page.context["overall"]


def test_an_edition_not_yet_held_has_no_outcomes_section(client, data):
    upcoming = EditionFactory(
        forum=data[0].forum, number=3, year=2026, status=EditionStatus.ANNOUNCED
    )
    response = client.get(upcoming.get_absolute_url())

    assert response.status_code == 200
    assert "outcomes-heading" not in response.text
    assert reverse("website:edition_outcomes", args=[upcoming.number]) not in response.text


def test_the_chart_is_an_svg_of_the_table(client, data):
    response = client.get(reverse("website:outcomes_chart"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<script" not in response.content


def test_queries_do_not_grow_with_editions_companies_or_milestones(client, data):
    url = reverse("website:outcomes")
    few = queries_for(client, url)
    first, _second = data
    for number in range(3, 6):
        edition = EditionFactory(
            forum=first.forum, number=number, year=2019 + number, status=EditionStatus.HELD
        )
        for name in ("一", "二", "三"):
            company = alumnus(edition, f"{name}{number}")
            designate(company, edition.year + 1)
            list_on_star(company, edition.year + 2)
    assert queries_for(client, url) == few


def test_outcomes_by_edition_match_each_edition_alone(data):
    first, second = data
    rows = outcomes_by_edition([second, first])
    assert [edition for edition, _ in rows] == [first, second]
    assert [len(result.little_giants) for _, result in rows] == [1, 1]
