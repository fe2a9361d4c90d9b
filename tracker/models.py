"""The tracker's records: a resolution, its provisions, the parties, the sources and what they say.

Nothing here is ever deleted through the app: sources, excerpts and positions are retracted with
a reason, and a newer position never overwrites an older one.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker import anchoring


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Retractable(models.Model):
    """A record that is withdrawn with a reason instead of being deleted."""

    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retraction_reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(class)s_retraction_has_reason",
                condition=(
                    Q(retracted_at__isnull=True, retraction_reason="")
                    | (Q(retracted_at__isnull=False) & ~Q(retraction_reason=""))
                ),
                violation_error_message="A retraction needs a reason, and only a retraction has one.",
            ),
        ]

    @property
    def is_retracted(self):
        return self.retracted_at is not None

    def retract(self, reason, user=None):
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Say why this is being retracted.")
        if self.is_retracted:
            raise ValidationError("This was already retracted.")
        self.retracted_at = timezone.now()
        self.retracted_by = user
        self.retraction_reason = reason
        self.save(update_fields=["retracted_at", "retracted_by", "retraction_reason", "updated_at"])


class StaleEdit(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(
            f"{instance._meta.verbose_name} {instance.pk} was changed by someone else."
        )


class Versioned(models.Model):
    """Optimistic concurrency: every save of an existing record checks, in the UPDATE itself,
    that the row still has the version this copy was read at, and bumps it. A save based on a
    stale copy raises StaleEdit and changes nothing."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleEdit(self)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Sent back"


class Reviewable(models.Model):
    """Nothing an editor records goes public on one person's word: it stays pending until a
    reviewer who is not its author publishes it (or sends it back with a comment)."""

    status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == ReviewStatus.PUBLISHED


class Origin(models.TextChoices):
    SEED = "seed", "Seed file"
    EDITOR = "editor", "Editor"


class ResolutionStatus(models.TextChoices):
    DRAFTING = "drafting", "Being drafted"
    CIRCULATED = "circulated", "Circulated to Council members"
    IN_BLUE = "in-blue", "Put in blue"
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not-adopted", "Not adopted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Resolution(TimeStamped):
    Status = ResolutionStatus

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    sponsor = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.DRAFTING
    )
    circulated_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-circulated_on", "title"]
        constraints = [
            models.CheckConstraint(
                name="resolution_status_valid", condition=Q(status__in=ResolutionStatus.values)
            ),
        ]

    def __str__(self):
        return self.title


class ProvisionCategory(models.TextChoices):
    SECURITY = "security", "Security"
    GOVERNANCE = "governance", "Governance"
    LEGAL_BASIS = "legal-basis", "Legal basis and oversight"
    HUMANITARIAN = "humanitarian", "Humanitarian"


class Provision(TimeStamped):
    Category = ProvisionCategory

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="provisions")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier; never change it once published."
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the draft says on this, as reported.")
    category = models.CharField(max_length=20, choices=ProvisionCategory.choices)
    display_order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "slug"]
        constraints = [
            models.CheckConstraint(
                name="provision_category_valid", condition=Q(category__in=ProvisionCategory.values)
            ),
        ]

    def __str__(self):
        return self.title


ALIAS_HELP = (
    "How writers refer to it. Matched case-insensitively as whole words, with plural and "
    "possessive forms, accents ignored, 7 = VII = seven. Written in capitals only (US, ISF, PA), "
    "it matches capitals only. A trailing * matches any word that starts with it (disarm*); "
    "“...” stands for up to four words (send ... troops)."
)


class Alias(models.Model):
    phrase = models.CharField(max_length=200, help_text=ALIAS_HELP)

    class Meta:
        abstract = True
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    def clean(self):
        from tracker.linking import compile_alias

        self.phrase = " ".join(self.phrase.split())
        if not re.search(r"\w", self.phrase):
            raise ValidationError({"phrase": "An alias needs at least one letter or digit."})
        try:
            compile_alias(self.phrase)
        except ValueError as error:
            raise ValidationError({"phrase": str(error)}) from None


