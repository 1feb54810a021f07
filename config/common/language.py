"""The site's two languages: which one a page is in, which one a text is in, and the numerals
every app writes with (第七届 / 7th edition, 全球第四 / 4th in the world).

Every function that takes an optional `language` lets the active translation decide without it
(`translation.get_language()`), so templates need not pass it.
"""

from babel import Locale
from django.conf import settings
from django.utils import translation
from pypinyin import lazy_pinyin

ZH = "zh"
EN = "en"

_CHINESE_DIGITS = "零一二三四五六七八九"

# English ordinal suffixes by CLDR's ordinal plural categories (1st, 2nd, 3rd, 4th, 11th, 22nd).
_ENGLISH = Locale("en")
_ORDINAL_SUFFIXES = {"one": "st", "two": "nd", "few": "rd", "other": "th"}


def resolve_language(language=None):
    """'en' for any English variant, 'zh' otherwise (Chinese is the site's default)."""
    language = language or translation.get_language() or ""
    return EN if language.lower().startswith("en") else ZH


def chinese_numeral(number):
    """1 → 一, 4 → 四, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五; 100 and above stay digits."""
    # Hand-written: Babel has no rule-based spell-out (CLDR RBNF) for Chinese numerals.
    number = int(number)
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _CHINESE_DIGITS[units]
    text = ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十"
    return text + (_CHINESE_DIGITS[units] if units else "")


def english_ordinal(number):
    """1 → 1st, 2 → 2nd, 3 → 3rd, 4 → 4th, 11 → 11th, 22 → 22nd."""
    number = int(number)
    return f"{number}{_ORDINAL_SUFFIXES[_ENGLISH.ordinal_form(number)]}"


def _has_cjk(text):
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def has_chinese(text):
    """True when the text has a Chinese character."""
    return _has_cjk(str(text or ""))


def pinyin_key(text):
    """The text in toneless pinyin, lower case, letters and digits only: 陈维良 → chenweiliang,
    沐曦 MetaX → muximetax. Sorts Chinese names by their reading and lets a search find them
    by pinyin, or by a homophone typed by mistake (沐熙 → muxi)."""
    if not text:
        return ""
    return "".join(
        char for char in "".join(lazy_pinyin(str(text), errors="default")).lower() if char.isalnum()
    )


def foreign_language(text, language=None):
    """The language code to mark `text` with when it is not in the page language ('' when it
    is): a Chinese excerpt quoted on an English page reads 'zh-hans', so screen readers switch
    voice. Only the two site languages are told apart, by the presence of Chinese characters."""
    if not text:
        return ""
    text_language = ZH if _has_cjk(str(text)) else EN
    if text_language == resolve_language(language):
        return ""
    return language_code(text_language)


def language_code(language):
    """The site's code for 'zh' or 'en' (zh-hans, en), as settings.LANGUAGES spells it."""
    return next(code for code, _name in settings.LANGUAGES if resolve_language(code) == language)
