"""Every export of the tracker, in one place: the position matrix (wide) and the positions (long),
as CSV and as JSON.

The web views and the `export_matrix` command both call `Export(...).chunks()`, so the same
filters give the same bytes everywhere. The CSV format is a promise to the people who put it in
spreadsheets and graphics (README, "CSV format"): change it only on purpose, and say so.

Exports stream, in chunks of about 64 KiB, so memory stays flat however many positions there
are, and the number of queries is the same for ten rows or a million. positions.csv, the big
one, is written by the database itself on PostgreSQL (its COPY … TO STDOUT, the same bytes as
Python's csv module writes: see `_copied_csv_chunks`); everything else reads rows from a
server-side cursor, the next chunk read while the last one is written (tracker/reading/streaming.py).
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections, transaction
from django.db.models import Case, CharField, F, Func, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from tracker.freshness import known_stamp
from tracker.models import Excerpt, Party, Position
from tracker.reading.streaming import read_ahead

if TYPE_CHECKING:
    from tracker.reading.matrix import MatrixFilters

# Bump when the bytes of an export change for the same data, so caches let go of old files.
FORMAT_VERSION = 1

KINDS = ("matrix", "positions")
FORMATS = ("csv", "json")

# Rows fetched per round trip from the database cursor, and characters (bytes, from COPY)
# gathered before a chunk goes to the client.
FETCH_ROWS = 2000
FLUSH_CHARS = 64 * 1024

# A UTF-8 byte order mark opens every CSV file: without it Excel reads UTF-8 as the local
# code page and Türkiye arrives as TÃ¼rkiye. LibreOffice, pandas, R and Python's "utf-8-sig"
# read it as what it is.
BOM = "\ufeff"

# A text cell starting with one of these is run as a formula by spreadsheets (OWASP, "CSV
# Injection"; ASVS 5.0 V1.2.10), so it gets a leading apostrophe: shown as text, never run.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_TRIGGER_CHARACTERS = frozenset(FORMULA_TRIGGERS)

MATRIX_LEADING_COLUMNS = ["party_code", "party_name", "party_kind"]

POSITION_COLUMNS = [
    "position_id",
    "party_code",
    "party_name",
    "provision_slug",
    "provision_title",
    "stance",
    "is_current",
    "stated_on",
    "speaker",
    "attribution",
    "summary",
    "quote",
    "source_title",
    "source_outlet",
    "source_url",
    "source_published_on",
    "excerpt_start",
    "excerpt_end",
    "recorded_at",
    "retracted_at",
    "retraction_reason",
    "permalink",
    # Added with the negotiation's texts (tracker/recording/texts.py): the version the statement
    # refers to, as <draft slug>/<number>, and whether a later version changed the wording on
    # its provision; both empty when the version is not known.
    "refers_to_version",
    "text_changed_since",
    # Added with dates' precision: how much of `stated_on` and of `source_published_on` is
    # known (`day`, `week` or `month`; the date is then the week's Monday or the month's first
    # day); empty when the date is.
    "stated_on_precision",
    "source_published_on_precision",
]

# In JSON, parties and provisions are described once, so a position names them by code/slug.
_JSON_POSITION_KEYS = [c for c in POSITION_COLUMNS if c not in ("party_name", "provision_title")]


def neutralise(text):
    """`text`, made safe to open in a spreadsheet: a leading apostrophe when it starts the way a
    formula does. Only for text; numbers are never passed here."""
    if text and text[0] in _TRIGGER_CHARACTERS:
        return "'" + text
    return text


class SpreadsheetText(Func):
    """A text column as a CSV export writes it, worked out by the database for each row:
    neutralised as `neutralise()` does it, and empty text as no value (the csv module writes
    both as an empty cell; PostgreSQL's COPY would write empty text as "")."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        # SQLite: its text functions stop at a NUL, but the first byte of the text as a blob
        # does not (a trigger is one ASCII byte, never part of a longer UTF-8 character).
        sql, params = compiler.compile(self.source_expressions[0])
        first = f"substr(CAST({sql} AS BLOB), 1, 1)"
        return _neutralised(sql, params, first, "CAST(%s AS BLOB)", FORMULA_TRIGGERS)

    def as_postgresql(self, compiler, connection, **extra):
        # PostgreSQL text cannot hold a NUL, and psycopg refuses to send one.
        sql, params = compiler.compile(self.source_expressions[0])
        triggers = [trigger for trigger in FORMULA_TRIGGERS if trigger != "\0"]
        return _neutralised(sql, params, f"left({sql}, 1)", "%s", triggers)


def _neutralised(sql, params, first, mark, triggers):
    """`sql` with an apostrophe before it when `first` (its first character) is one of the
    triggers, each passed as `mark`; empty text as NULL."""
    marks = ", ".join([mark] * len(triggers))
    return (
        f"NULLIF(CASE WHEN {first} IN ({marks}) THEN '''' || {sql} ELSE {sql} END, '')",
        (*params, *triggers, *params, *params),
    )


class IsoDate(Func):
    """A date as YYYY-MM-DD text, formatted by the database: cheaper than in Python, per row."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        # SQLite: Django stores a date as this very text. The cast keeps Python's sqlite3 from
        # turning a column declared "date" back into a date.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST({sql} AS text)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql}, %s)", (*params, "YYYY-MM-DD")


class IsoTimestamp(Func):
    """A date-time in UTC to the second, as 2025-11-12T09:30:00Z, formatted by the database."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        # SQLite: Django stores a date-time as UTC text, "2025-11-12 09:30:00.123456".
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ("%Y-%m-%dT%H:%M:%SZ", *params)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql} AT TIME ZONE 'UTC', %s)", (*params, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


