"""Dates known to the day, the week or the month; dates offered from the text relative to its
source; and positions whose order in time is not known, said as such. Every text is made up."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker.models import Position

TEXT = (
    "Ruritania rejects the mandate, its envoy said on Tuesday.\n"
    "Ruritania doubted the mandate last week, an official said.\n"
    "Ruritania backs the mandate."
)


@pytest.fixture
def world(db):
    provision = make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    party = make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])
    return {"provision": provision, "party": party}


def form_url(source, quote):
    start = source.text.index(quote)
    url = reverse("tracker:position-new", args=[source.pk])
    return f"{url}?start={start}&end={start + len(quote)}"


def test_the_form_offers_a_week_from_last_week_and_says_where_it_came_from(client, editor, world):
    source = make_source(TEXT, published_on=datetime.date(2025, 11, 4))
    html = client.get(form_url(source, "Ruritania doubted the mandate")).text
    assert 'name="stated_on" value="2025-10-27"' in html
    assert '<option value="week" selected>' in html
    assert (
        "Proposed: the week of 27 Oct 2025, from ‘last week’ and the source’s date 4 Nov 2025"
        in html
    )


def test_no_day_is_offered_from_a_source_known_only_to_its_month(client, editor, world):
    source = make_source(TEXT, published_on=datetime.date(2025, 11, 1), date_precision="month")
    html = client.get(form_url(source, "Ruritania rejects the mandate")).text
    assert 'name="stated_on" value=' not in html  # left empty, nothing offered
    assert "the source’s date is known only to November 2025: it cannot be worked out" in html


def test_a_sentence_with_no_day_is_dated_by_its_source_and_the_form_says_so(client, editor, world):
    source = make_source(TEXT, published_on=datetime.date(2025, 11, 4))
    html = client.get(form_url(source, "Ruritania backs the mandate.")).text
    assert 'name="stated_on" value=' not in html
    assert "Left empty, it is dated by its source: 4 Nov 2025." in html


def test_imprecise_dates_show_as_such_on_the_pages(client, world):
    source = make_source(
        TEXT, published_on=datetime.date(2025, 11, 1), date_precision="month", outlet="Daily"
    )
    make_position(
        world["party"],
        world["provision"],
        make_excerpt(source, quote="Ruritania doubted the mandate last week"),
        stance="undecided",
        summary="Doubted it.",
        stated_on=datetime.date(2025, 10, 27),
        date_precision="week",
    )
    party_page = client.get(scoped_url("party", "RUR")).text
    assert "stated the week of 27 Oct 2025" in party_page
    assert "Daily · November 2025" in client.get(reverse("tracker:sources")).text
    source_page = client.get(reverse("tracker:source", args=[source.pk])).text
    assert "November 2025" in source_page


def two_positions(world, first, second):
    source = make_source(TEXT)
    excerpts = [
        make_excerpt(source, quote="Ruritania rejects the mandate"),
        make_excerpt(source, quote="Ruritania backs the mandate."),
    ]
    made = []
    for (stance, stated_on, precision), excerpt in zip([first, second], excerpts, strict=True):
        made.append(
            make_position(
                world["party"],
                world["provision"],
                excerpt,
                stance=stance,
                summary=f"{stance} it.",
                stated_on=stated_on,
                date_precision=precision,
            )
        )
    return made


@pytest.mark.parametrize(
    ("first", "second", "unknown"),
    [
        # Days apart: the later is current, its order known.
        (
            ("opposes", datetime.date(2025, 11, 3), "day"),
            ("supports", datetime.date(2025, 11, 5), "day"),
            False,
        ),
        # Undated: which came first is not known.
        (("opposes", None, "day"), ("supports", None, "day"), True),
        (("opposes", None, "day"), ("supports", datetime.date(2025, 11, 5), "day"), True),
        # A week that reaches the other's day; a month before it does not.
        (
            ("opposes", datetime.date(2025, 11, 3), "week"),
            ("supports", datetime.date(2025, 11, 5), "day"),
            True,
        ),
        (
            ("opposes", datetime.date(2025, 10, 1), "month"),
            ("supports", datetime.date(2025, 11, 5), "day"),
            False,
        ),
        # The same day: not told apart.
        (
            ("opposes", datetime.date(2025, 11, 5), "day"),
            ("supports", datetime.date(2025, 11, 5), "day"),
            True,
        ),
    ],
)
def test_order_not_known_is_said_instead_of_picking_one_silently(
    client, world, first, second, unknown
):
    older, newer = two_positions(world, first, second)
    current = Position.objects.get(is_current=True)
    assert current == newer
    assert current.order_unknown is unknown
    cell = client.get(reverse("tracker:matrix-cell", args=["RUR", "mandate"])).text
    matrix = client.get(scoped_url("matrix")).text
    start = matrix.index('id="cell-RUR-mandate"')
    matrix = matrix[start : matrix.index("</a>", start)]  # its cell; the legend defines the mark
    provision = client.get(reverse("tracker:provision", args=["mandate"])).text
    if unknown:
        assert "Order not known: another recorded position of Ruritania on The mandate" in cell
        assert (
            'aria-hidden="true">?</span><span class="visually-hidden"> (order not known)' in matrix
        )
        assert "1 other position of Ruritania on this (order in time not known)" in provision
    else:
        assert "Order not known" not in cell and "order not known" not in matrix
        assert "1 earlier position of Ruritania on this" in provision


def test_dating_a_position_tells_it_apart_again(world):
    older, newer = two_positions(world, ("opposes", None, "day"), ("supports", None, "day"))
    assert Position.objects.get(pk=newer.pk).order_unknown
    older.stated_on, newer.stated_on = datetime.date(2025, 11, 3), datetime.date(2025, 11, 5)
    older.save()
    newer.save()
    assert not Position.objects.get(pk=newer.pk).order_unknown


def test_as_of_counts_a_week_or_a_month_only_once_it_has_ended(world):
    source = make_source(TEXT, published_on=datetime.date(2025, 11, 1), date_precision="month")
    position = make_position(world["party"], world["provision"], make_excerpt(source))
    weekly = make_position(
        world["party"],
        world["provision"],
        make_excerpt(source, quote="Ruritania backs the mandate."),
        stance="opposes",
        stated_on=datetime.date(2025, 11, 3),
        date_precision="week",
    )

    def known(day):
        return set(Position.objects.as_of(day))

    assert known(datetime.date(2025, 11, 8)) == set()
    assert known(datetime.date(2025, 11, 9)) == {weekly}
    assert known(datetime.date(2025, 11, 29)) == {weekly}
    assert known(datetime.date(2025, 11, 30)) == {weekly, position}
