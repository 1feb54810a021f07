"""The site search: every read behind /search/ lives here.

What a query matches, per kind of result, in either language:

- sectors by name; organizations by name, short name, pinyin of the Chinese name, description,
  or a matching sector (GPU → the GPU companies); people by name, pinyin, headline, biography,
  or a role at an organization the query names (沐曦 → the people at MetaX); editions by theme,
  venue, track, number or year; indicators by name, description or a matching sector.
- A Chinese query is also read in pinyin, so a homophone typed by mistake still finds the name
  (沐熙 → 沐曦股份), and a Latin query finds a Chinese name by its pinyin (chenweiliang).

Results rank in the database, the same on SQLite and PostgreSQL: the name itself, then the
name's start, a part of the name, its pinyin, a related sector or organization, then the text.
On PostgreSQL the "contains" tests run on trigram indexes (pg_trgm, profiles migration 0007)
and English text also matches by full-text search (stemmed: "robots" finds "robot"); SQLite
tests the same fields without them.

A query that finds nothing is checked word by word against the names on the site (trigram word
similarity, as pg_trgm computes it: PostgreSQL finds the candidates through its index, SQLite
reads the names) and the closest spelling is suggested, and searched ("Did you mean MetaX?").
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from config.common.language import chinese_numeral, has_chinese, pinyin_key
from forum.models import Edition
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
KINDS = ("people", "organizations", "sectors", "editions", "indicators")
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


def _contains(fields, text):
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


def _text_search(model, vector_fields, text):
    """The rows of `model` whose English text matches `text` by full-text search (PostgreSQL)
    as a subquery of primary keys; None elsewhere."""
    if not _is_postgresql():
        return None
    return (
        model.objects.annotate(search_text=SearchVector(*vector_fields, config="english"))
        .filter(search_text=SearchQuery(text, config="english", search_type="websearch"))
        .values("pk")
    )


def _matching(model, condition):
    """The primary keys of `model`'s rows meeting `condition`, as a subquery: each kind of
    match is its own subquery, so PostgreSQL answers each from its index and only combines
    the keys (an OR of conditions across fields would read every row)."""
    return Q(pk__in=model.objects.filter(condition).values("pk"))


def _organizations(text, sectors):
    names = ("name_zh", "name_en", "short_name_zh", "short_name_en")
    key = _pinyin(text)
    by_name = _contains(names, text) | (Q(name_pinyin__icontains=key) if key else Q(pk__in=[]))
    in_sector = Q(
        pk__in=Organization.sectors.through.objects.filter(sector__in=sectors).values(
            "organization"
        )
    )
    matches = (
        _matching(Organization, by_name)
        | in_sector
        | _matching(Organization, _contains(("description_zh", "description_en"), text))
    )
    full_text = _text_search(Organization, ("name_en", "description_en"), text)
    if full_text is not None:
        matches |= Q(pk__in=full_text)
    whens = _name_rank(names, text)
    if key:
        whens.append(When(name_pinyin__icontains=key, then=Value(PINYIN)))
    whens.append(When(in_sector, then=Value(RELATED)))
    queryset = Organization.objects.published().filter(matches)
    return _ranked(queryset, whens, profile_selectors.organization_order()), by_name


def _people(text, organizations_by_name):
    names = ("name_zh", "name_en")
    key = _pinyin(text)
    by_name = _contains(names, text) | (Q(name_pinyin__icontains=key) if key else Q(pk__in=[]))
    at_organization = Q(
        pk__in=Role.objects.filter(
            organization__in=Organization.objects.published().filter(organizations_by_name)
        ).values("person")
    )
    matches = (
        _matching(Person, by_name)
        | at_organization
        | _matching(Person, _contains(("headline_zh", "headline_en"), text))
        | _matching(Person, _contains(("bio_zh", "bio_en"), text))
    )
    full_text = _text_search(Person, ("headline_en", "bio_en"), text)
    if full_text is not None:
        matches |= Q(pk__in=full_text)
    whens = _name_rank(names, text)
    if key:
        whens.append(When(name_pinyin__icontains=key, then=Value(PINYIN)))
    whens.append(When(at_organization, then=Value(RELATED)))
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
    by_text = _contains((*names, "description_zh", "description_en"), text)
    in_sector = Q(sector__in=sectors)
    whens = [*_name_rank(names, text), When(in_sector, then=Value(RELATED))]
    queryset = Indicator.objects.public().filter(by_text | in_sector).select_related("sector")
    return queryset.annotate(
        rank=Case(*whens, default=Value(TEXT), output_field=IntegerField())
    ).order_by("-rank", "sector__order", "order", "pk")


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
    )
    groups = []
    for kind, label, queryset in candidates:
        items = list(queryset[:LIMIT])
        if not items:
            continue
        count = queryset.count()
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
    sounds like (沐曦), taken from the best-ranked person or organization; '' otherwise."""
    key = pinyin_key(text)
    for group in groups:
        if group.kind not in ("people", "organizations"):
            continue
        for item in group.items:
            if text in item.name_zh:
                return ""
            found = _same_reading(item.name_zh, key, len(text))
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


def word_similarity(query, word):
    """pg_trgm's word_similarity of a one-word query to one word: the share of the query's
    trigrams found in the word."""
    query_trigrams = _trigrams(query)
    return len(query_trigrams & _trigrams(word)) / len(query_trigrams)


def _similarity(query, word):
    """pg_trgm's similarity (shared trigrams over all trigrams), to break ties."""
    a, b = _trigrams(query), _trigrams(word)
    return len(a & b) / len(a | b)


# The names a misspelt word is compared with: (model's published rows, field).
_VOCABULARY = (
    (lambda: Person.objects.published(), "name_en"),
    (lambda: Organization.objects.published(), "name_en"),
    (lambda: Organization.objects.published(), "short_name_en"),
    (lambda: Sector.objects.published(), "name_en"),
)


def _candidate_names(word):
    """Names that may hold a word close to `word`: on PostgreSQL the trigram index finds them
    (`<%`, word similarity ≥ 0.6); elsewhere every name is read."""
    names = set()
    for rows, field_name in _VOCABULARY:
        queryset = rows().exclude(**{field_name: ""})
        if _is_postgresql():
            queryset = queryset.annotate(upper_name=Upper(field_name)).filter(
                upper_name__trigram_word_similar=word.upper()
            )
        names.update(queryset.values_list(field_name, flat=True)[:200])
    return names


def _closest_word(word):
    best, best_key = "", (0, 0)
    for name in _candidate_names(word):
        for candidate in _WORD.findall(name):
            if candidate.lower() == word.lower():
                return ""
            key = (word_similarity(word, candidate), _similarity(word, candidate))
            if key[0] >= WORD_SIMILARITY and key > best_key:
                best, best_key = candidate, key
    return best


def _latin_suggestion(text):
    """The query with each misspelt word (3+ letters) replaced by the closest word of a name on
    the site; '' when no word changes."""
    words = text.split()
    changed = False
    for index, word in enumerate(words):
        if len(word) < 3 or not word.isalnum():
            continue
        closest = _closest_word(word)
        if closest:
            words[index] = closest
            changed = True
    return " ".join(words) if changed else ""