class Permalinks:
    """Absolute links to an excerpt on its source's page: <base>/sources/<id>/#excerpt-<id>."""

    _SOURCE, _EXCERPT = 918273645, 546372819

    def __init__(self, base_url):
        # Excerpt.url_for worked out once, not once a row (reverse() would cost seconds over a
        # million rows): the link around two placeholder ids.
        link = base_url.rstrip("/") + Excerpt.url_for(self._SOURCE, self._EXCERPT)
        self._before, rest = link.split(str(self._SOURCE))
        self._middle, self._after = rest.split(str(self._EXCERPT))

    def __call__(self, source_id, excerpt_id):
        return f"{self._before}{source_id}{self._middle}{excerpt_id}{self._after}"

    def expression(self, source_id, excerpt_id):
        """The same link, worked out by the database from two columns."""
        return Concat(
            Value(self._before),
            Cast(source_id, TextField()),
            Value(self._middle),
            Cast(excerpt_id, TextField()),
            Value(self._after),
            output_field=TextField(),
        )


@dataclass(frozen=True)
class Export:
    """One export: what (`matrix` or `positions`), how (`csv` or `json`), for valid filters."""

    kind: str
    format: str
    filters: "MatrixFilters"  # valid ones
    base_url: str = "http://127.0.0.1:8000"

    def __post_init__(self):
        if self.kind not in KINDS or self.format not in FORMATS:
            raise ValueError(f"No such export: {self.kind}.{self.format}")
        if not self.filters.is_valid():
            raise ValueError(f"Invalid filters: {self.filters.error_text()}")

    @property
    def as_of(self):
        return self.filters.cleaned_data.get("as_of")

    def filename(self):
        """resolution-tracker-matrix-2025-11-12.csv: dated by the "as of" day, else today."""
        day = self.as_of or timezone.localdate()
        return f"resolution-tracker-{self.kind}-{day.isoformat()}.{self.format}"

    @property
    def content_type(self):
        if self.format == "csv":
            return "text/csv; charset=utf-8; header=present"
        return "application/json"

    def chunks(self):
        """The export as an iterator of bytes."""
        if self.format == "csv":
            if self.kind == "matrix":
                return _csv_chunks(*self._matrix_table())
            return self._positions_csv()
        if self.kind == "matrix":
            return _json_chunks(self._matrix_document())
        return _json_chunks(self._positions_document())

    # -- the matrix ---------------------------------------------------------------------------

    def _parties(self):
        parties = self.filters.parties().values("pk", "code", "name", "kind")
        # The matrix page's row order: by kind (permanent members first), then name.
        return sorted(parties, key=lambda p: Party.display_key_of(p["kind"], p["name"], p["code"]))

    def _provisions(self):
        return list(
            self.filters.provisions().values("pk", "slug", "title", "category", "display_order")
        )

    def _matrix_rows(self):
        """(parties, provisions, rows): a row is (party, [(stance, position id) or None for each
        provision]). Three queries; the size is parties x provisions, never positions."""
        provisions = self._provisions()
        parties = self._parties()
        current = self.filters.current_positions().order_by()
        cells = {
            (party_id, provision_id): (stance, pk)
            for party_id, provision_id, stance, pk in current.values_list(
                "party_id", "provision_id", "stance", "pk"
            )
        }
        rows = (
            (party, [cells.get((party["pk"], provision["pk"])) for provision in provisions])
            for party in parties
        )
        return parties, provisions, rows

    def _matrix_table(self):
        _, provisions, rows = self._matrix_rows()
        header = MATRIX_LEADING_COLUMNS + [provision["slug"] for provision in provisions]
        table = (
            [neutralise(party["code"]), neutralise(party["name"]), party["kind"]]
            + [cell[0] if cell else None for cell in cells]
            for party, cells in rows
        )
        return header, table

    # -- the positions ------------------------------------------------------------------------

    def _positions_csv(self):
        positions = self._positions(spreadsheet=True)
        if connections[positions.db].vendor == "postgresql":
            return _copied_csv_chunks(POSITION_COLUMNS, positions)
        return _csv_chunks(POSITION_COLUMNS, _read(positions))

    def _positions(self, spreadsheet):
        """Every position within the filters, the whole history, by position id: a values_list()
        query of the columns of POSITION_COLUMNS, in that order, each worked out by the database
        (dates and times formatted, the permalink built), the same for CSV and JSON; for a
        spreadsheet, its text neutralised and empty text as no value (SpreadsheetText)."""
        text = SpreadsheetText if spreadsheet else F
        # Today: the stored flag. A day in the past: the database builds the set of that day's
        # current positions once and looks each position up in it.
        current = Position.objects.current_condition(self.as_of)
        permalink = Permalinks(self.base_url)
        # Stance and attribution are codes from a fixed list and the permalink is ours: no
        # formula can hide in them.
        columns = {
            "position_id": F("pk"),
            "party_code": text("party__code"),
            "party_name": text("party__name"),
            "provision_slug": text("provision__slug"),
            "provision_title": text("provision__title"),
            "stance": F("stance"),
            "is_current": Case(
                When(current, then=Value("true")),
                default=Value("false"),
                output_field=CharField(),
            ),
            "stated_on": IsoDate("stated_on"),
            "speaker": text("speaker"),
            "attribution": F("attribution"),
            "summary": text("summary"),
            "quote": text("excerpt__exact"),
            "source_title": text("excerpt__source__title"),
            "source_outlet": text("excerpt__source__outlet"),
            "source_url": text("excerpt__source__url"),
            "source_published_on": IsoDate("excerpt__source__published_on"),
            "excerpt_start": F("excerpt__start"),
            "excerpt_end": F("excerpt__end"),
            "recorded_at": IsoTimestamp("recorded_at"),
            "retracted_at": IsoTimestamp("retracted_at"),
            "retraction_reason": text("retraction_reason"),
            "permalink": permalink.expression("excerpt__source_id", "excerpt_id"),
            "refers_to_version": Case(
                When(
                    refers_to__isnull=False,
                    then=Concat(
                        F("refers_to__draft__slug"),
                        Value("/"),
                        Cast("refers_to__number", TextField()),
                        output_field=TextField(),
                    ),
                ),
                default=Value(None),
                output_field=TextField(),
            ),
            "text_changed_since": Case(
                When(refers_to__isnull=True, then=Value(None)),
                When(wording_changed=True, then=Value("true")),
                default=Value("false"),
                output_field=CharField(),
            ),
            "stated_on_precision": Case(
                When(stated_on__isnull=True, then=Value(None)),
                default=F("date_precision"),
                output_field=CharField(),
            ),
            "source_published_on_precision": Case(
                When(excerpt__source__published_on__isnull=True, then=Value(None)),
                default=F("excerpt__source__date_precision"),
                output_field=CharField(),
            ),
        }
        # In the columns' order, named apart from the model's fields (which an annotation may
        # not shadow).
        named = {f"export_{name}": columns[name] for name in POSITION_COLUMNS}
        return (
            self.filters.positions().public().annotate(**named).order_by("pk").values_list(*named)
        )

    # -- JSON documents -----------------------------------------------------------------------

    def _described(self, parties, provisions):
        return {
            "export": self.kind,
            "format_version": FORMAT_VERSION,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "filters": {
                name: self.filters.cleaned_data.get(name) or []
                for name in ("kind", "party", "category", "provision")
            },
            "provisions": [
                {key: provision[key] for key in ("slug", "title", "category", "display_order")}
                for provision in provisions
            ],
            "parties": parties,
        }

    def _matrix_document(self):
        parties, provisions, rows = self._matrix_rows()
        described = [
            {
                "code": party["code"],
                "name": party["name"],
                "kind": party["kind"],
                "cells": {
                    provision["slug"]: {"stance": cell[0], "position_id": cell[1]} if cell else None
                    for provision, cell in zip(provisions, cells, strict=True)
                },
            }
            for party, cells in rows
        ]
        return self._described(described, provisions), None

    def _positions_document(self):
        parties = [{key: p[key] for key in ("code", "name", "kind")} for p in self._parties()]
        document = self._described(parties, self._provisions())
        keep = [POSITION_COLUMNS.index(key) for key in _JSON_POSITION_KEYS]
        flag = POSITION_COLUMNS.index("is_current")

        def items():
            for row in _read(self._positions(spreadsheet=False)):
                row = list(row)
                row[flag] = row[flag] == "true"
                yield {key: row[i] for key, i in zip(_JSON_POSITION_KEYS, keep, strict=True)}

        return document, ("positions", items())


