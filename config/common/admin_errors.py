"""`{% load admin_errors %}` (registered in TEMPLATES' libraries): the error summary at the top
of every failed admin change form (templates/admin/change_form.html).

It lists every error of the form and of each inline row — the field's label, the row it is in,
the message — each linking to its field, so an error in an inline row past the right edge of
the window is found from the top of the page (static/admin-extra/error-summary.js moves the
focus there, opening a collapsed fieldset and scrolling a wide inline as needed). A file chosen
in a form that failed is not kept by the browser or the server: the field then says so in
plain words, and the summary lists it too.
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

register = template.Library()


@dataclass
class SummaryItem:
    message: str
    label: str = ""
    target: str = ""  # the id the link points at; "" for an error of the whole form


def _note_dropped_files(form):
    """A file chosen for this bound form, which failed, was not saved and is not kept: say so
    on the field (once)."""
    if not form.is_bound or not form.files or not form.errors:
        return
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.ClearableFileInput | forms.FileInput):
            continue
        chosen = form.files.get(form.add_prefix(name))
        if not chosen:
            continue
        note = _(
            "The file “%(name)s” you chose was not saved because of the errors on this page: "
            "choose the file again."
        ) % {"name": chosen.name}
        if note not in form.errors.get(name, []):
            form.add_error(name, note)


def _form_items(form, prefix_label=""):
    items = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            target = ""
            label = prefix_label
        else:
            bound = form[name]
            target = bound.auto_id or ""
            label = f"{prefix_label} · {bound.label}" if prefix_label else str(bound.label)
        items += [SummaryItem(message=str(m), label=label, target=target) for m in messages]
    return items


@register.inclusion_tag("admin/common/error_summary.html")
def error_summary(adminform, inline_admin_formsets):
    """Every error of the change form and its inlines, in page order."""
    if adminform is None:
        return {"items": []}
    form = adminform.form
    _note_dropped_files(form)
    items = _form_items(form)
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        title = str(inline.opts.verbose_name_plural)
        items += [SummaryItem(message=str(m), label=title) for m in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            _note_dropped_files(row)
            if row.errors:
                row_label = _("%(inline)s, row %(number)d") % {
                    "inline": inline.opts.verbose_name,
                    "number": number,
                }
                for item in _form_items(row, row_label):
                    if not item.target:
                        item.target = f"{formset.prefix}-{number - 1}"
                    items.append(item)
    return {"items": items}
