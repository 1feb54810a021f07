"""The organizers' admin for registrations: lists, actions that call the services, exports and
a per-edition dashboard.

Registrant data is for organizers only: the Editors group has no permission on these models,
so none of these pages (nor the export and dashboard views) opens for them.
"""

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.common.admin import TIMESTAMP_FIELDS

from . import (  # noqa: F401 (the *_admin modules register their models)
    admin_actions,
    configuration,
    details,
    door_admin,
    email_admin,
    export_admin,
    invitation_admin,
    log_admin,
    message_admin,
    organizer_admin,
    outbox,
    permissions,
    promotion,
    seats,
    settings_admin,
    statistics_admin,
    verification,
)
from .admin_filters import CheckedInFilter, EditionFilter
from .email_admin import RegistrationEmailInline
from .enums import EmailKind, RegistrationStatus
from .exceptions import RegistrationError
from .log_admin import RegistrationLogEntryInline
from .models import Registration, RegistrationEmail, RegistrationLogEntry
from .question_admin import AnswerFilter, AnswerInline
from .selectors import registration_dashboard
from .verification_admin import HeldSeatFilter, status_with_deadline


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
                    "must_confirm_email",
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
                    "in_line_since",
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
        "must_confirm_email",
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
        "in_line_since",
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
        saved = details.registration_details_save(registration=obj, by=request.user)
        if saved.confirmation_link_sent:
            self.message_user(
                request,
                _("A new e-mail confirmation link was sent to %(email)s.") % {"email": obj.email},
                messages.INFO,
            )
        if saved.secrets is not None:
            self._tell_secrets_replaced(request, obj, saved.secrets)

    def _tell_secrets_replaced(self, request, registration, secrets):
        self.message_user(
            request,
            _("The ticket has a new link: a link sent to the former address no longer works."),
            messages.INFO,
        )
        if secrets.checkin_code:
            self.message_user(
                request,
                _(
                    "The check-in code sent to the former address was replaced: the door "
                    "refuses it. A badge printed before carries the old code: print it again."
                ),
                messages.WARNING,
            )
        if secrets.email_kind == EmailKind.CONFIRMATION:
            sent = _("The ticket, with its new link and check-in code, was sent to %(email)s.")
        elif secrets.email_kind is not None:
            sent = _("The e-mail “%(kind)s”, with the new ticket link, was sent to %(email)s.")
        else:
            return
        self.message_user(
            request,
            sent % {"email": registration.email, "kind": secrets.email_kind.label},
            messages.INFO,
        )

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
        description=_("Confirm the e-mail by hand (a held seat becomes confirmed)"),
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
            promotion.registration_promote,
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
        return export_admin.selection_download(
            queryset=queryset, file_format="csv", by=request.user
        )

    @admin.action(
        description=_("Export the selected registrations as XLSX"), permissions=["export"]
    )
    def export_xlsx(self, request, queryset):
        return export_admin.selection_download(
            queryset=queryset, file_format="xlsx", by=request.user
        )

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
            "emails": email_admin.undelivered_emails(request),
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
                wrap(partial(export_admin.edition_export_view, self)),
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
