from django.db import migrations

# PostgreSQL only (SQLite searches the fields themselves). The site search
# (forum.website.search.matching.SearchColumn) finds people and organizations through columns that
# PostgreSQL generates on every write: some texts joined by line breaks, in upper case, each
# character written three times, so that one- and two-character queries (沐曦, AI) have
# trigrams for pg_trgm's index; and the English texts' full-text vector, so that a query
# matching most rows does not analyse every text again. The models do not know these columns.
# Migration 0009's indexes on the texts only the site search read give way to them; its name
# indexes stay for the list filters.
SEARCH_COLUMNS = {
    "profiles_person": {
        "search_name": ("name_zh", "name_en"),
        "search_pinyin": ("name_pinyin",),
        "search_text": ("headline_zh", "headline_en", "bio_zh", "bio_en"),
    },
    "profiles_organization": {
        "search_name": ("name_zh", "name_en", "short_name_zh", "short_name_en"),
        "search_pinyin": ("name_pinyin",),
        "search_text": ("description_zh", "description_en"),
    },
}
ENGLISH_TEXTS = {
    "profiles_person": ("headline_en", "bio_en"),
    "profiles_organization": ("name_en", "description_en"),
}
REPLACED_TRIGRAM_INDEXES = {
    "profiles_person": ("name_pinyin", "headline_zh", "headline_en", "bio_zh", "bio_en"),
    "profiles_organization": ("name_pinyin", "description_zh", "description_en"),
}


def _short(table):
    return table.removeprefix("profiles_")


def _spread(fields):
    joined = " || E'\\n' || ".join(f"{field}::text" for field in fields)
    return f"REGEXP_REPLACE(UPPER({joined}), '(.)', '\\1\\1\\1', 'g')"


def add_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCH_COLUMNS.items():
        for column, fields in columns.items():
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} text "
                f"GENERATED ALWAYS AS ({_spread(fields)}) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX {_short(table)}_{column} ON {table} "
                f"USING gin ({column} gin_trgm_ops)"
            )
    for table, (first, second) in ENGLISH_TEXTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_english tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('english'::regconfig, {first}::text || ' ' || {second}::text)) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {_short(table)}_search_english ON {table} USING gin (search_english)"
        )
        schema_editor.execute(f"DROP INDEX {_short(table)}_text_fts")
    for table, fields in REPLACED_TRIGRAM_INDEXES.items():
        for field in fields:
            schema_editor.execute(f"DROP INDEX {_short(table)}_{field}_trgm")


def remove_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fields in REPLACED_TRIGRAM_INDEXES.items():
        for field in fields:
            schema_editor.execute(
                f"CREATE INDEX {_short(table)}_{field}_trgm ON {table} "
                f"USING gin (UPPER({field}) gin_trgm_ops)"
            )
    for table, (first, second) in ENGLISH_TEXTS.items():
        # As migration 0009 wrote them (SearchVector's SQL).
        schema_editor.execute(
            f"CREATE INDEX {_short(table)}_text_fts ON {table} USING gin (to_tsvector("
            f"'english'::regconfig, COALESCE({first}, '')::text || ' ' || COALESCE({second}, '')))"
        )
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_english")
    for table, columns in SEARCH_COLUMNS.items():
        for column in columns:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0010_milestone_designations"),
    ]

    operations = [
        migrations.RunPython(add_search_columns, remove_search_columns),
    ]
