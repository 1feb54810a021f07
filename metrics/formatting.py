"""Figures as text, in Chinese or English: the numbers, units, scales, currencies, qualifiers,
comparisons and kinds of `metrics.enums`.

Chinese pages show a figure as it was published (4800亿元, 5.5万颗, 2.36亿用户, 65%以上, 全球第四);
English pages convert it to the English scale and currency (¥480 billion, 55,000 chips, 236 million
users, at least 65%, 4th in the world). Arithmetic is done on Decimal, never on float, so a
published 6003.93亿 never turns into 600.39299999 billion.

Every function takes an optional `language`; without it the active translation decides, so
templates simply call the filters of `metrics.templatetags.display`. The words of the two
languages' number grammar (超过, "nearly", 占全国 …) are data of this module, like a locale table,
so a figure reads the same whether or not the message catalogues are compiled.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_decimal

from config.common.dates import format_partial_date
from config.common.language import EN, ZH, chinese_numeral, english_ordinal, resolve_language

from .enums import Comparison, Currency, ObservationKind, Qualifier, Scale, Unit


@dataclass(frozen=True)
class UnitWords:
    """How a number in one unit reads: Chinese writes the unit after the number (4800亿元),
    English before or after it (¥480 billion, 91.38 points); the labels name the unit in a table
    header or on a chart axis (元 / yuan (¥)). A `scaled` unit writes large numbers with scale
    words (¥480 billion, an axis in 亿元); the others always show all their digits."""

    zh: str
    zh_label: str
    en_label: str
    en_before: str = ""
    en_after: str = ""
    scaled: bool = True

    def label(self, language):
        return self.zh_label if language == ZH else self.en_label


# Each unit's words in both languages: a new Unit needs its line here, and
# tests/metrics/test_formatting.py fails for a unit without one. COUNT reads with the indicator's
# own count noun (5.5万颗 / 55,000 chips); its words here are the label when it has none.
UNIT_WORDS = {
    Unit.CNY: UnitWords(zh="元", zh_label="元", en_before="¥", en_label="yuan (¥)"),
    Unit.USD: UnitWords(zh="美元", zh_label="美元", en_before="US$", en_label="US dollars (US$)"),
    Unit.COUNT: UnitWords(zh="", zh_label="个", en_label="count"),
    Unit.PERCENT: UnitWords(zh="%", zh_label="%", en_after="%", en_label="percent", scaled=False),
    Unit.SCORE: UnitWords(
        zh="分", zh_label="分", en_after=" points", en_label="points", scaled=False
    ),
    Unit.YEARS: UnitWords(
        zh="岁", zh_label="岁", en_after=" years", en_label="years", scaled=False
    ),
}
_NO_WORDS = UnitWords(zh="", zh_label="", en_label="")

# The words for large numbers, largest first. Chinese keeps the 万/亿 a figure was published
# with; English writes the absolute number in million/billion/trillion. Chart axes use the same.
_SCALE_WORDS = {
    ZH: {Scale.YI: "亿", Scale.WAN: "万"},
    EN: {10**12: "trillion", 10**9: "billion", 10**6: "million"},
}
# Parsed once: babel parses a locale name again on every call that is given one.
_ENGLISH = Locale.parse("en")

# At most this many decimals after an English scale word ("1.8106 trillion" is too many: it
# becomes "1,810.6 billion"; "1.234567 million" stays "1,234,567"). Hand-written rather than
# Babel's compact format, which rounds: a published figure keeps all its digits.
_MAX_SCALED_DECIMALS = 3

# How a qualifier wraps a number; the word alone (a table column) is the template without "{}".
_QUALIFIERS = {
    ZH: {
        Qualifier.EXACT: "{}",
        Qualifier.OVER: "超过{}",
        Qualifier.ABOUT: "约{}",
        Qualifier.NEARLY: "近{}",
        Qualifier.AT_LEAST: "{}以上",
    },
    EN: {
        Qualifier.EXACT: "{}",
        Qualifier.OVER: "over {}",
        Qualifier.ABOUT: "about {}",
        Qualifier.NEARLY: "nearly {}",
        Qualifier.AT_LEAST: "at least {}",
    },
}

# The words of what a figure measures (growth, share, rank, multiple) and of a target.
_WORDS = {
    ZH: {
        "growth_up": "同比增长{}",
        "growth_down": "同比下降{}",
        "growth_flat": "同比持平",
        Comparison.SHARE_OF_CHINA: "占全国{}",
        Comparison.SHARE_OF_WORLD: "占全球{}",
        Comparison.SHARE_OF_TOTAL: "占比{}",
        Comparison.RANK_CHINA: "全国第{}",
        Comparison.RANK_WORLD: "全球第{}",
        Comparison.MULTIPLE: "{}倍",
        "doubled": "翻番",
        ObservationKind.TARGET: "预计{}",
    },
    EN: {
        "growth_up": "up {} year on year",
        "growth_down": "down {} year on year",
        "growth_flat": "unchanged year on year",
        Comparison.SHARE_OF_CHINA: "{} of China's total",
        Comparison.SHARE_OF_WORLD: "{} of the world total",
        Comparison.SHARE_OF_TOTAL: "{} of the total",
        Comparison.RANK_CHINA: "{} in China",
        Comparison.RANK_WORLD: "{} in the world",
        Comparison.MULTIPLE: "×{}",
        "doubled": "doubled",
        ObservationKind.TARGET: "expected {}",
    },
}


def to_decimal(value):
    """A Decimal from a Decimal, int or numeric string (floats go through str: no binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValueError(f"not a number: {value!r}") from error


def plain_number(value, *, grouped=False):
    """Digits without trailing zeros or exponent: 4800.0000 → '4800', 5.50 → '5.5'.

    `grouped` adds thousands separators (English): 55000 → '55,000'.
    """
    number = to_decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    if grouped:
        return format_decimal(number, locale=_ENGLISH, decimal_quantization=False)
    return format(number, "f")


def _decimals(number):
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def english_number(value):
    """An absolute number on the English scale: 480000000000 → '480 billion', 55000 → '55,000'."""
    number = to_decimal(value)
    magnitude = abs(number)
    for size, word in _SCALE_WORDS[EN].items():
        if magnitude >= size:
            scaled = number / size
            if _decimals(scaled) <= _MAX_SCALED_DECIMALS:
                return f"{plain_number(scaled, grouped=True)} {word}"
    return plain_number(number, grouped=True)


def chinese_number(value, scale=Scale.ONE):
    """A number as published in Chinese: no separators, the 万/亿 it was published with."""
    return f"{plain_number(value)}{_SCALE_WORDS[ZH].get(int(scale), '')}"


def qualify(text, qualifier=Qualifier.EXACT, *, language=None):
    """Wraps a formatted number in its qualifier: 超过4800亿元, 65%以上, nearly ¥1 billion."""
    templates = _QUALIFIERS[resolve_language(language)]
    return templates.get(qualifier or Qualifier.EXACT, "{}").format(text)


def qualifier_word(qualifier, language=None):
    """The qualifier as a word for a table column: 超过 / over; '' for an exact figure."""
    return qualify("", qualifier, language=language).strip()


def _bare_quantity(value, *, scale, unit, count_noun, language):
    """The number with its unit, without qualifier."""
    words = UNIT_WORDS.get(unit, _NO_WORDS)
    if language == ZH:
        return f"{chinese_number(value, scale)}{count_noun if unit == Unit.COUNT else words.zh}"
    absolute = to_decimal(value) * int(scale or Scale.ONE)
    number = english_number(absolute) if words.scaled else plain_number(absolute, grouped=True)
    after = words.en_after
    if unit == Unit.COUNT and count_noun:
        after = f" {count_noun}"
    return f"{words.en_before}{number}{after}"


def format_quantity(
    value,
    *,
    scale=Scale.ONE,
    unit,
    count_noun="",
    qualifier=Qualifier.EXACT,
    language=None,
):
    """One figure with its unit and qualifier.

    4800, scale 亿, unit CNY, qualifier over → '超过4800亿元' (zh) / 'over ¥480 billion' (en).

    `count_noun` is the word for counted things in the target language (颗 / chips).
    """
    if value is None or value == "":
        return ""
    language = resolve_language(language)
    text = _bare_quantity(value, scale=scale, unit=unit, count_noun=count_noun, language=language)
    return qualify(text, qualifier, language=language)


def format_amount(amount, *, scale=Scale.ONE, currency, qualifier=Qualifier.EXACT, language=None):
    """A sum of money (a milestone's funding round): 近10亿元 / nearly ¥1 billion; '' when blank."""
    if amount is None or amount == "" or not currency:
        return ""
    return format_quantity(
        amount,
        scale=scale,
        unit=Currency(currency).unit,
        qualifier=qualifier,
        language=language,
    )


def _share_text(number, denominator):
    """A share as published: a fraction (1/3) when it was one, else a percentage (40%)."""
    if denominator:
        numerator = (number * denominator / 100).quantize(Decimal(1))
        return f"{numerator}/{denominator}"
    return f"{plain_number(number)}%"


def _format_comparison(value, *, comparison, qualifier, language, denominator=None):
    words = _WORDS[language]
    number = to_decimal(value)
    if comparison == Comparison.YOY_GROWTH:
        if number == 0:
            return words["growth_flat"]
        percent = qualify(
            f"{plain_number(abs(number), grouped=language == EN)}%", qualifier, language=language
        )
        return words["growth_up" if number > 0 else "growth_down"].format(percent)
    if comparison in Comparison.shares:
        share = qualify(_share_text(number, denominator), qualifier, language=language)
        return words[comparison].format(share)
    if comparison in Comparison.ranks:
        rank = chinese_numeral(number) if language == ZH else english_ordinal(number)
        return qualify(words[comparison].format(rank), qualifier, language=language)
    if comparison == Comparison.MULTIPLE:
        if number == 2:
            text = words["doubled"]
        else:
            text = words[comparison].format(plain_number(number, grouped=language == EN))
        return qualify(text, qualifier, language=language)
    return None


def format_figure(
    value,
    *,
    unit,
    scale=Scale.ONE,
    count_noun="",
    comparison=Comparison.LEVEL,
    qualifier=Qualifier.EXACT,
    kind=ObservationKind.ACTUAL,
    denominator=None,
    language=None,
):
    """A figure with what it measures: a level (4800亿元), a growth (同比增长39.5%), a share
    (占全国40%, or 占全国1/3 when published as a fraction: pass its `denominator`), a rank
    (全球第四) or a multiple (翻番); a target reads 预计… / expected …."""
    if value is None or value == "":
        return ""
    language = resolve_language(language)
    text = None
    if comparison and comparison != Comparison.LEVEL:
        text = _format_comparison(
            value,
            comparison=comparison,
            qualifier=qualifier,
            language=language,
            denominator=denominator,
        )
    if text is None:
        text = format_quantity(
            value,
            scale=scale,
            unit=unit,
            count_noun=count_noun,
            qualifier=qualifier,
            language=language,
        )
    if kind == ObservationKind.TARGET:
        text = _WORDS[language][ObservationKind.TARGET].format(text)
    return text


def count_noun_for(indicator, language=None):
    """The indicator's count word in the language (English falls back to nothing, not Chinese)."""
    if resolve_language(language) == ZH:
        return indicator.count_noun_zh
    return indicator.count_noun_en


def format_observation(observation, language=None, *, with_qualifier=True):
    """An Observation as text in the page language: 超过5.5万颗 / over 55,000 chips.

    `with_qualifier=False` leaves out the qualifier and the kind, for a table whose row gives
    them in their own columns (see format_observation_value)."""
    indicator = observation.indicator
    return format_figure(
        observation.value,
        unit=indicator.unit,
        scale=observation.scale,
        count_noun=count_noun_for(indicator, language),
        comparison=observation.comparison,
        qualifier=observation.qualifier if with_qualifier else Qualifier.EXACT,
        kind=observation.kind if with_qualifier else ObservationKind.ACTUAL,
        denominator=observation.share_denominator,
        language=language,
    )


def format_observation_value(observation, language=None):
    """The observation's number with its unit and measure, without qualifier or kind (a table
    cell whose row gives those in their own columns): 4800亿元 / ¥480 billion."""
    return format_observation(observation, language, with_qualifier=False)


def format_period(observation, language=None):
    """The period an observation refers to, to its precision."""
    return format_partial_date(
        observation.period_date, observation.period_precision, language=language
    )


def unit_label(indicator, language=None):
    """What an indicator is counted in, in the language: 元 / yuan (¥), 颗 / chips."""
    language = resolve_language(language)
    if indicator.unit == Unit.COUNT:
        return count_noun_for(indicator, language) or UNIT_WORDS[Unit.COUNT].label(language)
    return UNIT_WORDS.get(indicator.unit, _NO_WORDS).label(language)


def scaled_unit_label(indicator, largest, language=None):
    """(divisor, label) for a chart axis whose largest value is `largest` (absolute), so the
    axis reads in the language's scale words: (10⁸, '亿元') / (10⁹, '¥ billion'),
    (10⁶, 'million chips'); a unit that is not `scaled` keeps (1, its label)."""
    language = resolve_language(language)
    label = unit_label(indicator, language)
    words = UNIT_WORDS.get(indicator.unit, _NO_WORDS)
    if not words.scaled:
        return Decimal(1), label
    divisor, word = next(
        ((Decimal(size), word) for size, word in _SCALE_WORDS[language].items() if largest >= size),
        (Decimal(1), ""),
    )
    if language == ZH:
        return divisor, f"{word}{label}"
    if words.en_before:
        return divisor, f"{words.en_before} {word}".strip()
    return divisor, f"{word} {label}".strip()
