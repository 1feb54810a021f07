"""Checks several models share: trees that must not loop."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
