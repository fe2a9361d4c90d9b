"""Many rows written at once without an instance each (tracker/recording/rows.py), and what a
long article's save costs in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_party, make_provision, make_source
from tests.long_articles import long_article
from tests.users import make_user
from tracker import recording
from tracker.models import Excerpt, LinkExample, Verdict
from tracker.recording import rows
from tracker.text.linking import Linker

pytestmark = pytest.mark.django_db


def test_the_template_gives_every_column_the_rows_do_not():
    source = make_source(text="Ruritania rejects the mandate. Nobody else spoke.")
    amira = make_user("amira")
    party = make_party(code="RUR")
    columns = ["start", "end", "text", "party_id", "verdict", "covered", "matched"]
    written = rows.insert(
        LinkExample(source=source, created_by=amira),
        columns,
        [
            (0, 30, "Ruritania rejects the mandate.", party.pk, "kept", True, "Ruritania"),
            (31, 48, "Nobody else spoke.", party.pk, "dropped", False, ""),
        ],
        returning=["id", "start"],
    )
    examples = {e.start: e for e in LinkExample.objects.all()}
    assert {start: pk for pk, start in written} == {s: e.pk for s, e in examples.items()}
    first, second = examples[0], examples[31]
    assert (first.source, first.created_by, first.provision, first.party) == (
        source,
        amira,
        None,
        party,
    )
    assert (second.verdict, second.covered, second.matched) == (Verdict.DROPPED, False, "")
    # An automatic timestamp is read once for all the rows of one call.
    assert first.created_at == second.created_at and first.updated_at == second.updated_at


def test_rows_are_written_a_batch_to_a_statement(monkeypatch):
    source = make_source(text="Ruritania rejects the mandate.")
    party = make_party(code="RUR")
    monkeypatch.setattr(rows, "MAX_ROWS", 10)
    with CaptureQueriesContext(connection) as queries:
        written = rows.insert(
            LinkExample(source=source, party=party, verdict="kept", covered=True),
            ["start", "end", "text"],
            [(n, n + 1, "R") for n in range(25)],
            returning=["start"],
        )
    assert len(queries) == 3
    assert sorted(written) == [(n,) for n in range(25)]
    assert LinkExample.objects.count() == 25


def test_nothing_to_write_runs_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert rows.insert(LinkExample(), ["start"], [], returning=["id"]) == []
    assert len(queries) == 0


def reads_and_writes(text, by):
    """(statements other than INSERTs, INSERTs, rows in the tables a save writes in bulk)."""
    with CaptureQueriesContext(connection) as queries:
        source = recording.record_source(text=text, by=by)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    excerpts = source.excerpts.all()
    written = (
        excerpts.count()
        + Excerpt.history.filter(source=source).count()
        + Excerpt.provisions.through.objects.filter(excerpt__in=excerpts).count()
        + Excerpt.parties.through.objects.filter(excerpt__in=excerpts).count()
        + LinkExample.objects.filter(source=source).count()
    )  # and as many mentions again in the history
    return len(queries) - len(inserts), len(inserts), written


def test_a_long_articles_save_reads_no_more_than_a_short_ones():
    for slug, alias in [("board", "Board of Peace"), ("ch7", "Chapter VII"), ("aid", "access")]:
        make_provision(slug=slug, aliases=[alias])
    for code, name in [("ISR", "Israel"), ("EGY", "Egypt"), ("QAT", "Qatar"), ("RUS", "Russia")]:
        make_party(code=code, name=name, aliases=[name])
    amira = make_user("amira")
    Linker.current()  # built once, from the vocabulary
    short_reads, _, _ = reads_and_writes(long_article(2_000, seed=1), amira)
    long_reads, inserts, written = reads_and_writes(long_article(60_000, seed=2), amira)
    assert long_reads == short_reads
    assert written > 500 and inserts < written / 20  # rows in batches, never one by one
