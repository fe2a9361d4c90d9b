"""The write side of the Council and its votes: seats with their terms, the events between the
texts, and a recorded vote, checked against who sat on the Council that day."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.db import transaction

from tracker.models import (
    Citation,
    CouncilSeat,
    DatePrecision,
    Event,
    EventKind,
    Negotiation,
    Party,
    Version,
    Vote,
    VoteEvent,
    VoteOption,
)
from tracker.reading.votes import members_on
from tracker.recording.refusals import Refused


def record_seat(
    party: Party,
    *,
    permanent: bool = False,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    citations: Sequence[Citation] = (),
) -> CouncilSeat:
    """A seat on the Council: permanent, or elected from `start` to `end`."""
    if not permanent and not (start and end and end > start):
        raise Refused(f"{party}'s elected seat needs a start and an end after it.")
    existing = CouncilSeat.objects.filter(party=party)
    if permanent and existing.filter(permanent=True).exists():
        raise Refused(f"{party} already has a permanent seat.", code=Refused.DUPLICATE)
    if not permanent:
        overlapping = existing.filter(permanent=False, start__lte=end, end__gte=start)
        if overlapping.exists():
            raise Refused(f"{party} already sits on the Council then.", code=Refused.DUPLICATE)
    with transaction.atomic():
        seat = CouncilSeat.objects.create(party=party, permanent=permanent, start=start, end=end)
        seat.citations.set(citations)
    return seat


def record_event(
    negotiation: Negotiation,
    *,
    kind: str,
    title: str,
    citations: Sequence[Citation],
    date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    description: str = "",
    parties: Sequence[Party] = (),
) -> Event:
    """A meeting or a statement in the negotiation, with the sources that report it."""
    if kind not in EventKind.values:
        raise Refused(f"{kind!r} is not a kind of event.", field="kind")
    if not citations:
        raise Refused("An event needs the source that reports it.", field="citations")
    with transaction.atomic():
        event = Event.objects.create(
            negotiation=negotiation,
            kind=kind,
            title=title,
            date=date,
            date_precision=date_precision,
            description=" ".join(description.split()),
        )
        event.parties.set(parties)
        event.citations.set(citations)
    return event


def record_vote(
    version: Version,
    *,
    date: datetime.date,
    meeting: str,
    votes: Mapping[Party, str],
    citations: Sequence[Citation],
    meeting_record: str = "",
) -> VoteEvent:
    """The Council's vote on `version`: each member's vote, checked against who sat on the
    Council that day (a party that did not cannot vote; a member with no vote given is
    recorded as not participating)."""
    if not citations:
        raise Refused("A vote needs the source that records it.", field="citations")
    members = {m.party.pk: m for m in members_on(date)}
    if not members:
        raise Refused(f"No Council membership is recorded for {date:%d %b %Y}.")
    outsiders = [p.name for p in votes if p.pk not in members]
    if outsiders:
        raise Refused(
            f"{', '.join(outsiders)} did not sit on the Council on {date:%d %b %Y}, so cannot "
            "have voted."
        )
    wrong = [o for o in votes.values() if o not in VoteOption.values]
    if wrong:
        raise Refused(f"{wrong[0]!r} is not a way to vote.")
    with transaction.atomic():
        event = VoteEvent.objects.create(
            version=version, date=date, meeting=meeting, meeting_record=meeting_record
        )
        event.citations.set(citations)
        given = {p.pk: o for p, o in votes.items()}
        Vote.objects.bulk_create(
            [
                Vote(
                    event=event,
                    party=member.party,
                    option=given.get(party_id, VoteOption.ABSENT),
                )
                for party_id, member in members.items()
            ]
        )
    return event
