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
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
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


class ServiceInlineMixin:
    """An inline whose rows are saved by `service(**{service_arg: row})`."""

    service = None
    service_arg = None
    extra = 0
    show_change_link = True


class ServiceAdmin(admin.ModelAdmin):
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


def related_filter(*select_related):
    """A RelatedFieldListFilter whose choices are read in one query: the related rows'
    __str__ may follow foreign keys (an edition names its forum)."""

    class SelectRelatedFieldListFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin):
            ordering = self.field_admin_ordering(field, request, model_admin)
            queryset = field.related_model._default_manager.select_related(*select_related)
            if ordering:
                queryset = queryset.order_by(*ordering)
            return [(obj.pk, str(obj)) for obj in queryset]

    return SelectRelatedFieldListFilter


class SubqueryCount(models.Subquery):
    """COUNT(*) of a correlated subquery: several counts on one row without the row
    multiplication of joined Count()s."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = models.IntegerField()

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.order_by().values("pk"), **kwargs)
