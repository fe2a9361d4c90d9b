"""A source: its full text with every excerpt highlighted in place, notes on what each mentions
and which positions cite it, permalinks, and its metadata where known."""

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
from tracker.models import ReviewStatus, Source


@pytest.mark.django_db
def test_a_seed_source(client, seeded_db):
    source = Source.objects.get(seed_file__startswith="003_")
    html = client.get(reverse("tracker:source", args=[source.pk])).text
    assert "[untitled] The Trump administration is working on a U.N." in html
    # Its outlet and address as the public record confirms them; its date only to the month.
    assert "whistlebuzz.com (rewriting a CNN report)" in html
    assert 'href="https://whistlebuzz.com/trump-administration-promotes-un-resolution' in html
    assert "<dt>Published</dt><dd>November 2025</dd>" in html
    for excerpt in source.excerpts.all():
        assert f'id="excerpt-{excerpt.pk}"' in html
        assert f'id="note-{excerpt.pk}"' in html
    assert "Cited by:" in html


@pytest.mark.django_db
def test_excerpts_are_marked_in_place_with_what_they_mention_and_who_cites_them(client):
    provision = make_provision(slug="mandate", title="The mandate")
    party = make_party(code="RUR", name="Ruritania")
    source = make_source(
        text="Headline\nRuritania said the mandate was <fine>. Nobody else spoke.",
        url="https://example.org/story?id=1",
        outlet="Example Wire",
    )
    excerpt = make_excerpt(source, quote="Ruritania said the mandate was <fine>.")
    excerpt.provisions.add(provision)
    excerpt.parties.add(party)
    make_position(party, provision, excerpt, stance="supports", attribution="media-report")
    html = client.get(reverse("tracker:source", args=[source.pk])).text
    assert (
        f'<mark class="excerpt cited" id="excerpt-{excerpt.pk}">'
        "Ruritania said the mandate was &lt;fine&gt;.</mark>"
    ) in html
    note = html[html.index(f'id="note-{excerpt.pk}"') :]
    note = note[: note.index("</li>\n      \n    </ol>")]
    assert 'href="/provisions/mandate/">The mandate</a>' in note
    assert f'href="{scoped_url("party", "RUR")}">Ruritania</a>' in note
    assert 'class="stance stance-supports evidence evidence-media-report"' in note
    assert '<span class="stance-word">Supports</span>' in note
    assert "(media report)" in note
    # A link that opens the original article at the quoted words.
    assert (
        'href="https://example.org/story?id=1#:~:text=Ruritania%20said%20the%20mandate%20was'
        '%20%3Cfine%3E."' in note
    )
    assert "<dd>Example Wire</dd>" in html
    assert '<p class="para">Headline</p>' in html


@pytest.mark.django_db
def test_retracted_source_is_shown_as_retracted(client):
    source = make_source(title="Old story")
    source.retract("The outlet withdrew it.")
    html = client.get(reverse("tracker:source", args=[source.pk])).text
    assert "This source was retracted" in html and "The outlet withdrew it." in html


@pytest.mark.django_db
def test_unknown_and_unpublished_sources_are_404(client):
    pending = make_source(title="Under review", status=ReviewStatus.PENDING)
    assert client.get(reverse("tracker:source", args=[pending.pk])).status_code == 404
    assert client.get(reverse("tracker:source", args=[pending.pk + 1000])).status_code == 404
    assert client.get("/sources/not-a-number/").status_code == 404
