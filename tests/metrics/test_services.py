import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from config.common.dates import DatePrecision
from metrics.enums import Comparison, Scale, Scope, Unit
from metrics.models import Indicator, Sector, Source
from metrics.services import indicator_save, observation_save, sector_save, source_save
from tests.factories import IndicatorFactory, ObservationFactory, SectorFactory, SourceFactory

# The messages below are asserted in English; the site's default language is Chinese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- source_save ---------------------------------------------------------------------------


def test_source_with_only_a_title_is_saved_with_blanks():
    source = source_save(source=Source(title_zh="创新引领时代，青春点燃梦想 在上海，看见未来"))

    source.refresh_from_db()
    assert (source.publisher_zh, source.published_on, source.url) == ("", None, "")


def test_source_needs_a_title():
    with pytest.raises(ValidationError) as error:
        source_save(source=Source(title_zh="   "))

    assert "title_zh" in error.value.message_dict


def test_same_title_and_publisher_twice_is_a_validation_error():
    SourceFactory(title_zh="同一篇文章")

    with pytest.raises(ValidationError):
        source_save(source=Source(title_zh="同一篇文章"))


def test_source_url_must_be_a_url():
    with pytest.raises(ValidationError) as error:
        source_save(source=Source(title_zh="文章", url="not a url"))

    assert "url" in error.value.message_dict


# --- sector_save ---------------------------------------------------------------------------


def test_sector_slug_comes_from_the_english_name():
    sector = sector_save(sector=Sector(name_zh="集成电路", name_en="Integrated circuits"))

    assert sector.slug == "integrated-circuits"


def test_sector_cannot_sit_under_its_own_child():
    parent = SectorFactory()
    child = SectorFactory(parent=parent)
    parent.parent = child

    with pytest.raises(ValidationError) as error:
        sector_save(sector=parent)

    assert error.value.message_dict["parent"] == ["This would make the item its own parent."]


def test_child_sector_is_saved_under_its_parent():
    parent = SectorFactory(slug="integrated-circuits")

    child = sector_save(sector=Sector(name_zh="GPU", name_en="GPUs", parent=parent))

    assert str(child) == f"{parent.name_zh} › GPU"


# --- indicator_save ------------------------------------------------------------------------


def indicator(**fields):
    return Indicator(
        **{
            "name_zh": "上海集成电路企业",
            "name_en": "Shanghai IC companies",
            "sector": SectorFactory(),
            "scope": Scope.SHANGHAI,
            "unit": Unit.COUNT,
            "count_noun_zh": "家",
            **fields,
        }
    )


def test_count_indicator_is_saved_with_its_count_word():
    saved = indicator_save(indicator=indicator())

    assert (saved.slug, saved.count_noun_zh) == ("shanghai-ic-companies", "家")


def test_count_indicator_needs_a_count_word():
    with pytest.raises(ValidationError) as error:
        indicator_save(indicator=indicator(count_noun_zh=""))

    assert error.value.message_dict["count_noun_zh"] == ["Say what is counted (家, 颗, 台 …)."]


def test_money_indicator_has_no_count_word():
    with pytest.raises(ValidationError) as error:
        indicator_save(indicator=indicator(unit=Unit.CNY))

    assert error.value.message_dict["count_noun_zh"] == [
        "Only an indicator counted in units has a count word."
    ]


# --- observation_save ----------------------------------------------------------------------


def observation(**fields):
    return ObservationFactory.build(indicator=IndicatorFactory(), source=SourceFactory(), **fields)


def test_level_with_scale_and_qualifier_is_saved():
    saved = observation_save(
        observation=observation(value=Decimal("4800"), scale=Scale.YI, qualifier="over")
    )

    saved.refresh_from_db()
    assert (saved.value, saved.scale, saved.qualifier) == (Decimal("4800"), Scale.YI, "over")


def test_rank_below_one_is_rejected():
    with pytest.raises(ValidationError) as error:
        observation_save(observation=observation(comparison=Comparison.RANK_WORLD, value=0))

    assert error.value.message_dict["value"] == ["A rank is a whole number from 1 (first)."]


def test_fractional_rank_is_rejected():
    with pytest.raises(ValidationError) as error:
        observation_save(
            observation=observation(comparison=Comparison.RANK_CHINA, value=Decimal("1.5"))
        )

    assert "value" in error.value.message_dict


def test_first_place_is_a_valid_rank():
    saved = observation_save(observation=observation(comparison=Comparison.RANK_CHINA, value=1))

    assert saved.pk is not None


def test_negative_level_is_rejected():
    with pytest.raises(ValidationError) as error:
        observation_save(observation=observation(value=Decimal("-3")))

    assert error.value.message_dict["value"] == ["Only a growth rate can be negative."]


def test_negative_growth_is_allowed():
    saved = observation_save(
        observation=observation(comparison=Comparison.YOY_GROWTH, value=Decimal("-3.2"))
    )

    assert saved.value == Decimal("-3.2")


def test_share_over_a_hundred_percent_is_rejected():
    with pytest.raises(ValidationError) as error:
        observation_save(
            observation=observation(comparison=Comparison.SHARE_OF_CHINA, value=Decimal("140"))
        )

    assert error.value.message_dict["value"] == ["A share is a percentage between 0 and 100."]


def test_share_takes_no_wan_or_yi_scale():
    with pytest.raises(ValidationError) as error:
        observation_save(
            observation=observation(
                comparison=Comparison.SHARE_OF_WORLD, value=Decimal("39"), scale=Scale.WAN
            )
        )

    assert "scale" in error.value.message_dict


def test_multiple_must_be_above_zero():
    with pytest.raises(ValidationError) as error:
        observation_save(observation=observation(comparison=Comparison.MULTIPLE, value=0))

    assert error.value.message_dict["value"] == ["A multiple is greater than zero."]


def test_end_of_year_period_is_the_31st_of_december():
    with pytest.raises(ValidationError) as error:
        observation_save(
            observation=observation(
                period_date=datetime.date(2025, 12, 1), period_precision=DatePrecision.YEAR_END
            )
        )

    assert error.value.message_dict["period_date"] == [
        "A date known only to the end of year is stored as 2025-12-31."
    ]


def test_second_value_for_the_same_period_and_measure_is_a_validation_error():
    first = ObservationFactory(period_date=datetime.date(2025, 1, 1))
    duplicate = ObservationFactory.build(
        indicator=first.indicator,
        source=first.source,
        period_date=first.period_date,
        period_precision=first.period_precision,
    )

    with pytest.raises(ValidationError):
        observation_save(observation=duplicate)


def test_growth_and_level_of_the_same_period_coexist():
    level = ObservationFactory(period_date=datetime.date(2025, 1, 1))
    growth = ObservationFactory.build(
        indicator=level.indicator,
        source=level.source,
        period_date=level.period_date,
        comparison=Comparison.YOY_GROWTH,
        value=Decimal("39.5"),
    )

    assert observation_save(observation=growth).pk is not None
