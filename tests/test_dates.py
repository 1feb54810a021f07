"""Dates known to a year, the end of a year, a month or a day, written in both languages."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from config.common.dates import DatePrecision, format_partial_date
from config.common.language import resolve_language


@pytest.mark.parametrize(
    ("date", "precision", "chinese", "english"),
    [
        (datetime.date(2025, 1, 1), DatePrecision.YEAR, "2025年", "2025"),
        (datetime.date(2025, 12, 31), DatePrecision.YEAR_END, "2025年底", "end of 2025"),
        (datetime.date(2025, 9, 1), DatePrecision.MONTH, "2025年9月", "September 2025"),
        (datetime.date(2025, 5, 10), DatePrecision.DAY, "2025年5月10日", "10 May 2025"),
        (datetime.date(2026, 4, 23), DatePrecision.DAY, "2026年4月23日", "23 April 2026"),
        (None, DatePrecision.DAY, "日期未公布", "date not published"),
        (None, "", "日期未公布", "date not published"),
    ],
)
def test_partial_dates_keep_their_precision(date, precision, chinese, english):
    assert format_partial_date(date, precision, language="zh-hans") == chinese
    assert format_partial_date(date, precision, language="en") == english


def test_partial_date_accepts_a_datetime():
    moment = datetime.datetime(2025, 5, 10, 14, 30)
    assert format_partial_date(moment, DatePrecision.DAY, language="en") == "10 May 2025"


def test_active_translation_decides_the_language():
    with translation.override("en"):
        assert resolve_language() == "en"
        assert format_partial_date(datetime.date(2025, 12, 31), DatePrecision.YEAR_END) == (
            "end of 2025"
        )
    with translation.override("zh-hans"):
        assert format_partial_date(datetime.date(2025, 12, 31), DatePrecision.YEAR_END) == (
            "2025年底"
        )


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "2025年9月"), ("en", "September 2025")]
)
def test_partial_date_filter(language, expected):
    template = Template('{% load display %}{{ d|partial_date:"month" }}')
    with translation.override(language):
        assert template.render(Context({"d": datetime.date(2025, 9, 1)})) == expected
