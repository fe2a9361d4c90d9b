"""A party: its current stance on every provision, its statements over time, the sources that
mention it."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)


@pytest.mark.django_db
def test_israel_with_the_seeds(client, seeded_db):
    response = client.get(scoped_url("party", "ISR"))
    assert response.status_code == 200
    html = response.text
    assert "<title>Israel · Parties · Resolution Tracker</title>" in html
    assert "Other state" in html
    # Every provision is listed; where nothing is known it says so.
    # 15 provisions (the text as a whole among them); Israel's positions cover six (its two on
    # the Council's involvement are about oversight, un-role, since reporting and oversight
    # were split).
    assert html.count("No position recorded") == 9
    assert "A stance is recorded on 6 of 15 provisions." in html
    assert "Statements, newest date first (undated ones last)" in html
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
    html = client.get(scoped_url("party", "RUR")).text
    assert f'Member of: <a href="{scoped_url("party", "bloc")}">The Bloc</a>' in html
    table = html[
        html.index("Current stance on each provision") : html.index("Statements, newest date first")
    ]
    assert "Opposes" in table and "Not known" in table
    statements = html[
        html.index("Statements, newest date first") : html.index("Sources that mention")
    ]
    assert statements.index("Second.") < statements.index("First.")
    sources = html[html.index("Sources that mention") :]
    assert "2 sentences mentioning Ruritania" in sources
    assert "<mark>Ruritania</mark> spoke first." in sources


@pytest.mark.django_db
def test_an_unknown_party_is_a_404(client):
    assert client.get(scoped_url("party", "XXX")).status_code == 404


@pytest.mark.django_db
def test_the_newest_30_sentences_show_grouped_by_source_and_the_rest_a_page_away(client):
    party = make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])
    for i in range(8):
        sentences = [f"In dispatch {i}, Ruritania spoke ({n})." for n in range(4)]
        source = make_source(
            text=" ".join(sentences),
            title=f"Dispatch {i}",
            published_on=datetime.date(2025, 10, 1) + datetime.timedelta(i),
        )
        for sentence in sentences:
            make_excerpt(source, quote=sentence).parties.add(party)
    url = scoped_url("party", "RUR")

    html = client.get(url).text
    sources = html[html.index("Sources that mention Ruritania") :]
    assert "Showing 1–30 of 32 sentences mentioning Ruritania, newest sources first." in sources
    assert sources.index("Dispatch 7</a>") < sources.index("Dispatch 6</a>")
    assert "In dispatch 7, <mark>Ruritania</mark> spoke (0)." in sources
    assert "<summary>4 sentences mentioning Ruritania</summary>" in sources
    # The oldest source's first two sentences end the page; the other two are on the next.
    assert (
        "<summary>2 of 4 sentences mentioning Ruritania (the others are on the next page)"
        in sources
    )
    assert "In dispatch 0, <mark>Ruritania</mark> spoke (1)." in sources
    assert (
        "spoke (2)." in sources
        and "In dispatch 0, <mark>Ruritania</mark> spoke (2)." not in sources
    )
    assert '<nav class="pager" aria-label="Pages of sentences that mention this party">' in html
    assert 'href="?page=2#sources-heading" rel="next">Older' in sources

    html = client.get(url + "?page=2").text
    sources = html[html.index("Sources that mention Ruritania") :]
    assert "Showing 31–32 of 32 sentences" in sources
    assert "Dispatch 0</a>" in sources and "Dispatch 1</a>" not in sources
    assert (
        "<summary>2 of 4 sentences mentioning Ruritania (the others are on the page before)"
        in sources
    )
    assert "In dispatch 0, <mark>Ruritania</mark> spoke (3)." in sources
    assert f'href="{url}#sources-heading" rel="prev">' in sources
    assert 'href="?page=2#sources-heading" aria-current="page">' in sources


@pytest.mark.django_db
def test_only_the_newest_statements_show_with_a_link_to_the_rest(client):
    party = make_party(code="RUR", name="Ruritania")
    provision = make_provision(slug="mandate", title="Mandate")
    for i in range(12):
        make_position(
            party, provision, summary=f"Statement {i}.", stated_on=datetime.date(2025, 10, 1 + i)
        )
    html = client.get(scoped_url("party", "RUR")).text
    statements = html[
        html.index("Statements, newest date first") : html.index("Sources that mention")
    ]
    assert "The newest 10 of 12 statements; undated statements last." in statements
    assert statements.index("Statement 11.") < statements.index("Statement 2.")
    assert "Statement 1." not in statements and "Statement 0." not in statements
    matrix = f"{scoped_url('matrix')}?party=RUR"
    assert (
        f'<a href="{matrix}">All 12 statements of Ruritania, in its row of the matrix' in statements
    )


@pytest.mark.django_db
def test_the_newest_statements_come_from_the_newest_of_each_cell(client):
    """The newest statements across provisions, and how many there are, are read from each
    cell's stored ranks and counts (Position.cell_rank, cell_count): the same queries, and
    nothing ranked, however long the history."""
    party = make_party(code="RUR", name="Ruritania")
    provisions = [make_provision(title=f"Clause {n}") for n in range(3)]
    url = scoped_url("party", "RUR")

    def statements():
        cache.clear()  # worked out, as after a change
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).text
        shown = html[
            html.index("Statements, newest date first") : html.index("Sources that mention")
        ]
        return shown, [q["sql"] for q in captured.captured_queries]

    def record(first, last):
        # Day by day, each on the next provision in turn: a cell's positions are interleaved
        # with the others'.
        for i in range(first, last):
            make_position(
                party,
                provisions[i % 3],
                summary=f"Statement {i}.",
                stated_on=datetime.date(2025, 10, 1 + i),
            )

    record(0, 4)
    statements()  # a process's first page does more (the linker); not what is compared
    short, short_queries = statements()
    assert "Newest first; undated statements last." in short
    record(4, 25)
    long, long_queries = statements()
    assert len(long_queries) == len(short_queries)
    assert not [sql for sql in long_queries if "ROW_NUMBER" in sql.upper()]
    assert "The newest 10 of 25 statements; undated statements last." in long
    for i in range(15, 25):
        assert f"Statement {i}." in long
    assert long.index("Statement 24.") < long.index("Statement 23.") < long.index("Statement 15.")
    assert "Statement 14." not in long
