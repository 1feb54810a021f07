"""Side-by-side comparison of two revisions: every field and related row, with the changed
characters marked."""

import difflib

from django.utils.translation import gettext

from . import serialization


def _value_text(model_field, value):
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _diff(old, new):
    """(old parts, new parts): each a list of (text, changed) by character, so a changed word
    of Chinese text is marked, not the whole field."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if old[i1:i2]:
            old_parts.append((old[i1:i2], tag != "equal"))
        if new[j1:j2]:
            new_parts.append((new[j1:j2], tag != "equal"))
    return old_parts, new_parts


def compare(model, old, new):
    """Rows of the side-by-side comparison: the item's fields, then each related row (by its
    key), each with label, old and new parts and whether it changed."""
    rows = []
    old_fields, new_fields = old["object"]["fields"], new["object"]["fields"]
    for model_field in model._meta.get_fields():
        name = model_field.name
        if name == "created_at" or (name not in old_fields and name not in new_fields):
            continue
        rows.append(
            _row(
                str(getattr(model_field, "verbose_name", name)),
                _value_text(model_field, old_fields.get(name)),
                _value_text(model_field, new_fields.get(name)),
            )
        )
    for name in model.revision_related:
        related_model, _fk = serialization.related_descriptor(model, name)
        olds = {row["pk"]: row for row in old.get("related", {}).get(name, [])}
        news = {row["pk"]: row for row in new.get("related", {}).get(name, [])}
        for index, pk in enumerate(
            sorted(set(olds) | set(news), key=lambda key: (key is None, key)), 1
        ):
            label = f"{related_model._meta.verbose_name} {index}"
            rows.append(
                _row(
                    label,
                    _related_text(related_model, olds.get(pk)),
                    _related_text(related_model, news.get(pk)),
                )
            )
    return rows


def _related_text(model, data):
    if data is None:
        return ""
    parts = []
    for model_field in model._meta.concrete_fields:
        if model_field.name == "created_at":
            continue
        value = data["fields"].get(model_field.name)
        text = _value_text(model_field, value)
        if text and not model_field.many_to_one:
            parts.append(f"{model_field.verbose_name}: {text}")
        elif text:
            parts.append(f"{model_field.verbose_name}: #{text}")
    return "\n".join(parts)


def _row(label, old, new):
    old_parts, new_parts = _diff(old, new)
    return {"label": label, "old": old_parts, "new": new_parts, "changed": old != new}
