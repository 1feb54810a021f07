"""The organizers' admin for registrations: lists, actions that call the services, exports and
a per-edition dashboard.

Registrant data is for organizers only: the Editors group has no permission on these models,
so none of these pages (nor the export and dashboard views) opens for them.
"""

from functools import partial
from operator import attrgetter

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.common.admin import TIMESTAMP_FIELDS, related_filter
from forum.models import Edition

from . import (  # noqa: F401 (door_admin, message_admin and organizer_admin register)
    admin_actions,
    configuration,
    details,
    door_admin,
    message_admin,
    organizer_admin,
    outbox,
    permissions,
    seats,
    statistics_admin,
    tasks,
    verification,
)
from .enums import EmailStatus, RegistrationStatus
from .exceptions import EmailNotRetriable, RegistrationError
from .exports import export_filename, registrations_export
from .invitation_admin import InvitationCodeAdmin  # noqa: F401 (registers it)
from .models import (
    CategoryQuota,
    PrivacyNotice,
    Registration,
    RegistrationEmail,
    RegistrationLogEntry,
    RegistrationSettings,
)
from .question_admin import AnswerFilter, AnswerInline
from .selectors import registration_dashboard
from .verification_admin import HeldSeatFilter, status_with_deadline

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


class EditionFilter(admin.SimpleListFilter):
    """Editions that have registrations, named with their forum in one query."""

    title = _("edition")
    parameter_name = "edition__id__exact"

    def lookups(self, request, model_admin):
        editions = (
            Edition.objects.filter(registrations__isnull=False)
            .distinct()
            .select_related("forum")
            .order_by("-year", "-number")
        )
        return [(str(edition.pk), edition.title_with_year) for edition in editions]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            edition_id = int(self.value())
        except ValueError:
            edition_id = None
        if edition_id is None or not 0 < edition_id < 2**63:
            # The admin's "invalid filter" answer; a mangled link was a 500 (the fuzz test).
            raise IncorrectLookupParameters(f"not an edition id: {self.value()!r}")
        return queryset.filter(edition_id=edition_id)


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


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Fits a 1440-px screen beside the admin's menu and the filters: the organization under the
    # name, the edition by its short title, long values wrap (admin-extra/registrations.css).
    list_display = (
        "registrant",
        "contact",
        "edition_short",
        "category",
        "status_column",
        "checked_in",
        "registered_at",
    )
    list_display_links = ("registrant",)
    list_filter = (
        EditionFilter,
        "status",
        "category",
        CheckedInFilter,
        HeldSeatFilter,
        AnswerFilter,
        "seat",
        "email_held",
    )
    search_fields = ("name", "email", "organization")
    list_select_related = ("edition__forum",)
    list_per_page = 100
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    inlines = (AnswerInline, RegistrationEmailInline, RegistrationLogEntryInline)
    change_list_template = "admin/registrations/registration/change_list.html"
    # Contact fields are corrected here (audited); cancel, promote, check in and resend are
    # this page's buttons (admin_actions), through the same services as the list's actions.
    change_form_template = "admin/registrations/registration/change_form.html"
    form = admin_actions.RegistrationChangeForm
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "edition",
                    "status",
                    "confirm_email_by",
                    "category",
                    "checkin_code",
                    "invitation",
                )
            },
        ),
        (
            _("Registrant"),
            {"fields": ("name", "organization", "email", "title", "mobile", "needs")},
        ),
        (_("Interests and language"), {"fields": ("sectors_list", "language")}),
        (
            _("Consent"),
            {
                "fields": (
                    "privacy_notice",
                    "consented_at",
                    "consent_method",
                    "consent_note",
                    "registered_by_name",
                )
            },
        ),
        (_("Seat and ticket"), {"fields": ("seat", "ticket_link", "email_held")}),
        (
            _("History"),
            {
                "fields": (
                    "created_at",
                    "promoted_at",
                    "cancelled_at",
                    "checked_in_at",
                    "checked_in_by",
                    "anonymized_at",
                    "updated_at",
                )
            },
        ),
    )
    readonly_fields = (
        "edition",
        "status",
        "confirm_email_by",
        "category",
        "checkin_code",
        "invitation",
        "sectors_list",
        "language",
        "privacy_notice",
        "consented_at",
        "consent_method",
        "consent_note",
        "registered_by_name",
        "seat",
        "ticket_link",
        "email_held",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "anonymized_at",
        *TIMESTAMP_FIELDS,
    )
    actions = (
        "approve",
        "decline",
        "confirm_email",
        "promote",
        "cancel",
        "resend_email",
        "export_csv",
        "export_xlsx",
    )

    class Media:
        css = {"all": ("admin-extra/registrations.css",)}

    @admin.display(description=_("registrant"), ordering="name")
    def registrant(self, obj):
        return format_html(
            '{}<br><span class="registrant-organization">{}</span>', obj.name, obj.organization
        )

    @admin.display(description=_("e-mail and mobile"), ordering="email")
    def contact(self, obj):
        if not obj.mobile:
            return obj.email
        return format_html(
            '{}<br><span class="registrant-organization">{}</span>', obj.email, obj.mobile
        )

    @admin.display(description=_("registered at"), ordering="created_at")
    def registered_at(self, obj):
        moment = timezone.localtime(obj.created_at)
        return format_html("{}<br>{}", moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M"))

    @admin.display(description=_("edition"), ordering="edition__year")
    def edition_short(self, obj):
        return obj.edition.title_with_year

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj):
        return status_with_deadline(obj)

    @admin.display(description=_("checked in"), boolean=True, ordering="checked_in_at")
    def checked_in(self, obj):
        return obj.checked_in_at is not None

    @admin.display(description=_("ticket link"))
    def ticket_link(self, obj):
        """The registrant's private link, to give by other means than the e-mail (which the
        "Resend" action sends again)."""
        if obj.anonymized_at is not None:
            return "—"
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, _("Open the ticket"))

    @admin.display(description=_("sectors of interest"))
    def sectors_list(self, obj):
        return ", ".join(sector.name for sector in obj.sectors.all()) or "—"

    # ---- permissions ------------------------------------------------------------------------

    def has_add_permission(self, request):
        # Organizers register people themselves through registration_create, with the
        # consent they noted (organizer_admin.py); the admin's own add form is never used.
        return super().has_add_permission(request)

    def add_view(self, request, form_url="", extra_context=None):
        return organizer_admin.register_view(self, request)

    def has_export_permission(self, request):
        return request.user.has_perm(permissions.EXPORT)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition__forum")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.anonymized_at is not None:
            return (*fields, "name", "organization", "email", "title", "mobile", "needs")
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        registration = self.get_object(request, object_id)
        actions = (
            admin_actions.available_actions(registration, request.user) if registration else []
        )
        return super().change_view(
            request,
            object_id,
            form_url,
            extra_context={**(extra_context or {}), "registration_actions": actions},
        )

    def action_view(self, request, object_id, action_name):
        return admin_actions.action_view(self, request, object_id, action_name)

    # ---- writes go through the services -----------------------------------------------------

    def save_model(self, request, obj, form, change):
        details.registration_details_save(registration=obj, by=request.user)

    def get_deleted_objects(self, objs, request):
        # A registration's e-mails and history go with it (registration_delete), though nobody
        # may delete an e-mail or a log entry on its own.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for model in (RegistrationEmail, RegistrationLogEntry):
            perms_needed.discard(model._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        seats.registration_delete(registration=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for registration in queryset.order_by("created_at", "pk"):
            seats.registration_delete(registration=registration, by=request.user)

    def _apply(self, request, queryset, service, done_message):
        done, refused = 0, {}
        for registration in queryset.order_by("created_at", "pk"):
            try:
                service(registration=registration, by=request.user)
            except RegistrationError as error:
                refused.setdefault(str(error.message), 0)
                refused[str(error.message)] += 1
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message, count in refused.items():
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration refused: %(reason)s",
                    "%(count)d registrations refused: %(reason)s",
                    count,
                )
                % {"count": count, "reason": message},
                messages.WARNING,
            )

    @admin.action(
        description=_("Approve (takes a seat, or the waiting list when full)"),
        permissions=["change"],
    )
    def approve(self, request, queryset):
        self._apply(
            request,
            queryset,
            seats.registration_approve,
            lambda n: (
                ngettext("%(count)d registration approved.", "%(count)d registrations approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request, queryset):
        self._apply(
            request,
            queryset,
            seats.registration_decline,
            lambda n: (
                ngettext("%(count)d registration declined.", "%(count)d registrations declined.", n)
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Confirm the e-mail by hand (the held seat becomes confirmed)"),
        permissions=["change"],
    )
    def confirm_email(self, request, queryset):
        self._apply(
            request,
            queryset,
            verification.registration_confirm_email,
            lambda n: (
                ngettext(
                    "%(count)d registration confirmed.", "%(count)d registrations confirmed.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Promote from the waiting list"), permissions=["change"])
    def promote(self, request, queryset):
        self._apply(
            request,
            queryset,
            seats.registration_promote,
            lambda n: (
                ngettext("%(count)d registration promoted.", "%(count)d registrations promoted.", n)
                % {"count": n}
            ),
        )

    @admin.action(
        description=_("Cancel (frees the seat for the waiting list)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        self._apply(
            request,
            queryset,
            seats.registration_cancel,
            lambda n: (
                ngettext(
                    "%(count)d registration cancelled.", "%(count)d registrations cancelled.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Resend the e-mail with the ticket link"), permissions=["change"])
    def resend_email(self, request, queryset):
        self._apply(
            request,
            queryset,
            outbox.registration_resend_email,
            lambda n: (
                ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.", n) % {"count": n}
            ),
        )

    # ---- exports ----------------------------------------------------------------------------

    @admin.action(description=_("Export the selected registrations as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        content = registrations_export(queryset=queryset, file_format="csv", by=request.user)
        return _download(content, CSV_TYPE, _selection_filename("csv"))

    @admin.action(
        description=_("Export the selected registrations as XLSX"), permissions=["export"]
    )
    def export_xlsx(self, request, queryset):
        content = registrations_export(queryset=queryset, file_format="xlsx", by=request.user)
        return _download(content, XLSX_TYPE, _selection_filename("xlsx"))

    def export_edition_view(self, request, edition_id, extension):
        if not self.has_export_permission(request):
            raise PermissionDenied
        if extension not in ("csv", "xlsx"):
            raise Http404
        edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
        # The file's language (headers, sheet, names) is the organizer's choice.
        language = request.GET.get("language")
        if language not in dict(settings.LANGUAGES):
            language = None
        queryset = Registration.objects.filter(edition=edition, anonymized_at__isnull=True)
        content = registrations_export(
            queryset=queryset,
            file_format=extension,
            by=request.user,
            edition=edition,
            language=language,
        )
        content_type = CSV_TYPE if extension == "csv" else XLSX_TYPE
        return _download(content, content_type, export_filename(edition, extension, language))

    # ---- the dashboard ----------------------------------------------------------------------

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Registrations by edition"),
            "opts": self.model._meta,
            "editions": registration_dashboard(),
            "statuses": list(RegistrationStatus),
            "can_export": self.has_export_permission(request),
            "export_languages": [(code, name) for code, name in settings.LANGUAGES],
            "can_check_in": request.user.has_perm(permissions.CHECK_IN),
            "can_register": self.has_add_permission(request),
            "emails": _undelivered_emails(request),
        }
        return TemplateResponse(request, "admin/registrations/registration/dashboard.html", context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "dashboard/", wrap(self.dashboard_view), name="registrations_registration_dashboard"
            ),
            path(
                "<int:object_id>/act/<str:action_name>/",
                wrap(self.action_view),
                name="registrations_registration_action",
            ),
            path(
                "export/<int:edition_id>/<str:extension>/",
                wrap(self.export_edition_view),
                name="registrations_registration_export",
            ),
            path(
                "guest-list/<int:edition_id>/",
                wrap(partial(organizer_admin.guest_list_view, self)),
                name="registrations_registration_guest_list",
            ),
            path(
                "guest-list/<int:edition_id>/progress/<str:job>/",
                wrap(partial(organizer_admin.guest_list_progress_view, self)),
                name="registrations_registration_guest_list_progress",
            ),
            path(
                "statistics/<int:edition_id>/",
                wrap(partial(statistics_admin.statistics_view, self)),
                name="registrations_registration_statistics",
            ),
            path(
                "statistics/<int:edition_id>/<str:name>.svg",
                wrap(partial(statistics_admin.chart_view, self)),
                name="registrations_registration_statistics_chart",
            ),
            path(
                "statistics/<int:edition_id>/<str:name>.csv",
                wrap(partial(statistics_admin.csv_view, self)),
                name="registrations_registration_statistics_csv",
            ),
            path(
                "guest-list/template.csv",
                wrap(partial(organizer_admin.guest_list_template_view, self)),
                name="registrations_registration_guest_list_template",
            ),
            *super().get_urls(),
        ]


def _summary(entry):
    """A log entry's summary, one part a line."""
    parts = entry.summary()
    if not parts:
        return "—"
    return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))


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


def _undelivered_emails(request):
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


def _selection_filename(extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"registrations-{stamp}.{extension}"


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
        description=_("Fill free seats from the waiting list, in arrival order"),
        permissions=["change"],
    )
    def fill_seats(self, request, queryset):
        for registration_settings in queryset.select_related("edition__forum"):
            promoted = seats.registration_fill_seats(
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
