"""Search folds accents on PostgreSQL too ("Turkiye" finds "Türkiye"), as SQLite's FTS5 tables
already do (remove_diacritics): the unaccent extension, a text search configuration
`tracker_english` (english, with unaccent before stemming), and the GIN indexes of 0002_search
built again with it. tracker.search uses that configuration where it exists.

On SQLite nothing happens: the extension's operation and the step below do nothing there.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIG = "tracker_english"


class UnaccentWherePostgres(UnaccentExtension):
    """UnaccentExtension, which does nothing on another database going forwards; going back it
    would ask PostgreSQL's catalogue there too, so it does nothing there either."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        super().database_backwards(app_label, schema_editor, from_state, to_state)
SEARCHED = {
    "tracker_source": (["text"], "tracker_source_text_fts"),
    "tracker_excerpt": (["exact"], "tracker_excerpt_exact_fts"),
    "tracker_position": (["summary"], "tracker_position_summary_fts"),
    "tracker_provision": (["title", "summary"], "tracker_provision_text_fts"),
    "tracker_party": (["name"], "tracker_party_name_fts"),
}


def _tsvector(columns, config):
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('{config}'::regconfig, {joined})"


def _indexes(schema_editor, config):
    for table, (columns, index) in SEARCHED.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (({_tsvector(columns, config)}))"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        exists = cursor.fetchone()
    if not exists:
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
            "hword, hword_part, word WITH unaccent, english_stem"
        )
    _indexes(schema_editor, CONFIG)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _indexes(schema_editor, "english")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0014_dates_precision_and_order")]

    operations = [
        UnaccentWherePostgres(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
