"""`{% load display %}`: figures and dates as text (metrics.formatting, config.common.dates and
config.common.language), in the page language.

{{ observation|figure }}                     超过4800亿元 / over ¥480 billion
{{ observation|period }}                     2025年底 / end of 2025
{{ some_date|partial_date:"month" }}         2025年9月 / September 2025
{% quantity value scale=100000000 unit="CNY" qualifier="over" %}
{{ observation|figure_value }}               4800亿元 (no qualifier or kind: a table cell)
{{ observation|qualifier_word }}             超过 / over
{{ indicator|unit_label }}                   元 / yuan (¥), 颗 / chips
{{ indicator|latest_figures }}               observations of the latest period
{{ indicator|targets_ahead }}                targets beyond the latest actual figure
{{ observations|distinct_sources }}          their sources, each once
{{ text|foreign_lang }}                      'zh-hans' for Chinese on an English page
"""

from django import template

from config.common.dates import DatePrecision, format_partial_date
from config.common.language import foreign_language
from metrics import formatting
from metrics.enums import Comparison, ObservationKind, Qualifier, Scale
from metrics.selectors import latest_observations, upcoming_targets

register = template.Library()


@register.filter
def figure(observation):
    """An observation as its figure text (level, growth, share, rank or multiple; target marked)."""
    if observation is None or observation == "":
        return ""
    return formatting.format_observation(observation)


@register.filter
def period(observation):
    """The period of an observation, to its precision."""
    if observation is None or observation == "":
        return ""
    return formatting.format_period(observation)


@register.filter
def partial_date(date, precision=DatePrecision.DAY):
    """A date to the given precision ('year', 'year_end', 'month', 'day')."""
    return format_partial_date(date, precision)


@register.simple_tag
def quantity(
    value,
    *,
    unit,
    scale=Scale.ONE,
    count_noun="",
    qualifier=Qualifier.EXACT,
    comparison=Comparison.LEVEL,
    kind=ObservationKind.ACTUAL,
):
    """Any figure from its parts, for numbers that are not stored as observations."""
    return formatting.format_figure(
        value,
        unit=unit,
        scale=scale,
        count_noun=count_noun,
        comparison=comparison,
        qualifier=qualifier,
        kind=kind,
    )


@register.filter
def figure_value(observation):
    """The observation's number with unit and measure, without qualifier or kind (table cell)."""
    if observation is None or observation == "":
        return ""
    return formatting.format_observation_value(observation)


@register.filter
def qualifier_word(observation):
    """超过 / over, 约 / about …; '' for an exact figure."""
    return formatting.qualifier_word(getattr(observation, "qualifier", ""))


@register.filter
def unit_label(indicator):
    """What the indicator is counted in: 元 / yuan (¥), 颗 / chips."""
    return formatting.unit_label(indicator)


@register.filter
def latest_figures(indicator):
    """The indicator's observations of its latest period (free when observations are
    prefetched, as `metrics.selectors.public_indicators` does)."""
    return latest_observations(indicator)


@register.filter
def distinct_sources(observations):
    """The sources cited by these observations, each once, in order of first citation."""
    sources = {}
    for observation in observations or ():
        sources.setdefault(observation.source_id, observation.source)
    return list(sources.values())


@register.filter
def foreign_lang(text):
    """'zh-hans' for Chinese text on an English page (and 'en' the other way), else '':
    `<q{% with l=text|foreign_lang %}{% if l %} lang="{{ l }}"{% endif %}{% endwith %}>`."""
    return foreign_language(text)


@register.filter
def targets_ahead(indicator):
    """Targets for periods after the latest actual figure (预计到2028年 …)."""
    return upcoming_targets(indicator)