def _read(queryset):
    """The rows of a values_list() query, from a server-side cursor, a chunk read ahead."""
    # Inside a transaction: outside one, Django declares the server-side cursor WITH HOLD,
    # and PostgreSQL then copies the whole result aside before handing over the first row
    # (11 s and a temporary file of the whole export, at a million positions).
    with transaction.atomic(using=queryset.db):
        yield from read_ahead(queryset, FETCH_ROWS)


def _copied_csv_chunks(header, queryset):
    """The rows of a values_list() query as CSV written by PostgreSQL (COPY … TO STDOUT WITH
    (FORMAT csv)), in chunks of about FLUSH_CHARS bytes, after the BOM and a header written by
    the csv module: the bytes `_csv_chunks` gives for the same rows, several times faster.

    Both quote a value only when it holds a comma, a double quote, a CR or a LF, and double the
    quotes inside; neither quotes a number or no value. The two differences are made up for:
    COPY writes empty text as "" (SpreadsheetText makes it no value) and ends a row with LF,
    not CRLF. Each CopyData message COPY sends is one row (PostgreSQL's protocol, "COPY
    Operations"), so its last byte is the row's end, whatever line breaks a quoted value holds.
    """
    connection = connections[queryset.db]
    # COPY takes no parameters: psycopg binds them into the statement, quoting each.
    compiled = queryset.query.get_compiler(queryset.db).as_sql()
    query = connection.ops.compose_sql(*compiled)  # type: ignore[attr-defined]
    head = io.StringIO()
    head.write(BOM)
    csv.writer(head).writerow([neutralise(name) for name in header])
    parts, size = [head.getvalue().encode("utf-8")], 0
    # A download stopped half-way (the reader went away) closes this generator, and psycopg then
    # cancels the COPY. A cancelled statement leaves its transaction unusable, so the COPY has
    # one of its own (a savepoint, inside another), rolled back on the way out.
    with (
        transaction.atomic(using=queryset.db),
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy,
    ):
        for row in copy:
            parts += (row[:-1], b"\r\n")
            size += len(row) + 1
            if size >= FLUSH_CHARS:
                yield b"".join(parts)
                parts, size = [], 0
    yield b"".join(parts)


