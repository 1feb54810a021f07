"""Reminders per edition in admin (imported by admin.py): organizers add "3 days before, 10:00"
and "on the day, 07:30"; the worker sends each once when due. Messages themselves are written
and sent on their own pages (message_views.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.common.admin import related_filter

from . import messaging
from .message_models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("__str__", "edition", "due", "sent")
    list_filter = (("edition", related_filter("forum")),)
    list_select_related = ("edition__forum",)
    search_fields = ("edition__forum__name_zh", "edition__forum__name_en", "edition__year")
    autocomplete_fields = ("edition",)

    def save_model(self, request, obj, form, change):
        messaging.reminder_save(reminder=obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("messages")

    @admin.display(description=_("due at"))
    def due(self, obj):
        return obj.due_at() or _("when the edition's day is known")

    @admin.display(description=_("sent"), boolean=True)
    def sent(self, obj):
        return bool(obj.messages.all())
