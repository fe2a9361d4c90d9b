"""A party: its current stance on every provision, its statements over time, the sources that
mention it."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_excerpt, make_party, make_position, make_provision, make_source


@pytest.mark.django_db
def test_israel_with_the_seeds(client, seeded_db):
    response = client.get(reverse("tracker:party", args=["ISR"]))
    assert response.status_code == 200
    html = response.text
    assert "<title>Israel · Parties · Resolution Tracker</title>" in html
    assert "Other state" in html
    # Every provision is listed; where nothing is known it says so.
    assert html.count("No position recorded") == 6
    assert "A stance is recorded on 5 of 11 provisions." in html
    assert "Statements over time" in html
    assert "Sources that mention Israel" in html
    assert "<mark>Israel</mark>" in html or "<mark>Israeli</mark>" in html


@pytest.mark.django_db
def test_statements_newest_first_and_groups(client):
    bloc = make_party(code="bloc", name="The Bloc", kind="bloc")
    party = make_party(code="RUR", name="Ruritania", kind="state", aliases=["Ruritania"])
    party.groups.add(bloc)
    provision = make_provision(title="Mandate")
    make_provision(title="Borders")
    source = make_source(text="Ruritania spoke first. Ruritania spoke again.")
    first = make_excerpt(source, quote="Ruritania spoke first.")
    second = make_excerpt(source, quote="Ruritania spoke again.")
    first.parties.add(party)
    second.parties.add(party)
    make_position(party, provision, first, summary="First.", stated_on=datetime.date(2025, 11, 1))
    make_position(
        party,
        provision,
        second,
        stance="opposes",
        summary="Second.",
        stated_on=datetime.date(2025, 11, 4),
    )
    html = client.get(reverse("tracker:party", args=["RUR"])).text
    assert 'Member of: <a href="/parties/bloc/">The Bloc</a>' in html
    table = html[html.index("Current stance on each provision") : html.index("Statements over")]
    assert "Opposes" in table and "Not known" in table
    statements = html[html.index("Statements over time") : html.index("Sources that mention")]
    assert statements.index("Second.") < statements.index("First.")
    sources = html[html.index("Sources that mention") :]
    assert "2 sentences mentioning Ruritania" in sources
    assert "<mark>Ruritania</mark> spoke first." in sources


@pytest.mark.django_db
def test_an_unknown_party_is_a_404(client):
    assert client.get(reverse("tracker:party", args=["XXX"])).status_code == 404
