"""Invitation codes of invitation-only editions. Imported by models.py; the rules (a code's
uses, its category and its seats) are applied under the edition's lock in seats.py."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint, TimeStampedModel

from .codes import new_checkin_code
from .enums import AttendeeCategory


class InvitationCode(TimeStampedModel):
    """A code that lets its holders register for an invitation-only edition: single-use
    (max_uses 1) or for up to max_uses registrations; optionally it registers its holders in
    one category, and gives them at most `seats` confirmed seats (the others wait)."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="invitation_codes",
    )
    code = models.CharField(
        _("code"),
        max_length=32,
        default=new_checkin_code,
        help_text=_("Letters and digits; case and spaces do not matter."),
    )
    label = models.CharField(
        _("for whom"), max_length=200, blank=True, help_text=_("A note for organizers only.")
    )
    max_uses = models.PositiveIntegerField(
        _("registrations allowed"), default=1, help_text=_("1: a single-use code.")
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=AttendeeCategory.choices,
        blank=True,
        help_text=_("Blank: the registrant chooses."),
    )
    seats = models.PositiveIntegerField(
        _("seats (quota)"),
        null=True,
        blank=True,
        help_text=_(
            "At most this many confirmed seats for this code's registrants; the others join "
            "the waiting list. Blank: no quota of its own."
        ),
    )

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["edition", "code"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "code"],
                name="invitation_code_unique_per_edition",
                violation_error_field="code",
                violation_error_message=_("This edition already has this invitation code."),
                violation_error_code="invitation_code_taken",
            ),
            FieldCheckConstraint(
                condition=Q(max_uses__gte=1),
                name="invitation_code_used_at_least_once",
                violation_error_field="max_uses",
                violation_error_message=_("A code allows at least one registration."),
                violation_error_code="invitation_code_no_use",
            ),
            FieldCheckConstraint(
                condition=Q(category="") | Q(category__in=AttendeeCategory.values),
                name="invitation_code_category_valid",
                violation_error_field="category",
                violation_error_message=_("Choose one of the attendee categories."),
                violation_error_code="invalid_category",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.label})" if self.label else self.code

    def save(self, *args, **kwargs):
        self.code = normalize_invitation_code(self.code)
        super().save(*args, **kwargs)


def normalize_invitation_code(raw):
    """As stored and compared: upper case, letters and digits only."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())
