"""The downloads at /export/…: what a spreadsheet user or a program gets."""

import csv
import datetime
import io
import itertools
import json
import random

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import (
    day,
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
)
from tracker.models import Party, Position, Provision, ReviewStatus
from tracker.reading.exports import FORMULA_TRIGGERS, POSITION_COLUMNS, Export
from tracker.reading.matrix import MatrixFilters

pytestmark = pytest.mark.django_db


def download(client, name, headers=None, **params):
    return client.get(reverse(f"tracker:{name}"), params, headers=headers or {})


def body(response):
    """The download's bytes, streamed as worked out or (the same again) as kept."""
    assert response.status_code == 200, response.content
    return response.getvalue()


def csv_rows(response):
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def as_dicts(rows):
    header, *records = rows
    return [dict(zip(header, record, strict=True)) for record in records]


@pytest.fixture
def catalogue():
    """Three parties of three kinds and two provisions, the Security Council members first."""
    return {
        "usa": make_party("USA", name="United States", kind=Party.Kind.PERMANENT_MEMBER),
        "tur": make_party("TUR", name="Türkiye", kind=Party.Kind.STATE),
        "hamas": make_party("hamas", name="Hamas", kind=Party.Kind.NON_STATE),
        "isf": make_provision(
            "isf-mandate", title="ISF mandate", category=Provision.Category.SECURITY
        ),
        "ch7": make_provision(
            "chapter-vii", title="Chapter VII", category=Provision.Category.LEGAL_BASIS
        ),
    }


# -- matrix.csv ---------------------------------------------------------------------------------


def test_matrix_csv_has_a_row_per_party_and_a_column_per_provision(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["isf"], stance="supports", stated_on=day("2025-11-01"))
    make_position(c["usa"], c["isf"], stance="opposes", stated_on=day("2025-11-08"))
    make_position(c["tur"], c["ch7"], stance="conditional", stated_on=day("2025-11-03"))

    rows = csv_rows(download(client, "export-matrix-csv"))

    assert rows == [
        ["party_code", "party_name", "party_kind", "isf-mandate", "chapter-vii"],
        ["USA", "United States", "permanent-member", "opposes", ""],
        ["TUR", "Türkiye", "state", "", "conditional"],
        ["hamas", "Hamas", "non-state", "", ""],
    ]


def test_matrix_csv_is_utf8_with_crlf_line_ends(client, catalogue):
    data = body(download(client, "export-matrix-csv"))

    assert "Türkiye".encode() in data
    assert data.count(b"\r\n") == 4 and data.count(b"\n") == 4


def test_a_retracted_position_never_counts_in_the_matrix(client, catalogue):
    c = catalogue
    older = make_position(c["hamas"], c["isf"], stance="opposes", stated_on=day("2025-11-01"))
    newer = make_position(c["hamas"], c["isf"], stance="supports", stated_on=day("2025-11-05"))
    newer.retract("Misattributed: the speaker was not a Hamas official.")
    make_position(c["tur"], c["isf"], stance="supports").retract("Duplicate of another entry.")

    by_party = {
        row["party_code"]: row for row in as_dicts(csv_rows(download(client, "export-matrix-csv")))
    }

    assert by_party["hamas"]["isf-mandate"] == "opposes"
    assert by_party["TUR"]["isf-mandate"] == ""
    assert older.stance == "opposes"  # what stands once the newer one is withdrawn


def test_as_of_shows_the_matrix_as_it_stood_that_day(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["isf"], stance="undecided", stated_on=day("2025-11-01"))
    make_position(c["usa"], c["isf"], stance="supports", stated_on=day("2025-11-10"))

    then = as_dicts(csv_rows(download(client, "export-matrix-csv", as_of="2025-11-05")))
    now = as_dicts(csv_rows(download(client, "export-matrix-csv")))

    assert then[0]["isf-mandate"] == "undecided"
    assert now[0]["isf-mandate"] == "supports"


def test_filters_narrow_rows_and_columns(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["ch7"], stance="supports")

    by_kind = csv_rows(download(client, "export-matrix-csv", kind=["state", "non-state"]))
    by_code = csv_rows(download(client, "export-matrix-csv", party="USA", provision="chapter-vii"))
    by_category = csv_rows(download(client, "export-matrix-csv", category="legal-basis"))

    assert [row[0] for row in by_kind[1:]] == ["TUR", "hamas"]
    assert by_code == [
        ["party_code", "party_name", "party_kind", "chapter-vii"],
        ["USA", "United States", "permanent-member", "supports"],
    ]
    assert by_category[0][3:] == ["chapter-vii"]


