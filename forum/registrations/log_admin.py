"""The registration log in admin (imported by admin.py), read-only: a registration's history on
its page, and the whole log in one list."""

from operator import attrgetter

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from config.common.admin import related_filter

from .models import RegistrationLogEntry


class RegistrationLogEntryInline(admin.TabularInline):
    """The registration's history: who did what, newest first, in the organizer's language."""

    model = RegistrationLogEntry
    fields = ("created_at", "action", "by", "what")
    readonly_fields = fields
    ordering = ("-created_at", "-pk")
    extra = 0
    can_delete = False
    verbose_name_plural = _("history of actions (newest first)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"))
    def by(self, obj):
        return obj.actor_display

    @admin.display(description=_("what"))
    def what(self, obj):
        return _summary(obj)


@admin.register(RegistrationLogEntry)
class RegistrationLogEntryAdmin(admin.ModelAdmin):
    """The whole log, read-only: exports and deletions per edition, and every registration's
    history in one list (filter by edition and action)."""

    list_display = ("created_at", "edition", "action", "by", "registration_link", "what")
    list_filter = (
        ("edition", related_filter("forum", label=attrgetter("title_with_year"))),
        "action",
        "actor_kind",
    )
    search_fields = ("actor_name",)
    list_select_related = ("edition__forum",)
    date_hierarchy = "created_at"
    list_per_page = 100
    fields = ("created_at", "edition", "action", "by", "registration_link", "what")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("by"), ordering="actor_name")
    def by(self, obj):
        return obj.actor_display

    @admin.display(description=_("registration"))
    def registration_link(self, obj):
        if obj.registration_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:registrations_registration_change", args=[obj.registration_id]),
            obj.registration_id,
        )

    @admin.display(description=_("what"))
    def what(self, obj):
        return _summary(obj)


def _summary(entry):
    """A log entry's summary, one part a line."""
    parts = entry.summary()
    if not parts:
        return "—"
    return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))
