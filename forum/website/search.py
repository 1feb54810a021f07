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
People, organizations and indicators match in tiers (by name, through a related row, by
text): each tier is counted up to COUNT_LIMIT ("300+" beyond), and only a tier's first rows
in page order are ranked when it holds more (`RankedKind`), so a query matching most of the
site (上海) costs about what a narrow one does. Their statements are compiled once per shape
and run with each query's text (`_statement`); the rows shown are then read by key. News
articles are matched in memory against their titles and standfirsts, read once per version of
the public content (`news_texts`), and only the page shown is read from the database.

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
    F,
    Func,
    IntegerField,
    Min,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.db.models.lookups import Contains, Exact
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
# One rule for a query matching many rows: counting a tier (and a kind) stops past this many
# rows, shown as "300+", and a tier past it is large: only its first 2 × LIMIT rows in page
# order are ranked (`RankedKind.first_keys`), which gives the same page whatever the limit.
# Lower costs less to count but more to rank: the database finds a large tier's first rows by
# walking the page order, and a tier of a few hundred rows among 10,000 makes that walk long
# (at 100, 沐曦's ~100 people at MetaX doubled its search; at 1000, counting 智能 cost most).
COUNT_LIMIT = 300
MIN_PINYIN = 3  # a shorter pinyin (li, wu) matches too many names to mean anything
WORD_SIMILARITY = 0.6  # pg_trgm.word_similarity_threshold's default
_EDITION_NUMBER = re.compile(r"^第?\s*([0-9一二三四五六七八九十]+)\s*届?$")
_WORD = re.compile(r"[^\W_]+")

# Shown on the empty search page: one of each way a query can find something.
EXAMPLES = ("沐曦", "MetaX", "chen weiliang", "Robotics", "GPU", "第六届")
KINDS = ("people", "organizations", "sectors", "editions", "indicators", "articles")
RANKED_KINDS = ("people", "organizations", "indicators")  # ranked through tiers (`RankedKind`)
TIERS = 3  # by name, through a related row, by text
# Ranks: higher first.
EXACT, PREFIX, NAME, PINYIN, RELATED, TEXT = 100, 90, 80, 60, 40, 20


@dataclass
class Group:
    kind: str
    label: str
    items: list
    count: int  # at most COUNT_LIMIT
    more: bool = False  # more rows than `count` match: counting stopped at COUNT_LIMIT

    @property
    def shows_all(self):
        return not self.more and self.count <= len(self.items)

    @property
    def count_label(self):
        """The count as shown: "300+" when counting stopped."""
        return f"{self.count}+" if self.more else str(self.count)


@dataclass
class Results:
    query: str
    groups: list = field(default_factory=list)
    suggestion: str = ""
    corrected: bool = False  # the groups are the suggestion's results

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @property
    def total_label(self):
        """The total as shown: "640+" when a group's counting stopped."""
        more = any(group.more for group in self.groups)
        return f"{self.total}+" if more else str(self.total)

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
    """One of the fields contains the text, whatever its case. The text is compared as an
    expression, escaped by the database, so that a compiled statement takes any text."""
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": Value(text)})
    return q


def _pinyin(text):
    """The query's pinyin when it can find names by it ('' when too short to mean much)."""
    key = pinyin_key(text)
    return key if len(key) >= MIN_PINYIN else ""


