"""Every export of the tracker, in one place: the position matrix (wide) and the positions (long),
as CSV and as JSON.

The web views and the `export_matrix` command both call `Export(...).chunks()`, so the same
filters give the same bytes everywhere. The CSV format is a promise to the people who put it in
spreadsheets and graphics (README, "CSV format"): change it only on purpose, and say so.

Exports stream: rows come from a server-side cursor (`.iterator(chunk_size=…)`) and leave in
chunks of about 64 KiB, so memory stays flat however many positions there are, and the number of
queries is the same for ten rows or a million.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Max, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tracker.matrix import KIND_ORDER
from tracker.models import Excerpt, Party, Position, Provision, Source

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

# The database fields behind POSITION_COLUMNS (permalink is built from the last two).
_POSITION_FIELDS = [
    "pk",
    "party__code",
    "party__name",
    "provision__slug",
    "provision__title",
    "stance",
    "is_current",
    "stated_on",
    "speaker",
    "attribution",
    "summary",
    "excerpt__exact",
    "excerpt__source__title",
    "excerpt__source__outlet",
    "excerpt__source__url",
    "excerpt__source__published_on",
    "excerpt__start",
    "excerpt__end",
    "recorded_at",
    "retracted_at",
    "retraction_reason",
    "excerpt__source_id",
    "excerpt_id",
]

# Text columns: neutralised in CSV (FORMULA_TRIGGERS). Numbers, dates and booleans never are.
TEXT_COLUMNS = {
    "party_code",
    "party_name",
    "provision_slug",
    "provision_title",
    "stance",
    "speaker",
    "attribution",
    "summary",
    "quote",
    "source_title",
    "source_outlet",
    "source_url",
    "retraction_reason",
    "permalink",
}

# In JSON, parties and provisions are described once, so a position names them by code/slug.
_JSON_POSITION_KEYS = [c for c in POSITION_COLUMNS if c not in ("party_name", "provision_title")]


def neutralise(text):
    """`text`, made safe to open in a spreadsheet: a leading apostrophe when it starts the way a
    formula does. Only for text; numbers are never passed here."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def timestamp(value):
    """A date-time as ISO 8601 in UTC to the second, e.g. 2025-11-12T09:30:00Z."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat("T", "seconds") + "Z"


def isodate(value):
    return value.isoformat() if value is not None else None


# Dates and date-times as text, the same in CSV and JSON.
_PLAIN_FORM = {
    "stated_on": isodate,
    "source_published_on": isodate,
    "recorded_at": timestamp,
    "retracted_at": timestamp,
}


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
            header, rows = self._matrix_table() if self.kind == "matrix" else self._position_table()
            return _csv_chunks(header, rows)
        if self.kind == "matrix":
            return _json_chunks(self._matrix_document())
        return _json_chunks(self._positions_document())

    # -- the rows -------------------------------------------------------------------------------

    def _parties(self):
        parties = self.filters.parties().values("pk", "code", "name", "kind")
        # The matrix page's row order: by kind (permanent members first), then name.
        return sorted(parties, key=lambda p: (KIND_ORDER.index(p["kind"]), p["name"], p["code"]))

    def _provisions(self):
        return list(
            self.filters.provisions().values("pk", "slug", "title", "category", "display_order")
        )

    def _cells(self):
        """{(party_id, provision_id): (stance, position_id)} for the current positions."""
        current = self.filters.current_positions().order_by()
        return {
            (party_id, provision_id): (stance, pk)
            for party_id, provision_id, stance, pk in current.values_list(
                "party_id", "provision_id", "stance", "pk"
            )
        }

    def _matrix_rows(self):
        """(party, provisions, [(stance, position_id) or None for each provision])."""
        provisions = self._provisions()
        parties = self._parties()
        cells = self._cells()
        return (
            parties,
            provisions,
            (
                (party, [cells.get((party["pk"], provision["pk"])) for provision in provisions])
                for party in parties
            ),
        )

    def _matrix_table(self):
        _, provisions, rows = self._matrix_rows()
        header = MATRIX_LEADING_COLUMNS + [provision["slug"] for provision in provisions]
        table = (
            [party["code"], party["name"], party["kind"]]
            + [cell[0] if cell else None for cell in cells]
            for party, cells in rows
        )
        return header, table

    def _position_rows(self):
        """Every position within the filters, the whole history, by position id, as tuples in
        the order of POSITION_COLUMNS."""
        current = self.filters.current_positions().values("pk")
        positions = (
            self.filters.positions()
            .public()
            .annotate(
                is_current=Case(
                    When(pk__in=current, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .order_by("pk")
            .values_list(*_POSITION_FIELDS)
        )
        permalink = Permalinks(self.base_url)
        for *row, source_id, excerpt_id in positions.iterator(chunk_size=FETCH_ROWS):
            row.append(permalink(source_id, excerpt_id))
            yield row

    def _position_table(self):
        csv_form = {
            **dict.fromkeys(TEXT_COLUMNS, neutralise),
            **_PLAIN_FORM,
            "is_current": _boolean,
        }
        return POSITION_COLUMNS, _converted(self._position_rows(), POSITION_COLUMNS, csv_form)

    # -- JSON documents -------------------------------------------------------------------------

    def _described(self, parties, provisions):
        return {
            "export": self.kind,
            "format_version": FORMAT_VERSION,
            "as_of": isodate(self.as_of),
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
        rows = _converted(self._position_rows(), POSITION_COLUMNS, _PLAIN_FORM)
        items = (
            dict(zip(_JSON_POSITION_KEYS, (row[i] for i in keep), strict=True)) for row in rows
        )
        return document, ("positions", items)


def _converted(rows, columns, form):
    """`rows` with each column named in `form` (column -> function) passed through it."""
    steps = [(i, form[column]) for i, column in enumerate(columns) if column in form]
    for row in rows:
        for i, step in steps:
            row[i] = step(row[i])
        yield row


def _boolean(value):
    return "true" if value else "false"


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
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _json_chunks(document_and_stream):
    """A JSON object written as it goes: the described part at once, then the streamed list
    (if any) item by item."""
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
    """The newest change among parties, provisions, sources, excerpts and positions (each table's
    latest updated_at, and positions' recorded_at and retracted_at), with row counts so that a
    deletion also changes the ETag. `context` (e.g. the base URL) goes into the ETag too.
    Five small aggregate queries, whatever the size."""
    state = [FORMAT_VERSION, *context]
    newest = []
    for model in (Party, Provision, Source, Excerpt):
        stats = model.objects.aggregate(newest=Max("updated_at"), count=Count("pk"))
        state += [stats["count"], stats["newest"] and stats["newest"].isoformat()]
        newest.append(stats["newest"])
    stats = Position.objects.aggregate(
        updated=Max("updated_at"),
        recorded=Max("recorded_at"),
        retracted=Max("retracted_at"),
        count=Count("pk"),
    )
    for key in ("updated", "recorded", "retracted"):
        newest.append(stats[key])
        state.append(stats[key] and stats[key].isoformat())
    state.append(stats["count"])
    known = [moment for moment in newest if moment is not None]
    digest = hashlib.sha256(repr(state).encode("utf-8")).hexdigest()[:32]
    return LastChange(newest=max(known) if known else None, etag=f'"{digest}"')