def _csv_chunks(header, rows):
    """RFC 4180 CSV (Python's csv module: CRLF, quotes only where needed), UTF-8 with a BOM,
    in chunks of about FLUSH_CHARS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= FLUSH_CHARS:
            yield buffer.getvalue().encode("utf-8")
            # A new buffer for each chunk: emptying the old one in place (seek, truncate) made
            # every row's write twice as slow.
            buffer = io.StringIO()
            writer = csv.writer(buffer)
    yield buffer.getvalue().encode("utf-8")


def _json_chunks(document_and_stream):
    """A JSON object written as it goes: the described part at once, then the streamed list
    (if any) item by item, one to a line."""
    document, streamed = document_and_stream
    if streamed is None:
        yield (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        return
    key, items = streamed
    head = json.dumps(document, ensure_ascii=False, indent=1)
    parts = [head[:-2], f',\n "{key}": [']  # head ends with "\n}"
    size = 0
    separator = "\n  "
    for item in items:
        text = separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n  "
        parts.append(text)
        size += len(text)
        if size >= FLUSH_CHARS:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    parts.append("\n ]\n}\n")
    yield "".join(parts).encode("utf-8")


@dataclass(frozen=True)
class LastChange:
    """When anything an export shows last changed, and a validator (ETag) for it."""

    newest: datetime.datetime | None
    etag: str

    @property
    def timestamp(self):
        return int(self.newest.timestamp()) if self.newest else None


def last_change(*context):
    """When the records last changed, from the token every change to a record renews in its own
    transaction (tracker/freshness.py): one query at most, whatever the size, and none when the
    reader-page cache has just read it. (Aggregates over the tables took a quarter of a second
    at a million positions.) `context` (e.g. the base URL) goes into the ETag too."""
    token, changed_at = known_stamp()
    digest = hashlib.sha256(repr([FORMAT_VERSION, *context, token]).encode("utf-8")).hexdigest()
    return LastChange(newest=changed_at, etag=f'"{digest[:32]}"')
