"""What a query matches and how it ranks, as querysets: the search columns PostgreSQL generates
and indexes, the name ranks, and the tiers people, organizations and indicators match in."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Length, RowNumber, Upper
from django.db.models.lookups import (
    Contains,
    Exact,
    GreaterThanOrEqual,
    LessThanOrEqual,
)

from config.common.language import pinyin_key
from metrics.models import Indicator, Sector
from profiles import selectors as profile_selectors
from profiles.models import Organization, Person, Role

from . import limits

MIN_PINYIN = 3  # a shorter pinyin (li, wu) matches too many names to mean anything
NAMED_ORGANIZATIONS = "search_named_organizations"
# Ranks: higher first.
EXACT, PREFIX, NAME, PINYIN, RELATED, TEXT = 100, 90, 80, 60, 40, 20


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


def query_pinyin(text):
    """The query's pinyin when it can find names by it ('' when too short to mean much)."""
    key = pinyin_key(text)
    return key if len(key) >= MIN_PINYIN else ""


def _name_rank(fields, text):
    """EXACT / PREFIX / NAME when one of the name fields is, starts with or contains the text."""
    return [
        *[When(_is_name(name, text), then=Value(EXACT)) for name in fields],
        *[When(**{f"{name}__istartswith": Value(text)}, then=Value(PREFIX)) for name in fields],
        When(_contains(fields, text), then=Value(NAME)),
    ]


def _is_name(name, text):
    """The field `name` is the text, whatever its case. Upper-casing every name of every row a
    broad query matches was most of ranking it (上海 names all 5,000 organizations), so the
    lengths are compared first: a name and the text upper-case alike only if neither is more
    than three times as long as the other, since a character upper-cases to one to three."""
    length = Length(Value(text))
    return (
        Q(LessThanOrEqual(Length(name), length * 3))
        & Q(GreaterThanOrEqual(Length(name) * 3, length))
        & Q(Exact(Upper(name), Upper(Value(text))))
    )


def _ranked(queryset, whens, order):
    return queryset.annotate(
        rank=Case(*whens, default=Value(TEXT), output_field=IntegerField())
    ).order_by("-rank", *order)


def sectors(text):
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
    # A table of the statement's own (RankedKind.tables) holding these rows' keys, which
    # counting reads instead of finding them again.
    table: str = ""
    # The same rows as counting finds them, through such a table, when ranking finds them
    # otherwise (a QuerySet; None: as `rows`).
    counted_rows: object = None


