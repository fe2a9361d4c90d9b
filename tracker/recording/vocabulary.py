"""Proposing new aliases and exclusions from what editors linked and left out, and deciding on
them. A proposal changes nothing: only `approve`, a person's decision, adds its phrase to the
vocabulary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.models import (
    LinkExample,
    PartyAlias,
    PartyExclusion,
    ProvisionAlias,
    ProvisionExclusion,
    Verdict,
    VocabularyProposal,
)
from tracker.recording.changes import attribute
from tracker.recording.refusals import Refused
from tracker.text.proposals import alias_candidates, exclusion_candidates

Editor = User | None
Label = tuple[int | None, int | None]  # (provision id, party id)
PhraseModel = (
    type[ProvisionAlias] | type[ProvisionExclusion] | type[PartyAlias] | type[PartyExclusion]
)

# (owner, proposal kind) -> the model its phrase goes into, and the field naming the owner.
_PHRASES: dict[tuple[str, str], tuple[PhraseModel, str]] = {
    ("provision", VocabularyProposal.Kind.ALIAS): (ProvisionAlias, "provision"),
    ("provision", VocabularyProposal.Kind.EXCLUSION): (ProvisionExclusion, "provision"),
    ("party", VocabularyProposal.Kind.ALIAS): (PartyAlias, "party"),
    ("party", VocabularyProposal.Kind.EXCLUSION): (PartyExclusion, "party"),
}


def _known_phrases() -> dict[tuple[str, Label], set[str]]:
    """Phrases already in the vocabulary or already proposed, by (kind, label), in lower case."""
    known: dict[tuple[str, Label], set[str]] = defaultdict(set)
    for (owner, kind), (model, field) in _PHRASES.items():
        for owner_id, phrase in model.objects.values_list(f"{field}_id", "phrase"):
            label = (owner_id, None) if owner == "provision" else (None, owner_id)
            known[(kind, label)].add(phrase.lower())
    for kind, provision_id, party_id, phrase in VocabularyProposal.objects.values_list(
        "kind", "provision_id", "party_id", "phrase"
    ):
        known[(kind, (provision_id, party_id))].add(phrase.lower())
    return known


def _distinct(examples: Iterable[LinkExample]) -> list[LinkExample]:
    """One example per span and verdict (several positions may cite the same words)."""
    seen, kept = set(), []
    for example in examples:
        key = (example.source_id, example.start, example.end, example.verdict)
        if key not in seen:
            seen.add(key)
            kept.append(example)
    return kept


def propose() -> list[VocabularyProposal]:
    """New pending proposals from every example: aliases from the words editors linked that no
    alias covers, exclusions from the words around matches they left out. A phrase already in
    the vocabulary, or proposed before (whatever was decided), is not proposed again."""
    examples = list(LinkExample.objects.order_by("pk"))
    by_label: dict[Label, list[LinkExample]] = defaultdict(list)
    for example in examples:
        by_label[(example.provision_id, example.party_id)].append(example)
    spans = {(e.source_id, e.start, e.end): e.text for e in examples}
    known = _known_phrases()
    made = []
    with transaction.atomic():
        for label, rows in by_label.items():
            linked_spans = {
                (e.source_id, e.start, e.end)
                for e in rows
                if e.verdict in (Verdict.KEPT, Verdict.ADDED)
            }
            uncovered = _distinct(e for e in rows if e.verdict == Verdict.ADDED and not e.covered)
            not_linked = [text for span, text in spans.items() if span not in linked_spans]
            aliases = alias_candidates([e.text for e in uncovered], not_linked)
            dropped = _distinct(e for e in rows if e.verdict == Verdict.DROPPED and e.matched)
            kept = [spans[span] for span in linked_spans]
            exclusions = exclusion_candidates([(e.text, e.matched) for e in dropped], kept)
            for kind, candidates, support in (
                (VocabularyProposal.Kind.ALIAS, aliases, uncovered),
                (VocabularyProposal.Kind.EXCLUSION, exclusions, dropped),
            ):
                for candidate in candidates:
                    if candidate.phrase.lower() in known[(kind, label)]:
                        continue
                    known[(kind, label)].add(candidate.phrase.lower())
                    proposal = VocabularyProposal.objects.create(
                        kind=kind,
                        phrase=candidate.phrase,
                        provision_id=label[0],
                        party_id=label[1],
                        support=candidate.support,
                        against=candidate.against,
                    )
                    proposal.examples.set([support[i] for i in candidate.examples])
                    made.append(proposal)
    return made


def _decide(proposal: VocabularyProposal, status: str, by: Editor) -> None:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


def approve(proposal: VocabularyProposal, *, by: Editor) -> None:
    """Add the proposal's phrase to the vocabulary, as an alias or an exclusion of its provision
    or party, and mark it approved: one transaction. Refused if it was decided already or the
    phrase cannot be matched."""
    with transaction.atomic():
        proposal = VocabularyProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != VocabularyProposal.Status.PENDING:
            raise Refused(
                f"“{proposal.phrase}” was decided already: {proposal.get_status_display()}."
            )
        owner = "provision" if proposal.provision_id else "party"
        model, field = _PHRASES[(owner, proposal.kind)]
        row = model(phrase=proposal.phrase, **{f"{field}_id": getattr(proposal, f"{field}_id")})
        try:
            row.clean()
        except ValidationError as error:
            raise Refused(f"“{proposal.phrase}”: {' '.join(error.messages)}") from None
        if not model.objects.filter(
            phrase=row.phrase, **{f"{field}_id": getattr(proposal, f"{field}_id")}
        ).exists():
            attribute(row, by)
            row.save()
        _decide(proposal, VocabularyProposal.Status.APPROVED, by)


def reject(proposal: VocabularyProposal, *, by: Editor) -> None:
    """Set the proposal aside; it is not proposed again."""
    with transaction.atomic():
        proposal = VocabularyProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != VocabularyProposal.Status.PENDING:
            raise Refused(
                f"“{proposal.phrase}” was decided already: {proposal.get_status_display()}."
            )
        _decide(proposal, VocabularyProposal.Status.REJECTED, by)
