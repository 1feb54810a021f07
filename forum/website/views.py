"""The public pages: thin views over the content apps' selectors and the website's own
compositions (selectors.py). Figures become text through metrics.formatting."""

import csv
import functools
import io
import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from config.common.charts import CHART_CSP
from config.common.page_cache import cached_page
from config.common.spreadsheets import csv_cell
from config.common.views import PER_PAGE, filtered_page_context
from forum import outcomes as forum_outcomes
from forum import selectors as forum_selectors
from forum.filters import PersonFilter
from forum.news import selectors as news_selectors
from forum.news.filters import ArticleFilter
from forum.registrations.selectors import call_to_register, with_registration_settings
from metrics import formatting
from metrics import selectors as metrics_selectors
from metrics.charts import indicator_chart_svg
from profiles import selectors as profile_selectors
from profiles.filters import OrganizationFilter

from . import calendar, selectors, structured_data
from . import search as site_search
from .forms import SearchForm
from .share_cards import share_image

logger = logging.getLogger(__name__)


# --- Home and editions ----------------------------------------------------------------------


@require_safe
@cached_page(briefly=True)
def home(request):
    return render(request, "website/home.html", selectors.home_page())


@require_safe
@cached_page
def edition_list(request):
    editions = forum_selectors.edition_list
    return render(request, "website/edition_list.html", {"editions": editions})


@require_safe
@cached_page(briefly=True)
def edition_detail(request, number):
    edition = forum_selectors.edition_detail(
        number, with_registration_settings(forum_selectors.edition_heads())
    )
    # Read by the template only when its kept copies of the page are out of date.
    details = functools.cache(functools.partial(_edition_details, request, number))
    context = {
        "edition": edition,
        "call_to_register": call_to_register(edition),
        "share_image": share_image(
            request, "website:edition_share_image", alt=edition.full_title, number=edition.number
        ),
        "details": details,
    }
    return render(request, "website/edition_detail.html", context)


def _edition_details(request, number):
    edition = forum_selectors.edition_page(number)
    speakers = forum_selectors.speakers(edition)
    return {
        "edition": edition,
        "map_links": calendar.map_links(edition),
        "speakers": speakers,
        "programme": forum_selectors.programme(edition),
        "participant_groups": forum_selectors.participants_by_role(edition),
        "structured_data": structured_data.event(
            edition, request, performers=speakers, image_url=static("images/share.png")
        ),
        "news": news_selectors.articles_about(edition=edition),
        # What became of its alumni: only once it has been held.
        "outcomes": forum_outcomes.edition_row(edition) if edition.is_held else None,
        "outcome_years": forum_outcomes.DEFAULT_YEARS,
    }


def _calendar_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
@cached_page
def edition_calendar(request, number):
    """The edition as a calendar file; 404 while its day is not known."""
    edition = forum_selectors.edition_detail(number)
    body = calendar.edition_calendar(edition, request)
    if body is None:
        raise Http404("The edition's day is not known yet.")
    return _calendar_response(body, f"youth50-edition-{edition.number}.ics")


@require_safe
@cached_page
def editions_calendar(request):
    """Every published edition whose day is known, as a feed calendar apps subscribe to."""
    body = calendar.editions_feed(
        forum_selectors.edition_list(), request, name=str(settings.SITE_NAME)
    )
    return _calendar_response(body, "youth50-editions.ics")


# --- People and organizations ---------------------------------------------------------------


@require_safe
@cached_page
def person_list(request):
    # Filtered, counted and read by the template only when its kept copy is out of date.
    listing = functools.cache(functools.partial(_person_listing, request))
    return render(request, "website/person_list.html", {"listing": listing})


def _person_listing(request):
    filterset = PersonFilter(request.GET, queryset=profile_selectors.person_list(), request=request)
    context = filtered_page_context(request, filterset)
    context["people"] = context["page_obj"]
    return context


