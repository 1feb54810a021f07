"""What organizers see of the seats held for an e-mail confirmation (verification.py): a
filter, the status with the time it is held until, and confirming by hand."""

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .enums import RegistrationStatus


class HeldSeatFilter(admin.SimpleListFilter):
    title = _("e-mail confirmation")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [
            ("held", _("Seat held, awaiting confirmation")),
            ("expired", _("Time up, release pending")),
            ("waiting", _("Waiting list, e-mail not confirmed yet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "held":
            return queryset.unconfirmed()
        if self.value() == "expired":
            return queryset.hold_expired(timezone.now())
        if self.value() == "waiting":
            return queryset.waiting_to_confirm_email()
        return queryset


def status_with_deadline(registration):
    """The status, and for a held seat the time it is held until (on the waiting list, that the
    e-mail is still to be confirmed)."""
    status = registration.get_status_display()
    if registration.status == RegistrationStatus.WAITLISTED and registration.must_confirm_email:
        return format_html(
            '{}<br><span class="registrant-organization">{}</span>',
            status,
            _("e-mail not confirmed yet"),
        )
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return status
    until = formats.date_format(
        timezone.localtime(registration.confirm_email_by), "SHORT_DATETIME_FORMAT"
    )
    return format_html(
        '{}<br><span class="registrant-organization">{}</span>',
        status,
        _("held until %(time)s") % {"time": until},
    )
