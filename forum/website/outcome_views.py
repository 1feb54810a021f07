"""The alumni outcomes pages: overall and per edition, computed from the site's data
(forum/outcomes.py), beside the figures the forum states itself."""

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.common.charts import counts_chart_svg
from config.common.page_cache import cached_page
from forum import outcomes as forum_outcomes

logger = logging.getLogger(__name__)


def _rows(editions):
    return [
        forum_outcomes.Row(label=edition.title, outcomes=result, number=edition.number)
        for edition, result in forum_outcomes.outcomes_by_edition(editions)
    ]


@require_safe
@cached_page
def outcomes(request):
    editions = forum_outcomes.alumni_editions()
    rows = _rows(editions)
    overall = forum_outcomes.Row(
        label=_("All editions"), outcomes=forum_outcomes.outcomes(editions)
    )
    return render(
        request,
        "website/outcomes.html",
        {
            "rows": rows,
            "overall": overall,
            "years": forum_outcomes.DEFAULT_YEARS,
            "comparisons": forum_outcomes.stated_beside_computed(),
            "forum": editions[0].forum if editions else None,
            "has_chart": len(rows) > 1,
        },
    )


@require_safe
@cached_page
def edition_outcomes(request, number):
    edition = forum_outcomes.published_edition(number)
    if edition is None:
        raise Http404
    return render(
        request,
        "website/edition_outcomes.html",
        {
            "edition": edition,
            "overall": forum_outcomes.edition_row(edition),
            "years": forum_outcomes.DEFAULT_YEARS,
        },
    )


@require_safe
@cached_page
def outcomes_chart(request):
    rows = _rows(forum_outcomes.alumni_editions())
    if len(rows) < 2:
        raise Http404
    svg = counts_chart_svg(
        title=_("Alumni companies and their outcomes by edition"),
        labels=[row.label for row in rows],
        series=[
            (_("Alumni companies"), [len(row.outcomes.alumni) for row in rows]),
            (
                _("Specialized and innovative"),
                [len(row.outcomes.specialized_any) for row in rows],
            ),
            (_("Listed"), [len(row.listed) for row in rows]),
            (_("Raised a round"), [len(row.funded) for row in rows]),
        ],
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response
