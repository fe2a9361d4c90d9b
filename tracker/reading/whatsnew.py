"""What's new, for readers: the latest published positions, excerpts, sources, versions and
votes, newest first, grouped by the day they were recorded. Each position is shown with the
party's position on the same provision recorded before it ("from → to"). Only published,
standing records; excerpts the linker made are left out unless asked for.

Each kind is read with a bound (LIMIT per kind), so the page does the same bounded work
however large the record grows; the previous positions of the listed pairs take one query more.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from tracker.models import Excerpt, Party, Position, Provision, Source, VoteEvent
from tracker.models.negotiations import Version
from tracker.models.sources import MadeBy

LIMIT = 60  # the latest of each kind; merged, the page shows the latest LIMIT of them all

KINDS = [
    ("position", "Positions"),
    ("excerpt", "Excerpts"),
    ("source", "Sources"),
    ("version", "Versions of the texts"),
    ("vote", "Votes"),
]


class ChangesFilters(forms.Form):
    """?party=CODE&provision=slug&kind=position&kind=…&machine=1, all optional."""

    party = forms.ChoiceField(required=False, label="Party")
    provision = forms.ChoiceField(required=False, label="Provision")
    kind = forms.MultipleChoiceField(
        required=False,
        choices=KINDS,
        label="Kind of record",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "%(value)s is not a kind of record listed here."},
    )
    machine = forms.BooleanField(
        required=False,
        label="Include excerpts found by the linker (machine-made)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        provision = self.fields["provision"]
        assert isinstance(party, forms.ChoiceField) and isinstance(provision, forms.ChoiceField)
        party.choices = [("", "Any party")] + [
            (p.code, p.name) for p in Party.objects.in_display_order()
        ]
        party.error_messages["invalid_choice"] = "There is no party with code %(value)s."
        provision.choices = [("", "Any provision")] + [
            (p.slug, p.title)
            for p in Provision.objects.order_by("negotiation__title", "display_order", "slug")
        ]
        provision.error_messages["invalid_choice"] = "There is no provision with slug %(value)s."


@dataclass
class Item:
    kind: str
    when: datetime.datetime
    record: Any
    previous: Any = None  # a position's: the party's position on it recorded before


@dataclass
class Day:
    day: datetime.date
    items: list[Item]


def whats_new(filters: ChangesFilters) -> tuple[list[Day], datetime.datetime | None]:
    """The latest items within valid `filters`, grouped by day, newest first, and when the
    newest of them was recorded."""
    data = filters.cleaned_data
    kinds = set(data.get("kind") or [k for k, _ in KINDS])
    party, provision = data.get("party"), data.get("provision")
    narrowed = bool(party or provision)
    items: list[Item] = []
    if "position" in kinds:
        items += _positions(party, provision)
    if "excerpt" in kinds:
        items += _excerpts(party, provision, machine=data.get("machine"))
    # Sources, versions and votes are about no one party or provision.
    if not narrowed:
        if "source" in kinds:
            sources = Source.objects.visible().defer("text").order_by("-created_at", "-pk")
            items += [Item("source", s.created_at, s) for s in sources[:LIMIT]]
        if "version" in kinds:
            versions = Version.objects.select_related("draft__negotiation").order_by(
                "-created_at", "-pk"
            )
            items += [Item("version", v.created_at, v) for v in versions[:LIMIT]]
        if "vote" in kinds:
            votes = VoteEvent.objects.select_related("version__draft__negotiation").order_by(
                "-created_at", "-pk"
            )
            items += [Item("vote", v.created_at, v) for v in votes[:LIMIT]]
    items.sort(key=lambda item: (item.when, item.kind == "position"), reverse=True)
    items = items[:LIMIT]
    days: list[Day] = []
    for item in items:
        day = timezone.localtime(item.when).date()
        if not days or days[-1].day != day:
            days.append(Day(day, []))
        days[-1].items.append(item)
    return days, (items[0].when if items else None)


def _positions(party: str | None, provision: str | None) -> list[Item]:
    positions = Position.objects.visible().select_related("party", "provision", "excerpt__source")
    if party:
        positions = positions.filter(party__code=party)
    if provision:
        positions = positions.filter(provision__slug=provision)
    latest = list(positions.order_by("-recorded_at", "-pk")[:LIMIT])
    # The positions recorded before them on the same pairs, in one query.
    pairs = {(p.party_id, p.provision_id) for p in latest}
    earlier: dict[tuple[int, int], list[Position]] = {}
    if pairs:
        for other in (
            Position.objects.visible()
            .filter(party_id__in={a for a, _ in pairs}, provision_id__in={b for _, b in pairs})
            .filter(recorded_at__lte=max(p.recorded_at for p in latest))
            .only("pk", "party_id", "provision_id", "stance", "attribution", "recorded_at")
            .order_by("recorded_at", "pk")
        ):
            if (other.party_id, other.provision_id) in pairs:
                earlier.setdefault((other.party_id, other.provision_id), []).append(other)
    items = []
    for position in latest:
        before = [
            other
            for other in earlier.get((position.party_id, position.provision_id), [])
            if (other.recorded_at, other.pk) < (position.recorded_at, position.pk)
        ]
        items.append(
            Item("position", position.recorded_at, position, before[-1] if before else None)
        )
    return items


def _excerpts(party: str | None, provision: str | None, *, machine: bool) -> list[Item]:
    excerpts = Excerpt.objects.filter(
        retracted_at__isnull=True,
        source__in=Source.objects.visible(),
    ).select_related("source")
    if not machine:
        excerpts = excerpts.filter(made_by=MadeBy.PERSON)
    if party:
        excerpts = excerpts.filter(parties__code=party)
    if provision:
        excerpts = excerpts.filter(provisions__slug=provision)
    excerpts = excerpts.defer("source__text").order_by("-created_at", "-pk").distinct()
    return [Item("excerpt", e.created_at, e) for e in excerpts[:LIMIT]]
