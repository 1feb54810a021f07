"""Check-in lists and check-ins (imported by models.py, so Django finds them).

Modelled on pretix's `CheckinList` and `Checkin`: an edition has several lists (the main hall,
an afternoon session, the dinner), each admitting some attendee categories; a check-in belongs
to one list, so one registration is admitted once per list. A check-in is never deleted: an
undo marks it undone, with a reason, and the registration's log records it. A scan made by a
door device while offline carries a nonce (so a sync sent twice is recorded once) and, when
another device had already admitted the same code, is kept as a *duplicate*: the report of
codes admitted twice lists those.

The edition's default list is the main entrance: `Registration.checked_in_at` mirrors its
active check-in, which is what exports, the ticket page and the statistics read.

A check-in code replaced because it went to a mailbox that is not the registrant's (an
organizer corrected the address: ticket_secrets.py) is kept as retired, like pretix's
`RevokedTicketSecret`: the door then refuses it saying it was replaced, rather than as a code
nobody has, and the door devices' copies of the list carry it so they refuse it offline too.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint, Translated

from .enums import AttendeeCategory


def validate_categories(value):
    if not isinstance(value, list) or any(item not in AttendeeCategory.values for item in value):
        raise ValidationError(_("Choose attendee categories from the list."), code="categories")


class CheckInListQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition).order_by("-is_default", "position", "pk")


class CheckInList(models.Model):
    """Where people are admitted: a room or a session of one edition, for some categories."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="checkin_lists",
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    categories = models.JSONField(
        _("categories admitted"),
        default=list,
        blank=True,
        validators=[validate_categories],
        help_text=_("None chosen: every category."),
    )
    is_default = models.BooleanField(
        _("main entrance"),
        default=False,
        help_text=_("The list the ticket, exports and statistics call 'checked in'."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Translated()

    objects = CheckInListQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        ordering = ["edition", "-is_default", "position", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition"],
                condition=Q(is_default=True),
                name="checkin_list_one_default_per_edition",
                violation_error_field="edition",
                violation_error_message=_("This edition already has a main entrance list."),
                violation_error_code="default_list_taken",
            ),
            FieldUniqueConstraint(
                fields=["edition", "name_zh"],
                name="checkin_list_unique_name",
                violation_error_field="name_zh",
                violation_error_message=_("This edition already has a list with this name."),
                violation_error_code="list_name_taken",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.name}"

    def admits(self, category):
        return not self.categories or category in self.categories

    def categories_display(self):
        if not self.categories:
            return str(_("Every category"))
        return ", ".join(str(AttendeeCategory(c).label) for c in self.categories)


class CheckInQuerySet(models.QuerySet):
    def active(self):
        """Admissions that stand: not undone, not a duplicate of another device's."""
        return self.filter(undone_at__isnull=True, duplicate=False)

    def duplicates(self):
        return self.filter(duplicate=True)


class CheckIn(models.Model):
    """One admission of one registration on one list."""

    checkin_list = models.ForeignKey(
        CheckInList,
        verbose_name=_("check-in list"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    at = models.DateTimeField(_("checked in at"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    device = models.CharField(_("door device"), max_length=40, blank=True)
    nonce = models.CharField(
        _("scan id"),
        max_length=64,
        blank=True,
        help_text=_("Sent by a door device with an offline scan, so a second sync adds nothing."),
    )
    offline = models.BooleanField(_("scanned offline"), default=False)
    duplicate = models.BooleanField(
        _("admitted twice"),
        default=False,
        help_text=_("Another device had already admitted this code on this list."),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.CharField(_("reason for the undo"), max_length=200, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["checkin_list", "registration"],
                condition=Q(undone_at__isnull=True, duplicate=False),
                name="checkin_once_per_list",
                violation_error_field="registration",
                violation_error_message=_("This registration is already checked in on this list."),
                violation_error_code="already_checked_in",
            ),
            FieldUniqueConstraint(
                fields=["nonce"],
                condition=~Q(nonce=""),
                name="checkin_unique_nonce",
                violation_error_field="nonce",
                violation_error_message=_("This scan was already recorded."),
                violation_error_code="nonce_taken",
            ),
            FieldCheckConstraint(
                condition=Q(undone_at__isnull=True, undo_reason="")
                | (Q(undone_at__isnull=False) & ~Q(undo_reason="")),
                name="checkin_undo_has_reason",
                violation_error_field="undo_reason",
                violation_error_message=_("An undone check-in says why it was undone."),
                violation_error_code="undo_without_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["checkin_list", "undone_at"], name="checkin_list_counts"),
        ]

    def __str__(self):
        return f"{self.checkin_list} · {self.registration_id}"


class RetiredCheckInCode(models.Model):
    """A check-in code that admits nobody any more: it was replaced (ticket_secrets.py)."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="retired_checkin_codes",
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="retired_checkin_codes",
    )
    code = models.CharField(_("check-in code"), max_length=12)
    retired_at = models.DateTimeField(_("replaced at"))

    class Meta:
        verbose_name = _("replaced check-in code")
        verbose_name_plural = _("replaced check-in codes")
        ordering = ["-retired_at", "-pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "code"],
                name="retired_checkin_code_unique",
                violation_error_field="code",
                violation_error_message=_("This check-in code was already replaced."),
                violation_error_code="code_retired_twice",
            ),
        ]

    def __str__(self):
        return f"{self.edition_id} · {self.registration_id}"
