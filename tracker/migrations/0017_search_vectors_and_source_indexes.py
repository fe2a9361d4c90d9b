"""On PostgreSQL, each excerpt's and each position's text search vector, stored (a generated
column the database keeps) and indexed, as 0016 stored each source's: search finds and ranks
the matching excerpts and positions by it instead of working it out from each one's text on
every request (tracker/reading/search.py). These are the two kinds that grow with the record:
a broad search ("needs work" in the benchmark matches every synthetic sentence) ranked 20,000
excerpts at 100,000 positions from vectors worked out afresh, most of the search page's time.
Their GIN indexes, and the sources', move from the expression (0015) to the stored column:
one index each, as before; search finds the newest matches by it and ranks only those.

And sources in the order the overview and the sources page show them (newest first, by
publication date, undated last), by when they were stored (the overview's "last updated"),
and the visible ones (how many there are): read from an index, not by sorting or counting
every source, 20,000 of them at a million positions."""

from django.db import migrations, models

# As tracker/reading/search.py's SearchVector(column, config=pg_config()) writes it, and the
# indexes 0015_search_unaccent built: the same vector, read instead of worked out.
VECTORS = {
    "tracker_excerpt": ("exact", "tracker_excerpt_exact_fts"),
    "tracker_position": ("summary", "tracker_position_summary_fts"),
}
# The sources' vector was stored by 0016 and ranked by; now it is indexed and searched by too.
STORED_BEFORE = {"tracker_source": ("text", "tracker_source_text_fts")}
CONFIG = "tracker_english"


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (column, index) in VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{CONFIG}'::regconfig, COALESCE({column}, ''))) STORED"
        )
    for table, (_column, index) in {**VECTORS, **STORED_BEFORE}.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (column, index) in {**VECTORS, **STORED_BEFORE}.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        if table in VECTORS:
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin "
            f"((to_tsvector('{CONFIG}'::regconfig, COALESCE({column}, ''))))"
        )


# SourceQuerySet.newest_first()'s order. PostgreSQL only: SQLite's indexes take no NULLS LAST
# (and there undated sources sort last under DESC anyway).
NEWEST = (
    "CREATE INDEX source_newest_idx ON tracker_source (published_on DESC NULLS LAST, id DESC)"
)


def add_newest(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEWEST)


def drop_newest(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS source_newest_idx")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0016_reader_page_indexes")]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors),
        migrations.RunPython(add_newest, drop_newest),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["created_at"], name="source_created_idx"),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                condition=models.Q(("retracted_at__isnull", True), ("status", "published")),
                fields=["id"],
                name="source_visible_idx",
            ),
        ),
    ]
