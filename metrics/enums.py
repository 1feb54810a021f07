from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SHANGHAI = "shanghai", _("Shanghai")
    CHINA = "china", _("China")
    WORLD = "world", _("World")
    ORGANIZATION = "organization", _("Organization")
    FORUM = "forum", _("The forum")


class Unit(models.TextChoices):
    """What a level is counted in; COUNT uses the indicator's own count noun (家, 颗, 台 …)."""

    CNY = "CNY", _("Renminbi (元)")
    USD = "USD", _("US dollars (美元)")
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    SCORE = "score", _("Score (分)")
    YEARS = "years", _("Years of age (岁)")


class Comparison(models.TextChoices):
    """What the observed number measures relative to the indicator.

    LEVEL is the indicator itself in its unit; the others are percentages (growth, shares),
    ranks or multiples of an earlier level.
    """

    LEVEL = "level", _("Level")
    YOY_GROWTH = "yoy_growth", _("Year-on-year growth (%)")
    SHARE_OF_CHINA = "share_of_china", _("Share of national total (%)")
    SHARE_OF_WORLD = "share_of_world", _("Share of world total (%)")
    SHARE_OF_TOTAL = "share_of_total", _("Share of the whole (%)")
    RANK_CHINA = "rank_china", _("Rank in China")
    RANK_WORLD = "rank_world", _("Rank in the world")
    MULTIPLE = "multiple", _("Multiple of an earlier level (×)")


class ObservationKind(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    TARGET = "target", _("Target or forecast")
