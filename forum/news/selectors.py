"""Reads of articles for the public pages and feeds, each in a fixed number of queries."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from forum.models import Edition
from metrics.models import Indicator
from profiles.models import Organization, Person

from .models import Article, Tag

LATEST = 3
IN_THE_NEWS = 5


def _published_tags():
    return Prefetch("tags", queryset=Tag.objects.order_by("slug"))


def article_list():
    """Published articles, newest first, with their cover and tags (two queries a page)."""
    return (
        Article.objects.published()
        .select_related("cover")
        .prefetch_related(_published_tags())
        .latest_first()
    )


def latest_articles(limit=LATEST):
    return list(article_list()[:limit])


def published_article(slug):
    """A published article with its cover: what its page's title and description need; 404
    otherwise."""
    return get_object_or_404(Article.objects.published().select_related("cover"), slug=slug)


def article_page(slug):
    """A published article with everything its page shows, each link list published only."""
    return get_object_or_404(
        Article.objects.published()
        .select_related("cover", "source")
        .prefetch_related(
            _published_tags(),
            Prefetch(
                "people",
                queryset=Person.objects.published().order_by("name_zh", "pk"),
                to_attr="published_people",
            ),
            Prefetch(
                "organizations",
                queryset=Organization.objects.published().order_by("name_zh", "pk"),
                to_attr="published_organizations",
            ),
            Prefetch(
                "editions",
                queryset=Edition.objects.published().select_related("forum").order_by("number"),
                to_attr="published_editions",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.public().order_by("pk"),
                to_attr="published_indicators",
            ),
        ),
        slug=slug,
    )


def articles_about(*, person=None, organization=None, edition=None, limit=IN_THE_NEWS):
    """The latest published articles linked to a person, an organization or an edition: the
    "In the news" section of their pages (one query)."""
    articles = Article.objects.published()
    if person is not None:
        articles = articles.filter(people=person)
    if organization is not None:
        articles = articles.filter(organizations=organization)
    if edition is not None:
        articles = articles.filter(editions=edition)
    return list(articles.latest_first()[:limit])


def tag_by_slug(slug):
    return get_object_or_404(Tag, slug=slug)