class ProvisionAlias(Alias):
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "provision aliases"
        constraints = [
            models.UniqueConstraint(fields=["provision", "phrase"], name="provision_alias_unique"),
        ]


class PartyKind(models.TextChoices):
    PERMANENT_MEMBER = "permanent-member", "Permanent Council member"
    ELECTED_MEMBER = "elected-member", "Elected Council member"
    STATE = "state", "Other state"
    BLOC = "bloc", "Bloc or group"
    NON_STATE = "non-state", "Non-state actor"
    INTERNATIONAL_BODY = "international-body", "International body"


class Party(TimeStamped):
    Kind = PartyKind

    STATE_KINDS = (PartyKind.PERMANENT_MEMBER, PartyKind.ELECTED_MEMBER, PartyKind.STATE)

    code = models.CharField(
        max_length=60,
        unique=True,
        help_text="ISO 3166-1 alpha-3 in capitals for a state (USA); a lower-case slug otherwise "
        "(hamas, arab-states).",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartyKind.choices)
    description = models.TextField(blank=True)
    groups = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="members",
        help_text="Blocs or groups this party belongs to, where it matters.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(name="party_kind_valid", condition=Q(kind__in=PartyKind.values)),
        ]

    def __str__(self):
        return self.name

    @property
    def is_state(self):
        return self.kind in self.STATE_KINDS

    def clean(self):
        if self.is_state and not re.fullmatch(r"[A-Z]{3}", self.code):
            raise ValidationError(
                {"code": "A state's code is its ISO 3166-1 alpha-3 code in capitals, e.g. TUR."}
            )
        if not self.is_state and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.code):
            raise ValidationError(
                {"code": "A code for a group or non-state actor is a lower-case slug, e.g. hamas."}
            )


class PartyAlias(Alias):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "party aliases"
        constraints = [
            models.UniqueConstraint(fields=["party", "phrase"], name="party_alias_unique"),
        ]


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources the public may see: published ones (retracted ones too, shown as such)."""
        return self.filter(status=ReviewStatus.PUBLISHED)


class Source(TimeStamped, Retractable, Reviewable, Versioned):
    """One stored article. Unknown metadata stays blank: nothing is guessed."""

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en", help_text="BCP 47 tag, e.g. en, fr.")
    text = models.TextField(help_text="The full article text, Unicode NFC with \\n line endings.")
    text_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    seed_file = models.CharField(max_length=200, blank=True, help_text="File name under seeds/.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]
        permissions = [("review_source", "Can publish or send back a source")]
        constraints = [
            *Retractable.Meta.constraints,
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="source_url_unique_when_known"
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
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        if self.text != anchoring.normalize_text(self.text):
            raise ValueError(
                "Source text must be normalised (NFC, \\n line endings) before saving."
            )
        self.text_sha256 = anchoring.text_digest(self.text)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            # A position without a date of its own dates from its source: a new publication
            # date can change which of a party's positions is the latest.
            cited = Position.objects.filter(excerpt__source=self).values_list(
                "party_id", "provision_id"
            )
            Position.objects.refresh_current(cited.distinct())

    @property
    def display_title(self):
        """The stored title, or (marked as such) the article's opening words when none is known."""
        if self.title:
            return self.title
        opening = " ".join(self.text.split()[:12])
        return f"[untitled] {opening}…"

    def clean(self):
        if self.text != anchoring.normalize_text(self.text):
            raise ValidationError({"text": "The text must be normalised before it is stored."})


class MadeBy(models.TextChoices):
    LINKER = "linker", "Linker"
    PERSON = "person", "Person"


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[provisions, parties])

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

    def __str__(self):
        return f"{self.exact[:80]}…" if len(self.exact) > 80 else self.exact

    def save(self, *args, **kwargs):
        if error := self.anchoring_error():
            raise ValidationError(error)
        super().save(*args, **kwargs)

    @classmethod
    def for_span(cls, source, start, end, **fields):
        """An unsaved excerpt of source.text[start:end] with both selectors filled in."""
        exact, prefix, suffix = anchoring.quote_selector(source.text, start, end)
        return cls(
            source=source, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix, **fields
        )

    def anchoring_error(self):
        """Why this excerpt does not match its source, or None when it does."""
        if not (0 <= self.start < self.end <= len(self.source.text)):
            return f"Offsets {self.start}–{self.end} fall outside the source text."
        found = self.source.text[self.start : self.end]
        if found != self.exact:
            return f"The source text at {self.start}–{self.end} is {found!r}, not {self.exact!r}."
        return None

    def clean(self):
        if self.source_id is not None and (error := self.anchoring_error()):
            raise ValidationError(error)


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


class PositionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retracted_at__isnull=True)

    def with_effective_date(self):
        """`effective_on`: the date it was stated, else its source's publication date."""
        return self.annotate(effective_on=Coalesce("stated_on", "excerpt__source__published_on"))

    def as_of(self, day):
        """Positions known to have been stated on or before `day`. Undated ones are left out:
        nothing says they had been stated by then."""
        return self.with_effective_date().filter(effective_on__lte=day)

    def public(self):
        """What the public may see (pages, matrix, exports, feeds): published positions,
        retracted ones included (they are shown as retracted and never count as current)."""
        return self.filter(status=ReviewStatus.PUBLISHED)

    def pending(self):
        """What waits for a reviewer."""
        return self.filter(status=ReviewStatus.PENDING, retracted_at__isnull=True)

    @staticmethod
    def _newest_first_order():
        return [F("effective_on").desc(nulls_last=True), F("recorded_at").desc(), F("pk").desc()]

    def newest_first(self):
        return self.with_effective_date().order_by(*self._newest_first_order())

    def current(self, as_of=None):
        """Each party's current stance on each provision: its latest published, non-retracted
        position by the date it was stated (undated ones rank below dated ones)."""
        return self.filter(self.current_condition(as_of))

    def current_condition(self, as_of=None):
        """What makes a position current (see current()), as a condition to filter or annotate
        with. Today's comes from the stored `is_current` flag; a day in the past is replayed
        from the history."""
        if as_of is None:
            return Q(is_current=True)
        return Q(pk__in=self._latest(Position.objects.as_of(as_of)))

    def _latest(self, positions):
        """The ids of the latest published, non-retracted position of each (party, provision)
        among `positions`."""
        candidates = positions.public().active()
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

    def refresh_current(self, pairs=None):
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
            positions.filter(is_current=True).exclude(pk__in=latest).update(is_current=False)
            positions.filter(is_current=False, pk__in=latest).update(is_current=True)


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
    summary = models.CharField(
        max_length=300, help_text="One neutral line: what was said, in reported speech."
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived, kept by PositionQuerySet.refresh_current(): this is its party's latest published
    # position on the provision. Not part of the record: left out of history and data files.
    is_current = models.BooleanField(default=False, editable=False)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["is_current"])

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
            # The matrix's replay days (tracker.matrix.replay_days), newest first.
            models.Index(
                fields=["stated_on"],
                condition=Q(status=ReviewStatus.PUBLISHED, retracted_at__isnull=True),
                name="position_published_day_idx",
            ),
        ]

    def __str__(self):
        return f"{self.party} · {self.provision}: {self.get_stance_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            before = []
            if not self._state.adding:
                before = Position.objects.filter(pk=self.pk).values_list("party_id", "provision_id")
            pairs = {*before, (self.party_id, self.provision_id)}
            super().save(*args, **kwargs)
            Position.objects.refresh_current(pairs)
            self.is_current = Position.objects.filter(pk=self.pk, is_current=True).exists()

    def clean(self):
        if not self.summary.strip():
            raise ValidationError({"summary": "Write a one-line neutral summary."})
        if self.stated_on and self.stated_on > timezone.localdate():
            raise ValidationError(
                {"stated_on": "A position cannot have been stated in the future."}
            )

    @property
    def source(self):
        return self.excerpt.source


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

    def __str__(self):
        return f"{self.party} · {self.provision} · excerpt {self.excerpt_id}"


class DataStamp(models.Model):
    """One row whose token changes, in the same transaction, with every change to the tracker's
    records (tracker/freshness.py). Reader pages are cached under it: a new token, a new page."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
