"""RSS 2.0 and Atom feeds of the news, in the page language (the URL's /zh-hans/ or /en/), and
one per tag. Every page's head announces the site's two feeds (base.html); the news list
filtered by a tag announces that tag's."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config.common.language import EN, resolve_language
from config.common.text import sanitize_html
from forum.news import selectors as news_selectors

FEED_LENGTH = 20


class _ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = "en" if resolve_language() == EN else "zh-Hans"
        return feed

    def title(self, obj=None):
        return _("News · %(site)s") % {"site": str(settings.SITE_NAME)}

    def description(self, obj=None):
        return _("News of the forum, its people and their organizations.")

    def link(self, obj=None):
        return reverse("website:article_list")

    def articles(self, obj):
        return news_selectors.article_list()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The standfirst, then the body (sanitized HTML, which both formats carry escaped)."""
        parts = [f"<p>{escape(item.standfirst)}</p>"] if item.standfirst else []
        parts.append(sanitize_html(item.body))
        return "".join(parts)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        return f"article-{item.pk}-{get_language()}"

    item_guid_is_permalink = False


class _TagFeed(_ArticleFeed):
    def get_object(self, request, slug):
        return news_selectors.tag_by_slug(slug)

    def title(self, obj=None):
        return _("News tagged “%(tag)s” · %(site)s") % {
            "tag": obj.name,
            "site": str(settings.SITE_NAME),
        }

    def link(self, obj=None):
        return f"{reverse('website:article_list')}?tag={obj.slug}"

    def articles(self, obj):
        return news_selectors.article_list().filter(tags=obj)


class LatestArticlesRss(_ArticleFeed):
    pass


class LatestArticlesAtom(_ArticleFeed):
    feed_type = Atom1Feed
    subtitle = _ArticleFeed.description


class TagArticlesRss(_TagFeed):
    pass


class TagArticlesAtom(_TagFeed):
    feed_type = Atom1Feed
    subtitle = _ArticleFeed.description
