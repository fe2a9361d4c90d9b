"""Suggested positions an editor sets aside (tracker/text/suggesting.py finds them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from tracker.models import DismissedSuggestion, Excerpt, Party, Provision


def dismiss_suggestion(
    excerpt: Excerpt, party: Party, provision: Provision, *, by: User | None
) -> DismissedSuggestion:
    """Keep this (excerpt, party, provision) off every editor's list of suggestions."""
    dismissal, _ = DismissedSuggestion.objects.get_or_create(
        excerpt=excerpt, party=party, provision=provision, defaults={"dismissed_by": by}
    )
    return dismissal


def dismiss_suggestions(
    chosen: Iterable[tuple[Excerpt, Party, Provision]], *, by: User | None
) -> int:
    """Set aside several suggestions at once, in one transaction; those set aside before stay
    as they were. Returns how many were newly set aside."""
    made = 0
    with transaction.atomic():
        for excerpt, party, provision in dict.fromkeys(chosen):
            _, created = DismissedSuggestion.objects.get_or_create(
                excerpt=excerpt, party=party, provision=provision, defaults={"dismissed_by": by}
            )
            made += created
    return made
