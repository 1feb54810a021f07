"""Figures as text: every unit, scale, qualifier, comparison and kind, in both languages."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from config.common.dates import DatePrecision
from metrics.enums import Comparison, Currency, ObservationKind, Qualifier, Scale, Unit
from metrics.formatting import (
    UNIT_WORDS,
    english_number,
    format_amount,
    format_figure,
    format_observation,
    format_period,
    format_quantity,
    plain_number,
    qualifier_word,
    to_decimal,
)
from tests.factories import IndicatorFactory, ObservationFactory

D = Decimal


@pytest.mark.parametrize(
    ("value", "scale", "unit", "noun_zh", "noun_en", "chinese", "english"),
    [
        (D("4800"), Scale.YI, Unit.CNY, "", "", "4800亿元", "¥480 billion"),
        (D("1350"), Scale.YI, Unit.USD, "", "", "1350亿美元", "US$135 billion"),
        (D("5.5"), Scale.WAN, Unit.COUNT, "颗", "chips", "5.5万颗", "55,000 chips"),
        (D("2.36"), Scale.YI, Unit.COUNT, "用户", "users", "2.36亿用户", "236 million users"),
        (D("394"), Scale.ONE, Unit.COUNT, "家", "companies", "394家", "394 companies"),
        (D("1200"), Scale.ONE, Unit.COUNT, "家", "companies", "1200家", "1,200 companies"),
        (D("39.2"), Scale.WAN, Unit.COUNT, "户", "", "39.2万户", "392,000"),
        (D("39.5"), Scale.ONE, Unit.PERCENT, "", "", "39.5%", "39.5%"),
        (D("91.38"), Scale.ONE, Unit.SCORE, "", "", "91.38分", "91.38 points"),
        (D("38.6"), Scale.ONE, Unit.YEARS, "", "", "38.6岁", "38.6 years"),
        (D("700"), Scale.WAN, Unit.CNY, "", "", "700万元", "¥7 million"),
        (D("1000"), Scale.WAN, Unit.CNY, "", "", "1000万元", "¥10 million"),
        (D("18106"), Scale.YI, Unit.CNY, "", "", "18106亿元", "¥1,810.6 billion"),
        (D("6003.93"), Scale.YI, Unit.CNY, "", "", "6003.93亿元", "¥600.393 billion"),
        (D("20000"), Scale.YI, Unit.CNY, "", "", "20000亿元", "¥2 trillion"),
        (D("1234567"), Scale.ONE, Unit.CNY, "", "", "1234567元", "¥1,234,567"),
    ],
)
def test_units_and_scales(value, scale, unit, noun_zh, noun_en, chinese, english):
    zh = format_quantity(value, scale=scale, unit=unit, count_noun=noun_zh, language="zh-hans")
    en = format_quantity(value, scale=scale, unit=unit, count_noun=noun_en, language="en")
    assert (zh, en) == (chinese, english)


@pytest.mark.parametrize(
    ("qualifier", "chinese", "english"),
    [
        (Qualifier.EXACT, "4800亿元", "¥480 billion"),
        (Qualifier.OVER, "超过4800亿元", "over ¥480 billion"),
        (Qualifier.ABOUT, "约4800亿元", "about ¥480 billion"),
        (Qualifier.NEARLY, "近4800亿元", "nearly ¥480 billion"),
        (Qualifier.AT_LEAST, "4800亿元以上", "at least ¥480 billion"),
    ],
)
def test_qualifiers_read_naturally(qualifier, chinese, english):
    args = {"scale": Scale.YI, "unit": Unit.CNY, "qualifier": qualifier}
    assert format_quantity(D("4800"), **args, language="zh-hans") == chinese
    assert format_quantity(D("4800"), **args, language="en") == english


@pytest.mark.parametrize(
    ("qualifier", "chinese", "english"),
    [
        (Qualifier.AT_LEAST, "65%以上", "at least 65%"),
        (Qualifier.NEARLY, "近10%", "nearly 10%"),
        (Qualifier.OVER, "超过70%", "over 70%"),
        (Qualifier.ABOUT, "约49%", "about 49%"),
    ],
)
def test_qualified_percentages(qualifier, chinese, english):
    value = {"at_least": "65", "nearly": "10", "over": "70", "about": "49"}[qualifier]
    args = {"unit": Unit.PERCENT, "qualifier": qualifier}
    assert format_quantity(D(value), **args, language="zh-hans") == chinese
    assert format_quantity(D(value), **args, language="en") == english


def test_nearly_one_billion_yuan():
    args = {"scale": Scale.YI, "unit": Unit.CNY, "qualifier": Qualifier.NEARLY}
    assert format_quantity(D("10"), **args, language="zh-hans") == "近10亿元"
    assert format_quantity(D("10"), **args, language="en") == "nearly ¥1 billion"


def test_about_three_billion_yuan():
    args = {"scale": Scale.YI, "unit": Unit.CNY, "qualifier": Qualifier.ABOUT}
    assert format_quantity(D("30"), **args, language="zh-hans") == "约30亿元"
    assert format_quantity(D("30"), **args, language="en") == "about ¥3 billion"


@pytest.mark.parametrize(
    ("value", "comparison", "qualifier", "chinese", "english"),
    [
        ("39.5", Comparison.YOY_GROWTH, Qualifier.EXACT, "同比增长39.5%", "up 39.5% year on year"),
        ("-3.2", Comparison.YOY_GROWTH, Qualifier.EXACT, "同比下降3.2%", "down 3.2% year on year"),
        ("0", Comparison.YOY_GROWTH, Qualifier.EXACT, "同比持平", "unchanged year on year"),
        (
            "60",
            Comparison.YOY_GROWTH,
            Qualifier.OVER,
            "同比增长超过60%",
            "up over 60% year on year",
        ),
        ("40", Comparison.SHARE_OF_CHINA, Qualifier.EXACT, "占全国40%", "40% of China's total"),
        (
            "10",
            Comparison.SHARE_OF_CHINA,
            Qualifier.NEARLY,
            "占全国近10%",
            "nearly 10% of China's total",
        ),
        ("39", Comparison.SHARE_OF_WORLD, Qualifier.EXACT, "占全球39%", "39% of the world total"),
        ("75.6", Comparison.SHARE_OF_TOTAL, Qualifier.EXACT, "占比75.6%", "75.6% of the total"),
        ("4", Comparison.RANK_WORLD, Qualifier.EXACT, "全球第四", "4th in the world"),
        ("1", Comparison.RANK_WORLD, Qualifier.EXACT, "全球第一", "1st in the world"),
        ("1", Comparison.RANK_CHINA, Qualifier.EXACT, "全国第一", "1st in China"),
        ("2", Comparison.RANK_CHINA, Qualifier.EXACT, "全国第二", "2nd in China"),
        ("3", Comparison.RANK_CHINA, Qualifier.EXACT, "全国第三", "3rd in China"),
        ("12", Comparison.RANK_CHINA, Qualifier.EXACT, "全国第十二", "12th in China"),
        ("2", Comparison.MULTIPLE, Qualifier.EXACT, "翻番", "doubled"),
        ("3", Comparison.MULTIPLE, Qualifier.EXACT, "3倍", "×3"),
        ("1.5", Comparison.MULTIPLE, Qualifier.ABOUT, "约1.5倍", "about ×1.5"),
    ],
)
def test_comparisons(value, comparison, qualifier, chinese, english):
    args = {"unit": Unit.CNY, "comparison": comparison, "qualifier": qualifier}
    assert format_figure(D(value), **args, language="zh-hans") == chinese
    assert format_figure(D(value), **args, language="en") == english


@pytest.mark.parametrize(
    ("kind", "chinese", "english"),
    [
        (ObservationKind.ACTUAL, "800亿元", "¥80 billion"),
        (ObservationKind.TARGET, "预计800亿元", "expected ¥80 billion"),
    ],
)
def test_kinds(kind, chinese, english):
    args = {"unit": Unit.CNY, "scale": Scale.YI, "kind": kind}
    assert format_figure(D("800"), **args, language="zh-hans") == chinese
    assert format_figure(D("800"), **args, language="en") == english


def test_target_of_a_count_over_a_number():
    args = {"unit": Unit.COUNT, "kind": "target", "qualifier": "over"}
    zh = format_figure(D("500"), **args, count_noun="架", language="zh-hans")
    en = format_figure(D("500"), **args, count_noun="aircraft", language="en")
    assert (zh, en) == ("预计超过500架", "expected over 500 aircraft")


@pytest.mark.parametrize(
    ("value", "plain", "grouped"),
    [
        (D("4800.0000"), "4800", "4,800"),
        (D("5.5000"), "5.5", "5.5"),
        (D("6003.9300"), "6003.93", "6,003.93"),
        (D("4.8E+2"), "480", "480"),
        (D("0.0001"), "0.0001", "0.0001"),
        (D("0"), "0", "0"),
        (12, "12", "12"),
        ("91.380", "91.38", "91.38"),
    ],
)
def test_plain_numbers_strip_zeros_and_exponents(value, plain, grouped):
    assert plain_number(value) == plain
    assert plain_number(value, grouped=True) == grouped


def test_no_float_rounding_noise():
    # 0.1 + 0.2 in floats is 0.30000000000000004; as Decimal it stays 0.3.
    assert english_number(D("0.1") + D("0.2")) == "0.3"
    assert english_number(D("6003.93") * 100_000_000) == "600.393 billion"


def test_floats_go_through_their_shortest_repr():
    assert to_decimal(0.1) == D("0.1")


def test_garbage_is_refused_with_a_value_error():
    with pytest.raises(ValueError, match="not a number"):
        to_decimal("abc")


@pytest.mark.parametrize("value", [None, ""])
def test_blank_value_formats_to_nothing(value):
    assert format_quantity(value, unit=Unit.CNY, language="en") == ""
    assert format_figure(value, unit=Unit.CNY, language="en") == ""


@pytest.mark.parametrize(
    ("currency", "qualifier", "chinese", "english"),
    [
        (Currency.CNY, Qualifier.NEARLY, "近10亿元", "nearly ¥1 billion"),
        (Currency.USD, Qualifier.EXACT, "10亿美元", "US$1 billion"),
        (Currency.CNY, Qualifier.OVER, "超过10亿元", "over ¥1 billion"),
    ],
)
def test_amounts(currency, qualifier, chinese, english):
    args = {"scale": Scale.YI, "currency": currency, "qualifier": qualifier}
    assert format_amount(D("10"), **args, language="zh-hans") == chinese
    assert format_amount(D("10"), **args, language="en") == english


def test_amount_without_a_value_is_blank():
    assert format_amount(None, currency=Currency.CNY, language="en") == ""


@pytest.mark.django_db
def test_observation_uses_its_indicator_unit_and_count_word():
    indicator = IndicatorFactory(unit=Unit.COUNT, count_noun_zh="颗", count_noun_en="chips")
    observation = ObservationFactory(
        indicator=indicator, value=D("5.5"), scale=Scale.WAN, qualifier=Qualifier.OVER
    )
    assert format_observation(observation, language="zh-hans") == "超过5.5万颗"
    assert format_observation(observation, language="en") == "over 55,000 chips"


@pytest.mark.django_db
def test_observation_period():
    observation = ObservationFactory(
        period_date=datetime.date(2025, 12, 31), period_precision=DatePrecision.YEAR_END
    )
    assert format_period(observation, language="zh-hans") == "2025年底"
    assert format_period(observation, language="en") == "end of 2025"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "超过4800亿元 · 2025年"), ("en", "over ¥480 billion · 2025")],
)
def test_template_filters_follow_the_page_language(language, expected):
    observation = ObservationFactory(
        value=D("4800"),
        scale=Scale.YI,
        qualifier=Qualifier.OVER,
        period_date=datetime.date(2025, 1, 1),
        period_precision=DatePrecision.YEAR,
    )
    template = Template("{% load display %}{{ o|figure }} · {{ o|period }}")
    with translation.override(language):
        assert template.render(Context({"o": observation})) == expected


def test_quantity_tag():
    template = Template(
        '{% load display %}{% quantity v unit="CNY" scale=100000000 qualifier="over" %}'
    )
    with translation.override("en"):
        assert template.render(Context({"v": D("4800")})) == "over ¥480 billion"


@pytest.mark.parametrize(
    ("comparison", "qualifier", "chinese", "english"),
    [
        (Comparison.SHARE_OF_CHINA, Qualifier.EXACT, "占全国1/3", "1/3 of China's total"),
        (Comparison.SHARE_OF_WORLD, Qualifier.ABOUT, "占全球约1/3", "about 1/3 of the world total"),
        (Comparison.SHARE_OF_TOTAL, Qualifier.OVER, "占比超过1/3", "over 1/3 of the total"),
    ],
)
def test_a_share_published_as_a_fraction_reads_as_that_fraction(
    comparison, qualifier, chinese, english
):
    for language, expected in (("zh-hans", chinese), ("en", english)):
        text = format_figure(
            D("33.3333"),
            unit=Unit.PERCENT,
            comparison=comparison,
            qualifier=qualifier,
            denominator=3,
            language=language,
        )
        assert text == expected


@pytest.mark.django_db
def test_an_observation_passes_its_fraction_to_the_formatter():
    observation = ObservationFactory(
        indicator=IndicatorFactory(unit=Unit.PERCENT),
        comparison=Comparison.SHARE_OF_CHINA,
        value=D("33.3333"),
        share_denominator=3,
    )

    with translation.override("zh-hans"):
        assert format_observation(observation) == "占全国1/3"


# ---- every member of the figure enums has its words in both languages ----------------------------


@pytest.mark.parametrize("unit", list(Unit))
def test_every_unit_has_its_words_in_both_languages(unit):
    assert unit in UNIT_WORDS, f"add {unit!r} to metrics.formatting.UNIT_WORDS"
    words = UNIT_WORDS[unit]
    assert words.zh_label, "a Chinese label for table headers"
    assert words.en_label, "an English label for table headers"
    if unit != Unit.COUNT:  # a count reads with its indicator's own count noun
        assert words.zh, "the Chinese word after the number"
        assert words.en_before or words.en_after, "the English words around the number"
    for language in ("zh-hans", "en"):
        text = format_quantity(D("5"), unit=unit, count_noun="颗", language=language)
        assert text not in {"", "5"}


def test_every_currency_is_a_unit_with_words():
    for currency in Currency:
        assert currency.unit in UNIT_WORDS
        assert format_amount(D("5"), currency=currency, language="en") != "5"


@pytest.mark.parametrize("comparison", [c for c in Comparison if c != Comparison.LEVEL])
def test_every_comparison_has_its_words_in_both_languages(comparison):
    for language in ("zh-hans", "en"):
        level = format_figure(D("3"), unit=Unit.PERCENT, language=language)
        text = format_figure(D("3"), unit=Unit.PERCENT, comparison=comparison, language=language)
        assert text
        assert text != level


@pytest.mark.parametrize(
    ("qualifier", "chinese", "english"),
    [
        (Qualifier.EXACT, "", ""),
        (Qualifier.OVER, "超过", "over"),
        (Qualifier.ABOUT, "约", "about"),
        (Qualifier.NEARLY, "近", "nearly"),
        (Qualifier.AT_LEAST, "以上", "at least"),
    ],
)
def test_qualifier_words_for_a_table_column(qualifier, chinese, english):
    assert qualifier_word(qualifier, "zh-hans") == chinese
    assert qualifier_word(qualifier, "en") == english


@pytest.mark.parametrize("qualifier", [q for q in Qualifier if q != Qualifier.EXACT])
def test_every_qualifier_has_its_words_in_both_languages(qualifier):
    assert qualifier_word(qualifier, "zh-hans")
    assert qualifier_word(qualifier, "en")
