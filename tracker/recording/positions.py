"""Recording a party's position from its evidence, and changing what a position says."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.models import (
    Attribution,
    DatePrecision,
    Excerpt,
    MadeBy,
    Origin,
    Party,
    Position,
    Provision,
    ReviewStatus,
    Stance,
    VoteEvent,
)
from tracker.recording.anchors import Anchor
from tracker.recording.changes import attribute
from tracker.recording.learning import record_linked_by_hand
from tracker.recording.refusals import Refused, linked
from tracker.recording.sources import add_mentions, check_date
from tracker.recording.texts import refresh_positions
from tracker.text.linking import Linker

Editor = User | None
MAX_SUMMARY_CHARS = 300
POSITION_DETAILS = (
    "stance",
    "speaker",
    "attribution",
    "stated_on",
    "date_precision",
    "summary",
    "about_version",
)


def duplicate_of(
    party: Party,
    provision: Provision,
    stance: str,
    excerpt: Excerpt | None,
    *,
    other_than: Position | None = None,
) -> Position | None:
    """The standing position that already records this party's stance on this provision from
    this excerpt, if there is one: the same claim is recorded once."""
    if excerpt is None or excerpt.pk is None:
        return None
    twins = Position.objects.standing().filter(
        party=party, provision=provision, stance=stance, excerpt=excerpt
    )
    if other_than is not None:
        twins = twins.exclude(pk=other_than.pk)
    return twins.first()


def _refuse_duplicate(twin: Position, *, field: str | None = None) -> Refused:
    return Refused(
        f"{twin.party.name}’s position on this provision with this stance and this evidence "
        "is already recorded: see it on the source.",
        code=Refused.DUPLICATE,
        field=field,
        **linked(twin.excerpt, "see it on the source"),
    )


def check_details(details: dict[str, Any]) -> dict[str, Any]:
    """A position's statement checked: stance and attribution from the fixed lists, a
    one-line summary, a date that is not in the future, the speaker on one line."""
    checked = dict(details)
    if "stance" in details and details["stance"] not in Stance.values:
        raise Refused(f"{details['stance']!r} is not a stance.", field="stance")
    if "attribution" in details and details["attribution"] not in Attribution.values:
        raise Refused(f"{details['attribution']!r} is not an attribution.", field="attribution")
    if "summary" in details:
        summary = details["summary"] or ""
        if "\n" in summary or "\r" in summary:
            raise Refused("Keep the summary to one line.", field="summary")
        summary = " ".join(summary.split())
        if not summary:
            raise Refused("Write a one-line neutral summary.", field="summary")
        if len(summary) > MAX_SUMMARY_CHARS:
            raise Refused(f"Keep the summary to {MAX_SUMMARY_CHARS} characters.", field="summary")
        checked["summary"] = summary
    if "speaker" in details:
        checked["speaker"] = " ".join((details["speaker"] or "").split())
    stated_on = details.get("stated_on")
    if stated_on and stated_on > timezone.localdate():
        raise Refused("This date is in the future; give the day it happened.", field="stated_on")
    if "stated_on" in details or "date_precision" in details:
        checked["stated_on"], checked["date_precision"] = check_date(
            details.get("stated_on"), details.get("date_precision"), field="stated_on"
        )
    return checked


def record_positions(
    anchor: Anchor,
    *,
    parties: Sequence[Party],
    provision: Provision,
    stance: str,
    attribution: str,
    summary: str,
    speaker: str = "",
    stated_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    by: Editor = None,
    origin: str = Origin.EDITOR,
    status: str = ReviewStatus.PENDING,
    linker: Linker | None = None,
    vote_event: VoteEvent | None = None,
) -> list[Position]:
    """Record the same statement (stance, quote, speaker, date) for each of `parties`: one
    position per party, each reviewed and retracted on its own, all in one transaction. The
    evidence is the anchored excerpt, made (by a person) when the span has none; it mentions
    what the linker finds in it and, in any case, the parties and the provision. A party
    whose position is already recorded from this evidence refuses the whole statement."""
    parties = list(dict.fromkeys(parties))
    if not parties:
        raise Refused("Choose the party whose position this is.", field="party")
    details = check_details(
        {
            "stance": stance,
            "attribution": attribution,
            "summary": summary,
            "speaker": speaker,
            "stated_on": stated_on,
            "date_precision": date_precision,
        }
    )
    for party in parties:
        if twin := duplicate_of(party, provision, stance, anchor.excerpt):
            raise _refuse_duplicate(twin)
    try:
        with transaction.atomic():
            made = anchor.excerpt is None
            excerpt = anchor.excerpt or _person_excerpt(anchor, by)
            _evidence_mentions(excerpt, parties, provision, by, made=made, linker=linker)
            if origin == Origin.EDITOR:
                # What a person links is an example for the linker to learn from.
                record_linked_by_hand(
                    excerpt, parties, provision, linker=linker or Linker.current(), by=by
                )
            positions = []
            for party in parties:
                position = Position(
                    party=party,
                    provision=provision,
                    excerpt=excerpt,
                    origin=origin,
                    status=status,
                    recorded_by=by,
                    vote_event=vote_event,
                    **details,
                )
                attribute(position, by)
                position.save()
                positions.append(position)
            refresh_positions(provision.negotiation, positions=[p.pk for p in positions])
    except IntegrityError:
        # An identical submission won the race and the database refused this one.
        for party in parties:
            stored: Excerpt | None = (
                anchor.excerpt
                or Excerpt.objects.filter(
                    source=anchor.source, start=anchor.start, end=anchor.end
                ).first()
            )
            if twin := duplicate_of(party, provision, stance, stored):
                raise _refuse_duplicate(twin) from None
        raise Refused(
            "This was saved at the same moment by another request; reload the source to see it."
        ) from None
    return positions


def _person_excerpt(anchor: Anchor, by: Editor) -> Excerpt:
    excerpt = Excerpt.for_span(
        anchor.source, anchor.start, anchor.end, made_by=MadeBy.PERSON, created_by=by
    )
    attribute(excerpt, by)
    excerpt.save()
    return excerpt


def _evidence_mentions(
    excerpt: Excerpt,
    parties: Sequence[Party],
    provision: Provision,
    by: Editor,
    *,
    made: bool,
    linker: Linker | None,
) -> None:
    """What a position's evidence mentions: what the linker finds in it, and the position's
    own parties and provision (a quote can name a party by a word no alias covers)."""
    mentions = (linker or Linker.current()).mentions(excerpt.exact)
    provision_ids = set(
        Provision.objects.filter(
            slug__in={m.key for m in mentions if m.kind == "provision"}
        ).values_list("pk", flat=True)
    ) | {provision.pk}
    party_ids = set(
        Party.objects.filter(code__in={m.key for m in mentions if m.kind == "party"}).values_list(
            "pk", flat=True
        )
    ) | {party.pk for party in parties}
    add_mentions(
        {
            "provisions": {(excerpt.pk, pk) for pk in provision_ids},
            "parties": {(excerpt.pk, pk) for pk in party_ids},
        },
        by=by,
        new={excerpt.pk} if made else (),
    )


def edit_position(
    position: Position, changes: dict[str, Any], *, version: int, by: Editor
) -> Position:
    """Change what a position says about its evidence (stance, speaker, attribution, date,
    summary), as read at `version`. It goes back to review: what the tracker says publicly
    about a party changes only once a second person has checked it. Its party, provision and
    evidence do not change: that would be another position. Raises Refused or StaleEdit."""
    if position.is_retracted:
        raise Refused(
            "This position was retracted, so it cannot be changed. Record a new position instead.",
            code=Refused.RETRACTED,
            record=position,
        )
    unknown = set(changes) - set(POSITION_DETAILS)
    if unknown:
        raise Refused(
            f"A position's {', '.join(sorted(unknown))} cannot be changed: record a new "
            "position instead."
        )
    if "stated_on" in changes or "date_precision" in changes:
        # A date and its precision are checked together.
        changes = {
            "stated_on": position.stated_on,
            "date_precision": position.date_precision,
            **changes,
        }
    changes = check_details(changes)
    named = changes.get("about_version")
    if named is not None and named.draft.negotiation_id != position.provision.negotiation_id:
        raise Refused("Choose a version of this negotiation's drafts.", field="about_version")
    stance = changes.get("stance")
    if stance and stance != position.stance:
        twin = duplicate_of(
            position.party, position.provision, stance, position.excerpt, other_than=position
        )
        if twin is not None:
            raise Refused(
                f"Position {twin.pk} already records this stance of this party on this "
                "provision from the same quote.",
                code=Refused.DUPLICATE,
                field="stance",
                record=twin,
            )
    for name, value in changes.items():
        setattr(position, name, value)
    position.version = version
    position.status = ReviewStatus.PENDING
    attribute(position, by, "Edited")
    with transaction.atomic():
        position.save()
        refresh_positions(position.provision.negotiation, positions=[position.pk])
    return position
