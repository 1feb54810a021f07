"""The site's two languages: numerals and telling which language a text is in."""

import pytest

from config.common.language import chinese_numeral, english_ordinal, foreign_language


@pytest.mark.parametrize(
    ("number", "chinese"),
    [(1, "一"), (4, "四"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (100, "100")],
)
def test_chinese_numerals(number, chinese):
    assert chinese_numeral(number) == chinese


@pytest.mark.parametrize(
    ("number", "ordinal"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (13, "13th"), (22, "22nd")],
)
def test_english_ordinals(number, ordinal):
    assert english_ordinal(number) == ordinal


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("上海集成电路产业规模突破4800亿元", "en", "zh-hans"),
        ("上海集成电路产业规模突破4800亿元", "zh-hans", ""),
        ("MiniMax", "zh-hans", "en"),
        ("Innovation leads the era", "en", ""),
        ("", "en", ""),
        (None, "en", ""),
    ],
)
def test_foreign_language_marks_text_not_in_the_page_language(text, language, expected):
    assert foreign_language(text, language) == expected