@dataclass(frozen=True)
class RankedKind:
    """People, organizations or indicators matching a query: the visible rows, the ways they
    match (best first), the name rank and the page order."""

    rows: object  # a QuerySet
    tiers: tuple
    name_whens: list  # best rank first
    order: tuple
    # (name, queryset of keys): tables counting reads (`Tier.table`, `Tier.counted_rows`),
    # which the counting statement defines first.
    tables: tuple = ()
    # An index holds the rows in page order (people, organizations): the database finds the
    # first rows meeting a condition by walking it (`_first_by_name_rank`).
    order_indexed: bool = False

    def counted_keys(self):
        """Each tier's keys, up to COUNT_LIMIT + 1 of them (a count past it only says "more"):
        a queryset of keys, or, for a tier whose keys a table holds, the (sql, params) reading
        them from it (joining the table back to its rows cost 上海, which names all 5,000
        organizations, 3 ms more), up to RANK_BY_NAME_FROM + 1 when that is more."""
        keys = []
        for tier in self.tiers:
            if tier.table:
                counted = max(limits.COUNT_LIMIT, limits.RANK_BY_NAME_FROM) + 1
                # The statement's own table's name: the query's text is a parameter.
                sql = f"SELECT pk FROM {tier.table} LIMIT {counted}"  # noqa: S608
                keys.append((sql, ()))
            else:
                rows = tier.rows if tier.counted_rows is None else tier.counted_rows
                keys.append(rows.order_by().values("pk")[: limits.COUNT_LIMIT + 1])
        return keys

    def candidates(self, broad, by_name_rank=False):
        """Each tier's rows that take part in the ranking, as querysets of keys or the (sql,
        params) selecting them. `broad` says which tiers hold more than COUNT_LIMIT rows,
        `by_name_rank` whether the first holds more than RANK_BY_NAME_FROM.

        Ranking every row that matches would read thousands of rows to show LIMIT of them
        (上海 matches every person through an organization or a biography). A tier within
        COUNT_LIMIT rows takes part whole; a broad one only with its first 2 × LIMIT rows in
        page order (by the name rank first, for the first tier, read per name rank
        (`_first_by_name_rank`) when it is that large and an index holds the page order), which
        the database finds by walking the order indexes, stopping early. The page stays the
        same: when a tier's rows are shown, fewer than LIMIT rows rank above them, so those
        shown are among its first 2 × LIMIT; and a row matching an earlier tier too is ranked
        by the earlier one, on its own columns or as one of that tier's first rows
        (`ranked_among`)."""
        name_rank = Case(*self.name_whens, default=Value(TEXT), output_field=IntegerField())
        first = 2 * limits.LIMIT
        keys = []
        for index, (tier, is_broad) in enumerate(zip(self.tiers, broad, strict=True)):
            rows = tier.rows.order_by()
            if is_broad and index == 0 and by_name_rank and self.order_indexed:
                keys.append(self._first_by_name_rank(rows, first))
                continue
            if is_broad and index == 0:
                rows = rows.annotate(rank=name_rank).order_by("-rank", *self.order)[:first]
            elif is_broad:
                rows = rows.order_by(*self.order)[:first]
            else:
                # Every row: counting found at most COUNT_LIMIT. Saying so lets the planner
                # expect as few (a sector's 1,700 organizations expected, it scanned them all
                # to join 40 keys back).
                rows = rows[: limits.COUNT_LIMIT]
            keys.append(rows.values("pk"))
        return keys

    def _first_by_name_rank(self, rows, first):
        """The keys of the first `first` of `rows` in page order at each name rank or above,
        and of the first `first` of them all (those the name ranks miss), as (sql, params).

        Together they hold the first `first` rows by name rank, then page order: a row among
        those has fewer than `first` rows before it that rank at least as high. Ranking every
        row instead read and ranked every name a broad query matches (上海 names all 5,000
        organizations); each of these is found from an index, by walking the page order and
        stopping early where a rank holds many rows, through the names' trigram indexes where
        it holds few."""
        reached, levels = Q(), []
        for rank in sorted({when.result.value for when in self.name_whens}, reverse=True):
            for when in self.name_whens:
                if when.result.value == rank:
                    reached |= when.condition
            levels.append(rows.filter(reached))
        levels.append(rows)
        parts, params = [], []
        for index, level in enumerate(levels):
            sql, level_params = compiled_sql(level.order_by(*self.order).values("pk")[:first])
            # A name of the statement's own around a compiled queryset: the query's text is a
            # parameter.
            parts.append(f"SELECT * FROM ({sql}) AS search_rank{index}")  # noqa: S608
            params += level_params
        return " UNION ".join(parts), tuple(params)

    def ranked_among(self, tables):
        """The keys of the first LIMIT rows among the candidates, best first, each with its
        place (`placed`). `tables` names, for each tier, the table (a common table expression)
        holding its candidates' keys in a column `pk`: the statement reads each tier's keys
        once, though a tier both selects rows and ranks them."""

        whens = list(self.name_whens)
        for tier, name in list(zip(self.tiers, tables, strict=True))[1:-1]:
            whens.append(When(pk__in=table_keys(name), then=Value(tier.rank)))
        rank = Case(*whens, default=Value(self.tiers[-1].rank), output_field=IntegerField())
        ranked = self.rows.filter(pk__in=table_keys(*tables)).annotate(rank=rank)
        return placed(ranked.order_by("-rank", *self.order))


def placed(ranked):
    """The keys of the first LIMIT rows of `ranked` (an ordered queryset), each with its place
    in that order (1, 2 …), which a statement ranking several kinds at once sorts by."""
    order = ranked.query.order_by
    place = Window(RowNumber(), order_by=[_order_by(name) for name in order])
    return ranked.annotate(place=place).order_by(*order).values_list("pk", "place")[: limits.LIMIT]


