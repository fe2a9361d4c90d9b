"""The records' tokens: one row per tag, renewed with every change that reaches the pages that
depend on it (tracker/freshness.py)."""

from django.db import models
from django.utils import timezone


class DataStamp(models.Model):
    """A tag's token (tracker/freshness.py): "*" changes with every change to the tracker's
    records, in the same transaction; "shared", "party:<code>", "provision:<slug>" and
    "source:<bucket>" with the changes that reach the pages depending on them. Reader pages are
    kept under the tokens of what they depend on: a new token, a new page."""

    tag = models.CharField(max_length=150, unique=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.tag}: {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
