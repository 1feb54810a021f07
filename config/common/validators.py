"""Checks several models share: partial dates and trees that must not loop."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import DatePrecision


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


def validate_no_cycle(instance, *, field="parent"):
    """An item may not be its own ancestor (a sector under its own child)."""
    node = getattr(instance, field)
    seen = set()
    while node is not None:
        if node is instance or (instance.pk is not None and node.pk == instance.pk):
            raise ValidationError(
                {field: _("This would make the item its own parent.")}, code="parent_cycle"
            )
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = getattr(node, field)
