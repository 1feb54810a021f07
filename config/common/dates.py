"""Dates known to a year, the end of a year, a month or a day: how they are stored, checked and
written (2025年底 / end of 2025, 2025年9月 / September 2025, 2025年5月10日 / 10 May 2025)."""

import datetime

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .language import EN, ZH, resolve_language


class DatePrecision(models.TextChoices):
    """How much of a stored date is known.

    The stored date is the first day of the period (1 January for YEAR, the 1st for MONTH);
    YEAR_END is stored as 31 December, for figures published "as of the end of" a year.
    """

    YEAR = "year", _("Year")
    YEAR_END = "year_end", _("End of year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


# Babel (CLDR) date patterns per language and precision; English month names come from CLDR.
# The words are data of this module, like a locale table, so a date reads the same whether or not
# the message catalogues are compiled.
_PATTERNS = {
    ZH: {
        DatePrecision.YEAR: "y年",
        DatePrecision.YEAR_END: "y年底",
        DatePrecision.MONTH: "y年M月",
        DatePrecision.DAY: "y年M月d日",
    },
    EN: {
        DatePrecision.YEAR: "y",
        DatePrecision.YEAR_END: "'end of' y",
        DatePrecision.MONTH: "MMMM y",
        DatePrecision.DAY: "d MMMM y",
    },
}
_LOCALES = {ZH: "zh_Hans", EN: "en"}
_NOT_PUBLISHED = {ZH: "日期未公布", EN: "date not published"}


def partial_date_start(year, month=None, day=None, *, year_end=False):
    """The (date, precision) pair stored for a date known to year, month or day."""
    if year_end:
        return datetime.date(year, 12, 31), DatePrecision.YEAR_END
    if day is not None:
        return datetime.date(year, month, day), DatePrecision.DAY
    if month is not None:
        return datetime.date(year, month, 1), DatePrecision.MONTH
    return datetime.date(year, 1, 1), DatePrecision.YEAR


def validate_partial_date(date, precision, *, date_field, precision_field):
    """A date and its precision come together, and the date is the one the precision stores:
    1 January for a year, the 1st for a month, 31 December for the end of a year."""
    if date is None and not precision:
        return
    if date is None:
        raise ValidationError(
            {date_field: _("Give the date, or clear its precision.")}, code="precision_without_date"
        )
    if not precision:
        raise ValidationError(
            {precision_field: _("Say how precise the date is (year, end of year, month or day).")},
            code="date_without_precision",
        )
    expected = {
        DatePrecision.YEAR: datetime.date(date.year, 1, 1),
        DatePrecision.YEAR_END: datetime.date(date.year, 12, 31),
        DatePrecision.MONTH: datetime.date(date.year, date.month, 1),
        DatePrecision.DAY: date,
    }.get(precision, date)
    if date != expected:
        raise ValidationError(
            {
                date_field: _("A date known only to the %(precision)s is stored as %(expected)s.")
                % {
                    "precision": DatePrecision(precision).label.lower(),
                    "expected": expected.isoformat(),
                }
            },
            code="date_not_normalized",
        )


def format_partial_date(date, precision=DatePrecision.DAY, language=None):
    """A date to the precision it is known: 2025年 / 2025, 2025年底 / end of 2025,
    2025年9月 / September 2025, 2025年5月10日 / 10 May 2025; blank → 'date not published'."""
    language = resolve_language(language)
    if not date:
        return _NOT_PUBLISHED[language]
    if isinstance(date, datetime.datetime):
        date = date.date()
    patterns = _PATTERNS[language]
    pattern = patterns.get(precision or DatePrecision.DAY, patterns[DatePrecision.DAY])
    return format_date(date, pattern, locale=_LOCALES[language])
