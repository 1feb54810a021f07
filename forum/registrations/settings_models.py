"""What an edition's registration is set to: the privacy notice registrants accept, the
window, capacity and guest reserve (RegistrationSettings, whose row is the seat lock), and the
quotas per attendee category. Imported by models.py; the rules are in configuration.py and
seats.py."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    TimeStampedModel,
    Translated,
)

from .enums import AttendeeCategory


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
