"""A checked reader of TOML tables: every value it hands out has the type and choice the model
field expects, or `DemoDataError` names the file, the entry and the key."""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import models

from config.common.dates import partial_date_start
from metrics.enums import Scale

SCALES = {"one": Scale.ONE, "wan": Scale.WAN, "yi": Scale.YI}

PERIOD = re.compile(r"(?P<year>\d{4})(?:(?P<end>-end)|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


class DemoDataError(Exception):
    """The demo data cannot be loaded; the message names the file and the entry."""


@dataclass
class Entry:
    """One entry of a data file: the model field values it sets, what it refers to (slugs,
    edition numbers), its nested entries, and where it is written, for error messages."""

    where: str
    fields: dict
    refs: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)


class Table:
    """A TOML table read key by key; every error names the file and the entry."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise DemoDataError(f"{where}: expected a table of keys, found {data!r}")
        self.data = data
        self.where = where

    def error(self, message):
        return DemoDataError(f"{self.where}: {message}")

    def check_keys(self, required=(), optional=()):
        missing = [key for key in required if key not in self.data]
        if missing:
            raise self.error(f"missing key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        allowed = list(dict.fromkeys([*required, *optional]))
        for key in self.data:
            if key not in allowed:
                raise self.error(f"unknown key {key} (allowed here: {', '.join(allowed)})")

    def model_fields(self, model, names):
        """The values of the model fields in `names` that the table gives, checked against the
        fields: type, choices, and published numbers written as strings."""
        return {name: self.model_value(model, name) for name in names if name in self.data}

    def model_value(self, model, name):
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DecimalField):
            return self.decimal(name)
        if isinstance(model_field, models.BooleanField):
            value = self.typed(name, bool, "true or false")
        elif isinstance(model_field, models.IntegerField):
            value = self.integer(name)
        elif isinstance(model_field, models.DateField):
            value = self.data[name]
            if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
                raise self.error(f"{name} must be a date, e.g. {name} = 2026-05-10")
        else:
            value = self.text(name)
        choices = [str(choice) for choice, _label in model_field.flatchoices]
        if choices and str(value) not in choices:
            raise self.error(f'{name} "{value}" is not one of: {", ".join(choices)}')
        return value

    def typed(self, key, kind, description):
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(f"{key} must be {description}, found {value!r}")
        return value

    def text(self, key):
        return self.typed(key, str, "a string in quotes")

    def integer(self, key):
        return self.typed(key, int, "a whole number")

    def flag(self, key):
        return key in self.data and self.typed(key, bool, "true or false")

    def texts(self, key):
        values = self.typed(key, list, "a list of strings")
        if not all(isinstance(value, str) for value in values):
            raise self.error(f"{key} must be a list of strings, found {values!r}")
        return values

    def decimal(self, key):
        value = self.data[key]
        if not isinstance(value, str):
            raise self.error(
                f'{key} must be written as a string, e.g. {key} = "6003.93", so it stays exact '
                f"(found {value!r})"
            )
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise self.error(f'{key} "{value}" is not a number')
        return number

    def scale(self, key):
        value = self.text(key)
        if value not in SCALES:
            raise self.error(f'{key} "{value}" is not one of: {", ".join(SCALES)}')
        return SCALES[value]

    def period(self, key):
        """(date, precision) for "2025", "2025-end", "2026-01" or "2026-04-23"; (None, "")
        when the key is absent."""
        if key not in self.data:
            return None, ""
        value = self.text(key)
        match = PERIOD.fullmatch(value)
        try:
            if match is None:
                raise ValueError
            year = int(match["year"])
            if match["end"]:
                return partial_date_start(year, year_end=True)
            month = int(match["month"]) if match["month"] else None
            day = int(match["day"]) if match["day"] else None
            return partial_date_start(year, month, day)
        except ValueError:
            raise self.error(
                f'{key} "{value}" is not a period: write "2025", "2025-end", "2026-01" or '
                f'"2026-04-23"'
            ) from None

    def tables(self, key, label, label_key=None):
        """The array of tables `key` ([[...]] in the file), each labelled for errors."""
        values = self.data.get(key, [])
        if not isinstance(values, list):
            raise self.error(f"{key} must be an array of tables, written [[{key}]]")
        tables = []
        for number, value in enumerate(values, start=1):
            name = value.get(label_key) if isinstance(value, dict) and label_key else None
            suffix = f" ({name})" if isinstance(name, str | int) else ""
            tables.append(Table(value, f"{self.where}, {label} {number}{suffix}"))
        return tables


def read_file(folder, name):
    path = Path(folder) / name
    try:
        with path.open("rb") as file:
            return Table(tomllib.load(file), name)
    except FileNotFoundError:
        raise DemoDataError(f"{name}: no such file in {folder}") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{name}: not valid TOML: {error}") from None


# --- one reader per kind of entry -----------------------------------------------------------
