"""A version's text as paragraphs with stable identities, which provisions each carries, and
what each version changed on each provision (worked out from the texts, or reported)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tracker.models.negotiations import Version


class ParagraphKind(models.TextChoices):
    PREAMBULAR = "preambular", "Preambular"
    OPERATIVE = "operative", "Operative"


class Paragraph(models.Model):
    """A preambular or operative paragraph of a version with a known text, or one of its
    sub-points, numbered as the text numbers it. `eid` names it in this version (AKN4UN-style:
    para_7, para_7__list_1__point_a); `lineage` is its identity across versions, which survives
    renumbering (a paragraph inserted before OP7 makes it OP8, and it is the same paragraph)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="paragraphs")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="points"
    )
    kind = models.CharField(max_length=12, choices=ParagraphKind.choices)
    number = models.PositiveIntegerField()
    point = models.CharField(
        max_length=24, blank=True, help_text="a, b… of a point; b.ii for a point within one."
    )
    label = models.CharField(
        max_length=24, blank=True, help_text="The number as the text writes it: 7. or (a)."
    )
    eid = models.CharField(max_length=120)
    lineage = models.CharField(max_length=32, db_index=True)
    lineage_by_editor = models.BooleanField(
        default=False, help_text="An editor said which earlier paragraph this one is."
    )
    order = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    provisions = models.ManyToManyField(
        "tracker.Provision", through="ParagraphProvision", related_name="paragraphs"
    )

    # Set by tracker.reading.wording.paragraphs_of: its mappings to provisions, in display order.
    provision_list: list[ParagraphProvision]

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "eid"], name="paragraph_eid_unique"),
            models.UniqueConstraint(fields=["version", "lineage"], name="paragraph_lineage_unique"),
            models.CheckConstraint(
                name="paragraph_kind_valid", condition=Q(kind__in=ParagraphKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version.label} {self.name}"

    @property
    def name(self) -> str:
        """PP3, OP7, OP7 (a), OP8 (b) (ii)."""
        head = f"{'PP' if self.kind == ParagraphKind.PREAMBULAR else 'OP'}{self.number}"
        points = "".join(f" ({part})" for part in self.point.split(".") if part)
        return head + points


class Mapping(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the linker"
    CONFIRMED = "confirmed", "Confirmed by an editor"
    CARRIED = "carried", "Carried from the previous version"


class ParagraphProvision(models.Model):
    """A paragraph carries a provision: proposed by the linker, confirmed by an editor, or
    carried from the same paragraph in the previous version."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE)
    provision = models.ForeignKey("tracker.Provision", on_delete=models.PROTECT)
    mapping = models.CharField(max_length=10, choices=Mapping.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "provision"], name="paragraph_provision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.provision}"


class WordingChange(models.Model):
    """Derived, kept by the write side: `version` changed the wording on `provision` from the
    version before it, as the texts show (a paragraph carrying it was added, removed or
    changed) or as sources report. "May refer to earlier wording" is read from these."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="wording_changes")
    provision = models.ForeignKey(
        "tracker.Provision", on_delete=models.CASCADE, related_name="wording_changes"
    )
    from_text = models.BooleanField(help_text="Seen in the texts (else only reported).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "provision"], name="wording_change_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version} changed {self.provision}"