@require_safe
@cached_page
def person_detail(request, slug):
    person = profile_selectors.published_person(slug)
    # Read by the template only when its kept copy of the page is out of date.
    details = functools.cache(functools.partial(_person_details, request, slug))
    context = {
        "person": person,
        "share_image": share_image(
            request,
            "website:person_share_image",
            alt=" · ".join(text for text in (person.name, person.headline) if text),
            slug=person.slug,
        ),
        "details": details,
    }
    return render(request, "website/person_detail.html", context)


def _person_details(request, slug):
    person = forum_selectors.person_page(slug)
    current_roles, past_roles = profile_selectors.current_and_past(
        person.roles_at_published_organizations
    )
    return {
        "current_roles": current_roles,
        "past_roles": past_roles,
        "quotes": person.published_quotes,
        "participations": person.published_participations,
        "related_people": profile_selectors.related_people(person),
        "news": news_selectors.articles_about(person=person),
        "structured_data": structured_data.person(person, request, current_roles=current_roles),
    }


@require_safe
@cached_page
def organization_list(request):
    # Filtered, counted and read by the template only when its kept copy is out of date.
    listing = functools.cache(functools.partial(_organization_listing, request))
    return render(request, "website/organization_list.html", {"listing": listing})


def _organization_listing(request):
    filterset = OrganizationFilter(
        request.GET, queryset=profile_selectors.organization_list(), request=request
    )
    context = filtered_page_context(request, filterset)
    context["organizations"] = context["page_obj"]
    return context


@require_safe
@cached_page
def organization_detail(request, slug):
    organization = profile_selectors.published_organization(slug)
    # Read by the template only when its kept copy of the page is out of date.
    details = functools.cache(functools.partial(_organization_details, request, slug))
    context = {
        "organization": organization,
        "share_image": share_image(
            request,
            "website:organization_share_image",
            alt=organization.name,
            slug=organization.slug,
        ),
        "details": details,
    }
    return render(request, "website/organization_detail.html", context)


def _organization_details(request, slug):
    organization = profile_selectors.organization_detail(slug)
    current_roles, past_roles = profile_selectors.current_and_past(organization.members)
    return {
        "organization": organization,
        "current_roles": current_roles,
        "past_roles": past_roles,
        "milestones": organization.timeline,
        "summary": profile_selectors.listing_and_funding(organization.timeline),
        "key_figures": organization.key_figures,
        "news": news_selectors.articles_about(organization=organization),
        "structured_data": structured_data.organization(organization, request),
    }


# --- News -----------------------------------------------------------------------------------

NEWS_PER_PAGE = 12


@require_safe
@cached_page
def article_list(request):
    filterset = ArticleFilter(request.GET, queryset=news_selectors.article_list(), request=request)
    context = filtered_page_context(request, filterset, per_page=NEWS_PER_PAGE)
    context["articles"] = context["page_obj"]
    tag = filterset.form.cleaned_data.get("tag") if filterset.is_valid() else None
    context["tag"] = tag
    return render(request, "website/article_list.html", context)


@require_safe
@cached_page
def article_detail(request, slug):
    article = news_selectors.published_article(slug)
    # Read by the template only when its kept copy of the page is out of date.
    details = functools.cache(functools.partial(_article_details, request, slug))
    return render(request, "website/article_detail.html", {"article": article, "details": details})


def _article_details(request, slug):
    article = news_selectors.article_page(slug)
    return {"article": article, "structured_data": structured_data.news_article(article, request)}


# --- Figures --------------------------------------------------------------------------------


@require_safe
@cached_page
def sector_list(request):
    # Called by the template only when its kept copy is out of date.
    index = metrics_selectors.sector_index
    return render(request, "website/sector_list.html", {"index": index})


@require_safe
@cached_page
def sector_detail(request, slug):
    page = metrics_selectors.sector_page(slug)
    paginator = Paginator(page.indicators, PER_PAGE)
    # Called by the template only when its kept copies are out of date.
    context = {
        "page": page,
        "sector": page.sector,
        "indicators": functools.partial(paginator.get_page, request.GET.get("page")),
        "members": functools.partial(profile_selectors.sector_members, page.sector),
    }
    return render(request, "website/sector_detail.html", context)


