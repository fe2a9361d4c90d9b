"""The records' token: one row that changes with every change (tracker/freshness.py)."""

from django.db import models
from django.utils import timezone


class DataStamp(models.Model):
    """One row whose token changes, in the same transaction, with every change to the tracker's
    records (tracker/freshness.py). Reader pages are cached under it: a new token, a new page."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
