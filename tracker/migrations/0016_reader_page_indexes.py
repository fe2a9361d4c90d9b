"""Each published position's place among its party's published positions on its provision
(`cell_rank`, 1 for the newest) and how many those are (`cell_count`), stored and indexed: the
provision and party pages read the newest few of each cell instead of ranking them all on every
request. PositionQuerySet.refresh_current() keeps them from now on. And positions by when they
were recorded, for the overview's latest and the feed. On PostgreSQL, each source's text search
vector, stored (a generated column the database keeps): search ranks the matching articles by
it instead of working it out from each whole text on every request (tracker/reading/search.py)."""

from django.conf import settings
from django.db import migrations, models

# The rule, written out so that this step keeps doing what it did when the code moves on:
# published positions (retracted ones included), newest first by the date stated, else the
# source's publication date (undated last), then the most recently recorded.
FILL = """
UPDATE tracker_position SET cell_rank = ranked.new_rank, cell_count = ranked.new_count
FROM (
    SELECT p.id AS position_id,
        ROW_NUMBER() OVER (
            PARTITION BY p.party_id, p.provision_id
            ORDER BY COALESCE(p.stated_on, s.published_on) DESC NULLS LAST,
                p.recorded_at DESC, p.id DESC
        ) AS new_rank,
        COUNT(*) OVER (PARTITION BY p.party_id, p.provision_id) AS new_count
    FROM tracker_position p
    JOIN tracker_excerpt e ON e.id = p.excerpt_id
    JOIN tracker_source s ON s.id = e.source_id
    WHERE p.status = 'published'
) AS ranked
WHERE tracker_position.id = ranked.position_id
"""


# As tracker/reading/search.py's SearchVector("text", config=pg_config()) writes it, and the
# index 0015_search_unaccent built: the same vector, read instead of worked out.
SOURCE_VECTOR = (
    "ALTER TABLE tracker_source ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('tracker_english'::regconfig, COALESCE(text, ''))) STORED"
)


def add_source_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SOURCE_VECTOR)


def drop_source_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE tracker_source DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0015_search_unaccent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="position",
            name="cell_count",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="position",
            name="cell_rank",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["provision", "cell_rank"], name="position_prov_rank_idx"),
        ),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["party", "cell_rank"], name="position_party_rank_idx"),
        ),
        # The overview's latest positions and the feed read the newest recorded first: with
        # this they read a few rows instead of sorting every position.
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["recorded_at", "id"], name="position_recorded_idx"),
        ),
        migrations.RunPython(add_source_vector, drop_source_vector),
    ]
