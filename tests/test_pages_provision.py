"""A provision: what the draft says, each party's current stance with its history, and every
sentence in the sources that mentions it."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source


@pytest.mark.django_db
def test_chapter_vii_with_the_seeds(client, seeded_db):
    response = client.get(reverse("tracker:provision", args=["chapter-vii"]))
    assert response.status_code == 200
    html = response.text
    assert "<title>Chapter VII and whether the text is binding · Provisions" in html
    assert "What the draft says, as reported:" in html
    # Each party's current stance, attributed.
    assert "France</a>" in html and "United Kingdom</a>" in html and "Israel</a>" in html
    assert "Israeli official involved in the talks (unnamed)" in html
    assert "Anonymous official" in html
    assert "Date not known" in html
    # Israel's earlier position on it can be expanded.
    assert "1 earlier position of Israel on this" in html
    # The sentences that mention it, with the words that matched marked, and a link to the spot.
    assert "<mark>Chapter 7 of the UN Charter</mark>" in html
    assert "#excerpt-" in html
    assert "No stance recorded for 30 other parties" in html


@pytest.mark.django_db
def test_current_first_then_earlier_positions_newest_first(client):
    provision = make_provision(slug="mandate", title="Mandate", aliases=["mandate"])
    party = make_party(name="Ruritania")
    source = make_source(text="Ruritania backs the mandate now. Before, it doubted the mandate.")
    now = make_excerpt(source, quote="Ruritania backs the mandate now.")
    before = make_excerpt(source, quote="Before, it doubted the mandate.")
    now.provisions.add(provision)
    make_position(
        party,
        provision,
        before,
        stance="undecided",
        summary="Doubted it.",
        stated_on=datetime.date(2025, 11, 1),
    )
    make_position(
        party,
        provision,
        now,
        stance="supports",
        summary="Backs it.",
        stated_on=datetime.date(2025, 11, 5),
    )
    retracted = make_position(party, provision, now, stance="opposes", summary="Opposed it?")
    retracted.retract("Misread.")
    html = client.get(reverse("tracker:provision", args=["mandate"])).text
    stances = html[html.index("Current stances") : html.index("Where sources mention it")]
    assert stances.index("Backs it.") < stances.index('<details class="earlier">')
    earlier = stances[stances.index('<details class="earlier">') :]
    assert "2 earlier positions of Ruritania on this" in earlier
    # Newest first, undated last.
    assert earlier.index("Doubted it.") < earlier.index("Opposed it?")
    assert "Retracted; not counted" in earlier and "Misread." in earlier
    assert "Stated 5 Nov 2025" in stances
    mentions = html[html.index("Where sources mention it") :]
    assert "Ruritania backs the <mark>mandate</mark> now." in mentions
    assert f"{reverse('tracker:source', args=[source.pk])}#excerpt-{now.pk}" in mentions


@pytest.mark.django_db
def test_an_unknown_provision_is_a_404_page(client):
    response = client.get(reverse("tracker:provision", args=["no-such-thing"]))
    assert response.status_code == 404
    assert "Not found" in response.text
    assert "/provisions/no-such-thing/" in response.text
