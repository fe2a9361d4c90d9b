"""The read side of the negotiation's texts: its drafts and versions in order, what each version
changed on each provision (from the texts, or as reported), a provision's wording in each
version, the crosswalk between rival drafts, and what a position's statement refers to.

Every function runs a fixed number of queries, whatever the number of versions and paragraphs
(tests/test_pages_texts.py measures it at two sizes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from tracker.models import (
    Coverage,
    Draft,
    Negotiation,
    Paragraph,
    ParagraphProvision,
    Position,
    Presence,
    Provision,
    ReportedChange,
    Version,
    WordingChange,
)


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
    the paragraphs that carry it and the changes reported to it."""
    drafts = drafts_of(provision.negotiation)
    carried = defaultdict(list)
    for paragraph in (
        Paragraph.objects.filter(provisions=provision, version__draft__in=drafts)
        .select_related("version")
        .order_by("order")
    ):
        carried[paragraph.version_id].append(paragraph)
    changed = set(
        WordingChange.objects.filter(provision=provision).values_list("version_id", flat=True)
    )
    result = []
    for draft in drafts:
        rows = [
            ProvisionWording(
                version,
                carried[version.pk],
                [c for c in version.reported_changes.all() if c.provision_id == provision.pk],
                version.pk in changed,
            )
            for version in draft.version_list
        ]
        result.append((draft, rows))
    return result


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


def _text_paragraphs(paragraphs: list[Paragraph]) -> list[Any]:
    """The stored paragraphs as the text library's (tracker/text/paragraphs.py)."""
    from tracker.text.paragraphs import Paragraph as TextParagraph

    eids = {p.pk: p.eid for p in paragraphs}
    return [
        TextParagraph(
            kind=p.kind,
            number=p.number,
            point=p.point,
            eid=p.eid,
            parent_eid=eids.get(p.parent_id) if p.parent_id else None,
            start=p.start,
            end=p.end,
            text=p.text,
        )
        for p in paragraphs
    ]


def paragraph_changes(old: Version, new: Version, provision: Provision | None = None) -> list[Any]:
    """Paragraph by paragraph, what changed from `old` to `new` (both with known texts), with a
    word-level diff inside changed ones; the same paragraph is the one with the same lineage.
    With a provision, only the paragraphs that carry it in either version."""
    from tracker.text.diffs import diff_versions

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
    return diff_versions(_text_paragraphs(before), _text_paragraphs(after), matches)


def akoma_ntoso(version: Version, paragraphs: list[Paragraph]) -> bytes:
    """The version as an Akoma Ntoso 3.0 document (tracker/text/akn.py)."""
    from tracker.text.akn import AknMeta, version_akn

    draft = version.draft
    meta = AknMeta(
        title=f"{draft.title}: {version.label}",
        symbol=version.symbol,
        resolution_symbol=version.resolution_symbol,
        date=version.circulated_on,
        sponsor=draft.sponsor.name if draft.sponsor else "",
        negotiation=draft.negotiation.slug,
        draft=draft.slug,
        number=version.number,
    )
    return version_akn(meta, _text_paragraphs(paragraphs))


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
