"""Suggested positions: stance cues as whole words, which excerpts qualify, and the page where
editors confirm (the position form, pre-filled) or dismiss them; nothing is published."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker import roles
from tracker.models import DismissedSuggestion, Position, ReviewStatus, Stance
from tracker.text.suggesting import CUES, find_cues, suggestions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruritania objected to the mandate.", [("objected", Stance.OPPOSES)]),
        ("It WILL NOT  TOLERATE foreign troops.", [("will not tolerate", Stance.OPPOSES)]),
        ("They will back it only if it is reviewed.", [("only if", Stance.CONDITIONAL)]),
        ("The council welcomed the plan.", [("welcomed", Stance.SUPPORTS)]),
        ("Ruritania calls for changes.", [("calls for", Stance.SEEKS_AMENDMENT)]),
        # Whole words only.
        ("The backstop and unwelcomed ideas; supportsmanship.", []),
        ("Nothing to see here.", []),
    ],
)
def test_cues_are_whole_words_with_a_default_stance(text, expected):
    assert [(c.phrase, c.stance) for c in find_cues(text)] == expected


def test_every_cue_has_a_stance_from_the_fixed_list():
    assert CUES and all(stance in Stance.values for stance in CUES.values())
    for phrase in CUES:
        assert [c.phrase for c in find_cues(f"x {phrase} y")] == [phrase]


@pytest.fixture
def world():
    provision = make_provision(slug="mandate", title="The mandate")
    other = make_provision(slug="oversight", title="Oversight")
    party = make_party(code="RUR", name="Ruritania")
    source = make_source(
        text="Ruritania objected to the mandate. Ruritania discussed the mandate. Oversight.",
        status=ReviewStatus.PENDING,
    )
    cued = make_excerpt(source, quote="Ruritania objected to the mandate.")
    cued.parties.add(party)
    cued.provisions.add(provision, other)
    plain = make_excerpt(source, quote="Ruritania discussed the mandate.")
    plain.parties.add(party)
    plain.provisions.add(provision)
    return {"provision": provision, "other": other, "party": party, "cued": cued}


def test_suggestions_need_a_party_a_provision_a_cue_and_no_citing_position(world):
    found = suggestions()
    assert [(s.excerpt, s.party.code, s.provision.slug) for s in found] == [
        (world["cued"], "RUR", "mandate"),
        (world["cued"], "RUR", "oversight"),
    ]
    assert found[0].stance == Stance.OPPOSES
    make_position(world["party"], world["provision"], world["cued"], stance="mixed")
    assert [s.provision.slug for s in suggestions()] == ["oversight"]
    assert suggestions(dismissed={found[1].key}) == []


def test_the_page_lists_suggestions_with_confirm_and_dismiss(client, editor, world):
    html = client.get(reverse("tracker:suggestions")).text
    assert "2 suggestions." in html
    assert "Ruritania <mark>objected</mark> to the mandate." in html
    confirm = (
        f"/sources/{world['cued'].source_id}/positions/new/?excerpt={world['cued'].pk}"
        "&amp;party=RUR&amp;provision=mandate&amp;stance=opposes"
    )
    assert f'href="{confirm}"' in html
    # The source is pending, and the page says so.
    assert '<span class="badge pending">Pending review</span>' in html
    # Confirming opens the position form, pre-filled; nothing is stored until it is saved.
    form = client.get(confirm.replace("&amp;", "&")).text
    assert '<option value="opposes" selected>' in form
    assert not Position.objects.exists()


def test_dismissing_hides_a_suggestion_from_every_editor(client, editor, world):
    data = {"excerpt": world["cued"].pk, "party": "RUR", "provision": "mandate"}
    response = client.post(
        reverse("tracker:suggestion-dismiss"), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response.text == ""
    html = client.get(reverse("tracker:suggestions")).text
    assert "1 suggestion; 1 dismissed by editors." in html
    assert "provision=mandate" not in html and "provision=oversight" in html
    dismissal = DismissedSuggestion.objects.get()
    assert (dismissal.party.code, dismissal.provision.slug, dismissal.dismissed_by) == (
        "RUR",
        "mandate",
        editor,
    )
    # Another editor, in another session, does not see it either.
    colleague = get_user_model().objects.create_user("jonas", password="x")
    colleague.groups.add(Group.objects.get(name=roles.EDITORS))
    other = Client()
    other.force_login(colleague)
    assert "provision=mandate" not in other.get(reverse("tracker:suggestions")).text
    # Without htmx: back to the list.
    data["provision"] = "oversight"
    response = client.post(reverse("tracker:suggestion-dismiss"), data)
    assert response.status_code == 302 and response.url == reverse("tracker:suggestions")
    assert "No suggestions" in client.get(reverse("tracker:suggestions")).text
    assert not Position.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"excerpt": "x", "party": "RUR", "provision": "mandate"},
        {"excerpt": "999999", "party": "RUR", "provision": "mandate"},
        {"excerpt": "1", "party": "<script>", "provision": "mandate"},
        {"excerpt": "²", "party": "RUR", "provision": "mandate"},
    ],
)
def test_dismissing_something_unknown_is_refused(client, editor, world, data):
    response = client.post(reverse("tracker:suggestion-dismiss"), data)
    assert response.status_code == 400
    assert response.text == "That suggestion is not known."
    assert not DismissedSuggestion.objects.exists()


def test_suggestions_never_reach_the_public(client, world):
    assert client.get(reverse("tracker:suggestions")).status_code == 302
    assert "objected" not in client.get(scoped_url("overview")).text


@pytest.mark.parametrize(
    "text",
    [
        "Hamas said it will not disarm.",
        "Ruritania has not backed the mandate.",
        "There is no firm support for the mandate.",
        "Ruritania never welcomed the mandate.",
        "Ruritania backed out of the mandate talks.",
        "The US-backed mandate was discussed.",
    ],
)
def test_words_that_deny_or_only_look_like_a_stance_are_no_cue(text):
    assert [c.phrase for c in find_cues(text)] == []


@pytest.fixture
def two_parties():
    provision = make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    ruritania = make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])
    veloria = make_party(code="VEL", name="Veloria", aliases=["Veloria", "Velorian"])
    kordia = make_party(code="KOR", name="Kordia", aliases=["Kordia"])
    return provision, ruritania, veloria, kordia


def cued(text, provision, *parties):
    source = make_source(text=text)
    excerpt = make_excerpt(source, quote=text)
    excerpt.parties.add(*parties)
    excerpt.provisions.add(provision)
    return excerpt


def credited_codes():
    return sorted({(s.party.code, s.stance) for s in suggestions()})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The subject, not the party its stance is about.
        ("Ruritania objected to Veloria's role in the mandate.", [("RUR", "opposes")]),
        # The party that speaks.
        ("“We welcome the mandate,” Ruritania said.", []),  # no cue: "welcome" is none
        ("“We are ready to take on the mandate,” Ruritania said.", [("RUR", "supports")]),
        ("Veloria welcomed the mandate, Ruritania said.", [("VEL", "supports")]),
        ("Ruritania said Veloria objected to the mandate.", [("VEL", "opposes")]),
        ("According to Kordia, the mandate was welcomed.", [("KOR", "supports")]),
        # The agent of a passive.
        ("The mandate is supported by Kordia.", [("KOR", "supports")]),
        # Parties joined together share it.
        ("Ruritania and Veloria rejected the mandate.", [("RUR", "opposes"), ("VEL", "opposes")]),
        # Denied: nothing.
        ("Ruritania has not backed the mandate of Veloria.", []),
    ],
)
def test_a_suggestion_credits_the_party_the_stance_words_are_about(two_parties, text, expected):
    provision, *parties = two_parties
    cued(text, provision, *parties)
    assert credited_codes() == expected


def test_one_sentence_yields_one_suggestion_per_party_and_provision(two_parties):
    provision, ruritania, veloria, _kordia = two_parties
    cued("Ruritania welcomed and backed the mandate, and supported it.", provision, ruritania)
    [suggestion] = suggestions()
    assert [c.phrase for c in suggestion.cues] == ["welcomed", "backed", "supported"]


def test_an_editor_dismisses_several_at_once(client, editor, two_parties):
    provision, ruritania, veloria, kordia = two_parties
    other = make_provision(slug="oversight", title="Oversight", aliases=["oversight"])
    first = cued("Ruritania rejected the mandate and the oversight.", provision, ruritania)
    first.provisions.add(other)
    cued("Veloria welcomed the mandate.", provision, veloria)
    html = client.get(reverse("tracker:suggestions")).text
    assert "3 suggestions." in html
    # The sentence shows once, with its two suggestions under it, each with a box to tick.
    assert html.count("Ruritania <mark>rejected</mark> the mandate and the oversight.") == 1
    assert f'name="chosen" value="{first.pk}:RUR:mandate" form="dismiss-ticked"' in html
    assert "Dismiss the ticked suggestions" in html
    response = client.post(
        reverse("tracker:suggestions-dismiss-ticked"),
        {"chosen": [f"{first.pk}:RUR:mandate", f"{first.pk}:RUR:oversight"]},
    )
    assert response.status_code == 302
    html = client.get(reverse("tracker:suggestions")).text
    assert "1 suggestion; 2 dismissed by editors." in html
    assert set(DismissedSuggestion.objects.values_list("party__code", "provision__slug")) == {
        ("RUR", "mandate"),
        ("RUR", "oversight"),
    }


def test_dismissing_several_with_one_unknown_changes_nothing(client, editor, two_parties):
    provision, ruritania, *_ = two_parties
    excerpt = cued("Ruritania rejected the mandate.", provision, ruritania)
    response = client.post(
        reverse("tracker:suggestions-dismiss-ticked"),
        {"chosen": [f"{excerpt.pk}:RUR:mandate", f"{excerpt.pk}:RUR:no-such-provision"]},
    )
    assert response.status_code == 400 and response.text == "That suggestion is not known."
    assert not DismissedSuggestion.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        # A name in a compound describes something else.
        "The Ruritania-brokered plan also calls for a new mandate.",
        # A list after a preposition is an object, every name in it.
        "They vowed to resist any presence from Ruritania, Veloria, or Kordia, which have "
        "supported the mandate.",
    ],
)
def test_a_compound_or_an_object_is_not_credited(two_parties, text):
    provision, *parties = two_parties
    cued(text, provision, *parties)
    assert credited_codes() == []
