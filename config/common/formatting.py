"""The one place that turns stored figures into text, in Chinese or English.

Chinese pages show a figure as it was published (4800亿元, 5.5万颗, 2.36亿用户, 65%以上, 全球第四);
English pages convert it to the English scale and currency (¥480 billion, 55,000 chips, 236 million
users, at least 65%, 4th in the world). Arithmetic is done on Decimal, never on float, so a
published 6003.93亿 never turns into 600.39299999 billion.

Every function takes an optional `language`; without it the active translation decides
(`translation.get_language()`), so templates simply call the filters of
`metrics.templatetags.display`.
The words of the two languages' number grammar (超过, "nearly", 占全国 …) are data of
this module, like a locale table, so a figure reads the same whether or not catalogues are compiled.
"""

from decimal import Decimal, InvalidOperation

from .dates import format_partial_date
from .enums import Currency, Qualifier, Scale
from .language import EN, ZH, chinese_numeral, english_ordinal, resolve_language

# Units an indicator or an amount can be expressed in. The values are those of
# metrics.enums.Unit and config.common.enums.Currency (strings, so this module needs no app).
CNY = "CNY"
USD = "USD"
COUNT = "count"
PERCENT = "percent"
SCORE = "score"
YEARS = "years"

# Comparisons (values of metrics.enums.Comparison).
LEVEL = "level"
YOY_GROWTH = "yoy_growth"
SHARE_OF_CHINA = "share_of_china"
SHARE_OF_WORLD = "share_of_world"
SHARE_OF_TOTAL = "share_of_total"
RANK_CHINA = "rank_china"
RANK_WORLD = "rank_world"
MULTIPLE = "multiple"

TARGET = "target"

_CHINESE_SCALE = {Scale.ONE: "", Scale.WAN: "万", Scale.YI: "亿"}
# English words for large numbers, largest first; used when the result stays short.
_ENGLISH_SCALE = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)
# At most this many decimals after an English scale word ("1.8106 trillion" is too many: it
# becomes "1,810.6 billion"; "1.234567 million" stays "1,234,567").
_MAX_SCALED_DECIMALS = 3

_WORDS = {
    ZH: {
        "expected": "预计{}",
        "yoy_up": "同比增长{}",
        "yoy_down": "同比下降{}",
        "yoy_flat": "同比持平",
        SHARE_OF_CHINA: "占全国{}",
        SHARE_OF_WORLD: "占全球{}",
        SHARE_OF_TOTAL: "占比{}",
        RANK_CHINA: "全国第{}",
        RANK_WORLD: "全球第{}",
        "doubled": "翻番",
        "multiple": "{}倍",
    },
    EN: {
        "expected": "expected {}",
        "yoy_up": "up {} year on year",
        "yoy_down": "down {} year on year",
        "yoy_flat": "unchanged year on year",
        SHARE_OF_CHINA: "{} of China's total",
        SHARE_OF_WORLD: "{} of the world total",
        SHARE_OF_TOTAL: "{} of the total",
        RANK_CHINA: "{} in China",
        RANK_WORLD: "{} in the world",
        "doubled": "doubled",
        "multiple": "×{}",
    },
}

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
    return format(number, ",f" if grouped else "f")


def _decimals(number):
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def english_number(value):
    """An absolute number on the English scale: 480000000000 → '480 billion', 55000 → '55,000'."""
    number = to_decimal(value)
    magnitude = abs(number)
    for size, word in _ENGLISH_SCALE:
        if magnitude >= size:
            scaled = number / size
            if _decimals(scaled) <= _MAX_SCALED_DECIMALS:
                return f"{plain_number(scaled, grouped=True)} {word}"
    return plain_number(number, grouped=True)


def chinese_number(value, scale=Scale.ONE):
    """A number as published in Chinese: no separators, the 万/亿 it was published with."""
    return f"{plain_number(value)}{_CHINESE_SCALE.get(int(scale), '')}"


def qualify(text, qualifier=Qualifier.EXACT, *, language=None):
    """Wraps a formatted number in its qualifier: 超过4800亿元, 65%以上, nearly ¥1 billion."""
    templates = _QUALIFIERS[resolve_language(language)]
    return templates.get(qualifier or Qualifier.EXACT, "{}").format(text)


