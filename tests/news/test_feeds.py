"""RSS and Atom feeds of the news per language and per tag, parsed with feedparser, and their
announcement in every page's head."""

import datetime

import feedparser
import pytest

from tests.factories import ArticleFactory, PersonFactory, TagFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/{lang}/news/feed.rss", "/{lang}/news/feed.atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("path", FEEDS)
def test_feed_lists_published_articles_in_english(client, path):
    ArticleFactory(
        title_en="MetaX lists",
        standfirst_en="A GPU maker",
        byline_en="Staff",
        tags=[TagFactory(name_en="GPU")],
        published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    ArticleFactory(title_en="Hidden", is_published=False)

    response, feed = parse(client, path.format(lang="en"))

    assert response["Content-Type"].startswith(
        "application/rss+xml" if path.endswith("rss") else "application/atom+xml"
    )
    assert [entry.title for entry in feed.entries] == ["MetaX lists"]
    entry = feed.entries[0]
    assert "/en/news/news-story-" in entry.link
    assert "A GPU maker" in entry.summary
    assert [tag.term for tag in entry.tags] == ["GPU"]
    assert entry.published_parsed[:3] == (2026, 1, 5)
    assert feed.feed.language.startswith("en")


@pytest.mark.parametrize("path", FEEDS)
def test_feed_in_chinese_reads_chinese_titles(client, path):
    ArticleFactory(title_zh="沐曦上市", title_en="MetaX lists")

    _response, feed = parse(client, path.format(lang="zh-hans"))

    assert [entry.title for entry in feed.entries] == ["沐曦上市"]
    assert feed.feed.language.lower().startswith("zh")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_lists_only_that_tags_articles(client, kind):
    tag = TagFactory(slug="ai", name_en="AI")
    ArticleFactory(title_en="AI story", tags=[tag])
    ArticleFactory(title_en="Other story")

    _response, feed = parse(client, f"/en/news/tags/ai/feed.{kind}")

    assert [entry.title for entry in feed.entries] == ["AI story"]
    assert "AI" in feed.feed.title


def test_feed_of_an_unknown_tag_is_not_found(client):
    assert client.get("/en/news/tags/nope/feed.rss").status_code == 404


def test_feed_escapes_hostile_text_and_sanitizes_bodies(client):
    ArticleFactory(
        title_en="<script>alert(1)</script>",
        body_en='<p onclick="x()">ok</p><script>alert(2)</script>',
    )

    _response, feed = parse(client, "/en/news/feed.atom")

    entry = feed.entries[0]
    assert entry.title == "<script>alert(1)</script>"  # text, escaped in the XML
    assert "alert(2)" not in entry.summary
    assert "onclick" not in entry.summary


@pytest.mark.parametrize("url", ["/en/", "/zh-hans/", "/en/news/", "/en/people/{slug}/"])
def test_every_page_announces_both_feeds_of_its_language(client, url):
    person = PersonFactory()
    html = client.get(url.format(slug=person.slug)).content.decode()
    lang = "zh-hans" if "zh-hans" in url else "en"

    assert 'type="application/rss+xml" title="' in html
    assert f'href="/{lang}/news/feed.rss"' in html
    assert 'type="application/atom+xml" title="' in html
    assert f'href="/{lang}/news/feed.atom"' in html


def test_news_list_of_a_tag_announces_the_tags_feeds(client):
    tag = TagFactory(slug="ai")
    ArticleFactory(tags=[tag])

    html = client.get("/en/news/?tag=ai").content.decode()

    assert 'href="/en/news/tags/ai/feed.rss"' in html
    assert 'href="/en/news/tags/ai/feed.atom"' in html
