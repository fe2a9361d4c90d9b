"""A party's current stance is stored (Position.is_current) so that the matrix need not rank the
whole history on every view. These tests hold the stored answer to the rule, written out here in
plain Python: the latest published, non-retracted position of each party on each provision, by
the date it was stated or else its source's date (undated last), then by when it was recorded;
and whether that current one cannot be told apart in time from another (either undated, or their
dates overlap to their precision), in which case it is current only by the order of recording."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import day, make_excerpt, make_party, make_position, make_provision, make_source
from tracker.models import Position, ReviewStatus, Stance


def expected_current():
    """{(party id, provision id): position id} by the rule, from every position."""
    best = {}
    for p in Position.objects.select_related("excerpt__source"):
        if p.status != ReviewStatus.PUBLISHED or p.retracted_at is not None:
            continue
        effective = p.stated_on or p.excerpt.source.published_on
        # Dated before undated, later before earlier, then recorded later, then higher id.
        key = (effective is not None, effective or datetime.date.min, p.recorded_at, p.pk)
        pair = (p.party_id, p.provision_id)
        if pair not in best or key > best[pair][0]:
            best[pair] = (key, p.pk)
    return {pair: pk for pair, (_key, pk) in best.items()}


def period(position):
    """The days its date may stand for, to its precision; None when undated."""
    if position.stated_on:
        start, precision = position.stated_on, position.date_precision
    else:
        start = position.excerpt.source.published_on
        precision = position.excerpt.source.date_precision
    if start is None:
        return None
    if precision == "week":
        return start, start + datetime.timedelta(days=6)
    if precision == "month":
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    return start, start


def expected_order_unknown():
    """The current positions that cannot be told apart in time from another published,
    non-retracted position of their pair: either is undated, or their periods overlap."""
    standing = [
        p
        for p in Position.objects.select_related("excerpt__source")
        if p.status == ReviewStatus.PUBLISHED and p.retracted_at is None
    ]
    unknown = set()
    for pk in expected_current().values():
        current = next(p for p in standing if p.pk == pk)
        mine = period(current)
        for other in standing:
            if other.pk == pk or (other.party_id, other.provision_id) != (
                current.party_id,
                current.provision_id,
            ):
                continue
            theirs = period(other)
            if mine is None or theirs is None or (theirs[0] <= mine[1] and mine[0] <= theirs[1]):
                unknown.add(pk)
    return unknown


def stored_order_unknown():
    return set(
        Position.objects.filter(is_current=True, order_unknown=True).values_list("pk", flat=True)
    )


def stored_current():
    return {(p.party_id, p.provision_id): p.pk for p in Position.objects.current()}


def expected_ranks():
    """{position id: (rank, count)}: each published position's place among its party's
    published positions on its provision (retracted ones included), newest first by the same
    order, and how many those are; (None, None) for the others."""
    cells = {}
    for p in Position.objects.select_related("excerpt__source"):
        if p.status == ReviewStatus.PUBLISHED:
            effective = p.stated_on or p.excerpt.source.published_on
            key = (effective is not None, effective or datetime.date.min, p.recorded_at, p.pk)
            cells.setdefault((p.party_id, p.provision_id), []).append((key, p.pk))
    ranks = dict.fromkeys(Position.objects.values_list("pk", flat=True), (None, None))
    for cell in cells.values():
        for rank, (_key, pk) in enumerate(sorted(cell, reverse=True), start=1):
            ranks[pk] = (rank, len(cell))
    return ranks


def stored_ranks():
    return {
        pk: (rank, count)
        for pk, rank, count in Position.objects.values_list("pk", "cell_rank", "cell_count")
    }


@pytest.mark.django_db
def test_an_unpublished_position_is_not_current_until_a_reviewer_publishes_it():
    party, provision = make_party(), make_provision()
    published = make_position(party, provision, stated_on=day("2025-11-10"))
    waiting = make_position(
        party, provision, stance="opposes", stated_on=day("2025-11-12"), status="pending"
    )
    assert list(Position.objects.current()) == [published]

    waiting.status = ReviewStatus.PUBLISHED
    waiting.save()

    assert list(Position.objects.current()) == [waiting]


@pytest.mark.django_db
def test_moving_a_position_to_another_provision_updates_both():
    party, first, second = make_party(), make_provision(), make_provision()
    stays = make_position(party, first, stated_on=day("2025-11-10"))
    moved = make_position(party, first, stance="opposes", stated_on=day("2025-11-12"))

    moved.provision = second
    moved.save()

    assert stored_current() == {(party.pk, first.pk): stays.pk, (party.pk, second.pk): moved.pk}


@pytest.mark.django_db
def test_a_new_source_date_reorders_the_undated_positions_it_carries():
    party, provision = make_party(), make_provision()
    early = make_source(published_on=day("2025-11-01"))
    late = make_source(published_on=day("2025-11-05"))
    from_early = make_position(party, provision, excerpt=make_excerpt(early))
    make_position(party, provision, stance="opposes", excerpt=make_excerpt(late))
    assert stored_current() == expected_current() != {(party.pk, provision.pk): from_early.pk}

    early.published_on = day("2025-11-20")  # the editor corrects the date
    early.save()

    assert stored_current() == {(party.pk, provision.pk): from_early.pk}


STANCES = [s.value for s in Stance]
dates = st.one_of(st.none(), st.dates(datetime.date(2025, 10, 25), datetime.date(2025, 11, 12)))
precisions = st.sampled_from(["day", "day", "week", "month"])
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.integers(0, 1),  # party
            st.integers(0, 1),  # provision
            dates,
            st.sampled_from(["published", "pending"]),
            st.integers(0, 1),  # source
            precisions,
        ),
        st.tuples(st.just("retract"), st.integers(0, 50)),
        st.tuples(st.just("publish"), st.integers(0, 50)),
        st.tuples(st.just("redate"), st.integers(0, 50), dates, precisions),
        st.tuples(st.just("source-date"), st.integers(0, 1), dates, precisions),
    ),
    max_size=12,  # at most 12 adds: 2 excerpts x 6 stances per pair never run out
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
@pytest.mark.django_db
def test_the_stored_current_stance_always_follows_the_rule(steps):
    with transaction.atomic():
        parties = [make_party(), make_party()]
        provisions = [make_provision(), make_provision()]
        sources = [make_source(published_on=day("2025-11-03")), make_source(published_on=None)]
        excerpts = [make_excerpt(source) for source in sources]
        positions = []
        for step in steps:
            kind, *args = step
            if kind == "add":
                party, provision, stated_on, status, source, precision = args
                # One party, provision, stance and excerpt is recorded once: take a new stance.
                taken = Position.objects.standing().filter(
                    party=parties[party], provision=provisions[provision], excerpt=excerpts[source]
                )
                stance = next(s for s in STANCES if not taken.filter(stance=s).exists())
                positions.append(
                    make_position(
                        parties[party],
                        provisions[provision],
                        excerpt=excerpts[source],
                        stance=stance,
                        stated_on=stated_on,
                        date_precision=precision,
                        status=status,
                    )
                )
            elif kind == "source-date":
                source, published_on, precision = args
                sources[source].refresh_from_db()
                sources[source].published_on = published_on
                sources[source].date_precision = precision
                sources[source].save()
            elif positions:
                position = Position.objects.get(pk=positions[args[0] % len(positions)].pk)
                if kind == "retract" and not position.is_retracted:
                    position.retract("Withdrawn by the outlet.")
                elif kind == "publish":
                    position.status = ReviewStatus.PUBLISHED
                    position.save()
                elif kind == "redate":
                    position.stated_on, position.date_precision = args[1], args[2]
                    position.save()
            assert stored_current() == expected_current(), step
            assert stored_order_unknown() == expected_order_unknown(), step
            assert stored_ranks() == expected_ranks(), step
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_ranks_of_every_cell_are_worked_out_again_after_a_load():
    """Loaders that write in bulk (no save()) call refresh_current() for every cell."""
    party, provision = make_party(), make_provision()
    older = make_position(party, provision, stated_on=day("2025-11-01"))
    newer = make_position(party, provision, stance="opposes", stated_on=day("2025-11-04"))
    Position.objects.update(cell_rank=None, cell_count=None)
    Position.objects.refresh_current()
    assert stored_ranks() == expected_ranks() == {older.pk: (2, 2), newer.pk: (1, 2)}
