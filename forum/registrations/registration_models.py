"""A registration: one person's seat (or place on the waiting list) for one edition, with its
status, ticket and consent, and the QuerySet of its states. Imported by models.py; the rules are
in seats.py, door.py (check-in) and retention.py (anonymization)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint, TimeStampedModel

from .codes import new_checkin_code, new_token
from .enums import AttendeeCategory, ConsentMethod, RegistrationStatus, Seat
from .exceptions import AlreadyRegistered
from .settings_models import PrivacyNotice


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

    def waiting_to_confirm_email(self):
        """On the waiting list without having confirmed their e-mail: a seat given to them is
        held until they do."""
        return self.waitlisted().filter(must_confirm_email=True)

    def public_seats(self):
        """Seats counted in the public capacity (not the organizers' guest reserve)."""
        return self.filter(seat=Seat.PUBLIC)

    def reserved_seats(self):
        return self.filter(seat=Seat.RESERVE)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def in_line_order(self, *grouped_by):
        """The waiting list's order, first in line first (Registration.in_line_since), within
        the groups of the fields `grouped_by` if any."""
        return self.order_by(*grouped_by, "in_line_since", "pk")

    def ahead_in_line_at(self, in_line_since, pk):
        """The registrations before the place in line of (`in_line_since`, `pk`), and that one:
        values, or OuterRefs to a registration of an outer query."""
        return self.filter(in_line_since__lte=in_line_since).exclude(
            in_line_since=in_line_since, pk__gt=pk
        )


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
    in_line_since = models.DateTimeField(
        _("in line since"),
        default=timezone.now,
        help_text=_(
            "Orders the waiting list: when the person registered, or when a seat held for "
            "them lapsed unconfirmed and they went to the back of the line."
        ),
    )
    promoted_at = models.DateTimeField(_("promoted from waiting list at"), null=True, blank=True)
    confirm_email_by = models.DateTimeField(
        _("e-mail to be confirmed by"),
        null=True,
        blank=True,
        help_text=_("While the seat is held for an e-mail confirmation: when it is released."),
    )
    must_confirm_email = models.BooleanField(
        _("e-mail to be confirmed"),
        default=False,
        help_text=_(
            "Registered on the public form of an edition that asks for an e-mail confirmation, "
            "and not confirmed yet: a seat given to this registrant is held until they confirm."
        ),
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
                condition=~Q(status=RegistrationStatus.UNCONFIRMED) | Q(must_confirm_email=True),
                name="registration_held_seat_awaits_confirmation",
                violation_error_field="must_confirm_email",
                violation_error_message=_(
                    "A seat is held only for a registrant whose e-mail is still to be confirmed."
                ),
                violation_error_code="hold_without_confirmation",
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
            # Every column the seat counts under the edition's lock read (seat_lock.has_seat),
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
