"""Recording a position from a source: the quote anchored from a selection, an excerpt or the
quote alone; everything checked again on the server; one transaction; bad input refused next
to its field with nothing stored; and random input never answers 500 nor stores a bad quote."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import (
    make_excerpt,
    make_party,
    make_person,
    make_position,
    make_provision,
    make_source,
)
from tracker.models import Excerpt, MadeBy, Origin, Position, ReviewStatus

pytestmark = pytest.mark.django_db
TEXT = (
    "Headline about the mandate\n"
    "Ruritania rejects the mandate, its envoy said on Tuesday.\n"
    "“We will not tolerate it,” said Envoy Jan Novák of Ruritania. The mandate is long.\n"
    "The mandate is long."
)


@pytest.fixture
def world():
    provision = make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    party = make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])
    source = make_source(text=TEXT, published_on=datetime.date(2025, 11, 4))
    return {"provision": provision, "party": party, "source": source}


def url(source):
    return reverse("tracker:position-new", args=[source.pk])


def span(source, words, occurrence=None):
    from tracker.text import anchoring

    return anchoring.find_quote(source.text, words, occurrence)


def form_data(source, words="Ruritania rejects the mandate", **overrides):
    start, end = span(source, words)
    data = {
        "start": start,
        "end": end,
        "quote": words,
        "party": "Ruritania",
        "provision": "mandate",
        "stance": "opposes",
        "attribution": "on-record",
        "speaker": "Envoy Jan Novák",
        "stated_on": "2025-11-04",
        "summary": "Ruritania's envoy said it rejects the mandate.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def counts():
    return Position.objects.count(), Excerpt.objects.count()


def field_block(html, name):
    start = html.rfind('<div class="field', 0, html.index(f'for="id_{name}"'))
    return html[start : html.index("</div>", start)]


# --- Opening the form ------------------------------------------------------------------------


def test_opening_the_form_from_a_selection_reads_the_quote_from_the_source(client, editor, world):
    source = world["source"]
    start, end = span(source, "rejects the mandate")
    # A selection that takes in the space before the words is trimmed to the words.
    response = client.get(url(source), {"start": start - 1, "end": end})
    assert response.status_code == 200
    html = response.text
    assert "<blockquote" in html and "<p>rejects the mandate</p>" in html
    assert f'name="start" value="{start}"' in html and f'name="end" value="{end}"' in html
    assert f"Characters {start}–{end} of the source text" in html
    # The day the sentence names ("said on Tuesday") is offered, worked out from the source's
    # date (Tuesday 4 Nov 2025), with where it came from.
    assert 'name="stated_on" value="2025-11-04"' in html
    assert "from ‘said on Tuesday’ and the source’s date 4 Nov 2025" in html
    assert (
        '<datalist id="party-options">' in html and '<option value="Ruritania">RUR</option>' in html
    )


def test_htmx_gets_only_the_form(client, editor, world):
    source = world["source"]
    start, end = span(source, "rejects the mandate")
    response = client.get(url(source), {"start": start, "end": end}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section class="position-entry"')
    assert "<html" not in response.text


def test_opening_the_form_from_an_excerpt(client, editor, world):
    excerpt = make_excerpt(
        world["source"], quote="Ruritania rejects the mandate, its envoy said on Tuesday."
    )
    html = client.get(url(world["source"]), {"excerpt": excerpt.pk}).text
    assert "<p>Ruritania rejects the mandate, its envoy said on Tuesday.</p>" in html
    assert "an excerpt already marked" in html
    assert f"Record a position from excerpt {excerpt.pk}</h2>" in html
    assert "the selected words" not in html
    # The quote names one party and one provision: both are filled in.
    assert 'name="mentioned" value="RUR" id="id_mentioned_RUR" checked>' in html
    assert '<option value="mandate" selected>' in html
    assert "Another party" in html


def test_a_quote_naming_several_parties_fills_in_none(client, editor, world):
    make_party(code="OSL", name="Oslandia", aliases=["Oslandia"])
    source = make_source(text="Ruritania and Oslandia abstained on the mandate.")
    excerpt = make_excerpt(source, quote="Ruritania and Oslandia abstained on the mandate.")
    html = client.get(url(source), {"excerpt": excerpt.pk}).text
    assert 'value="RUR" id="id_mentioned_RUR">' in html
    assert 'value="OSL" id="id_mentioned_OSL">' in html
    assert "checked" not in html.split('class="checkbox-list"')[1].split("</ul>")[0]


def test_one_statement_for_two_parties_records_two_positions(client, editor, world):
    make_party(code="OSL", name="Oslandia", aliases=["Oslandia"])
    source = make_source(text="Ruritania and Oslandia abstained on the mandate.")
    words = "Ruritania and Oslandia abstained on the mandate."
    data = form_data(source, words, party="", quote=words, stance="undecided")
    response = client.post(url(source), {**data, "mentioned": ["RUR", "OSL"]})
    assert response.status_code == 302
    positions = Position.objects.order_by("party__code")
    assert [p.party.code for p in positions] == ["OSL", "RUR"]
    assert positions[0].excerpt == positions[1].excerpt
    assert all(p.stance == "undecided" and p.status == ReviewStatus.PENDING for p in positions)
    page = client.get(response.url).text
    assert "2 positions recorded, one for each of Oslandia, Ruritania." in page


def test_parties_typed_together_are_each_recorded(client, editor, world):
    make_party(code="OSL", name="Oslandia")
    response = client.post(url(world["source"]), form_data(world["source"], party="osl; RUR"))
    assert response.status_code == 302
    assert sorted(p.party.code for p in Position.objects.all()) == ["OSL", "RUR"]


def test_a_retracted_excerpt_is_named_as_retracted(client, editor, world):
    from tracker import recording

    excerpt = make_excerpt(world["source"], quote="The mandate is long.", occurrence=1)
    recording.retract(excerpt, reason="Duplicate.", version=excerpt.version, by=editor)
    response = client.get(url(world["source"]), {"excerpt": excerpt.pk})
    assert response.status_code == 400
    assert f"Excerpt {excerpt.pk} was retracted on" in response.text
    assert "(Duplicate.)" in response.text


def test_offsets_past_the_end_say_so_rather_than_more_than_once(client, editor, world):
    data = form_data(world["source"])
    data.update(quote="The mandate is long.", start=5000, end=5020)
    response = client.post(url(world["source"]), data)
    assert response.status_code == 400
    assert "The selection (5000–5020) is outside this source" in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"start": "5", "end": "5"},
        {"start": "9", "end": "99999"},
        {"start": "x", "end": "3"},
        # Found by hypothesis: "²" passes str.isdigit() but not int().
        {"start": "²", "end": "3"},
        {"excerpt": "9" * 40},
        {},
    ],
)
def test_opening_with_offsets_that_do_not_fit_says_so(client, editor, world, query):
    response = client.get(url(world["source"]), query)
    assert response.status_code == 400
    assert "field-errors" in response.text
    assert ("outside this source" in response.text) or ("Select the words" in response.text)


def test_an_excerpt_of_another_source_is_refused(client, editor, world):
    other = make_excerpt(make_source(text="Elsewhere the mandate was discussed."))
    response = client.get(url(world["source"]), {"excerpt": other.pk})
    assert response.status_code == 400
    assert f"Excerpt {other.pk} is part of source {other.source_id}, not of this source." in (
        response.text
    )


def test_a_suggestion_fills_party_provision_and_stance(client, editor, world):
    excerpt = make_excerpt(
        world["source"], quote="Ruritania rejects the mandate, its envoy said on Tuesday."
    )
    html = client.get(
        url(world["source"]),
        {"excerpt": excerpt.pk, "party": "RUR", "provision": "mandate", "stance": "opposes"},
    ).text
    assert 'name="mentioned" value="RUR" id="id_mentioned_RUR" checked>' in html
    assert '<option value="mandate" selected>' in html
    assert '<option value="opposes" selected>' in html


# --- Saving ----------------------------------------------------------------------------------


def test_saving_makes_a_person_excerpt_and_a_pending_position(client, editor, world):
    source = world["source"]
    response = client.post(url(source), form_data(source))
    position = Position.objects.get()
    excerpt = position.excerpt
    assert response.status_code == 302
    assert response.url == f"/sources/{source.pk}/#excerpt-{excerpt.pk}"
    assert (
        excerpt.exact == "Ruritania rejects the mandate" == source.text[excerpt.start : excerpt.end]
    )
    assert excerpt.made_by == MadeBy.PERSON and excerpt.created_by == editor
    assert [p.slug for p in excerpt.provisions.all()] == ["mandate"]
    assert [p.code for p in excerpt.parties.all()] == ["RUR"]
    assert position.status == ReviewStatus.PENDING and position.origin == Origin.EDITOR
    assert position.recorded_by == editor
    assert (position.party, position.provision) == (world["party"], world["provision"])
    assert position.stance == "opposes" and position.attribution == "on-record"
    assert position.speaker == "Envoy Jan Novák" and position.stated_on == datetime.date(
        2025, 11, 4
    )
    # The editor sees it on the source, marked as pending; the public does not see it at all.
    html = client.get(response.url).text
    assert 'class="badge pending">Pending review</span>' in html
    client.logout()
    public = client.get(response.url).text
    assert "Pending review" not in public and "stance-opposes" not in public


def test_the_party_left_empty_is_the_one_the_speaker_speaks_for(client, editor, world):
    source = world["source"]
    make_person("Jan Novák", world["party"], role="Envoy of Ruritania")
    data = form_data(source, party="", speaker="Envoy Jan Novák")
    assert client.post(url(source), data).status_code == 302
    assert Position.objects.get().party == world["party"]


def test_an_unknown_speaker_does_not_fill_the_party(client, editor, world):
    source = world["source"]
    response = client.post(url(source), form_data(source, party="", speaker="Someone"))
    assert (
        response.status_code == 400 and "Choose the party whose position this is." in response.text
    )
    assert not Position.objects.exists()


def test_saving_from_htmx_redirects_the_whole_page(client, editor, world):
    source = world["source"]
    response = client.post(url(source), form_data(source), headers={"HX-Request": "true"})
    assert response.status_code == 200
    position = Position.objects.get()
    assert response.headers["HX-Redirect"] == (
        f"/sources/{source.pk}/?recorded={position.pk}#excerpt-{position.excerpt_id}"
    )


def test_an_existing_excerpt_is_reused(client, editor, world):
    source = world["source"]
    excerpt = make_excerpt(source, quote="Ruritania rejects the mandate", made_by=MadeBy.LINKER)
    assert client.post(url(source), form_data(source, excerpt=excerpt.pk)).status_code == 302
    assert Excerpt.objects.count() == 1 and Position.objects.get().excerpt == excerpt
    # Offsets that match an existing excerpt's span reuse it too.
    assert client.post(url(source), form_data(source, stance="mixed")).status_code == 302
    assert Excerpt.objects.count() == 1 and Position.objects.count() == 2


def test_wrong_offsets_fall_back_to_the_quote_found_once(client, editor, world):
    source = world["source"]
    response = client.post(url(source), form_data(source, start=0, end=10))
    assert response.status_code == 302
    assert Position.objects.get().excerpt.exact == "Ruritania rejects the mandate"
    response = client.post(url(source), form_data(source, start=None, end=None, stance="mixed"))
    assert response.status_code == 302


def test_a_quote_found_twice_needs_its_offsets(client, editor, world):
    source = world["source"]
    start, end = span(source, "The mandate is long.", occurrence=2)
    twice = {"quote": "The mandate is long."}
    ok = client.post(url(source), form_data(source, **twice, start=start, end=end))
    assert ok.status_code == 302
    assert Position.objects.get().excerpt.start == start
    response = client.post(url(source), form_data(source, **twice, start=None, end=None))
    assert response.status_code == 400
    assert "appear more than once" in response.text


def test_an_identical_position_is_refused_with_a_link_and_a_second_post_changes_nothing(
    client, editor, world
):
    source = world["source"]
    assert client.post(url(source), form_data(source)).status_code == 302
    before = counts()
    response = client.post(url(source), form_data(source))
    assert response.status_code == 400
    excerpt = Position.objects.get().excerpt
    assert "is already recorded" in response.text
    assert f'href="/sources/{source.pk}/#excerpt-{excerpt.pk}"' in response.text
    assert counts() == before
    # A retracted one does not count: it can be recorded again.
    Position.objects.get().retract("Misread.")
    assert client.post(url(source), form_data(source)).status_code == 302


def test_a_retracted_source_takes_no_positions(client, editor, world):
    source = world["source"]
    source.retract("Withdrawn by the outlet.")
    assert client.post(url(source), form_data(source)).status_code == 404
    assert counts() == (0, 0)


BAD_INPUT = [
    (
        {"quote": "Ruritania accepts the mandate", "start": None, "end": None},
        "quote",
        "not in the source text",
    ),
    ({"quote": "Atlantis", "start": 0, "end": 99999}, "quote", "not in the source text"),
    ({"quote": "", "start": None, "end": None}, "quote", "Select the words"),
    ({"quote": "   ", "start": None, "end": None}, "quote", "Select the words"),
    ({"quote": "x" * 5001}, "quote", "up to 5,000 characters"),
    ({"start": -1}, "start", "greater than or equal to 0"),
    ({"start": "abc"}, "start", "Enter a whole number."),
    ({"excerpt": 999999999}, "quote", "There is no excerpt 999999999"),
    ({"party": "Atlantis"}, "party", "No party has the name or code “Atlantis”"),
    ({"party": ""}, "party", "Choose the party whose position this is."),
    ({"provision": "no-such-provision"}, "provision", "Select a valid choice."),
    ({"stance": "loves"}, "stance", "Select a valid choice."),
    ({"attribution": "rumour"}, "attribution", "Select a valid choice."),
    ({"stated_on": "2025-02-30"}, "stated_on", "Enter a valid date."),
    ({"summary": ""}, "summary", "This field is required."),
    ({"summary": "   "}, "summary", "This field is required."),
    ({"summary": "line one\nline two"}, "summary", "Keep the summary to one line."),
    ({"summary": "s" * 301}, "summary", "at most 300 characters"),
    ({"speaker": "s" * 301}, "speaker", "at most 300 characters"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field(client, editor, world, overrides, field, message):
    source = world["source"]
    response = client.post(url(source), form_data(source, **overrides))
    assert response.status_code == 400
    assert "field-errors" in response.text
    if field == "quote" or field in ("start", "end"):
        block = response.text[response.text.index('<div class="field anchored-quote') :]
        block = block[: block.index("</div>")]
    else:
        block = field_block(response.text, field)
    if message:
        assert message in block, block
    assert "field-errors" in block
    assert counts() == (0, 0)


def test_a_future_stated_date_is_refused(client, editor, world):
    source = world["source"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url(source), form_data(source, stated_on=tomorrow))
    assert response.status_code == 400
    assert "This date is in the future" in field_block(response.text, "stated_on")
    assert counts() == (0, 0)


def test_a_party_by_code_in_any_case(client, editor, world):
    source = world["source"]
    assert client.post(url(source), form_data(source, party="rur")).status_code == 302
    assert Position.objects.get().party == world["party"]


def test_script_in_any_field_is_stored_as_text_and_escaped(client, editor, world):
    source = world["source"]
    script = "<script>alert(1)</script>"
    response = client.post(
        url(source), form_data(source, speaker=f"Envoy {script}", summary=f"Said {script}")
    )
    assert response.status_code == 302
    position = Position.objects.get()
    assert position.summary == f"Said {script}" and position.speaker == f"Envoy {script}"
    html = client.get(response.url).text
    assert "<script>alert(1)" not in html
    assert "Envoy &lt;script&gt;alert(1)&lt;/script&gt;" in html
    refused = client.post(url(source), form_data(source, party=script, summary=script)).text
    assert "<script>alert(1)" not in refused and "&lt;script&gt;alert(1)&lt;/script&gt;" in refused


def test_an_identical_position_made_elsewhere_meanwhile_is_refused(client, editor, world):
    """The duplicate check reads the database at save time, not what the form was opened with."""
    source = world["source"]
    excerpt = make_excerpt(source, quote="Ruritania rejects the mandate")
    make_position(world["party"], world["provision"], excerpt, stance="opposes")
    response = client.post(url(source), form_data(source))
    assert response.status_code == 400 and "already recorded" in response.text
    assert Position.objects.count() == 1


# --- Random input ----------------------------------------------------------------------------

offsets = st.one_of(
    st.none(), st.integers(min_value=-5, max_value=len(TEXT) + 5), st.text(max_size=4)
)
quotes = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.builds(
        lambda a, b: TEXT[min(a, b) : max(a, b)],
        st.integers(min_value=0, max_value=len(TEXT)),
        st.integers(min_value=0, max_value=len(TEXT)),
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=offsets,
    end=offsets,
    quote=quotes,
    summary=st.text(max_size=20),
    party=st.text(max_size=12),
)
def test_random_quotes_and_offsets_never_fail_nor_store_a_bad_quote(
    client, editor, world, start, end, quote, summary, party
):
    source = world["source"]
    data = {
        "start": start,
        "end": end,
        "quote": quote,
        "party": party or "RUR",
        "provision": "mandate",
        "stance": "opposes",
        "attribution": "on-record",
        "summary": summary or "Said something.",
    }
    response = client.post(url(source), {k: v for k, v in data.items() if v is not None})
    assert response.status_code in (302, 400)
    response = client.get(
        url(source), {k: v for k, v in data.items() if k in ("start", "end") and v is not None}
    )
    assert response.status_code in (200, 400)
    for excerpt in Excerpt.objects.select_related("source"):
        assert excerpt.source.text[excerpt.start : excerpt.end] == excerpt.exact
        assert excerpt.exact.strip()