def _order_by(name):
    """The ordering `name` ("field", or "-field" for descending) as an expression."""
    if name.startswith("-"):
        return OrderBy(F(name[1:]), descending=True)
    return OrderBy(F(name))


def compiled_sql(queryset):
    """The (sql, params) of `queryset` on the current connection."""
    return queryset.query.get_compiler(connection=connection).as_sql()


def table_keys(*names):
    """The keys in the tables a statement defines under `names` (their union)."""
    # Names the statements give their own tables, never anything a visitor typed.
    keys = " UNION ".join(f"SELECT pk FROM {name}" for name in names)  # noqa: S608
    return RawSQL(keys, ())  # noqa: S611


def _named_organizations(text, key):
    """The organizations `text` (or its pinyin `key`) names, and their keys to read whole into
    a table of the counting statement's own (NAMED_ORGANIZATIONS), which counting joins the
    people's related tier to and reads the organizations' first tier from: left inside the
    people's tier, the planner walked every person's roles testing each organization's name
    to count them."""
    by_name = ORGANIZATION_NAME.found(text)
    if key:
        by_name |= ORGANIZATION_PINYIN.found(key)
    return by_name, Organization.objects.published().filter(by_name).order_by().values("pk")


def _organizations(text, key, sectors, by_name, named):
    rows = Organization.objects.published()
    in_sector = Organization.sectors.through.objects.filter(sector__in=sectors).values(
        "organization"
    )
    whens = _name_rank(ORGANIZATION_NAME.fields, text)
    if key:
        whens.append(When(name_pinyin__icontains=Value(key), then=Value(PINYIN)))
    tiers = (
        # Ranked on their own columns: joining a broad table's keys back (上海 names all 5,000
        # organizations) cost twice as much as testing the name again.
        Tier(rows.filter(by_name), table=NAMED_ORGANIZATIONS),
        Tier(rows.filter(pk__in=in_sector), RELATED),
        Tier(_by_text(rows, ORGANIZATION_TEXT, text)),
    )
    order = tuple(profile_selectors.organization_order())
    return RankedKind(
        rows, tiers, whens, order, tables=((NAMED_ORGANIZATIONS, named),), order_indexed=True
    )


def _people(text, key, organization_by_name, named):
    rows = Person.objects.published()
    by_name = PERSON_NAME.found(text)
    if key:
        by_name |= PERSON_PINYIN.found(key)
    # Ranking tests the organization's name inline: its first people in page order are found by
    # walking them and testing each one's organizations where many people match (上海, AI),
    # through the names' index where few do, instead of reading every organization named.
    named_inline = Organization.objects.published().filter(organization_by_name).values("pk")
    at_organization = Role.objects.filter(organization__in=named_inline)
    at_named = Role.objects.filter(organization__in=table_keys(NAMED_ORGANIZATIONS))
    whens = _name_rank(PERSON_NAME.fields, text)
    if key:
        whens.append(When(name_pinyin__icontains=Value(key), then=Value(PINYIN)))
    tiers = (
        Tier(rows.filter(by_name)),
        Tier(
            rows.filter(pk__in=at_organization.values("person")),
            RELATED,
            counted_rows=rows.filter(pk__in=at_named.values("person")),
        ),
        Tier(_by_text(rows, PERSON_TEXT, text)),
    )
    order = tuple(profile_selectors.person_order())
    return RankedKind(
        rows, tiers, whens, order, tables=((NAMED_ORGANIZATIONS, named),), order_indexed=True
    )


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


def ranked_kinds(text, key):
    """People, organizations and indicators matching `text` (with pinyin `key`, or '')."""
    matching_sectors = sectors(text).values("pk")
    by_name, named = _named_organizations(text, key)
    return {
        "people": _people(text, key, by_name, named),
        "organizations": _organizations(text, key, matching_sectors, by_name, named),
        "indicators": _indicators(text, matching_sectors),
    }
