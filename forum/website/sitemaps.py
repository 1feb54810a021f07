"""The sitemap: /sitemap.xml is an index of sections (one per kind of page), each split into
pages of at most 200 rows, listing its pages in both languages with hreflang alternates.

A page holds a fixed range of keys (page 2 the rows with keys 201 to 400), not the 201st to
400th row: a row leaving the section changes its own page only, never moves later rows onto
earlier pages. The index dates each page by the latest moment its list can have changed: a
save of any row in its range, published or not (an unpublished row was saved to leave), a
row's unpublishing time once past, and the deletion of a row in its range (`DeletedRow`, as
no remaining row tells it). So a crawler re-reads exactly the pages that changed. The index
reads one aggregate per page, a statement per section, however many rows there are.

Both views answer from the cache, keyed by the public content's version
(`config.common.content_cache`): saving or deleting a row of any content model (freshness.py)
makes the next request build afresh. A section page costs the same few queries however many
rows there are.
"""

import collections
from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    Max,
    PositiveBigIntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Now
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from config.common.content_cache import cached_answer
from config.common.page_cache import cached_page
from forum.models import Edition
from forum.news.models import Article
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person

from .models import DeletedRow


class _BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # <url> entries per section page: each row gives one per language, so 200 rows, about
    # 150 KB as built and 6 KB gzipped (what crawlers fetch). The protocol allows 50,000, but
    # every request moves a whole page from the cache to the client: a large page costs each
    # request its size, a smaller one only a line more in the index.
    limit = 400

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

    def dated_pages(self):
        """(number, lastmod) of each page the index lists, in page order."""
        return [(number, None) for number in self.paginator.page_range]


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


class _KeyRanges:
    """Pages of fixed key ranges, behind Django's paginator interface: page n lists the rows of
    `rows` whose key is in ((n - 1) × rows_per_page, n × rows_per_page], each in every language.
    Page 1 always exists (an empty section is one empty page); another without rows does not."""

    def __init__(self, rows, languages, rows_per_page):
        self.rows = rows
        self.languages = languages
        self.rows_per_page = rows_per_page

    def number_of(self, key):
        """The page number of a row's key, as a database expression (`key`: a field name)."""
        return ExpressionWrapper(
            (F(key) - 1) / self.rows_per_page + 1, output_field=PositiveBigIntegerField()
        )

    def number_holding(self, key):
        """The page number of a row's key (`key`: a number)."""
        return (key - 1) // self.rows_per_page + 1

    def keys_on(self, number):
        """The first and the last key page `number` holds."""
        return (number - 1) * self.rows_per_page + 1, number * self.rows_per_page

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(number) from error
        if number < 1:
            raise EmptyPage(number)
        rows = self.rows.filter(pk__range=self.keys_on(number))
        pairs = [(row, language) for row in rows for language in self.languages]
        if not pairs and number > 1:
            raise EmptyPage(number)
        return Page(pairs, number, self)


# When a row's unpublishing time has passed, it left the public pages then (else null).
_WENT_OFFLINE_AT = Case(When(expire_at__lte=Now(), then=F("expire_at")))


