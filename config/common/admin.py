"""Admin pieces every app's admin uses: saving through services, filters that do not query
once per choice, counts without row multiplication. (Images' thumbnails are the media
library's: config.images.admin.image_thumbnail.)

What is left of saving is what a model form cannot do: hand each object to the app's service
(`person_save(person=...)` …) instead of `obj.save()`, so a service's own work (a slug from the
English name, a sanitized biography, a re-encoded image, the founder flag) happens for
admin edits too. Refusing bad input is not done here: every rule is on the model (constraints
with their message on a field, `clean()` for rules across fields or rows), so the admin's
ModelForm refuses it before any service runs, on the field concerned and in the editor's
language. The services still call `full_clean()` (load_demo uses them as well); a refusal at
that point would mean a form lacks a field some rule reads, which tests/test_admin.py checks
for every form and inline, so it surfaces as an error with the admin's transaction rolled
back, never as a half save.

Deleting is plain (README, "Deleting"): the confirmation page lists what goes with a row, names
a many-to-many link as a link, and says which rows stay but lose their link to it; a row that
protected ones depend on gets Django's "cannot delete" page with what to do instead; and
Django's log entry of the deletion says what went with it.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models, router
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

TIMESTAMP_FIELDS = ("created_at", "updated_at")
TIMESTAMPS_FIELDSET = (
    _("Record"),
    {"fields": (TIMESTAMP_FIELDS,), "classes": ("collapse",)},
)


def _save(service, service_arg, obj):
    if service is None:
        obj.save()
    else:
        service(**{service_arg: obj})


# What an empty autocomplete shows: valid HTML needs the empty <option> to have text.
NO_CHOICE = "—"


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete for a foreign key, whose empty choice has text (an empty <option>
    is invalid HTML) and serves as select2's placeholder. A required one gets that empty choice
    too: HTML wants a required single <select> to start with an empty-valued option (Django
    gives it none, so the add form's select had no option at all)."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not self.allow_multiple_selected:
            groups[0][1].insert(0, self.create_option(name, "", "", False, 0))
        return groups

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        if value == "" and label == "":
            label = NO_CHOICE
        return super().create_option(name, value, label, selected, index, subindex, attrs)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = NO_CHOICE
        return attrs


class AutocompleteWidgetMixin:
    """Autocomplete foreign keys through LabelledAutocompleteSelect. (The select2 widgets get
    their accessible names from static/admin-extra/accessible-widgets.js.)"""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceInlineMixin(AutocompleteWidgetMixin):
    """An inline whose rows are saved by `service(**{service_arg: row})`."""

    service = None
    service_arg = None
    extra = 0
    show_change_link = True


class ServiceAdmin(AutocompleteWidgetMixin, admin.ModelAdmin):
    """A ModelAdmin that saves through the app's service (`service(**{service_arg: obj})`),
    and each inline's rows through the inline's service."""

    service = None
    service_arg = None
    readonly_fields = TIMESTAMP_FIELDS
    save_on_top = True

    class Media:
        css = {"all": ("admin-extra/admin.css",)}

    def save_model(self, request, obj, form, change):
        _save(self.service, self.service_arg, obj)

    def save_formset(self, request, form, formset, change):
        inline = self._inline_for(formset.model)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            _save(getattr(inline, "service", None), getattr(inline, "service_arg", None), obj)
        formset.save_m2m()

    def _inline_for(self, model):
        for inline in self.inlines:
            if inline.model is model:
                return inline
        return None

    # ---- deleting ----------------------------------------------------------------------------

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)

    def render_delete_form(self, request, context):
        obj = context.get("object")
        if obj is not None and not context.get("protected") and not context.get("perms_lacking"):
            context["unlinked"] = [
                unlinked_text(row, field) for row, field in unlinked_rows(collect_deletion([obj]))
            ]
        context["can_unpublish"] = any(field.name == "is_published" for field in self.opts.fields)
        return super().render_delete_form(request, context)

    def log_deletions(self, request, queryset):
        """Django's log entry of each deletion, its message listing what went with the row and
        which rows lost their link to it (stored in English, shown in the reader's language,
        like the messages of Django's own changes)."""
        entries = []
        for obj in queryset:
            with translation.override(None):
                message = deletion_message(obj)
            entries += LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[obj],
                action_flag=DELETION,
                change_message=message,
            )
        return entries


# ---- deleting: what goes with a row, what stays without its link -----------------------------


def link_field(model):
    """The many-to-many field whose automatic table `model` is (its rows are links only), or
    None for any other model."""
    owner = model._meta.auto_created
    if not owner:
        return None
    return next(
        (field for field in owner._meta.many_to_many if field.remote_field.through is model),
        None,
    )


def collect_deletion(objs):
    """Django's collector of what deleting `objs` takes (`model_objs`), leaves without a link
    (`field_updates`) or is refused by (`protected`)."""
    collector = NestedObjects(using=router.db_for_write(type(objs[0])), origin=objs)
    collector.collect(objs)
    return collector


def _key(row):
    return row._meta.concrete_model, row.pk


def unlinked_rows(collector):
    """(row, field) for every row that stays but has `field` cleared (SET_NULL)."""
    deleted = {_key(row) for rows in collector.model_objs.values() for row in rows}
    found = []
    for (field, _value), groups in collector.field_updates.items():
        for group in groups:
            found += [(row, field) for row in group if _key(row) not in deleted]
    return sorted(found, key=lambda item: (str(item[0]._meta.verbose_name), str(item[0])))


