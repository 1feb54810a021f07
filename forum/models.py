import calendar
import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.dates import DatePrecision, precision_with_date, validate_partial_date
from config.common.language import ZH, chinese_numeral, english_ordinal, resolve_language
from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    TimeStampedModel,
    Translated,
)
from config.revisions.models import DraftStateMixin, DraftStateQuerySet

from .enums import EditionStatus, ParticipationRole


class Forum(TimeStampedModel):
    """The forum series this site runs; each year's meeting is an Edition.

    A site runs one series (the next forum is a deployment of its own, with its own data):
    editions are addressed by their number alone (/editions/7/), which is unambiguous only so.
    """

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=60, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    logo = models.ForeignKey(
        "images.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; printed on attendees' badges, never cropped."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # db_default: rows written by code that predates these columns (older migrations' models,
    # a restore) still get a value.
    outcomes_methodology_zh = models.TextField(
        _("outcomes methodology (Chinese)"),
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown on the alumni outcomes page: what counts, from when, which sources."),
    )
    outcomes_methodology_en = models.TextField(
        _("outcomes methodology (English)"), blank=True, default="", db_default=""
    )
    indicators = models.ManyToManyField(
        "metrics.Indicator",
        verbose_name=_("figures about the forum"),
        blank=True,
        related_name="forums",
    )

    name = Translated()
    short_name = Translated()
    description = Translated()
    outcomes_methodology = Translated()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name_zh"]
        constraints = [
            # A unique index on a constant: a second row would repeat it.
            models.UniqueConstraint(
                models.Value(True),
                name="forum_one_series",
                violation_error_code="second_forum",
                violation_error_message=_(
                    "This site runs one forum series: edit the existing one, or run another "
                    "site for another forum."
                ),
            ),
        ]

    def __str__(self):
        return self.name_zh

    def clean(self):
        """Not founded after one of its editions (Edition.clean refuses the other way round:
        an edition older than its forum)."""
        if self.pk is None or not self.founded_year:
            return
        earlier = self.editions.filter(year__lt=self.founded_year).order_by("year").first()
        if earlier:
            raise ValidationError(
                {
                    "founded_year": _("Edition %(number)s was held in %(year)s, before that.")
                    % {"number": earlier.number, "year": earlier.year}
                },
                code="founded_after_edition",
            )


class EditionQuerySet(DraftStateQuerySet):
    def chronological(self):
        return self.order_by("forum", "number")

    def search(self, text, *, number=None):
        """Editions whose theme, venue or a track's name contains the text (either language),
        or whose number is `number`, or whose year the text is (`edition_year`). The text is
        compared as an expression, escaped by the database: for a text naming no number or
        year, the statement can be compiled once and run with any other such text."""
        text_value = Value(text)
        match = (
            Q(theme_zh__icontains=text_value)
            | Q(theme_en__icontains=text_value)
            | Q(venue_zh__icontains=text_value)
            | Q(venue_en__icontains=text_value)
            | Q(tracks__name_zh__icontains=text_value)
            | Q(tracks__name_en__icontains=text_value)
        )
        if number is not None:
            match |= Q(number=number)
        year = edition_year(text)
        if year is not None:
            match |= Q(year=year)
        return self.filter(pk__in=Edition.objects.filter(match).values("pk"))


def edition_year(text):
    """The year a search text names (2024 for "2024"), or None."""
    return int(text) if text.isdigit() and len(text) == 4 else None


class Edition(DraftStateMixin, TimeStampedModel):
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
    start_time = models.TimeField(
        _("starts at"),
        null=True,
        blank=True,
        help_text=_("Local time (Shanghai) of the first day; only with an exact date."),
    )
    end_time = models.TimeField(
        _("ends at"), null=True, blank=True, help_text=_("Local time on the last day.")
    )
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    # db_default: rows written by code that predates these columns (older migrations' states)
    # still insert.
    venue_address_zh = models.CharField(
        _("venue address (Chinese)"), max_length=300, blank=True, default="", db_default=""
    )
    venue_address_en = models.CharField(
        _("venue address (English)"), max_length=300, blank=True, default="", db_default=""
    )
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
    cover = models.ForeignKey(
        "images.Image",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; cropped to 16:9 around its focal point."),
    )

    venue = Translated()
    venue_address = Translated()
    theme = Translated()
    description = Translated()

    objects = EditionQuerySet.as_manager()

    # Tracks first: agenda items and participations point at them.
    revision_related = ("tracks", "agenda_items", "participations", "photos")

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["forum", "-number"]
        constraints = [
            FieldUniqueConstraint(
                fields=["forum", "number"],
                name="edition_unique_number",
                violation_error_field="number",
                violation_error_message=_("This forum already has an edition with this number."),
                violation_error_code="edition_number_taken",
            ),
            FieldCheckConstraint(
                condition=Q(number__gte=1),
                name="edition_number_from_one",
                violation_error_field="number",
                violation_error_message=_("Editions are numbered from 1 (第1届)."),
                violation_error_code="edition_number_below_one",
            ),
            FieldCheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False) & Q(end_date__gte=F("start_date")),
                name="edition_end_after_start",
                violation_error_field="end_date",
                violation_error_message=_("The last day cannot come before the first day."),
                violation_error_code="end_before_start",
            ),
            precision_with_date(
                date_field="start_date",
                precision_field="start_precision",
                name="edition_precision_with_date",
            ),
            FieldCheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_date__isnull=False, start_precision=DatePrecision.DAY),
                name="edition_time_with_exact_date",
                violation_error_field="start_time",
                violation_error_message=_("Give the exact day before the time."),
                violation_error_code="time_without_day",
            ),
        ]

    def __str__(self):
        return f"{self.forum.short_name_zh or self.forum.name_zh} 第{self.number}届 ({self.year})"

    def clean(self):
        """A date matching the year and its precision, a held edition not in the future, and
        no edition older than its forum (Forum.clean refuses the other way round). The order of
        the first and last day is the constraint edition_end_after_start."""
        validate_partial_date(self.start_date, self.start_precision, date_field="start_date")
        errors = {}
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _(
                "The date falls in %(date_year)s, not in the edition's year."
            ) % {"date_year": self.start_date.year}
        if self.end_date and not self.start_date:
            # The constraint edition_end_after_start refuses this too, but its message speaks
            # of the order of the two days; this one names what is missing.
            errors["end_date"] = _("Give the first day before the last day.")
        if self.end_time and self.start_time is None:
            errors["end_time"] = _("Give the start time before the end time.")
        elif self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["end_time"] = _("The edition cannot end before it starts.")
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

    @property
    def title(self):
        """第七届 / 7th edition, in the active language."""
        if resolve_language() == ZH:
            return f"第{chinese_numeral(self.number)}届"
        return f"{english_ordinal(self.number)} edition"

    @property
    def title_with_year(self):
        """第六届（2025） / 6th edition (2025)."""
        if resolve_language() == ZH:
            return f"{self.title}（{self.year}）"
        return f"{self.title} ({self.year})"

    @property
    def full_title(self):
        """上海创新创业青年50人论坛 · 第七届 / Shanghai … Youth 50 Forum · 7th edition."""
        return f"{self.forum.name} · {self.title}"

    @property
    def last_day(self):
        """The last day the edition can have taken place, as far as its date is known; None when
        it has no date. A date known only to the year or month ends with that year or month."""
        if self.end_date:
            return self.end_date
        start = self.start_date
        if start is None:
            return None
        if self.start_precision in (DatePrecision.YEAR, DatePrecision.YEAR_END):
            return datetime.date(start.year, 12, 31)
        if self.start_precision == DatePrecision.MONTH:
            return datetime.date(
                start.year, start.month, calendar.monthrange(start.year, start.month)[1]
            )
        return start

    @property
    def is_held(self):
        """True once the edition has taken place (its gallery is shown then)."""
        return self.status == EditionStatus.HELD

    @property
    def has_exact_date(self):
        """True when the first day is known to the day (a calendar entry can be made)."""
        return self.start_date is not None and self.start_precision == DatePrecision.DAY

    @property
    def starts_at(self):
        """The aware first moment (Shanghai time) when day and time are known, else None."""
        if not self.has_exact_date or self.start_time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.start_date, self.start_time))

    @property
    def ends_at(self):
        """The aware last moment when the first moment and an end time are known, else None."""
        if self.starts_at is None or self.end_time is None:
            return None
        return timezone.make_aware(
            datetime.datetime.combine(self.end_date or self.start_date, self.end_time)
        )


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
            FieldUniqueConstraint(
                fields=["edition", "slug"],
                name="track_unique_slug",
                violation_error_field="slug",
                violation_error_message=_("This edition already has a track with this slug."),
                violation_error_code="track_slug_taken",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.name_zh}"


