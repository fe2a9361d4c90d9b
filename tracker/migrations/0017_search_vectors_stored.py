"""On PostgreSQL, each excerpt's and each position's text search vector, stored (a generated
column the database keeps), as 0016 stored each source's: search ranks the matching excerpts
and positions by it instead of working it out from each one's text on every request
(tracker/reading/search.py). These are the two kinds that grow with the record: a broad search
("needs work" in the benchmark matches every synthetic sentence) ranked 20,000 excerpts at
100,000 positions from vectors worked out afresh, most of the search page's time. Finding them
is still the GIN indexes' work (0015)."""

from django.db import migrations

# As tracker/reading/search.py's SearchVector(column, config=pg_config()) writes it, and the
# indexes 0015_search_unaccent built: the same vector, read instead of worked out.
VECTORS = {
    "tracker_excerpt": "exact",
    "tracker_position": "summary",
}


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('tracker_english'::regconfig, COALESCE({column}, ''))) STORED"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0016_reader_page_indexes")]

    operations = [migrations.RunPython(add_vectors, drop_vectors)]