@pytest.mark.parametrize(
    "name",
    ["export-matrix-csv", "export-matrix-json", "export-positions-csv", "export-positions-json"],
)
@pytest.mark.parametrize(
    "params, message",
    [
        ({"as_of": "10/11/2025"}, "YYYY-MM-DD"),
        ({"as_of": "2999-01-01"}, "cannot be in the future"),
        ({"party": "XXX"}, "There is no party with code XXX"),
        ({"provision": "nope"}, "There is no provision with slug nope"),
        ({"kind": "planet"}, "planet is not a party kind"),
    ],
)
def test_a_bad_filter_is_a_400_with_a_plain_message(client, catalogue, name, params, message):
    response = download(client, name, **params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_a_position_waiting_for_review_is_in_no_export(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["isf"], stance="supports", stated_on=day("2025-11-01"))
    make_position(
        c["usa"],
        c["isf"],
        stance="opposes",
        stated_on=day("2025-11-05"),
        status=ReviewStatus.PENDING,
    )

    matrix = as_dicts(csv_rows(download(client, "export-matrix-csv")))
    positions = as_dicts(csv_rows(download(client, "export-positions-csv")))
    document = json.loads(body(download(client, "export-positions-json")))

    assert matrix[0]["isf-mandate"] == "supports"
    assert [(r["stance"], r["is_current"]) for r in positions] == [("supports", "true")]
    assert [p["stance"] for p in document["positions"]] == ["supports"]


# -- positions.csv ------------------------------------------------------------------------------


def test_positions_csv_has_the_whole_history_with_its_retractions(client, catalogue):
    c = catalogue
    source = make_source(
        "Ankara said it would take part. Türkiye “will not send troops”, an official said.",
        title="Türkiye and the force",
        outlet="Daily Sabah",
        url="https://example.org/tr",
        published_on=day("2025-11-04"),
    )
    excerpt = make_excerpt(source, quote="Türkiye “will not send troops”")
    first = make_position(
        c["tur"], c["isf"], excerpt, stance="supports", stated_on=day("2025-11-02")
    )
    second = make_position(
        c["tur"],
        c["isf"],
        excerpt,
        stance="opposes",
        speaker="An official",
        attribution="anonymous-official",
        summary="An official says Türkiye will not send troops.",
    )
    second.retract("The outlet corrected the quote.")
    second.refresh_from_db()

    rows = csv_rows(download(client, "export-positions-csv"))

    assert rows[0] == POSITION_COLUMNS
    records = as_dicts(rows)
    assert [r["position_id"] for r in records] == [str(first.pk), str(second.pk)]
    assert records[0]["is_current"] == "true"
    assert records[0]["retracted_at"] == "" and records[0]["retraction_reason"] == ""
    assert records[1] == {
        "position_id": str(second.pk),
        "party_code": "TUR",
        "party_name": "Türkiye",
        "provision_slug": "isf-mandate",
        "provision_title": "ISF mandate",
        "stance": "opposes",
        "is_current": "false",
        "stated_on": "",
        "speaker": "An official",
        "attribution": "anonymous-official",
        "summary": "An official says Türkiye will not send troops.",
        "quote": "Türkiye “will not send troops”",
        "source_title": "Türkiye and the force",
        "source_outlet": "Daily Sabah",
        "source_url": "https://example.org/tr",
        "source_published_on": "2025-11-04",
        "excerpt_start": str(excerpt.start),
        "excerpt_end": str(excerpt.end),
        "recorded_at": second.recorded_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "retracted_at": second.retracted_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "retraction_reason": "The outlet corrected the quote.",
        "permalink": f"http://testserver/sources/{source.pk}/#excerpt-{excerpt.pk}",
        # No version of the text is recorded: the version it refers to is not known.
        "refers_to_version": "",
        "text_changed_since": "",
        # Undated statement; its source's date is known to the day.
        "stated_on_precision": "",
        "source_published_on_precision": "day",
    }


def test_a_cell_that_would_run_as_a_formula_is_neutralised(client, catalogue):
    source = make_source('Intro. =HYPERLINK("http://evil.example","Click") said nobody.')
    excerpt = make_excerpt(source, quote='=HYPERLINK("http://evil.example","Click")')
    position = make_position(
        catalogue["usa"],
        catalogue["isf"],
        excerpt,
        summary="+cmd|' /C calc'!A0 is what the summary says",
        speaker="@SUM(1+1)",
    )
    make_position(catalogue["usa"], catalogue["ch7"], summary="-2+3", speaker="\tTabbed")

    records = as_dicts(csv_rows(download(client, "export-positions-csv")))

    assert records[0]["quote"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert records[0]["summary"] == "'+cmd|' /C calc'!A0 is what the summary says"
    assert records[0]["speaker"] == "'@SUM(1+1)"
    assert records[1]["summary"] == "'-2+3"
    assert records[1]["speaker"] == "'\tTabbed"
    # Numbers stay numbers, and plain text is left alone.
    assert records[0]["position_id"] == str(position.pk)
    assert records[0]["excerpt_start"] == str(excerpt.start)
    assert records[0]["party_name"] == "United States"


def test_every_formula_start_is_neutralised_in_every_text_column(client, catalogue):
    # PostgreSQL text cannot hold a NUL at all, so there it cannot start a cell either.
    triggers = [t for t in FORMULA_TRIGGERS if t != "\0" or connection.vendor != "postgresql"]
    for trigger in triggers:
        source = make_source(
            f"Article about {trigger!r}. The text is long enough.",
            title=f"{trigger}title",
            outlet=f"{trigger}outlet",
        )
        position = make_position(
            catalogue["usa"],
            catalogue["isf"],
            make_excerpt(source),
            speaker=f"{trigger}speaker",
            summary=f"{trigger}summary",
        )
        position.retract(f"{trigger}reason")

    records = as_dicts(csv_rows(download(client, "export-positions-csv")))

    assert len(records) == len(triggers)
    for trigger, record in zip(triggers, records, strict=True):
        assert record["speaker"] == f"'{trigger}speaker"
        assert record["summary"] == f"'{trigger}summary"
        assert record["source_title"] == f"'{trigger}title"
        assert record["source_outlet"] == f"'{trigger}outlet"
        # A reason is stored without the spaces around it, so a tab or a line break goes.
        reason = f"{trigger}reason".strip()
        assert record["retraction_reason"] == (f"'{reason}" if reason[0] == trigger else reason)


def test_positions_csv_is_exactly_what_pythons_csv_module_writes(client, catalogue):
    """Quoted only where needed, quotes doubled, CRLF after each row, line breaks inside a value
    kept, empty text and unknown values as empty cells, numbers bare: byte for byte."""
    texts = [
        'He said "no", twice',
        "Line one\nline two",
        "Windows\r\nline ends and a lone\rcarriage return",
        " leading and trailing spaces ",
        "A back\\slash, and \\. on its own",
        "Türkiye’s “reservations”; naïve café",
        "tab\tinside",
        "",
    ]
    positions = []
    for n, text in enumerate(texts):
        source = make_source(
            f"Sentence {n}, with a comma. Another one.", title="A title, with comma"
        )
        excerpt = make_excerpt(source, quote=f"Sentence {n}, with a comma.")
        positions.append(
            make_position(
                catalogue["tur"], catalogue["ch7"], excerpt, speaker=text, summary=text or "Said."
            )
        )

    data = body(download(client, "export-positions-csv"))

    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(POSITION_COLUMNS)
    for position in positions:
        position.refresh_from_db()
        excerpt = position.excerpt
        writer.writerow(
            [
                position.pk,
                "TUR",
                "Türkiye",
                "chapter-vii",
                "Chapter VII",
                "supports",
                "true" if position == positions[-1] else "false",
                None,
                position.speaker,
                "on-record",
                position.summary,
                excerpt.exact,
                "A title, with comma",
                "",
                "",
                None,
                excerpt.start,
                excerpt.end,
                position.recorded_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                None,
                "",
                f"http://testserver/sources/{excerpt.source_id}/#excerpt-{excerpt.pk}",
                None,
                None,
                None,  # no date stated, and the source's is not known: no precision either
                None,
            ]
        )
    assert data == ("\ufeff" + expected.getvalue()).encode("utf-8")


@pytest.mark.django_db(transaction=True)  # as served: no test transaction around requests
def test_a_download_stopped_half_way_leaves_the_next_one_whole(client, catalogue, monkeypatch):
    monkeypatch.setattr("tracker.reading.exports.FLUSH_CHARS", 200)
    add_history(catalogue, 30)

    stopped = download(client, "export-positions-csv")
    next(iter(stopped.streaming_content))
    stopped.close()  # what the server does when the reader goes away

    assert len(as_dicts(csv_rows(download(client, "export-positions-csv")))) == 30


def test_an_export_stopped_half_way_leaves_the_transaction_around_it_usable(catalogue):
    # 18 MB, so that the database is still sending when the reading stops.
    source = make_source("A long article: " + "word " * 100_000)
    excerpt = make_excerpt(source, quote=source.text)
    for party, provision, stance in itertools.product(
        [catalogue["usa"], catalogue["tur"], catalogue["hamas"]],
        [catalogue["isf"], catalogue["ch7"]],
        ["supports", "conditional", "seeks-amendment", "undecided", "mixed", "opposes"],
    ):
        make_position(party, provision, excerpt, stance=stance)
    with transaction.atomic():
        chunks = Export("positions", "csv", MatrixFilters({}), base_url="http://x").chunks()
        next(chunks)
        chunks.close()

        assert Position.objects.count() == 36


def test_json_keeps_the_text_as_it_is(client, catalogue):
    make_position(catalogue["usa"], catalogue["isf"], summary="=1+1")

    document = json.loads(body(download(client, "export-positions-json")))

    assert document["positions"][0]["summary"] == "=1+1"


def test_positions_csv_filters_by_party_provision_and_as_of(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["isf"], stated_on=day("2025-11-01"))
    make_position(c["usa"], c["ch7"], stated_on=day("2025-11-09"))
    make_position(c["tur"], c["isf"], stated_on=day("2025-11-01"))

    def keys(**params):
        records = as_dicts(csv_rows(download(client, "export-positions-csv", **params)))
        return sorted((r["party_code"], r["provision_slug"]) for r in records)

    assert keys(party="USA") == [("USA", "chapter-vii"), ("USA", "isf-mandate")]
    assert keys(provision="isf-mandate") == [("TUR", "isf-mandate"), ("USA", "isf-mandate")]
    assert keys(as_of="2025-11-05") == [("TUR", "isf-mandate"), ("USA", "isf-mandate")]


def test_is_current_and_the_matrix_agree_with_the_history(client):
    """Random histories: dated, undated, retracted, stated out of order. The export's
    `is_current` and the matrix cells are each pair's latest non-retracted position by date
    stated (else the source's date; undated last), then by when it was recorded."""
    rng = random.Random(5)
    parties = [make_party(kind=Party.Kind.STATE, code=code) for code in ("AAA", "BBB", "CCC")]
    provisions = [make_provision() for _ in range(3)]
    for n in range(40):
        published_on = rng.choice([None, day("2025-11-03"), day("2025-11-06")])
        position = make_position(
            rng.choice(parties),
            rng.choice(provisions),
            make_excerpt(make_source(published_on=published_on)),
            stance=rng.choice(["supports", "opposes", "mixed", "undecided"]),
            stated_on=rng.choice([None, day("2025-11-01"), day("2025-11-04"), day("2025-11-07")]),
            summary=f"Statement {n}.",
        )
        if rng.random() < 0.2:
            position.retract("Wrong party.")

    def effective(p):
        return p.stated_on or p.excerpt.source.published_on

    def expected_current(as_of=None):
        latest = {}
        for p in Position.objects.select_related("excerpt__source").filter(retracted_at=None):
            if as_of and (effective(p) is None or effective(p) > as_of):
                continue
            key = (
                effective(p) is not None,
                effective(p) or datetime.date.min,
                p.recorded_at,
                p.pk,
            )
            pair = (p.party_id, p.provision_id)
            if pair not in latest or key > latest[pair][0]:
                latest[pair] = (key, p)
        return {p.pk for _, p in latest.values()}

    for as_of in (None, day("2025-11-05")):
        params = {"as_of": as_of.isoformat()} if as_of else {}
        records = as_dicts(csv_rows(download(client, "export-positions-csv", **params)))
        current = {int(r["position_id"]) for r in records if r["is_current"] == "true"}
        assert current == expected_current(as_of)

        matrix = as_dicts(csv_rows(download(client, "export-matrix-csv", **params)))
        cells = {
            (r["party_code"], slug): r[slug]
            for r in matrix
            for slug in (p.slug for p in provisions)
            if r[slug]
        }
        expected = {
            (p.party.code, p.provision.slug): p.stance
            for p in Position.objects.filter(pk__in=current)
        }
        assert cells == expected


# -- JSON ---------------------------------------------------------------------------------------


def test_positions_json_describes_parties_and_provisions_once(client, catalogue):
    c = catalogue
    make_position(c["usa"], c["isf"], stance="supports")
    make_position(c["tur"], c["isf"], stance="mixed").retract("Wrong article.")

    document = json.loads(body(download(client, "export-positions-json")))
    csv_records = as_dicts(csv_rows(download(client, "export-positions-csv")))

    assert document["export"] == "positions"
    assert [p["code"] for p in document["parties"]] == ["USA", "TUR", "hamas"]
    assert document["parties"][1] == {"code": "TUR", "name": "Türkiye", "kind": "state"}
    assert [p["slug"] for p in document["provisions"]] == ["isf-mandate", "chapter-vii"]
    assert len(document["positions"]) == len(csv_records) == 2
    first = document["positions"][0]
    assert "party_name" not in first and "provision_title" not in first
    assert first["party_code"] == "USA" and first["is_current"] is True
    assert first["stated_on"] is None
    assert document["positions"][1]["retraction_reason"] == "Wrong article."
    for item, record in zip(document["positions"], csv_records, strict=True):
        assert str(item["position_id"]) == record["position_id"]
        assert item["permalink"] == record["permalink"]


def test_matrix_json_gives_each_party_its_cells(client, catalogue):
    position = make_position(catalogue["tur"], catalogue["ch7"], stance="seeks-amendment")

    document = json.loads(body(download(client, "export-matrix-json", kind="state")))

    assert document["provisions"][1] == {
        "slug": "chapter-vii",
        "title": "Chapter VII",
        "category": "legal-basis",
        "display_order": catalogue["ch7"].display_order,
    }
    assert document["parties"] == [
        {
            "code": "TUR",
            "name": "Türkiye",
            "kind": "state",
            "cells": {
                "isf-mandate": None,
                "chapter-vii": {"stance": "seeks-amendment", "position_id": position.pk},
            },
        }
    ]
    assert document["filters"]["kind"] == ["state"]


# -- Streaming, queries, headers ----------------------------------------------------------------


def add_history(catalogue, count):
    parties = [catalogue["usa"], catalogue["tur"], catalogue["hamas"]]
    provisions = [catalogue["isf"], catalogue["ch7"]]
    for n in range(count):
        make_position(
            parties[n % 3],
            provisions[n % 2],
            stance=["supports", "opposes", "mixed", "undecided", "conditional"][n % 5],
            summary=f"Statement {n}.",
        )


@pytest.mark.parametrize(
    "name",
    ["export-matrix-csv", "export-matrix-json", "export-positions-csv", "export-positions-json"],
)
def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, catalogue, name, django_assert_max_num_queries
):
    add_history(catalogue, 3)
    # The records' token (twice: reader-page cache, ETag), form choices, the rows and the
    # transaction they are streamed in (a savepoint in a test); for the matrix, parties,
    # provisions and current positions; for JSON, the catalogue described once.
    with django_assert_max_num_queries(12):
        small = body(download(client, name))
    add_history(catalogue, 60)
    with django_assert_max_num_queries(12):
        large = body(download(client, name))
    if name == "export-positions-csv":
        assert len(as_dicts(csv_rows(download(client, name)))) == 63
    assert len(large) > len(small)


def test_a_big_export_leaves_in_chunks_as_it_goes(client, catalogue, monkeypatch):
    monkeypatch.setattr("tracker.reading.exports.FLUSH_CHARS", 1000)
    add_history(catalogue, 30)

    chunks = list(download(client, "export-positions-csv").streaming_content)

    assert len(chunks) > 4
    assert max(len(chunk) for chunk in chunks) < 2000
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == 31


def test_downloads_are_dated_files(client, catalogue):
    today = timezone.localdate().isoformat()

    matrix = download(client, "export-matrix-csv")
    replay = download(client, "export-positions-json", as_of="2025-11-10")

    assert matrix["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert matrix["Content-Disposition"] == (
        f'attachment; filename="resolution-tracker-matrix-{today}.csv"'
    )
    assert replay["Content-Type"] == "application/json"
    assert replay["Content-Disposition"] == (
        'attachment; filename="resolution-tracker-positions-2025-11-10.json"'
    )


def test_an_unchanged_matrix_downloaded_again_is_a_304(client, catalogue):
    position = make_position(catalogue["usa"], catalogue["isf"])
    first = download(client, "export-matrix-csv")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    again = download(client, "export-matrix-csv", headers={"If-None-Match": etag})
    since = download(client, "export-matrix-csv", headers={"If-Modified-Since": last_modified})
    assert again.status_code == 304 and since.status_code == 304
    assert again["ETag"] == etag

    position.retract("Wrong provision.")
    changed = download(client, "export-matrix-csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_new_party_changes_the_etag(client, catalogue):
    etag = download(client, "export-matrix-csv")["ETag"]

    make_party("EGY", name="Egypt", kind=Party.Kind.STATE)

    assert download(client, "export-matrix-csv", headers={"If-None-Match": etag}).status_code == 200


def test_only_get_and_head(client, catalogue):
    assert client.post(reverse("tracker:export-matrix-csv")).status_code == 405
    assert client.head(reverse("tracker:export-matrix-csv")).status_code == 200
