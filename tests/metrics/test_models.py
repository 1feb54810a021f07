"""The database itself refuses bad sources, sectors, indicators and observations (writes that
bypass full_clean)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from config.common.dates import DatePrecision
from metrics.enums import Comparison, ObservationKind, Unit
from metrics.models import Indicator, Observation, Sector, Source
from tests.factories import IndicatorFactory, ObservationFactory, SectorFactory, SourceFactory

pytestmark = pytest.mark.django_db


def refused():
    return pytest.raises(IntegrityError)


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


def test_a_target_for_the_same_period_is_another_observation():
    actual = ObservationFactory()
    target = ObservationFactory(
        indicator=actual.indicator,
        period_date=actual.period_date,
        period_precision=actual.period_precision,
        kind=ObservationKind.TARGET,
    )
    assert target.pk != actual.pk


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


def test_negative_year_on_year_growth_is_stored():
    observation = ObservationFactory(comparison=Comparison.YOY_GROWTH, value=Decimal("-3.5"))
    assert observation.value == Decimal("-3.5")


@pytest.mark.parametrize("comparison", [Comparison.RANK_CHINA, Comparison.RANK_WORLD])
def test_rank_starts_at_one(comparison):
    with refused(), transaction.atomic():
        ObservationFactory(comparison=comparison, value=Decimal("0"))


def test_first_rank_is_stored():
    assert ObservationFactory(comparison=Comparison.RANK_WORLD, value=Decimal("1")).value == 1


def test_observation_keeps_year_end_precision():
    observation = ObservationFactory(
        period_date=datetime.date(2025, 12, 31), period_precision=DatePrecision.YEAR_END
    )
    observation.refresh_from_db()
    assert observation.period_precision == DatePrecision.YEAR_END


def test_indicator_name_falls_back_to_chinese_on_english_pages():
    indicator = IndicatorFactory(name_zh="上海人工智能产业规模", name_en="")
    with translation.override("en"):
        assert indicator.name == "上海人工智能产业规模"


def test_a_share_published_as_a_fraction_is_stored():
    observation = ObservationFactory(
        comparison=Comparison.SHARE_OF_CHINA, value=Decimal("33.3333"), share_denominator=3
    )
    assert observation.share_denominator == 3


@pytest.mark.parametrize(
    ("comparison", "denominator"),
    [(Comparison.LEVEL, 3), (Comparison.YOY_GROWTH, 3), (Comparison.SHARE_OF_CHINA, 1)],
)
def test_a_fraction_is_refused_unless_it_is_a_share_of_at_least_halves(comparison, denominator):
    with refused(), transaction.atomic():
        ObservationFactory(
            comparison=comparison, value=Decimal("10"), share_denominator=denominator
        )
