"""The sitemap: /sitemap.xml is an index of sections (one per kind of page), each split into
pages of a few hundred rows, listing its pages in both languages with hreflang alternates. The
index dates each page by the latest change of its own rows, so a crawler re-reads only the pages
that changed.

Both views answer from the cache, keyed by the public content's version
(`config.common.content_cache`): saving or deleting a row of any content model (freshness.py)
makes the next request build afresh. A
section page costs the same few queries however many rows there are.
"""

from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
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

    def latest_lastmod_of_each_page(self):
        """Each page's latest lastmod (None where its items have none), in page order."""
        return [None] * self.paginator.num_pages


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


class _RowsInEveryLanguage:
    """(row, language) pairs of a queryset, sliced in the database.

    Django's bilingual sitemap builds this list in Python from every row before paginating;
    this sequence counts with one query and fetches only the rows of the page asked for.
    """

    def __init__(self, rows, languages):
        self.rows = rows
        self.languages = languages

    def __len__(self):
        return self.rows.count() * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("only contiguous slices")
        start, stop, _step = index.indices(len(self))
        width = len(self.languages)
        first_row = start // width
        last_row = -(-stop // width)
        pairs = [
            (row, language) for row in self.rows[first_row:last_row] for language in self.languages
        ]
        offset = first_row * width
        return pairs[start - offset : stop - offset]


class _ObjectSitemap(_BilingualSitemap):
    model = None

    def _items(self):
        return _RowsInEveryLanguage(self.items(), self._languages())

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    def latest_lastmod_of_each_page(self):
        # One query reading one date per row: the rows a page holds are its slice of them.
        dates = list(self.items().values_list("updated_at", flat=True))
        rows_per_page = self.limit // len(self._languages())
        pages = [
            dates[start : start + rows_per_page] for start in range(0, len(dates), rows_per_page)
        ]
        return [max(page) for page in pages] or [None]  # an empty section is one empty page


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
        for number, lastmod in enumerate(sitemap().latest_lastmod_of_each_page(), start=1):
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
