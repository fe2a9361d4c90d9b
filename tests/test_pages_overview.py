"""The overview: the resolution, its provisions with a stance tally, latest positions, sources."""

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
from tracker import freshness
from tracker.models import ReviewStatus, Source


@pytest.mark.django_db
def test_the_seeded_overview(client, seeded_db):
    response = client.get(scoped_url("overview"))
    html = response.text
    title = "Gaza in the Security Council, November 2025 (resolution 2803)"
    assert f"<title>{title} · Resolution Tracker</title>" in html
    assert "Chapter VII and whether the text is binding" in html
    assert reverse("tracker:provision", args=["chapter-vii"]) in html
    # The tally in words (readable without colour): two seek amendment, one opposes.
    table = html[html.index('<table class="tally-table"') :]
    chapter = table[table.index("Chapter VII and whether") :]
    chapter = chapter[: chapter.index("</tr>")]
    assert '<span class="stance stance-seeks-amendment">Seeks amendment</span> 2' in chapter
    assert '<span class="stance stance-opposes">Opposes</span> 1' in chapter
    assert "no recorded stance: 30" in chapter
    # Sources without a headline are named by their opening words, with their outlet and date
    # as far as they are known.
    assert "[untitled] The Trump administration is working on a U.N." in html
    assert "whistlebuzz.com (rewriting a CNN report) · November 2025" in html
    assert str(scoped_url("party", "ISR")) in html


@pytest.mark.django_db
def test_only_published_sources_and_positions_count(client):
    provision = make_provision(title="Ruritanian border")
    party = make_party(name="Ruritania")
    published = make_position(party, provision, stance="opposes", summary="Said no, publicly.")
    make_position(
        make_party(name="Hidden"),
        provision,
        stance="supports",
        summary="Waiting for review.",
        status=ReviewStatus.PENDING,
    )
    retracted = make_position(
        make_party(), provision, stance="supports", summary="Withdrawn claim."
    )
    retracted.retract("Misattributed.")
    make_source(title="A pending article", status=ReviewStatus.PENDING)
    html = client.get(scoped_url("overview")).text
    assert published.summary in html
    assert "Waiting for review." not in html
    assert "Withdrawn claim." not in html
    assert "A pending article" not in html
    table = html[html.index('<table class="tally-table"') :]
    row = table[table.index("Ruritanian border") :]
    row = row[: row.index("</tr>")]
    assert '<span class="stance stance-opposes">Opposes</span> 1' in row
    assert "stance-supports" not in row


@pytest.mark.django_db
def test_latest_positions_name_party_stance_provision_and_source(client):
    source = make_source(title="Council diary", outlet="Example Wire")
    excerpt = make_excerpt(source)
    make_position(
        make_party(name="Ruritania"),
        make_provision(title="Mandate"),
        excerpt,
        stance="conditional",
        speaker="The foreign minister",
        attribution="on-record",
    )
    html = client.get(scoped_url("overview")).text
    latest = html[html.index("Latest recorded positions") :]
    assert "Ruritania" in latest
    assert 'class="stance stance-conditional evidence evidence-' in latest
    assert '<span class="stance-word">Conditional</span>' in latest
    assert "The foreign minister" in latest and "On the record" in latest
    assert f"{reverse('tracker:source', args=[source.pk])}#excerpt-{excerpt.pk}" in latest


@pytest.mark.django_db
def test_the_overview_lists_the_newest_20_sources_and_links_to_them_all(client):
    # Dated after the seeds' articles, which other tests of this module load.
    sources = [
        make_source(
            title=f"Dispatch {i}",
            outlet="Example Wire",
            published_on=datetime.date(2026, 1, 1) + datetime.timedelta(i),
        )
        for i in range(21)
    ]
    cited = make_excerpt(sources[-1])
    make_excerpt(sources[-1], quote="Israel objected to the mandate.")
    make_position(excerpt=cited)
    make_position(excerpt=cited, status=ReviewStatus.PENDING)
    total = Source.objects.public().filter(retracted_at__isnull=True).count()
    html = client.get(scoped_url("overview")).text
    listed = html[html.index('id="sources-heading"') : html.index('id="parties-heading"')]
    assert f"The newest 20 of {total} sources." in listed
    assert listed.index("Dispatch 20</a>") < listed.index("Dispatch 19</a>")
    assert "Dispatch 1</a>" in listed and "Dispatch 0</a>" not in listed
    dispatch = listed[listed.index("Dispatch 20</a>") :]
    assert "Example Wire · 21 Jan 2026 · 2 excerpts · cited by 1 position</span>" in dispatch
    assert f'<a href="{reverse("tracker:sources")}">All {total} sources, newest first</a>' in listed


@pytest.mark.django_db
def test_last_updated_is_when_the_newest_position_or_source_was_recorded(client):
    party, provision = make_party(code="RUR", name="Ruritania"), make_provision(slug="aid")
    source = make_source(title="Diary", text="Ruritania backs aid.")
    position = make_position(party, provision, make_excerpt(source), stance="supports")
    recorded = datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.UTC)
    type(position).objects.filter(pk=position.pk).update(recorded_at=recorded)

    html = client.get(scoped_url("overview")).text
    assert 'Last updated <time datetime="2030-01-02T03:04:00+00:00">2 Jan 2030, 03:04 UTC' in html

    Source.objects.filter(pk=source.pk).update(created_at=recorded + datetime.timedelta(days=1))
    freshness.restamp()
    html = client.get(scoped_url("overview")).text
    assert 'Last updated <time datetime="2030-01-03T03:04:00+00:00">3 Jan 2030, 03:04 UTC' in html
