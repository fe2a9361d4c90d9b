"""Retraction: nothing is deleted. A source, excerpt or position is withdrawn with a reason
that shows beside it from then on; what a standing position cites is not retracted until that
position is, so that each retraction changes the public record on its own and says why."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import dateformat, timezone

from tracker.models import Excerpt, Position, Source
from tracker.recording.changes import attribute
from tracker.recording.refusals import Refused

Retractable = Source | Excerpt | Position
MAX_REASON_CHARS = 1_000


def positions_in_the_way(record: Retractable) -> QuerySet[Position]:
    """The standing positions that must be retracted before `record` can be."""
    if isinstance(record, Excerpt):
        return Position.objects.standing().filter(excerpt=record)
    if isinstance(record, Source):
        return Position.objects.standing().filter(excerpt__source=record)
    return Position.objects.none()


def _kind(record: Retractable) -> str:
    return record._meta.model_name or "record"


def refuse_retracted(record: Retractable, what: str) -> Refused:
    """The refusal of anything done to a record that was retracted."""
    kind = _kind(record)
    when = dateformat.format(timezone.localtime(record.retracted_at), "j M Y")
    advice = " Record a new position instead." if kind == "position" else ""
    return Refused(
        f"This {kind} was retracted on {when} ({record.retraction_reason}), so it cannot be "
        f"{what}.{advice}",
        code=Refused.RETRACTED,
        record=record,
    )


def retract(record: Retractable, *, reason: str, version: int, by: User | None) -> Retractable:
    """Retract `record` (as read at `version`) with a reason; a source's excerpts go with it.
    Raises Refused (already retracted, no reason, standing positions cite it) or StaleEdit."""
    if record.is_retracted:
        raise refuse_retracted(record, "retracted again")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Say why this is being retracted.", field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise Refused(f"Keep the reason to {MAX_REASON_CHARS:,} characters.", field="reason")
    with transaction.atomic():
        blocking = positions_in_the_way(record)
        if blocking.exists():
            raise Refused(
                f"Standing positions cite this {_kind(record)}: retract them first.",
                code=Refused.CITED,
                record=record,
                blocking=blocking,
            )
        record.version = version
        _retract_one(record, reason, by)
        if isinstance(record, Source):
            for excerpt in record.excerpts.standing():
                excerpt.source = record  # already read; spares a query per excerpt
                _retract_one(excerpt, f"Its source was retracted: {reason}", by)
    return record


def _retract_one(record: Retractable, reason: str, by: User | None) -> None:
    attribute(record, by, "Retracted")
    record.retract(reason, by)
