"""Figures pages: the sector index, a page per sector, a page per indicator, its chart (SVG)
and its data (CSV). Reads go through selectors; figures become text through metrics.formatting."""

import csv
import io
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from . import formatting, selectors
from .charts import indicator_chart_svg

logger = logging.getLogger(__name__)

# The chart is an image: no script at all, its own inline <style> only.
CHART_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
}


@require_safe
def sector_list(request):
    return render(request, "metrics/sector_list.html", {"tree": selectors.sector_tree()})


@require_safe
def sector_detail(request, slug):
    page = selectors.sector_page(slug)
    return render(request, "metrics/sector_detail.html", {"page": page, "sector": page.sector})


@require_safe
def indicator_detail(request, slug):
    indicator = selectors.indicator_for_page(slug)
    observations = list(indicator.observations.all())
    series = selectors.chart_series(indicator)
    context = {
        "indicator": indicator,
        "observations": observations,
        "latest": selectors.latest_observations(indicator),
        "has_chart": series is not None,
        "chart_measure": series[0] if series else "",
        "unit": formatting.unit_label(indicator),
    }
    return render(request, "metrics/indicator_detail.html", context)


@require_safe
@csp_override(CHART_CSP)
def indicator_chart(request, slug):
    """The indicator's chart as SVG; 404 when it has fewer than two periods. A failure to draw
    answers 503 (logged) so the page around the <img> shows its text alternative."""
    indicator = selectors.indicator_for_page(slug)
    series = selectors.chart_series(indicator)
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text):
    """Text a spreadsheet will not run as a formula (an excerpt starting with '=' stays text)."""
    text = str(text or "")
    return f"'{text}" if text.startswith(_FORMULA_START) else text


@require_safe
def indicator_csv(request, slug):
    """The indicator's data table as CSV, columns in the page language, UTF-8 with a BOM so
    Excel opens Chinese correctly."""
    indicator = selectors.indicator_for_page(slug)
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
                _cell(indicator.name),
                formatting.format_period(observation),
                _cell(formatting.format_observation(observation)),
                formatting.plain_number(observation.value),
                observation.get_scale_display(),
                formatting.plain_number(observation.absolute_value),
                _cell(unit),
                formatting.qualifier_word(observation.qualifier),
                observation.get_comparison_display(),
                observation.get_kind_display(),
                indicator.get_scope_display(),
                _cell(source.title),
                _cell(source.url),
                _cell(observation.note),
                _cell(observation.excerpt or source.excerpt),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{indicator.slug}-{get_language() or 'zh-hans'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
