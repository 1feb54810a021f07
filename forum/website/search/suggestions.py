"""'Did you mean': the name a Chinese homophone sounds like, or a misspelt word's closest
word among the names on the site."""

from config.common.language import has_chinese, pinyin_key

from .indexes import vocabulary


def suggestion(text, groups):
    """The "did you mean" for `text` and the `groups` it found; '' when none."""
    if has_chinese(text):
        return _chinese_suggestion(text, groups)
    if groups:
        return ""
    return _latin_suggestion(text)


def _chinese_suggestion(text, groups):
    """For a Chinese query found only by its pinyin (a homophone: 沐熙), the written name it
    sounds like (沐曦), taken from the best-ranked person or organization; '' otherwise, and
    '' when a name shown holds the query as typed (芯 also finds 王欣 by its pinyin: no typo)."""
    names = [
        item.name_zh
        for group in groups
        if group.kind in ("people", "organizations")
        for item in group.items
    ]
    if any(text in name for name in names):
        return ""
    key = pinyin_key(text)
    for name in names:
        found = _same_reading(name, key, len(text))
        if found:
            return found
    return ""


def _same_reading(name, key, length):
    """The first `length` characters of `name` that read `key` in pinyin, or ''."""
    for start in range(max(len(name) - length + 1, 0)):
        window = name[start : start + length]
        if pinyin_key(window) == key:
            return window
    return ""


def _latin_suggestion(text):
    """The query with each misspelt word (3+ letters) replaced by the closest word of a name on
    the site; '' when no word changes."""
    words = text.split()
    changed = False
    for index, word in enumerate(words):
        if len(word) < 3 or not word.isalnum():
            continue
        closest = vocabulary().closest(word)
        if closest:
            words[index] = closest
            changed = True
    return " ".join(words) if changed else ""
