"""Choices shared by several apps (numbers as published)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
