"""Matchmaking of one edition: settings and rounds, the slots they make, participants'
profiles, meeting requests and the meetings they become once placed in a slot at a table.

The rules that fit a row are constraints here (with their message on a field); the rules
across rows (same edition, opposite sides, the request limit) are in services.py."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    TimeStampedModel,
    Translated,
)
from forum.registrations.enums import RegistrationStatus

from .enums import RequestStatus, Side, Stage, TicketBand


class MatchmakingSettings(TimeStampedModel):
    """Whether an edition offers matchmaking, its limits and its tables."""

    edition = models.OneToOneField(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="matchmaking_settings",
    )
    is_open = models.BooleanField(
        _("open to participants"),
        default=False,
        help_text=_("Confirmed registrants may opt in, browse and send requests."),
    )
    max_requests = models.PositiveSmallIntegerField(
        _("requests per person"),
        default=10,
        help_text=_("How many meeting requests one participant may send."),
    )
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    tables = models.PositiveSmallIntegerField(_("tables"), default=10)
    checkin_cutoff = models.DateTimeField(
        _("check-in cut-off"),
        null=True,
        blank=True,
        help_text=_(
            "Meetings of participants not checked in by then are cancelled and the other "
            "side is told."
        ),
    )

    class Meta:
        verbose_name = _("matchmaking settings")
        verbose_name_plural = _("matchmaking settings")
        constraints = [
            FieldCheckConstraint(
                condition=Q(slot_minutes__gte=5),
                name="matchmaking_slot_at_least_5_minutes",
                violation_error_field="slot_minutes",
                violation_error_message=_("A slot lasts at least 5 minutes."),
                violation_error_code="slot_too_short",
            ),
            FieldCheckConstraint(
                condition=Q(tables__gte=1),
                name="matchmaking_at_least_one_table",
                violation_error_field="tables",
                violation_error_message=_("There must be at least one table."),
                violation_error_code="no_table",
            ),
        ]

    def __str__(self):
        return str(self.edition)


class Round(models.Model):
    """A stretch of time given to meetings (14:00–17:00), cut into slots of the set length."""

    settings = models.ForeignKey(
        MatchmakingSettings,
        verbose_name=_("matchmaking settings"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("meeting round")
        verbose_name_plural = _("meeting rounds")
        ordering = ["starts_at"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="matchmaking_round_ends_after_start",
                violation_error_field="ends_at",
                violation_error_message=_("A round must end after it starts."),
                violation_error_code="round_ends_before_start",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class SlotQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition).order_by("starts_at")


class Slot(models.Model):
    """One meeting time of an edition; made from the rounds by services.slots_rebuild."""

    edition = models.ForeignKey(
        "forum.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["edition_id", "starts_at"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "starts_at"],
                name="matchmaking_slot_unique_start",
                violation_error_field="starts_at",
                violation_error_message=_("The edition already has a slot at this time."),
                violation_error_code="slot_taken",
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class ParticipantQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition)

    def visible(self):
        """Profiles others may see: their registration is still confirmed."""
        return self.filter(
            registration__status=RegistrationStatus.CONFIRMED, registration__anonymized_at=None
        )


class Participant(TimeStampedModel):
    """A confirmed registrant's matchmaking profile, as an investor or a startup. Seen only by
    other participants of the same edition; contact details only across an accepted meeting."""

    registration = models.OneToOneField(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="matchmaking_participant",
    )
    edition = models.ForeignKey(
        "forum.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organization_zh = models.CharField(
        _("institution or project (Chinese)"), max_length=200, blank=True
    )
    organization_en = models.CharField(
        _("institution or project (English)"), max_length=200, blank=True
    )
    looking_for_zh = models.TextField(
        _("what you look for or ask for (Chinese)"), max_length=1000, blank=True
    )
    looking_for_en = models.TextField(
        _("what you look for or ask for (English)"), max_length=1000, blank=True
    )
    pitch_zh = models.TextField(_("short pitch (Chinese)"), max_length=1000, blank=True)
    pitch_en = models.TextField(_("short pitch (English)"), max_length=1000, blank=True)
    ticket_band = models.CharField(
        _("ticket size"),
        max_length=10,
        choices=TicketBand.choices,
        help_text=_("An investor's usual ticket, or what a startup raises."),
    )
    sectors = models.ManyToManyField(
        "metrics.Sector", verbose_name=_("sectors"), blank=True, related_name="+"
    )
    unavailable_slots = models.ManyToManyField(
        Slot,
        verbose_name=_("unavailable at"),
        blank=True,
        related_name="unavailable_participants",
    )

    objects = ParticipantQuerySet.as_manager()

    organization = Translated()
    looking_for = Translated()
    pitch = Translated()

    class Meta:
        verbose_name = _("matchmaking participant")
        verbose_name_plural = _("matchmaking participants")
        ordering = ["edition_id", "side", "organization_zh", "organization_en", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(side__in=Side.values),
                name="matchmaking_participant_side_valid",
                violation_error_field="side",
                violation_error_message=_("Choose investor or startup."),
                violation_error_code="invalid_side",
            ),
            FieldCheckConstraint(
                condition=~Q(organization_zh="", organization_en=""),
                name="matchmaking_participant_has_organization",
                violation_error_field="organization_zh",
                violation_error_message=_(
                    "Give the institution or project's name in at least one language."
                ),
                violation_error_code="organization_missing",
            ),
        ]

    def __str__(self):
        return f"{self.organization_zh or self.organization_en} ({self.get_side_display()})"

    @property
    def display_organization(self):
        return self.organization or self.organization_en

    @property
    def stage_list(self):
        """The stages' labels in the order of the choices (uses prefetched `stages`)."""
        chosen = {row.stage for row in self.stages.all()}
        return [label for value, label in Stage.choices if value in chosen]


