"""Base model pieces every app uses: timestamps, publication, bilingual fields, and constraints
whose message belongs to a field."""

import operator

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.constraints import BaseConstraint
from django.db.utils import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

from .language import EN, resolve_language


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
        if resolve_language() == EN:
            return getattr(instance, f"{self.name}_en") or chinese
        return chinese


def translated_order(field):
    """The column to sort a bilingual field by in the active language."""
    return f"{field}_en" if resolve_language() == EN else f"{field}_zh"


# ---- constraints whose message sits on a field -------------------------------------------------


class _FieldViolation:
    """Raises the constraint's violation as an error of `violation_error_field`.

    Django's constraints raise their violation without a field: `Model.validate_constraints()`
    files it under the form's non-field errors (only a single-field UniqueConstraint keeping
    Django's default message lands on its field), and no argument names another field. The
    rule's message would then sit above the form, far from the input to correct. The field is
    a Python-side attribute, listed in `non_db_attrs`: changing it is a state-only migration.
    """

    non_db_attrs = (*BaseConstraint.non_db_attrs, "violation_error_field")

    def __init__(self, *args, violation_error_field, **kwargs):
        super().__init__(*args, **kwargs)
        self.violation_error_field = violation_error_field

    def constrained_fields(self):
        raise NotImplementedError

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.violation_error_field: error}) from None

    def check(self, model, connection):
        errors = super().check(model, connection)
        field = self.violation_error_field
        try:
            model._meta.get_field(field)
        except FieldDoesNotExist:
            known = False
        else:
            known = field in self.constrained_fields()
        if not known:
            # A form without the field would skip the constraint only if the constraint
            # reads the field; otherwise it would be asked to show an error on a field it
            # does not have.
            errors.append(
                checks.Error(
                    f"Constraint {self.name!r} puts its message on {field!r}, which is not a "
                    "field it constrains.",
                    obj=model,
                    id="common.E001",
                )
            )
        return errors

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["violation_error_field"] = self.violation_error_field
        return path, args, kwargs

    def __eq__(self, other):
        equal = super().__eq__(other)
        if equal is NotImplemented or not equal:
            return equal
        return self.violation_error_field == getattr(other, "violation_error_field", None)

    __hash__ = None


class FieldCheckConstraint(_FieldViolation, models.CheckConstraint):
    """A CheckConstraint whose violation is an error of one of the fields it checks:
    `FieldCheckConstraint(condition=…, name=…, violation_error_field="end_date",
    violation_error_message=_("…"), violation_error_code="…")`.

    Validation evaluates the condition in Python when it is made of plain comparisons of the
    row's own fields (exact, isnull, in, gt/gte/lt/lte, F() of another field), with SQL's
    rule that an unknown (NULL) result passes; anything else is asked of the database, as
    Django does for every check (a query and a savepoint each). A bulk import validates
    thousands of rows: this keeps it fast. tests/test_constraints.py proves both ways agree
    for every such constraint of the project."""

    def constrained_fields(self):
        return self.condition.referenced_base_fields

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if exclude and self._expression_refs_exclude(model, self.condition, exclude):
            return
        against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
        try:
            holds = evaluate_in_python(self.condition, against)
        except NeedsDatabase:
            super().validate(model, instance, exclude=exclude, using=using)
            return
        if holds is False:
            error = ValidationError(
                self.get_violation_error_message(), code=self.violation_error_code
            )
            raise ValidationError({self.violation_error_field: error})


class FieldUniqueConstraint(_FieldViolation, models.UniqueConstraint):
    """A UniqueConstraint whose violation is an error of one of its fields (the one an editor
    would change: the title, the number, the slug)."""

    def constrained_fields(self):
        named = set(self.fields)
        for expression in self.expressions:
            named.update(_field_names(expression))
        return named


def _field_names(expression):
    """The fields an expression reads: "email" in Lower("email")."""
    if isinstance(expression, F):
        yield expression.name
        return
    for source in expression.get_source_expressions():
        yield from _field_names(source)


# ---- check conditions evaluated in Python ------------------------------------------------------


class NeedsDatabase(Exception):
    """The condition uses something only the database evaluates."""


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _operand(value, against):
    if isinstance(value, F):
        if value.name not in against:
            raise NeedsDatabase
        return _operand(against[value.name], against)
    if isinstance(value, Value):
        return value.value
    if hasattr(value, "resolve_expression"):
        raise NeedsDatabase
    return value


def _lookup(lookup, rhs, against):
    name, _separator, kind = lookup.partition("__")
    kind = kind or "exact"
    if name not in against or "__" in kind:
        raise NeedsDatabase  # a join, a transform, or a field not given
    left = _operand(against[name], against)
    if kind == "isnull":
        return (left is None) is bool(rhs)
    if kind == "exact" and rhs is None:
        return left is None  # field=None (a literal None, not an F()) means IS NULL
    right = _operand(rhs, against)
    if kind == "in":
        values = [_operand(item, against) for item in right]
        if left is None:
            return None
        return left in values or (None if None in values else False)
    if kind not in _COMPARISONS:
        raise NeedsDatabase
    if left is None or right is None:
        return None  # SQL: a comparison with NULL is unknown
    try:
        return _COMPARISONS[kind](left, right)
    except TypeError:
        raise NeedsDatabase from None


def evaluate_in_python(condition, against):
    """True, False or None (unknown, which a check constraint lets pass) for a condition over
    `against` (a model instance's field expression map); NeedsDatabase when it cannot tell."""
    if isinstance(condition, Q):
        results = [evaluate_in_python(child, against) for child in condition.children]
        if condition.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        elif condition.connector == Q.OR:
            result = True if True in results else (None if None in results else False)
        else:
            raise NeedsDatabase
        if condition.negated and result is not None:
            result = not result
        return result
    if isinstance(condition, tuple):
        return _lookup(*condition, against)
    raise NeedsDatabase
