"""Figures import from spreadsheets: sources, indicators and their observations, through the
metrics services, matched by their natural keys, so a second import changes nothing."""

import datetime
from decimal import Decimal

import pytest
from tablib import Dataset

from metrics.models import Indicator, Observation, Source
from metrics.resources import IndicatorResource, ObservationResource, SourceResource
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db


def imported(resource_class, headers, *rows):
    dataset = Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    result = resource_class().import_data(dataset)
    assert not result.has_errors(), [
        (n, [str(e.error) for e in es]) for n, es in result.row_errors()
    ] or [e.traceback for e in result.base_errors]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    return result


@pytest.fixture(autouse=True)
def sector():
    return SectorFactory(slug="ai")


def load_figures():
    imported(
        SourceResource,
        ["title_zh", "publisher_zh", "published_on"],
        ["2025年上海人工智能产业报告", "上海市经信委", "2025-06-30"],
    )
    imported(
        IndicatorResource,
        ["slug", "name_zh", "name_en", "sector", "scope", "unit"],
        ["ai-output", "人工智能产业规模", "AI industry output", "ai", "shanghai", "CNY"],
    )
    return imported(
        ObservationResource,
        [
            "indicator",
            "period_date",
            "period_precision",
            "comparison",
            "kind",
            "value",
            "scale",
            "qualifier",
            "source",
        ],
        [
            "ai-output",
            "2024-12-31",
            "year_end",
            "level",
            "actual",
            "4500",
            "100000000",
            "over",
            "2025年上海人工智能产业报告",
        ],
    )


def test_sources_indicators_and_observations_import_with_chinese_intact():
    load_figures()

    observation = Observation.objects.select_related("indicator", "source").get()
    assert observation.indicator.name_zh == "人工智能产业规模"
    assert observation.source == Source.objects.get(publisher_zh="上海市经信委")
    assert observation.value == Decimal("4500")
    assert observation.period_date == datetime.date(2024, 12, 31)


def test_importing_the_same_figures_again_changes_nothing():
    load_figures()

    again = load_figures()

    assert again.totals["skip"] == 1
    assert again.totals["new"] == again.totals["update"] == 0
    assert Indicator.objects.count() == Observation.objects.count() == 1


def test_an_observation_of_an_unknown_indicator_names_the_column(english):
    load_figures()
    headers = [
        "indicator",
        "period_date",
        "period_precision",
        "comparison",
        "kind",
        "value",
        "source",
    ]
    dataset = Dataset(headers=headers)
    dataset.append(
        ["no-such", "2024-12-31", "year_end", "level", "actual", "1", "2025年上海人工智能产业报告"]
    )

    result = ObservationResource().import_data(dataset)

    (row,) = result.invalid_rows
    assert "no-such" in row.field_specific_errors["indicator"][0]
