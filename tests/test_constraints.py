"""Constraints whose message sits on a field (config/common/models.py): every rule of the
database says what is wrong, in the editor's words, next to the input to correct; and moving a
message never touches the database."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AlterConstraint
from django.db.models import F, Q, Value
from django.db.models.constraints import BaseConstraint
from django.db.models.functions import Coalesce

from config.common.dates import DatePrecision
from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    NeedsDatabase,
    evaluate_in_python,
)
from profiles.models import Role
from tests.factories import OrganizationFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.every_database

PROJECT_APPS = ("images", "metrics", "profiles", "forum", "registrations")

END_AFTER_START = FieldCheckConstraint(
    condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
    name="test_end_after_start",
    violation_error_field="end_date",
    violation_error_message="The end cannot come before the start.",
    violation_error_code="end_before_start",
)


# Rules about a table rather than a field: their message sits above the form.
WHOLE_TABLE_RULES = {"forum_one_series"}


def _project_constraints():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for constraint in model._meta.constraints:
                yield pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(_project_constraints()))
def test_every_constraint_has_its_own_message_code_and_field(model, constraint):
    assert constraint.violation_error_message != BaseConstraint.default_violation_error_message
    assert constraint.violation_error_code
    if constraint.name in WHOLE_TABLE_RULES:
        return
    assert isinstance(constraint, FieldCheckConstraint | FieldUniqueConstraint)
    assert constraint.violation_error_field in constraint.constrained_fields()


@pytest.mark.django_db
def test_a_violation_is_an_error_of_its_field_with_its_code():
    role = Role(start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2020, 1, 1))

    with pytest.raises(ValidationError) as error:
        END_AFTER_START.validate(Role, role)

    assert error.value.message_dict == {"end_date": ["The end cannot come before the start."]}
    assert [e.code for e in error.value.error_dict["end_date"]] == ["end_before_start"]


@pytest.mark.django_db
def test_a_unique_violation_is_an_error_of_its_field():
    role = RoleFactory(title_zh="董事长")
    twin = Role(person=role.person, organization=role.organization, title_zh="董事长")
    constraint = FieldUniqueConstraint(
        fields=["person", "organization", "title_zh"],
        name="test_unique_title",
        violation_error_field="title_zh",
        violation_error_message="Taken.",
        violation_error_code="taken",
    )

    with pytest.raises(ValidationError) as error:
        constraint.validate(Role, twin)

    assert error.value.message_dict == {"title_zh": ["Taken."]}


@pytest.mark.django_db
def test_a_constraint_on_an_excluded_field_is_skipped_as_django_does():
    role = Role(start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2020, 1, 1))

    END_AFTER_START.validate(Role, role, exclude={"end_date"})  # no error


@pytest.mark.django_db
def test_full_clean_puts_the_message_on_the_field():
    role = Role(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        kind="executive",
        title_zh="总经理",
        start_date=datetime.date(2021, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2020, 1, 1),
        end_precision=DatePrecision.YEAR,
    )

    with pytest.raises(ValidationError) as error:
        role.full_clean()

    assert list(error.value.message_dict) == ["end_date"]


def test_a_field_the_constraint_does_not_read_is_a_system_check_error():
    constraint = FieldCheckConstraint(
        condition=Q(end_date__gte=F("start_date")),
        name="test_misplaced",
        violation_error_field="title_zh",
        violation_error_message="…",
    )

    errors = constraint.check(Role, connection)

    assert [e.id for e in errors] == ["common.E001"]


def test_a_field_the_model_lacks_is_a_system_check_error():
    constraint = FieldCheckConstraint(
        condition=Q(end_date__gte=F("start_date")),
        name="test_unknown",
        violation_error_field="finish",
        violation_error_message="…",
    )

    assert [e.id for e in constraint.check(Role, connection)] == ["common.E001"]


def test_the_field_survives_a_clone_and_counts_in_equality():
    clone = END_AFTER_START.clone()
    elsewhere = FieldCheckConstraint(
        condition=END_AFTER_START.condition,
        name=END_AFTER_START.name,
        violation_error_field="start_date",
        violation_error_message=END_AFTER_START.violation_error_message,
        violation_error_code=END_AFTER_START.violation_error_code,
    )

    assert clone.violation_error_field == "end_date"
    assert clone == END_AFTER_START
    assert elsewhere != END_AFTER_START


def test_the_field_is_not_a_database_attribute():
    assert {"violation_error_field", "violation_error_message", "violation_error_code"} <= set(
        FieldCheckConstraint.non_db_attrs
    )
    assert set(FieldUniqueConstraint.non_db_attrs) == set(FieldCheckConstraint.non_db_attrs)


def _alter_constraint_operations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key, migration in sorted(loader.disk_migrations.items()):
        if key[0] not in PROJECT_APPS:
            continue
        state = loader.project_state(key, at_end=False)
        for operation in migration.operations:
            if isinstance(operation, AlterConstraint):
                model_state = state.models[key[0], operation.model_name_lower]
                (old,) = [c for c in model_state.options["constraints"] if c.name == operation.name]
                yield pytest.param(old, operation.constraint, id=f"{key[0]}.{operation.name}")
            operation.state_forwards(key[0], state)


def _database_part(constraint):
    _path, args, kwargs = constraint.deconstruct()
    for attr in constraint.non_db_attrs:
        kwargs.pop(attr, None)
    return args, kwargs


@pytest.mark.parametrize(("before", "after"), list(_alter_constraint_operations()))
def test_an_alter_constraint_migration_changes_nothing_in_the_database(before, after):
    """AlterConstraint runs no SQL: a migration written with it must not change what the
    database holds (the condition, fields, expressions), or the database and the models
    would disagree without anyone noticing."""
    assert _database_part(after) == _database_part(before)


# --- Check conditions evaluated in Python agree with the database -------------------------------

CHECKS = [
    param for param in _project_constraints() if isinstance(param.values[1], FieldCheckConstraint)
]


def _samples(field):
    """Values that reach the edges of the project's conditions, for one field."""
    if field.choices:
        values = [value for value, _label in field.flatchoices] + [""]
    elif isinstance(field, models.BooleanField):
        values = [True, False]
    elif isinstance(field, models.DateTimeField):
        values = [
            datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
            datetime.datetime(2021, 6, 30, tzinfo=datetime.UTC),
        ]
    elif isinstance(field, models.DateField):
        values = [datetime.date(2020, 1, 1), datetime.date(2021, 6, 30)]
    elif isinstance(field, models.CharField | models.TextField):
        values = ["", "x", "listing"]
    elif isinstance(field, models.DecimalField):
        values = [Decimal("-1"), Decimal("0"), Decimal("33.5"), Decimal("101")]
    else:  # integers, keys
        values = [0, 1, 2, 100, 101, 1799, 1800, 2100, 2101]
    if field.null or field.primary_key or field.is_relation:
        values.append(None)
    return values


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), CHECKS)
def test_python_and_the_database_agree_on_every_check_condition(model, constraint):
    names = sorted(constraint.condition.referenced_base_fields | {"pk"})
    fields = {
        name: model._meta.pk if name == "pk" else model._meta.get_field(name) for name in names
    }
    combinations = list(itertools.product(*(_samples(fields[n]) for n in names)))
    random.Random(constraint.name).shuffle(combinations)
    condition = Coalesce(constraint.condition, True, output_field=models.BooleanField())
    for values in combinations[:150]:
        against = {}
        for name, value in zip(names, values, strict=True):
            field = fields[name]
            against[name] = Value(value, field.target_field if field.is_relation else field)
            if field.is_relation:
                against[field.attname] = against[name]
        expected = Q(condition).check(against, using=connection.alias)
        try:
            found = evaluate_in_python(constraint.condition, against)
        except NeedsDatabase:
            continue
        assert (found is not False) is expected, dict(zip(names, values, strict=True))


def test_a_condition_python_cannot_read_is_left_to_the_database():
    against = {"title_zh": Value("x")}
    with pytest.raises(NeedsDatabase):
        evaluate_in_python(Q(title_zh__startswith="x"), against)