def unlinked_text(row, field):
    return _("%(model)s “%(object)s” stays; its “%(field)s” is cleared") % {
        "model": capfirst(row._meta.verbose_name),
        "object": row,
        "field": field.verbose_name,
    }


def _link_ends(row, field):
    return getattr(row, field.m2m_field_name()), getattr(row, field.m2m_reverse_field_name())


def deleted_objects(objs, request, admin_site):
    """Django's `get_deleted_objects`, with the rows of an automatic many-to-many table named
    as what they are: “陈维良” leaves the speakers of the agenda item “开幕致辞” (the agenda
    item stays), not "AgendaItem_speakers object (3)"."""
    if not objs:
        return [], {}, set(), []
    collector = collect_deletion(objs)
    perms_needed = set()

    def describe(obj, *, deleted=True):
        opts = obj._meta
        field = link_field(type(obj))
        if field is not None:
            owner, target = _link_ends(obj, field)
            return _(
                "Link only: “%(target)s” leaves the %(field)s of the %(model)s “%(owner)s”"
            ) % {
                "target": target,
                "field": field.verbose_name,
                "model": owner._meta.verbose_name,
                "owner": owner,
            }
        label = capfirst(opts.verbose_name)
        if not admin_site.is_registered(type(obj)):
            return f"{label}: {obj}"
        model_admin = admin_site.get_model_admin(type(obj))
        if deleted and not model_admin.has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            return f"{label}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', label, url, str(obj))

    to_delete = collector.nested(describe)
    # A protected row refuses the deletion whoever asks: no permission of the user's matters.
    protected = [describe(obj, deleted=False) for obj in collector.protected]
    counts = {}
    for model, rows in collector.model_objs.items():
        field = link_field(model)
        if field is None:
            name = model._meta.verbose_name_plural
        else:
            name = _("%(field)s of %(model)s (links only)") % {
                "field": field.verbose_name,
                "model": model._meta.auto_created._meta.verbose_name_plural,
            }
        counts[name] = len(rows)
    return to_delete, counts, perms_needed, protected


def deletion_message(obj):
    """The change message of `obj`'s deletion (Django's JSON form, read by
    LogEntry.get_change_message): each row deleted with it, each row that lost a link."""
    collector = collect_deletion([obj])
    deleted = {_key(row) for rows in collector.model_objs.values() for row in rows}
    message = []
    for model, rows in collector.model_objs.items():
        field = link_field(model)
        for row in rows:
            if _key(row) == _key(obj):
                continue
            if field is None:
                message.append(
                    {"deleted": {"name": str(model._meta.verbose_name), "object": str(row)}}
                )
                continue
            owner, _target = _link_ends(row, field)
            if _key(owner) not in deleted:
                message.append(_changed(owner, field))
    message += [_changed(row, field) for row, field in unlinked_rows(collector)]
    return sorted(message, key=json.dumps)


def _changed(row, field):
    return {
        "changed": {
            "name": str(row._meta.verbose_name),
            "object": str(row),
            "fields": [str(field.verbose_name)],
        }
    }


class PublishActionsMixin:
    """Publish / unpublish the selected rows, each through the service like any other save."""

    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish the selected %(verbose_name_plural)s"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, published=True)

    @admin.action(description=_("Unpublish the selected %(verbose_name_plural)s"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, published=False)

    def _set_published(self, request, queryset, *, published):
        changed = 0
        for obj in queryset.filter(is_published=not published):
            obj.is_published = published
            try:
                _save(self.service, self.service_arg, obj)
            except ValidationError as refusal:
                # A change of one field, not a form: the refusal is reported, the row kept.
                self.message_user(
                    request, f"{obj}: {' '.join(refusal.messages)}", level=messages.ERROR
                )
                continue
            changed += 1
        if published:
            text = ngettext("%(count)d row published.", "%(count)d rows published.", changed)
        else:
            text = ngettext("%(count)d row unpublished.", "%(count)d rows unpublished.", changed)
        self.message_user(request, text % {"count": changed}, level=messages.SUCCESS)


# ---- list helpers ---------------------------------------------------------------------------


def titled(filter_class, title):
    """A list filter class with its own title ("role kind" rather than the field's "kind")."""

    class TitledListFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledListFilter


def related_filter(*select_related, label=str):
    """A RelatedFieldListFilter whose choices are read in one query: the related rows'
    __str__ may follow foreign keys (an edition names its forum). `label(obj)` names each
    choice; give a language-aware one (`attrgetter("path_name")`) so an English admin lists
    English names, a Chinese admin Chinese ones."""

    class SelectRelatedFieldListFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin):
            ordering = self.field_admin_ordering(field, request, model_admin)
            queryset = field.related_model._default_manager.select_related(*select_related)
            if ordering:
                queryset = queryset.order_by(*ordering)
            return [(obj.pk, label(obj)) for obj in queryset]

    return SelectRelatedFieldListFilter


class SubqueryCount(models.Subquery):
    """COUNT(*) of a correlated subquery: several counts on one row without the row
    multiplication of joined Count()s."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = models.IntegerField()

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.order_by().values("pk"), **kwargs)