def _edition_of(obj):
    """The row's edition, also one being added in the same admin form (not saved yet, so
    without a pk); None when it has none."""
    try:
        return obj.edition
    except ObjectDoesNotExist:
        return None


def _validate_track_of_same_edition(obj):
    """The track is one of the row's edition's: an edition being added has none yet."""
    edition = _edition_of(obj)
    if obj.track_id and edition is not None and obj.track.edition_id != edition.pk:
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
            FieldCheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="agenda_item_ends_after_start",
                violation_error_field="ends_at",
                violation_error_message=_("A session cannot end before it starts."),
                violation_error_code="ends_before_start",
            ),
        ]

    def __str__(self):
        return self.title_zh

    def clean(self):
        """In one of its edition's tracks, on the edition's day(s)."""
        _validate_track_of_same_edition(self)
        edition = _edition_of(self)
        if edition and edition.has_exact_date and self.starts_at:
            day = timezone.localdate(self.starts_at)
            if not edition.start_date <= day <= edition.last_day:
                raise ValidationError(
                    {"starts_at": _("The session falls outside the edition's dates.")},
                    code="outside_edition",
                )


class Participation(TimeStampedModel):
    """A person taking part in an edition in some capacity.

    The participation is the edition's record: it goes with the edition (CASCADE, like its
    tracks and agenda). Deleting a person must not rewrite an edition's list of participants
    unseen: a person who took part cannot be deleted until the participations are (PROTECT).
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        "profiles.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
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
            FieldUniqueConstraint(
                fields=["edition", "person", "role"],
                name="participation_unique_role",
                violation_error_field="role",
                violation_error_message=_(
                    "This person already takes part in this edition in this role."
                ),
                violation_error_code="participation_role_taken",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.person.name_zh} · {self.get_role_display()}"

    def clean(self):
        _validate_track_of_same_edition(self)


class EditionPhoto(TimeStampedModel):
    """A photo of an edition's gallery (shown once the edition has been held), in order, with a
    caption of its own; its alternative text is the library image's."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "images.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption_zh = models.CharField(_("caption (Chinese)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    caption = Translated()

    class Meta:
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        ordering = ["edition", "order", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "image"],
                name="edition_photo_once",
                violation_error_field="image",
                violation_error_message=_("This image is already in the edition's gallery."),
                violation_error_code="photo_twice",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.image}"
