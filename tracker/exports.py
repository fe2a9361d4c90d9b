"""Every export of the tracker, in one place: the position matrix (wide) and the positions (long),
as CSV and as JSON.

The web views and the `export_matrix` command both call `Export(...).chunks()`, so the same
filters give the same bytes everywhere. The CSV format is a promise to the people who put it in
spreadsheets and graphics (README, "CSV format"): change it only on purpose, and say so.

Exports stream: rows come from a server-side cursor, the next chunk read while the last one is
written (tracker/reading.py), and leave in chunks of about 64 KiB, so memory stays flat however many positions there are, and the number of
queries is the same for ten rows or a million.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import CharField, F, Func
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tracker.freshness import stamp
from tracker.matrix import KIND_ORDER
from tracker.reading import read_ahead

# Bump when the bytes of an export change for the same data, so caches let go of old files.
FORMAT_VERSION = 1

KINDS = ("matrix", "positions")
FORMATS = ("csv", "json")

# Rows fetched per round trip from the database cursor, and characters gathered before a
# chunk goes to the client.
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
]

# In JSON, parties and provisions are described once, so a position names them by code/slug.
_JSON_POSITION_KEYS = [c for c in POSITION_COLUMNS if c not in ("party_name", "provision_title")]


def neutralise(text):
    """`text`, made safe to open in a spreadsheet: a leading apostrophe when it starts the way a
    formula does. Only for text; numbers are never passed here."""
    if text and text[0] in _TRIGGER_CHARACTERS:
        return "'" + text
    return text


def _unchanged(text):
    return text


class IsoDate(Func):
    """A date as YYYY-MM-DD text, formatted by the database: cheaper than in Python, per row."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
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

    def as_sql(self, compiler, connection, **extra):
        # SQLite: Django stores a date-time as UTC text, "2025-11-12 09:30:00.123456".
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ("%Y-%m-%dT%H:%M:%SZ", *params)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql} AT TIME ZONE 'UTC', %s)", (*params, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


class Permalinks:
    """Absolute links to an excerpt on its source's page: <base>/sources/<id>/#excerpt-<id>."""

    _SENTINEL = 918273645

    def __init__(self, base_url):
        base_url = base_url.rstrip("/")
        try:
            path = reverse("tracker:source", args=[self._SENTINEL])
        except NoReverseMatch:  # the source page is not routed yet
            path = f"/sources/{self._SENTINEL}/"
        # Reversed once, not once a row: reverse() would cost seconds over a million rows.
        self._before, self._after = (base_url + path).split(str(self._SENTINEL))

    def __call__(self, source_id, excerpt_id):
        return f"{self._before}{source_id}{self._after}#excerpt-{excerpt_id}"


@dataclass(frozen=True)
class Export:
    """One export: what (`matrix` or `positions`), how (`csv` or `json`), for valid filters."""

    kind: str
    format: str
    filters: object  # a valid tracker.matrix.MatrixFilters
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
            return _csv_chunks(POSITION_COLUMNS, self._position_rows(neutralised=True))
        if self.kind == "matrix":
            return _json_chunks(self._matrix_document())
        return _json_chunks(self._positions_document())

    # -- the matrix ---------------------------------------------------------------------------

    def _parties(self):
        parties = self.filters.parties().values("pk", "code", "name", "kind")
        # The matrix page's row order: by kind (permanent members first), then name.
        return sorted(parties, key=lambda p: (KIND_ORDER.index(p["kind"]), p["name"], p["code"]))

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

    def _position_rows(self, neutralised):
        """Every position within the filters, the whole history, by position id: lists in the
        order of POSITION_COLUMNS, their text neutralised for spreadsheets if asked. Dates and
        times come formatted from the database, the same for CSV and JSON."""
        clean = neutralise if neutralised else _unchanged
        # Parties and provisions are few: read once, not joined into each of a million rows.
        parties = {
            pk: (clean(code), clean(name))
            for pk, code, name in self.filters.parties().values_list("pk", "code", "name")
        }
        provisions = {
            pk: (clean(slug), clean(title))
            for pk, slug, title in self.filters.provisions().values_list("pk", "slug", "title")
        }
        # At most one current position per party and provision: a set bounded by the matrix's
        # size, whatever the number of positions, and one query instead of a subplan per row.
        current = set(self.filters.current_positions().values_list("pk", flat=True))
        positions = (
            self.filters.positions()
            .public()
            .annotate(
                stated_text=IsoDate("stated_on"),
                published_text=IsoDate("excerpt__source__published_on"),
                recorded_text=IsoTimestamp("recorded_at"),
                retracted_text=IsoTimestamp("retracted_at"),
                source_id=F("excerpt__source_id"),
            )
            .order_by("pk")
            .values_list(
                "pk",
                "party_id",
                "provision_id",
                "stance",
                "stated_text",
                "speaker",
                "attribution",
                "summary",
                "excerpt__exact",
                "excerpt__source__title",
                "excerpt__source__outlet",
                "excerpt__source__url",
                "published_text",
                "excerpt__start",
                "excerpt__end",
                "recorded_text",
                "retracted_text",
                "retraction_reason",
                "source_id",
                "excerpt_id",
            )
        )
        permalink = Permalinks(self.base_url)
        # Inside a transaction: outside one, Django declares the server-side cursor WITH HOLD,
        # and PostgreSQL then copies the whole result aside before handing over the first row
        # (11 s and a temporary file of the whole export, at a million positions).
        with transaction.atomic():
            for (
                pk,
                party_id,
                provision_id,
                stance,
                stated_on,
                speaker,
                attribution,
                summary,
                quote,
                source_title,
                source_outlet,
                source_url,
                source_published_on,
                start,
                end,
                recorded_at,
                retracted_at,
                retraction_reason,
                source_id,
                excerpt_id,
            ) in read_ahead(positions, FETCH_ROWS):
                # Stance and attribution are codes from a fixed list and the permalink is ours: no
                # formula can hide in them.
                yield [
                    pk,
                    *parties[party_id],
                    *provisions[provision_id],
                    stance,
                    "true" if pk in current else "false",
                    stated_on,
                    clean(speaker),
                    attribution,
                    clean(summary),
                    clean(quote),
                    clean(source_title),
                    clean(source_outlet),
                    clean(source_url),
                    source_published_on,
                    start,
                    end,
                    recorded_at,
                    retracted_at,
                    clean(retraction_reason),
                    permalink(source_id, excerpt_id),
                ]

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
            for row in self._position_rows(neutralised=False):
                row[flag] = row[flag] == "true"
                yield {key: row[i] for key, i in zip(_JSON_POSITION_KEYS, keep, strict=True)}

        return document, ("positions", items())


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
    transaction (tracker/freshness.py): one query, whatever the size. (Aggregates over the
    tables took a quarter of a second at a million positions.) `context` (e.g. the base URL)
    goes into the ETag too."""
    token, changed_at = stamp()
    digest = hashlib.sha256(repr([FORMAT_VERSION, *context, token]).encode("utf-8")).hexdigest()
    return LastChange(newest=changed_at, etag=f'"{digest[:32]}"')
