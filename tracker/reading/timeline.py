"""The negotiation in order: versions circulated, the changes reported in them, stances as they
were stated, meetings and statements, and the vote, each with where its evidence is. Undated
items are listed apart, never placed on a guessed day."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Coalesce

from tracker.models import (
    Event,
    Negotiation,
    Party,
    Position,
    Provision,
    ReportedChange,
    Version,
    VoteEvent,
    date_label,
)

KIND_ORDER = {"version": 0, "change": 1, "event": 2, "vote": 3, "position": 4}


@dataclass
class Item:
    day: datetime.date | None
    precision: str
    kind: str
    title: str
    url: str
    detail: str = ""
    record: Any = None
    citations: list[Any] = field(default_factory=list)

    @property
    def when(self) -> str:
        return date_label(self.day, self.precision)


@dataclass
class Timeline:
    days: list[tuple[datetime.date, list[Item]]]
    undated: list[Item]

    @property
    def items(self) -> list[Item]:
        return [item for _day, items in self.days for item in items]


def timeline(
    negotiation: Negotiation, party: Party | None = None, provision: Provision | None = None
) -> Timeline:
    """Everything dated in the negotiation, by day (what is known only to its week or month
    stands on its first day, and says so); a party or provision narrows the stances, changes
    and events to it."""
    items: list[Item] = []
    versions = list(
        Version.objects.filter(draft__negotiation=negotiation)
        .select_related("draft__negotiation", "draft__sponsor")
        .prefetch_related("citations")
    )
    for version in versions:
        if party is not None and version.draft.sponsor_id != party.pk:
            continue
        items.append(
            Item(
                version.circulated_on,
                version.date_precision,
                "version",
                f"{version.draft.title}: {version.label}",
                version.get_absolute_url(),
                version.get_status_display(),
                version,
                list(version.citations.all()),
            )
        )
    changes = ReportedChange.objects.filter(version__in=versions).select_related(
        "provision", "version__draft__negotiation"
    )
    if provision is not None:
        changes = changes.filter(provision=provision)
    if party is None:
        for change in changes.prefetch_related("citations"):
            items.append(
                Item(
                    change.version.circulated_on,
                    change.version.date_precision,
                    "change",
                    f"{change.get_kind_display()}: {change.provision.title}",
                    change.version.get_absolute_url(),
                    change.description,
                    change,
                    list(change.citations.all()),
                )
            )
    events = Event.objects.filter(negotiation=negotiation).prefetch_related("citations", "parties")
    if party is not None:
        events = events.filter(parties=party)
    for event in events:
        items.append(
            Item(
                event.date,
                event.date_precision,
                "event",
                event.title,
                "",
                event.description,
                event,
                list(event.citations.all()),
            )
        )
    for vote in (
        VoteEvent.objects.filter(version__in=versions)
        .select_related("version__draft__negotiation")
        .prefetch_related("citations")
    ):
        items.append(
            Item(
                vote.date,
                "day",
                "vote",
                f"Vote on the {vote.version.label.lower()}",
                vote.get_absolute_url(),
                vote.meeting,
                vote,
                list(vote.citations.all()),
            )
        )
    positions = (
        Position.objects.visible()
        .filter(provision__negotiation=negotiation)
        .annotate(day=Coalesce("stated_on", "excerpt__source__published_on"))
        .select_related("party", "provision", "excerpt__source")
    )
    if party is not None:
        positions = positions.filter(party=party)
    if provision is not None:
        positions = positions.filter(provision=provision)
    for position in positions:
        items.append(
            Item(
                position.day,
                "day",
                "position",
                f"{position.party.name}: {position.get_stance_display()} on "
                f"{position.provision.title}",
                position.excerpt.get_absolute_url(),
                position.summary,
                position,
            )
        )
    dated: dict[datetime.date, list[Item]] = defaultdict(list)
    undated = []
    for item in items:
        (dated[item.day] if item.day else undated).append(item)
    days = [
        (day, sorted(dated[day], key=lambda i: (KIND_ORDER[i.kind], i.title)))
        for day in sorted(dated)
    ]
    return Timeline(days, sorted(undated, key=lambda i: (KIND_ORDER[i.kind], i.title)))
