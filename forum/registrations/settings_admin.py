"""Each edition's registration settings with their quotas, and the privacy notices, in admin
(imported by admin.py); saves go through the services."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.common.admin import TIMESTAMP_FIELDS

from . import configuration, promotion
from .models import CategoryQuota, PrivacyNotice, RegistrationSettings


class CategoryQuotaInline(admin.TabularInline):
    model = CategoryQuota
    extra = 0


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "edition",
        "opens_at",
        "closes_at",
        "capacity",
        "reserved_seats",
        "is_demo",
        "registrations",
        "door",
    )
    list_filter = ("is_demo",)
    list_select_related = ("edition__forum",)
    search_fields = ("edition__forum__name_zh", "edition__forum__name_en", "edition__year")
    autocomplete_fields = ("edition",)
    inlines = (CategoryQuotaInline,)
    readonly_fields = TIMESTAMP_FIELDS
    actions = ("fill_seats",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(registration_count=Count("edition__registrations"))
        )

    @admin.action(
        description=_("Fill free seats from the waiting list, in line order"),
        permissions=["change"],
    )
    def fill_seats(self, request, queryset):
        for registration_settings in queryset.select_related("edition__forum"):
            promoted = promotion.registration_fill_seats(
                edition=registration_settings.edition, by=request.user
            )
            self.message_user(
                request,
                ngettext(
                    "%(edition)s: %(count)d registrant promoted from the waiting list.",
                    "%(edition)s: %(count)d registrants promoted from the waiting list.",
                    len(promoted),
                )
                % {"edition": registration_settings.edition, "count": len(promoted)},
                messages.SUCCESS,
            )

    @admin.display(description=_("registrations"), ordering="registration_count")
    def registrations(self, obj):
        return obj.registration_count

    @admin.display(description=_("at the door"))
    def door(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("checkin:page", kwargs={"edition_id": obj.edition_id}),
            _("Check-in"),
            reverse("checkin:badges", kwargs={"edition_id": obj.edition_id}),
            _("Badges"),
        )

    def save_model(self, request, obj, form, change):
        saved = configuration.registration_settings_save(
            edition=obj.edition,
            opens_at=obj.opens_at,
            closes_at=obj.closes_at,
            capacity=obj.capacity,
            reserved_seats=obj.reserved_seats,
            is_demo=obj.is_demo,
            privacy_notice=obj.privacy_notice,
            approval_required=obj.approval_required,
            invitation_only=obj.invitation_only,
            email_confirmation_minutes=obj.email_confirmation_minutes,
        )
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ("version", "title_zh", "effective_from", "retention_days")
    search_fields = ("version", "title_zh", "title_en")
    readonly_fields = TIMESTAMP_FIELDS

    def get_readonly_fields(self, request, obj=None):
        # A version in force is what registrants accepted: it is never edited, only succeeded.
        if obj is not None and obj.effective_from <= timezone.now():
            return [f.name for f in obj._meta.fields if f.name != "id"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        configuration.privacy_notice_save(notice=obj)
