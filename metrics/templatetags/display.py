"""`{% load display %}`: template access to config.common.formatting, in the page language.

{{ observation|figure }}                     超过4800亿元 / over ¥480 billion
{{ observation|period }}                     2025年底 / end of 2025
{{ milestone|amount }}                       近10亿元 / nearly ¥1 billion
{{ some_date|partial_date:"month" }}         2025年9月 / September 2025
{% quantity value scale=100000000 unit="CNY" qualifier="over" %}
"""

from django import template

from config.common import formatting

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
def partial_date(date, precision="day"):
    """A date to the given precision ('year', 'year_end', 'month', 'day')."""
    return formatting.format_partial_date(date, precision)


@register.filter
def amount(milestone):
    """A milestone's amount with currency, scale and qualifier; '' when it has none."""
    if milestone is None or milestone == "":
        return ""
    return formatting.format_milestone_amount(milestone)


@register.simple_tag
def quantity(
    value, *, unit, scale=1, count_noun="", qualifier="exact", comparison="level", kind="actual"
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
