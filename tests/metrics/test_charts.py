"""Indicator charts: which observations are charted and how the SVG reads in each language."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from metrics.charts import indicator_chart_svg
from metrics.enums import Comparison, ObservationKind, Qualifier, Scale, Unit
from metrics.selectors import chart_series, indicator_for_page
from tests.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def observe(indicator, year, value, **kwargs):
    return ObservationFactory(
        indicator=indicator, period_date=datetime.date(year, 1, 1), value=Decimal(value), **kwargs
    )


def render(indicator, language):
    indicator = indicator_for_page(indicator.slug)
    with translation.override(language):
        return indicator_chart_svg(indicator, *chart_series(indicator)).decode()


@pytest.fixture
def ic_size():
    indicator = IndicatorFactory(name_zh="集成电路产业规模", name_en="IC industry size")
    observe(indicator, 2020, "2400", scale=Scale.YI)
    observe(indicator, 2025, "4800", scale=Scale.YI, qualifier=Qualifier.OVER)
    return indicator


def test_one_period_has_no_chart():
    indicator = IndicatorFactory()
    observe(indicator, 2025, "10")
    observe(indicator, 2025, "39.5", comparison=Comparison.YOY_GROWTH)

    assert chart_series(indicator_for_page(indicator.slug)) is None


def test_level_is_charted_before_other_measures(ic_size):
    observe(ic_size, 2024, "20", comparison=Comparison.YOY_GROWTH)
    observe(ic_size, 2025, "39.5", comparison=Comparison.YOY_GROWTH)

    comparison, series = chart_series(indicator_for_page(ic_size.slug))

    assert comparison == Comparison.LEVEL
    assert [o.period_date.year for o in series[ObservationKind.ACTUAL]] == [2020, 2025]


def test_measure_with_most_periods_is_charted():
    indicator = IndicatorFactory()
    observe(indicator, 2025, "100")
    for year, growth in ((2023, "10"), (2024, "20"), (2025, "39.5")):
        observe(indicator, year, growth, comparison=Comparison.YOY_GROWTH)

    comparison, _series = chart_series(indicator_for_page(indicator.slug))

    assert comparison == Comparison.YOY_GROWTH


def test_targets_are_their_own_series(ic_size):
    observe(ic_size, 2028, "8000", scale=Scale.YI, kind=ObservationKind.TARGET)

    _comparison, series = chart_series(indicator_for_page(ic_size.slug))

    assert set(series) == {ObservationKind.ACTUAL, ObservationKind.TARGET}


def test_chinese_chart_reads_as_published(ic_size):
    svg = render(ic_size, "zh-hans")

    assert "集成电路产业规模" in svg
    assert "超过4800亿元" in svg
    assert "2020年" in svg
    assert "亿元" in svg


def test_english_chart_uses_the_english_scale(ic_size):
    svg = render(ic_size, "en")

    assert "IC industry size" in svg
    assert "over ¥480 billion" in svg
    assert "¥ billion" in svg


def test_chart_has_no_script_and_no_external_reference(ic_size):
    svg = render(ic_size, "en")

    assert "<script" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "")
    assert "https://" not in svg


def test_target_is_labelled_expected(ic_size):
    observe(ic_size, 2028, "8000", scale=Scale.YI, kind=ObservationKind.TARGET)

    svg = render(ic_size, "en")

    assert "expected ¥800 billion" in svg


def test_growth_chart_axis_is_percent():
    indicator = IndicatorFactory(unit=Unit.CNY)
    observe(indicator, 2024, "20", comparison=Comparison.YOY_GROWTH)
    observe(indicator, 2025, "39.5", comparison=Comparison.YOY_GROWTH)

    svg = render(indicator, "en")

    assert "up 39.5% year on year" in svg
    assert ">%<" in svg


def test_count_chart_uses_the_count_word():
    indicator = IndicatorFactory(unit=Unit.COUNT, count_noun_zh="颗", count_noun_en="chips")
    observe(indicator, 2024, "3", scale=Scale.WAN)
    observe(indicator, 2025, "5.5", scale=Scale.WAN, qualifier=Qualifier.OVER)

    assert "万颗" in render(indicator, "zh-hans")
    assert "over 55,000 chips" in render(indicator, "en")
