"""Reads the demo content from its TOML files and checks it before anything is saved.

The files live in `forum/demo/data/` (or a folder given to `load_demo --data`); each says in its
header comments how it is written. `read_seed(folder)` returns a `Seed`: every entry as the
model field values it sets (published numbers as `Decimal`, never through a float; periods as a
date and its precision; scales as their multiplier), the slugs and numbers it refers to, and
where it came from. A malformed file — TOML syntax, a missing or unknown key, a value of the
wrong type, an unknown choice, a reference to a slug no file defines, a natural key given
twice — raises `DemoDataError` naming the file and the entry. Nothing here touches the database.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape

from forum.models import Edition, Forum, Participation, Track
from forum.news.models import Article, Tag
from metrics.models import Indicator, Observation, Sector, Source
from profiles.models import Milestone, Organization, Person, Quote, Role

from .tables import DemoDataError, Entry, Table, read_file

DATA_DIR = Path(__file__).parent / "data"
# Where the seed article's own text lives (article.txt), whichever data folder is read.
TEXTS_DIR = Path(__file__).parent


@dataclass
class Seed:
    source: Entry
    sectors: list
    organizations: list
    people: list  # children: "roles", "quotes"
    milestones: list
    forum: Entry
    editions: list  # children: "tracks"
    participations: list  # one per edition
    indicators: list  # children: "observations"
    tags: list = field(default_factory=list)
    articles: list = field(default_factory=list)  # refs: "tags", "people" … "source"


SOURCE_FIELDS = (
    "title_zh",
    "title_en",
    "publisher_zh",
    "publisher_en",
    "published_on",
    "url",
    "excerpt",
    "notes",
)
SECTOR_FIELDS = ("slug", "name_zh", "name_en", "description_zh", "description_en")
ORGANIZATION_FIELDS = (
    "slug",
    "kind",
    "name_zh",
    "name_en",
    "short_name_zh",
    "short_name_en",
    "founded_year",
    "hq_city_zh",
    "hq_city_en",
    "district",
    "website",
    "description_zh",
    "description_en",
)
PERSON_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "headline_zh",
    "headline_en",
    "bio_zh",
    "bio_en",
    "honours_zh",
    "honours_en",
)
ROLE_FIELDS = ("kind", "title_zh", "title_en", "order")
QUOTE_FIELDS = ("text_zh", "text_en", "context_zh", "context_en")
MILESTONE_FIELDS = (
    "kind",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "round_name_zh",
    "round_name_en",
    "amount",
    "amount_currency",
    "amount_qualifier",
    "exchange",
    "board",
    "excerpt",
)
FORUM_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "short_name_zh",
    "short_name_en",
    "founded_year",
    "description_zh",
    "description_en",
)
EDITION_FIELDS = (
    "number",
    "year",
    "status",
    "venue_zh",
    "venue_en",
    "description_zh",
    "description_en",
)
TRACK_FIELDS = ("slug", "name_zh", "name_en")
PARTICIPATION_FIELDS = ("role", "note_zh", "note_en")
INDICATOR_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "scope",
    "unit",
    "count_noun_zh",
    "count_noun_en",
    "description_zh",
    "description_en",
    "is_headline",
)
OBSERVATION_FIELDS = (
    "value",
    "comparison",
    "kind",
    "qualifier",
    "share_denominator",
    "note_zh",
    "note_en",
)
TAG_FIELDS = ("slug", "name_zh", "name_en")
ARTICLE_FIELDS = (
    "slug",
    "title_zh",
    "title_en",
    "standfirst_zh",
    "standfirst_en",
    "body_en",
    "body_en_is_summary",
    "byline_zh",
    "byline_en",
)
ARTICLE_LINKS = ("tags", "people", "organizations")
# A paragraph of the text file that ends with one of these is complete; any other runs on.
_PARAGRAPH_END = re.compile(r"[。！？”）)…]$")
# Indicators tie to what they measure by one of these keys.
INDICATOR_LINKS = ("organization", "forum", "edition")


def _source(file):
    file.check_keys(required=("source",))
    table = Table(file.data["source"], f"{file.where}, [source]")
    table.check_keys(required=("title_zh",), optional=SOURCE_FIELDS)
    return Entry(table.where, table.model_fields(Source, SOURCE_FIELDS))


def _sector(table):
    table.check_keys(required=("slug", "name_zh"), optional=(*SECTOR_FIELDS, "parent"))
    refs = {"parent": table.text("parent")} if "parent" in table.data else {}
    return Entry(table.where, table.model_fields(Sector, SECTOR_FIELDS), refs)


def _organization(table):
    table.check_keys(
        required=("slug", "kind", "name_zh", "sectors"),
        optional=(*ORGANIZATION_FIELDS, "parent"),
    )
    refs = {"sectors": table.texts("sectors")}
    if "parent" in table.data:
        refs["parent"] = table.text("parent")
    return Entry(table.where, table.model_fields(Organization, ORGANIZATION_FIELDS), refs)


def _person(table, reported_suffix):
    table.check_keys(required=("slug", "name_zh"), optional=(*PERSON_FIELDS, "role", "quote"))
    roles = []
    for role in table.tables("role", "role", "organization"):
        role.check_keys(
            required=("organization", "kind", "title_zh"),
            optional=(*ROLE_FIELDS, "start"),
        )
        start_date, start_precision = role.period("start")
        fields = role.model_fields(Role, ROLE_FIELDS)
        fields.update(start_date=start_date, start_precision=start_precision)
        roles.append(Entry(role.where, fields, {"organization": role.text("organization")}))
    quotes = []
    for quote in table.tables("quote", "quote"):
        quote.check_keys(required=("text_zh",), optional=(*QUOTE_FIELDS, "reported"))
        fields = quote.model_fields(Quote, QUOTE_FIELDS)
        if quote.flag("reported"):
            for language, suffix in reported_suffix.items():
                key = f"context_{language}"
                fields[key] = fields.get(key, "") + suffix
        quotes.append(Entry(quote.where, fields))
    return Entry(
        table.where,
        table.model_fields(Person, PERSON_FIELDS),
        children={"roles": roles, "quotes": quotes},
    )


def _milestone(table):
    table.check_keys(
        required=("organization", "kind", "title_zh"),
        optional=(*MILESTONE_FIELDS, "date", "amount_scale"),
    )
    fields = table.model_fields(Milestone, MILESTONE_FIELDS)
    fields["date"], fields["date_precision"] = table.period("date")
    if "amount_scale" in table.data:
        fields["amount_scale"] = table.scale("amount_scale")
    return Entry(table.where, fields, {"organization": table.text("organization")})


def _edition(table):
    table.check_keys(
        required=("number", "year", "status"), optional=(*EDITION_FIELDS, "date", "track")
    )
    fields = table.model_fields(Edition, EDITION_FIELDS)
    fields["start_date"], fields["start_precision"] = table.period("date")
    tracks = []
    for track in table.tables("track", "track", "slug"):
        track.check_keys(required=("slug", "name_zh"), optional=(*TRACK_FIELDS, "sector"))
        refs = {"sector": track.text("sector")} if "sector" in track.data else {}
        tracks.append(Entry(track.where, track.model_fields(Track, TRACK_FIELDS), refs))
    return Entry(table.where, fields, children={"tracks": tracks})


def _participations(table):
    """One entry per edition the participation lists."""
    table.check_keys(required=("person", "editions", "role"), optional=PARTICIPATION_FIELDS)
    numbers = table.typed("editions", list, "a list of edition numbers, e.g. editions = [6]")
    if not numbers or not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        raise table.error(f"editions must be a list of edition numbers, found {numbers!r}")
    fields = table.model_fields(Participation, PARTICIPATION_FIELDS)
    person = table.text("person")
    return [
        Entry(table.where, dict(fields), {"person": person, "edition": number})
        for number in numbers
    ]


def _indicator(table, excerpts, undated_note):
    table.check_keys(
        required=("slug", "name_zh", "sector", "scope", "unit"),
        optional=(*INDICATOR_FIELDS, *INDICATOR_LINKS, "excerpt", "observation"),
    )
    refs = {"sector": table.text("sector")}
    links = [key for key in INDICATOR_LINKS if key in table.data]
    if len(links) > 1:
        raise table.error(f"give at most one of {', '.join(INDICATOR_LINKS)}")
    if links:
        kind = links[0]
        refs["link"] = (kind, table.integer(kind) if kind == "edition" else table.text(kind))
    default_excerpt = _excerpt(table, excerpts) if "excerpt" in table.data else None
    observations = []
    for row in table.tables("observation", "observation"):
        row.check_keys(
            required=("period", "value"),
            optional=(*OBSERVATION_FIELDS, "scale", "excerpt", "undated"),
        )
        fields = row.model_fields(Observation, OBSERVATION_FIELDS)
        fields["period_date"], fields["period_precision"] = row.period("period")
        for name in ("comparison", "kind"):  # part of the natural key: never left implicit
            fields.setdefault(name, Observation._meta.get_field(name).get_default())
        if "scale" in row.data:
            fields["scale"] = row.scale("scale")
        if "excerpt" in row.data:
            fields["excerpt"] = _excerpt(row, excerpts)
        elif default_excerpt is not None:
            fields["excerpt"] = default_excerpt
        else:
            raise row.error("missing key excerpt (give it on the indicator or the observation)")
        if row.flag("undated"):
            if "note_zh" in fields or "note_en" in fields:
                raise row.error("undated = true writes the note: leave out note_zh and note_en")
            fields.update(undated_note)
        observations.append(Entry(row.where, fields))
    return Entry(
        table.where,
        table.model_fields(Indicator, INDICATOR_FIELDS),
        refs,
        {"observations": observations},
    )


def _excerpt(table, excerpts):
    key = table.text("excerpt")
    if key not in excerpts:
        known = ", ".join(excerpts) or "none"
        raise table.error(f'excerpt "{key}" is not a key of [excerpts] in this file ({known})')
    return excerpts[key]


def _header(file, name, keys):
    """The strings of the file's header table [name], which must give exactly `keys`."""
    table = Table(file.data[name], f"{file.where}, [{name}]")
    table.check_keys(required=keys)
    return {key: table.text(key) for key in keys}


