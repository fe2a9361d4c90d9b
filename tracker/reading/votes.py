"""Will it pass, and who voted how: the Council's rule, who sits on the Council on a day, the
recorded vote, and the projection from recorded statements.

The rule (Article 27(3) of the Charter): a substantive decision needs nine affirmative votes,
and no permanent member voting against it; an abstention, or not taking part, is not a veto.

The projection is the tracker's reading of what members said, not a prediction in its own
voice: each member's current stance on the text as a whole (or, where there is none, on its
provisions) is read as likely yes, likely no, or uncertain, with the reason.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from tracker.models import (
    CouncilSeat,
    Negotiation,
    Party,
    Position,
    ProvisionCategory,
    Stance,
    Vote,
    VoteEvent,
    VoteOption,
)

AFFIRMATIVE_VOTES_NEEDED = 9

LIKELY_YES, LIKELY_NO, UNCERTAIN = "likely-yes", "likely-no", "uncertain"
PROJECTION_LABELS = {
    LIKELY_YES: "Likely yes",
    LIKELY_NO: "Likely no",
    UNCERTAIN: "Uncertain",
}


@dataclass(frozen=True)
class Member:
    party: Party
    permanent: bool


def members_on(day: datetime.date, seats: Iterable[CouncilSeat] | None = None) -> list[Member]:
    """The Council's members on `day`: the permanent members and the elected members whose
    term covers it, in the order parties are listed."""
    if seats is None:
        seats = CouncilSeat.objects.select_related("party")
    members = {
        seat.party_id: Member(seat.party, seat.permanent) for seat in seats if seat.holds_on(day)
    }
    return sorted(members.values(), key=lambda m: (not m.permanent, m.party.name))


@dataclass
class Outcome:
    """A vote's result under the Council's rule, and why."""

    yes: int
    no: int
    abstain: int
    absent: int
    vetoed_by: list[Party] = field(default_factory=list)

    @property
    def adopted(self) -> bool:
        return self.yes >= AFFIRMATIVE_VOTES_NEEDED and not self.vetoed_by

    @property
    def reason(self) -> str:
        if self.vetoed_by:
            names = ", ".join(p.name for p in self.vetoed_by)
            return f"Not adopted: a permanent member voted against it ({names})."
        if self.yes < AFFIRMATIVE_VOTES_NEEDED:
            return (
                f"Not adopted: {self.yes} affirmative votes, fewer than the "
                f"{AFFIRMATIVE_VOTES_NEEDED} needed."
            )
        return (
            f"Adopted: {self.yes} affirmative votes (at least {AFFIRMATIVE_VOTES_NEEDED} are "
            "needed) and no permanent member against it."
        )

    @property
    def tally(self) -> str:
        return f"{self.yes}–{self.no}–{self.abstain}"


def council_rule(votes: Sequence[tuple[Party, str]], permanent: set[int]) -> Outcome:
    """The result of `votes` ((party, option)) when `permanent` holds the permanent members'
    party ids."""
    count: dict[str, int] = defaultdict(int)
    vetoed_by = []
    for party, option in votes:
        count[option] += 1
        if option == VoteOption.NO and party.pk in permanent:
            vetoed_by.append(party)
    return Outcome(
        yes=count[VoteOption.YES],
        no=count[VoteOption.NO],
        abstain=count[VoteOption.ABSTAIN],
        absent=count[VoteOption.ABSENT],
        vetoed_by=vetoed_by,
    )


@dataclass
class RecordedVote:
    event: VoteEvent
    rows: list[tuple[Member, Vote | None, list[Position]]]
    outcome: Outcome


def recorded_vote(event: VoteEvent) -> RecordedVote:
    """Each member that day with its vote and the explanations of vote recorded for it."""
    members = members_on(event.date)
    votes = {v.party_id: v for v in event.votes.select_related("party")}
    explanations = defaultdict(list)
    for position in (
        Position.objects.visible()
        .filter(vote_event=event)
        .select_related("party", "provision", "excerpt__source")
    ):
        explanations[position.party_id].append(position)
    permanent = {m.party.pk for m in members if m.permanent}
    rows = [(m, votes.get(m.party.pk), explanations[m.party.pk]) for m in members]
    outcome = council_rule([(v.party, v.option) for v in votes.values()], permanent)
    return RecordedVote(event, rows, outcome)


@dataclass
class Projected:
    member: Member
    projection: str
    reason: str
    evidence: list[Position] = field(default_factory=list)

    @property
    def label(self) -> str:
        return PROJECTION_LABELS[self.projection]

    @property
    def could_veto(self) -> bool:
        return self.member.permanent and self.projection != LIKELY_YES


@dataclass
class Projection:
    day: datetime.date
    rows: list[Projected]

    def count(self, projection: str) -> int:
        return sum(1 for row in self.rows if row.projection == projection)

    @property
    def likely_yes(self) -> int:
        return self.count(LIKELY_YES)

    @property
    def likely_no(self) -> int:
        return self.count(LIKELY_NO)

    @property
    def uncertain(self) -> int:
        return self.count(UNCERTAIN)

    @property
    def short_of_nine(self) -> int:
        return max(0, AFFIRMATIVE_VOTES_NEEDED - self.likely_yes)

    @property
    def possible_vetoes(self) -> list[Projected]:
        return [row for row in self.rows if row.could_veto]


WHOLE_TEXT_READING = {
    Stance.SUPPORTS: (LIKELY_YES, "said it supports the text"),
    Stance.OPPOSES: (LIKELY_NO, "said it opposes the text"),
    Stance.CONDITIONAL: (UNCERTAIN, "said its support depends on conditions"),
    Stance.SEEKS_AMENDMENT: (UNCERTAIN, "said it wants the text changed"),
    Stance.UNDECIDED: (UNCERTAIN, "said it has not decided"),
    Stance.MIXED: (UNCERTAIN, "said things both for and against the text"),
}


def _reading(member: Member, positions: list[Position]) -> Projected:
    whole = [p for p in positions if p.provision.category == ProvisionCategory.WHOLE_TEXT]
    if whole:
        position = whole[0]
        projection, said = WHOLE_TEXT_READING[Stance(position.stance)]
        return Projected(member, projection, f"{member.party.name} {said}.", [position])
    if not positions:
        return Projected(member, UNCERTAIN, "No statement is recorded.", [])
    stances = {p.stance for p in positions}
    titles = ", ".join(sorted({p.provision.title for p in positions}))
    if stances == {Stance.SUPPORTS}:
        reason = f"No stance on the whole text; it supports every provision it spoke on ({titles})."
        return Projected(member, LIKELY_YES, reason, positions)
    if stances == {Stance.OPPOSES}:
        reason = f"No stance on the whole text; it opposes every provision it spoke on ({titles})."
        return Projected(member, LIKELY_NO, reason, positions)
    reason = f"No stance on the whole text; its stances on provisions differ ({titles})."
    return Projected(member, UNCERTAIN, reason, positions)


def projection(negotiation: Negotiation, day: datetime.date) -> Projection:
    """The projected vote of the Council's members on `day`, from their current stances as of
    that day (positions stated by then; undated ones are left out of a replay, as in the
    matrix; today's uses every current position)."""
    members = members_on(day)
    today = day >= timezone.localdate()
    current = Position.objects.current(as_of=None if today else day).filter(
        provision__negotiation=negotiation, party__in=[m.party for m in members]
    )
    positions = defaultdict(list)
    for position in current.select_related("provision", "party", "excerpt__source").order_by(
        "provision__display_order"
    ):
        positions[position.party_id].append(position)
    return Projection(day, [_reading(m, positions[m.party.pk]) for m in members])
