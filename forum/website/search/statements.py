"""The search's two statements, compiled once per shape and run with each query's text: one
counting every kind but news, one ranking the first rows of each kind that matched; and the
rows of the ranked kinds (people, organizations, indicators) they find, read by key."""

from django.db import connection

from metrics.models import Indicator
from profiles import selectors as profile_selectors
from profiles.models import Organization, Person

from . import limits, matching

RANKED_KINDS = ("people", "organizations", "indicators")  # ranked through tiers (`RankedKind`)
TIERS = 3  # by name, through a related row, by text


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


# Building and compiling the ranked querysets (`matching`) costs more than the database takes to run
# them. So they are built for stand-ins of the query and its pinyin, compiled once per shape
# (database, page order, whether the query has a pinyin, which tiers are broad), and run with
# the query's own values in the stand-ins' places. Every comparison with the query is an
# expression (`Value`), escaped by the database: each stand-in is one whole parameter.
# They are not prepared on the server: PostgreSQL's generic plans for them, which cannot see
# how many rows the query's text matches, ran slower in total than planning each run (ranking
# 上海's people: 3 → 82 ms), though they saved the narrow queries a few milliseconds.

QUERY = "\ue000query\ue000"  # private-use characters: a stand-in no parameter holds by chance
PINYIN_KEY = "\ue000pinyin\ue000"
_statements = {}


def _statement(shape, build):
    """The (sql, params) that `build()` returns, kept for this `shape` of statement."""
    shape = (connection.vendor, limits.LIMIT, limits.COUNT_LIMIT, limits.RANK_BY_NAME_FROM, *shape)
    if shape not in _statements:
        _statements[shape] = build()
    return _statements[shape]


def _counting(kinds, listed):
    """One statement counting, for each of `kinds` (RankedKind), each tier's rows then all of
    them, each up to COUNT_LIMIT + 1, then the rows of each of `listed` (querysets of keys)
    likewise. Each tier's keys are read once, into a table of the statement's own, and the
    total counts their union: every row matching when no tier is past COUNT_LIMIT, and more
    than COUNT_LIMIT keys when one is."""
    tables = dict(table for kind in kinds for table in kind.tables)
    counts = []
    for index, kind in enumerate(kinds):
        names = [f"search_count{index}_{tier}" for tier in range(len(kind.tiers))]
        tables.update(zip(names, kind.counted_keys(), strict=True))
        # The statement's own table names only: the query's text is a parameter.
        counts += [f"(SELECT COUNT(*) FROM {name})" for name in names]  # noqa: S608
        every = " UNION ".join(f"SELECT pk FROM {name}" for name in names)  # noqa: S608
        counts.append(f"(SELECT COUNT(*) FROM ({every}) AS search_keys{index})")  # noqa: S608
    tables_sql, params = _tables(tables)
    for index, keys in enumerate(listed):
        sql, keys_params = matching.compiled_sql(keys[: limits.COUNT_LIMIT + 1])
        # A compiled queryset inside a name of the statement's own: the text is a parameter.
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) AS search_listed{index})")  # noqa: S608
        params += keys_params
    return f"{tables_sql} SELECT {', '.join(counts)}", params


def _ranking(kinds, listed, plans):
    """One statement ranking each kind a plan names, as rows of (the plan's index, key,
    place), best first. A plan names a ranked kind among `kinds` (RankedKind by name), whose
    tiers are broad or not and whose first tier is read by name rank or not, (name, broad,
    by_name_rank): each tier's candidates are read once, into a table of its own, then its
    first rows ranked; or a kind of `listed`, (name,): its first rows."""
    tables, ranked = {}, []
    for index, (name, *plan) in enumerate(plans):
        if name in listed:
            ranked.append(matching.compiled_sql(matching.placed(listed[name](QUERY))))
            continue
        kind = kinds[name]
        names = [f"search_rank{index}_tier{tier}" for tier in range(len(kind.tiers))]
        tables.update(zip(names, kind.candidates(*plan), strict=True))
        ranked.append(matching.compiled_sql(kind.ranked_among(names)))
    tables_sql, params = _tables(tables) if tables else ("", [])
    parts = []
    for index, (sql, ranked_params) in enumerate(ranked):
        # The plan's index and a name of the statement's own around a compiled queryset: the
        # query's text is a parameter.
        name = f"search_ranked{index}"
        parts.append(f"SELECT {index}, {name}.* FROM ({sql}) AS {name}")  # noqa: S608
        params += ranked_params
    return f"{tables_sql} {' UNION ALL '.join(parts)} ORDER BY 1, 3", params


