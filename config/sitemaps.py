"""sitemap.xml (every public page in both languages, with hreflang alternates) and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from forum.models import Edition
from metrics.models import Indicator, Sector
from profiles.models import Organization, Person


class _BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "forum:home",
            "forum:person_list",
            "profiles:organization_list",
            "forum:edition_list",
            "metrics:sector_list",
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
        return Indicator.objects.published().filter(sector__is_published=True).order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "editions": EditionSitemap,
    "sectors": SectorSitemap,
    "indicators": IndicatorSitemap,
}


@require_safe
@cache_page(60 * 60)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
