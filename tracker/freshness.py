"""When the tracker's records last changed, as a token that every reader page is cached under.

Every save, deletion and change of links of a tracker record (signals, connected in
TrackerConfig.ready) writes a new random token into the one DataStamp row, inside the writer's
transaction: readers see the new token when, and only when, they can see the change. Loaders that
write in bulk, without signals (seeds, data files, benchmarks), call `restamp()` themselves.

A token, not a counter: a rolled-back change leaves the old token, and a counter would hand the
next change the same number again, with a page of the rolled-back data cached under it.
"""

import datetime
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

STAMP_ID = 1


Stamp = tuple[str, datetime.datetime | None]


class _Known:
    """The token as this process last read it, and when (time.monotonic())."""

    stamp: Stamp | None = None
    read_at: float = float("-inf")


_known = _Known()


def known_stamp() -> Stamp:
    """(token, when the records last changed), as read at most STAMP_FRESH_SECONDS ago by this
    process: a busy server then reads it a few times a second instead of once a request (or
    twice, for a download's page and its ETag), and a reader's page is at most that much older
    than the latest change. A change made by this process is seen at once (restamp)."""
    fresh_for = settings.STAMP_FRESH_SECONDS
    now = time.monotonic()
    if _known.stamp is None or now - _known.read_at >= fresh_for:
        _known.stamp, _known.read_at = stamp(), now
    return _known.stamp


def current_stamp() -> str:
    """The token of the records as they are now ("" before the first change is stamped), as
    known_stamp() knows it."""
    return known_stamp()[0]


def forget() -> None:
    """Read the token afresh on the next request (after a change, or between tests)."""
    _known.stamp = None


def stamp() -> Stamp:
    """(token, when the records last changed); ("", None) before the first change."""
    from tracker.models import DataStamp

    found = DataStamp.objects.filter(pk=STAMP_ID).values_list("token", "changed_at").first()
    return found or ("", None)


def restamp() -> None:
    from tracker.models import DataStamp

    token, now = uuid.uuid4().hex, timezone.now()
    with transaction.atomic():
        if not DataStamp.objects.filter(pk=STAMP_ID).update(token=token, changed_at=now):
            DataStamp.objects.update_or_create(
                pk=STAMP_ID, defaults={"token": token, "changed_at": now}
            )
        forget()  # this process reads the new token from its next request on
        transaction.on_commit(forget)


def _record_changed(sender: type[Model], **kwargs: Any) -> None:
    name = sender._meta.model_name or ""
    # A history row comes with the save of its record, which stamps already.
    if (
        sender._meta.app_label == "tracker"
        and name != "datastamp"
        and not name.startswith("historical")
    ):
        restamp()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_record_changed, dispatch_uid=f"tracker-freshness-{id(signal)}")
