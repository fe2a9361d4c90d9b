"""Model invariants and database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.conftest import (
    day,
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
)
from tracker.models import Excerpt, Party, Position, Source, StaleEdit

pytestmark = pytest.mark.django_db


def test_excerpt_is_verbatim_span_of_its_source():
    source = make_source("Israel objected. Türkiye said it was ready to take part.")
    excerpt = make_excerpt(source, quote="Türkiye said it was ready")
    assert source.text[excerpt.start : excerpt.end] == excerpt.exact
    assert excerpt.prefix == "Israel objected. "
    assert excerpt.suffix == " to take part."


def test_excerpt_whose_quote_differs_from_the_source_cannot_be_saved():
    source = make_source("Israel objected. Türkiye said it was ready.")
    excerpt = Excerpt(source=source, start=0, end=6, exact="Turkey", made_by="person")
    with pytest.raises(ValidationError, match="is 'Israel', not 'Turkey'"):
        excerpt.save()
    assert not Excerpt.objects.exists()


def test_excerpt_offsets_outside_the_text_are_refused():
    source = make_source("Short text.")
    with pytest.raises(ValidationError, match="outside the source text"):
        Excerpt(source=source, start=5, end=500, exact="text.", made_by="person").save()


def test_database_refuses_an_excerpt_that_ends_before_it_starts():
    excerpt = make_excerpt()
    with pytest.raises(IntegrityError), transaction.atomic():
        Excerpt.objects.filter(pk=excerpt.pk).update(start=10, end=5)


def test_same_span_of_a_source_is_one_excerpt():
    source = make_source()
    make_excerpt(source, quote="Israel objected")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_excerpt(source, quote="Israel objected")


def test_stance_outside_the_fixed_list_is_refused_by_the_database():
    position = make_position()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(stance="leaning-yes")


def test_attribution_outside_the_fixed_list_is_refused_by_the_database():
    position = make_position()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(attribution="rumour")


def test_position_without_evidence_cannot_exist():
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            party=make_party(),
            provision=make_provision(),
            stance="supports",
            attribution="on-record",
            summary="Said so.",
            origin="editor",
        )


def test_identical_position_is_refused():
    position = make_position()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_position(
            party=position.party,
            provision=position.provision,
            excerpt=position.excerpt,
            stance=position.stance,
        )


def test_unique_slugs_and_codes():
    make_provision(slug="chapter-vii")
    make_party(code="TUR", kind=Party.Kind.STATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_provision(slug="chapter-vii")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_party(code="TUR", kind=Party.Kind.STATE)


@pytest.mark.parametrize(
    ("code", "kind", "ok"),
    [
        ("TUR", Party.Kind.STATE, True),
        ("tur", Party.Kind.STATE, False),
        ("TURK", Party.Kind.PERMANENT_MEMBER, False),
        ("hamas", Party.Kind.NON_STATE, True),
        ("arab-states", Party.Kind.BLOC, True),
        ("Arab States", Party.Kind.BLOC, False),
    ],
)
def test_party_code_follows_its_kind(code, kind, ok):
    party = Party(code=code, kind=kind, name="x")
    if ok:
        party.clean()
    else:
        with pytest.raises(ValidationError):
            party.clean()


def test_source_text_must_be_normalised_and_is_hashed():
    with pytest.raises(ValueError, match="normalised"):
        Source.objects.create(text="line one\r\nline two", origin="editor")
    source = make_source("Café\nsecond line")
    assert len(source.text_sha256) == 64
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source("Café\nsecond line")


def test_known_url_is_unique_but_unknown_urls_may_repeat():
    make_source("one", url="")
    make_source("two", url="")
    make_source("three", url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source("four", url="https://example.org/a")


def test_retraction_needs_a_reason_and_keeps_the_record():
    position = make_position()
    with pytest.raises(ValidationError, match="why"):
        position.retract("  ")
    position.retract("Misattributed: the speaker was a Jordanian official.")
    position.refresh_from_db()
    assert position.is_retracted
    assert Position.objects.filter(pk=position.pk).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(retraction_reason="")


def test_current_stance_is_the_latest_stated_and_history_stays():
    party, provision = make_party(), make_provision()
    older = make_position(party, provision, stance="opposes", stated_on=day("2025-11-03"))
    newer = make_position(party, provision, stance="conditional", stated_on=day("2025-11-10"))
    # Recorded later, but stated earlier: it does not become current.
    late_record = make_position(party, provision, stance="mixed", stated_on=day("2025-11-05"))

    assert list(Position.objects.current()) == [newer]
    assert set(Position.objects.filter(party=party)) == {older, newer, late_record}


def test_retracted_position_gives_way_to_the_one_before():
    party, provision = make_party(), make_provision()
    older = make_position(party, provision, stance="opposes", stated_on=day("2025-11-03"))
    newer = make_position(party, provision, stance="supports", stated_on=day("2025-11-10"))
    newer.retract("Quote was from a different draft.")
    assert list(Position.objects.current()) == [older]


def test_undated_position_falls_back_to_its_source_date():
    party, provision = make_party(), make_provision()
    dated_source = make_source(published_on=day("2025-11-12"))
    from_source = make_position(party, provision, excerpt=make_excerpt(dated_source))
    make_position(party, provision, stance="opposes", stated_on=day("2025-11-04"))
    assert list(Position.objects.current()) == [from_source]


def test_as_of_replays_the_state_on_a_day():
    party, provision = make_party(), make_provision()
    first = make_position(party, provision, stance="opposes", stated_on=day("2025-11-03"))
    make_position(party, provision, stance="supports", stated_on=day("2025-11-10"))
    make_position(party, make_provision(), stance="mixed")  # undated: unknown then

    assert list(Position.objects.current(as_of=day("2025-11-05"))) == [first]
    assert Position.objects.current(as_of=day("2025-11-01")).count() == 0


def test_future_stated_date_is_refused_by_validation():
    position = make_position()
    position.stated_on = day("2999-01-01")
    with pytest.raises(ValidationError, match="future"):
        position.clean()


def test_a_save_from_a_stale_copy_is_refused_and_changes_nothing():
    position = make_position(summary="First wording.")
    mine = Position.objects.get(pk=position.pk)
    theirs = Position.objects.get(pk=position.pk)

    theirs.summary = "Their wording."
    theirs.save()
    mine.summary = "My wording."
    with pytest.raises(StaleEdit):
        mine.save()

    position.refresh_from_db()
    assert position.summary == "Their wording."
    assert position.version == 2


def test_retraction_of_a_stale_copy_is_refused():
    position = make_position()
    stale = Position.objects.get(pk=position.pk)
    position.retract("Wrong party.")
    with pytest.raises(StaleEdit):
        stale.retract("Also wrong.")
    position.refresh_from_db()
    assert position.retraction_reason == "Wrong party."


def test_only_published_positions_are_public_or_current():
    party, provision = make_party(), make_provision()
    published = make_position(party, provision, stance="opposes", stated_on=day("2025-11-03"))
    pending = make_position(
        party, provision, stance="supports", stated_on=day("2025-11-10"), status="pending"
    )
    assert list(Position.objects.public()) == [published]
    assert list(Position.objects.current()) == [published]
    assert list(Position.objects.pending()) == [pending]


def test_every_change_is_recorded_with_what_changed():
    position = make_position(summary="First wording.")
    position.summary = "Second wording."
    position.save()
    position.retract("Misread the article.")

    records = list(position.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~", "~"]
    delta = records[1].diff_against(records[0])
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "summary"] == [
        ("summary", "First wording.", "Second wording.")
    ]


@pytest.mark.parametrize("phrase", ["... troops", "send ...", "  ", "—"])
def test_an_alias_that_cannot_match_is_refused_with_a_reason(phrase):
    from tracker.models import ProvisionAlias

    with pytest.raises(ValidationError):
        ProvisionAlias(provision=make_provision(), phrase=phrase).clean()
