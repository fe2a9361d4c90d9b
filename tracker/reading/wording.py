"""The read side of the negotiation's texts: its drafts and versions in order, what each version
changed on each provision (from the texts, or as reported), a provision's wording in each
version, the crosswalk between rival drafts, and what a position's statement refers to.

Every function runs a fixed number of queries, whatever the number of versions and paragraphs
(tests/test_pages_texts.py measures it at two sizes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from tracker.models import (
    Coverage,
    Draft,
    Excerpt,
    Negotiation,
    Paragraph,
    ParagraphProvision,
    Position,
    Presence,
    Provision,
    ReportedChange,
    Source,
    Version,
    VersionStatus,
    WordingChange,
)
from tracker.text.akn import AknMeta, version_akn
from tracker.text.diffs import ParagraphChange, diff_versions
from tracker.text.paragraphs import Paragraph as TextParagraph


def drafts_of(negotiation: Negotiation) -> list[Draft]:
    """The negotiation's drafts in order, each with `.version_list` (in order, with their
    citations and reported changes) and `.latest`."""
    drafts = list(
        negotiation.drafts.select_related("sponsor").prefetch_related(
            Prefetch(
                "versions",
                queryset=Version.objects.select_related("text_source").prefetch_related(
                    "citations",
                    Prefetch(
                        "reported_changes",
                        queryset=ReportedChange.objects.select_related("provision")
                        .prefetch_related("citations")
                        .order_by("provision__display_order", "pk"),
                    ),
                ),
            )
        )
    )
    for draft in drafts:
        draft.version_list = sorted(draft.versions.all(), key=lambda v: v.number)
        draft.latest = draft.version_list[-1] if draft.version_list else None
    return drafts


def paragraphs_of(version: Version) -> list[Paragraph]:
    """The version's paragraphs in reading order, each with `.provision_list`."""
    paragraphs = list(
        version.paragraphs.prefetch_related(
            Prefetch(
                "paragraphprovision_set",
                queryset=ParagraphProvision.objects.select_related("provision").order_by(
                    "provision__display_order"
                ),
            )
        ).order_by("order")
    )
    for paragraph in paragraphs:
        paragraph.provision_list = list(paragraph.paragraphprovision_set.all())
    return paragraphs


@dataclass
class ProvisionWording:
    """A provision in one version: the paragraphs that carry it, and what was reported."""

    version: Version
    paragraphs: list[Paragraph] = field(default_factory=list)
    reported: list[ReportedChange] = field(default_factory=list)
    changed: bool = False  # this version changed the wording on it


def wording_by_version(provision: Provision) -> list[tuple[Draft, list[ProvisionWording]]]:
    """For each draft of the provision's negotiation, the provision in each of its versions:
    the paragraphs that carry it, the changes reported to it, and whether the version changed
    its wording (its paragraphs differ from the version before, or a change is reported).
    Four queries, whatever the number of drafts, versions and paragraphs."""
    versions = list(
        Version.objects.filter(draft__negotiation_id=provision.negotiation_id)
        .select_related("draft__negotiation", "draft__sponsor")
        .order_by("draft__order", "draft_id", "number")
    )
    reported = defaultdict(list)
    for change in ReportedChange.objects.filter(
        provision=provision, version__in=versions
    ).prefetch_related("citations"):
        reported[change.version_id].append(change)
    carried = defaultdict(list)
    for paragraph in Paragraph.objects.filter(provisions=provision, version__in=versions).order_by(
        "order"
    ):
        carried[paragraph.version_id].append(paragraph)
    drafts: dict[int, tuple[Draft, list[ProvisionWording]]] = {}
    for version in versions:
        draft, rows = drafts.setdefault(version.draft_id, (version.draft, []))
        before = rows[-1] if rows else None
        here = carried[version.pk]
        texts_differ = (
            before is not None
            and bool(version.text_source_id and before.version.text_source_id)
            and _wording(here) != _wording(before.paragraphs)
        )
        rows.append(
            ProvisionWording(
                version, here, reported[version.pk], bool(reported[version.pk]) or texts_differ
            )
        )
    return list(drafts.values())


