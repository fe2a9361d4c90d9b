"""Rows read ahead of the writer (tracker/reading/streaming.py): the same rows as a plain iterator, and
a reader that stops early leaves no thread behind and the connection ready for more."""

import threading

import pytest

from tests.conftest import make_party, make_position, make_provision
from tracker.models import Position
from tracker.reading.streaming import read_ahead


@pytest.fixture
def positions(db):
    party, provision = make_party(), make_provision()
    stances = ["supports", "opposes", "mixed", "undecided", "conditional", "seeks-amendment"]
    for n in range(30):
        make_position(party, provision, stance=stances[n % 6], summary=f"Statement {n}.")
    return Position.objects.order_by("pk").values_list("pk", "summary", "stated_on")


def reading_threads():
    return [t for t in threading.enumerate() if t.name == "read-ahead" and t.is_alive()]


def test_the_rows_are_those_of_the_query_in_order(positions):
    assert list(read_ahead(positions, 4)) == list(positions.iterator(chunk_size=4))
    assert not reading_threads()


def test_a_reader_that_stops_early_leaves_the_connection_ready(positions):
    rows = read_ahead(positions, 4)
    first = [next(rows) for _ in range(6)]

    rows.close()  # the download's reader went away

    assert [pk for pk, *_ in first] == list(positions.values_list("pk", flat=True)[:6])
    assert not reading_threads()
    assert Position.objects.count() == 30  # the same connection answers the next query
