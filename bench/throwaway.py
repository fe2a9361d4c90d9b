"""A throw-away database for a benchmark: PostgreSQL's is created on the server and dropped
after, SQLite's is a file in the given folder. Never the tracker's own database."""

import contextlib
import os

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def _recreate(name, create):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            admin.execute(f"CREATE DATABASE {name}")


@contextlib.contextmanager
def throwaway_database(database, name, folder):
    """Point DATABASE_URL at a new, empty database of this kind (`postgresql` or `sqlite`),
    named `name` (PostgreSQL) or kept in `folder` (SQLite); yields (dsn, sqlite path): the
    PostgreSQL DSN or None, the SQLite file or None. Closes Django's connections and drops the
    PostgreSQL database after."""
    if database == "postgresql":
        _recreate(name, create=True)
        dsn, sqlite_path = f"{PG_SERVER}/{name}", None
        os.environ["DATABASE_URL"] = dsn
    else:
        dsn, sqlite_path = None, folder / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    try:
        yield dsn, sqlite_path
    finally:
        from django.db import connections

        connections.close_all()
        if database == "postgresql":
            _recreate(name, create=False)
