"""What editors keep, leave out and link by hand is recorded as examples for the linker."""

import pytest

from tests.conftest import make_party, make_provision
from tests.users import make_user
from tracker import recording
from tracker.models import LinkExample, Origin, Verdict
from tracker.text.linking import Linker

pytestmark = pytest.mark.django_db
TEXT = "Ruritania rejects the mandate.\nThe guardians will rule Gaza, Ruritania said."


@pytest.fixture
def world():
    provision = make_provision(slug="mandate", aliases=["mandate"])
    party = make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])
    return provision, party


def examples():
    return sorted(
        (e.text[:20], (e.provision or e.party).pk, e.verdict, e.covered)
        for e in LinkExample.objects.all()
    )


def test_saving_a_source_records_what_was_kept_and_what_was_left_out(world):
    provision, party = world
    editor = make_user("amira")
    sentences = Linker.from_database().link(TEXT)
    dropped = recording.span_key(sentences[1])
    source = recording.record_source(text=TEXT, drop={dropped}, by=editor)
    rows = LinkExample.objects.filter(source=source)
    assert {(e.text, e.verdict) for e in rows} == {
        ("Ruritania rejects the mandate.", Verdict.KEPT),
        ("The guardians will rule Gaza, Ruritania said.", Verdict.DROPPED),
    }
    assert rows.filter(verdict=Verdict.KEPT).count() == 2  # the provision and the party
    left_out = rows.get(verdict=Verdict.DROPPED)
    assert (left_out.party, left_out.matched, left_out.created_by) == (party, "Ruritania", editor)


def test_seeds_and_other_loaders_record_no_examples(world):
    recording.record_source(text=TEXT, origin=Origin.SEED)
    assert not LinkExample.objects.exists()


def test_a_position_on_words_no_alias_covers_is_an_uncovered_example(world):
    provision, party = world
    editor = make_user("amira")
    source = recording.record_source(text=TEXT, by=editor)
    LinkExample.objects.all().delete()
    anchor = recording.anchor(source, quote="The guardians will rule Gaza")
    recording.record_positions(
        anchor,
        parties=[party],
        provision=provision,
        stance="opposes",
        attribution="on-record",
        summary="Ruritania opposes the guardians.",
        by=editor,
    )
    rows = {(e.label, e.verdict, e.covered) for e in LinkExample.objects.all()}
    assert rows == {(provision, Verdict.ADDED, False), (party, Verdict.ADDED, False)}