class ParticipantStage(models.Model):
    """A startup's stage (one), or a stage an investor invests in (one or more)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "stage"],
                name="matchmaking_participant_stage_once",
                violation_error_message=_("This stage is already given."),
            )
        ]

    def __str__(self):
        return self.get_stage_display()


class MeetingRequestQuerySet(models.QuerySet):
    def of_edition(self, edition):
        return self.filter(edition=edition)

    def involving(self, participant):
        return self.filter(Q(investor=participant) | Q(startup=participant))

    def pending(self):
        return self.filter(status=RequestStatus.PENDING)

    def accepted(self):
        return self.filter(status=RequestStatus.ACCEPTED)

    def placed(self):
        """Meetings: accepted and given a slot and a table."""
        return self.accepted().filter(slot__isnull=False)


class MeetingRequest(TimeStampedModel):
    """A request for a meeting between an investor and a startup; once accepted and placed by
    the scheduler, a meeting at a table in a slot."""

    edition = models.ForeignKey(
        "forum.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    investor = models.ForeignKey(
        Participant,
        verbose_name=_("investor"),
        on_delete=models.CASCADE,
        related_name="requests_as_investor",
    )
    startup = models.ForeignKey(
        Participant,
        verbose_name=_("startup"),
        on_delete=models.CASCADE,
        related_name="requests_as_startup",
    )
    requested_by = models.CharField(_("requested by"), max_length=10, choices=Side.choices)
    note = models.TextField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    slot = models.ForeignKey(
        Slot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    cancelled_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["edition_id", "created_at", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["investor", "startup"],
                name="matchmaking_one_request_per_pair",
                violation_error_field="startup",
                violation_error_message=_("These two already have a meeting request."),
                violation_error_code="already_requested",
            ),
            FieldCheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="matchmaking_request_status_valid",
                violation_error_field="status",
                violation_error_message=_("Choose one of the request statuses."),
                violation_error_code="invalid_request_status",
            ),
            FieldCheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True)
                | Q(slot__isnull=False, table__isnull=False, status=RequestStatus.ACCEPTED),
                name="matchmaking_placed_only_when_accepted",
                violation_error_field="slot",
                violation_error_message=_(
                    "Only an accepted request is placed, and then in a slot at a table."
                ),
                violation_error_code="placed_without_acceptance",
            ),
            FieldCheckConstraint(
                condition=Q(table__gte=1) | Q(table__isnull=True),
                name="matchmaking_table_positive",
                violation_error_field="table",
                violation_error_message=_("Tables are numbered from 1."),
                violation_error_code="table_not_positive",
            ),
            # Nobody and no table double-booked, whatever writes the row.
            FieldUniqueConstraint(
                fields=["slot", "table"],
                name="matchmaking_table_once_per_slot",
                violation_error_field="table",
                violation_error_message=_("This table already has a meeting in this slot."),
                violation_error_code="table_taken",
            ),
            FieldUniqueConstraint(
                fields=["investor", "slot"],
                name="matchmaking_investor_once_per_slot",
                violation_error_field="slot",
                violation_error_message=_("The investor already has a meeting in this slot."),
                violation_error_code="investor_busy",
            ),
            FieldUniqueConstraint(
                fields=["startup", "slot"],
                name="matchmaking_startup_once_per_slot",
                violation_error_field="slot",
                violation_error_message=_("The startup already has a meeting in this slot."),
                violation_error_code="startup_busy",
            ),
        ]

    def __str__(self):
        return f"{self.investor} ↔ {self.startup}"

    def other_side(self, participant):
        return self.startup if participant.pk == self.investor_id else self.investor
