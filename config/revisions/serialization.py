"""An item and the rows edited with it, as JSON (a revision's content), and back onto the
database.

content = {
    "object": {"pk": …, "fields": {…, many-to-many fields as lists of keys}},
    "related": {"roles": [{"pk": …, "fields": {…}}, …], "quotes": […]},
}

Applying content writes the item's row and makes each related set exactly the revision's: rows
kept are updated, rows missing are deleted, rows gone from the database are created again with
their key. A row whose required link (a role's organization, a quote's source) points at a row
that no longer exists cannot come back: it is left out and named in the result; an optional
link to a row gone (a portrait deleted from the library) is cleared, as deleting it would have.
"""

import json
from dataclasses import dataclass, field

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

SKIPPED_FIELDS = ("updated_at",)  # set by every save


def _as_json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _row(obj):
    (serialized,) = serializers.serialize("python", [obj])
    fields = {k: v for k, v in serialized["fields"].items() if k not in SKIPPED_FIELDS}
    return {"pk": serialized["pk"], "fields": fields}


def related_descriptor(model, name):
    """The ForeignKey on the related model behind `model`'s reverse relation `name`."""
    relation = model._meta.get_field(name)
    return relation.related_model, relation.field


def snapshot(obj):
    """The JSON content of `obj` and its related rows as they are in the database now."""
    related = {}
    for name in type(obj).revision_related:
        related_model, _fk = related_descriptor(type(obj), name)
        rows = related_model._default_manager.filter(**{_fk.name: obj.pk}).order_by("pk")
        related[name] = [_row(row) for row in rows]
    return _as_json({"object": _row(obj), "related": related})


@dataclass
class Applied:
    obj: models.Model
    left_out: list = field(default_factory=list)  # str() of rows that could not come back


def _build(model, data):
    """A model instance and its many-to-many keys from one serialized row."""
    (deserialized,) = serializers.deserialize(
        "python",
        [{"model": model._meta.label_lower, "pk": data["pk"], "fields": data["fields"]}],
        ignorenonexistent=True,
        handle_forward_references=False,
    )
    obj = deserialized.object
    # Unique checks exclude the row itself only when it is known to exist.
    obj._state.adding = not model._default_manager.filter(pk=obj.pk).exists()
    return obj, deserialized.m2m_data or {}


def _missing_links(obj):
    """Clear optional links to rows that are gone; names of required links that are gone."""
    missing = []
    for model_field in obj._meta.concrete_fields:
        if not model_field.is_relation or not model_field.many_to_one:
            continue
        value = getattr(obj, model_field.attname)
        if value is None:
            continue
        target = model_field.remote_field.model._default_manager
        if target.filter(pk=value).exists():
            continue
        if model_field.null:
            setattr(obj, model_field.attname, None)
        else:
            missing.append(model_field.name)
    return missing


def _existing_m2m(model, m2m_data):
    found = {}
    for name, keys in m2m_data.items():
        target = model._meta.get_field(name).remote_field.model._default_manager
        found[name] = list(target.filter(pk__in=keys).values_list("pk", flat=True))
    return found


def _save(obj, m2m_data):
    obj.full_clean(validate_unique=True)
    obj.save()
    for name, keys in _existing_m2m(type(obj), m2m_data).items():
        getattr(obj, name).set(keys)


def apply(model, content, *, overrides=None):
    """Write `content` onto the database (call it inside a transaction) and return Applied.

    `overrides` sets fields of the item (is_published for a publication or a preview). Raises
    ValidationError when the item itself cannot be saved any more (its slug taken meanwhile)."""
    obj, m2m_data = _build(model, content["object"])
    for name, value in (overrides or {}).items():
        setattr(obj, name, value)
    result = Applied(obj=obj)
    missing = _missing_links(obj)
    if missing:
        raise MissingLink(obj, missing)
    _save(obj, m2m_data)
    for name in model.revision_related:
        related_model, fk = related_descriptor(model, name)
        rows = content.get("related", {}).get(name, [])
        wanted = [data["pk"] for data in rows if data["pk"] is not None]
        # Rows the revision does not hold go first, so a row it brings back may take the
        # title (or any unique value) one of them held.
        current = related_model._default_manager.filter(**{fk.attname: obj.pk})
        current.exclude(pk__in=wanted).delete()
        for data in rows:
            row, row_m2m = _build(related_model, data)
            setattr(row, fk.attname, obj.pk)
            others = related_model._default_manager.exclude(**{fk.attname: obj.pk})
            # A new row of a draft keeps the key it got in the draft's rolled-back save; SQLite
            # may hand that key to another row meanwhile (PostgreSQL's sequences never do): it
            # then comes back under a new key rather than overwrite that row.
            if others.filter(pk=row.pk).exists():
                row.pk = None
                row._state.adding = True
            if _missing_links(row):
                result.left_out.append(_describe(row))
                continue
            _save(row, row_m2m)
    return result


def _describe(row):
    """A row's name without following the link that is gone."""
    title = getattr(row, "title_zh", "") or getattr(row, "name_zh", "")
    return f"{row._meta.verbose_name} “{title}”" if title else f"{row._meta.verbose_name} #{row.pk}"


class MissingLink(Exception):
    def __init__(self, obj, fields):
        super().__init__(f"{obj._meta.label}: {', '.join(fields)}")
        self.obj = obj
        self.fields = fields
