from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.dates import DatePrecision, validate_partial_date
from config.common.models import PublishedQuerySet, TimeStampedModel, Translated

from .enums import EditionStatus, ParticipationRole
from .registrations.codes import new_checkin_code, new_token
from .registrations.enums import AttendeeCategory, EmailKind, EmailStatus, RegistrationStatus


class Forum(TimeStampedModel):
    """A forum series; each year's meeting is an Edition."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=60, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    indicators = models.ManyToManyField(
        "metrics.Indicator",
        verbose_name=_("figures about the forum"),
        blank=True,
        related_name="forums",
    )

    name = Translated()
    short_name = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name_zh"]

    def __str__(self):
        return self.name_zh


class EditionQuerySet(PublishedQuerySet):
    def chronological(self):
        return self.order_by("forum", "number")


class Edition(TimeStampedModel):
    """One yearly meeting of a forum (第N届)."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="editions"
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("N in 第N届"))
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("date"), null=True, blank=True)
    start_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for editions over several days.")
    )
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    theme_zh = models.CharField(_("theme (Chinese)"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.PLANNED
    )
    indicators = models.ManyToManyField(
        "metrics.Indicator",
        verbose_name=_("figures about this edition"),
        blank=True,
        related_name="editions",
    )
    is_published = models.BooleanField(_("published"), default=True)

    venue = Translated()
    theme = Translated()
    description = Translated()

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["forum", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="edition_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_number_from_one"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False) & Q(end_date__gte=F("start_date")),
                name="edition_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True, start_precision="")
                | Q(start_date__isnull=False) & ~Q(start_precision=""),
                name="edition_precision_with_date",
            ),
        ]

    def __str__(self):
        return f"{self.forum.short_name_zh or self.forum.name_zh} 第{self.number}届 ({self.year})"

    def clean(self):
        """A date matching the year and its precision, the last day after the first, a held
        edition not in the future, and no edition older than its forum."""
        validate_partial_date(
            self.start_date,
            self.start_precision,
            date_field="start_date",
            precision_field="start_precision",
        )
        errors = {}
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _(
                "The date falls in %(date_year)s, not in the edition's year."
            ) % {"date_year": self.start_date.year}
        if self.end_date and not self.start_date:
            errors["end_date"] = _("Give the first day before the last day.")
        elif self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot come before the first day.")
        if (
            self.status == EditionStatus.HELD
            and self.start_date
            and self.start_date > timezone.localdate()
        ):
            errors["status"] = _("An edition dated in the future cannot have been held yet.")
        forum = self.forum if self.forum_id else None
        if forum and forum.founded_year and self.year and self.year < forum.founded_year:
            errors["year"] = _("The forum was founded in %(founded)s, after this year.") % {
                "founded": forum.founded_year
            }
        if errors:
            raise ValidationError(errors, code="invalid_edition")

    def get_absolute_url(self):
        return reverse("forum:edition_detail", kwargs={"number": self.number})


class Track(TimeStampedModel):
    """A thematic strand of an edition (人工智能, 生命健康 …)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="tracks"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100)
    sector = models.ForeignKey(
        "metrics.Sector",
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracks",
    )
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="track_unique_slug"),
        ]

    def __str__(self):
        return f"{self.edition} · {self.name_zh}"


def _validate_track_of_same_edition(obj):
    if obj.track_id and obj.edition_id and obj.track.edition_id != obj.edition_id:
        raise ValidationError(
            {"track": _("This track belongs to another edition.")}, code="track_other_edition"
        )


class AgendaItem(TimeStampedModel):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room_zh = models.CharField(_("room (Chinese)"), max_length=100, blank=True)
    room_en = models.CharField(_("room (English)"), max_length=100, blank=True)
    speakers = models.ManyToManyField(
        "profiles.Person", verbose_name=_("speakers"), blank=True, related_name="agenda_items"
    )

    title = Translated()
    description = Translated()
    room = Translated()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["edition", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="agenda_item_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title_zh

    def clean(self):
        """In one of its edition's tracks, ending after it starts, on the edition's day(s)."""
        _validate_track_of_same_edition(self)
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("A session cannot end before it starts.")}, code="ends_before_start"
            )
        edition = self.edition if self.edition_id else None
        if edition and edition.start_date and edition.start_precision == "day" and self.starts_at:
            day = timezone.localdate(self.starts_at)
            last = edition.end_date or edition.start_date
            if not edition.start_date <= day <= last:
                raise ValidationError(
                    {"starts_at": _("The session falls outside the edition's dates.")},
                    code="outside_edition",
                )


class Participation(TimeStampedModel):
    """A person taking part in an edition in some capacity."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        "profiles.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipationRole.choices)
    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    note_zh = models.CharField(_("note (Chinese)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    source = models.ForeignKey(
        "metrics.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )

    note = Translated()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["edition", "role", "person__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "person", "role"], name="participation_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.person.name_zh} · {self.get_role_display()}"

    def clean(self):
        _validate_track_of_same_edition(self)


# --- Attendee registration (issue 4) ------------------------------------------------------------
# Rules live in forum/registrations/services.py; reads in forum/registrations/selectors.py.


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
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="registration_settings",
    )
    opens_at = models.DateTimeField(_("registration opens"))
    closes_at = models.DateTimeField(_("registration closes"))
    capacity = models.PositiveIntegerField(_("capacity (seats)"))
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Blank: the newest notice in force."),
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
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="registration_settings_capacity_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="registration_settings_closes_after_opens",
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
            models.UniqueConstraint(
                fields=["settings", "category"], name="category_quota_unique_category"
            ),
            models.CheckConstraint(condition=Q(quota__gte=0), name="category_quota_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.quota}"


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED)

    def in_arrival_order(self):
        return self.order_by("created_at", "pk")


class Registration(TimeStampedModel):
    """One person's registration for one edition. Personal data: organizers only."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
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
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
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
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=~Q(status=RegistrationStatus.CANCELLED) & Q(anonymized_at__isnull=True),
                name="registration_unique_live_email",
            ),
            models.UniqueConstraint(
                fields=["edition", "checkin_code"], name="registration_unique_checkin_code"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(category__in=AttendeeCategory.values),
                name="registration_category_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status", "category"], name="registration_seat_count"),
        ]

    def __str__(self):
        return f"{self.edition} · {self.checkin_code}"

    def get_absolute_url(self):
        return reverse("registration:ticket", kwargs={"token": self.token})


class RegistrationEmail(TimeStampedModel):
    """The outbox: one row per e-mail owed to a registrant, kept until it is sent.

    A failed send stays here (FAILED) and is retried, so a mail outage never loses a message.
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=EmailKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("registration e-mail")
        verbose_name_plural = _("registration e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_status_display()}"
