"""Who made a change, and why: what django-simple-history writes in each history row."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models


def attribute(record: models.Model, by: User | None, reason: str = "") -> None:
    """Name the person (and the reason, when there is one) the record's next history row
    gives for the save that follows."""
    setattr(record, "_history_user", by)  # noqa: B010 - simple-history's own attribute names
    if reason:
        setattr(record, "_change_reason", reason)  # noqa: B010