class _ObjectSitemap(_BilingualSitemap):
    model = None
    # When, besides its own saves, a row may have entered or left the section: expressions on
    # the row, null where no such moment has come.
    listing_changed_at = (_WENT_OFFLINE_AT,)

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    @property
    def paginator(self):
        languages = self._languages()
        return _KeyRanges(self.items(), languages, self.limit // len(languages))

    def dated_pages(self):
        """Each page listing a row, dated by the latest change of its list: one statement, an
        aggregate per page over the rows in its key range (published or not: unpublishing is a
        save) and the rows deleted from it."""
        pages = self.paginator
        moments = [Coalesce(moment, "updated_at") for moment in self.listing_changed_at]
        changed_at = Greatest("updated_at", *moments) if moments else F("updated_at")
        rows = (
            self.model._default_manager.annotate(page=pages.number_of("pk"))
            .values("page")
            .annotate(
                listed=Count("pk", filter=Q(pk__in=self.items().values("pk"))),
                changed_at=Max(changed_at),
            )
            .order_by()
        )
        deleted = (
            DeletedRow.objects.filter(model_label=self.model._meta.label)
            .annotate(page=pages.number_of("row_key"))
            .values("page")
            .annotate(listed=Value(0), changed_at=Max("deleted_at"))
            .order_by()
        )
        listed = collections.Counter()
        dates = {}
        for page in rows.union(deleted, all=True).order_by("page"):
            number, count, changed_at = page["page"], page["listed"], page["changed_at"]
            listed[number] += count
            dates[number] = max(changed_at, dates.get(number, changed_at))
        dated = [(number, dates[number]) for number in sorted(listed) if listed[number]]
        # An empty section is one empty page, dated by its last row leaving.
        return dated or [(1, max(dates.values(), default=None))]


class PersonSitemap(_ObjectSitemap):
    model = Person


class OrganizationSitemap(_ObjectSitemap):
    model = Organization


class EditionSitemap(_ObjectSitemap):
    model = Edition


class SectorSitemap(_ObjectSitemap):
    model = Sector
    listing_changed_at = ()  # a sector has no unpublishing time


class IndicatorSitemap(_ObjectSitemap):
    model = Indicator
    # A figure is public only while its sector is: the sector's saves count too.
    listing_changed_at = (_WENT_OFFLINE_AT, F("sector__updated_at"))

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


def _record_deletion(sender, instance, **_signal_arguments):
    """Keep the latest deletion in the key range of the deleted row's page: only it dates the
    page, so the record holds a row per page at most, however many rows are deleted."""
    sitemap = next(
        section for section in SITEMAPS.values() if getattr(section, "model", None) is sender
    )
    pages = sitemap().paginator
    label = sender._meta.label
    page_keys = pages.keys_on(pages.number_holding(instance.pk))
    DeletedRow.objects.filter(model_label=label, row_key__range=page_keys).delete()
    DeletedRow.objects.create(model_label=label, row_key=instance.pk)


def record_deletions():
    """Keep the deletion of every row a section lists (connected when the app is ready)."""
    for sitemap in SITEMAPS.values():
        if issubclass(sitemap, _ObjectSitemap):
            post_delete.connect(
                _record_deletion, sender=sitemap.model, dispatch_uid="sitemap-deleted-row"
            )


_KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


def _cached(view):
    """`view`'s answer from the cache for the current content version (200 answers only)."""

    def answer(request, section=None):
        page = request.GET.get("p", "1")
        page = str(int(page)) if page.isdigit() else page
        built = {}

        def build():
            response = view(request, **({"section": section} if section else {}))
            built["response"] = response
            if response.status_code != 200:
                return None
            response.render()
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            return response.content, headers

        name = f"sitemap:{request.scheme}:{request.get_host()}:{section or ''}:{page}"
        stored = cached_answer(name, build)
        if stored is None:
            return built["response"]
        content, headers = stored
        return HttpResponse(content, headers=headers)

    return require_safe(answer)


@sitemap_views.x_robots_tag
def _index(request):
    """Django's index of the sections' pages, each dated by its own rows (Django dates every page
    of a section by the section's latest change: one edit would send crawlers to all of them)."""
    site = f"{request.scheme}://{get_current_site(request).domain}"
    pages = []
    for name, sitemap in SITEMAPS.items():
        location = site + reverse("sitemap_section", kwargs={"section": name})
        for number, lastmod in sitemap().dated_pages():
            address = location if number == 1 else f"{location}?p={number}"
            pages.append(sitemap_views.SitemapIndexItem(address, lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": pages}, content_type="application/xml"
    )


# Whole, from the page cache, before any middleware runs; each section's content also under
# the content version, for signed-in visitors and for a page the page cache may not keep.
index = cached_page(_cached(_index), at_root=True, gzipped=True)
section = cached_page(
    _cached(partial(sitemap_views.sitemap, sitemaps=SITEMAPS)), at_root=True, gzipped=True
)
