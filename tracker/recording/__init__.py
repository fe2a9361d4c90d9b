"""The write side: the one place where sources, excerpts and positions are recorded, changed,
reviewed and retracted, the twin of the read side's querysets.

Views, the seed loader, data files and commands call these functions; none of them saves those
records itself. Each function owns its transaction and refuses with `Refused`, which carries a
reason a person can read. A save based on a stale copy raises `StaleEdit` (tracker.models).
"""

from tracker.models import StaleEdit
from tracker.recording import texts, votes  # noqa: E402,F401 - recording.texts.record_version…
from tracker.recording.anchors import Anchor, anchor, anchor_quote
from tracker.recording.positions import (
    duplicate_of,
    edit_position,
    record_positions,
)
from tracker.recording.refusals import Refused
from tracker.recording.retraction import positions_in_the_way, retract
from tracker.recording.review import (
    check_decision,
    decide,
    may_decide,
    publish_blocker,
    publish_source_with_positions,
    shapers,
)
from tracker.recording.sources import (
    check_text,
    edit_source,
    record_source,
    relink_source,
    span_key,
)
from tracker.recording.suggestions import dismiss_suggestion, dismiss_suggestions

__all__ = [
    "Anchor",
    "Refused",
    "StaleEdit",
    "anchor",
    "anchor_quote",
    "check_text",
    "check_decision",
    "decide",
    "dismiss_suggestion",
    "dismiss_suggestions",
    "duplicate_of",
    "edit_position",
    "edit_source",
    "may_decide",
    "positions_in_the_way",
    "publish_blocker",
    "publish_source_with_positions",
    "record_positions",
    "record_source",
    "relink_source",
    "retract",
    "shapers",
    "span_key",
]
