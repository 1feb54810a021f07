"""The site search: every read behind /search/ lives here.

What a query matches, per kind of result, in either language:

- sectors by name; organizations by name, short name, pinyin of the Chinese name, description,
  or a matching sector (GPU → the GPU companies); people by name, pinyin, headline, biography,
  or a role at an organization the query names (沐曦 → the people at MetaX); editions by theme,
  venue, track, number or year; indicators by name, description or a matching sector; news
  articles by title or standfirst.
- A Chinese query is also read in pinyin, so a homophone typed by mistake still finds the name
  (沐熙 → 沐曦股份), and a Latin query finds a Chinese name by its pinyin (chenweiliang).

Results rank in the database, the same on SQLite and PostgreSQL: the name itself, then the
name's start, a part of the name, its pinyin, a related sector or organization, then the text.
On PostgreSQL English text also matches by full-text search (stemmed: "robots" finds "robot"),
and people, organizations and indicators are found through columns PostgreSQL generates and
indexes with pg_trgm (`SearchColumn`), so that every query, one or two Chinese characters
included (沐, 沐曦), is answered from an index; SQLite tests the same fields without indexes.
Each kind of match is its own subquery of keys, and the database fetches only the rows their
union names (`_any_of`).

A query that finds nothing is checked word by word against the words of the names on the site
(trigram word similarity, as pg_trgm computes it) and the closest spelling is suggested, and
searched ("Did you mean MetaX?"). Those words are read once per version of the public content
(config.common.content_cache), so a name edited, unpublished or deleted stops being suggested
at once, and one past its unpublishing time as soon as that time comes.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    Func,
    IntegerField,
    Min,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.common.content_cache import content_version
from config.common.language import chinese_numeral, has_chinese, pinyin_key
from forum.models import Edition
from forum.news.selectors import article_list
from forum.registrations.selectors import call_to_register
from forum.selectors import featured_edition
from metrics.models import Indicator, Sector
from profiles import selectors as profile_selectors
from profiles.models import Organization, Person, Role

LIMIT = 20
MIN_PINYIN = 3  # a shorter pinyin (li, wu) matches too many names to mean anything
WORD_SIMILARITY = 0.6  # pg_trgm.word_similarity_threshold's default
_EDITION_NUMBER = re.compile(r"^第?\s*([0-9一二三四五六七八九十]+)\s*届?$")
_WORD = re.compile(r"[^\W_]+")

# Shown on the empty search page: one of each way a query can find something.
EXAMPLES = ("沐曦", "MetaX", "chen weiliang", "Robotics", "GPU", "第六届")
KINDS = ("people", "organizations", "sectors", "editions", "indicators", "articles")
# Ranks: higher first.
EXACT, PREFIX, NAME, PINYIN, RELATED, TEXT = 100, 90, 80, 60, 40, 20


@dataclass
class Group:
    kind: str
    label: str
    items: list
    count: int


@dataclass
class Results:
    query: str
    groups: list = field(default_factory=list)
    suggestion: str = ""
    corrected: bool = False  # the groups are the suggestion's results

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    def __getitem__(self, kind):
        """The items shown of one kind (people, organizations, sectors, editions, indicators);
        KeyError for anything else (so templates read the attributes)."""
        if kind not in KINDS:
            raise KeyError(kind)
        return next((group.items for group in self.groups if group.kind == kind), [])


def search(text):
    """Results for `text` (stripped); None for a blank query."""
    text = " ".join((text or "").split())
    if not text:
        return None
    groups = _groups(text)
    results = Results(query=text, groups=groups)
    results.suggestion = _suggestion(text, groups)
    if results.suggestion and not results.total:
        results.groups = _groups(results.suggestion)
        results.corrected = True
    return results


def start_page():
    """What the search page shows before a query: the next edition, the sectors, examples."""
    edition = featured_edition()
    return {
        "edition": edition,
        "call_to_register": call_to_register(edition) if edition else None,
        "sectors": list(Sector.objects.published().roots().order_by("order", "pk")),
        "examples": EXAMPLES,
    }


# --- Matching and ranking ---------------------------------------------------------------------


def _is_postgresql():
    return connection.vendor == "postgresql"


class Spread(Func):
    """The text in upper case with each character written three times (沐曦 → 沐沐沐曦曦曦), as
    PostgreSQL keeps it in the search columns."""

    template = "REGEXP_REPLACE(UPPER(%(expressions)s), '(.)', '\\1\\1\\1', 'g')"
    output_field = TextField()


class _GeneratedColumn(Expression):
    """A column PostgreSQL computes beside a model's own: the migrations add it, the model does
    not know it, so no other query reads or writes it."""

    def __init__(self, column, output_field=None, alias=None):
        super().__init__(output_field=output_field or TextField())
        self.column, self.alias = column, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return _GeneratedColumn(self.column, self.output_field, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        alias = change_map.get(self.alias, self.alias)
        return _GeneratedColumn(self.column, self.output_field, alias)

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name
        return f"{quote(self.alias)}.{quote(self.column)}", []


@dataclass(frozen=True)
class SearchColumn:
    """Some texts of a model, joined by line breaks and spread (`Spread`) into one column that
    PostgreSQL generates on every write and indexes with pg_trgm (profiles and metrics
    migrations): a substring of a text is still a substring once both are spread, and a one- or
    two-character query (沐曦, AI) then has trigrams, which pg_trgm needs to use an index at all.
    A query holds no line break, so it never matches across two texts."""

    column: str
    fields: tuple

    def found(self, text):
        """One of the texts contains `text`, whatever its case (SQLite reads the fields)."""
        if not _is_postgresql():
            return _contains(self.fields, text)
        return Q(Contains(_GeneratedColumn(self.column), Spread(Value(text))))


PERSON_NAME = SearchColumn("search_name", ("name_zh", "name_en"))
PERSON_PINYIN = SearchColumn("search_pinyin", ("name_pinyin",))
PERSON_TEXT = SearchColumn("search_text", ("headline_zh", "headline_en", "bio_zh", "bio_en"))
ORGANIZATION_NAME = SearchColumn(
    "search_name", ("name_zh", "name_en", "short_name_zh", "short_name_en")
)
ORGANIZATION_PINYIN = SearchColumn("search_pinyin", ("name_pinyin",))
ORGANIZATION_TEXT = SearchColumn("search_text", ("description_zh", "description_en"))
INDICATOR_TEXT = SearchColumn(
    "search_text", ("name_zh", "name_en", "description_zh", "description_en")
)


def _contains(fields, text):
    """One of the fields contains the text, whatever its case."""
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": text})
    return q


def _pinyin(text):
    """The query's pinyin when it can find names by it ('' when too short to mean much)."""
    key = pinyin_key(text)
    return key if len(key) >= MIN_PINYIN else ""


