"""A synthetic tracker: 200 parties, 60 provisions, and as many positions as asked for.

Everything is a function of a row's index, so a data set grows from 10k to 1M positions by
adding rows, never by starting again. Rows go in through PostgreSQL's COPY or SQLite's
executemany, below the ORM: a million positions load in seconds, not minutes.

Shape: one source per 50 positions (ten sentences, each an excerpt), five positions per
excerpt, each (party, provision) pair filled once every 12,000 positions. About 30% of
positions are undated, 10% of sources too, 2% of positions are retracted, and one text in 40
starts like a formula (=, +, -, @) so the exports' neutralising is part of the cost.
"""

import datetime
import hashlib

from django.db import connection, transaction

from tracker.freshness import restamp
from tracker.models import Excerpt, Negotiation, Party, Position, Provision, Source

PARTIES = 200
PROVISIONS = 60
POSITIONS_PER_EXCERPT = 5
EXCERPTS_PER_SOURCE = 10
POSITIONS_PER_SOURCE = POSITIONS_PER_EXCERPT * EXCERPTS_PER_SOURCE

STANCES = ["supports", "conditional", "seeks-amendment", "undecided", "mixed", "opposes"]
ATTRIBUTIONS = ["on-record", "anonymous-official", "media-report", "third-party-claim"]
CATEGORIES = ["security", "governance", "legal-basis", "humanitarian"]
KINDS = (
    ["permanent-member"] * 5
    + ["elected-member"] * 10
    + ["state"] * 130
    + ["bloc"] * 20
    + ["non-state"] * 25
    + ["international-body"] * 10
)
NAMES = ["Türkiye", "Côte d’Ivoire", "São Tomé", "Curaçao", "Réunion", "Åland", "Niue", "Oman"]
OUTLETS = ["Hürriyet Daily News", "Le Monde", "Al-Monitor", "Reuters", "Haaretz", "Asharq"]
FORMULA_STARTS = ["=", "+", "-", "@"]

EPOCH = datetime.datetime(2025, 9, 1, 8, 0, tzinfo=datetime.UTC)
FIRST_DAY = datetime.date(2025, 9, 1)


def _hash(n):
    return (n * 2654435761 + 12345) % 2**32