def _wording(paragraphs: list[Paragraph]) -> set[tuple[str, str]]:
    return {(p.lineage, " ".join(p.text.split())) for p in paragraphs}


@dataclass
class CrosswalkRow:
    provision: Provision
    sides: list[Coverage | None]
    stances: list[Position] = field(default_factory=list)


def crosswalk(drafts: list[Draft]) -> list[CrosswalkRow]:
    """For each provision of the negotiation, what each draft says on it ("absent" where a
    draft has no counterpart, None where nothing is known), with the parties' current stances."""
    if not drafts:
        return []
    negotiation = drafts[0].negotiation
    coverage = {
        (c.draft_id, c.provision_id): c
        for c in Coverage.objects.filter(draft__in=drafts).prefetch_related("citations")
    }
    stances = defaultdict(list)
    for position in (
        Position.objects.current()
        .filter(provision__negotiation=negotiation)
        .select_related("party", "excerpt__source")
    ):
        stances[position.provision_id].append(position)
    rows = []
    for provision in negotiation.provisions.all():
        sides = [coverage.get((d.pk, provision.pk)) for d in drafts]
        if all(side is None for side in sides):
            continue
        rows.append(
            CrosswalkRow(
                provision,
                sides,
                sorted(stances[provision.pk], key=lambda p: p.party.display_key),
            )
        )
    return rows


def absent(coverage: Coverage | None) -> bool:
    return coverage is not None and coverage.presence == Presence.ABSENT


def changes_between(draft: Draft, old: Version, new: Version) -> dict[str, Any]:
    """What is known to have changed from `old` to `new` (same draft): the reported changes of
    each version after `old` up to `new`, and the provisions whose wording changed."""
    versions = [v for v in draft.version_list if old.number < v.number <= new.number]
    reported = [c for v in versions for c in v.reported_changes.all()]
    provisions = set(
        WordingChange.objects.filter(version__in=versions).values_list("provision_id", flat=True)
    )
    return {"versions": versions, "reported": reported, "provisions": provisions}


def text_paragraphs(paragraphs: Sequence[Paragraph]) -> list[TextParagraph]:
    """The stored paragraphs as the text library's (tracker/text/paragraphs.py)."""
    eids = {p.pk: p.eid for p in paragraphs}
    return [
        TextParagraph(
            kind="operative" if p.kind == "operative" else "preambular",
            number=p.number,
            point=p.point,
            label=p.label,
            eid=p.eid,
            parent_eid=eids.get(p.parent_id) if p.parent_id else None,
            start=p.start,
            end=p.end,
            text=p.text,
        )
        for p in paragraphs
    ]


def paragraph_changes(
    old: Version, new: Version, provision: Provision | None = None
) -> list[ParagraphChange]:
    """Paragraph by paragraph, what changed from `old` to `new` (both with known texts), with a
    word-level diff inside changed ones; the same paragraph is the one with the same lineage.
    With a provision, only the paragraphs that carry it in either version."""
    before, after = paragraphs_of(old), paragraphs_of(new)
    if provision is not None:
        lineages = {
            p.lineage
            for p in (*before, *after)
            if any(m.provision_id == provision.pk for m in p.provision_list)
        }
        before = [p for p in before if p.lineage in lineages]
        after = [p for p in after if p.lineage in lineages]
    position = {p.lineage: i for i, p in enumerate(before)}
    matches = {i: position[p.lineage] for i, p in enumerate(after) if p.lineage in position}
    return diff_versions(text_paragraphs(before), text_paragraphs(after), matches)


