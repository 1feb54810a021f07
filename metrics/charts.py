"""Indicator charts, rendered server-side to SVG with pygal and served as an image.

pygal (LGPL-3.0, pure Python, ~1 MB installed, no browser code) draws the chart on the server,
so the page needs no JavaScript. `js=[]` drops the script pygal would load from another host;
the SVG is served from its own URL through `<img src>`, where its inline <style> applies to the
image document alone and the page's strict CSP stays untouched. The data table on the indicator
page is the text alternative; every point also carries the figure as published in <title>.
"""

import re
from decimal import Decimal

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from config.common.language import EN, resolve_language

from . import formatting
from .enums import Comparison, ObservationKind

# Dark enough for 4.5:1 on white (actual: blue, target: orange-brown, dashed by pygal's
# secondary stroke); the font list includes CJK faces so Chinese labels render.
CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1f2b",
    foreground_strong="#1a1f2b",
    foreground_subtle="#4a5263",
    opacity="0.9",
    opacity_hover="1",
    colors=("#0b57a4", "#b3400c", "#2f6b3a", "#6b3fa0"),
    font_family=(
        'system-ui, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"Noto Sans CJK SC", "Noto Sans SC", sans-serif'
    ),
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    tooltip_font_size=13,
)


def _value_axis(indicator, comparison, observations, language):
    """(divisor, axis title) so the axis reads in the page's scale: 亿元 / ¥ billion."""
    if comparison in Comparison.percentages:
        return Decimal(1), "%"
    if comparison in Comparison.ranks:
        return Decimal(1), _("rank")
    if comparison == Comparison.MULTIPLE:
        return Decimal(1), "×"
    largest = max((o.absolute_value for o in observations), default=Decimal(0))
    return formatting.scaled_unit_label(indicator, largest, language)


def _point_value(observation, comparison, divisor):
    if comparison == Comparison.LEVEL:
        return float(observation.absolute_value / divisor)
    return float(observation.value)


# (width, height) of the drawing; the narrow one keeps labels legible on a phone.
SIZES = {"wide": (800, 420), "narrow": (420, 440)}


def indicator_chart_svg(indicator, comparison, series, *, language=None, size="wide"):
    """The SVG (bytes) of one indicator's measure over time.

    `comparison, series` come from `metrics.selectors.chart_series`: series maps a kind
    (actual, target) to its observations in time order. `size` is "wide" or "narrow".
    """
    width, height = SIZES.get(size, SIZES["wide"])
    language = resolve_language(language)
    observations = [o for points in series.values() for o in points]
    periods = sorted({o.period_date for o in observations})
    period_labels = {}
    for observation in observations:
        period_labels.setdefault(
            observation.period_date, formatting.format_period(observation, language)
        )
    divisor, axis_title = _value_axis(indicator, comparison, observations, language)
    chart = pygal.Bar(
        style=CHART_STYLE,
        js=[],
        width=width,
        height=height,
        title=indicator.name,
        y_title=axis_title,
        x_labels=[period_labels[period] for period in periods],
        print_values=True,
        print_values_position="top",
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        include_x_axis=True,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=lambda value: formatting.plain_number(
            formatting.to_decimal(value), grouped=language == EN
        ),
        explicit_size=False,
        disable_xml_declaration=False,
    )
    kinds = dict(ObservationKind.choices)
    for kind in (ObservationKind.ACTUAL, ObservationKind.TARGET):
        points = {o.period_date: o for o in series.get(kind, [])}
        if not points:
            continue
        values = []
        for period in periods:
            observation = points.get(period)
            if observation is None:
                values.append(None)
                continue
            text = formatting.format_observation(observation, language)
            values.append(
                {
                    "value": _point_value(observation, comparison, divisor),
                    "label": text,
                    "formatter": lambda _value, text=text: text,
                }
            )
        chart.add(str(kinds[kind]), values)
    return _SCRIPT_OR_COMMENT.sub(b"", chart.render())


# pygal writes its config into a <script> even with js=[]; it would never run in an <img>, and
# dropping it keeps the SVG free of script when opened on its own. Its generator comments go too.
_SCRIPT_OR_COMMENT = re.compile(rb"<script\b[^>]*>.*?</script>|<!--.*?-->", re.DOTALL)


def counts_chart_svg(*, title, labels, series, size="wide"):
    """A bar chart (SVG bytes) of whole counts per label, one bar per series: `series` is
    [(name, [count per label])]. For figures computed by other apps (alumni outcomes by
    edition); the page beside it carries the same numbers as a table."""
    width, height = SIZES.get(size, SIZES["wide"])
    chart = pygal.Bar(
        style=CHART_STYLE,
        js=[],
        width=width,
        height=height,
        title=title,
        x_labels=labels,
        print_values=True,
        print_values_position="top",
        show_legend=True,
        legend_at_bottom=True,
        include_x_axis=True,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=lambda value: str(int(value)),
        explicit_size=False,
        disable_xml_declaration=False,
    )
    for name, counts in series:
        chart.add(str(name), counts)
    return _SCRIPT_OR_COMMENT.sub(b"", chart.render())
