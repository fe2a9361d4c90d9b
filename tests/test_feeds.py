"""The Atom feed at /feeds/positions.atom, as a feed reader sees it."""

import xml.etree.ElementTree as ET

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
from tracker.models import Party, ReviewStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, headers=None, **params):
    return client.get(reverse("tracker:feed-positions"), params, headers=headers or {})


def entries(response):
    assert response.status_code == 200, response.content
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


@pytest.fixture
def positions():
    usa = make_party("USA", name="United States", kind=Party.Kind.PERMANENT_MEMBER)
    tur = make_party("TUR", name="Türkiye", kind=Party.Kind.STATE)
    isf = make_provision("isf-mandate", title="ISF mandate")
    ch7 = make_provision("chapter-vii", title="Chapter VII authority", category="legal-basis")
    source = make_source(
        "Ankara said Türkiye would “take part in the force” if asked.", title="Türkiye and Gaza"
    )
    excerpt = make_excerpt(source, quote="Türkiye would “take part in the force”")
    return {
        "first": make_position(usa, ch7, stance="supports", summary="The US backs Chapter VII."),
        "second": make_position(tur, isf, excerpt, stance="conditional", summary="Türkiye would."),
        "third": make_position(tur, ch7, stance="opposes", summary="Türkiye objects."),
    }


def test_the_feed_lists_new_positions_newest_first(client, positions):
    response = fetch(client)
    feed, items = entries(response)

    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [item.findtext(f"{ATOM}title") for item in items]
    assert titles == [
        "Türkiye · Chapter VII authority: Opposes",
        "Türkiye · ISF mandate: Conditional",
        "United States · Chapter VII authority: Supports",
    ]


def test_an_entry_has_the_stance_the_quote_and_a_link_to_the_source(client, positions):
    position = positions["second"]

    _, items = entries(fetch(client))
    entry = items[1]

    link = entry.find(f"{ATOM}link").get("href")
    assert link == (
        f"http://testserver/sources/{position.excerpt.source_id}/#excerpt-{position.excerpt_id}"
    )
    summary = entry.findtext(f"{ATOM}summary")
    assert "Türkiye would “take part in the force”" in summary
    assert "Türkiye would." in summary
    categories = {c.get("term") for c in entry.findall(f"{ATOM}category")}
    assert categories == {"TUR", "isf-mandate", "conditional"}
    # Entries citing the same excerpt are still told apart.
    ids = [item.findtext(f"{ATOM}id") for item in items]
    assert len(set(ids)) == 3


def test_following_one_provision(client, positions):
    feed, items = entries(fetch(client, provision="chapter-vii"))

    assert feed.findtext(f"{ATOM}title") == (
        "Resolution Tracker: positions recorded on Chapter VII authority"
    )
    assert [item.findtext(f"{ATOM}title") for item in items] == [
        "Türkiye · Chapter VII authority: Opposes",
        "United States · Chapter VII authority: Supports",
    ]
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link.endswith("/feeds/positions.atom?provision=chapter-vii")
    page = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert page == f"http://testserver{scoped_url('matrix')}?provision=chapter-vii"


def test_following_one_party(client, positions):
    _, items = entries(fetch(client, party="USA"))

    assert len(items) == 1


def test_a_retraction_is_shown_on_its_entry(client, positions):
    positions["third"].retract("The quote was from a different meeting.")

    _, items = entries(fetch(client))

    assert items[0].findtext(f"{ATOM}title").startswith("Retracted: Türkiye")
    assert "The quote was from a different meeting." in items[0].findtext(f"{ATOM}summary")


def test_a_position_waiting_for_review_is_not_in_the_feed(client, positions):
    make_position(summary="Not reviewed yet.", status=ReviewStatus.PENDING)

    _, items = entries(fetch(client))

    assert len(items) == 3
    assert all("Not reviewed yet." not in item.findtext(f"{ATOM}summary") for item in items)


def test_text_is_escaped(client, positions):
    make_position(summary="<script>alert(1)</script>")

    feed, items = entries(fetch(client))

    assert "<script>" not in items[0].findtext(f"{ATOM}summary")
    assert "&lt;script&gt;" in items[0].findtext(f"{ATOM}summary")


def test_a_bad_filter_is_a_400(client, positions):
    response = fetch(client, provision="chapter-9")

    assert response.status_code == 400
    assert "There is no provision with slug chapter-9" in response.content.decode()


def test_an_unchanged_feed_is_a_304(client, positions):
    etag = fetch(client)["ETag"]

    assert fetch(client, headers={"If-None-Match": etag}).status_code == 304
    make_position()
    assert fetch(client, headers={"If-None-Match": etag}).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_entries(
    client, positions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        entries(fetch(client, provision="chapter-vii"))
    for _ in range(20):
        make_position(provision=positions["first"].provision)
    with django_assert_max_num_queries(10):
        _, items = entries(fetch(client, provision="chapter-vii"))
    assert len(items) == 22