def akoma_ntoso(version: Version, paragraphs: list[Paragraph]) -> bytes:
    """The version as an Akoma Ntoso 3.0 document (tracker/text/akn.py)."""
    draft = version.draft
    adopted = version.status == VersionStatus.ADOPTED and version.resolution_symbol
    first = min((v.circulated_on for v in draft.versions.all() if v.circulated_on), default=None)
    day = version.circulated_on or first
    if day is None:
        raise ValueError("A version with no known day has no Akoma Ntoso address.")
    resolution_number = re.search(r"\d+", version.resolution_symbol)
    number = (
        resolution_number.group(0)
        if adopted and resolution_number
        else version.symbol or f"{draft.negotiation.slug}-{draft.slug}"
    )
    meta = AknMeta(
        name="resolution" if adopted else "resolutionDraft",
        number=number,
        work_date=day if adopted else (first or day),
        version_date=day,
        version="" if adopted else f"{day.isoformat()}-v{version.number}",
        title=f"{draft.title}: {version.label}",
    )
    return version_akn(meta, text_paragraphs(paragraphs))


def _day(day: Any) -> str | None:
    return day.isoformat() if day else None


def _citations(citations: Any) -> list[dict[str, Any]]:
    return [
        {
            "url": c.url,
            "outlet": c.outlet,
            "title": c.title,
            "published_on": _day(c.published_on),
            "quote": c.quote,
        }
        for c in citations
    ]


def drafts_document(negotiation: Negotiation) -> dict[str, Any]:
    """The data contract of /export/drafts.json (README, "drafts.json"): every draft of the
    negotiation with its sponsor and versions, each version's paragraphs and the changes
    reported to it, with their sources."""
    drafts = drafts_of(negotiation)
    versions = [v for d in drafts for v in d.version_list]
    paragraphs = defaultdict(list)
    for paragraph in (
        Paragraph.objects.filter(version__in=versions)
        .prefetch_related("provisions")
        .order_by("version_id", "order")
    ):
        paragraphs[paragraph.version_id].append(paragraph)
    return {
        "negotiation": {"slug": negotiation.slug, "title": negotiation.title},
        "drafts": [
            {
                "slug": draft.slug,
                "title": draft.title,
                "sponsor": draft.sponsor.code if draft.sponsor else None,
                "versions": [
                    {
                        "number": v.number,
                        "label": v.label,
                        "symbol": v.symbol or None,
                        "circulated_on": _day(v.circulated_on),
                        "date_precision": v.date_precision,
                        "status": v.status,
                        "resolution_symbol": v.resolution_symbol or None,
                        "provenance": v.provenance,
                        "sources": _citations(v.citations.all()),
                        "paragraphs": [
                            {
                                "eId": p.eid,
                                "stable_id": p.lineage,
                                "kind": p.kind,
                                "number": p.number,
                                "point": p.point or None,
                                "text": p.text,
                                "provisions": [q.slug for q in p.provisions.all()],
                            }
                            for p in paragraphs[v.pk]
                        ],
                        "reported_changes": [
                            {
                                "provision": c.provision.slug,
                                "kind": c.kind,
                                "what_changed": c.description,
                                "quoted_wording": c.quoted_wording or None,
                                "evidence": _citations(c.citations.all()),
                            }
                            for c in v.reported_changes.all()
                        ],
                    }
                    for v in draft.version_list
                ],
            }
            for draft in drafts
        ],
    }


def carried(newer: Source) -> dict[str, int]:
    """What became of the excerpts of the text `newer` replaced: how many were found in it as
    they were ("exact"), elsewhere ("moved"), with changed words ("changed"), or not ("lost")."""
    counts = dict.fromkeys(("exact", "moved", "changed", "lost", "total"), 0)
    earlier = newer.revision_of
    if earlier is None:
        return counts
    for status in Excerpt.objects.filter(source=newer, carried_from__source=earlier).values_list(
        "anchor_status", flat=True
    ):
        counts[status] = counts.get(status, 0) + 1
    counts["total"] = earlier.excerpts.standing().count()
    counts["lost"] = counts["total"] - counts["exact"] - counts["moved"] - counts["changed"]
    return counts
