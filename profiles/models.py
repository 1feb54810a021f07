import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.common.dates import DatePrecision, precision_with_date, validate_partial_date
from config.common.language import pinyin_key
from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    PublishedQuerySet,
    TimeStampedModel,
    Translated,
)
from config.common.text import RichTextField
from config.common.validators import not_own_parent, validate_no_cycle
from config.revisions.models import DraftStateMixin, DraftStateQuerySet
from metrics.enums import Currency, Qualifier, Scale
from metrics.formatting import format_amount

from .enums import (
    Board,
    Designation,
    DesignationLevel,
    Exchange,
    MilestoneKind,
    OrganizationKind,
    RoleKind,
    ShanghaiDistrict,
)


class PersonQuerySet(DraftStateQuerySet):
    def search(self, text):
        return self.filter(Q(name_zh__icontains=text) | Q(name_en__icontains=text))


class Person(DraftStateMixin, TimeStampedModel):
    name_zh = models.CharField(pgettext_lazy("person", "name (Chinese)"), max_length=100)
    name_en = models.CharField(
        _("name (English or pinyin)"), max_length=100, blank=True, help_text=_("e.g. Chen Weiliang")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    portrait = models.ForeignKey(
        "images.Image",
        verbose_name=_("portrait"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; without one, the page shows the initials."),
    )
    headline_zh = models.CharField(_("headline (Chinese)"), max_length=200, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    bio_zh = RichTextField(
        _("biography (Chinese)"),
        blank=True,
        help_text=_("Paragraphs, headings, lists, quotes and links."),
    )
    bio_en = RichTextField(_("biography (English)"), blank=True)
    honours_zh = models.TextField(_("honours (Chinese)"), blank=True, help_text=_("One per line."))
    honours_en = models.TextField(_("honours (English)"), blank=True)
    name_pinyin = models.CharField(
        _("name in pinyin"),
        max_length=400,
        blank=True,
        editable=False,
        default="",
        db_default="",
        help_text=_("Written on save from the Chinese name: for sorting and search."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    name = Translated()
    headline = Translated()
    bio = Translated()
    honours = Translated()

    objects = PersonQuerySet.as_manager()

    # Edited with the person (admin inlines), kept in each revision.
    revision_related = ("roles", "quotes")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_en", "name_zh"]
        # The page orders (selectors.person_order): a search matching most people reads its
        # first rows in this order and stops early, as the people list does.
        indexes = [
            models.Index(fields=["name_pinyin", "id"], name="person_pinyin_order"),
            models.Index(fields=["name_en", "id"], name="person_name_en_order"),
        ]

    def __str__(self):
        return f"{self.name_zh} ({self.name_en})" if self.name_en else self.name_zh

    def save(self, *args, **kwargs):
        super().save(*args, **_with_name_pinyin(self, kwargs))

    @property
    def initials(self):
        """Up to two initials of the English/pinyin name ("Chen Weiliang" → "CW"), else of the
        slug, which is ASCII by construction: the tile shown when there is no portrait."""
        words = [w for w in (self.name_en or "").replace("-", " ").split() if w[:1].isalnum()]
        if not words:
            words = [w for w in (self.slug or "").split("-") if w]
        return "".join(w[0] for w in words[:2]).upper() or "?"

    @property
    def tile_tone(self):
        """Which of the site's eight tile colours (0–7) the initials sit on: fixed by the
        slug, so a person keeps theirs."""
        digest = hashlib.sha256((self.slug or self.name_zh or "").encode()).digest()
        return digest[0] % 8


def _with_name_pinyin(instance, save_kwargs):
    """Write `name_pinyin` from `name_zh` before a save (also one limited to some fields that
    include the Chinese name); returns the save's keyword arguments."""
    instance.name_pinyin = pinyin_key(instance.name_zh)
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and "name_zh" in update_fields:
        save_kwargs = {**save_kwargs, "update_fields": {*update_fields, "name_pinyin"}}
    return save_kwargs


class OrganizationQuerySet(DraftStateQuerySet):
    def search(self, text):
        return self.filter(
            Q(name_zh__icontains=text)
            | Q(name_en__icontains=text)
            | Q(short_name_zh__icontains=text)
            | Q(short_name_en__icontains=text)
        )

    def with_listing(self):
        """Each organization with `is_listed`."""
        return self.annotate(is_listed=is_listed())

    def listed(self, **listing):
        """Organizations with a stock listing (on `exchange=…`, `board=…` when given)."""
        return self.filter(is_listed(**listing))

    def unlisted(self):
        return self.exclude(is_listed())


def is_listed(organization="pk", **listing):
    """True where the organization (`organization`: the outer query's reference to it) has a
    listing milestone, optionally with the given exchange or board: the one definition of
    "listed" every list, filter and annotation uses."""
    listings = Milestone.objects.listings().filter(organization=OuterRef(organization), **listing)
    return Exists(listings)


class Organization(DraftStateMixin, TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=60, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("A department's institute, a chamber's federation, a sister company's group."),
    )
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    hq_city_zh = models.CharField(_("headquarters city (Chinese)"), max_length=60, blank=True)
    hq_city_en = models.CharField(_("headquarters city (English)"), max_length=60, blank=True)
    district = models.CharField(
        _("Shanghai district"), max_length=20, choices=ShanghaiDistrict.choices, blank=True
    )
    sectors = models.ManyToManyField(
        "metrics.Sector", verbose_name=_("sectors"), blank=True, related_name="organizations"
    )
    indicators = models.ManyToManyField(
        "metrics.Indicator",
        verbose_name=_("key figures"),
        blank=True,
        related_name="organizations",
        help_text=_("Indicators that measure this organization."),
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "images.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("From the media library; shown whole, never cropped."),
    )
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    name_pinyin = models.CharField(
        _("name in pinyin"),
        max_length=800,
        blank=True,
        editable=False,
        default="",
        db_default="",
        help_text=_("Written on save from the Chinese name: for sorting and search."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    name = Translated()
    short_name = Translated()
    hq_city = Translated()
    description = Translated()

    objects = OrganizationQuerySet.as_manager()

    revision_related = ("roles", "milestones")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_zh"]
        # The page orders (selectors.organization_order), read in order by a broad search.
        indexes = [
            models.Index(fields=["name_pinyin", "id"], name="organization_pinyin_order"),
            models.Index(fields=["name_en", "id"], name="organization_name_en_order"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="organization_founded_year_plausible",
                violation_error_field="founded_year",
                violation_error_message=_("The founding year must lie between 1800 and 2100."),
                violation_error_code="founded_year_implausible",
            ),
            not_own_parent(name="organization_not_own_parent"),
        ]

    def __str__(self):
        return self.name_zh

    def save(self, *args, **kwargs):
        super().save(*args, **_with_name_pinyin(self, kwargs))

    def clean(self):
        validate_no_cycle(self)

    @property
    def display_name(self):
        return self.short_name or self.name


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def at_published_organizations(self):
        return self.filter(organization__is_published=True)

    def of_published_people(self):
        return self.filter(person__is_published=True)

    def current_first(self):
        """Current roles (no end date) first, then past roles latest first."""
        return self.order_by(
            F("end_date").desc(nulls_first=True),
            "order",
            F("start_date").desc(nulls_last=True),
            "pk",
        )


class Role(TimeStampedModel):
    """A person's position in an organization over a span of time.

    The role is the person's: it goes with the person (CASCADE). It also shows on the
    organization's page, but deleting an organization must not rewrite people's pages unseen:
    an organization with roles cannot be deleted until they are moved or deleted (PROTECT).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="roles"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoleKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    is_founder = models.BooleanField(_("founder"), default=False)
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start precision"), max_length=10, choices=DatePrecision.choices, blank=True
    )
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(
        _("end precision"), max_length=10, choices=DatePrecision.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = Translated()

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["order", "-start_date"]
        constraints = [
            FieldUniqueConstraint(
                fields=["person", "organization", "title_zh"],
                name="role_unique_title",
                violation_error_field="title_zh",
                violation_error_message=_(
                    "This person already holds a role with this title in this organization."
                ),
                violation_error_code="role_title_taken",
            ),
            FieldCheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="role_end_after_start",
                violation_error_field="end_date",
                violation_error_message=_("The end cannot come before the start."),
                violation_error_code="end_before_start",
            ),
            precision_with_date(
                date_field="start_date",
                precision_field="start_precision",
                name="role_start_precision_with_date",
            ),
            precision_with_date(
                date_field="end_date",
                precision_field="end_precision",
                name="role_end_precision_with_date",
            ),
        ]

    @property
    def founder_not_in_title(self):
        """True for a founder whose title does not say so already (创始人、董事长 does): when a
        "Founder" mark adds something."""
        words = ("创始", "创办", "founder", "founding")
        titles = f"{self.title_zh} {self.title_en}".lower()
        return self.is_founder and not any(word in titles for word in words)

    def __str__(self):
        return f"{self.person.name_zh} · {self.organization.name_zh} · {self.title_zh}"

    def clean(self):
        validate_partial_date(self.start_date, self.start_precision, date_field="start_date")
        validate_partial_date(self.end_date, self.end_precision, date_field="end_date")

    @property
    def is_current(self):
        return self.end_date is None


class MilestoneQuerySet(models.QuerySet):
    def published(self):
        return self.filter(organization__is_published=True)

    def listings(self):
        return self.filter(kind=MilestoneKind.LISTING)

    def designations(self, designation=None):
        found = self.filter(kind=MilestoneKind.DESIGNATION)
        return found.filter(designation=designation) if designation else found

    def fundings(self):
        return self.filter(kind=MilestoneKind.FUNDING)

    def dated_between(self, first_year, last_year):
        """Dated (to the year at least) within these years, both included; undated ones are
        left out."""
        return self.filter(date__year__gte=first_year, date__year__lte=last_year)

    def latest_first(self):
        return self.order_by(F("date").desc(nulls_last=True), "-pk")


class Milestone(TimeStampedModel):
    """Something that happened to an organization: a round, a listing, a product, an award.

    A sourced fact is never deleted as a side effect: an organization with milestones cannot be
    deleted until an editor has deleted them (PROTECT), nor their source.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MilestoneKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Blank when not published.")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, blank=True
    )
    round_name_zh = models.CharField(_("round (Chinese)"), max_length=40, blank=True)
    round_name_en = models.CharField(_("round (English)"), max_length=40, blank=True)
    amount = models.DecimalField(
        _("amount as published"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    amount_scale = models.PositiveIntegerField(
        _("amount scale"), choices=Scale.choices, default=Scale.ONE
    )
    amount_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, blank=True
    )
    amount_qualifier = models.CharField(
        _("amount qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    exchange = models.CharField(_("exchange"), max_length=10, choices=Exchange.choices, blank=True)
    board = models.CharField(_("board"), max_length=10, choices=Board.choices, blank=True)
    ticker = models.CharField(_("ticker"), max_length=20, blank=True)
    designation = models.CharField(
        _("designation"),
        max_length=15,
        choices=Designation.choices,
        blank=True,
        default="",
        db_default="",
    )
    designation_level = models.CharField(
        _("designation level"),
        max_length=10,
        choices=DesignationLevel.choices,
        blank=True,
        default="",
        db_default="",
    )
    source = models.ForeignKey(
        "metrics.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    excerpt = models.TextField(_("quoted excerpt"), blank=True)

    title = Translated()
    description = Translated()
    round_name = Translated()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [F("date").desc(nulls_last=True), "title_zh"]
        constraints = [
            FieldUniqueConstraint(
                fields=["organization", "kind", "title_zh"],
                name="milestone_unique_title",
                violation_error_field="title_zh",
                violation_error_message=_(
                    "This organization already has a milestone of this kind with this title."
                ),
                violation_error_code="milestone_title_taken",
            ),
            FieldCheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="milestone_amount_non_negative",
                violation_error_field="amount",
                violation_error_message=_("An amount cannot be negative."),
                violation_error_code="negative_amount",
            ),
            FieldCheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(amount_currency=""),
                name="milestone_amount_has_currency",
                violation_error_field="amount_currency",
                violation_error_message=_("Give the currency of the amount."),
                violation_error_code="amount_without_currency",
            ),
            FieldCheckConstraint(
                condition=Q(kind="listing") | Q(exchange="", board="", ticker=""),
                name="milestone_exchange_only_for_listings",
                violation_error_field="exchange",
                violation_error_message=_("Only a stock listing has an exchange, board or ticker."),
                violation_error_code="exchange_not_listing",
            ),
            FieldCheckConstraint(
                condition=Q(
                    kind=MilestoneKind.DESIGNATION, designation__gt="", designation_level__gt=""
                )
                | (~Q(kind=MilestoneKind.DESIGNATION) & Q(designation="", designation_level="")),
                name="milestone_designation_only_and_always_for_designations",
                violation_error_field="designation",
                violation_error_message=_(
                    "A designation names the designation and its level; other milestones "
                    "have neither."
                ),
                violation_error_code="designation_mismatch",
            ),
            precision_with_date(
                date_field="date",
                precision_field="date_precision",
                name="milestone_precision_with_date",
            ),
        ]

    def __str__(self):
        return f"{self.organization.name_zh} · {self.title_zh}"

    @property
    def amount_text(self):
        """The amount with its currency, scale and qualifier in the page language:
        近10亿元 / nearly ¥1 billion; '' when it has none."""
        return format_amount(
            self.amount,
            scale=self.amount_scale,
            currency=self.amount_currency,
            qualifier=self.amount_qualifier,
        )

    @property
    def amount_beyond_title(self):
        """The amount text when the title does not already say it (宣布完成近10亿元D轮融资 says
        近10亿元): what a one-line summary adds after the title; '' otherwise."""
        text = self.amount_text
        return "" if text and text in self.title else text

    # Which exchanges run each board: the STAR Market is Shanghai's, ChiNext Shenzhen's, GEM
    # Hong Kong's; Nasdaq and NYSE listings carry no board.
    BOARD_EXCHANGES = {
        Board.STAR: {Exchange.SSE},
        Board.CHINEXT: {Exchange.SZSE},
        Board.GEM: {Exchange.HKEX},
        Board.MAIN: {Exchange.SSE, Exchange.SZSE, Exchange.HKEX},
    }

    def clean(self):
        """The rules across fields no constraint holds: a board of the listing's exchange, a
        ticker with its exchange, a round name on a funding round, a currency with an amount."""
        errors = {}
        if self.kind == MilestoneKind.LISTING:
            if self.board and not self.exchange:
                errors["board"] = _("Give the exchange the board belongs to.")
            elif self.board and self.exchange not in self.BOARD_EXCHANGES.get(self.board, set()):
                errors["board"] = _("The %(board)s is not a board of the %(exchange)s.") % {
                    "board": self.get_board_display(),
                    "exchange": self.get_exchange_display(),
                }
            if self.ticker and not self.exchange:
                errors["ticker"] = _("Give the exchange the ticker is listed on.")
        if self.round_name_zh and self.kind != MilestoneKind.FUNDING:
            errors["round_name_zh"] = _("Only a funding round has a round name.")
        if self.amount is None and self.amount_currency:
            errors["amount"] = _("Give the amount, or clear the currency.")
        if errors:
            raise ValidationError(errors, code="invalid_milestone")
        validate_partial_date(self.date, self.date_precision, date_field="date")


class Quote(TimeStampedModel):
    """Words a person said, as published, with where and when they said them.

    A sourced fact is never deleted as a side effect: a person with quotes cannot be deleted
    until an editor has deleted them (PROTECT), nor their source.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="quotes"
    )
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    context_zh = models.CharField(_("context (Chinese)"), max_length=300, blank=True)
    context_en = models.CharField(_("context (English)"), max_length=300, blank=True)
    source = models.ForeignKey(
        "metrics.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="quotes"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    text = Translated()
    context = Translated()

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["person", "order", "pk"]

    def __str__(self):
        return f"{self.person.name_zh}: {self.text_zh[:40]}"