def _tables(tables):
    """The WITH clause defining `tables` (name → queryset of keys, or the (sql, params)
    selecting them), each read once, in a column `pk`, and its parameters."""
    parts, params = [], []
    for name, keys in tables.items():
        sql, keys_params = keys if isinstance(keys, tuple) else matching.compiled_sql(keys)
        parts.append(f"{name}(pk) AS MATERIALIZED ({sql})")
        params += keys_params
    # Made of compiled querysets and constants only: the query's text is a parameter.
    return f"WITH {', '.join(parts)}", params


def _run(statement, text, key):
    """The rows of a compiled statement, run for `text` and its pinyin `key`."""
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, _bound(params, text, key))
        return cursor.fetchall()


def _bound(params, text, key):
    """A compiled statement's parameters with `text` and `key` in the stand-ins' places."""
    values = {QUERY: text, PINYIN_KEY: key}
    for param in params:
        if (
            isinstance(param, str)
            and param not in values
            and (QUERY in param or PINYIN_KEY in param)
        ):
            raise ValueError(f"A parameter derived from the query was compiled: {param!r}")
    return [values.get(param, param) if isinstance(param, str) else param for param in params]


def ranked_groups(text, listed):
    """(kind, page of rows, count, more) of people, organizations and indicators, and of each
    kind of `listed` (kind, page of keys, count up to COUNT_LIMIT + 1): `listed` maps a kind's
    name to what gives, for a query, its matching rows best first (compiled with the stand-in
    query), whose keys the same statements count and rank, and whose rows are shown from
    elsewhere (`indexes.shown_rows`)."""
    key = matching.query_pinyin(text)
    stand_in = PINYIN_KEY if key else ""
    orders = (
        tuple(profile_selectors.person_order()),
        tuple(profile_selectors.organization_order()),
    )
    shape = (bool(key), orders, *listed)

    def counting():
        kinds = matching.ranked_kinds(QUERY, stand_in)
        keys = [rows(QUERY).order_by().values("pk") for rows in listed.values()]
        return _counting([kinds[kind] for kind in RANKED_KINDS], keys)

    counts = iter(_run(_statement(("counts", *shape), counting), text, key)[0])
    plans, totals = [], {}
    for kind in RANKED_KINDS:
        sizes = [next(counts) for _ in range(TIERS + 1)]
        totals[kind] = sizes.pop()
        if totals[kind]:
            broad = tuple(size > limits.COUNT_LIMIT for size in sizes)
            plans.append((kind, broad, sizes[0] > limits.RANK_BY_NAME_FROM))
    for kind, total in zip(listed, counts, strict=True):
        totals[kind] = total
        if total:
            plans.append((kind,))

    def ranking():
        return _ranking(matching.ranked_kinds(QUERY, stand_in), listed, plans)

    keys = {plan[0]: [] for plan in plans}
    if plans:
        statement = _statement(("ranking", tuple(plans), *shape), ranking)
        for index, pk, _place in _run(statement, text, key):
            keys[plans[index][0]].append(pk)
    found = []
    for kind, kind_keys in keys.items():
        if kind in listed:
            items = kind_keys
        else:
            rows = {row.pk: row for row in _SHOWN[kind]().filter(pk__in=kind_keys)}
            items = [rows[pk] for pk in kind_keys if pk in rows]
        total = totals[kind]
        found.append((kind, items, min(total, limits.COUNT_LIMIT), total > limits.COUNT_LIMIT))
    return found