def _name_rank(fields, text):
    """EXACT / PREFIX / NAME when one of the name fields is, starts with or contains the text."""
    return [
        *[When(**{f"{name}__iexact": text}, then=Value(EXACT)) for name in fields],
        *[When(**{f"{name}__istartswith": text}, then=Value(PREFIX)) for name in fields],
        When(_contains(fields, text), then=Value(NAME)),
    ]


def _ranked(queryset, whens, order):
    return queryset.annotate(
        rank=Case(*whens, default=Value(TEXT), output_field=IntegerField())
    ).order_by("-rank", *order)


def _sectors(text):
    fields = ("name_zh", "name_en")
    return _ranked(
        Sector.objects.published().filter(_contains(fields, text)),
        _name_rank(fields, text),
        ("order", "pk"),
    )


def _text_search(model, text):
    """The keys of `model`'s rows whose English text matches `text` by full-text search, as
    a list of subqueries: one on PostgreSQL, none elsewhere. PostgreSQL keeps the English
    texts' vector in a generated column (`search_english`, with its index), so a query that
    matches most rows does not analyse every text again."""
    if not _is_postgresql():
        return []
    vector = _GeneratedColumn("search_english", SearchVectorField())
    query = SearchQuery(text, config="english", search_type="websearch")
    return [model.objects.annotate(english=vector).filter(english=query).values("pk")]


def _keys(model, condition):
    return model.objects.filter(condition).values("pk")


def _any_of(*keys):
    """The rows whose key is in one of `keys` (one-column subqueries), as one subquery: their
    UNION. Each part is answered from its own index, and the database then fetches only the
    rows found; an OR of `pk IN (…)` tests would read every row of the table."""
    first, *rest = [part.order_by() for part in keys]
    return Q(pk__in=first.union(*rest))


