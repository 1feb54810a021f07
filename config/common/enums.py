"""Choices shared by several apps (dates with precision, numbers as published)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    """How much of a stored date is known.

    The stored date is the first day of the period (1 January for YEAR, the 1st for MONTH);
    YEAR_END is stored as 31 December, for figures published "as of the end of" a year.
    """

    YEAR = "year", _("Year")
    YEAR_END = "year_end", _("End of year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


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


class Currency(models.TextChoices):
    CNY = "CNY", _("Renminbi (元)")
    USD = "USD", _("US dollar (美元)")
