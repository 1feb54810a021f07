"""Admin pieces every app's admin uses: saving through services, clear constraint messages,
filters that do not query once per choice, counts without row multiplication, thumbnails.

The admin never writes a row itself: `save_model` and `save_formset` hand each object to the
app's service (`person_save(person=...)` …), so a rule lives once. When a service refuses an
object, the editor gets the form back with the message on the field, not a server error.
"""

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.constraints import BaseConstraint
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

TIMESTAMP_FIELDS = ("created_at", "updated_at")
TIMESTAMPS_FIELDSET = (
    _("Record"),
    {"fields": (TIMESTAMP_FIELDS,), "classes": ("collapse",)},
)


class _ServiceRefused(Exception):
    """Raised inside the admin's transaction to roll it back; never leaves this module."""


def as_validation_error(exc):
    """A service's refusal as a ValidationError: its own, or a domain error with a `code`."""
    if isinstance(exc, ValidationError):
        return exc
    message = getattr(exc, "message", None) or str(exc)
    return ValidationError(message, code=getattr(exc, "code", None))


def friendly_constraint_errors(form, messages):
    """Replace Django's generic "Constraint “x” is violated." with the message an editor
    understands, on the field it concerns (`messages`: constraint name → (field, text))."""
    if not messages or NON_FIELD_ERRORS not in form._errors:
        return
    generic = {}
    for constraint in form._meta.model._meta.constraints:
        if constraint.name in messages:
            text = BaseConstraint.default_violation_error_message % {"name": constraint.name}
            generic[str(text)] = messages[constraint.name]
    kept = form.error_class(error_class="nonfield", renderer=form.renderer)
    moved = []
    for error in form._errors[NON_FIELD_ERRORS].as_data():
        text = " ".join(str(m) for m in error.messages)
        if text in generic:
            moved.append(generic[text])
        else:
            kept.append(error)
    if not moved:
        return
    if kept:
        form._errors[NON_FIELD_ERRORS] = kept
    else:
        del form._errors[NON_FIELD_ERRORS]
    for field, message in moved:
        form.add_error(field if field in form.fields else None, message)


def _add_errors(form, error, *, prefix=""):
    """Put a ValidationError's messages on the form's fields, or above the form when the
    field is not on it (or the error came from an inline row)."""
    error_dict = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error}
    for field, errors in error_dict.items():
        messages = [str(m) for e in errors for m in ValidationError(e).messages]
        if not prefix and field in form.fields:
            form.add_error(field, messages)
            continue
        label = ""
        if field != NON_FIELD_ERRORS:
            model_field = _model_field(form, field)
            label = str(model_field.verbose_name if model_field else field)
        for message in messages:
            parts = [p for p in (prefix, label) if p]
            form.add_error(None, f"{' · '.join(parts)}: {message}" if parts else message)


def _model_field(form, name):
    try:
        return form._meta.model._meta.get_field(name)
    except Exception:
        return None


class ServiceFormMixin:
    """Mixed into the admin's ModelForm: clear constraint messages, and the refusal of the
    previous attempt (if any) shown on the re-rendered form."""

    constraint_messages = {}
    refusal = None

    def _post_clean(self):
        super()._post_clean()
        friendly_constraint_errors(self, self.constraint_messages)
        if self.refusal is not None:
            error, prefix = self.refusal
            _add_errors(self, error, prefix=prefix)


class ServiceInlineMixin:
    """An inline whose rows are saved by `service(**{service_arg: row})`."""

    service = None
    service_arg = None
    constraint_messages = {}
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = formset.form
        formset.form = type(
            form.__name__,
            (ServiceFormMixin, form),
            {"constraint_messages": self.constraint_messages},
        )
        return formset


class ServiceAdmin(admin.ModelAdmin):
    """A ModelAdmin that saves through the app's service (`service(**{service_arg: obj})`).

    The services validate (full_clean plus the domain's own rules) and save; what they refuse
    comes back to the editor as form errors: the admin's transaction is rolled back and the
    form is rendered again with the editor's input and the service's message.
    """

    service = None
    service_arg = None
    # Domain exceptions (with a `code`) that a service may raise besides ValidationError.
    service_errors = ()
    constraint_messages = {}
    readonly_fields = TIMESTAMP_FIELDS
    save_on_top = True

    class Media:
        css = {"all": ("admin-extra/admin.css",)}

    # ---- saving -------------------------------------------------------------------------

    def _refusable(self):
        return (ValidationError, *self.service_errors)

    def _call_service(self, request, service, arg, obj, *, prefix=""):
        if service is None:
            obj.save()
            return
        try:
            service(**{arg: obj})
        except self._refusable() as exc:
            request._admin_service_refusal = (as_validation_error(exc), prefix)
            raise _ServiceRefused from exc

    def save_model(self, request, obj, form, change):
        self._call_service(request, self.service, self.service_arg, obj)

    def save_formset(self, request, form, formset, change):
        inline = self._inline_for(formset.model)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        prefix = str(formset.model._meta.verbose_name)
        for obj in instances:
            self._call_service(
                request,
                getattr(inline, "service", None),
                getattr(inline, "service_arg", None),
                obj,
                prefix=prefix,
            )
        formset.save_m2m()

    def _inline_for(self, model):
        for inline in self.inlines:
            if inline.model is model:
                return inline
        return None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceRefused:
            # The transaction was rolled back; render the form again: get_form() puts the
            # refusal on it, so it is invalid and nothing is saved this time.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(
            form.__name__,
            (ServiceFormMixin, form),
            {
                "constraint_messages": self.constraint_messages,
                "refusal": getattr(request, "_admin_service_refusal", None),
            },
        )


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
                if self.service is None:
                    obj.save()
                else:
                    self.service(**{self.service_arg: obj})
            except (ValidationError, *self.service_errors) as exc:
                refusal = as_validation_error(exc)
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


def thumbnail(image, *, size=48, alt="", css_class="admin-thumb"):
    """An <img> for a list column or a preview (no inline style: the site's CSP forbids it)."""
    if not image:
        return format_html('<span class="admin-thumb admin-thumb--empty">{}</span>', "—")
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="{}" loading="lazy">',
        image.url,
        alt,
        size,
        size,
        css_class,
    )
