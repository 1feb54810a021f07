"""Attendee registration: the privacy notice accepted, each edition's settings and quotas, the
registrations themselves and the outbox of e-mails owed to registrants.

Rules live in services.py (seats), door.py (check-in) and retention.py (anonymization); reads
in selectors.py.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    TimeStampedModel,
    Translated,
)

from .codes import new_checkin_code, new_token
from .enums import (
    Actor,
    AttendeeCategory,
    ConsentMethod,
    EmailKind,
    EmailStatus,
    EmailTiming,
    LogAction,
    RegistrationStatus,
    Seat,
)
from .exceptions import AlreadyRegistered


class PrivacyNoticeQuerySet(models.QuerySet):
    def in_force(self, at=None):
        return self.filter(effective_from__lte=at or timezone.now()).order_by("-effective_from")


class PrivacyNotice(TimeStampedModel):
    """A versioned notice under PIPL: purpose, retention, who sees the data.

    A published version is never edited: write a new version. Each registration records the
    version its registrant accepted.
    """

    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateTimeField(_("in force from"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_zh = models.TextField(_("text (Chinese)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    retention_days = models.PositiveIntegerField(
        _("retention (days after the edition)"),
        default=365,
        help_text=_("Registrations are anonymized this many days after their edition ends."),
    )

    title = Translated()
    body = Translated()

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.title_zh} ({self.version})"


class RegistrationSettings(TimeStampedModel):
    """Registration of one edition: window, capacity, the notice to accept.

    Its row is the lock every seat-changing write takes (select_for_update).
    """

    edition = models.OneToOneField(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="registration_settings",
    )
    opens_at = models.DateTimeField(_("registration opens"))
    closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("capacity (seats)"))
    reserved_seats = models.PositiveIntegerField(
        _("guest reserve (seats)"),
        default=0,
        help_text=_(
            "Seats outside the public capacity that only organizers assign (invited guests, "
            "speakers, delegations); counted apart, never open to the public form."
        ),
    )
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Blank: the newest notice in force."),
    )
    approval_required = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_(
            "Registrations wait as pending until an organizer approves them (then they take a "
            "seat or join the waiting list) or declines them."
        ),
    )
    invitation_only = models.BooleanField(
        _("invitation only"),
        default=False,
        help_text=_("Only holders of one of the edition's invitation codes can register."),
    )
    email_confirmation_minutes = models.PositiveIntegerField(
        _("e-mail confirmation within (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Blank: no e-mail confirmation. Otherwise a registrant of the public form who gets "
            "a seat must confirm their e-mail address by its link within this many minutes "
            "(e.g. 1440 for a day); until then the seat is held, and then it goes to the "
            "waiting list. Guests registered by organizers and approved registrations need no "
            "confirmation."
        ),
    )
    is_demo = models.BooleanField(
        _("demo settings"),
        default=False,
        help_text=_("Set by load_demo; replace with the real window and capacity."),
    )

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")
        constraints = [
            FieldCheckConstraint(
                condition=Q(capacity__gte=0),
                name="registration_settings_capacity_non_negative",
                violation_error_field="capacity",
                violation_error_message=_("The capacity cannot be negative."),
                violation_error_code="negative_capacity",
            ),
            FieldCheckConstraint(
                condition=Q(reserved_seats__gte=0),
                name="registration_settings_reserve_non_negative",
                violation_error_field="reserved_seats",
                violation_error_message=_("The guest reserve cannot be negative."),
                violation_error_code="negative_reserve",
            ),
            FieldCheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="registration_settings_closes_after_opens",
                violation_error_field="closes_at",
                violation_error_message=_("Registration must close after it opens."),
                violation_error_code="closes_before_opens",
            ),
            FieldCheckConstraint(
                condition=Q(email_confirmation_minutes__isnull=True)
                | Q(email_confirmation_minutes__gt=0),
                name="registration_settings_confirmation_time_positive",
                violation_error_field="email_confirmation_minutes",
                violation_error_message=_(
                    "Give at least one minute to confirm the e-mail, or leave it blank."
                ),
                violation_error_code="confirmation_time_not_positive",
            ),
        ]

    def __str__(self):
        return str(self.edition)


class CategoryQuota(models.Model):
    """At most `quota` confirmed seats for one attendee category (inside the capacity)."""

    settings = models.ForeignKey(
        RegistrationSettings,
        verbose_name=_("registration settings"),
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    quota = models.PositiveIntegerField(_("quota (seats)"))

    class Meta:
        verbose_name = _("category quota")
        verbose_name_plural = _("category quotas")
        ordering = ["settings", "category"]
        constraints = [
            FieldUniqueConstraint(
                fields=["settings", "category"],
                name="category_quota_unique_category",
                violation_error_field="category",
                violation_error_message=_("This category already has a quota."),
                violation_error_code="category_quota_taken",
            ),
            FieldCheckConstraint(
                condition=Q(quota__gte=0),
                name="category_quota_non_negative",
                violation_error_field="quota",
                violation_error_message=_("A quota cannot be negative."),
                violation_error_code="negative_quota",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.quota}"


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def holding_seats(self):
        """Taking a seat: confirmed, or held until the registrant confirms their e-mail."""
        return self.filter(status__in=RegistrationStatus.holding_seat())

    def unconfirmed(self):
        """Seats held for an e-mail confirmation."""
        return self.filter(status=RegistrationStatus.UNCONFIRMED)

    def hold_expired(self, now):
        return self.unconfirmed().filter(confirm_email_by__lte=now)

    def public_seats(self):
        """Seats counted in the public capacity (not the organizers' guest reserve)."""
        return self.filter(seat=Seat.PUBLIC)

    def reserved_seats(self):
        return self.filter(seat=Seat.RESERVE)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def in_arrival_order(self):
        return self.order_by("created_at", "pk")


class Registration(TimeStampedModel):
    """One person's registration for one edition. Personal data: organizers only."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    # The mailbox `email` reaches (addresses.normalize_email), unique per edition among live
    # registrations; set by registration_create, blank once anonymized.
    email_normalized = models.CharField(
        _("e-mail (normalized)"), max_length=320, blank=True, editable=False
    )
    mobile = models.CharField(
        _("mobile"), max_length=20, blank=True, help_text=_("Stored in E.164 (+8613812345678).")
    )
    organization = models.CharField(_("organization"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    sectors = models.ManyToManyField(
        "metrics.Sector",
        verbose_name=_("sectors of interest"),
        blank=True,
        related_name="registrations",
    )
    needs = models.TextField(_("accessibility or dietary needs"), blank=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("accepted privacy notice"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    consented_at = models.DateTimeField(_("consent given at"))
    token = models.CharField(
        _("ticket token"), max_length=64, unique=True, default=new_token, editable=False
    )
    checkin_code = models.CharField(_("check-in code"), max_length=12, default=new_checkin_code)
    promoted_at = models.DateTimeField(_("promoted from waiting list at"), null=True, blank=True)
    confirm_email_by = models.DateTimeField(
        _("e-mail to be confirmed by"),
        null=True,
        blank=True,
        help_text=_("While the seat is held for an e-mail confirmation: when it is released."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    invitation = models.ForeignKey(
        "registrations.InvitationCode",
        verbose_name=_("invitation code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    # Registered by an organizer (admin, guest list): the seat's count, how consent was
    # obtained and who noted it, and an e-mail held back until the organizer sends it.
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices, default=Seat.PUBLIC)
    consent_method = models.CharField(
        _("consent obtained"),
        max_length=12,
        choices=ConsentMethod.choices,
        default=ConsentMethod.FORM,
    )
    consent_note = models.CharField(
        _("consent note"),
        max_length=300,
        blank=True,
        help_text=_("When and how the person agreed, e.g. “by phone on 2 May 2026”."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by_name = models.CharField(
        _("registered by (name)"),
        max_length=150,
        blank=True,
        help_text=_("The organizer who registered the person; kept when the account is deleted."),
    )
    email_held = models.BooleanField(
        _("e-mail held"),
        default=False,
        help_text=_("The organizer holds the ticket e-mail back; resending it sends it."),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["edition_id", "created_at", "pk"]  # no join to edition and forum
        permissions = [
            ("check_in_registration", _("Can check attendees in at the door")),
            ("export_registration", _("Can export attendee lists")),
        ]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "email_normalized"],
                condition=~Q(status=RegistrationStatus.CANCELLED) & Q(anonymized_at__isnull=True),
                name="registration_unique_live_mailbox",
                violation_error_field="email_normalized",
                violation_error_message=AlreadyRegistered.default_message,
                violation_error_code=AlreadyRegistered.code,
            ),
            FieldUniqueConstraint(
                fields=["edition", "checkin_code"],
                name="registration_unique_checkin_code",
                violation_error_field="checkin_code",
                violation_error_message=_(
                    "Another registration for this edition has this check-in code."
                ),
                violation_error_code="checkin_code_taken",
            ),
            FieldCheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
                violation_error_field="status",
                violation_error_message=_("Choose one of the registration statuses."),
                violation_error_code="invalid_status",
            ),
            FieldCheckConstraint(
                condition=Q(category__in=AttendeeCategory.values),
                name="registration_category_valid",
                violation_error_field="category",
                violation_error_message=_("Choose one of the attendee categories."),
                violation_error_code="invalid_category",
            ),
            FieldCheckConstraint(
                condition=Q(seat__in=Seat.values),
                name="registration_seat_valid",
                violation_error_field="seat",
                violation_error_message=_("Choose the public capacity or the guest reserve."),
                violation_error_code="invalid_seat",
            ),
            FieldCheckConstraint(
                condition=~Q(seat=Seat.RESERVE, status=RegistrationStatus.WAITLISTED),
                name="registration_reserve_never_waits",
                violation_error_field="seat",
                violation_error_message=_(
                    "A seat in the guest reserve is confirmed or cancelled, never on the "
                    "waiting list."
                ),
                violation_error_code="reserve_waitlisted",
            ),
            FieldCheckConstraint(
                condition=~Q(status=RegistrationStatus.UNCONFIRMED)
                | Q(confirm_email_by__isnull=False, seat=Seat.PUBLIC),
                name="registration_held_seat_has_deadline",
                violation_error_field="confirm_email_by",
                violation_error_message=_(
                    "A seat held for an e-mail confirmation is a public seat with the time it "
                    "is held until."
                ),
                violation_error_code="hold_without_deadline",
            ),
            FieldCheckConstraint(
                condition=Q(consent_method__in=ConsentMethod.values),
                name="registration_consent_method_valid",
                violation_error_field="consent_method",
                violation_error_message=_("Choose how consent was obtained."),
                violation_error_code="invalid_consent_method",
            ),
            FieldCheckConstraint(
                condition=Q(consent_method=ConsentMethod.FORM) | ~Q(registered_by_name=""),
                name="registration_consent_noted_by_organizer",
                violation_error_field="registered_by_name",
                violation_error_message=_(
                    "Consent obtained other than on the public form names the organizer who "
                    "noted it."
                ),
                violation_error_code="consent_unnoted",
            ),
        ]
        indexes = [
            # Every column the seat counts under the edition's lock read (services._has_seat),
            # so PostgreSQL counts from the index alone, not the table's rows.
            models.Index(
                fields=["edition", "status", "category", "seat", "invitation"],
                name="registration_seat_count",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.checkin_code}"

    def get_absolute_url(self):
        return reverse("registration:ticket", kwargs={"token": self.token})


class RegistrationLogEntryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class RegistrationLogEntry(models.Model):
    """One action on registration: who, when, what. Modelled on pretix's
    `order.log_action("pretix.event.checkin", user=…, data=…)`: written by the services
    (`audit.log_action`) in the transaction of the action itself, never edited afterwards.

    An entry is about one registration, or — for an export and a deletion — about its edition
    only. `data` holds what the action changed and no more personal data than that:

    - `changes`: {field: [before, after]} for the fields the action changed. A correction keeps
      the old and new name, organization and title (what a badge prints); for the mobile
      number and the needs (contact and health data) it keeps only that they changed
      ([null, null]).
    - `reason` of a promotion: `by_hand`, `seat_freed` (the rules filled a freed seat) or
      `fill_seats` (an organizer filled free seats); `over_capacity` when promoted past it.
    - `kind` of an e-mail sent again, or of a failed one retried.
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

    objects = RegistrationLogEntryQuerySet.as_manager()

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
    if name.endswith("_at"):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return str(value)


class RegistrationEmailQuerySet(models.QuerySet):
    def owed(self):
        """Not sent yet and waiting for a worker: new, or failed and to be retried."""
        return self.filter(status__in=EmailStatus.owed())

    def undelivered(self):
        """What organizers should look at: failed (being retried) or given up."""
        return self.filter(status__in=[EmailStatus.FAILED, EmailStatus.GAVE_UP])


class RegistrationEmail(TimeStampedModel):
    """The outbox: one row per e-mail owed to a registrant, kept until it is sent.

    A failed send stays here (FAILED) and is retried, so a mail outage never loses a message.
    A worker sending it claims it first (SENDING, with the claim's time): see tasks.py.
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=EmailKind.choices)
    # The message (or reminder) a `message` e-mail carries: see message_models.py.
    message = models.ForeignKey(
        "registrations.Message",
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Notices only."),
    )
    body = models.TextField(
        _("text"), blank=True, default="", db_default="", help_text=_("Notices only.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    claimed_at = models.DateTimeField(
        _("being sent since"),
        null=True,
        blank=True,
        help_text=_("Set while a worker sends it; an old claim means that worker stopped."),
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, default=timezone.now
    )
    site_url = models.CharField(
        _("site address for links"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The address the request that owed it came to; blank: SITE_URL."),
    )

    objects = RegistrationEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration e-mail")
        verbose_name_plural = _("registration e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["message", "registration"],
                condition=Q(message__isnull=False),
                name="registration_email_one_per_message",
                violation_error_field="message",
                violation_error_message=_("This registrant already has this message."),
                violation_error_code="message_twice",
            ),
            FieldCheckConstraint(
                condition=Q(status__in=EmailStatus.values),
                name="registration_email_status_valid",
                violation_error_field="status",
                violation_error_code="unknown_email_status",
                violation_error_message=_("This is not a known e-mail status."),
            ),
            FieldCheckConstraint(
                condition=(
                    Q(status=EmailStatus.SENDING, claimed_at__isnull=False)
                    | (~Q(status=EmailStatus.SENDING) & Q(claimed_at__isnull=True))
                ),
                name="registration_email_claimed_while_sending",
                violation_error_field="claimed_at",
                violation_error_code="claim_without_sending",
                violation_error_message=_(
                    "An e-mail has a claim time while it is being sent, and only then."
                ),
            ),
        ]
        indexes = [
            # The worker's sweep looks for what is owed or stuck; sent rows are most of the table.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="registration_email_owed",
                condition=Q(
                    status__in=[EmailStatus.PENDING, EmailStatus.SENDING, EmailStatus.FAILED]
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_status_display()}"


# Custom questions of an edition's form and their answers (rules in questions.py).
# Check-in lists and check-ins live in their own module; imported here so Django registers them.
from .door_models import CheckIn, CheckInList  # noqa: E402, F401
from .invitation_models import InvitationCode  # noqa: E402, F401
from .message_models import Message, MessageOptOut, Reminder  # noqa: E402, F401
from .question_models import Answer, Question, QuestionKind  # noqa: E402, F401
