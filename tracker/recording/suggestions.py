"""Suggested positions an editor sets aside (tracker/text/suggesting.py finds them)."""

from __future__ import annotations

from django.contrib.auth.models import User

from tracker.models import DismissedSuggestion, Excerpt, Party, Provision


def dismiss_suggestion(
    excerpt: Excerpt, party: Party, provision: Provision, *, by: User | None
) -> DismissedSuggestion:
    """Keep this (excerpt, party, provision) off every editor's list of suggestions."""
    dismissal, _ = DismissedSuggestion.objects.get_or_create(
        excerpt=excerpt, party=party, provision=provision, defaults={"dismissed_by": by}
    )
    return dismissal
