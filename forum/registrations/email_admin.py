"""The outbox in admin (imported by admin.py): the e-mails of one registration on its page, the
list of every e-mail with a retry for those that failed, and what the registrations dashboard
says about undelivered ones."""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.common.admin import TIMESTAMP_FIELDS

from . import tasks
from .admin_filters import EditionFilter
from .enums import EmailStatus
from .exceptions import EmailNotRetriable
from .models import Registration, RegistrationEmail


class RegistrationEmailInline(admin.TabularInline):
    model = RegistrationEmail
    fields = (
        "kind",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "last_error",
        "created_at",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("e-mails owed and sent")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EmailDeliveryFilter(admin.SimpleListFilter):
    """The e-mails organizers should look at; the registration dashboard links here."""

    title = _("delivery")
    parameter_name = "delivery"
    UNDELIVERED = "undelivered"

    def lookups(self, request, model_admin):
        return ((self.UNDELIVERED, _("Failed or gave up")),)

    def queryset(self, request, queryset):
        if self.value() == self.UNDELIVERED:
            return queryset.undelivered()
        return queryset


class EmailEditionFilter(EditionFilter):
    parameter_name = "registration__edition__id__exact"

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(registration__edition_id=self.value())
        return queryset


@admin.register(RegistrationEmail)
class RegistrationEmailAdmin(admin.ModelAdmin):
    """The outbox, for organizers: which e-mails failed or gave up, and a retry that queues them
    again. Rows are written by the worker only; they go with their registration."""

    list_display = (
        "created_at",
        "registration_link",
        "recipient",
        "kind",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = (EmailDeliveryFilter, "status", "kind", EmailEditionFilter)
    list_select_related = ("registration__edition__forum",)
    search_fields = ("registration__email",)
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    fields = (
        "registration_link",
        "recipient",
        "kind",
        "status",
        "attempts",
        "last_error",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        *TIMESTAMP_FIELDS,
    )
    readonly_fields = fields
    actions = ("retry",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration__edition__forum")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        """Whoever may change registrations (the Organizers) may send their e-mails again."""
        opts = Registration._meta
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")

    @admin.display(description=_("registration"), ordering="registration__created_at")
    def registration_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:registrations_registration_change", args=[obj.registration_id]),
            obj.registration,
        )

    @admin.display(description=_("recipient"), ordering="registration__email")
    def recipient(self, obj):
        return obj.registration.email

    @admin.action(description=_("Retry now (a fresh round of attempts)"), permissions=["retry"])
    def retry(self, request, queryset):
        done = refused = 0
        for email in queryset.order_by("created_at", "pk"):
            try:
                tasks.registration_email_retry(email=email, by=request.user)
            except EmailNotRetriable:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail left alone: %(reason)s",
                    "%(count)d e-mails left alone: %(reason)s",
                    refused,
                )
                % {"count": refused, "reason": EmailNotRetriable.default_message},
                messages.WARNING,
            )


def undelivered_emails(request):
    """What the dashboard says about the outbox: counts of failed and given-up e-mails, and the
    list to review them in (for those who may see it)."""
    counts = dict(
        RegistrationEmail.objects.undelivered()
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    opts = RegistrationEmail._meta
    can_view = request.user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}")
    url = reverse("admin:registrations_registrationemail_changelist") if can_view else None
    return {
        "failed": counts.get(EmailStatus.FAILED, 0),
        "gave_up": counts.get(EmailStatus.GAVE_UP, 0),
        "list_url": url,
        "review_url": f"{url}?{EmailDeliveryFilter.parameter_name}="
        f"{EmailDeliveryFilter.UNDELIVERED}"
        if url
        else None,
    }
