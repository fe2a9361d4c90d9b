"""The catalogue staff curate: a negotiation's provisions, the parties, and the aliases by which
writers refer to them."""

import re
from typing import Self

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.models.base import TimeStamped


class ProvisionCategory(models.TextChoices):
    WHOLE_TEXT = "whole-text", "The text as a whole"
    SECURITY = "security", "Security"
    GOVERNANCE = "governance", "Governance"
    LEGAL_BASIS = "legal-basis", "Legal basis and oversight"
    HUMANITARIAN = "humanitarian", "Humanitarian"


class Provision(TimeStamped):
    Category = ProvisionCategory

    negotiation = models.ForeignKey(
        "tracker.Negotiation", on_delete=models.PROTECT, related_name="provisions"
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier; never change it once published."
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the draft says on this, as reported.")
    summary_sources = models.TextField(
        blank=True,
        help_text="The public pages that report what the summary says, one URL a line.",
    )
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

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tracker:provision", args=[self.slug])

    @property
    def source_urls(self) -> list[str]:
        return self.summary_sources.split()

    def clean(self) -> None:
        validate = URLValidator(schemes=["http", "https"])
        for url in self.source_urls:
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    {"summary_sources": f"{url!r} is not a web address (http:// or https://)."}
                ) from None


ALIAS_HELP = (
    "How writers refer to it. Matched case-insensitively as whole words, with plural and "
    "possessive forms, accents ignored, 7 = VII = seven. Written in capitals only (US, ISF, PA), "
    "it matches capitals only. A trailing * matches any word that starts with it (disarm*); "
    "“...” stands for up to four words (send ... troops)."
)


REFERS_BACK_HELP = (
    "Only where the same text named it shortly before: “the force” after “the International "
    "Stabilization Force”, “the group” after “Hamas”."
)
EXCLUSION_HELP = (
    "A phrase inside which a match of this provision or party is no mention of it: “British "
    "Mandate” (not the ISF's mandate, not the United Kingdom). Matched as aliases are."
)


class Phrase(models.Model):
    """A phrase of the linker's vocabulary, matched as the help text says."""

    phrase = models.CharField(max_length=200, help_text=ALIAS_HELP)

    class Meta:
        abstract = True
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase

    def clean(self) -> None:
        from tracker.text.linking import compile_alias

        self.phrase = " ".join(self.phrase.split())
        if not re.search(r"\w", self.phrase):
            raise ValidationError({"phrase": "A phrase needs at least one letter or digit."})
        try:
            compile_alias(self.phrase)
        except ValueError as error:
            raise ValidationError({"phrase": str(error)}) from None


class Alias(Phrase):
    refers_back = models.BooleanField(default=False, help_text=REFERS_BACK_HELP)

    class Meta(Phrase.Meta):
        abstract = True


class Exclusion(Phrase):
    phrase = models.CharField(max_length=200, help_text=EXCLUSION_HELP)

    class Meta(Phrase.Meta):
        abstract = True


class ProvisionAlias(Alias):
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = "provision aliases"
        constraints = [
            models.UniqueConstraint(fields=["provision", "phrase"], name="provision_alias_unique"),
        ]


class ProvisionExclusion(Exclusion):
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="exclusions")
    history = HistoricalRecords()

    class Meta(Exclusion.Meta):
        verbose_name_plural = "provision exclusions"
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "phrase"], name="provision_exclusion_unique"
            ),
        ]


class PartyKind(models.TextChoices):
    PERMANENT_MEMBER = "permanent-member", "Permanent Council member"
    ELECTED_MEMBER = "elected-member", "Elected Council member"
    STATE = "state", "Other state"
    BLOC = "bloc", "Bloc or group"
    NON_STATE = "non-state", "Non-state actor"
    INTERNATIONAL_BODY = "international-body", "International body"


# How parties are listed everywhere (pages, matrix, exports): permanent members, elected members,
# other states, blocs, non-state actors, international bodies; by name within a kind.
PARTY_KIND_ORDER = [kind.value for kind in PartyKind]


class PartyQuerySet(models.QuerySet):
    def in_display_order(self) -> Self:
        """By kind (PARTY_KIND_ORDER), then by name."""
        rank = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(PARTY_KIND_ORDER)),
            default=Value(len(PARTY_KIND_ORDER)),
        )
        return self.alias(kind_rank=rank).order_by("kind_rank", "name", "code")


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

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(name="party_kind_valid", condition=Q(kind__in=PartyKind.values)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The party's page in the default negotiation (tracker:party names one)."""
        return reverse("tracker:party-default", args=[self.code])

    @property
    def display_key(self) -> tuple[int, str, str]:
        """Sorts parties as they are listed everywhere (see PARTY_KIND_ORDER)."""
        return self.display_key_of(self.kind, self.name, self.code)

    @staticmethod
    def display_key_of(kind: str, name: str, code: str) -> tuple[int, str, str]:
        """The same key from a row's values, for rows that are not instances."""
        return (PARTY_KIND_ORDER.index(kind), name, code)

    @property
    def is_state(self) -> bool:
        return self.kind in self.STATE_KINDS

    def clean(self) -> None:
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


class PartyExclusion(Exclusion):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="exclusions")
    history = HistoricalRecords()

    class Meta(Exclusion.Meta):
        verbose_name_plural = "party exclusions"
        constraints = [
            models.UniqueConstraint(fields=["party", "phrase"], name="party_exclusion_unique"),
        ]
