"""Positions: a party's stance on a provision, proved by an excerpt, never overwritten."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.models.base import (
    Origin,
    Retractable,
    Reviewable,
    ReviewableQuerySet,
    ReviewStatus,
    Versioned,
)
from tracker.models.catalogue import Party, Provision
from tracker.models.negotiations import DatePrecision, date_label
from tracker.models.sources import Excerpt, Source


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONDITIONAL = "conditional", "Conditional"
    SEEKS_AMENDMENT = "seeks-amendment", "Seeks amendment"
    UNDECIDED = "undecided", "Undecided"
    MIXED = "mixed", "Mixed"
    OPPOSES = "opposes", "Opposes"


class Attribution(models.TextChoices):
    ON_RECORD = "on-record", "On the record"
    ANONYMOUS_OFFICIAL = "anonymous-official", "Anonymous official"
    MEDIA_REPORT = "media-report", "Media report"
    THIRD_PARTY_CLAIM = "third-party-claim", "Claim by a third party"


# What each stance and attribution means, written once: the methodology page, the chips' titles
# and the matrix's legend all read these.
STANCE_DEFINITIONS = {
    Stance.SUPPORTS: "The party says it backs the provision as it stands.",
    Stance.CONDITIONAL: (
        "The party would back the provision only if something else happens or is guaranteed "
        "(a condition it names)."
    ),
    Stance.SEEKS_AMENDMENT: "The party asks for the provision's wording to be changed.",
    Stance.UNDECIDED: (
        "The party says it has not made up its mind, or is still studying the text."
    ),
    Stance.MIXED: (
        "The party backs part of the provision and objects to another part, or its statements "
        "point both ways."
    ),
    Stance.OPPOSES: "The party says it rejects the provision.",
}

ATTRIBUTION_DEFINITIONS = {
    Attribution.ON_RECORD: (
        "Said in public by someone speaking for the party, under their own name or office: a "
        "statement, a speech, an interview, an official document."
    ),
    Attribution.ANONYMOUS_OFFICIAL: (
        "Said by an official of the party who is not named in the source (\u201ca diplomat "
        "said\u201d)."
    ),
    Attribution.MEDIA_REPORT: (
        "The source reports the party's position in its own words, without quoting anyone "
        "who speaks for the party."
    ),
    Attribution.THIRD_PARTY_CLAIM: (
        "Someone outside the party (another government, an official of another party) says "
        "this is the party's position."
    ),
}

# A mark for each attribution that does not rely on colour; a solid one only for the record.
ATTRIBUTION_MARKS = {
    Attribution.ON_RECORD: "\u25cf",  # ● filled circle
    Attribution.ANONYMOUS_OFFICIAL: "\u25cb",  # ○ hollow circle
    Attribution.MEDIA_REPORT: "\u25c7",  # ◇ hollow diamond
    Attribution.THIRD_PARTY_CLAIM: "\u25b3",  # △ hollow triangle
}


class PositionQuerySet(ReviewableQuerySet):
    def with_effective_date(self) -> Self:
        """`effective_on`: the date it was stated, else its source's publication date."""
        return self.annotate(
            effective_on=Coalesce("stated_on", "excerpt__source__published_on"),
            effective_precision=Case(
                When(stated_on__isnull=False, then=F("date_precision")),
                default=F("excerpt__source__date_precision"),
            ),
        )

    def with_order_unknown(self, among: PositionQuerySet | None = None) -> Self:
        """`order_unknown_now`: whether another position of the same party on the same provision,
        among `among` (its published, non-retracted ones by default), cannot be placed before
        this one in time: either is undated, or the other's date, to its precision, may fall on
        or after this one's day (the same day; a week or a month that reaches it). Meant for
        current positions, which rank first."""
        others = (among if among is not None else Position.objects.all()).visible()
        others = others.with_effective_date().filter(
            party_id=OuterRef("party_id"), provision_id=OuterRef("provision_id")
        )
        others = others.exclude(pk=OuterRef("pk"))
        reaching = (
            Q(effective_on__isnull=True)
            | Q(effective_precision=DatePrecision.DAY, effective_on__gte=OuterRef("effective_on"))
            | Q(effective_precision=DatePrecision.WEEK, effective_on__gt=OuterRef("week_before"))
            | Q(effective_precision=DatePrecision.MONTH, effective_on__gte=OuterRef("month_of"))
        )
        return (
            self.with_effective_date()
            .annotate(
                week_before=ExpressionWrapper(
                    F("effective_on") - datetime.timedelta(days=7), output_field=DateTimeField()
                ),
                month_of=TruncMonth("effective_on"),
            )
            .annotate(
                order_unknown_now=Case(
                    When(effective_on__isnull=True, then=Exists(others)),
                    default=Exists(others.filter(reaching)),
                )
            )
        )

    def as_of(self, day: datetime.date) -> Self:
        """Positions known to have been stated on or before `day`: a week or a month only once
        it has ended by then. Undated ones are left out: nothing says they had been stated by
        then."""
        following = day + datetime.timedelta(days=1)
        # The first day of the last month that has ended by `day`.
        month = following.replace(day=1) - datetime.timedelta(days=1)
        return self.with_effective_date().filter(
            Q(effective_precision=DatePrecision.DAY, effective_on__lte=day)
            | Q(
                effective_precision=DatePrecision.WEEK,
                effective_on__lte=day - datetime.timedelta(days=6),
            )
            | Q(effective_precision=DatePrecision.MONTH, effective_on__lte=month.replace(day=1))
        )

    @staticmethod
    def _newest_first_order() -> list[OrderBy]:
        return [F("effective_on").desc(nulls_last=True), F("recorded_at").desc(), F("pk").desc()]

    def newest_first(self) -> Self:
        return self.with_effective_date().order_by(*self._newest_first_order())

    def current(self, as_of: datetime.date | None = None) -> Self:
        """Each party's current stance on each provision: its latest published, non-retracted
        position by the date it was stated (undated ones rank below dated ones)."""
        return self.filter(self.current_condition(as_of))

    def current_condition(self, as_of: datetime.date | None = None) -> Q:
        """What makes a position current (see current()), as a condition to filter or annotate
        with. Today's comes from the stored `is_current` flag; a day in the past is replayed
        from the history."""
        if as_of is None:
            return Q(is_current=True)
        return Q(pk__in=self._latest(Position.objects.as_of(as_of)))

    def _latest(self, positions: PositionQuerySet) -> QuerySet[Any, dict[str, Any]]:
        """The ids of the latest published, non-retracted position of each (party, provision)
        among `positions`."""
        candidates = positions.visible()
        # Every (party, provision)'s candidates ranked in one pass of a window function; a
        # correlated subquery would sort a pair's candidates again for each of its positions,
        # which takes minutes over a million positions. The `+ 0` changes no value: it keeps
        # SQLite from walking the partial unique index on (party, provision, …) and fetching
        # a million rows one by one, three times slower than scanning and sorting them.
        latest = (
            candidates.with_effective_date()
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("party") + 0, F("provision") + 0],
                    order_by=self._newest_first_order(),
                )
            )
            .filter(rank=1)
            .values("pk")
        )
        return latest

    def refresh_current(self, pairs: Iterable[tuple[int, int]] | None = None) -> None:
        """Set `is_current` again for the positions of these (party id, provision id) pairs, or
        of every pair when `pairs` is None. Every write that can change which position is the
        latest calls this in its own transaction (Position.save, Source.save, the loaders)."""
        positions = Position.objects.all()
        with transaction.atomic():
            if pairs is not None:
                pairs = sorted(set(pairs))
                if not pairs:
                    return
                # Two saves on one pair at once must not each see only their own new position
                # and both mark it current: writers on the same party wait for each other here
                # (PostgreSQL; SQLite writes one at a time anyway).
                parties = sorted({party_id for party_id, _ in pairs})
                list(Party.objects.select_for_update().filter(pk__in=parties).values_list("pk"))
                chosen = Q()
                for party_id, provision_id in pairs:
                    chosen |= Q(party_id=party_id, provision_id=provision_id)
                positions = positions.filter(chosen)
            latest = self._latest(positions)
            positions.filter(is_current=True).exclude(pk__in=latest).update(
                is_current=False, order_unknown=False
            )
            positions.filter(is_current=False, pk__in=latest).update(is_current=True)
            # Whether the current one can be told apart in time from the others of its pair.
            unknown = (
                positions.filter(is_current=True)
                .with_order_unknown()
                .filter(Q(order_unknown_now=True))
                .values("pk")
            )
            current = positions.filter(is_current=True)
            current.filter(order_unknown=True).exclude(pk__in=unknown).update(order_unknown=False)
            current.filter(order_unknown=False, pk__in=unknown).update(order_unknown=True)
            self._store_cell_ranks(positions)

    def _store_cell_ranks(self, positions: PositionQuerySet) -> None:
        """Set `cell_rank` and `cell_count` again for `positions` (whole cells: every position
        of a party on a provision, or none): each published one's place among its party's
        published positions on its provision, newest first, and how many those are; None for
        the others. One UPDATE, writing only the rows whose numbers changed."""
        published = ReviewStatus.PUBLISHED
        cell = [F("party") + 0, F("provision") + 0]  # `+ 0`: see _latest()
        ranked = (
            positions.filter(status=published)
            .with_effective_date()
            .annotate(
                position_id=F("pk"),
                new_rank=Window(
                    RowNumber(), partition_by=cell, order_by=self._newest_first_order()
                ),
                new_count=Window(Count("pk"), partition_by=cell),
            )
            .values("position_id", "new_rank", "new_count")
        )
        connection = connections[positions.db]
        sql, params = ranked.query.sql_with_params()
        table = connection.ops.quote_name(Position._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET cell_rank = ranked.new_rank, cell_count = ranked.new_count "
                f"FROM ({sql}) AS ranked WHERE {table}.id = ranked.position_id "
                f"AND ({table}.cell_rank IS NULL OR {table}.cell_rank <> ranked.new_rank "
                f"OR {table}.cell_count <> ranked.new_count)",
                params,
            )
        positions.exclude(status=published).filter(cell_rank__isnull=False).update(
            cell_rank=None, cell_count=None
        )


