"""Indicator charts, drawn as SVG in the shared look (config/common/charts.py) and served as an
image. The data table on the indicator page is the text alternative; every point also carries
the figure as published in <title>.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from config.common.charts import finished_svg, new_chart
from config.common.language import EN, resolve_language

from . import formatting
from .enums import Comparison, ObservationKind


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


def indicator_chart_svg(indicator, comparison, series, *, language=None, size="wide"):
    """The SVG (bytes) of one indicator's measure over time.

    `comparison, series` come from `metrics.selectors.chart_series`: series maps a kind
    (actual, target) to its observations in time order. `size` is "wide" or "narrow".
    """
    language = resolve_language(language)
    observations = [o for points in series.values() for o in points]
    periods = sorted({o.period_date for o in observations})
    period_labels = {}
    for observation in observations:
        period_labels.setdefault(
            observation.period_date, formatting.format_period(observation, language)
        )
    divisor, axis_title = _value_axis(indicator, comparison, observations, language)
    chart = new_chart(
        "bar",
        size=size,
        title=indicator.name,
        y_title=axis_title,
        x_labels=[period_labels[period] for period in periods],
        print_values=True,
        print_values_position="top",
        show_legend=len(series) > 1,
        include_x_axis=True,
        value_formatter=lambda value: formatting.plain_number(
            formatting.to_decimal(value), grouped=language == EN
        ),
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
    return finished_svg(chart.render())
