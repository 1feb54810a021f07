from django.db import migrations

# PostgreSQL only (SQLite searches the fields themselves). The site search
# (forum.website.search.matching.SearchColumn) finds indicators through a column that PostgreSQL
# generates on every write: their names and descriptions joined by line breaks, in upper
# case, each character written three times, so that one- and two-character queries (智能, AI)
# have trigrams for pg_trgm's index. The model does not know this column.
FIELDS = ("name_zh", "name_en", "description_zh", "description_en")


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    joined = " || E'\\n' || ".join(f"{field}::text" for field in FIELDS)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "ALTER TABLE metrics_indicator ADD COLUMN search_text text GENERATED ALWAYS AS "
        f"(REGEXP_REPLACE(UPPER({joined}), '(.)', '\\1\\1\\1', 'g')) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX indicator_search_text ON metrics_indicator "
        "USING gin (search_text gin_trgm_ops)"
    )


def remove_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE metrics_indicator DROP COLUMN search_text")


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0005_indicator_unpublish_at"),
    ]

    operations = [
        migrations.RunPython(add_search_column, remove_search_column),
    ]
