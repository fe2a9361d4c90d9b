"""Full-text search indexes for tracker.search.

PostgreSQL: a GIN index on each searched expression, written exactly as tracker.search builds
its to_tsvector() so that the planner uses it.

SQLite: an FTS5 table per searched model, with external content (the tracker's own table), kept
in sync by triggers as SQLite's documentation describes (and as Wagtail's database search backend
does). Note for later migrations: when Django's SQLite schema editor remakes one of these tables
(to alter a column), the table's triggers are dropped with it; tests/test_search.py checks that
every trigger is still there after all migrations.

Nothing here changes the models' state, so makemigrations sees nothing to do.
"""

from django.db import migrations

CONFIG = "english"

# model table -> (columns searched, GIN index name)
SEARCHED = {
    "tracker_source": (["text"], "tracker_source_text_fts"),
    "tracker_excerpt": (["exact"], "tracker_excerpt_exact_fts"),
    "tracker_position": (["summary"], "tracker_position_summary_fts"),
    "tracker_provision": (["title", "summary"], "tracker_provision_text_fts"),
    "tracker_party": (["name"], "tracker_party_name_fts"),
}


def _tsvector(columns):
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('{CONFIG}'::regconfig, {joined})"


def _sqlite_statements(table, columns):
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        # Index what is already stored.
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, (columns, index) in SEARCHED.items():
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX {index} ON {table} USING gin (({_tsvector(columns)}))"
            )
        elif vendor == "sqlite":
            for statement in _sqlite_statements(table, columns):
                schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, (_columns, index) in SEARCHED.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        elif vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
