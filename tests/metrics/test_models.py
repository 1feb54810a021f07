"""The rules of sources, sectors, indicators and observations: full_clean() refuses bad data with
the message on its field, and the database itself refuses it when a write bypasses full_clean."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from config.common.dates import DatePrecision
from metrics.enums import Comparison, ObservationKind, Unit
from metrics.models import Indicator, Observation, Sector, Source
from tests.factories import IndicatorFactory, ObservationFactory, SectorFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def refused():
    return pytest.raises(IntegrityError)


def clean_errors(obj):
    """The errors full_clean() finds, by field ({} when it accepts the row)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def _observation(**fields):
    return ObservationFactory.build(indicator=IndicatorFactory(), source=SourceFactory(), **fields)


def test_sector_slug_is_unique():
    SectorFactory(slug="integrated-circuits")
    with refused(), transaction.atomic():
        Sector.objects.create(name_zh="集成电路", slug="integrated-circuits")


def test_sector_cannot_be_its_own_parent():
    sector = SectorFactory()
    with refused(), transaction.atomic():
        Sector.objects.filter(pk=sector.pk).update(parent=sector)


def test_sector_nests_under_another():
    parent = SectorFactory(name_zh="集成电路")
    child = SectorFactory(name_zh="GPU", parent=parent)
    assert str(child) == "集成电路 › GPU"


def test_indicator_slug_is_unique():
    IndicatorFactory(slug="shanghai-ic-industry")
    with refused(), transaction.atomic():
        Indicator.objects.create(
            name_zh="上海集成电路产业规模",
            slug="shanghai-ic-industry",
            sector=SectorFactory(),
            scope="shanghai",
            unit=Unit.CNY,
        )


def test_count_word_only_on_counted_indicators():
    with refused(), transaction.atomic():
        IndicatorFactory(unit=Unit.CNY, count_noun_zh="家")


def test_source_title_is_unique_per_publisher():
    SourceFactory(title_zh="创新引领时代，青春点燃梦想", publisher_zh="")
    with refused(), transaction.atomic():
        Source.objects.create(title_zh="创新引领时代，青春点燃梦想", publisher_zh="")


def test_observation_is_unique_per_period_measure_and_kind():
    first = ObservationFactory()
    with refused(), transaction.atomic():
        Observation.objects.create(
            indicator=first.indicator,
            period_date=first.period_date,
            period_precision=first.period_precision,
            comparison=first.comparison,
            kind=first.kind,
            value=Decimal("1"),
            source=first.source,
        )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        (
            ObservationKind.ACTUAL,
            {
                "period_date": [
                    "This indicator already has a figure of this measure and kind for this period."
                ]
            },
        ),
        (ObservationKind.TARGET, {}),  # a target for the same period is another figure
    ],
)
def test_full_clean_allows_one_figure_per_period_measure_and_kind(kind, errors):
    actual = ObservationFactory()
    again = ObservationFactory.build(
        indicator=actual.indicator,
        period_date=actual.period_date,
        period_precision=actual.period_precision,
        kind=kind,
        source=actual.source,
    )
    assert clean_errors(again) == errors


def test_bulk_create_of_a_duplicate_period_is_refused():
    first = ObservationFactory()
    duplicate = Observation(
        indicator=first.indicator,
        period_date=first.period_date,
        period_precision=first.period_precision,
        value=Decimal("2"),
        source=first.source,
    )
    with refused(), transaction.atomic():
        Observation.objects.bulk_create([duplicate])


@pytest.mark.parametrize(
    "comparison", [Comparison.LEVEL, Comparison.SHARE_OF_CHINA, Comparison.MULTIPLE]
)
def test_negative_values_are_refused(comparison):
    with refused(), transaction.atomic():
        ObservationFactory(comparison=comparison, value=Decimal("-1"))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("comparison", "errors"),
    [
        (Comparison.LEVEL, {"value": ["Only a growth rate can be negative."]}),
        (Comparison.YOY_GROWTH, {}),
    ],
)
def test_full_clean_allows_only_growth_to_be_negative(comparison, errors):
    assert clean_errors(_observation(comparison=comparison, value=Decimal("-3.5"))) == errors


@pytest.mark.parametrize("comparison", [Comparison.RANK_CHINA, Comparison.RANK_WORLD])
def test_rank_starts_at_one(comparison):
    with refused(), transaction.atomic():
        ObservationFactory(comparison=comparison, value=Decimal("0"))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("value", "errors"),
    [
        ("0", {"value": ["A rank is a whole number from 1 (first)."]}),
        ("1.5", {"value": ["A rank is a whole number from 1 (first)."]}),
        ("1", {}),
    ],
)
def test_full_clean_wants_a_rank_to_be_a_whole_number_from_one(value, errors):
    observation = _observation(comparison=Comparison.RANK_WORLD, value=Decimal(value))
    assert clean_errors(observation) == errors


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("period", "errors"),
    [
        (datetime.date(2025, 12, 31), {}),
        (
            datetime.date(2025, 12, 1),
            {"period_date": ["A date known only to the end of year is stored as 2025-12-31."]},
        ),
    ],
)
def test_full_clean_stores_the_end_of_a_year_as_the_31st_of_december(period, errors):
    observation = _observation(period_date=period, period_precision=DatePrecision.YEAR_END)
    assert clean_errors(observation) == errors


def test_indicator_name_falls_back_to_chinese_on_english_pages():
    indicator = IndicatorFactory(name_zh="上海人工智能产业规模", name_en="")
    with translation.override("en"):
        assert indicator.name == "上海人工智能产业规模"


FRACTION_ONLY_FOR_SHARES = [
    "Only a share can be published as a fraction, and its denominator is at least 2."
]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("comparison", "denominator", "errors"),
    [
        (Comparison.SHARE_OF_CHINA, 3, {}),
        (Comparison.SHARE_OF_CHINA, 1, {"share_denominator": FRACTION_ONLY_FOR_SHARES}),
        (Comparison.LEVEL, 3, {"share_denominator": FRACTION_ONLY_FOR_SHARES}),
    ],
)
def test_full_clean_allows_a_fraction_only_for_a_share(comparison, denominator, errors):
    observation = _observation(
        comparison=comparison, value=Decimal("33.3333"), share_denominator=denominator
    )
    assert clean_errors(observation) == errors


@pytest.mark.parametrize(
    ("comparison", "denominator"),
    [(Comparison.LEVEL, 3), (Comparison.YOY_GROWTH, 3), (Comparison.SHARE_OF_CHINA, 1)],
)
def test_a_fraction_is_refused_unless_it_is_a_share_of_at_least_halves(comparison, denominator):
    with refused(), transaction.atomic():
        ObservationFactory(
            comparison=comparison, value=Decimal("10"), share_denominator=denominator
        )
