"""A negotiation as a sequence of texts: the negotiation, its drafts (each with a sponsor), each
draft's versions in order, and the public sources that report each fact about them.

Facts about the real negotiation (dates, symbols, what a revision changed) go in with the
public source that reports them (`Citation`); nothing is dated or attributed by guess. A
version's text is stored only when it is known (an official text, as a Source of its own):
otherwise a version holds what is known of it, each item with its evidence.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from tracker.models.base import TimeStamped
from tracker.models.catalogue import Party


class DatePrecision(models.TextChoices):
    """How much of a date is known: the day, or only its week or month (the date stored is
    then the first day of that week or month)."""

    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


def date_label(day: datetime.date | None, precision: str) -> str:
    """A date as far as it is known: 3 Nov 2025; the week of 3 Nov 2025; November 2025."""
    if day is None:
        return "date not known"
    if precision == DatePrecision.MONTH:
        return day.strftime("%B %Y")
    if precision == DatePrecision.WEEK:
        return f"the week of {day.day} {day:%b %Y}"
    return f"{day.day} {day:%b %Y}"


class NegotiationQuerySet(models.QuerySet["Negotiation"]):
    def default(self) -> Negotiation | None:
        """The negotiation that unscoped addresses open."""
        return self.filter(is_default=True).first() or self.order_by("pk").first()


class Negotiation(TimeStamped):
    """One negotiation in the Council: its drafts, provisions and positions. The instance may
    hold several; every page, filter, export and feed is scoped to one."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text="Opened by the addresses that name no negotiation."
    )

    objects = NegotiationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_negotiation"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracker:overview", args=[self.slug])


class Citation(TimeStamped):
    """A public source that reports a fact about the negotiation: where it is (URL), who
    published it and when, and the words that report the fact (short, verbatim)."""

    url = models.URLField(max_length=2000)
    outlet = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="The words that report the fact, verbatim.")
    source = models.ForeignKey(
        "tracker.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citations",
        help_text="The stored source, when the tracker holds its text.",
    )

    class Meta:
        ordering = ["published_on", "outlet", "pk"]

    def __str__(self) -> str:
        return f"{self.outlet or self.url}"