def _state_code(n):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[n // 676 % 26] + letters[n // 26 % 26] + letters[n % 26]


def _sentence(source, k):
    text = (
        f"The delegation of {NAMES[(source + k) % len(NAMES)]} said on the {k + 1}th day of talks "
        f"that paragraph {k} of draft {source} “needs work” — {OUTLETS[k % len(OUTLETS)]}."
    )
    if (source * EXCERPTS_PER_SOURCE + k) % 40 == 0:
        text = FORMULA_STARTS[source % 4] + "SUM(1,2) " + text
    return text


def _source_text(source):
    return " ".join(_sentence(source, k) for k in range(EXCERPTS_PER_SOURCE)) + " End."


def catalogue_rows():
    now = EPOCH
    yield (
        Negotiation,
        [
            {
                "id": 1,
                "slug": "bench-draft",
                "title": "A synthetic negotiation",
                "is_default": True,
                "created_at": now,
                "updated_at": now,
            }
        ],
    )
    yield (
        Provision,
        [
            {
                "id": q + 1,
                "negotiation_id": 1,
                "slug": f"provision-{q + 1:02d}",
                "title": f"Provision {q + 1}: paragraph {q + 1}",
                "summary": "What the draft says on it, as reported.",
                "category": CATEGORIES[q % len(CATEGORIES)],
                "display_order": q + 1,
                "created_at": now,
                "updated_at": now,
            }
            for q in range(PROVISIONS)
        ],
    )
    states = 0
    rows = []
    for p, kind in enumerate(KINDS):
        if kind in ("permanent-member", "elected-member", "state"):
            code, states = _state_code(states), states + 1
        else:
            code = f"{kind}-{p:03d}"
        rows.append(
            {
                "id": p + 1,
                "code": code,
                "name": f"{NAMES[p % len(NAMES)]} {p + 1}",
                "kind": kind,
                "created_at": now,
                "updated_at": now,
            }
        )
    yield Party, rows


def source_rows(start, stop):
    for j in range(start, stop):
        text = _source_text(j)
        created = EPOCH + datetime.timedelta(minutes=j)
        yield {
            "id": j + 1,
            "title": f"Article {j + 1}: Council talks on the draft",
            "outlet": OUTLETS[j % len(OUTLETS)],
            "url": f"https://news.example/articles/{j + 1}",
            "published_on": None if j % 10 == 0 else FIRST_DAY + datetime.timedelta(j % 80),
            "language": "en",
            "text": text,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "origin": "editor",
            "status": "published",  # where the model has a review status
            "created_at": created,
            "updated_at": created,
        }


def excerpt_rows(start, stop):
    texts = {}
    for e in range(start, stop):
        j, k = divmod(e, EXCERPTS_PER_SOURCE)
        if j not in texts:
            texts = {j: _source_text(j)}
        sentence = _sentence(j, k)
        begin = texts[j].index(sentence)
        end = begin + len(sentence)
        created = EPOCH + datetime.timedelta(minutes=j, seconds=k)
        yield {
            "id": e + 1,
            "source_id": j + 1,
            "start": begin,
            "end": end,
            "exact": sentence,
            "prefix": texts[j][max(0, begin - 32) : begin],
            "suffix": texts[j][end : end + 32],
            "made_by": "linker" if k % 2 else "person",
            "created_at": created,
            "updated_at": created,
        }


def position_rows(start, stop):
    for i in range(start, stop):
        h = _hash(i)
        party, provision = i % PARTIES, (i // PARTIES) % PROVISIONS
        stance = STANCES[h % len(STANCES)]
        recorded = EPOCH + datetime.timedelta(seconds=5 * i)
        retracted = (h >> 12) % 50 == 0
        summary = f"{NAMES[party % len(NAMES)]} {party + 1} is reported to be {stance} on it ({i})."
        if i % 40 == 7:
            summary = FORMULA_STARTS[i % 4] + summary
        yield {
            "id": i + 1,
            "party_id": party + 1,
            "provision_id": provision + 1,
            "stance": stance,
            "excerpt_id": i // POSITIONS_PER_EXCERPT + 1,
            "speaker": "" if h % 3 == 0 else f"Ambassador {h % 1000}",
            "attribution": ATTRIBUTIONS[(h >> 3) % len(ATTRIBUTIONS)],
            "stated_on": (
                FIRST_DAY + datetime.timedelta((h >> 8) % 80) if (h >> 4) % 10 < 7 else None
            ),
            "summary": summary,
            "origin": "editor",
            "status": "published",
            "recorded_at": recorded,
            "updated_at": recorded + datetime.timedelta(hours=1) if retracted else recorded,
            "retracted_at": recorded + datetime.timedelta(hours=1) if retracted else None,
            "retraction_reason": "Misattributed in the first report." if retracted else "",
        }


def _insert(model, rows, batch=20_000):
    """Insert dicts into the model's table; columns not given get the field's default, keys
    that are not columns are left out."""
    fields = model._meta.concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pairs = [(f.attname, f.get_default()) for f in fields]
    postgresql = connection.vendor == "postgresql"

    def tuples():
        for row in rows:
            values = [row.get(name, default) for name, default in pairs]
            if not postgresql:  # SQLite: dates and times as Django stores them
                values = [
                    f.get_db_prep_save(v, connection) if v is not None else None
                    for f, v in zip(fields, values, strict=True)
                ]
            yield values

    with transaction.atomic(), connection.cursor() as cursor:
        if postgresql:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in tuples():
                    copy.write_row(values)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        chunk = []
        for values in tuples():
            chunk.append(values)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _ceil_div(a, b):
    return -(-a // b)


def grow(positions):
    """Bring the database to `positions` positions (and the sources and excerpts they cite)."""
    if not Party.objects.exists():
        for model, rows in catalogue_rows():
            _insert(model, rows)
    have = Position.objects.count()
    if positions <= have:
        return
    sources = Source.objects.count()
    excerpts = Excerpt.objects.count()
    _insert(Source, source_rows(sources, _ceil_div(positions, POSITIONS_PER_SOURCE)))
    _insert(Excerpt, excerpt_rows(excerpts, _ceil_div(positions, POSITIONS_PER_EXCERPT)))
    _insert(Position, position_rows(have, positions))
    Position.objects.refresh_current()
    restamp()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Negotiation, Provision, Party, Source, Excerpt, Position):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
