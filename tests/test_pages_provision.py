"""A provision: what the draft says, each party's current stance with its history, and every
sentence in the sources that mentions it."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    # Israel's other position on it can be expanded; both are from one undated article, so
    # which came first is not known, and the page says so instead of picking one silently.
    assert "1 other position of Israel on this (order in time not known)" in html
    assert "Order not known: another recorded position of Israel on Chapter VII" in html
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
    assert "are in the matrix" not in earlier  # all of them are shown
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


def mentioning_sources(count, provision=None, party=None):
    """`count` sources, one a day from 1 Oct 2025 (the last undated), each with one sentence
    that mentions the provision and the party; returns their excerpts, oldest first."""
    excerpts = []
    for i in range(count):
        published = None if i == count - 1 else datetime.date(2025, 10, 1) + datetime.timedelta(i)
        source = make_source(
            text=f"Dispatch {i}: Ruritania backs the mandate.",
            title=f"Dispatch {i}",
            published_on=published,
        )
        excerpt = make_excerpt(source, quote=f"Dispatch {i}: Ruritania backs the mandate.")
        if provision:
            excerpt.provisions.add(provision)
        if party:
            excerpt.parties.add(party)
        excerpts.append(excerpt)
    return excerpts


@pytest.mark.django_db
def test_the_newest_30_sentences_show_and_the_rest_are_a_page_away(client):
    provision = make_provision(slug="mandate", title="Mandate", aliases=["mandate"])
    mentioning_sources(32, provision=provision)  # 31 is undated: it comes last
    url = reverse("tracker:provision", args=["mandate"])

    html = client.get(url).text
    mentions = html[html.index("Where sources mention it") :]
    assert "Showing 1–30 of 32 sentences, newest sources first" in mentions
    assert "Dispatch 30: Ruritania backs the <mark>mandate</mark>." in mentions
    assert mentions.index("Dispatch 30:") < mentions.index("Dispatch 29:")
    assert "Dispatch 0:" not in mentions and "Dispatch 31:" not in mentions
    assert '<nav class="pager" aria-label="Pages of sentences that mention this provision">' in html
    assert f'href="{url}#mentions-heading" aria-current="page">' in mentions
    assert 'href="?page=2#mentions-heading" rel="next">Older' in mentions
    assert "Newer" not in mentions

    html = client.get(url + "?page=2").text
    mentions = html[html.index("Where sources mention it") :]
    assert "Showing 31–32 of 32 sentences" in mentions
    # The oldest dated one, then the undated one.
    assert mentions.index("Dispatch 0:") < mentions.index("Dispatch 31:")
    assert "Dispatch 1:" not in mentions and "Dispatch 30:" not in mentions
    assert f'href="{url}#mentions-heading" rel="prev">' in mentions
    assert 'href="?page=2#mentions-heading" aria-current="page">' in mentions
    assert "Older" not in mentions
    # The stances are on every page.
    assert "Current stances" in html

    # A page past the end shows the last; one that is not a number, the first.
    assert "Showing 31–32 of 32" in client.get(url + "?page=9").text
    assert "Showing 1–30 of 32" in client.get(url + "?page=last").text


@pytest.mark.django_db
def test_a_few_sentences_need_no_pages(client):
    provision = make_provision(slug="mandate", title="Mandate", aliases=["mandate"])
    mentioning_sources(2, provision=provision)
    html = client.get(reverse("tracker:provision", args=["mandate"])).text
    assert "2 sentences, newest sources first" in html
    assert 'class="pager"' not in html


@pytest.mark.django_db
def test_only_the_newest_earlier_positions_show_with_a_link_to_all(client):
    provision = make_provision(slug="mandate", title="Mandate", aliases=["mandate"])
    party = make_party(code="RUR", name="Ruritania")
    for i, excerpt in enumerate(mentioning_sources(6)):
        make_position(
            party,
            provision,
            excerpt,
            stance="undecided" if i < 5 else "supports",
            summary=f"Statement {i}.",
            stated_on=datetime.date(2025, 11, 1 + i),
        )
    html = client.get(reverse("tracker:provision", args=["mandate"])).text
    stances = html[html.index("Current stances") : html.index("Where sources mention it")]
    assert "Statement 5." in stances  # the current one
    earlier = stances[stances.index('<details class="earlier">') :]
    assert "5 earlier positions of Ruritania on this" in earlier
    assert earlier.index("Statement 4.") < earlier.index("Statement 3.")
    assert earlier.index("Statement 3.") < earlier.index("Statement 2.")
    assert "Statement 1." not in earlier and "Statement 0." not in earlier
    cell = reverse("tracker:matrix-cell", args=["RUR", "mandate"])
    assert f'The newest 3 are shown here; <a href="{cell}">all 6 positions of Ruritania' in earlier


@pytest.mark.django_db
def test_a_summary_links_the_reports_it_paraphrases(client, seeded_db):
    response = client.get(reverse("tracker:provision", args=["statehood-pathway"]))
    assert response.status_code == 200
    assert 'href="https://www.newsgd.com/node_e75cadc545/9543c54c3e.shtml"' in response.text
    assert "credible pathway to Palestinian self-determination" in response.text


@pytest.mark.django_db
def test_the_page_reads_the_newest_few_of_each_cell_not_all_of_them(client):
    """Each party's earlier positions come from their stored place in the cell
    (Position.cell_rank): the page ranks nothing, and reads no more queries or rows with a
    long history than with a short one."""
    provision = make_provision(slug="mandate", title="Mandate", aliases=["mandate"])
    ruritania = make_party(code="RUR", name="Ruritania")
    freedonia = make_party(code="FRE", name="Freedonia")
    excerpts = mentioning_sources(12)
    url = reverse("tracker:provision", args=["mandate"])

    def shown():
        cache.clear()  # worked out, as after a change
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).text
        return html[html.index("Current stances") : html.index("Where sources mention it")], [
            q["sql"] for q in captured.captured_queries
        ]

    def record(party, first, last):
        for i in range(first, last):
            make_position(
                party,
                provision,
                excerpts[i],
                stance="undecided" if i % 2 else "opposes",
                summary=f"{party.name} {i}.",
                stated_on=datetime.date(2025, 11, 1 + i),
            )

    record(ruritania, 0, 3)
    record(freedonia, 0, 2)
    shown()  # a process's first page does more (the linker); not what is compared
    short, short_queries = shown()
    assert "2 earlier positions of Ruritania on this" in short
    assert "1 earlier position of Freedonia on this" in short

    record(ruritania, 3, 11)
    record(freedonia, 2, 10)
    long, long_queries = shown()
    assert len(long_queries) == len(short_queries)
    assert not [sql for sql in long_queries if "ROW_NUMBER" in sql.upper()]
    earlier = long[long.index("Ruritania 10.") :]
    assert "10 earlier positions of Ruritania on this" in earlier
    assert (
        earlier.index("Ruritania 9.")
        < earlier.index("Ruritania 8.")
        < earlier.index("Ruritania 7.")
    )
    assert "Ruritania 6." not in long and "Freedonia 5." not in long
    assert "9 earlier positions of Freedonia on this" in long
    cell = reverse("tracker:matrix-cell", args=["RUR", "mandate"])
    assert f'The newest 3 are shown here; <a href="{cell}">all 11 positions of Ruritania' in long