@require_safe
@cached_page
def indicator_detail(request, slug):
    indicator = metrics_selectors.public_indicator(slug)
    # Read by the template only when its kept copy of the page is out of date.
    details = functools.cache(functools.partial(_indicator_details, slug))
    context = {
        "indicator": indicator,
        "share_image": share_image(
            request, "website:indicator_share_image", alt=indicator.name, slug=indicator.slug
        ),
        "details": details,
    }
    return render(request, "website/indicator_detail.html", context)


def _indicator_details(slug):
    indicator = metrics_selectors.indicator_for_page(slug)
    series = metrics_selectors.chart_series(indicator)
    return {
        "indicator": indicator,
        "observations": list(indicator.observations.all()),
        "latest": metrics_selectors.latest_observations(indicator),
        "has_chart": series is not None,
        "chart_measure": series[0] if series else "",
        "unit": formatting.unit_label(indicator),
    }


@require_safe
@csp_override(CHART_CSP)
@cached_page
def indicator_chart(request, slug):
    """The indicator's chart as SVG; 404 when it has fewer than two periods. A failure to draw
    answers 503 (logged) so the page around the <img> shows its text alternative."""
    indicator = metrics_selectors.indicator_for_page(slug)
    series = metrics_selectors.chart_series(indicator)
    if series is None:
        return HttpResponse(status=404)
    size = "narrow" if request.GET.get("size") == "narrow" else "wide"
    try:
        svg = indicator_chart_svg(indicator, *series, size=size)
    except Exception:
        logger.exception("Could not draw the chart of indicator %s", indicator.slug)
        return HttpResponse(status=503)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
@cached_page
def indicator_csv(request, slug):
    """The indicator's data table as CSV, columns in the page language, UTF-8 with a BOM so
    Excel opens Chinese correctly."""
    indicator = metrics_selectors.indicator_for_page(slug)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Indicator"),
            _("Period"),
            _("Figure"),
            _("Value as published"),
            _("Scale as published"),
            _("Value in units"),
            _("Unit"),
            _("Qualifier"),
            _("Measure"),
            _("Kind"),
            _("Scope"),
            _("Source"),
            _("Source URL"),
            _("Note"),
            _("Quoted excerpt"),
        ]
    )
    unit = formatting.unit_label(indicator)
    for observation in indicator.observations.all():
        source = observation.source
        writer.writerow(
            [
                csv_cell(indicator.name),
                formatting.format_period(observation),
                csv_cell(formatting.format_observation(observation)),
                formatting.plain_number(observation.value),
                observation.get_scale_display(),
                formatting.plain_number(observation.absolute_value),
                csv_cell(unit),
                formatting.qualifier_word(observation.qualifier),
                observation.get_comparison_display(),
                observation.get_kind_display(),
                indicator.get_scope_display(),
                csv_cell(source.title),
                csv_cell(source.url),
                csv_cell(observation.note),
                csv_cell(observation.excerpt or source.excerpt),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{indicator.slug}-{get_language()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Search, robots ---------------------------------------------------------------------------


@require_safe
@cached_page
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    status = 400 if form.errors else 200
    context = {"form": form, "query": query, "results": None}
    if query:
        # Searched only when the template's kept copy of the results is out of date.
        context["results"] = SimpleLazyObject(functools.partial(site_search.search, query))
    else:
        context.update(site_search.start_page())
    return render(request, "website/search.html", context, status=status)


@require_safe
@cached_page
def web_manifest(request):
    """The web app manifest in the page language: name, icons and colours for home screens."""
    data = {
        "name": str(settings.SITE_NAME),
        "short_name": _("Youth 50 Forum"),
        "lang": get_language(),
        "start_url": reverse("website:home"),
        "scope": reverse("website:home"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#073b70",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
@cache_page(60 * 60)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