def _name_rank(fields, text):
    """EXACT / PREFIX / NAME when one of the name fields is, starts with or contains the text."""
    return [
        *[When(Exact(Upper(name), Upper(Value(text))), then=Value(EXACT)) for name in fields],
        *[When(**{f"{name}__istartswith": Value(text)}, then=Value(PREFIX)) for name in fields],
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


def _by_text(rows, column, text):
    """`rows` whose texts in `column` contain `text`, or, on PostgreSQL, whose English text
    matches it by full-text search. PostgreSQL keeps the English texts' vector in a generated
    column (`search_english`, with its index) and answers both tests from their indexes."""
    if not _is_postgresql():
        return rows.filter(column.found(text))
    vector = _GeneratedColumn("search_english", SearchVectorField())
    query = SearchQuery(Value(text), config="english", search_type="websearch")
    return rows.annotate(english=vector).filter(column.found(text) | Q(english=query))


@dataclass(frozen=True)
class Tier:
    """The rows of one kind that match a query one way (by name, through a related row, by
    their text), and the rank that way gives them; the first tier's rows are ranked by the
    name rank (`_name_rank`) instead."""

    rows: object  # a QuerySet
    rank: int = TEXT


@dataclass(frozen=True)
class RankedKind:
    """People, organizations or indicators matching a query: the visible rows, the ways they
    match (best first), the name rank and the page order."""

    rows: object  # a QuerySet
    tiers: tuple
    name_whens: list
    order: tuple

    def counted(self):
        """Querysets counting each tier's rows, then all of them together, each up to
        COUNT_LIMIT + 1 (a count past it only says "more")."""
        model = self.rows.model
        firsts = [tier.rows.order_by().values("pk")[: COUNT_LIMIT + 1] for tier in self.tiers]
        together = Q()
        for first in firsts:
            together |= Q(pk__in=first)
        everything = model.objects.filter(together).order_by().values("pk")[: COUNT_LIMIT + 1]
        return [_count_of(model.objects.filter(pk__in=rows)) for rows in (*firsts, everything)]

    def first_keys(self, broad):
        """The keys of the first LIMIT rows, best first. `broad` says which tiers hold more
        than COUNT_LIMIT rows.

        Ranking every row that matches would read thousands of rows to show LIMIT of them
        (上海 matches every person through an organization or a biography). A tier within
        COUNT_LIMIT rows takes part whole; a broad one only with its first 2 × LIMIT rows in
        page order (by the name rank first, for the first tier), which the database finds by
        walking the order indexes, stopping early. The page stays the same: when a tier's rows
        are shown, fewer than LIMIT rows rank above them, so those shown are among its first
        2 × LIMIT; and a row matching an earlier tier too is ranked by the earlier one, on its
        own columns or as one of that tier's first rows. Only the candidates are ranked."""
        name_rank = Case(*self.name_whens, default=Value(TEXT), output_field=IntegerField())
        candidates, whens = Q(), list(self.name_whens)
        for index, (tier, is_broad) in enumerate(zip(self.tiers, broad, strict=True)):
            keys = tier.rows.order_by()
            if is_broad and index == 0:
                keys = keys.annotate(rank=name_rank).order_by("-rank", *self.order)[: 2 * LIMIT]
            elif is_broad:
                keys = keys.order_by(*self.order)[: 2 * LIMIT]
            keys = keys.values("pk")
            candidates |= Q(pk__in=keys)
            if 0 < index < len(self.tiers) - 1:
                whens.append(When(pk__in=keys, then=Value(tier.rank)))
        rank = Case(*whens, default=Value(self.tiers[-1].rank), output_field=IntegerField())
        ranked = self.rows.filter(candidates).annotate(rank=rank)
        return ranked.order_by("-rank", *self.order).values_list("pk")[:LIMIT]


def _count_of(rows):
    """A query of one row and column: how many `rows` there are."""
    return rows.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")


def _organizations(text, key, sectors):
    rows = Organization.objects.published()
    by_name = ORGANIZATION_NAME.found(text)
    if key:
        by_name |= ORGANIZATION_PINYIN.found(key)
    in_sector = Organization.sectors.through.objects.filter(sector__in=sectors).values(
        "organization"
    )
    whens = _name_rank(ORGANIZATION_NAME.fields, text)
    if key:
        whens.append(When(name_pinyin__icontains=Value(key), then=Value(PINYIN)))
    tiers = (
        Tier(rows.filter(by_name)),
        Tier(rows.filter(pk__in=in_sector), RELATED),
        Tier(_by_text(rows, ORGANIZATION_TEXT, text)),
    )
    order = tuple(profile_selectors.organization_order())
    return RankedKind(rows, tiers, whens, order), by_name


def _people(text, key, organizations_by_name):
    rows = Person.objects.published()
    by_name = PERSON_NAME.found(text)
    if key:
        by_name |= PERSON_PINYIN.found(key)
    at_organization = Role.objects.filter(
        organization__in=Organization.objects.published().filter(organizations_by_name)
    ).values("person")
    whens = _name_rank(PERSON_NAME.fields, text)
    if key:
        whens.append(When(name_pinyin__icontains=Value(key), then=Value(PINYIN)))
    tiers = (
        Tier(rows.filter(by_name)),
        Tier(rows.filter(pk__in=at_organization), RELATED),
        Tier(_by_text(rows, PERSON_TEXT, text)),
    )
    return RankedKind(rows, tiers, whens, tuple(profile_selectors.person_order()))


def _indicators(text, sectors):
    rows = Indicator.objects.public()
    names = ("name_zh", "name_en")
    by_text = rows.filter(INDICATOR_TEXT.found(text))
    tiers = (
        Tier(by_text.filter(_contains(names, text))),
        Tier(rows.filter(sector__in=sectors), RELATED),
        Tier(by_text),
    )
    return RankedKind(rows, tiers, _name_rank(names, text), ("sector__order", "order", "pk"))


def _ranked_kinds(text, key):
    """People, organizations and indicators matching `text` (with pinyin `key`, or '')."""
    sectors = _sectors(text).values("pk")
    organizations, organizations_by_name = _organizations(text, key, sectors)
    return {
        "people": _people(text, key, organizations_by_name),
        "organizations": organizations,
        "indicators": _indicators(text, sectors),
    }


# Each kind's page of rows, read by key once the ranked statement has found the keys.
_SHOWN = {
    "people": lambda: (
        Person.objects.published()
        .select_related("portrait")
        .prefetch_related(profile_selectors.prefetch_current_roles())
    ),
    "organizations": lambda: (
        Organization.objects.published()
        .select_related("logo")
        .with_listing()
        .prefetch_related(profile_selectors.prefetch_published_sectors())
    ),
    "indicators": lambda: Indicator.objects.public().select_related("sector"),
}


# --- Statements compiled once ----------------------------------------------------------------
# Building and compiling the ranked querysets above costs more than the database takes to run
# them. So they are built for stand-ins of the query and its pinyin, compiled once per shape
# (database, page order, whether the query has a pinyin, which tiers are broad), and run with
# the query's own values in the stand-ins' places. Every comparison with the query is an
# expression (`Value`), escaped by the database: each stand-in is one whole parameter.

QUERY = "\ue000query\ue000"  # private-use characters: a stand-in no parameter holds by chance
PINYIN_KEY = "\ue000pinyin\ue000"
_statements = {}


def _statement(shape, build):
    """The (sql, params) that `build()` returns, kept for this `shape` of statement."""
    shape = (connection.vendor, LIMIT, COUNT_LIMIT, *shape)
    if shape not in _statements:
        _statements[shape] = build()
    return _statements[shape]


def _sql(queryset):
    return queryset.query.get_compiler(connection=connection).as_sql()


def _counting(kinds):
    """One statement counting, for each of `kinds` (RankedKind), each tier's rows then all
    of them. The total counts the tiers' rows again (their union), so it runs only when no
    tier is past COUNT_LIMIT already: the tiers' counts are materialized first, and the
    database runs the total's subquery only when the CASE reaches it."""
    tiers, totals, names = [], [], []
    for index, kind in enumerate(kinds):
        *counts, total = [_sql(query) for query in kind.counted()]
        columns = [f"c{index}_{tier}" for tier in range(len(counts))]
        tiers += [
            (f"({sql}) AS {column}", params)
            for (sql, params), column in zip(counts, columns, strict=True)
        ]
        past = " OR ".join(f"{column} > {COUNT_LIMIT}" for column in columns)
        totals.append((f"CASE WHEN {past} THEN {COUNT_LIMIT + 1} ELSE ({total[0]}) END", total[1]))
        names += [*columns, None]
    outer = iter(totals)
    selected = [name or next(outer)[0] for name in names]
    # Made of compiled querysets and constants only: the query's text is a parameter.
    sql = (
        f"WITH tiers AS MATERIALIZED (SELECT {', '.join(part for part, _ in tiers)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM tiers"
    )
    params = [param for _, params in tiers for param in params]
    params += [param for _, params in totals for param in params]
    return sql, params


def _run(statement, text, key):
    """The rows of a compiled statement, run for `text` and its pinyin `key`."""
    sql, params = statement
    values = {QUERY: text, PINYIN_KEY: key}
    for param in params:
        if (
            isinstance(param, str)
            and param not in values
            and (QUERY in param or PINYIN_KEY in param)
        ):
            raise ValueError(f"A parameter derived from the query was compiled: {param!r}")
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [values.get(param, param) if isinstance(param, str) else param for param in params]
        )
        return cursor.fetchall()


