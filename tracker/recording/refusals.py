"""The one exception the write side raises when it will not do what was asked."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A change the tracker's rules do not allow, with the reason a person can read.

    `code` says what kind of refusal it is, so a page can answer with the right status and
    links; `field` names the form field the reason belongs beside, when there is one; `record`
    is the record in the way (the duplicate, the retracted excerpt, the source to publish
    first); `blocking` lists what must change first (the positions that cite an excerpt)."""

    INVALID = "invalid"  # what was sent does not fit the rules (a 400)
    DUPLICATE = "duplicate"  # already recorded (a 400, with a link to it)
    RETRACTED = "retracted"  # the record was retracted (a 409)
    DECIDED = "decided"  # already published or sent back (a 409)
    NOT_YET = "not-yet"  # something else must happen first (a 409)
    CITED = "cited"  # standing positions cite it (a 409)
    NOT_ALLOWED = "not-allowed"  # this person may not do it (a 403)

    def __init__(
        self,
        reason: str,
        *,
        code: str = INVALID,
        field: str | None = None,
        record: Any = None,
        blocking: Any = None,
        link: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.field = field
        self.record = record
        self.blocking = blocking
        # (words of the reason, address): where a page may link those words.
        self.link = link

    def __str__(self) -> str:
        return self.reason


def linked(record: Any, label: str | None = None) -> dict[str, Any]:
    """The keyword arguments of a refusal whose reason names `record` by `label` (its kind and
    id by default), so a page can link those words to it."""
    label = label or f"{record._meta.verbose_name} {record.pk}"
    return {"record": record, "link": (label, record.get_absolute_url())}
