"""Dates known to a year, the end of a year, a month or a day: how they are stored, checked and
written (2025年底 / end of 2025, 2025年9月 / September 2025, 2025年5月10日 / 10 May 2025)."""

import datetime

from babel import Locale
from babel.dates import format_date, format_skeleton
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .language import EN, ZH, resolve_language
from .models import FieldCheckConstraint


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
# Parsed once: babel parses a locale name again on every call that is given one.
_LOCALES = {ZH: Locale.parse("zh_Hans"), EN: Locale.parse("en")}
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


# The message of the rule that a date and its precision come together, both or neither: a
# constraint of every model with such a pair (`precision_with_date`), checked by full_clean().
DATE_AND_PRECISION_TOGETHER = _("A date and its precision go together: give both, or neither.")


def precision_with_date(*, date_field, precision_field, name):
    """The constraint that a date and its precision are both given or both blank; the message
    sits on the precision field, next to the date."""
    return FieldCheckConstraint(
        condition=Q(**{f"{date_field}__isnull": True, precision_field: ""})
        | Q(**{f"{date_field}__isnull": False}) & ~Q(**{precision_field: ""}),
        name=name,
        violation_error_field=precision_field,
        violation_error_message=DATE_AND_PRECISION_TOGETHER,
        violation_error_code="date_and_precision",
    )


def validate_partial_date(date, precision, *, date_field):
    """The date is the one its precision stores: 1 January for a year, the 1st for a month,
    31 December for the end of a year. (That the two come together is the constraint's rule,
    `precision_with_date`.)"""
    if date is None or not precision:
        return
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


def format_month_day(date, language=None):
    """A day without its year, for a row of days in one season: 3月2日 / Mar 2."""
    return format_skeleton("MMMd", date, locale=_LOCALES[resolve_language(language)])