def _ranked_groups(text):
    """(kind, page of rows, count, more) of people, organizations and indicators."""
    key = _pinyin(text)
    stand_in = PINYIN_KEY if key else ""
    orders = (
        tuple(profile_selectors.person_order()),
        tuple(profile_selectors.organization_order()),
    )
    shape = (bool(key), orders)

    def counting():
        kinds = _ranked_kinds(QUERY, stand_in)
        return _counting([kinds[kind] for kind in RANKED_KINDS])

    counts = iter(_run(_statement(("counts", *shape), counting), text, key)[0])
    found = []
    for kind in RANKED_KINDS:
        sizes = [next(counts) for _ in range(TIERS + 1)]
        total = sizes.pop()
        if not total:
            continue
        broad = tuple(size > COUNT_LIMIT for size in sizes)

        def ranking(kind=kind, broad=broad):
            return _sql(_ranked_kinds(QUERY, stand_in)[kind].first_keys(broad))

        keys = [row[0] for row in _run(_statement((kind, broad, *shape), ranking), text, key)]
        rows = {row.pk: row for row in _SHOWN[kind]().filter(pk__in=keys)}
        items = [rows[pk] for pk in keys if pk in rows]
        found.append((kind, items, min(total, COUNT_LIMIT), total > COUNT_LIMIT))
    return found


