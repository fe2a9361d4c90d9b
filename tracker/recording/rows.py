"""Many rows of one table written at once, without a model instance for each.

A long article's save writes thousands of rows: its excerpts and their history, their mentions
and the mentions' history, the examples the linker learns from. Django's bulk_create builds an
instance per row and prepares every field of each for the database, which took most of such a
save. Here the caller gives only what differs from row to row, as the database driver takes it
(ints, strings, booleans, None), and a model instance, the template, gives every other column
once for all rows: its defaults, or what the caller set on it, prepared as a save prepares them
(an auto_now timestamp is read once, so the rows of one call share it). Rows are written in the
order given, a thousand to a statement (fewer on SQLite, to stay within its limit on parameters;
on PostgreSQL as an array a column), in the caller's transaction. Like bulk_create, this sends
no signals: callers restamp the pages themselves (tracker/freshness.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import NotSupportedError, connections, models, router

# PostgreSQL takes up to 65,535 parameters in a statement; a thousand rows is as fast as more.
MAX_ROWS = 1000


def insert(
    template: models.Model,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert one row into template's table for each of `rows`: their values fill `columns`
    (field attnames: "source_id", "start"), ready for the database; the template fills every
    other column but an automatic primary key. Returns the `returning` columns of each row
    written (their order is the database's; ask for a column that tells the rows apart)."""
    model = type(template)
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    fields = [_column(model, name) for name in columns]
    if not fields:
        raise ValueError("Name at least one column the rows fill.")
    named = {f.attname for f in fields}
    same_fields = [
        f
        for f in meta.concrete_fields
        if f.attname not in named and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    same = tuple(
        f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in same_fields
    )
    quote = connection.ops.quote_name
    names = ", ".join(quote(cast(str, f.column)) for f in [*fields, *same_fields])
    width = len(fields) + len(same_fields)
    limit = connection.features.max_query_params
    batch = max(1, min(MAX_ROWS, limit // width if limit else MAX_ROWS))
    back = ""
    if returning:
        if not connection.features.can_return_rows_from_bulk_insert:
            raise NotSupportedError(f"{connection.vendor} does not return rows from an INSERT.")
        back = " RETURNING " + ", ".join(
            quote(cast(str, _column(model, name).column)) for name in returning
        )
    statement = f"INSERT INTO {quote(meta.db_table)} ({names}) "
    arrays = connection.vendor == "postgresql"
    if arrays:
        # An array a column, as Django's bulk_create does there: a few parameters to read,
        # however many rows (the client-side binding parses every placeholder in Python).
        unnest = ", ".join(f"%s::{_db_type(f, connection)}[]" for f in fields)
        shared = "".join(f", %s::{_db_type(f, connection)}" for f in same_fields)
        statement += f"SELECT *{shared} FROM UNNEST({unnest}){back}"
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    written: list[tuple[Any, ...]] = []
    rows = list(rows)
    with connection.cursor() as cursor:
        for begin in range(0, len(rows), batch):
            chunk = rows[begin : begin + batch]
            if arrays:
                params = [*same, *(list(column) for column in zip(*chunk, strict=True))]
                cursor.execute(statement, params)
            else:
                values = ", ".join([placeholder] * len(chunk))
                params = [value for row in chunk for value in (*row, *same)]
                cursor.execute(f"{statement}VALUES {values}{back}", params)
            if returning:
                written.extend(tuple(row) for row in cursor.fetchall())
    return written


def _column(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column.")
    return field


def _db_type(field: models.Field, connection: Any) -> str:
    """The column's type without its length (varchar, not varchar(32)), for a cast."""
    return str(field.db_type(connection)).split("(")[0]