class Position(Retractable, Reviewable, Versioned):
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="positions")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    excerpt = models.ForeignKey(
        Excerpt,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text="The verbatim evidence. A position cannot exist without one.",
    )
    speaker = models.CharField(
        max_length=300, blank=True, help_text="Who said it, when the source names them."
    )
    attribution = models.CharField(max_length=20, choices=Attribution.choices)
    stated_on = models.DateField(
        null=True, blank=True, help_text="When it was said, if the source gives a date."
    )
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date it was said is known: the day, or only its week "
        "(give its Monday) or month (give its first day).",
    )
    summary = models.CharField(
        max_length=300, help_text="One neutral line: what was said, in reported speech."
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    vote_event = models.ForeignKey(
        "tracker.VoteEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="explanations",
        help_text="When the statement explains a vote: that vote.",
    )
    about_version = models.ForeignKey(
        "tracker.Version",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the text the statement is about, when an editor names it; "
        "otherwise the version that stood on the day it was stated.",
    )
    # Derived, kept by PositionQuerySet.refresh_current(): this is its party's latest published
    # position on the provision. Not part of the record: left out of history and data files.
    is_current = models.BooleanField(default=False, editable=False)
    # Derived, kept by PositionQuerySet.refresh_current() too: a published position's place
    # among its party's published positions on its provision (retracted ones included), 1 for
    # the newest, and how many those are; None while not published. A page shows the newest
    # few of each cell by reading them with an index, instead of ranking the whole provision.
    cell_rank = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cell_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Derived, kept by tracker/recording/wording.py: the version the statement refers to (the
    # one named, or the one standing on its day), and whether a later version of that draft
    # changed the wording on its provision. Not part of the record either.
    refers_to = models.ForeignKey(
        "tracker.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    wording_changed = models.BooleanField(default=False, editable=False)
    # Derived, kept by refresh_current() with is_current: this current position cannot be told
    # apart in time from another of its party on its provision (one of them is undated, or their
    # dates overlap to their precision), so it is current only by the order of recording.
    order_unknown = models.BooleanField(default=False, editable=False)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "is_current",
            "cell_rank",
            "cell_count",
            "refers_to",
            "wording_changed",
            "order_unknown",
        ]
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        permissions = [("review_position", "Can publish or send back a position")]
        constraints = [
            *Retractable.Meta.constraints,
            models.CheckConstraint(
                name="position_stance_valid", condition=Q(stance__in=Stance.values)
            ),
            models.CheckConstraint(
                name="position_attribution_valid", condition=Q(attribution__in=Attribution.values)
            ),
            models.CheckConstraint(
                name="position_origin_valid", condition=Q(origin__in=Origin.values)
            ),
            models.CheckConstraint(
                name="position_precision_valid",
                condition=Q(date_precision__in=DatePrecision.values),
            ),
            models.CheckConstraint(
                name="position_status_valid", condition=Q(status__in=ReviewStatus.values)
            ),
            models.UniqueConstraint(
                fields=["party", "provision", "stance", "excerpt"],
                condition=Q(retracted_at__isnull=True),
                name="position_not_duplicated",
                violation_error_message="The same party, provision, stance and excerpt is already "
                "recorded.",
            ),
        ]
        indexes = [
            # PositionQuerySet.current(): latest position per (party, provision).
            models.Index(
                fields=["party", "provision", "stated_on"], name="position_party_prov_idx"
            ),
            # The matrix, overview and pages: today's current positions, a small part of all.
            models.Index(
                fields=["provision", "party"],
                condition=Q(is_current=True),
                name="position_current_idx",
            ),
            # The provision page and the party page: the newest few positions of each cell.
            models.Index(fields=["provision", "cell_rank"], name="position_prov_rank_idx"),
            models.Index(fields=["party", "cell_rank"], name="position_party_rank_idx"),
            # The overview's latest positions and the feed: newest recorded first.
            models.Index(fields=["recorded_at", "id"], name="position_recorded_idx"),
            # The matrix's replay days (tracker.reading.matrix.replay_days), newest first.
            models.Index(
                fields=["stated_on"],
                condition=Q(status=ReviewStatus.PUBLISHED, retracted_at__isnull=True),
                name="position_published_day_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} · {self.provision}: {self.get_stance_display()}"

    def get_absolute_url(self) -> str:
        """Its place in the matrix cell that lists every position of its party on its
        provision."""
        cell = reverse("tracker:matrix-cell", args=[self.party.code, self.provision.slug])
        return f"{cell}#position-{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            before: list[tuple[int, int]] = []
            if not self._state.adding:
                stored = Position.objects.filter(pk=self.pk)
                before = list(stored.values_list("party_id", "provision_id"))
            pairs = {*before, (self.party_id, self.provision_id)}
            super().save(*args, **kwargs)
            Position.objects.refresh_current(pairs)
            flags = Position.objects.filter(pk=self.pk).values("is_current", "order_unknown")[0]
            self.is_current, self.order_unknown = flags["is_current"], flags["order_unknown"]

    def clean(self) -> None:
        if not self.summary.strip():
            raise ValidationError({"summary": "Write a one-line neutral summary."})
        if self.stated_on and self.stated_on > timezone.localdate():
            raise ValidationError(
                {"stated_on": "A position cannot have been stated in the future."}
            )

    @property
    def date_text(self) -> str:
        """When it was said as far as is known, and how: "stated 4 Nov 2025", "stated the week
        of 3 Nov 2025", "reported November 2025" (its source's date), "date not known"."""
        if self.stated_on:
            return f"stated {date_label(self.stated_on, self.date_precision)}"
        source = self.excerpt.source
        if source.published_on:
            return f"reported {source.date_label}"
        return "date not known"

    @property
    def source(self) -> Source:
        return self.excerpt.source
