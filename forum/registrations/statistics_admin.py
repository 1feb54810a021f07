"""The organizers' statistics page of an edition, served by RegistrationAdmin (admin.py wires
it in, the dashboard links to it): each table of statistics.py beside its chart, the chart
drawn as SVG at its own URL (an image: the page's CSP stays strict) and the table also as CSV.
The dashboard's permission (to view registrations) opens them."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override

from config.common.charts import CHART_CSP, SIZES, counts_chart_svg
from config.common.spreadsheets import csv_cell
from forum.models import Edition

from .statistics import edition_statistics


@dataclass(frozen=True)
class Part:
    """One table of the page: where its numbers are, how its chart draws them and what the
    chart's image says it shows."""

    name: str
    field: str
    title: str
    row_heading: str
    kind: str
    alt: str
    charted_columns: slice = slice(None)


PARTS = (
    Part(
        "days",
        "per_day",
        gettext_lazy("Registrations per day"),
        gettext_lazy("Date"),
        "stacked",
        gettext_lazy("Stacked bar chart of the table below: registrations per day by status."),
    ),
    Part(
        "categories",
        "per_category",
        gettext_lazy("Registrations per category"),
        gettext_lazy("Category"),
        "stacked",
        gettext_lazy("Stacked bar chart of the table below: registrations per category by status."),
    ),
    Part(
        "checkins",
        "checkins",
        gettext_lazy("Check-ins per 15 minutes"),
        gettext_lazy("Quarter hour from"),
        "bar",
        gettext_lazy("Bar chart of the table below: check-ins per 15 minutes on each list."),
    ),
    Part(
        "seats",
        "seats",
        gettext_lazy("Use of seats"),
        gettext_lazy("Seats counted in"),
        "horizontal",
        gettext_lazy("Bar chart of the table below: seats taken and free in each count of seats."),
        # The seats are the taken and the free ones together: the bars show those two.
        charted_columns=slice(1, None),
    ),
)
PART_BY_NAME = {part.name: part for part in PARTS}


def _require_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied


def _edition(edition_id):
    return get_object_or_404(
        Edition.objects.select_related("forum", "registration_settings"), pk=edition_id
    )


def _part(name):
    part = PART_BY_NAME.get(name)
    if part is None:
        raise Http404
    return part


def statistics_view(model_admin, request, edition_id):
    _require_view(model_admin, request)
    edition = _edition(edition_id)
    statistics = edition_statistics(edition)
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/registrations/registration/statistics.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Statistics: %(edition)s") % {"edition": edition},
            "opts": opts,
            "edition": edition,
            "statistics": statistics,
            "parts": [(part, getattr(statistics, part.field)) for part in PARTS],
            "sizes": SIZES,
        },
    )


@csp_override(CHART_CSP)
def chart_view(model_admin, request, edition_id, name):
    _require_view(model_admin, request)
    part = _part(name)
    edition = _edition(edition_id)
    table = getattr(edition_statistics(edition), part.field)
    if table.is_empty:
        raise Http404
    svg = counts_chart_svg(
        title=f"{part.title} · {edition}",
        labels=table.headings(),
        series=table.series()[part.charted_columns],
        size="narrow" if request.GET.get("size") == "narrow" else "wide",
        kind=part.kind,
        description=_("The statistics page gives the same numbers as a table."),
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def csv_view(model_admin, request, edition_id, name):
    _require_view(model_admin, request)
    part = _part(name)
    edition = _edition(edition_id)
    table = getattr(edition_statistics(edition), part.field)
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([csv_cell(part.row_heading), *(csv_cell(column) for column in table.columns)])
    for heading, counts in table.rows:
        writer.writerow([csv_cell(heading), *counts])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        ("\ufeff" + stream.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-edition-{edition.number}-{part.name}-{stamp}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
