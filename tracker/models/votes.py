"""The Council itself and how a negotiation ends: who sits on the Council (seats with terms),
the recorded vote on a version, and the dated events between texts (meetings, statements).

The result of a vote is worked out by the Council's rule (tracker/reading/votes.py), never stored: nine
affirmative votes and no negative vote of a permanent member (Article 27(3) of the Charter; an
abstention is not a veto)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from tracker.models.base import TimeStamped
from tracker.models.catalogue import Party
from tracker.models.negotiations import Citation, DatePrecision, Negotiation, Version, date_label


class CouncilSeat(TimeStamped):
    """A party's seat on the Security Council: permanent, or elected for a term (two years,
    from 1 January). With the dates, a vote knows who could vote that day."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="council_seats")
    permanent = models.BooleanField(default=False)
    start = models.DateField(null=True, blank=True, help_text="Empty for a permanent seat.")
    end = models.DateField(null=True, blank=True, help_text="Empty for a permanent seat.")
    citations = models.ManyToManyField(Citation, blank=True, related_name="council_seats")

    class Meta:
        ordering = ["-permanent", "party__name", "start"]
        constraints = [
            models.CheckConstraint(
                name="council_seat_term_valid",
                condition=Q(permanent=True)
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=F("start"))),
                violation_error_message="An elected seat needs a start and an end after it.",
            ),
        ]

    def __str__(self) -> str:
        if self.permanent:
            return f"{self.party}: permanent member"
        return f"{self.party}: {self.start:%Y}–{self.end:%Y}"

    def holds_on(self, day: datetime.date) -> bool:
        if self.permanent:
            return True
        assert self.start is not None and self.end is not None
        return self.start <= day <= self.end


class VoteOption(models.TextChoices):
    YES = "yes", "In favour"
    NO = "no", "Against"
    ABSTAIN = "abstain", "Abstention"
    ABSENT = "absent", "Not participating"


class VoteEvent(TimeStamped):
    """The Council's vote on one version of a draft: the day, the meeting, and each member's
    vote (Vote); the document symbol of the resolution when adopted is the version's."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="vote_events")
    date = models.DateField()
    meeting = models.CharField(max_length=120, help_text="e.g. 10,046th meeting")
    meeting_record = models.CharField(max_length=40, blank=True, help_text="e.g. S/PV.10046")
    citations = models.ManyToManyField(Citation, related_name="vote_events")

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"Vote on {self.version} ({self.date:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("tracker:vote", args=[self.version.draft.negotiation.slug, self.pk])


class Vote(models.Model):
    """How one member voted."""

    event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="votes")
    option = models.CharField(max_length=10, choices=VoteOption.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "party"], name="vote_once_per_member"),
            models.CheckConstraint(
                name="vote_option_valid", condition=Q(option__in=VoteOption.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_option_display()}"


class EventKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    STATEMENT = "statement", "Statement"


class Event(TimeStamped):
    """Something that happened in the negotiation between its texts and its vote (a meeting, a
    joint statement), dated as precisely as it is known, with its sources."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parties = models.ManyToManyField(Party, blank=True, related_name="events")
    citations = models.ManyToManyField(Citation, related_name="events")

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(name="event_kind_valid", condition=Q(kind__in=EventKind.values)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date_label(self) -> str:
        return date_label(self.date, self.date_precision)