class Draft(TimeStamped):
    """A text put forward in the negotiation by a sponsor (the US draft; Russia's competing
    draft), with its versions in order."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.PROTECT, related_name="drafts")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    sponsor = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="drafts"
    )
    order = models.PositiveIntegerField(
        default=1, help_text="1 for the text under negotiation; a rival draft comes after."
    )
    description = models.TextField(blank=True)

    # Set by tracker.reading.wording.drafts_of: the versions in order, and the last of them.
    version_list: list[Version]
    latest: Version | None

    class Meta:
        ordering = ["negotiation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["negotiation", "slug"], name="draft_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracker:drafts", args=[self.negotiation.slug]) + f"#draft-{self.slug}"


class VersionStatus(models.TextChoices):
    CIRCULATED = "circulated", "Circulated"
    IN_BLUE = "in-blue", "In blue"
    VOTED_ON = "voted-on", "Voted on, not adopted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_VOTED = "not-voted", "Not put to a vote"
    ADOPTED = "adopted", "Adopted"


class Provenance(models.TextChoices):
    OFFICIAL_TEXT = "official-text", "Official text"
    QUOTED_WORDING = "quoted-wording", "Wording quoted by sources"
    REPORTED_CHANGES = "reported-changes", "Reported changes only"


class Version(TimeStamped):
    """One version of a draft, as far as it is known: its place in the sequence, label,
    document symbol, the day it circulated (to its precision), status, and provenance. Its text
    is a stored Source when the official text is known."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="Its place in the draft's sequence, from 1.")
    label = models.CharField(max_length=200)
    symbol = models.CharField(max_length=40, blank=True, help_text="e.g. S/2025/748")
    circulated_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(max_length=12, choices=VersionStatus.choices)
    resolution_symbol = models.CharField(
        max_length=40, blank=True, help_text="When adopted: e.g. S/RES/2803 (2025)."
    )
    provenance = models.CharField(max_length=20, choices=Provenance.choices)
    text_source = models.OneToOneField(
        "tracker.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft_version",
        help_text="The official text, stored as a source, when it is known.",
    )
    summary = models.TextField(blank=True, help_text="What is known of it, neutrally.")
    citations = models.ManyToManyField(Citation, blank=True, related_name="versions")

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="version_number_unique"),
            models.CheckConstraint(
                name="version_status_valid", condition=Q(status__in=VersionStatus.values)
            ),
            models.CheckConstraint(
                name="version_provenance_valid", condition=Q(provenance__in=Provenance.values)
            ),
            models.CheckConstraint(
                name="version_precision_valid",
                condition=Q(date_precision__in=DatePrecision.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "tracker:version", args=[self.draft.negotiation.slug, self.draft.slug, self.number]
        )

    @property
    def date_label(self) -> str:
        return date_label(self.circulated_on, self.date_precision)

    @property
    def text(self) -> str:
        return self.text_source.text if self.text_source else ""

    def clean(self) -> None:
        if self.provenance == Provenance.OFFICIAL_TEXT and self.text_source_id is None:
            raise ValidationError({"provenance": "An official text needs its stored text."})

    def previous(self) -> Version | None:
        return self.draft.versions.filter(number__lt=self.number).order_by("-number").first()

    @classmethod
    def standing_on(cls, versions: list[Version], day: datetime.date | None) -> Version | None:
        """Of one draft's versions (in order), the one that stood on `day`: the latest that had
        circulated by then (a version known only to its week or month counts from the first
        day of it). None when the day is not known or precedes them all."""
        if day is None:
            return None
        standing = None
        for version in versions:
            if version.circulated_on is not None and version.circulated_on <= day:
                standing = version
        return standing


class ChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    REMOVED = "removed", "Removed"


class ReportedChange(TimeStamped):
    """What a version changed on a provision, as sources report it (when the texts themselves
    are not both known): in neutral words, with the wording sources quote, and the evidence."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="reported_changes")
    provision = models.ForeignKey(
        "tracker.Provision", on_delete=models.PROTECT, related_name="reported_changes"
    )
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    description = models.TextField(help_text="What changed, in neutral reported speech.")
    quoted_wording = models.TextField(
        blank=True, help_text="The new (or dropped) wording, as sources quote it, verbatim."
    )
    citations = models.ManyToManyField(Citation, related_name="reported_changes")

    class Meta:
        ordering = ["version", "provision__display_order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="reported_change_kind_valid", condition=Q(kind__in=ChangeKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.provision} ({self.get_kind_display().lower()})"


class Presence(models.TextChoices):
    CARRIES = "carries", "Carries it"
    ABSENT = "absent", "Absent"


class Coverage(TimeStamped):
    """Whether a draft carries a provision, and what it says on it, as known from its text or
    from reporting: the crosswalk between rival drafts is made of these."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="coverage")
    provision = models.ForeignKey(
        "tracker.Provision", on_delete=models.PROTECT, related_name="coverage"
    )
    presence = models.CharField(max_length=10, choices=Presence.choices)
    summary = models.TextField(blank=True, help_text="What this draft says on it, neutrally.")
    citations = models.ManyToManyField(Citation, blank=True, related_name="coverage")

    class Meta:
        ordering = ["draft", "provision__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "provision"], name="coverage_unique"),
            models.CheckConstraint(
                name="coverage_presence_valid", condition=Q(presence__in=Presence.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft} · {self.provision}: {self.get_presence_display()}"


__all__ = [
    "ChangeKind",
    "Citation",
    "Coverage",
    "DatePrecision",
    "Draft",
    "Negotiation",
    "NegotiationQuerySet",
    "Presence",
    "Provenance",
    "ReportedChange",
    "Version",
    "VersionStatus",
    "date_label",
]
