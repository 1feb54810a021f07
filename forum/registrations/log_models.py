"""The registration log: one entry per action on a registration or its edition (who, when,
what), and the summary organizers read of each. Imported by models.py; written by audit.py."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint

from .enums import (
    Actor,
    AttendeeCategory,
    ConsentMethod,
    EmailKind,
    EmailTiming,
    LogAction,
    RegistrationStatus,
    Seat,
)
from .registration_models import Registration


class RegistrationLogEntry(models.Model):
    """One action on registration: who, when, what. Modelled on pretix's
    `order.log_action("pretix.event.checkin", user=…, data=…)`: written by the services
    (`audit.log_action`) in the transaction of the action itself, never edited afterwards.

    An entry is about one registration, or — for an export and a deletion — about its edition
    only. `data` holds what the action changed and no more personal data than that:

    - `changes`: {field: [before, after]} for the fields the action changed. A correction keeps
      the old and new name, organization and title (what a badge prints); for the mobile
      number and the needs (contact and health data) it keeps only that they changed
      ([null, null]), and so for the ticket token and the check-in code a corrected address
      replaced (secrets: ticket_secrets.py).
    - `reason` of a promotion: `by_hand`, `seat_freed` (the rules filled a freed seat) or
      `fill_seats` (an organizer filled free seats); `over_capacity` when promoted past it.
    - `kind` of an e-mail sent again, or of a failed one retried, or sent to the corrected
      address with the new secrets.
    - `format`, `rows`, `scope` (`edition` or `selection`) and `registrations` (ids) of an
      export; `registration`, `status` and `category` of a deleted registration.

    Anonymization (retention.py) scrubs the kept values; a registration's deletion takes its
    entries with it, leaving one entry on the edition that says a registration was deleted.
    """

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="registration_log_entries",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    action = models.CharField(_("action"), max_length=40, choices=LogAction.choices)
    actor_kind = models.CharField(_("by"), max_length=12, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        _("staff user name"),
        max_length=150,
        blank=True,
        help_text=_("Kept when the account is deleted."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    data = models.JSONField(_("what"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("registration log entry")
        verbose_name_plural = _("registration log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["registration", "-created_at"], name="registration_log_history"),
            models.Index(
                fields=["edition", "action", "-created_at"], name="registration_log_edition"
            ),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(action__in=LogAction.values),
                name="registration_log_action_valid",
                violation_error_field="action",
                violation_error_message=_("Choose one of the recorded actions."),
                violation_error_code="invalid_action",
            ),
            FieldCheckConstraint(
                condition=Q(actor_kind__in=Actor.values),
                name="registration_log_actor_kind_valid",
                violation_error_field="actor_kind",
                violation_error_message=_("Choose who acted."),
                violation_error_code="invalid_actor_kind",
            ),
            FieldCheckConstraint(
                condition=(Q(actor_kind=Actor.STAFF) & ~Q(actor_name=""))
                | (~Q(actor_kind=Actor.STAFF) & Q(actor__isnull=True, actor_name="")),
                name="registration_log_staff_named",
                violation_error_field="actor_name",
                violation_error_message=_(
                    "An action by staff names the account; another action names none."
                ),
                violation_error_code="actor_unnamed",
            ),
            FieldCheckConstraint(
                condition=(Q(registration__isnull=True) & Q(action__in=LogAction.edition_level()))
                | (Q(registration__isnull=False) & ~Q(action__in=LogAction.edition_level())),
                name="registration_log_registration_per_action",
                violation_error_field="registration",
                violation_error_message=_(
                    "Exports and deletions are recorded on the edition, every other action on "
                    "its registration."
                ),
                violation_error_code="registration_per_action",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.get_action_display()} · {self.actor_display} · {when}"

    @property
    def actor_display(self):
        """The staff user's name (kept after the account is gone), else who acted."""
        if self.actor_kind == Actor.STAFF:
            return self.actor_name
        return self.get_actor_kind_display()

    def summary(self):
        """What the action did, in the active language, one line a part:
        ["status: Waiting list → Confirmed", "a seat was freed"]."""
        data = self.data or {}
        parts = [_change_text(name, values) for name, values in data.get("changes", {}).items()]
        if self.action == LogAction.PROMOTED:
            parts.append(str(PROMOTION_REASONS.get(data.get("reason"), "")))
            if data.get("over_capacity"):
                parts.append(str(_("over the capacity")))
        elif (
            self.action in (LogAction.EMAIL_RESENT, LogAction.EMAIL_RETRIED)
            and data.get("kind") in EmailKind.values
        ):
            parts.append(str(EmailKind(data["kind"]).label))
        elif self.action == LogAction.DETAILS_CHANGED and data.get("kind") in EmailKind.values:
            parts.append(
                _("e-mail sent to the corrected address: %(kind)s")
                % {"kind": EmailKind(data["kind"]).label}
            )
        elif self.action in (LogAction.CHECKED_IN, LogAction.CHECKIN_UNDONE):
            parts.extend(_checkin_parts(data))
        elif self.action == LogAction.REGISTERED_BY_STAFF:
            parts.append(_choice_label(Seat, data.get("seat")))
            parts.append(
                _("consent: %(method)s")
                % {"method": _choice_label(ConsentMethod, data.get("consent_method"))}
            )
            parts.append(_choice_label(EmailTiming, data.get("email")))
        elif self.action == LogAction.EXPORTED:
            parts.append(
                ngettext("%(format)s, %(rows)d row", "%(format)s, %(rows)d rows", data["rows"])
                % {"format": str(data.get("format", "")).upper(), "rows": data["rows"]}
            )
            parts.append(str(EXPORT_SCOPES.get(data.get("scope"), "")))
        elif self.action == LogAction.DELETED:
            parts.append(
                _("registration %(id)s: %(status)s, %(category)s")
                % {
                    "id": data.get("registration", "?"),
                    "status": _choice_label(RegistrationStatus, data.get("status")),
                    "category": _choice_label(AttendeeCategory, data.get("category")),
                }
            )
        return [part for part in parts if part]


PROMOTION_REASONS = {
    "by_hand": _("by hand"),
    "seat_freed": _("a seat was freed"),
    "fill_seats": _("free seats filled from the waiting list"),
}
EXPORT_SCOPES = {
    "edition": _("the whole edition"),
    "selection": _("a selection"),
}
# Fields a log entry names: their choices are shown with their labels.
_CHOICES = {"status": RegistrationStatus, "category": AttendeeCategory}


def _checkin_parts(data):
    """The list of a check-in or its undo, its reason, and whether it was a second admission."""
    parts = []
    if data.get("list"):
        name = data.get("list_en") if get_language() == "en" else ""
        parts.append(_("list: %(list)s") % {"list": name or data["list"]})
    if data.get("reason"):
        parts.append(_("reason: %(reason)s") % {"reason": data["reason"]})
    if data.get("duplicate"):
        parts.append(str(_("admitted twice (two door devices)")))
    return parts


def _choice_label(choices, value):
    return str(choices(value).label) if value in choices.values else (value or "—")


def _change_text(name, values):
    try:
        label = Registration._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        label = name
    before, after = values
    if before is None and after is None:
        return _("%(field)s changed (values not kept)") % {"field": label}
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": label,
        "before": _shown(name, before),
        "after": _shown(name, after),
    }


def _shown(name, value):
    if value is None or value == "":
        return "—"
    if name in _CHOICES:
        return _choice_label(_CHOICES[name], value)
    if name.endswith(("_at", "_since")):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return str(value)
