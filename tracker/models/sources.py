"""Stored articles and the verbatim spans of them (excerpts) that the tracker points into."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.models.base import (
    Origin,
    Retractable,
    RetractableQuerySet,
    Reviewable,
    ReviewableQuerySet,
    ReviewStatus,
    TimeStamped,
    Versioned,
)
from tracker.models.catalogue import Party, Provision
from tracker.models.negotiations import DatePrecision, date_label
from tracker.text import anchoring

# An untitled source is named by its first 12 words, found in this many characters (shown cut to
# 70): a page listing many sources reads this much of each text, not all of it.
OPENING_CHARS = 2000


class SourceQuerySet(ReviewableQuerySet):
    def newest_first(self) -> Self:
        """By publication date (undated last), then the most recently stored."""
        return self.order_by(F("published_on").desc(nulls_last=True), "-pk")


class Source(TimeStamped, Retractable, Reviewable, Versioned):
    """One stored article. Unknown metadata stays blank: nothing is guessed."""

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the publication date is known: the day, or only its week "
        "(give its Monday) or month (give its first day).",
    )
    language = models.CharField(max_length=12, default="en", help_text="BCP 47 tag, e.g. en, fr.")
    text = models.TextField(help_text="The full article text, Unicode NFC with \\n line endings.")
    text_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    seed_file = models.CharField(max_length=200, blank=True, help_text="File name under seeds/.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_revision",
        help_text="The earlier text this one replaces (an updated article, a revised draft); "
        "its excerpts were re-anchored here and it stays readable.",
    )
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [
            models.Index(fields=["published_on"], name="source_published_on_idx"),
            # The newest stored (the overview's "last updated") and how many are shown: read
            # from an index, not by sorting or counting every source (0017, which also orders
            # them newest first on PostgreSQL: source_newest_idx, for newest_first()).
            models.Index(fields=["created_at"], name="source_created_idx"),
            models.Index(
                fields=["id"],
                condition=Q(status="published", retracted_at__isnull=True),
                name="source_visible_idx",
            ),
        ]
        permissions = [("review_source", "Can publish or send back a source")]
        constraints = [
            *Retractable.Meta.constraints,
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url="") & Q(revision_of__isnull=True),
                name="source_url_unique_when_known",
            ),
            models.UniqueConstraint(
                fields=["seed_file"], condition=~Q(seed_file=""), name="source_seed_file_unique"
            ),
            models.CheckConstraint(
                name="source_origin_valid", condition=Q(origin__in=Origin.values)
            ),
            models.CheckConstraint(
                name="source_status_valid", condition=Q(status__in=ReviewStatus.values)
            ),
            models.CheckConstraint(
                name="source_precision_valid", condition=Q(date_precision__in=DatePrecision.values)
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("tracker:source", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.text != anchoring.normalize_text(self.text):
            raise ValueError(
                "Source text must be normalised (NFC, \\n line endings) before saving."
            )
        self.text_sha256 = anchoring.text_digest(self.text)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            # A position without a date of its own dates from its source: a new publication
            # date can change which of a party's positions is the latest.
            from tracker.models.positions import Position

            cited = Position.objects.filter(excerpt__source=self).values_list(
                "party_id", "provision_id"
            )
            Position.objects.refresh_current(cited.distinct())

    @property
    def date_label(self) -> str:
        """Its publication date as far as it is known: 4 Nov 2025, the week of 3 Nov 2025,
        November 2025, or "date not known"."""
        return date_label(self.published_on, self.date_precision)

    @property
    def display_title(self) -> str:
        """The stored title, or (marked as such) the article's opening words when none is known."""
        return self.title or self.untitled_title(self.text)

    @staticmethod
    def untitled_title(text: str) -> str:
        """What stands for the title of a source that has none: its opening words (the first
        OPENING_CHARS characters of its text hold them)."""
        opening = " ".join(text[:OPENING_CHARS].split()[:12])
        return f"[untitled] {opening}…"

    def clean(self) -> None:
        if self.text != anchoring.normalize_text(self.text):
            raise ValidationError({"text": "The text must be normalised before it is stored."})


class MadeBy(models.TextChoices):
    LINKER = "linker", "Linker"
    PERSON = "person", "Person"


class ExcerptQuerySet(RetractableQuerySet):
    def visible(self) -> Self:
        """What the public pages show: standing excerpts of published, standing sources."""
        return self.standing().filter(
            source__status=ReviewStatus.PUBLISHED, source__retracted_at__isnull=True
        )

    def of_standing_sources(self) -> Self:
        """Standing excerpts of standing sources, published or not (editors' lists)."""
        return self.standing().filter(source__retracted_at__isnull=True)


class Excerpt(TimeStamped, Retractable, Versioned):
    """A verbatim span of a source, anchored two ways (W3C Web Annotation selectors):
    TextPositionSelector (start, end) and TextQuoteSelector (exact, prefix, suffix)."""

    MadeBy = MadeBy

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="excerpts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=anchoring.CONTEXT_CHARS, blank=True)
    suffix = models.CharField(max_length=anchoring.CONTEXT_CHARS, blank=True)
    provisions = models.ManyToManyField(Provision, blank=True, related_name="excerpts")
    parties = models.ManyToManyField(Party, blank=True, related_name="excerpts")
    made_by = models.CharField(max_length=10, choices=MadeBy.choices)
    carried_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        help_text="The excerpt of the earlier text this one was re-anchored from.",
    )
    anchor_status = models.CharField(
        max_length=10,
        blank=True,
        help_text="For a carried excerpt: exact, moved or changed (tracker/text/reanchoring.py).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[provisions, parties])

    objects = ExcerptQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            *Retractable.Meta.constraints,
            models.CheckConstraint(
                name="excerpt_start_before_end", condition=Q(start__lt=F("end"))
            ),
            models.UniqueConstraint(fields=["source", "start", "end"], name="excerpt_span_unique"),
            models.CheckConstraint(
                name="excerpt_made_by_valid", condition=Q(made_by__in=MadeBy.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exact[:80]}…" if len(self.exact) > 80 else self.exact

    def get_absolute_url(self) -> str:
        return self.url_for(self.source_id, self.pk)

    @staticmethod
    def url_for(source_id: int, excerpt_id: int) -> str:
        """An excerpt's permalink, its source's page scrolled to it: also for historical rows
        and exports, which have the two ids but no instance."""
        return reverse("tracker:source", args=[source_id]) + f"#excerpt-{excerpt_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if error := self.anchoring_error():
            raise ValidationError(error)
        super().save(*args, **kwargs)

    @classmethod
    def for_span(cls, source: Source, start: int, end: int, **fields: Any) -> Excerpt:
        """An unsaved excerpt of source.text[start:end] with both selectors filled in."""
        exact, prefix, suffix = anchoring.quote_selector(source.text, start, end)
        return cls(
            source=source, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix, **fields
        )

    def anchoring_error(self) -> str | None:
        """Why this excerpt does not match its source, or None when it does."""
        if not (0 <= self.start < self.end <= len(self.source.text)):
            return f"Offsets {self.start}–{self.end} fall outside the source text."
        found = self.source.text[self.start : self.end]
        if found != self.exact:
            return f"The source text at {self.start}–{self.end} is {found!r}, not {self.exact!r}."
        return None

    def clean(self) -> None:
        if self.source_id is not None and (error := self.anchoring_error()):
            raise ValidationError(error)