def _organizations(text, sectors):
    names = ORGANIZATION_NAME.fields
    key = _pinyin(text)
    by_name = ORGANIZATION_NAME.found(text)
    if key:
        by_name |= ORGANIZATION_PINYIN.found(key)
    in_sector = Organization.sectors.through.objects.filter(sector__in=sectors).values(
        "organization"
    )
    matches = _any_of(
        _keys(Organization, by_name),
        in_sector,
        _keys(Organization, ORGANIZATION_TEXT.found(text)),
        *_text_search(Organization, text),
    )
    whens = _name_rank(names, text)
    if key:
        whens.append(When(name_pinyin__icontains=key, then=Value(PINYIN)))
    whens.append(When(pk__in=in_sector, then=Value(RELATED)))
    queryset = Organization.objects.published().filter(matches)
    return _ranked(queryset, whens, profile_selectors.organization_order()), by_name


def _people(text, organizations_by_name):
    names = PERSON_NAME.fields
    key = _pinyin(text)
    by_name = PERSON_NAME.found(text)
    if key:
        by_name |= PERSON_PINYIN.found(key)
    at_organization = Role.objects.filter(
        organization__in=Organization.objects.published().filter(organizations_by_name)
    ).values("person")
    matches = _any_of(
        _keys(Person, by_name),
        at_organization,
        _keys(Person, PERSON_TEXT.found(text)),
        *_text_search(Person, text),
    )
    whens = _name_rank(names, text)
    if key:
        whens.append(When(name_pinyin__icontains=key, then=Value(PINYIN)))
    whens.append(When(pk__in=at_organization, then=Value(RELATED)))
    queryset = Person.objects.published().filter(matches)
    return _ranked(queryset, whens, profile_selectors.person_order())


def _editions(text):
    return (
        Edition.objects.published()
        .search(text, number=_edition_number(text))
        .prefetch_related("tracks")
        .order_by("-number", "pk")
    )


def _indicators(text, sectors):
    names = ("name_zh", "name_en")
    in_sector = Q(sector__in=sectors)
    matches = _any_of(_keys(Indicator, INDICATOR_TEXT.found(text)), _keys(Indicator, in_sector))
    whens = [*_name_rank(names, text), When(in_sector, then=Value(RELATED))]
    queryset = Indicator.objects.public().filter(matches).select_related("sector")
    return queryset.annotate(
        rank=Case(*whens, default=Value(TEXT), output_field=IntegerField())
    ).order_by("-rank", "sector__order", "order", "pk")


def _articles(text):
    titles = ("title_zh", "title_en")
    return _ranked(article_list().search(text), _name_rank(titles, text), ("-published_at", "-pk"))


def _edition_number(text):
    """7 for "7", "第7届", "七", "第七届"; None when the text names no edition number."""
    match = _EDITION_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    for number in range(1, 100):
        if chinese_numeral(number) == token:
            return number
    return None


def _groups(text):
    """The non-empty groups for `text`, in a fixed order, each with its count."""
    sectors = _sectors(text)
    organizations, organizations_by_name = _organizations(text, sectors.values("pk"))
    people = _people(text, organizations_by_name)
    people = people.select_related("portrait").prefetch_related(
        profile_selectors.prefetch_current_roles()
    )
    organizations = (
        organizations.select_related("logo")
        .with_listing()
        .prefetch_related(profile_selectors.prefetch_published_sectors())
    )
    candidates = (
        ("people", _("Entrepreneurs"), people),
        ("organizations", _("Organizations"), organizations),
        ("sectors", _("Sectors"), sectors),
        ("editions", _("Forum editions"), _editions(text)),
        ("indicators", _("Figures"), _indicators(text, sectors.values("pk"))),
        ("articles", _("News"), _articles(text)),
    )
    groups = []
    for kind, label, queryset in candidates:
        items = list(queryset[:LIMIT])
        if not items:
            continue
        # Fewer rows than a page's worth are all there is: counting would find them again.
        count = len(items) if len(items) < LIMIT else queryset.count()
        groups.append(Group(kind=kind, label=label, items=items, count=count))
    return groups


# --- "Did you mean" -------------------------------------------------------------------------


def _suggestion(text, groups):
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