def _figures(folder):
    """Indicators of every topic file, in the order figures.toml lists the topics."""
    file = read_file(folder, "figures.toml")
    file.check_keys(required=("topics", "undated"))
    undated = _header(file, "undated", ("note_zh", "note_en"))
    topics = file.texts("topics")
    present = {path.stem for path in (Path(folder) / "figures").glob("*.toml")}
    unlisted = sorted(present - set(topics))
    if unlisted:
        raise file.error(f"figures/{unlisted[0]}.toml is not listed in topics")
    indicators = []
    for topic in topics:
        topic_file = read_file(folder, f"figures/{topic}.toml")
        topic_file.check_keys(required=("excerpts", "indicator"))
        excerpts = Table(topic_file.data["excerpts"], f"{topic_file.where}, [excerpts]")
        texts = {key: excerpts.text(key) for key in excerpts.data}
        for table in topic_file.tables("indicator", "indicator", "slug"):
            indicators.append(_indicator(table, texts, undated))
    return indicators


def text_as_html(path, headings=()):
    """The article file as HTML: its first line (the title) left out, each line a paragraph
    (or an h2 when listed in `headings`), a line that ends mid-sentence joined to the next."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line][1:]
    blocks, pending = [], ""
    for line in lines:
        if line in headings and not pending:
            blocks.append(f"<h2>{escape(line)}</h2>")
            continue
        pending += line
        if _PARAGRAPH_END.search(pending) or pending == "【编者按】":
            blocks.append(f"<p>{escape(pending)}</p>")
            pending = ""
    if pending:
        blocks.append(f"<p>{escape(pending)}</p>")
    return "\n".join(blocks)


def _news(folder):
    file = read_file(folder, "news.toml")
    file.check_keys(optional=("tag", "article"))
    tags = []
    for table in file.tables("tag", "tag", "slug"):
        table.check_keys(required=("slug", "name_zh"), optional=TAG_FIELDS)
        tags.append(Entry(table.where, table.model_fields(Tag, TAG_FIELDS)))
    articles = []
    for table in file.tables("article", "article", "slug"):
        table.check_keys(
            required=("slug", "title_zh"),
            optional=(
                *ARTICLE_FIELDS,
                *ARTICLE_LINKS,
                "editions",
                "indicators",
                "source",
                "text",
                "headings",
            ),
        )
        fields = table.model_fields(Article, ARTICLE_FIELDS)
        if "text" in table.data:
            path = TEXTS_DIR / table.text("text")
            if not path.is_file():
                raise table.error(f'text "{table.text("text")}" is not a file in {TEXTS_DIR}')
            headings = table.texts("headings") if "headings" in table.data else []
            fields["body_zh"] = text_as_html(path, headings)
        refs = {key: table.texts(key) for key in ARTICLE_LINKS if key in table.data}
        if "editions" in table.data:
            numbers = table.typed("editions", list, "a list of edition numbers")
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
                raise table.error(f"editions must be a list of numbers, found {numbers!r}")
            refs["editions"] = numbers
        if "indicators" in table.data:
            value = table.data["indicators"]
            refs["indicators"] = value if value == "all" else table.texts("indicators")
        refs["source"] = table.flag("source")
        articles.append(Entry(table.where, fields, refs))
    return tags, articles


# --- the whole seed, and the references between files ---------------------------------------


def _tables(folder, name, key, label_key):
    """The entries of a file that holds only [[key]] tables."""
    file = read_file(folder, name)
    file.check_keys(required=(key,))
    return file.tables(key, key, label_key)


def read_seed(folder=DATA_DIR):
    """Read and check every data file in `folder`."""
    folder = Path(folder)
    source = _source(read_file(folder, "source.toml"))

    sectors = [_sector(table) for table in _tables(folder, "sectors.toml", "sector", "slug")]
    organizations = [
        _organization(table)
        for table in _tables(folder, "organizations.toml", "organization", "slug")
    ]

    file = read_file(folder, "people.toml")
    file.check_keys(required=("reported_speech", "person"))
    suffix = _header(file, "reported_speech", ("context_suffix_zh", "context_suffix_en"))
    suffix = {"zh": suffix["context_suffix_zh"], "en": suffix["context_suffix_en"]}
    people = [_person(table, suffix) for table in file.tables("person", "person", "slug")]

    milestones = [
        _milestone(table) for table in _tables(folder, "milestones.toml", "milestone", "title_zh")
    ]

    file = read_file(folder, "forum.toml")
    file.check_keys(required=("forum", "edition"), optional=("participation",))
    forum_table = Table(file.data["forum"], f"{file.where}, [forum]")
    forum_table.check_keys(required=("slug", "name_zh"), optional=FORUM_FIELDS)
    forum = Entry(forum_table.where, forum_table.model_fields(Forum, FORUM_FIELDS))
    editions = [_edition(table) for table in file.tables("edition", "edition", "number")]
    participations = [
        entry
        for table in file.tables("participation", "participation", "person")
        for entry in _participations(table)
    ]

    seed = Seed(
        source=source,
        sectors=sectors,
        organizations=organizations,
        people=people,
        milestones=milestones,
        forum=forum,
        editions=editions,
        participations=participations,
        indicators=_figures(folder),
    )
    seed.tags, seed.articles = _news(folder)
    _check_natural_keys(seed)
    _check_references(seed)
    return seed


def _refer(entry, key, known, where_defined):
    value = entry.refs.get(key)
    if value is not None and value not in known:
        shown = f'"{value}"' if isinstance(value, str) else value
        raise DemoDataError(f"{entry.where}: {key} {shown} is not {where_defined}")


def _check_references(seed):
    sector_slugs = {entry.fields["slug"] for entry in seed.sectors}
    defined = set()
    for entry in seed.sectors:  # a parent comes before its sub-sectors
        _refer(entry, "parent", defined, "a sector listed above it in sectors.toml")
        defined.add(entry.fields["slug"])
    organization_slugs = set()
    for entry in seed.organizations:
        _refer(entry, "parent", organization_slugs, "an organization listed above it")
        for slug in entry.refs["sectors"]:
            if slug not in sector_slugs:
                raise DemoDataError(f'{entry.where}: sector "{slug}" is not in sectors.toml')
        organization_slugs.add(entry.fields["slug"])
    in_organizations = "an organization slug in organizations.toml"
    for person in seed.people:
        for role in person.children["roles"]:
            _refer(role, "organization", organization_slugs, in_organizations)
    for entry in seed.milestones:
        _refer(entry, "organization", organization_slugs, in_organizations)
    for edition in seed.editions:
        for track in edition.children["tracks"]:
            _refer(track, "sector", sector_slugs, "a sector slug in sectors.toml")
    person_slugs = {entry.fields["slug"] for entry in seed.people}
    numbers = {entry.fields["number"] for entry in seed.editions}
    for entry in seed.participations:
        _refer(entry, "person", person_slugs, "a person slug in people.toml")
        _refer(entry, "edition", numbers, "an edition number in forum.toml")
    tag_slugs = {entry.fields["slug"] for entry in seed.tags}
    indicator_slugs = {entry.fields["slug"] for entry in seed.indicators}
    linkable = {
        "tags": (tag_slugs, "a tag slug in news.toml"),
        "people": (person_slugs, "a person slug in people.toml"),
        "organizations": (organization_slugs, in_organizations),
        "editions": (numbers, "an edition number in forum.toml"),
        "indicators": (indicator_slugs, "an indicator slug in figures/"),
    }
    for entry in seed.articles:
        for key, (known_keys, where_defined) in linkable.items():
            values = entry.refs.get(key, [])
            for value in [] if values == "all" else values:
                _refer(Entry(entry.where, {}, {key: value}), key, known_keys, where_defined)
    known = {
        "organization": organization_slugs,
        "forum": {seed.forum.fields["slug"]},
        "edition": numbers,
    }
    for entry in seed.indicators:
        _refer(entry, "sector", sector_slugs, "a sector slug in sectors.toml")
        if "link" in entry.refs:
            kind, key = entry.refs["link"]
            if key not in known[kind]:
                shown = f'"{key}"' if isinstance(key, str) else key
                raise DemoDataError(f"{entry.where}: {kind} {shown} is not in the data files")


def _unique(entries, key, what):
    """Two entries with the same natural key would load as one row: refuse them."""
    seen = {}
    for entry in entries:
        value = key(entry)
        if value in seen:
            raise DemoDataError(f"{entry.where}: same {what} as {seen[value].where}")
        seen[value] = entry


def _check_natural_keys(seed):
    for entries in (
        seed.sectors,
        seed.organizations,
        seed.people,
        seed.indicators,
        seed.tags,
        seed.articles,
    ):
        _unique(entries, _slug, "slug")
    _unique(seed.editions, lambda entry: entry.fields["number"], "number")
    for edition in seed.editions:
        _unique(edition.children["tracks"], _slug, "slug")
    for person in seed.people:
        _unique(
            person.children["roles"],
            lambda role: (role.refs["organization"], role.fields["title_zh"]),
            "organization and Chinese title",
        )
        _unique(person.children["quotes"], lambda quote: quote.fields["text_zh"], "Chinese text")
    _unique(
        seed.milestones,
        lambda entry: (entry.refs["organization"], entry.fields["kind"], entry.fields["title_zh"]),
        "organization, kind and Chinese title",
    )
    _unique(
        seed.participations,
        lambda entry: (entry.refs["edition"], entry.refs["person"], entry.fields["role"]),
        "edition, person and role",
    )
    for indicator in seed.indicators:
        _unique(
            indicator.children["observations"],
            lambda row: tuple(
                row.fields[name]
                for name in ("period_date", "period_precision", "comparison", "kind")
            ),
            "period, measure and kind",
        )


def _slug(entry):
    return entry.fields["slug"]
