"""Choices of the figures: what they are counted in, how they were published (scale, qualifier,
currency), what they measure and whether they are actual or a target.

The words each of them reads as in Chinese and English are in `metrics.formatting`.
"""

from django.db import models
from django.utils.functional import classproperty
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


class Currency(models.TextChoices):
    """The currency of a sum of money (a milestone's funding round); each is a Unit."""

    CNY = Unit.CNY.value, _("Renminbi (元)")
    USD = Unit.USD.value, _("US dollar (美元)")

    @property
    def unit(self):
        return Unit(self.value)


class Qualifier(models.TextChoices):
    """How the published number relates to the true one (超过4800亿元 is not 4800亿元)."""

    EXACT = "exact", _("Exact")
    OVER = "over", _("Over (超过 / 超 / 余 / 多)")
    ABOUT = "about", _("About (约)")
    NEARLY = "nearly", _("Nearly (近)")
    AT_LEAST = "at_least", _("At least (以上)")


class Scale(models.IntegerChoices):
    """The Chinese unit multiplier the number was published with: 4800亿 is 4800 × 10⁸."""

    ONE = 1, _("units")
    WAN = 10_000, _("万 (10 thousand)")
    YI = 100_000_000, _("亿 (100 million)")


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

    @classproperty
    def shares(cls):
        """Shares of a whole: a percentage from 0 to 100, or a fraction (1/3)."""
        return (cls.SHARE_OF_CHINA, cls.SHARE_OF_WORLD, cls.SHARE_OF_TOTAL)

    @classproperty
    def ranks(cls):
        """Ranks: whole numbers from 1 (first)."""
        return (cls.RANK_CHINA, cls.RANK_WORLD)

    @classproperty
    def percentages(cls):
        """The measures that are percentages: the growth rate and the shares."""
        return (cls.YOY_GROWTH, *cls.shares)


class ObservationKind(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    TARGET = "target", _("Target or forecast")
