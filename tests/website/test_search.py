"""Site search across people, organizations, editions, indicators and news, in both languages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.website.search import indexes, limits
from tests.factories import (
    ArticleFactory,
    EditionFactory,
    IndicatorFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    TrackFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def results(client, text, language="zh-hans"):
    response = client.get(f"/{language}/search/", {"q": text})
    assert response.status_code == 200
    return response.context["results"]


def test_chinese_substring_finds_an_organization(client):
    organization = OrganizationFactory(
        name_zh="沐曦集成电路（上海）股份有限公司", short_name_zh="沐曦股份"
    )

    assert results(client, "沐曦")["organizations"] == [organization]


def test_english_name_finds_an_organization_case_insensitively(client):
    organization = OrganizationFactory(name_en="MetaX Integrated Circuits")

    assert results(client, "metax", "en")["organizations"] == [organization]


def test_chinese_name_finds_a_person_from_the_english_site(client):
    person = PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie")

    assert results(client, "俊杰", "en")["people"] == [person]


def test_pinyin_name_finds_a_person_from_the_chinese_site(client):
    person = PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie")

    assert results(client, "junjie")["people"] == [person]


def test_edition_found_by_chinese_ordinal(client):
    edition = EditionFactory(number=6)
    EditionFactory(number=5)

    assert results(client, "第六届")["editions"] == [edition]


def test_edition_found_by_track_name(client):
    edition = EditionFactory(number=6)
    TrackFactory(edition=edition, name_zh="生命健康", name_en="Life sciences")
    TrackFactory(edition=edition, name_zh="生命科学", name_en="Life science")

    assert results(client, "生命")["editions"] == [edition]


def test_edition_found_by_year(client):
    edition = EditionFactory(number=6, year=2025)

    assert results(client, "2025")["editions"] == [edition]


def test_editions_found_for_each_text_in_turn(client):
    # One statement, compiled once, answers every text naming no edition number or year.
    health = EditionFactory(number=6, theme_zh="生命健康", theme_en="Health")
    robots = EditionFactory(number=7, theme_zh="机器人", theme_en="Robots")

    assert results(client, "健康")["editions"] == [health]
    assert results(client, "robots")["editions"] == [robots]
    assert results(client, "%")["editions"] == []
    assert results(client, "7")["editions"] == [robots]
    assert results(client, "上海中心")["editions"] == [robots, health]


def test_indicator_found_in_both_languages(client):
    indicator = IndicatorFactory(
        name_zh="上海集成电路产业规模", name_en="Shanghai IC industry size"
    )

    assert results(client, "集成电路")["indicators"] == [indicator]
    assert results(client, "ic industry", "en")["indicators"] == [indicator]


def test_articles_found_by_title_or_standfirst_in_both_languages(client):
    by_title = ArticleFactory(title_zh="沐曦发布新一代GPU", title_en="MetaX launches a new GPU")
    by_standfirst = ArticleFactory(standfirst_zh="论坛聚焦沐曦等企业", standfirst_en="On MetaX")
    ArticleFactory(title_zh="沐曦草稿", is_published=False)

    assert results(client, "沐曦")["articles"] == [by_title, by_standfirst]
    assert results(client, "metax launches", "en")["articles"] == [by_title]


def test_an_article_unpublished_or_past_its_unpublishing_time_is_no_longer_found(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    at = timezone.now() + datetime.timedelta(hours=1)
    edited = ArticleFactory(title_zh="沐曦发布新品")
    expiring = ArticleFactory(title_zh="沐曦融资", expire_at=at)
    assert results(client, "沐曦")["articles"] == [expiring, edited]

    with django_capture_on_commit_callbacks(execute=True):
        edited.is_published = False
        edited.save()
    assert results(client, "沐曦")["articles"] == [expiring]

    # The time comes: the database's clock (published() compares with Now()) and this
    # process's, before the worker's job has taken the article offline.
    type(expiring).objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    later = at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert results(client, "沐曦").groups == []


def test_the_news_texts_are_read_once_per_version_of_the_content(client, django_assert_num_queries):
    ArticleFactory(title_en="MetaX launches")
    results(client, "metax", "en")

    with django_assert_num_queries(0):
        assert indexes.news_texts().ranked_keys("metax")


def test_sectors_and_editions_show_as_edited_and_leave_at_their_unpublishing_time(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    at = timezone.now() + datetime.timedelta(hours=1)
    sector = SectorFactory(name_zh="量子计算", name_en="Quantum computing")
    edition = EditionFactory(number=6, theme_zh="量子未来", theme_en="Quantum future", expire_at=at)
    found = results(client, "量子")
    assert found["sectors"] == [sector]
    assert found["editions"] == [edition]

    with django_capture_on_commit_callbacks(execute=True):
        sector.name_zh = "量子信息"
        sector.save()
        TrackFactory(edition=edition, name_zh="量子通信", name_en="Quantum communication")
    page = client.get("/zh-hans/search/", {"q": "量子"}).content.decode()
    assert "量子信息" in page
    assert "量子通信" in page

    # The time comes: the database's clock (published() compares with Now()) and this
    # process's, before the worker's job has taken the edition offline.
    type(edition).objects.filter(pk=edition.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    later = at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    found = results(client, "量子")
    assert found["sectors"] == [sector]
    assert found["editions"] == []


def test_the_sectors_and_editions_shown_are_read_once_per_version_of_the_content(
    client, django_assert_num_queries
):
    edition = EditionFactory(number=6, theme_en="Quantum future")
    results(client, "quantum", "en")

    with django_assert_num_queries(0):
        assert indexes.shown_rows().editions[edition.pk] == edition


def test_unpublished_rows_are_never_found(client):
    PersonFactory(name_zh="草稿人物", is_published=False)
    OrganizationFactory(name_zh="草稿机构", is_published=False)
    EditionFactory(theme_zh="草稿主题", is_published=False)
    IndicatorFactory(name_zh="草稿指标", is_published=False)
    IndicatorFactory(name_zh="草稿行业指标", sector=SectorFactory(is_published=False))

    found = results(client, "草稿")

    assert found.groups == []


def test_search_says_when_nothing_matches(client):
    response = client.get("/en/search/", {"q": "nothing like this"})

    assert "Nothing matches" in response.content.decode()


def test_empty_search_shows_the_form_without_results(client):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["results"] is None


def test_overlong_search_is_refused_with_400(client):
    response = client.get("/en/search/", {"q": "长" * 5000})

    assert response.status_code == 400
    assert response.context["results"] is None


def test_search_escapes_the_query_in_the_page(client):
    html = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("text", ["%", "_", "\\", "'", '"', "%%%", "\x00"])
def test_search_survives_special_characters(client, text):
    response = client.get("/en/search/", {"q": text})

    assert response.status_code in (200, 400)


def test_search_query_count_does_not_grow_with_results(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """Bounded: a group with fewer rows than a page needs no count query, a full one needs
    one, however many rows it has (news is counted in memory, read again after each change),
    also once counting stops and only a broad tier's first rows are ranked."""

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/search/", {"q": "match"}).status_code == 200
        return len(captured)

    def add(rows):
        with django_capture_on_commit_callbacks(execute=True):
            add_rows(rows)

    def add_rows(rows):
        for _ in range(rows):
            PersonFactory(name_en="match person")
            OrganizationFactory(name_en="match org").sectors.add(SectorFactory())
            EditionFactory(theme_en="match theme")
            IndicatorFactory(name_en="match figure")
            ArticleFactory(title_en="match story")

    add(1)
    one = count()
    add(limits.LIMIT)
    full = count()
    add(30)

    assert count() == full == one
    monkeypatch.setattr(limits, "COUNT_LIMIT", limits.LIMIT)  # the tiers by name are broad
    add(1)
    assert count() == full