def _bare_quantity(value, *, scale, unit, count_noun, language):
    """The number with its unit, without qualifier."""
    if language == ZH:
        number = chinese_number(value, scale)
        suffix = {
            CNY: "元",
            USD: "美元",
            PERCENT: "%",
            SCORE: "分",
            YEARS: "岁",
            COUNT: count_noun or "",
        }.get(unit, "")
        return f"{number}{suffix}"
    absolute = to_decimal(value) * int(scale or Scale.ONE)
    if unit == PERCENT:
        return f"{plain_number(absolute, grouped=True)}%"
    number = english_number(absolute)
    if unit == CNY:
        return f"¥{number}"
    if unit == USD:
        return f"US${number}"
    if unit == SCORE:
        return f"{number} points"
    if unit == YEARS:
        return f"{number} years"
    if unit == COUNT and count_noun:
        return f"{number} {count_noun}"
    return number


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
    unit = USD if currency == Currency.USD else CNY
    return format_quantity(amount, scale=scale, unit=unit, qualifier=qualifier, language=language)


def _share_text(number, denominator, language):
    """A share as published: a fraction (1/3) when it was one, else a percentage (40%)."""
    if denominator:
        numerator = (number * denominator / 100).quantize(Decimal(1))
        return f"{numerator}/{denominator}"
    return f"{plain_number(number)}%"


def _format_comparison(value, *, comparison, qualifier, language, denominator=None):
    words = _WORDS[language]
    number = to_decimal(value)
    if comparison == YOY_GROWTH:
        if number == 0:
            return words["yoy_flat"]
        percent = qualify(
            f"{plain_number(abs(number), grouped=language == EN)}%", qualifier, language=language
        )
        return words["yoy_up" if number > 0 else "yoy_down"].format(percent)
    if comparison in (SHARE_OF_CHINA, SHARE_OF_WORLD, SHARE_OF_TOTAL):
        share = qualify(_share_text(number, denominator, language), qualifier, language=language)
        return words[comparison].format(share)
    if comparison in (RANK_CHINA, RANK_WORLD):
        rank = chinese_numeral(number) if language == ZH else english_ordinal(number)
        return qualify(words[comparison].format(rank), qualifier, language=language)
    if comparison == MULTIPLE:
        if number == 2:
            text = words["doubled"]
        else:
            text = words["multiple"].format(plain_number(number, grouped=language == EN))
        return qualify(text, qualifier, language=language)
    return None


def format_figure(
    value,
    *,
    unit,
    scale=Scale.ONE,
    count_noun="",
    comparison=LEVEL,
    qualifier=Qualifier.EXACT,
    kind="actual",
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
    if comparison and comparison != LEVEL:
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
    if kind == TARGET:
        text = _WORDS[language]["expected"].format(text)
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
        kind=observation.kind if with_qualifier else "actual",
        denominator=observation.share_denominator,
        language=language,
    )


def format_period(observation, language=None):
    """The period an observation refers to, to its precision."""
    return format_partial_date(
        observation.period_date, observation.period_precision, language=language
    )


def format_milestone_amount(milestone, language=None):
    """A milestone's amount with its currency, scale and qualifier; '' when it has none."""
    return format_amount(
        milestone.amount,
        scale=milestone.amount_scale,
        currency=milestone.amount_currency,
        qualifier=milestone.amount_qualifier,
        language=language,
    )


_QUALIFIER_WORDS = {
    ZH: {
        Qualifier.EXACT: "",
        Qualifier.OVER: "超过",
        Qualifier.ABOUT: "约",
        Qualifier.NEARLY: "近",
        Qualifier.AT_LEAST: "以上",
    },
    EN: {
        Qualifier.EXACT: "",
        Qualifier.OVER: "over",
        Qualifier.ABOUT: "about",
        Qualifier.NEARLY: "nearly",
        Qualifier.AT_LEAST: "at least",
    },
}

_UNIT_WORDS = {
    ZH: {CNY: "元", USD: "美元", PERCENT: "%", SCORE: "分", YEARS: "岁"},
    EN: {
        CNY: "yuan (¥)",
        USD: "US dollars (US$)",
        PERCENT: "percent",
        SCORE: "points",
        YEARS: "years",
    },
}


def qualifier_word(qualifier, language=None):
    """The qualifier as a word for a table column: 超过 / over; '' for an exact figure."""
    return _QUALIFIER_WORDS[resolve_language(language)].get(qualifier or Qualifier.EXACT, "")


def unit_label(indicator, language=None):
    """What an indicator is counted in, in the language: 元 / yuan (¥), 颗 / chips."""
    language = resolve_language(language)
    if indicator.unit == COUNT:
        return count_noun_for(indicator, language) or ("个" if language == ZH else "count")
    return _UNIT_WORDS[language].get(indicator.unit, indicator.unit)


def format_observation_value(observation, language=None):
    """The observation's number with its unit and measure, without qualifier or kind (a table
    cell whose row gives those in their own columns): 4800亿元 / ¥480 billion."""
    return format_observation(observation, language, with_qualifier=False)
