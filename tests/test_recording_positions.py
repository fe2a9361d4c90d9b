"""The write side: anchoring a quote, recording positions (one or several parties), and
changing what a position says (tracker/recording/anchors.py, positions.py). The pages that
show these refusals are tested in tests/test_editing_position.py and test_editing_changes.py."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source
from tests.users import make_user
from tracker import recording
from tracker.models import Excerpt, MadeBy, Position, ReviewStatus, StaleEdit

pytestmark = pytest.mark.django_db

TEXT = "Both powers abstained on the mandate. Ruritania said the mandate must end. Ruritania said."


@pytest.fixture
def world():
    return {
        "source": make_source(text=TEXT),
        "mandate": make_provision(slug="mandate", aliases=["mandate"]),
        "RUR": make_party(code="RUR", name="Ruritania", aliases=["Ruritania"]),
        "OSL": make_party(code="OSL", name="Oslandia"),
    }


def refusal(call, *args, **kwargs):
    with pytest.raises(recording.Refused) as caught:
        call(*args, **kwargs)
    return caught.value


def statement(**overrides):
    fields = {
        "stance": "opposes",
        "attribution": "media-report",
        "summary": "Reported to oppose the mandate.",
    }
    return {**fields, **overrides}


# --- Anchoring ------------------------------------------------------------------------------


def test_an_anchor_is_read_from_the_stored_text(world):
    source = world["source"]
    anchor = recording.anchor(source, start=0, end=21)
    assert anchor.quote == "Both powers abstained" and anchor.excerpt is None
    # A selection's surrounding spaces are not part of the quote.
    assert recording.anchor(source, start=37, end=48).quote == "Ruritania"
    excerpt = make_excerpt(source, quote="Both powers abstained on the mandate.")
    assert recording.anchor(source, excerpt_id=excerpt.pk).excerpt == excerpt


def test_each_wrong_anchor_is_refused_saying_what_is_wrong(world):
    source = world["source"]
    elsewhere = make_excerpt(make_source(text="Another article entirely."))
    gone = make_excerpt(source, quote="Ruritania said the mandate must end.")
    recording.retract(gone, reason="Misread.", version=gone.version, by=None)
    cases = [
        ({"excerpt_id": 999999}, "There is no excerpt 999999"),
        ({"excerpt_id": elsewhere.pk}, f"is part of source {elsewhere.source_id}, not of this"),
        ({"excerpt_id": gone.pk}, "was retracted on"),
        ({"start": 5, "end": 99999}, "is outside this source, which has 90 characters"),
        ({"start": 99990, "end": 99999, "quote": "Ruritania said"}, "is outside this source"),
        ({"start": 0, "end": 14, "quote": "Ruritania said"}, "are not these"),
        ({"quote": "Ruritania said"}, "appear more than once"),
        ({"quote": "Atlantis"}, "not in the source text"),
        ({"quote": "  "}, "Select the words"),
        ({}, "Select the words"),
        ({"quote": "Ruritania said the mandate must end."}, "was retracted (Misread.)"),
    ]
    for arguments, reason in cases:
        refused = refusal(recording.anchor, source, **arguments)
        assert reason in refused.reason, (arguments, refused.reason)
        assert refused.field == "quote"


# --- Recording ------------------------------------------------------------------------------


def test_one_statement_for_several_parties_makes_one_position_each(world):
    amira = make_user("amira")
    anchor = recording.anchor(world["source"], quote="Both powers abstained on the mandate.")
    positions = recording.record_positions(
        anchor,
        parties=[world["RUR"], world["OSL"], world["RUR"]],
        provision=world["mandate"],
        by=amira,
        **statement(stance="undecided", speaker="  Two  envoys "),
    )
    assert [p.party.code for p in positions] == ["RUR", "OSL"]
    assert len({p.excerpt_id for p in positions}) == 1
    for position in positions:
        assert position.status == ReviewStatus.PENDING and position.recorded_by == amira
        assert position.speaker == "Two envoys"
    excerpt = positions[0].excerpt
    assert excerpt.made_by == MadeBy.PERSON and excerpt.created_by == amira
    # The evidence mentions what the linker finds in it and the position's own parties.
    assert {p.code for p in excerpt.parties.all()} == {"RUR", "OSL"}
    assert [p.slug for p in excerpt.provisions.all()] == ["mandate"]


def test_a_duplicate_for_any_party_refuses_the_whole_statement(world):
    excerpt = make_excerpt(world["source"], quote="Both powers abstained on the mandate.")
    existing = make_position(world["RUR"], world["mandate"], excerpt, stance="opposes")
    anchor = recording.anchor(world["source"], excerpt_id=excerpt.pk)
    refused = refusal(
        recording.record_positions,
        anchor,
        parties=[world["OSL"], world["RUR"]],
        provision=world["mandate"],
        **statement(),
    )
    assert refused.code == recording.Refused.DUPLICATE
    assert "Ruritania’s position on this provision" in refused.reason
    assert refused.link[1] == existing.excerpt.get_absolute_url()
    assert Position.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"summary": "  "}, "summary", "Write a one-line neutral summary."),
        ({"summary": "one\ntwo"}, "summary", "Keep the summary to one line."),
        ({"stance": "loves"}, "stance", "is not a stance"),
        ({"attribution": "gossip"}, "attribution", "is not an attribution"),
        (
            # Tomorrow, worked out when the test runs, not when it is collected (a run may
            # cross midnight).
            {"stated_on": lambda: timezone.localdate() + datetime.timedelta(days=1)},
            "stated_on",
            "in the future",
        ),
    ],
)
def test_a_statement_that_breaks_a_rule_is_refused(world, overrides, field, reason):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    anchor = recording.anchor(world["source"], start=0, end=21)
    refused = refusal(
        recording.record_positions,
        anchor,
        parties=[world["RUR"]],
        provision=world["mandate"],
        **statement(**overrides),
    )
    assert reason in refused.reason and refused.field == field
    assert not Position.objects.exists() and not Excerpt.objects.exists()


def test_no_party_is_refused(world):
    anchor = recording.anchor(world["source"], start=0, end=21)
    refused = refusal(
        recording.record_positions, anchor, parties=[], provision=world["mandate"], **statement()
    )
    assert refused.field == "party"


# --- Changing what a position says ------------------------------------------------------------


def test_an_edit_goes_back_to_review(world):
    position = make_position(world["RUR"], world["mandate"], status=ReviewStatus.PUBLISHED)
    recording.edit_position(
        position, {"summary": "Reported, again."}, version=position.version, by=None
    )
    position.refresh_from_db()
    assert position.status == ReviewStatus.PENDING and position.summary == "Reported, again."


def test_an_edit_that_would_duplicate_a_position_is_refused(world):
    excerpt = make_excerpt(world["source"], quote="Ruritania said the mandate must end.")
    make_position(world["RUR"], world["mandate"], excerpt, stance="opposes")
    other = make_position(world["RUR"], world["mandate"], excerpt, stance="mixed")
    refused = refusal(
        recording.edit_position, other, {"stance": "opposes"}, version=other.version, by=None
    )
    assert refused.field == "stance" and refused.code == recording.Refused.DUPLICATE
    refused = refusal(recording.edit_position, other, {"party": world["OSL"]}, version=1, by=None)
    assert "record a new position instead" in refused.reason


def test_a_retracted_position_or_a_stale_copy_cannot_be_edited(world):
    position = make_position(world["RUR"], world["mandate"])
    stale = Position.objects.get(pk=position.pk)
    recording.edit_position(position, {"summary": "First."}, version=position.version, by=None)
    with pytest.raises(StaleEdit):
        recording.edit_position(stale, {"summary": "Second."}, version=stale.version, by=None)
    position.refresh_from_db()
    recording.retract(position, reason="Misattributed.", version=position.version, by=None)
    refused = refusal(recording.edit_position, position, {"summary": "x"}, version=9, by=None)
    assert refused.code == recording.Refused.RETRACTED
