"""Checks several models share: trees that must not loop."""

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .models import FieldCheckConstraint

OWN_PARENT = _("This would make the item its own parent.")


def validate_no_cycle(instance, *, field="parent"):
    """An item may not be its own ancestor (a sector under its own child)."""
    node = getattr(instance, field)
    seen = set()
    while node is not None:
        if node is instance or (instance.pk is not None and node.pk == instance.pk):
            raise ValidationError({field: OWN_PARENT}, code="parent_cycle")
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = getattr(node, field)


def not_own_parent(*, name, field="parent"):
    """The database's share of `validate_no_cycle`: a row is not its own parent. The cycle
    check in clean() is the wider rule (no ancestor either) and runs first in full_clean(), so
    both say the same thing, written once here."""
    return FieldCheckConstraint(
        condition=~Q(**{field: F("pk")}),
        name=name,
        violation_error_field=field,
        violation_error_message=OWN_PARENT,
        violation_error_code="parent_cycle",
    )
