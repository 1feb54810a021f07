"""The news list and article pages, "In the news" on the pages of what an article is about,
the latest articles on the home page, and the sitemap."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from django.utils.translation import override

from tests.factories import (
    ArticleFactory,
    EditionFactory,
    ImageFactory,
    IndicatorFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    TagFactory,
)
from tests.helpers import queries_for, sitemap_text

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles(response):
    return {article.title_en for article in response.context["articles"]}


def at(year, month=6, day=1):
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


# News list ---------------------------------------------------------------------------------


def test_news_list_shows_published_articles_newest_first(client):
    old = ArticleFactory(title_en="Old", published_at=at(2024))
    new = ArticleFactory(title_en="New", published_at=at(2026))
    ArticleFactory(title_en="Hidden", is_published=False)

    response = client.get("/en/news/")

    assert list(response.context["articles"]) == [new, old]
    assert "Hidden" not in response.content.decode()


@pytest.mark.parametrize(
    ("link", "value"),
    [
        ("tags", lambda: TagFactory(slug="gpu")),
        ("people", lambda: PersonFactory(slug="chen-weiliang")),
        ("organizations", lambda: OrganizationFactory(slug="metax")),
        ("editions", lambda: EditionFactory(number=6, year=2025)),
    ],
)
def test_news_list_filters_by_each_link(client, link, value):
    target = value()
    ArticleFactory(title_en="About it", **{link: [target]})
    ArticleFactory(title_en="Other")
    parameter = {
        "tags": "tag=gpu",
        "people": "person=chen-weiliang",
        "organizations": "organization=metax",
        "editions": "edition=6",
    }[link]

    response = client.get(f"/en/news/?{parameter}")

    assert titles(response) == {"About it"}


def test_news_list_filters_by_year(client):
    ArticleFactory(title_en="2025 story", published_at=at(2025))
    ArticleFactory(title_en="2026 story", published_at=at(2026))

    assert titles(client.get("/en/news/?year=2025")) == {"2025 story"}


def test_news_list_combines_filters(client):
    tag = TagFactory(slug="ai")
    person = PersonFactory(slug="yan-junjie")
    ArticleFactory(title_en="Both", tags=[tag], people=[person])
    ArticleFactory(title_en="Tag only", tags=[tag])

    assert titles(client.get("/en/news/?tag=ai&person=yan-junjie")) == {"Both"}


@pytest.mark.parametrize("query", ["tag=nope", "year=abc", "edition=x", "page=999", "year=1"])
def test_news_list_survives_bad_parameters(client, query):
    ArticleFactory()

    assert client.get(f"/en/news/?{query}").status_code == 200


def test_news_list_paginates_and_keeps_the_filter(client):
    tag = TagFactory(slug="ai")
    for day in range(1, 15):
        ArticleFactory(tags=[tag], published_at=at(2026, 1, day))

    response = client.get("/en/news/?tag=ai")

    assert len(response.context["articles"]) == 12
    assert "?tag=ai&amp;page=2" in response.content.decode()
    assert len(client.get("/en/news/?tag=ai&page=2").context["articles"]) == 2


def test_news_list_query_count_does_not_grow_with_rows(client):
    """Counted on a second view: the first view of a cover makes its renditions (once)."""
    tag = TagFactory()
    ArticleFactory(tags=[tag], cover=ImageFactory(), people=[PersonFactory()])
    queries_for(client, "/en/news/")
    one = queries_for(client, "/en/news/")
    for _ in range(30):
        ArticleFactory(tags=[tag, TagFactory()], cover=ImageFactory(), people=[PersonFactory()])
    queries_for(client, "/en/news/")

    assert queries_for(client, "/en/news/") == one
    # Count, page, its tags; the filter's choices: tags, editions, years.
    assert one == 6


def test_news_list_filters_by_part_of_a_name(client):
    person = PersonFactory(name_en="Chen Weiliang", slug="chen-weiliang")
    organization = OrganizationFactory(name_zh="沐曦", name_en="MetaX", slug="metax")
    ArticleFactory(title_en="About him", people=[person])
    ArticleFactory(title_en="About it", organizations=[organization])
    ArticleFactory(title_en="Other")

    assert titles(client.get("/en/news/?person=weiliang")) == {"About him"}
    assert titles(client.get("/en/news/?organization=沐曦")) == {"About it"}
    assert titles(client.get("/en/news/?person=nobody")) == set()


def test_news_list_filter_form_does_not_list_everyone_an_article_names(client):
    """Thousands of people and organizations are named in articles: the form takes text."""
    people = [PersonFactory() for _ in range(20)]
    organizations = [OrganizationFactory() for _ in range(20)]
    ArticleFactory(people=people, organizations=organizations)

    html = client.get("/en/news/").content.decode()

    assert all(person.slug not in html for person in people)
    assert all(organization.slug not in html for organization in organizations)
    assert '<input type="text" name="person"' in html


def test_news_list_says_when_nothing_matches(client):
    html = client.get("/en/news/").content.decode()

    assert "No article matches these filters." in html


def test_news_list_in_chinese(client):
    ArticleFactory(title_zh="沐曦上市")

    html = client.get("/zh-hans/news/").content.decode()

    assert "沐曦上市" in html
    assert "新闻" in html


# Article page ------------------------------------------------------------------------------


def test_article_page_shows_texts_source_and_links(client):
    person = PersonFactory(name_en="Chen Weiliang")
    organization = OrganizationFactory(name_en="MetaX")
    edition = EditionFactory(number=6, year=2025)
    indicator = IndicatorFactory(name_en="IC industry size")
    hidden = PersonFactory(name_en="Hidden Person", is_published=False)
    source = SourceFactory(
        title_en="The original", publisher_en="Daily", url="https://example.com/a"
    )
    article = ArticleFactory(
        title_en="MetaX lists",
        standfirst_en="A GPU maker lists.",
        body_en="<p>The <strong>body</strong>.</p>",
        byline_en="Staff",
        source=source,
        people=[person, hidden],
        organizations=[organization],
        editions=[edition],
        indicators=[indicator],
    )

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    assert "MetaX lists" in html
    assert "A GPU maker lists." in html
    assert "<p>The <strong>body</strong>.</p>" in html
    assert "Staff" in html
    assert 'href="https://example.com/a"' in html
    assert "Daily" in html
    for linked in (person, organization, edition, indicator):
        assert linked.get_absolute_url() in html
    assert "Hidden Person" not in html


def test_article_page_of_an_unpublished_article_is_not_found(client):
    article = ArticleFactory(is_published=False)

    assert client.get(f"/en/news/{article.slug}/").status_code == 404


def test_article_page_says_when_english_is_a_summary(client):
    article = ArticleFactory(
        body_zh="<p>中文全文</p>", body_en="<p>Summary</p>", body_en_is_summary=True
    )

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    assert "English summary of the Chinese article" in html
    assert "<p>Summary</p>" in html
    assert '<div class="prose" lang="zh-hans"><p>中文全文</p></div>' in html


def test_article_page_falls_back_to_chinese_marked_as_such(client):
    article = ArticleFactory(title_en="", body_en="", body_zh="<p>只有中文</p>")

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    assert '<h1 lang="zh-hans">' in html
    assert '<div class="prose" lang="zh-hans"><p>只有中文</p></div>' in html


def test_article_page_sanitizes_a_body_written_around_the_services(client):
    article = ArticleFactory(body_en='<p onclick="x()">Hi</p><script>alert(1)</script>')

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    assert "<p>Hi</p>" in html
    assert "alert(1)" not in html
    assert "onclick" not in html


def test_article_page_has_news_article_json_ld_canonical_hreflang_and_opengraph(client):
    tag = TagFactory(name_en="GPU")
    person = PersonFactory(name_en="Chen Weiliang")
    source = SourceFactory(title_en="Original", publisher_en="Daily")
    article = ArticleFactory(
        title_en="MetaX lists",
        byline_en="Staff",
        tags=[tag],
        people=[person],
        source=source,
        cover=ImageFactory(),
    )

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    (data,) = [json.loads(block) for block in JSON_LD.findall(html)]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "MetaX lists"
    assert data["author"] == {"@type": "Person", "name": "Staff"}
    assert data["isBasedOn"]["publisher"]["name"] == "Daily"
    assert data["keywords"] == ["GPU"]
    assert data["about"][0]["name"] == "Chen Weiliang"
    assert data["image"].startswith("http://testserver/")
    assert data["datePublished"] == article.published_at.isoformat()
    url = f"http://testserver/en/news/{article.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'hreflang="zh-hans" href="http://testserver/zh-hans/news/{article.slug}/"' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    assert '<meta property="article:tag" content="GPU">' in html


def test_article_page_without_a_cover_shares_the_site_image(client):
    article = ArticleFactory(cover=None)

    html = client.get(f"/en/news/{article.slug}/").content.decode()

    assert html.count('property="og:image"') == 1
    assert '<meta property="og:image" content="http://testserver/static/images/share.png">' in html
    assert '<meta name="twitter:image" content="http://testserver/static/images/share.png">' in html


def test_article_page_query_count_does_not_grow_with_links(client):
    article = ArticleFactory(tags=[TagFactory()], people=[PersonFactory()])
    one = queries_for(client, f"/en/news/{article.slug}/")
    article.tags.add(*[TagFactory() for _ in range(10)])
    article.people.add(*[PersonFactory() for _ in range(10)])
    article.organizations.add(*[OrganizationFactory() for _ in range(10)])
    article.editions.add(*[EditionFactory() for _ in range(5)])
    article.indicators.add(*[IndicatorFactory() for _ in range(10)])

    assert queries_for(client, f"/en/news/{article.slug}/") == one
    # The article with its cover for the page's head; drawing the rest: the article with its
    # cover and source, tags, people, organizations, editions, figures.
    assert one == 7


# In the news, home page, sitemap -----------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "link"),
    [
        (lambda: PersonFactory(), "people"),
        (lambda: OrganizationFactory(), "organizations"),
        (lambda: EditionFactory(), "editions"),
    ],
)
def test_in_the_news_on_linked_pages(client, make, link):
    target = make()
    ArticleFactory(title_en="Linked story", **{link: [target]})
    ArticleFactory(title_en="Draft story", is_published=False, **{link: [target]})
    ArticleFactory(title_en="Unrelated story")

    with override("en"):
        html = client.get(target.get_absolute_url()).content.decode()
    zh_html = client.get(target.get_absolute_url()).content.decode()

    assert "In the news" in html
    assert "Linked story" in html
    assert "Draft story" not in html
    assert "Unrelated story" not in html
    assert "相关报道" in zh_html


def test_no_in_the_news_section_without_articles(client):
    person = PersonFactory()

    assert "In the news" not in client.get(f"/en/people/{person.slug}/").content.decode()


def test_home_page_shows_the_latest_three_articles(client):
    for day in range(1, 6):
        ArticleFactory(title_en=f"Story {day}", published_at=at(2026, 1, day))

    html = client.get("/en/").content.decode()

    assert "Latest news" in html
    assert [f"Story {day}" in html for day in range(1, 6)] == [False, False, True, True, True]


def test_sitemap_lists_published_articles_in_both_languages(client):
    article = ArticleFactory()
    hidden = ArticleFactory(is_published=False)

    xml = sitemap_text(client)

    assert f"/zh-hans/news/{article.slug}/" in xml
    assert f"/en/news/{article.slug}/" in xml
    assert "/en/news/</loc>" in xml
    assert hidden.slug not in xml


def test_published_at_defaults_to_now():
    article = ArticleFactory()

    assert abs(article.published_at - timezone.now()) < datetime.timedelta(minutes=1)
