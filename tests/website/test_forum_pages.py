"""Home, editions list and edition page: content, drafts, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.enums import EditionStatus, ParticipationRole
from profiles.enums import Board, Designation, DesignationLevel, Exchange, MilestoneKind
from tests.factories import (
    AgendaItemFactory,
    EditionFactory,
    ForumFactory,
    IndicatorFactory,
    MilestoneFactory,
    ObservationFactory,
    ParticipationFactory,
    PersonFactory,
    RoleFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Home --------------------------------------------------------------------------------------


def test_home_page_answers_in_both_languages(client):
    assert client.get("/zh-hans/").status_code == 200
    assert client.get("/en/").status_code == 200


def test_home_page_features_the_next_edition(client):
    forum = ForumFactory()
    EditionFactory(forum=forum, number=6, status=EditionStatus.HELD)
    EditionFactory(forum=forum, number=7, status=EditionStatus.ANNOUNCED)

    response = client.get("/zh-hans/")

    assert response.context["edition"].number == 7
    assert "第七届" in response.content.decode()


def test_home_page_features_the_latest_held_edition_when_none_is_planned(client):
    forum = ForumFactory()
    EditionFactory(forum=forum, number=5)
    EditionFactory(forum=forum, number=6)

    assert client.get("/en/").context["edition"].number == 6


def test_home_page_never_features_an_unpublished_edition(client):
    forum = ForumFactory()
    EditionFactory(forum=forum, number=6)
    EditionFactory(forum=forum, number=7, status=EditionStatus.ANNOUNCED, is_published=False)

    response = client.get("/en/")

    assert response.context["edition"].number == 6
    assert "7th edition" not in response.content.decode()


def test_home_page_shows_headline_figures(client):
    indicator = IndicatorFactory(is_headline=True, name_en="IC industry size")
    ObservationFactory(indicator=indicator)
    IndicatorFactory(is_headline=False, name_en="Minor figure")

    html = client.get("/en/").content.decode()

    assert "IC industry size" in html
    assert "Minor figure" not in html


def test_home_page_features_founders(client):
    founder = RoleFactory(is_founder=True, person__name_en="Famous Founder").person

    html = client.get("/en/").content.decode()

    assert founder.get_absolute_url() in html


def test_home_page_lists_latest_milestones(client):
    MilestoneFactory(
        kind=MilestoneKind.PRODUCT, title_en="Flagship chip", date=datetime.date(2026, 1, 1)
    )
    MilestoneFactory(title_en="Hidden milestone", organization__is_published=False)

    html = client.get("/en/").content.decode()

    assert "Flagship chip" in html
    assert "Hidden milestone" not in html


def test_home_page_links_to_every_edition(client):
    forum = ForumFactory()
    editions = [EditionFactory(forum=forum, number=n) for n in range(1, 8)]

    html = client.get("/zh-hans/").content.decode()

    for edition in editions:
        assert edition.get_absolute_url() in html


def test_home_page_query_count_does_not_grow_with_rows(client):
    forum = ForumFactory()
    edition = EditionFactory(forum=forum, number=1)
    TrackFactory(edition=edition)
    RoleFactory()
    MilestoneFactory()
    ObservationFactory(indicator=IndicatorFactory(is_headline=True))
    one = queries_for(client, "/en/")
    for number in range(2, 60):
        TrackFactory(edition=EditionFactory(forum=forum, number=number))
        RoleFactory()
        MilestoneFactory()
        ObservationFactory(indicator=IndicatorFactory(is_headline=True))

    assert queries_for(client, "/en/") == one


# Editions list -----------------------------------------------------------------------------


def test_edition_list_names_editions_in_chinese_ordinals(client):
    forum = ForumFactory()
    for number in range(1, 8):
        EditionFactory(forum=forum, number=number)

    html = client.get("/zh-hans/editions/").content.decode()

    for name in ["第一届", "第二届", "第三届", "第四届", "第五届", "第六届", "第七届"]:
        assert name in html


def test_edition_list_names_editions_in_english_ordinals(client):
    EditionFactory(number=6)

    assert "6th edition" in client.get("/en/editions/").content.decode()


def test_edition_list_puts_the_newest_first(client):
    forum = ForumFactory()
    EditionFactory(forum=forum, number=1)
    EditionFactory(forum=forum, number=2)

    # A selector the template calls when it draws the page.
    editions = list(client.get("/en/editions/").context["editions"]())

    assert [e.number for e in editions] == [2, 1]


def test_edition_list_hides_unpublished_editions(client):
    EditionFactory(number=3, is_published=False)

    assert "3rd edition" not in client.get("/en/editions/").content.decode()


def test_edition_list_query_count_does_not_grow_with_rows(client):
    forum = ForumFactory()
    edition = EditionFactory(forum=forum, number=1)
    TrackFactory(edition=edition)
    ParticipationFactory(edition=edition)
    one = queries_for(client, "/en/editions/")
    for number in range(2, 60):
        edition = EditionFactory(forum=forum, number=number)
        TrackFactory(edition=edition)
        ParticipationFactory(edition=edition)

    assert queries_for(client, "/en/editions/") == one


# Edition page ------------------------------------------------------------------------------


def test_edition_page_shows_date_venue_theme_and_tracks(client):
    edition = EditionFactory(
        number=6,
        start_date=datetime.date(2025, 5, 10),
        venue_zh="上海中心",
        theme_zh="创新引领时代",
    )
    for name in ["人工智能", "生命健康", "前沿科技"]:
        TrackFactory(edition=edition, name_zh=name)

    html = client.get("/zh-hans/editions/6/").content.decode()

    for text in [
        "第六届",
        "2025年5月10日",
        "上海中心",
        "创新引领时代",
        "人工智能",
        "生命健康",
        "前沿科技",
    ]:
        assert text in html


def test_edition_page_shows_the_agenda_with_speakers(client):
    edition = EditionFactory(number=6)
    speaker = PersonFactory(name_en="Keynote Speaker")
    AgendaItemFactory(edition=edition, title_en="Opening keynote").speakers.add(speaker)

    html = client.get("/en/editions/6/").content.decode()

    assert "Opening keynote" in html
    assert speaker.get_absolute_url() in html


def test_edition_page_groups_participants_by_role(client):
    edition = EditionFactory(number=6)
    ParticipationFactory(edition=edition, role=ParticipationRole.SPEAKER)
    ParticipationFactory(edition=edition, role=ParticipationRole.GUEST)

    groups = client.get("/en/editions/6/").context["participant_groups"]

    assert [str(label) for label, _ in groups] == ["Speaker", "Guest"]


def test_edition_page_hides_unpublished_participants(client):
    edition = EditionFactory(number=6)
    ParticipationFactory(
        edition=edition, person__name_en="Draft Person", person__is_published=False
    )

    assert "Draft Person" not in client.get("/en/editions/6/").content.decode()


def test_edition_page_shows_the_editions_statistics(client):
    edition = EditionFactory(number=6)
    indicator = IndicatorFactory(name_en="Companies at the forum")
    ObservationFactory(indicator=indicator)
    edition.indicators.add(indicator)

    assert "Companies at the forum" in client.get("/en/editions/6/").content.decode()


def test_unpublished_edition_is_not_found(client):
    EditionFactory(number=6, is_published=False)

    assert client.get("/en/editions/6/").status_code == 404


def test_unknown_edition_is_not_found(client):
    assert client.get("/en/editions/99/").status_code == 404


def test_edition_number_out_of_range_is_not_found(client):
    assert client.get("/en/editions/99999999999999999999999/").status_code == 404


def _outcomes_of(organization, edition):
    """A designation and a listing within the years the edition's outcomes count."""
    day = datetime.date(edition.year + 1, 3, 1)
    MilestoneFactory(
        organization=organization,
        kind=MilestoneKind.DESIGNATION,
        designation=Designation.LITTLE_GIANT,
        designation_level=DesignationLevel.NATIONAL,
        date=day,
    )
    MilestoneFactory(
        organization=organization,
        kind=MilestoneKind.LISTING,
        exchange=Exchange.SSE,
        board=Board.STAR,
        date=day,
    )


def test_edition_page_query_count_does_not_grow_with_rows(client):
    edition = EditionFactory(number=6, status=EditionStatus.HELD)
    TrackFactory(edition=edition)
    role = RoleFactory()
    _outcomes_of(role.organization, edition)
    AgendaItemFactory(edition=edition).speakers.add(role.person)
    ParticipationFactory(edition=edition, person=role.person)
    indicator = IndicatorFactory()
    ObservationFactory(indicator=indicator)
    edition.indicators.add(indicator)
    one = queries_for(client, "/en/editions/6/")
    for _ in range(55):
        TrackFactory(edition=edition)
        role = RoleFactory()
        _outcomes_of(role.organization, edition)
        AgendaItemFactory(edition=edition).speakers.add(role.person)
        ParticipationFactory(edition=edition, person=role.person, role=ParticipationRole.SPEAKER)
        indicator = IndicatorFactory()
        ObservationFactory(indicator=indicator)
        edition.indicators.add(indicator)

    response = client.get("/en/editions/6/")
    assert len(response.context["outcomes"].outcomes.little_giants) == 56
    assert queries_for(client, "/en/editions/6/") == one
