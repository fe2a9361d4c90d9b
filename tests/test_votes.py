"""The vote, the projection, the timeline and the field's open formats (tracker/reading/votes.py,
tracker/recording/votes.py, tracker/reading/timeline.py, tracker/reading/standards.py and their pages)."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_negotiation,
    make_party,
    make_position,
    make_provision,
    make_source,
)
from tracker import recording
from tracker.models import ProvisionCategory, Vote, VoteOption
from tracker.reading import votes
from tracker.recording import texts
from tracker.recording.votes import record_event, record_seat, record_vote

pytestmark = pytest.mark.django_db

VOTE_DAY = datetime.date(2025, 10, 20)
P5 = ["AAA", "BBB", "CCC", "DDD", "EEE"]
E10 = ["FFF", "GGG", "HHH", "III", "JJJ", "KKK", "LLL", "MMM", "NNN", "OOO"]


@pytest.fixture
def council():
    negotiation = make_negotiation(slug="veloria", title="Veloria")
    citation = texts.record_citation(url="https://example.org/vote", quote="The Council voted.")
    parties = {}
    for code in P5:
        parties[code] = make_party(code=code, name=f"State {code}", kind="permanent-member")
        record_seat(parties[code], permanent=True, citations=[citation])
    for i, code in enumerate(E10):
        parties[code] = make_party(code=code, name=f"State {code}", kind="elected-member")
        start = datetime.date(2024 + i % 2, 1, 1)
        record_seat(
            parties[code],
            start=start,
            end=start.replace(year=start.year + 2) - datetime.timedelta(1),
            citations=[citation],
        )
    whole = make_provision(
        slug="whole", title="The text as a whole", category=ProvisionCategory.WHOLE_TEXT
    )
    lamps = make_provision(slug="lamps", title="Lamps")
    draft = texts.record_draft(negotiation, slug="d", title="The draft", sponsor=parties["AAA"])
    version = texts.record_version(
        draft,
        label="Final text",
        status="adopted",
        provenance="reported-changes",
        circulated_on=datetime.date(2025, 10, 1),
        resolution_symbol="S/RES/9999 (2025)",
        citations=[citation],
    )
    return {
        "negotiation": negotiation,
        "parties": parties,
        "whole": whole,
        "lamps": lamps,
        "version": version,
        "citation": citation,
    }


def cast(council, options):
    """Record a vote: {code: option}; members not named are not participating."""
    return record_vote(
        council["version"],
        date=VOTE_DAY,
        meeting="9,999th meeting",
        votes={council["parties"][code]: option for code, option in options.items()},
        citations=[council["citation"]],
    )


# --- The Council's rule -----------------------------------------------------------------------


def outcome(council, options):
    event = cast(council, options)
    return votes.recorded_vote(event).outcome


def test_nine_votes_and_no_permanent_no_adopts(council):
    result = outcome(council, dict.fromkeys((P5 + E10)[:9], "yes"))
    assert result.adopted and result.tally == "9–0–0" and result.absent == 6


def test_eight_votes_are_not_enough(council):
    result = outcome(council, dict.fromkeys(E10[:8], "yes"))
    assert not result.adopted
    assert result.reason == "Not adopted: 8 affirmative votes, fewer than the 9 needed."


def test_a_permanent_members_no_is_a_veto_and_an_abstention_is_not(council):
    options = dict.fromkeys(E10 + P5[:3], "yes")
    options["DDD"] = "abstain"
    options["EEE"] = "no"
    result = outcome(council, options)
    assert not result.adopted and [p.code for p in result.vetoed_by] == ["EEE"]
    assert "a permanent member voted against it (State EEE)" in result.reason


def test_an_abstaining_permanent_member_does_not_block(council):
    options = dict.fromkeys(E10 + P5[:3], "yes")
    options.update(DDD="abstain", EEE="abstain")
    assert outcome(council, options).adopted


def test_an_elected_members_no_is_not_a_veto(council):
    options = dict.fromkeys(E10[:5] + P5, "yes")
    options["FFF"] = "no"
    assert outcome(council, options).adopted


# --- Membership terms ---------------------------------------------------------------------------


def test_members_on_a_day_follow_the_terms(council):
    on = {m.party.code for m in votes.members_on(datetime.date(2025, 6, 1))}
    assert on == set(P5 + E10)
    later = {m.party.code for m in votes.members_on(datetime.date(2026, 6, 1))}
    # Those elected for 2024–2025 have left; the 2025–2026 ones remain.
    assert later == set(P5 + E10[1::2])


def test_a_vote_by_a_party_not_on_the_council_is_refused(council):
    outsider = make_party(code="ZZZ", name="Outsider", kind="state")
    with pytest.raises(recording.Refused, match="did not sit on the Council"):
        record_vote(
            council["version"],
            date=VOTE_DAY,
            meeting="m",
            votes={outsider: "yes"},
            citations=[council["citation"]],
        )
    with pytest.raises(recording.Refused):
        record_seat(council["parties"]["AAA"], permanent=True)
    event = cast(council, {"AAA": "yes"})
    assert Vote.objects.filter(event=event, option=VoteOption.ABSENT).count() == 14


# --- The projection ---------------------------------------------------------------------------


def statement(council, code, provision, stance, day):
    text = f"State {code} said something on {provision.title} ({stance})."
    source = make_source(text=text)
    return make_position(
        council["parties"][code],
        provision,
        make_excerpt(source, quote=text),
        stance=stance,
        stated_on=day,
    )


def test_the_projection_reads_stances_with_their_reasons(council):
    day = datetime.date(2025, 10, 10)
    statement(council, "AAA", council["whole"], "supports", day)
    statement(council, "EEE", council["whole"], "opposes", day)
    statement(council, "FFF", council["lamps"], "supports", day)
    statement(council, "GGG", council["lamps"], "opposes", day)
    statement(council, "HHH", council["whole"], "conditional", day)
    projected = votes.projection(council["negotiation"], datetime.date(2025, 10, 15))
    rows = {row.member.party.code: row for row in projected.rows}
    assert rows["AAA"].projection == "likely-yes" and "supports the text" in rows["AAA"].reason
    assert rows["EEE"].projection == "likely-no"
    assert (
        rows["FFF"].projection == "likely-yes"
        and "No stance on the whole text" in rows["FFF"].reason
    )
    assert rows["GGG"].projection == "likely-no"
    assert rows["HHH"].projection == "uncertain"
    assert rows["III"].reason == "No statement is recorded."
    assert projected.likely_yes == 2 and projected.short_of_nine == 7
    assert [r.member.party.code for r in projected.possible_vetoes] == P5[1:]


def test_the_projection_replays_as_of_a_day(council):
    statement(council, "EEE", council["whole"], "opposes", datetime.date(2025, 10, 5))
    statement(council, "EEE", council["whole"], "supports", datetime.date(2025, 10, 12))
    before = votes.projection(council["negotiation"], datetime.date(2025, 10, 8))
    after = votes.projection(council["negotiation"], datetime.date(2025, 10, 13))
    row = {r.member.party.code: r for r in before.rows}["EEE"]
    assert row.projection == "likely-no" and row.could_veto
    assert {r.member.party.code: r for r in after.rows}["EEE"].projection == "likely-yes"


def test_the_projection_page_says_it_is_no_prediction(client, council):
    url = reverse("tracker:projection", args=["veloria"])
    html = client.get(url, {"as_of": "2025-10-15"}).text
    assert "A projection from recorded statements, not a prediction" in html
    assert "0 likely yes</strong> of the 9 needed (9 short)" in html
    assert "<svg" in html and "<title" in html
    bad = client.get(url, {"as_of": "soon"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text


# --- The vote's page --------------------------------------------------------------------------


def test_the_vote_page_shows_each_vote_beside_what_was_said(client, council):
    options = dict.fromkeys(P5[:3] + E10, "yes")
    options.update(DDD="abstain", EEE="abstain")
    event = cast(council, options)
    explanation = statement(council, "DDD", council["whole"], "mixed", VOTE_DAY)
    explanation.vote_event = event
    explanation.save()
    html = client.get(event.get_absolute_url()).text
    assert "<strong>13–0–2.</strong> Adopted: 13 affirmative votes" in html
    assert "Issued as S/RES/9999 (2025)." in html
    row = html[html.index("State DDD</a>") :]
    row = row[: row.index("</tr>")]
    assert "Abstention" in row and "State DDD said something on The text as a whole" in row
    assert "Projected the day before" in html and 'aria-labelledby="seats-title seats-desc"' in html


# --- The timeline -----------------------------------------------------------------------------


def test_the_timeline_orders_what_happened_and_keeps_the_undated_apart(client, council):
    cast(council, dict.fromkeys(E10, "yes"))
    record_event(
        council["negotiation"],
        kind="meeting",
        title="The sponsor meets the elected members",
        date=datetime.date(2025, 10, 3),
        parties=[council["parties"]["AAA"]],
        citations=[council["citation"]],
    )
    statement(council, "FFF", council["lamps"], "supports", datetime.date(2025, 10, 9))
    undated = statement(council, "GGG", council["lamps"], "opposes", None)
    url = reverse("tracker:timeline", args=["veloria"])
    html = client.get(url).text
    order = [
        html.index("The draft: Final text"),
        html.index("The sponsor meets the elected members"),
        html.index("State FFF: Supports on Lamps"),
        html.index("Vote on the final text"),
    ]
    assert order == sorted(order)
    apart = html[html.index("Day not known") :]
    assert "State GGG: Opposes on Lamps" in apart and str(undated.summary) in apart
    narrowed = client.get(url, {"party": "FFF"}).text
    assert "State FFF: Supports" in narrowed and "State GGG: Opposes" not in narrowed
    assert client.get(url, {"provision": "nothing"}).status_code == 400


# --- Open formats -----------------------------------------------------------------------------


def test_votes_json_is_popolo(client, council):
    options = dict.fromkeys(P5[:3] + E10, "yes")
    options.update(DDD="abstain", EEE="abstain")
    cast(council, options)
    document = json.loads(
        client.get(reverse("tracker:export-votes-json"), {"negotiation": "veloria"}).content
    )
    (event,) = document["vote_events"]
    assert event["organization_id"] == "un-security-council"
    assert event["start_date"] == "2025-10-20" and event["result"] == "pass"
    assert event["motion"]["text"] == "The draft: Final text"
    counts = {c["option"]: c["value"] for c in event["counts"]}
    assert counts == {"yes": 13, "no": 0, "abstain": 2, "absent": 0}
    assert {"voter_id": "party-DDD", "option": "abstain"} in event["votes"]
    bad = client.get(reverse("tracker:export-votes-json"), {"negotiation": "nowhere"})
    assert bad.status_code == 400 and "There is no negotiation nowhere." in bad.text


def test_popolo_json_has_the_councils_seats_with_their_dates(client, council):
    document = json.loads(client.get(reverse("tracker:export-popolo-json")).content)
    ids = {o["id"] for o in document["organizations"]}
    assert {"un-security-council", "party-AAA"} <= ids
    seats = [
        m for m in document["memberships"] if m.get("organization_id") == "un-security-council"
    ]
    fff = next(m for m in seats if m["member"]["id"] == "party-FFF")
    assert fff["role"] == "elected member"
    assert fff["start_date"] == "2024-01-01" and fff["end_date"] == "2025-12-31"
    aaa = next(m for m in seats if m["member"]["id"] == "party-AAA")
    assert aaa["role"] == "permanent member" and "end_date" not in aaa


def test_annotations_are_w3c_web_annotations_in_pages(client, council, settings):
    source = make_source(text="State FFF welcomed the lamps plan. Nobody else spoke.")
    excerpt = make_excerpt(source, quote="State FFF welcomed the lamps plan.")
    excerpt.provisions.add(council["lamps"])
    position = make_position(council["parties"]["FFF"], council["lamps"], excerpt)
    url = reverse("tracker:export-annotations")
    collection = json.loads(client.get(url, {"negotiation": "veloria"}).content)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    page = json.loads(client.get(url, {"negotiation": "veloria", "page": 1}).content)
    assert page["type"] == "AnnotationPage"
    (annotation,) = page["items"]
    quote, where = annotation["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "State FFF welcomed the lamps plan.",
        "prefix": "",
        "suffix": excerpt.suffix,
    }
    assert where == {"type": "TextPositionSelector", "start": excerpt.start, "end": excerpt.end}
    described = [b for b in annotation["body"] if b["purpose"] == "describing"]
    assert described[0]["id"].endswith(position.get_absolute_url())
    assert client.get(url, {"negotiation": "veloria", "page": 9}).status_code == 400
    assert client.get(url, {"negotiation": "veloria", "page": "x"}).status_code == 400


def test_after_the_vote_the_projection_opens_on_its_eve(client, council):
    """Once the Council has voted, the projection shows the Council that voted and what had
    been said by the day before, not today's Council (whose elected members may have changed)."""
    cast(council, dict.fromkeys(P5 + E10, "yes"))
    url = reverse("tracker:projection", args=["veloria"])
    eve = VOTE_DAY - datetime.timedelta(days=1)
    html = client.get(url).text
    assert f"as of {eve.day} {eve:%B %Y}, the eve of the vote" in html
    assert "this is what had been said by the day before" in html
    chosen = client.get(url, {"as_of": "2025-10-15"}).text
    assert "the eve of the vote" not in chosen and "as of 15 October 2025" in chosen
