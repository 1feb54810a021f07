from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.common.dates import DatePrecision, validate_partial_date
from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    PublishedQuerySet,
    TimeStampedModel,
    Translated,
    translated_order,
)
from config.common.validators import not_own_parent, validate_no_cycle
from config.revisions.models import DraftStateMixin, DraftStateQuerySet

from .enums import Comparison, ObservationKind, Qualifier, Scale, Scope, Unit

# Messages a constraint and a clean() check share (each check refuses a part of the rule).
COUNT_NOUN_ONLY_FOR_COUNTS = _("Only an indicator counted in units has a count word.")
RANK_FROM_ONE = _("A rank is a whole number from 1 (first).")


class Source(TimeStampedModel):
    """Where a fact was published. Fields the publication does not give stay blank."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    publisher_zh = models.CharField(_("publisher (Chinese)"), max_length=200, blank=True)
    publisher_en = models.CharField(_("publisher (English)"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    excerpt = models.TextField(_("quoted excerpt"), blank=True)
    notes = models.TextField(_("editor's notes"), blank=True)

    title = Translated()
    publisher = Translated()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title_zh"]
        constraints = [
            FieldUniqueConstraint(
                fields=["title_zh", "publisher_zh"],
                name="source_unique_title",
                violation_error_field="title_zh",
                violation_error_message=_(
                    "A source with this title and publisher is already recorded."
                ),
                violation_error_code="source_title_taken",
            ),
        ]

    def __str__(self):
        return self.title_zh


class SectorQuerySet(PublishedQuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def for_display(self):
        """Published sectors in the order the public pages list them: editors' order, then the
        name in the page's language."""
        return self.published().order_by("order", translated_order("name"), "pk")


