"""Suggestions editors set aside."""

from django.conf import settings
from django.db import models

from tracker.models.base import TimeStamped
from tracker.models.catalogue import Party, Provision
from tracker.models.sources import Excerpt


class DismissedSuggestion(TimeStamped):
    """An editor set aside a suggested position: this excerpt, for this party and provision.
    Suggestions are never published; a dismissal only keeps one off the editors' list."""

    excerpt = models.ForeignKey(Excerpt, on_delete=models.PROTECT, related_name="dismissals")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["excerpt", "party", "provision"], name="dismissed_suggestion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} · {self.provision} · excerpt {self.excerpt_id}"
