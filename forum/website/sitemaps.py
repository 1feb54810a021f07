"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from forum.models import Edition
from forum.news.models import Article
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person


class _BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def _urls(self, page, protocol, domain):
        """Django writes x-default as the address without a language prefix, which answers with
        a redirect; the pages name the default language's address (/zh-hans/…), so does this."""
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = next(
                (
                    a["location"]
                    for a in url["alternates"]
                    if a["lang_code"] == settings.LANGUAGE_CODE
                ),
                None,
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and default:
                    alternate["location"] = default
        return urls


class StaticPagesSitemap(_BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "website:home",
            "website:person_list",
            "website:organization_list",
            "website:edition_list",
            "website:sector_list",
            "website:article_list",
        ]

    def location(self, item):
        return reverse(item)


class _ObjectSitemap(_BilingualSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class PersonSitemap(_ObjectSitemap):
    model = Person


class OrganizationSitemap(_ObjectSitemap):
    model = Organization


class EditionSitemap(_ObjectSitemap):
    model = Edition


class SectorSitemap(_ObjectSitemap):
    model = Sector


class IndicatorSitemap(_ObjectSitemap):
    model = Indicator

    def items(self):
        return Indicator.objects.public().order_by("pk")


class ArticleSitemap(_ObjectSitemap):
    model = Article


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "editions": EditionSitemap,
    "sectors": SectorSitemap,
    "indicators": IndicatorSitemap,
    "news": ArticleSitemap,
}