class Sector(TimeStampedModel):
    """An industry or field; sectors nest (集成电路 › GPU)."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    name = Translated()
    description = Translated()

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "name_zh"]
        constraints = [
            not_own_parent(name="sector_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.parent.name_zh} › {self.name_zh}" if self.parent_id else self.name_zh

    @property
    def path_name(self):
        """ "集成电路 › GPU" in the active language (admin filters in the editor's language)."""
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        validate_no_cycle(self)


class IndicatorQuerySet(DraftStateQuerySet):
    def public(self):
        """What visitors may see: a published indicator of a published sector."""
        return self.published().filter(sector__is_published=True)

    def search(self, text):
        return self.filter(Q(name_zh__icontains=text) | Q(name_en__icontains=text))


class Indicator(DraftStateMixin, TimeStampedModel):
    """A measured quantity, e.g. 上海集成电路产业规模, observed over time."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="indicators"
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    count_noun_zh = models.CharField(
        _("count word (Chinese)"), max_length=20, blank=True, help_text=_("e.g. 家, 颗, 台")
    )
    count_noun_en = models.CharField(
        _("count word (English)"), max_length=40, blank=True, help_text=_("e.g. companies, chips")
    )
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_headline = models.BooleanField(
        _("headline figure"),
        default=False,
        help_text=_("Shown in the home page's band of figures."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    name = Translated()
    description = Translated()
    count_noun = Translated()

    objects = IndicatorQuerySet.as_manager()

    revision_related = ("observations",)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sector__order", "order", "name_zh"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(unit=Unit.COUNT) | Q(count_noun_zh=""),
                name="indicator_count_noun_only_for_counts",
                violation_error_field="count_noun_zh",
                violation_error_message=COUNT_NOUN_ONLY_FOR_COUNTS,
                violation_error_code="count_noun_not_count",
            ),
        ]

    def __str__(self):
        return self.name_zh

    def clean(self):
        """A count names what it counts. The constraint keeps a count word in Chinese off other
        units; the English one, which the database does not check, is refused here with the
        same message."""
        if self.unit == Unit.COUNT and not self.count_noun_zh:
            raise ValidationError(
                {"count_noun_zh": _("Say what is counted (家, 颗, 台 …).")},
                code="count_noun_missing",
            )
        if self.unit != Unit.COUNT and self.count_noun_en:
            raise ValidationError(
                {"count_noun_en": COUNT_NOUN_ONLY_FOR_COUNTS}, code="count_noun_not_count"
            )


class ObservationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(indicator__is_published=True)

    def chronological(self):
        return self.order_by("period_date", "comparison", "kind")


class Observation(TimeStampedModel):
    """One published figure: a value for a period, with how exact it is and where it came from.

    A sourced fact is never deleted as a side effect: an indicator with figures cannot be
    deleted until an editor has deleted them (PROTECT), nor their source.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
    )
    period_date = models.DateField(_("period"))
    period_precision = models.CharField(
        _("period precision"), max_length=10, choices=DatePrecision.choices
    )
    comparison = models.CharField(
        _("measure"), max_length=20, choices=Comparison.choices, default=Comparison.LEVEL
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ObservationKind.choices, default=ObservationKind.ACTUAL
    )
    value = models.DecimalField(_("value as published"), max_digits=20, decimal_places=4)
    scale = models.PositiveIntegerField(
        _("scale as published"), choices=Scale.choices, default=Scale.ONE
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    share_denominator = models.PositiveSmallIntegerField(
        _("published as a fraction of"),
        null=True,
        blank=True,
        help_text=_(
            "For a share published as a fraction, its denominator: 3 for 1/3. The value stays "
            "the percentage (33.3333), so charts and comparisons still work."
        ),
    )
    note_zh = models.CharField(_("note (Chinese)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="observations"
    )
    excerpt = models.TextField(_("quoted excerpt"), blank=True)

    note = Translated()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "period_date", "comparison"]
        constraints = [
            FieldUniqueConstraint(
                fields=["indicator", "period_date", "period_precision", "comparison", "kind"],
                name="observation_unique_per_period",
                violation_error_field="period_date",
                violation_error_message=_(
                    "This indicator already has a figure of this measure and kind for this period."
                ),
                violation_error_code="observation_period_taken",
            ),
            FieldCheckConstraint(
                condition=Q(value__gte=0) | Q(comparison=Comparison.YOY_GROWTH),
                name="observation_value_non_negative",
                violation_error_field="value",
                violation_error_message=_("Only a growth rate can be negative."),
                violation_error_code="negative_value",
            ),
            FieldCheckConstraint(
                condition=~Q(comparison__in=Comparison.ranks) | Q(value__gte=1),
                name="observation_rank_from_one",
                violation_error_field="value",
                violation_error_message=RANK_FROM_ONE,
                violation_error_code="invalid_rank",
            ),
            FieldCheckConstraint(
                condition=Q(share_denominator__isnull=True)
                | Q(
                    share_denominator__gte=2,
                    comparison__in=Comparison.shares,
                ),
                name="observation_fraction_only_for_shares",
                violation_error_field="share_denominator",
                violation_error_message=_(
                    "Only a share can be published as a fraction, and its denominator is "
                    "at least 2."
                ),
                violation_error_code="fraction_not_share",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name_zh} {self.period_date:%Y-%m-%d}: {self.value}"

    def clean(self):
        """The rules no constraint holds: the period date its precision stores, a whole rank,
        a share at most 100 %, a multiple above zero, no scale but on a level. (Only growth
        negative, a rank from 1 and a fraction only for a share are constraints.)"""
        validate_partial_date(self.period_date, self.period_precision, date_field="period_date")
        if self.value is None:
            return
        if self.comparison in Comparison.ranks and self.value != self.value.to_integral_value():
            # A whole number is this check's; from 1 is the constraint's: one message for both.
            raise ValidationError({"value": RANK_FROM_ONE}, code="invalid_rank")
        if self.comparison in Comparison.shares and self.value > 100:
            raise ValidationError(
                {"value": _("A share is a percentage between 0 and 100.")}, code="share_over_100"
            )
        if self.comparison == Comparison.MULTIPLE and self.value <= 0:
            raise ValidationError(
                {"value": _("A multiple is greater than zero.")}, code="invalid_multiple"
            )
        if self.comparison != Comparison.LEVEL and self.scale != Scale.ONE:
            raise ValidationError(
                {"scale": _("Growth rates, shares, ranks and multiples take no 万 or 亿 scale.")},
                code="scale_not_level",
            )

    @property
    def absolute_value(self):
        return self.value * self.scale
