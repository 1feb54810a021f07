"""Base model pieces every app uses: timestamps, publication, bilingual fields, partial dates."""

import datetime

from django.db import models
from django.utils.translation import get_language

from .enums import DatePrecision


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Translated:
    """Reads `<name>_en` on English pages and `<name>_zh` otherwise; a blank English value
    falls back to the Chinese one, so an editor may leave English for later."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        chinese = getattr(instance, f"{self.name}_zh")
        if (get_language() or "").startswith("en"):
            return getattr(instance, f"{self.name}_en") or chinese
        return chinese


def translated_order(field):
    """The column to sort a bilingual field by in the active language."""
    return f"{field}_en" if (get_language() or "").startswith("en") else f"{field}_zh"


def partial_date_start(year, month=None, day=None, *, year_end=False):
    """The (date, precision) pair stored for a date known to year, month or day."""
    if year_end:
        return datetime.date(year, 12, 31), DatePrecision.YEAR_END
    if day is not None:
        return datetime.date(year, month, day), DatePrecision.DAY
    if month is not None:
        return datetime.date(year, month, 1), DatePrecision.MONTH
    return datetime.date(year, 1, 1), DatePrecision.YEAR
