"""/changes/ for readers: published positions, excerpts, sources, versions and votes by the day
they were recorded; each stance move as "from → to"; filters by party, provision and kind;
the linker's excerpts out of the default view; feeds linked from the pages that have one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker.models import ReviewStatus

pytestmark = pytest.mark.django_db

CHANGES = "/changes/"


@pytest.fixture
def world(db):
    now = timezone.now()
    mandate = make_provision(slug="mandate", title="The mandate")
    aid = make_provision(slug="aid", title="Aid")
    rur = make_party(code="RUR", name="Ruritania", kind="state")
    osl = make_party(code="OSL", name="Oslandia", kind="state")
    source = make_source(
        text="Ruritania objected to the mandate. Oslandia welcomed the aid.",
        title="Diary of the talks",
    )
    person = make_excerpt(source, "Ruritania objected to the mandate.", made_by="person")
    make_excerpt(source, "Oslandia welcomed the aid.", made_by="linker")
    make_position(
        rur,
        mandate,
        person,
        stance="conditional",
        summary="Ruritania set conditions.",
        recorded_at=now - datetime.timedelta(days=2),
    )
    make_position(
        rur, mandate, person, stance="opposes", summary="Ruritania now objects.", recorded_at=now
    )
    make_position(osl, aid, person, stance="supports", summary="Oslandia backs aid.")
    make_position(osl, mandate, person, summary="Not yet public.", status=ReviewStatus.PENDING)
    return {"source": source}


def items(html):
    return html[html.index('class="change-day"') :] if 'class="change-day"' in html else ""


def test_positions_by_day_with_each_move_from_and_to(client, world):
    html = client.get(CHANGES).text
    listed = items(html)
    assert listed.count('class="change-day"') == 2  # today, and two days ago
    move = listed[listed.index("Ruritania on The mandate") :]
    move = move[: move.index("</p>")]
    assert move.index("Conditional") < move.index("→") < move.index("Opposes")
    assert '<span class="visually-hidden">from </span>' in move
    assert "Oslandia backs aid." in listed
    assert "Not yet public." not in html
    assert "Last updated" in html


def test_the_linkers_excerpts_are_left_out_until_asked_for(client, world):
    html = client.get(CHANGES).text
    assert "(found by the linker)" not in html
    assert "Include them" in html
    included = client.get(CHANGES + "?machine=on").text
    assert "(found by the linker)" in included and "Leave them out" in included


def test_filters_by_party_provision_and_kind(client, world):
    html = items(client.get(CHANGES + "?party=OSL").text)
    assert "Oslandia backs aid." in html and "Ruritania" not in html
    html = items(client.get(CHANGES + "?provision=mandate&kind=position").text)
    assert "Ruritania now objects." in html and "Oslandia backs aid." not in html
    html = items(client.get(CHANGES + "?kind=source").text)
    assert "Diary of the talks" in html and "Ruritania" not in html
    assert client.get(CHANGES + "?party=NOPE").status_code == 400


def test_every_edit_is_still_listed_field_by_field(client, world):
    html = client.get(CHANGES + "?view=edits").text
    assert "Every edit, field by field" in html and 'class="history-link"' in html


def test_pages_with_a_feed_link_it_in_their_head(client, world):
    feed = reverse("tracker:feed-positions")
    for url, query in [
        (scoped_url("overview"), ""),
        (scoped_url("party", "RUR"), "?party=RUR"),
        (reverse("tracker:provision", args=["mandate"]), "?provision=mandate"),
        (CHANGES, ""),
    ]:
        html = client.get(url).text
        head = html[: html.index("</head>")]
        assert (
            '<link rel="alternate" type="application/atom+xml"' in head
            and f'href="{feed}{query}"' in head
        ), url
    overview = client.get(scoped_url("overview")).text
    assert "Last updated" in overview and 'href="/changes/"' in overview
