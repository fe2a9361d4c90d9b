"""Proposals from editors' examples change the vocabulary only when staff approve them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import make_party, make_provision, make_source
from tests.users import make_user
from tracker import recording
from tracker.models import (
    LinkExample,
    PartyExclusion,
    ProvisionAlias,
    ProvisionExclusion,
    Verdict,
    VocabularyProposal,
)
from tracker.recording import vocabulary
from tracker.text.linking import Linker

pytestmark = pytest.mark.django_db

LINKED = [
    "Hamas rejected the Peace Council outright.",
    "The Peace Council would oversee Gaza, the draft says.",
    "Critics say the Peace Council lacks legitimacy.",
]
LEFT_OUT = [
    "It recalls the British Mandate for Palestine.",
    "The League of Nations British Mandate ended in 1948.",
]


@pytest.fixture
def examples():
    """What editors did: linked the Board to three sentences no alias covers, and left out two
    suggestions of the mandate."""
    board = make_provision(slug="board-of-peace", aliases=["Board of Peace"])
    mandate = make_provision(slug="isf-mandate", aliases=["mandate"])
    make_party(code="GBR", name="United Kingdom", aliases=["British"])
    editor = make_user("amira")
    rows = []
    for text in LINKED:
        source = make_source(text)
        rows.append(
            LinkExample(
                source=source,
                start=0,
                end=len(text),
                text=text,
                provision=board,
                verdict=Verdict.ADDED,
                covered=False,
                created_by=editor,
            )
        )
    for text in LEFT_OUT:
        source = make_source(text)
        rows.append(
            LinkExample(
                source=source,
                start=0,
                end=len(text),
                text=text,
                provision=mandate,
                verdict=Verdict.DROPPED,
                covered=True,
                matched="Mandate",
                created_by=editor,
            )
        )
    LinkExample.objects.bulk_create(rows)
    return board, mandate


def test_proposals_wait_for_staff_and_change_nothing(examples):
    board, mandate = examples
    before = (ProvisionAlias.objects.count(), ProvisionExclusion.objects.count())
    made = vocabulary.propose()
    assert {(p.kind, p.phrase, p.label) for p in made} >= {
        ("alias", "Peace Council", board),
        ("exclusion", "British Mandate", mandate),
    }
    assert all(p.status == VocabularyProposal.Status.PENDING for p in made)
    assert (ProvisionAlias.objects.count(), ProvisionExclusion.objects.count()) == before
    assert "board-of-peace" not in {m.key for m in Linker.from_database().mentions(LINKED[0])}
    assert vocabulary.propose() == []  # the same phrases are not proposed twice


def test_approving_an_alias_adds_it_and_the_linker_finds_it(examples):
    board, _ = examples
    vocabulary.propose()
    proposal = VocabularyProposal.objects.get(phrase="Peace Council")
    staff = make_user("chief", editor=False)
    vocabulary.approve(proposal, by=staff)
    assert board.aliases.filter(phrase="Peace Council", refers_back=False).exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", staff)
    assert "board-of-peace" in {m.key for m in Linker.from_database().mentions(LINKED[0])}
    with pytest.raises(recording.Refused, match="decided already"):
        vocabulary.approve(proposal, by=staff)


def test_approving_an_exclusion_blocks_the_match(examples):
    _, mandate = examples
    vocabulary.propose()
    text = "It recalls the British Mandate for Palestine."
    assert {m.key for m in Linker.from_database().mentions(text)} >= {"isf-mandate"}
    proposal = VocabularyProposal.objects.get(phrase="British Mandate", provision=mandate)
    vocabulary.approve(proposal, by=None)
    assert mandate.exclusions.filter(phrase="British Mandate").exists()
    assert "isf-mandate" not in {m.key for m in Linker.from_database().mentions(text)}
    assert not PartyExclusion.objects.exists()  # the party's own exclusion is its own decision


def test_a_rejected_proposal_is_set_aside_for_good(examples):
    vocabulary.propose()
    proposal = VocabularyProposal.objects.get(phrase="Peace Council")
    vocabulary.reject(proposal, by=None)
    assert not ProvisionAlias.objects.filter(phrase="Peace Council").exists()
    assert vocabulary.propose() == []


def test_staff_approve_in_the_admin(client, examples):
    board, _ = examples
    staff = get_user_model().objects.create_superuser("chief", "c@example.org", "pw")
    client.force_login(staff)
    listing = reverse("admin:tracker_linkexample_changelist")
    uncovered = client.get(listing, {"shows": "uncovered"})
    assert uncovered.status_code == 200 and "Peace Council would oversee" in uncovered.text
    first = LinkExample.objects.first()
    client.post(listing, {"action": "propose_from_examples", "_selected_action": [first.pk]})
    proposal = VocabularyProposal.objects.get(phrase="Peace Council")
    client.post(
        reverse("admin:tracker_vocabularyproposal_changelist"),
        {"action": "approve", "_selected_action": [proposal.pk]},
    )
    assert board.aliases.filter(phrase="Peace Council").exists()


def test_the_command_lists_what_it_proposed(examples, capsys):
    call_command("propose_vocabulary")
    out = capsys.readouterr().out
    assert "New alias: “Peace Council” for" in out and "New exclusion: “British Mandate”" in out
    assert not ProvisionAlias.objects.filter(phrase="Peace Council").exists()