def _editions(text):
    return (
        Edition.objects.published()
        .search(text, number=_edition_number(text))
        .prefetch_related("tracks")
        .order_by("-number", "pk")
    )


@dataclass
class NewsTexts:
    """The titles and standfirsts of the published articles, upper case, newest first: a
    search matches them in memory instead of scanning every article's four texts (a few
    thousand short texts at the forum's full size, compared in about a millisecond)."""

    version: str
    expires: object  # the first unpublishing time among the articles read (None: none scheduled)
    articles: list  # (pk, (title_zh, title_en), (standfirst_zh, standfirst_en)), newest first

    def is_current(self, version):
        return self.version == version and (self.expires is None or timezone.now() < self.expires)

    def ranked_keys(self, text):
        """The keys of the articles whose title or standfirst holds `text`, whatever its case,
        best first: the title itself, its start, a part of it (`_name_rank`), then the
        standfirst; newest first within a rank."""
        wanted = text.upper()
        ranked = []
        for pk, titles, standfirsts in self.articles:
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
            articles.append((pk, tuple(upper[:2]), tuple(upper[2:])))
            expiries.append(expire_at)
        expires = min((when for when in expiries if when is not None), default=None)
        _news_texts = NewsTexts(version=version, expires=expires, articles=articles)
    return _news_texts


def _articles(text):
    """The page of articles for `text`, best first, its count and whether counting stopped."""
    keys = news_texts().ranked_keys(text)
    page = keys[:LIMIT]
    rows = {row.pk: row for row in article_list().filter(pk__in=page)} if page else {}
    items = [rows[pk] for pk in page if pk in rows]
    return items, min(len(keys), COUNT_LIMIT), len(keys) > COUNT_LIMIT


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


LABELS = {
    "people": _("Entrepreneurs"),
    "organizations": _("Organizations"),
    "sectors": _("Sectors"),
    "editions": _("Forum editions"),
    "indicators": _("Figures"),
    "articles": _("News"),
}


def _groups(text):
    """The non-empty groups for `text`, in a fixed order (KINDS), each with its count."""
    found = {kind: (items, count, more) for kind, items, count, more in _ranked_groups(text)}
    found["articles"] = _articles(text)
    for kind, rows in (("sectors", _sectors(text)), ("editions", _editions(text))):
        items = list(rows[:LIMIT])
        # Fewer rows than a page's worth are all there is: counting would find them again.
        found[kind] = (items, *((len(items), False) if len(items) < LIMIT else _count(rows)))
    return [
        Group(kind=kind, label=LABELS[kind], items=items, count=count, more=more)
        for kind in KINDS
        for items, count, more in [found.get(kind, ([], 0, False))]
        if items
    ]


def _count(rows):
    """How many `rows` there are, up to COUNT_LIMIT, and whether more are."""
    count = rows[: COUNT_LIMIT + 1].count()
    return min(count, COUNT_LIMIT), count > COUNT_LIMIT


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
