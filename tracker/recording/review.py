"""Review: nothing an editor records goes public on one person's word.

A source or position stays pending until a reviewer who neither recorded it nor changed it
since it was last published publishes it, or sends it back with a comment. A position is
published only once its source is. Each decision is one versioned save, kept in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tracker.models import Position, ReviewStatus, Source
from tracker.recording.changes import attribute
from tracker.recording.refusals import Refused
from tracker.roles import is_reviewer

Record = Position | Source


def _kind(record: Record) -> str:
    return "position" if isinstance(record, Position) else "source"


def shapers(model: type[Record], records: Iterable[Record]) -> dict[int, set[int]]:
    """{pk: {user ids}}: for each record, its author and everyone who changed what it says
    since it was last published. None of them may publish it: a second person checks every
    change. Reviews and retractions are not changes to what it says."""
    author_field = "recorded_by_id" if model is Position else "created_by_id"
    authors = {obj.pk: {getattr(obj, author_field)} - {None} for obj in records}
    result = {pk: set(users) for pk, users in authors.items()}
    rows = (
        model.history.filter(id__in=list(result))
        .order_by("id", "history_id")
        .values_list("id", "history_user_id", "status", "retracted_at")
    )
    previous: dict[int, tuple[Any, Any]] = {}
    for pk, user_id, status, retracted_at in rows:
        before_status, before_retracted = previous.get(pk, (None, None))
        previous[pk] = (status, retracted_at)
        if status == ReviewStatus.PUBLISHED and before_status != ReviewStatus.PUBLISHED:
            result[pk] = set(authors[pk])
        elif status == ReviewStatus.RETURNED and before_status != ReviewStatus.RETURNED:
            continue  # sent back: the reviewer did not change it
        elif retracted_at is not None and before_retracted is None:
            continue
        elif user_id is not None:
            result[pk].add(user_id)
    return result


def may_decide(user: User, record: Record, shaped: set[int] | None = None) -> str:
    """Why `user` may not publish or send back `record`, or "" when they may. `shaped`: who
    shaped it (shapers()), when already known."""
    if not is_reviewer(user):
        return "A reviewer publishes it or sends it back."
    if shaped is None:
        shaped = shapers(type(record), [record])[record.pk]
    if user.pk in shaped:
        return f"You recorded or changed this {_kind(record)}, so another reviewer decides on it."
    return ""


def publish_blocker(position: Position) -> str:
    """Why this position cannot be published now, or ""."""
    source = position.excerpt.source
    if source.is_retracted or position.excerpt.is_retracted:
        return "Its evidence was retracted, so it cannot be published."
    if source.status == ReviewStatus.PENDING:
        return "Its source is awaiting review: publish the source first."
    if source.status == ReviewStatus.RETURNED:
        return "Its source was sent back: it must be published before this position."
    return ""


def check_decision(record: Record, *, publish: bool, comment: str, by: User) -> None:
    kind = _kind(record)
    if record.is_retracted:
        raise Refused(
            f"This {kind} was retracted, so there is nothing to review.",
            code=Refused.RETRACTED,
            record=record,
        )
    if record.status != ReviewStatus.PENDING:
        when = timezone.localtime(record.reviewed_at) if record.reviewed_at else None
        done = "published" if record.status == ReviewStatus.PUBLISHED else "sent back"
        who = f" by {record.reviewed_by}" if record.reviewed_by else ""
        at = f" on {when:%d %b %Y at %H:%M}" if when else ""
        raise Refused(
            f"This {kind} was already {done}{who}{at}.", code=Refused.DECIDED, record=record
        )
    if not is_reviewer(by):
        raise Refused(
            "Only reviewers publish or send back what editors recorded.",
            code=Refused.NOT_ALLOWED,
        )
    if by.pk in shapers(type(record), [record])[record.pk]:
        raise Refused(
            f"You recorded or changed this {kind}, so another reviewer must decide on it.",
            code=Refused.NOT_ALLOWED,
            record=record,
        )
    if not publish and not comment.strip():
        raise Refused("Say what should change before sending it back.", field="comment")
    if publish and isinstance(record, Position) and (why := publish_blocker(record)):
        raise Refused(why, code=Refused.NOT_YET, record=record.excerpt.source)


def decide(record: Record, *, publish: bool, comment: str = "", version: int, by: User) -> Record:
    """Publish `record`, or send it back with a comment, as read at `version`. Raises Refused
    (retracted, already decided, not a reviewer, the four-eyes rule, a position whose source
    is not yet published) or StaleEdit (changed since it was read)."""
    check_decision(record, publish=publish, comment=comment, by=by)
    record.version = version
    record.status = ReviewStatus.PUBLISHED if publish else ReviewStatus.RETURNED
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record.review_comment = comment.strip()
    attribute(record, by, "Published" if publish else "Sent back")
    with transaction.atomic():
        record.save()
    return record


def publish_source_with_positions(
    source: Source, *, version: int, by: User, comment: str = ""
) -> tuple[list[Position], list[tuple[Position, str]]]:
    """Publish a source and, in the same transaction, each of its pending positions that
    `by` may publish: (published positions, [(position left pending, why)]). Each decision is
    checked by the same rules as one taken alone, and kept in each record's history."""
    with transaction.atomic():
        decide(source, publish=True, comment=comment, version=version, by=by)
        pending = list(
            Position.objects.pending()
            .filter(excerpt__source=source)
            .select_related("party", "provision", "excerpt__source")
            .order_by("recorded_at", "pk")
        )
        shaped = shapers(Position, pending)
        published, left = [], []
        for position in pending:
            position.excerpt.source = source  # as just published
            why = may_decide(by, position, shaped[position.pk]) or publish_blocker(position)
            if why:
                left.append((position, why))
                continue
            decide(position, publish=True, version=position.version, by=by)
            published.append(position)
    return published, left


def pending_positions_of(source: Source) -> int:
    """How many positions citing `source` wait for review."""
    return Position.objects.pending().filter(excerpt__source=source).count()
