"""What editors teach the linker: each suggestion they keep or leave out, each excerpt they make by
hand, as labelled examples; and the aliases and exclusions proposed from them, which change the
vocabulary only once a member of staff approves them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tracker.models.base import TimeStamped
from tracker.models.catalogue import Party, Provision
from tracker.models.sources import Source


class Verdict(models.TextChoices):
    KEPT = "kept", "Kept (a suggestion saved)"
    DROPPED = "dropped", "Left out (a suggestion unticked)"
    ADDED = "added", "Made by hand (an excerpt for a position)"


def _one_of_provision_or_party(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=Q(provision__isnull=False, party__isnull=True)
        | Q(provision__isnull=True, party__isnull=False),
    )


class LinkExample(TimeStamped):
    """One provision or party in one sentence of a source, as an editor judged it: kept or left
    out where the linker suggested it, linked by hand where a position cites the words."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="link_examples")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The sentence or excerpt, as stored in the source.")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    covered = models.BooleanField(
        help_text="Whether the linker finds this provision or party in these words."
    )
    matched = models.CharField(
        max_length=300, blank=True, help_text="The words the linker matched, if it found any."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            _one_of_provision_or_party("link_example_one_label"),
            models.CheckConstraint(
                name="link_example_verdict_valid", condition=Q(verdict__in=Verdict.values)
            ),
        ]
        indexes = [
            # The admin's list of what editors linked that no alias covers.
            models.Index(fields=["verdict", "covered"], name="link_example_uncovered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.get_verdict_display()}"

    @property
    def label(self) -> Provision | Party | None:
        return self.provision or self.party


class ProposalKind(models.TextChoices):
    ALIAS = "alias", "New alias"
    EXCLUSION = "exclusion", "New exclusion"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for staff"
    APPROVED = "approved", "Approved (in the vocabulary)"
    REJECTED = "rejected", "Rejected"


class VocabularyProposal(TimeStamped):
    """A phrase the examples suggest as an alias or exclusion of a provision or party. It
    changes nothing until staff approve it (tracker/recording/vocabulary.py)."""

    Kind = ProposalKind
    Status = ProposalStatus

    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    phrase = models.CharField(max_length=200)
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    support = models.PositiveIntegerField(
        help_text="Examples it would have got right (sentences editors linked, or left out)."
    )
    against = models.PositiveIntegerField(default=0, help_text="Examples it would have got wrong.")
    examples = models.ManyToManyField(LinkExample, blank=True, related_name="proposals")
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-support", "phrase"]
        constraints = [
            _one_of_provision_or_party("vocabulary_proposal_one_label"),
            models.CheckConstraint(
                name="vocabulary_proposal_kind_valid", condition=Q(kind__in=ProposalKind.values)
            ),
            models.CheckConstraint(
                name="vocabulary_proposal_status_valid",
                condition=Q(status__in=ProposalStatus.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} “{self.phrase}” for {self.label}"

    @property
    def label(self) -> Provision | Party | None:
        return self.provision or self.party
