"""What a search reads once per version of the public content (config.common.content_cache): the
news articles' texts and the words of the names on the site, which it matches in memory, and
the sectors and editions it shows."""

import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from config.common.content_cache import content_version
from forum.models import Edition
from forum.news.selectors import article_list
from metrics.models import Sector
from profiles.models import Organization, Person

from .matching import EXACT, NAME, PREFIX, TEXT

WORD_SIMILARITY = 0.6  # pg_trgm.word_similarity_threshold's default
_WORD = re.compile(r"[^\W_]+")


@dataclass
class NewsTexts:
    """The titles and standfirsts of the published articles, upper case, newest first: a
    search matches them in memory instead of scanning every article's four texts (a few
    thousand short texts at the forum's full size, compared in about a millisecond)."""

    version: str
    expires: object  # the first unpublishing time among the articles read (None: none scheduled)
    # (pk, (title_zh, title_en), (standfirst_zh, standfirst_en), all four joined by line
    # breaks), newest first. A query holds no line break, so it is in the joined texts only
    # when it is in one of them: one test passes over most articles.
    articles: list

    def is_current(self, version):
        return self.version == version and (self.expires is None or timezone.now() < self.expires)

    def ranked_keys(self, text):
        """The keys of the articles whose title or standfirst holds `text`, whatever its case,
        best first: the title itself, its start, a part of it (`matching._name_rank`), then the
        standfirst; newest first within a rank."""
        wanted = text.upper()
        ranked = []
        for pk, titles, standfirsts, joined in self.articles:
            if wanted not in joined:
                continue
            if any(title == wanted for title in titles):
                rank = EXACT
            elif any(title.startswith(wanted) for title in titles):
                rank = PREFIX
            elif any(wanted in title for title in titles):
                rank = NAME
            elif any(wanted in standfirst for standfirst in standfirsts):
                rank = TEXT
            else:
                continue
            ranked.append((-rank, len(ranked), pk))
        return [pk for _, _, pk in sorted(ranked)]


_news_texts = None  # this process's copy, read again when the public content changes


def news_texts():
    """The published articles' texts, read again after any change to public content (a new
    content version) or once an article read reaches its unpublishing time."""
    global _news_texts
    version = content_version()
    if _news_texts is None or not _news_texts.is_current(version):
        rows = article_list().prefetch_related(None).select_related(None).order_by()
        fields = ("pk", "title_zh", "title_en", "standfirst_zh", "standfirst_en", "expire_at")
        articles, expiries = [], []
        for pk, *texts, expire_at in rows.latest_first().values_list(*fields):
            upper = [value.upper() for value in texts]
            articles.append((pk, tuple(upper[:2]), tuple(upper[2:]), "\n".join(upper)))
            expiries.append(expire_at)
        expires = min((when for when in expiries if when is not None), default=None)
        _news_texts = NewsTexts(version=version, expires=expires, articles=articles)
    return _news_texts


@dataclass
class ShownRows:
    """The published sectors and editions (with their tracks) by key, as a search shows them:
    it finds and ranks their keys in SQL (`statements.ranked_groups`) and shows these rows,
    tens of each at the forum's full size, instead of reading them again. Which rows are public
    the statements decide, at the time they run (an edition past its unpublishing time is no
    longer found); what a row shows changes only with a save, which draws a new version."""

    version: str
    sectors: dict
    editions: dict


_shown_rows = None  # this process's copy, read again when the public content changes


def shown_rows():
    """The sectors and editions a search shows, read again after any change to public content
    (a new content version)."""
    global _shown_rows
    version = content_version()
    if _shown_rows is None or _shown_rows.version != version:
        _shown_rows = ShownRows(
            version=version,
            sectors={row.pk: row for row in Sector.objects.published()},
            editions={
                row.pk: row for row in Edition.objects.published().prefetch_related("tracks")
            },
        )
    return _shown_rows


def _trigrams(word):
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _similarity(query, word):
    """pg_trgm's similarity (shared trigrams over all trigrams), to break ties."""
    a, b = _trigrams(query), _trigrams(word)
    return len(a & b) / len(a | b)


# The names whose words a misspelt word is compared with: (model's published rows, field).
_VOCABULARY = (
    (lambda: Person.objects.published(), "name_en"),
    (lambda: Organization.objects.published(), "name_en"),
    (lambda: Organization.objects.published(), "short_name_en"),
    (lambda: Sector.objects.published(), "name_en"),
)


@dataclass
class Vocabulary:
    """The words of the names on the site, with their trigrams indexed (a few thousand words at
    the forum's full size: compared in memory in well under a millisecond)."""

    version: str
    expires: object  # the first unpublishing time among the rows read (None: none scheduled)
    words: dict  # lower case → as written
    by_trigram: dict  # trigram → lower-case words holding it

    def is_current(self, version):
        return self.version == version and (self.expires is None or timezone.now() < self.expires)

    def closest(self, word):
        """The word as written closest to `word`: most of `word`'s trigrams found in it (its
        pg_trgm word similarity, at least 0.6), then the most trigrams shared of both (its
        similarity), then the first alphabetically; '' when `word` is one of the words or
        none is close."""
        lowered = word.lower()
        if lowered in self.words:
            return ""
        trigrams = _trigrams(lowered)
        shared = Counter(
            candidate for trigram in trigrams for candidate in self.by_trigram.get(trigram, ())
        )
        close = [
            (-count, -_similarity(lowered, candidate), candidate)
            for candidate, count in shared.items()
            if count / len(trigrams) >= WORD_SIMILARITY
        ]
        return self.words[min(close)[2]] if close else ""


_vocabulary = None  # this process's copy, rebuilt when the public content changes


def vocabulary():
    """The words of the published names, read again after any change to public content (a new
    content version) or once a row read reaches its unpublishing time."""
    global _vocabulary
    version = content_version()
    if _vocabulary is None or not _vocabulary.is_current(version):
        _vocabulary = _read_vocabulary(version)
    return _vocabulary


def _read_vocabulary(version):
    words, expiries = {}, []
    for rows, field_name in _VOCABULARY:
        queryset = rows().exclude(**{field_name: ""})
        for name in queryset.order_by("pk").values_list(field_name, flat=True):
            for word in _WORD.findall(name):
                words.setdefault(word.lower(), word)
        if hasattr(queryset.model, "expire_at"):
            expiries.append(queryset.aggregate(first=Min("expire_at"))["first"])
    by_trigram = {}
    for word in words:
        for trigram in _trigrams(word):
            by_trigram.setdefault(trigram, []).append(word)
    expires = min((when for when in expiries if when is not None), default=None)
    return Vocabulary(version=version, expires=expires, words=words, by_trigram=by_trigram)
