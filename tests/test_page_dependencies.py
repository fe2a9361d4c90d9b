"""What a change makes out of date (tracker/freshness.py, tracker/views/caching.py): every kept
page that shows the change is worked out again, and the pages that do not show it keep their
copy. A position saved for one party on one provision leaves every other party's, provision's
and source's page as it was kept."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import make_party, make_provision, make_source, scoped_url
from tracker import freshness, recording
from tracker.models import Party, ReviewStatus
from tracker.recording import texts
from tracker.recording.anchors import anchor_quote
from tracker.recording.votes import record_seat, record_vote

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 11, 10)


def record(party, provision, source, quote, stance="supports"):
    """A published position, through the write side as the seeds record theirs."""
    return recording.record_positions(
        anchor_quote(source, quote),
        parties=[party],
        provision=provision,
        stance=stance,
        attribution="on-record",
        summary=f"{party.name} spoke on {provision.title}.",
        stated_on=DAY,
        status=ReviewStatus.PUBLISHED,
    )[0]


@pytest.fixture
def world(db):
    rur = make_party(code="RUR", name="Ruritania", kind="state", aliases=["Ruritania"])
    osl = make_party(code="OSL", name="Oslandia", kind="state", aliases=["Oslandia"])
    mandate = make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    police = make_provision(slug="police", title="The police", aliases=["police plan"])
    first = make_source(
        text="Ruritania backed the mandate. Ruritania later doubted the mandate.", title="First"
    )
    second = make_source(text="Oslandia opposed the police plan.", title="Second")
    assert freshness.source_tag(first.pk) != freshness.source_tag(second.pk)
    record(rur, mandate, first, "Ruritania backed the mandate.")
    record(osl, police, second, "Oslandia opposed the police plan.", stance="opposes")
    return {
        "RUR": rur,
        "OSL": osl,
        "mandate": mandate,
        "police": police,
        "first": first,
        "second": second,
    }


def pages(world):
    """(name, address, htmx) of the kinds of reader page."""
    cell = "tracker:matrix-cell"
    return [
        ("overview", scoped_url("overview"), False),
        ("matrix", scoped_url("matrix"), False),
        ("party RUR", scoped_url("party", "RUR"), False),
        ("party OSL", scoped_url("party", "OSL"), False),
        ("provision mandate", reverse("tracker:provision", args=["mandate"]), False),
        ("provision police", reverse("tracker:provision", args=["police"]), False),
        ("source first", world["first"].get_absolute_url(), False),
        ("source second", world["second"].get_absolute_url(), False),
        ("cell RUR", reverse(cell, args=["RUR", "mandate"]), True),
        ("cell OSL", reverse(cell, args=["OSL", "police"]), True),
        ("cell RUR page", reverse(cell, args=["RUR", "mandate"]), False),
        ("search", reverse("tracker:search") + "?q=Ruritania", False),
        ("texts", scoped_url("drafts"), False),
        ("positions.csv", reverse("tracker:export-positions-csv"), False),
        ("feed", reverse("tracker:feed-positions"), False),
        ("what's new", reverse("tracker:recent-changes"), False),
        ("methodology", reverse("tracker:methodology"), False),
    ]


def get(client, url, htmx):
    response = client.get(url, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response["ETag"], body


def kept(client, world):
    """{page: (ETag, body)} as served now: the kept copies, where there are any."""
    freshness.forget()
    return {name: get(client, url, htmx) for name, url, htmx in pages(world)}


def check_nothing_stale(client, world):
    """Every kept page says what a page worked out now says; returns the ETags served."""
    served = kept(client, world)
    cache.clear()
    fresh = kept(client, world)
    stale = [name for name in served if served[name][1] != fresh[name][1]]
    assert stale == [], "kept pages that no longer say what the records say"
    return {name: etag for name, (etag, _) in served.items()}


def changed_pages(client, world, change):
    before = {name: etag for name, (etag, _) in kept(client, world).items()}
    change()
    after = check_nothing_stale(client, world)
    return {name for name in before if before[name] != after[name]}


EVERY_PAGE = {
    "overview",
    "matrix",
    "cell RUR page",
    "search",
    "positions.csv",
    "feed",
    "what's new",
}


def test_a_position_for_one_party_leaves_the_others_pages_kept(client, world):
    changed = changed_pages(
        client,
        world,
        lambda: record(
            world["RUR"],
            world["mandate"],
            world["first"],
            "Ruritania later doubted the mandate.",
            stance="conditional",
        ),
    )
    assert changed == EVERY_PAGE | {
        "party RUR",
        "provision mandate",
        "source first",
        "cell RUR",
    }


def test_a_source_corrected_reaches_the_pages_that_quote_it(client, world):
    first = world["first"]
    changed = changed_pages(
        client,
        world,
        lambda: recording.edit_source(
            first, {"title": "First, corrected"}, version=first.version, by=None
        ),
    )
    assert {"party OSL", "provision police", "source second", "cell OSL", "texts"}.isdisjoint(
        changed
    )
    assert {"source first", "party RUR", "provision mandate", "cell RUR"} <= changed


def test_a_retraction_reaches_the_pages_that_showed_it(client, world):
    position = world["OSL"].positions.get()
    changed = changed_pages(
        client,
        world,
        lambda: recording.retract(
            position, reason="Misattributed.", version=position.version, by=None
        ),
    )
    assert {"party OSL", "provision police", "source second", "cell OSL"} <= changed
    assert {"party RUR", "provision mandate", "source first", "cell RUR"}.isdisjoint(changed)


def test_what_every_page_may_show_reaches_every_page(client, world):
    def rename():
        party = Party.objects.get(code="OSL")
        party.name = "Oslandia (renamed)"
        party.save()

    assert changed_pages(client, world, rename) == {name for name, _, _ in pages(world)}


def test_a_new_version_of_a_draft_reaches_every_page(client, world):
    """The texts are shown on the provision pages and change what positions refer to."""
    negotiation = world["mandate"].negotiation

    def new_version():
        citation = texts.record_citation(url="https://example.org/draft")
        draft = texts.record_draft(negotiation, slug="d", title="A draft", sponsor=world["RUR"])
        texts.record_version(
            draft,
            label="First draft",
            status="circulated",
            provenance="reported-changes",
            circulated_on=DAY,
            citations=[citation],
        )

    assert changed_pages(client, world, new_version) == {name for name, _, _ in pages(world)}


def test_a_new_source_reaches_the_pages_of_what_it_mentions_only(client, world):
    def new_source():
        recording.record_source(
            text="Oslandia questioned the police plan again.",
            title="Third",
            by=None,
            status=ReviewStatus.PUBLISHED,
        )

    changed = changed_pages(client, world, new_source)
    # Its page and the provision's list the sentences that name them.
    assert {"party OSL", "provision police"} <= changed
    assert {"party RUR", "provision mandate", "source first", "cell RUR"}.isdisjoint(changed)


def test_search_may_lag_a_change_by_at_most_its_setting(client, world, settings, monkeypatch):
    """Every change reaches every search page; while editors save every few seconds, a search
    page is worked out again at most once per SEARCH_LAG_SECONDS, and then says what the
    records say."""
    settings.SEARCH_LAG_SECONDS = 60
    url = reverse("tracker:search") + "?q=Ruritania"
    before = client.get(url)
    record(world["RUR"], world["police"], world["first"], "Ruritania later doubted the mandate.")
    freshness.forget()
    lagging = client.get(url)
    assert lagging["ETag"] == before["ETag"] and lagging.content == before.content
    # A minute on, the change is seen.
    later = time.time() + 61
    monkeypatch.setattr("tracker.views.caching.time.time", lambda: later)
    caught_up = client.get(url)
    assert caught_up["ETag"] != before["ETag"]
    assert caught_up.content.count(b"doubted") > before.content.count(b"doubted")
    # The other pages never lag.
    provision = client.get(reverse("tracker:provision", args=["police"]))
    assert b"Ruritania spoke on The police" in provision.content


def test_a_seat_and_a_vote_reach_every_page(client, world):
    """Who sits on the Council and how it voted are shown beside every party's stances (the
    projection, the vote page, the party pages): what every page may show."""
    negotiation = world["mandate"].negotiation
    citation = texts.record_citation(url="https://example.org/vote", quote="The Council voted.")
    draft = texts.record_draft(negotiation, slug="d", title="A draft", sponsor=world["RUR"])
    version = texts.record_version(
        draft,
        label="Final text",
        status="adopted",
        provenance="reported-changes",
        circulated_on=DAY,
        citations=[citation],
    )

    def seats():
        record_seat(world["RUR"], permanent=True, citations=[citation])
        record_seat(
            world["OSL"],
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2026, 12, 31),
            citations=[citation],
        )

    every = {name for name, _, _ in pages(world)}
    assert changed_pages(client, world, seats) == every

    def vote():
        record_vote(
            version,
            date=DAY,
            meeting="9,999th meeting",
            votes={world["RUR"]: "yes", world["OSL"]: "abstain"},
            citations=[citation],
        )

    assert changed_pages(client, world, vote) == every
    projection = client.get(scoped_url("projection"))
    assert projection.status_code == 200
