"""The write side of the negotiation's texts: drafts, versions (with their text split into
paragraphs that keep their identity across versions), what versions reportedly changed, what
each draft carries, and new versions of any stored text (a revised draft, an article updated
at its address), with every excerpt re-anchored and nothing dropped silently.

Each function owns its transaction, refuses with Refused, and keeps the derived records up to
date in the same transaction: which versions changed the wording on which provision
(WordingChange), and, for each position, the version its statement refers to and whether the
wording changed since (Position.refers_to, Position.wording_changed).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from tracker.models import (
    ChangeKind,
    Citation,
    Coverage,
    DatePrecision,
    Draft,
    Excerpt,
    Negotiation,
    Origin,
    Paragraph,
    ParagraphProvision,
    Party,
    Position,
    Presence,
    Provenance,
    Provision,
    ReportedChange,
    ReviewStatus,
    Source,
    Version,
    VersionStatus,
    WordingChange,
)
from tracker.models import (
    Mapping as MappingKind,
)
from tracker.reading.wording import text_paragraphs
from tracker.recording.changes import attribute
from tracker.recording.refusals import Refused
from tracker.recording.sources import record_source
from tracker.text.anchoring import quote_selector
from tracker.text.linking import Linker
from tracker.text.matching import match_paragraphs
from tracker.text.paragraphs import split_paragraphs
from tracker.text.reanchoring import Reanchorer

Editor = User | None


def record_citation(
    *,
    url: str,
    outlet: str = "",
    title: str = "",
    published_on: datetime.date | None = None,
    quote: str = "",
    source: Source | None = None,
) -> Citation:
    """A public source reporting a fact; the same URL and words are one citation."""
    if not url.startswith(("http://", "https://")):
        raise Refused(f"A citation needs the web address of its source, not {url!r}.")
    quote = " ".join(quote.split())
    citation, _ = Citation.objects.get_or_create(
        url=url,
        quote=quote,
        defaults={
            "outlet": outlet,
            "title": title,
            "published_on": published_on,
            "source": source,
        },
    )
    return citation


def record_draft(
    negotiation: Negotiation,
    *,
    slug: str,
    title: str,
    sponsor: Party | None = None,
    order: int = 1,
    description: str = "",
) -> Draft:
    if negotiation.drafts.filter(slug=slug).exists():
        raise Refused(f"{negotiation} already has a draft {slug!r}.", code=Refused.DUPLICATE)
    return Draft.objects.create(
        negotiation=negotiation,
        slug=slug,
        title=title,
        sponsor=sponsor,
        order=order,
        description=description,
    )


def record_version(
    draft: Draft,
    *,
    label: str,
    status: str,
    provenance: str,
    citations: Sequence[Citation] = (),
    circulated_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    symbol: str = "",
    resolution_symbol: str = "",
    summary: str = "",
    text: str = "",
    by: Editor = None,
    published: bool = False,
) -> Version:
    """The next version of `draft`. With its text (an official text), the text is stored as a
    source (the previous version's text's next revision, its excerpts re-anchored), split into
    paragraphs, each paragraph matched to the one it was in the version before (its lineage),
    and the provisions it carries carried over or proposed by the linker. Without a text, the
    version holds what is known of it (its reported changes come separately)."""
    if status not in VersionStatus.values:
        raise Refused(f"{status!r} is not a version status.", field="status")
    if provenance not in Provenance.values:
        raise Refused(f"{provenance!r} is not a provenance.", field="provenance")
    if provenance == Provenance.OFFICIAL_TEXT and not text.strip():
        raise Refused("An official text needs the text itself.", field="text")
    if date_precision not in DatePrecision.values:
        raise Refused(f"{date_precision!r} is not a date precision.", field="date_precision")
    with transaction.atomic():
        previous = draft.versions.order_by("-number").first()
        number = previous.number + 1 if previous else 1
        earlier_day = previous.circulated_on if previous else None
        if previous and earlier_day and circulated_on and circulated_on < earlier_day:
            raise Refused(
                f"{label} is dated before {previous.label}, the version it follows.",
                field="circulated_on",
            )
        text_source = None
        if text.strip():
            earlier = _last_text(draft)
            text_source = record_source(
                text=text,
                by=by,
                title=f"{draft.title}: {label}" + (f" ({symbol})" if symbol else ""),
                outlet="United Nations" if symbol else "",
                published_on=circulated_on if date_precision == DatePrecision.DAY else None,
                origin=Origin.EDITOR if by else Origin.SEED,
                status=ReviewStatus.PUBLISHED if published or by is None else ReviewStatus.PENDING,
            )
            if earlier is not None:
                text_source.revision_of = earlier
                attribute(text_source, by, "The next version's text")
                text_source.save()
                _carry_excerpts(earlier, text_source, by)
        version = Version.objects.create(
            draft=draft,
            number=number,
            label=label,
            symbol=symbol,
            circulated_on=circulated_on,
            date_precision=date_precision,
            status=status,
            resolution_symbol=resolution_symbol,
            provenance=provenance,
            text_source=text_source,
            summary=summary,
        )
        version.citations.set(citations)
        if text_source is not None:
            _split_into_paragraphs(version)
        refresh_wording(draft.negotiation)
    return version


def _last_text(draft: Draft) -> Source | None:
    version = (
        draft.versions.filter(text_source__isnull=False)
        .select_related("text_source")
        .order_by("-number")
        .first()
    )
    return version.text_source if version else None


def _split_into_paragraphs(version: Version) -> None:
    """The version's paragraphs, each with its lineage: the same as the paragraph it matches in
    the previous version with a text, else a new one; their provisions carried from it, or
    proposed by the linker."""
    text = version.text
    parsed = split_paragraphs(text)
    earlier_version = (
        version.draft.versions.filter(number__lt=version.number, text_source__isnull=False)
        .order_by("-number")
        .first()
    )
    earlier: list[Paragraph] = (
        list(earlier_version.paragraphs.order_by("order").prefetch_related("provisions"))
        if earlier_version
        else []
    )
    matches = match_paragraphs(text_paragraphs(earlier), parsed) if earlier else {}
    linker = Linker.current()
    provisions = {
        p.slug: p for p in Provision.objects.filter(negotiation=version.draft.negotiation)
    }
    stored: dict[str, Paragraph] = {}
    for order, item in enumerate(parsed):
        before = earlier[matches[order]] if order in matches else None
        paragraph = Paragraph.objects.create(
            version=version,
            parent=stored.get(item.parent_eid) if item.parent_eid else None,
            kind=item.kind,
            number=item.number,
            point=item.point,
            label=item.label,
            eid=item.eid,
            lineage=before.lineage if before else uuid.uuid4().hex,
            order=order,
            start=item.start,
            end=item.end,
            text=item.text,
        )
        stored[item.eid] = paragraph
        carried = set(before.provisions.all()) if before else set()
        mentioned = {
            provisions[m.key]
            for m in linker.mentions(item.text)
            if m.kind == "provision" and m.key in provisions
        }
        ParagraphProvision.objects.bulk_create(
            [
                ParagraphProvision(paragraph=paragraph, provision=p, mapping=MappingKind.CARRIED)
                for p in carried
            ]
            + [
                ParagraphProvision(paragraph=paragraph, provision=p, mapping=MappingKind.PROPOSED)
                for p in mentioned - carried
            ]
        )


def set_lineage(paragraph: Paragraph, earlier: Paragraph | None, *, by: Editor) -> Paragraph:
    """An editor corrects the match: `paragraph` is `earlier` (a paragraph of the version
    before, or None: a new paragraph). Nothing else changes its identity afterwards."""
    version = paragraph.version
    with transaction.atomic():
        if earlier is not None:
            if earlier.version.draft_id != version.draft_id or earlier.version.number >= (
                version.number
            ):
                raise Refused("Choose a paragraph of an earlier version of the same draft.")
            taken = version.paragraphs.filter(lineage=earlier.lineage).exclude(pk=paragraph.pk)
            for other in taken:  # the paragraph that had it becomes new
                other.lineage = uuid.uuid4().hex
                other.save(update_fields=["lineage"])
            paragraph.lineage = earlier.lineage
        else:
            paragraph.lineage = uuid.uuid4().hex
        paragraph.lineage_by_editor = True
        paragraph.save(update_fields=["lineage", "lineage_by_editor"])
        refresh_wording(version.draft.negotiation)
    return paragraph


def map_provision(paragraph: Paragraph, provision: Provision, *, carries: bool, by: Editor) -> None:
    """An editor confirms that a paragraph carries a provision, or says it does not."""
    with transaction.atomic():
        if carries:
            ParagraphProvision.objects.update_or_create(
                paragraph=paragraph,
                provision=provision,
                defaults={"mapping": MappingKind.CONFIRMED},
            )
        else:
            ParagraphProvision.objects.filter(paragraph=paragraph, provision=provision).delete()
        refresh_wording(paragraph.version.draft.negotiation)


def correct_paragraph(
    paragraph: Paragraph,
    *,
    earlier: Paragraph | None,
    provisions: Iterable[Provision],
    by: Editor,
) -> Paragraph:
    """An editor's reading of one paragraph, in one save: which paragraph of the version before
    it is (`earlier`; None: new in this version), and the provisions it carries, which are then
    confirmed (those it was said to carry and no longer does are taken off)."""
    chosen = {p.pk: p for p in provisions}
    negotiation = paragraph.version.draft.negotiation
    if any(p.negotiation_id != negotiation.pk for p in chosen.values()):
        raise Refused("Choose provisions of this negotiation.", field="provisions")
    with transaction.atomic():
        current = (
            Paragraph.objects.filter(
                version__draft=paragraph.version.draft,
                version__number__lt=paragraph.version.number,
                lineage=paragraph.lineage,
            )
            .order_by("-version__number")
            .first()
        )
        if (earlier.pk if earlier else None) != (current.pk if current else None):
            set_lineage(paragraph, earlier, by=by)
        ParagraphProvision.objects.filter(paragraph=paragraph).exclude(
            provision__in=list(chosen)
        ).delete()
        for provision in chosen.values():
            ParagraphProvision.objects.update_or_create(
                paragraph=paragraph,
                provision=provision,
                defaults={"mapping": MappingKind.CONFIRMED},
            )
        refresh_wording(negotiation)
    return paragraph


def add_version(draft: Draft, *, citation: dict[str, Any], by: Editor, **details: Any) -> Version:
    """An editor adds the next version of a draft with the public source that reports it
    (`citation`: url, and optionally outlet and the words that report it). Its text, when
    given, is the official text: shown on the version page at once, like the version itself."""
    with transaction.atomic():
        cited = record_citation(**citation)
        return record_version(draft, citations=[cited], by=by, published=True, **details)


def add_reported_change(
    version: Version, *, citation: dict[str, Any], by: Editor, **details: Any
) -> ReportedChange:
    """An editor records what a source reports a version changed on a provision."""
    with transaction.atomic():
        cited = record_citation(**citation)
        return record_reported_change(version, citations=[cited], **details)


def record_reported_change(
    version: Version,
    *,
    provision: Provision,
    kind: str,
    description: str,
    citations: Sequence[Citation],
    quoted_wording: str = "",
) -> ReportedChange:
    """What sources report a version changed on a provision, with the sources."""
    if kind not in ChangeKind.values:
        raise Refused(f"{kind!r} is not a kind of change.", field="kind")
    if not citations:
        raise Refused("A reported change needs the source that reports it.", field="citations")
    if not description.strip():
        raise Refused("Say what changed, in neutral words.", field="description")
    with transaction.atomic():
        change = ReportedChange.objects.create(
            version=version,
            provision=provision,
            kind=kind,
            description=" ".join(description.split()),
            quoted_wording=" ".join(quoted_wording.split()),
        )
        change.citations.set(citations)
        refresh_wording(version.draft.negotiation)
    return change


def record_coverage(
    draft: Draft,
    provision: Provision,
    *,
    presence: str,
    summary: str = "",
    citations: Sequence[Citation] = (),
) -> Coverage:
    """Whether a draft carries a provision (and what it says on it), with the sources."""
    if presence not in Presence.values:
        raise Refused(f"{presence!r} is not one of {', '.join(Presence.values)}.")
    coverage, _ = Coverage.objects.update_or_create(
        draft=draft, provision=provision, defaults={"presence": presence, "summary": summary}
    )
    coverage.citations.set(citations)
    return coverage


# --- A new version of a stored text -----------------------------------------------------------


def record_revision(source: Source, text: str, *, by: Editor, **details: Any) -> Source:
    """A new version of a stored text (an article its outlet updated at the same address): a
    new source that replaces `source`, which stays readable; its excerpts re-anchored."""
    if hasattr(source, "next_revision"):
        raise Refused("This text already has a newer version.", record=source.next_revision)
    fields = {
        "title": source.title,
        "outlet": source.outlet,
        "author": source.author,
        "url": source.url,
        "published_on": source.published_on,
        "language": source.language,
        **details,
    }
    with transaction.atomic():
        url = fields.pop("url")
        new = record_source(text=text, by=by, **fields)
        new.url, new.revision_of = url, source
        attribute(new, by, "New version of its text")
        new.save()
        _carry_excerpts(source, new, by)
    return new


def _carry_excerpts(old: Source, new: Source, by: Editor) -> dict[str, int]:
    """Every standing excerpt of `old` found again in `new` by its quote selector: moved ones
    get new offsets, changed ones are marked so, lost ones stay with the old text (listed on
    the orphans page). Returns how many of each."""
    finder = Reanchorer(new.text)
    existing = {(e.start, e.end): e for e in new.excerpts.all()}
    counts: dict[str, int] = defaultdict(int)
    # Where two old excerpts land on one new span, the one a position cites keeps it, then a
    # person's, then the older: the same choice on every database.
    cited = Exists(Position.objects.filter(excerpt=OuterRef("pk")))
    olds = (
        old.excerpts.standing()
        .annotate(cited=cited)
        .order_by(F("cited").desc(), F("made_by").desc(), "pk")
        .prefetch_related("provisions", "parties")
    )
    for excerpt in olds:
        found = finder.reanchor(excerpt.exact, excerpt.prefix, excerpt.suffix, hint=excerpt.start)
        counts[found.status] += 1
        if not found.found:
            continue
        assert found.start is not None and found.end is not None
        twin = existing.get((found.start, found.end))
        if twin is None:
            exact, prefix, suffix = quote_selector(new.text, found.start, found.end)
            twin = Excerpt(
                source=new,
                start=found.start,
                end=found.end,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                made_by=excerpt.made_by,
                created_by=by,
            )
        elif twin.carried_from_id is not None:
            continue
        existing[(found.start, found.end)] = twin
        twin.carried_from = excerpt
        twin.anchor_status = found.status
        attribute(twin, by, "Re-anchored from the earlier text")
        twin.save()
        twin.provisions.add(*excerpt.provisions.all())
        twin.parties.add(*excerpt.parties.all())
    return dict(counts)


# --- Derived: what changed, and what each position refers to ------------------------------


def refresh_wording(negotiation: Negotiation) -> None:
    """Work out again which version changed the wording on which provision (from the texts,
    where the version and the one before both have one; and from reported changes), then each
    position's version and whether the wording changed since."""
    drafts = list(negotiation.drafts.prefetch_related("versions"))
    changes: set[tuple[int, int, bool]] = set()
    for draft in drafts:
        versions = sorted(draft.versions.all(), key=lambda v: v.number)
        for before, after in zip(versions, versions[1:], strict=False):
            if before.text_source_id and after.text_source_id:
                changes |= {(after.pk, p, True) for p in _changed_in_text(before, after)}
    for version_id, provision_id in ReportedChange.objects.filter(
        version__draft__negotiation=negotiation
    ).values_list("version_id", "provision_id"):
        if not any(c[:2] == (version_id, provision_id) for c in changes):
            changes.add((version_id, provision_id, False))
    WordingChange.objects.filter(version__draft__negotiation=negotiation).delete()
    WordingChange.objects.bulk_create(
        [WordingChange(version_id=v, provision_id=p, from_text=t) for v, p, t in sorted(changes)]
    )
    refresh_positions(negotiation, drafts)


def _changed_in_text(before: Version, after: Version) -> set[int]:
    """The provisions whose paragraphs differ between two versions with texts: a paragraph
    carrying it added, removed, or with other words."""

    def carried(version: Version) -> dict[int, set[tuple[str, str]]]:
        found: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for lineage, text, provision_id in ParagraphProvision.objects.filter(
            paragraph__version=version
        ).values_list("paragraph__lineage", "paragraph__text", "provision_id"):
            found[provision_id].add((lineage, " ".join(text.split())))
        return found

    old, new = carried(before), carried(after)
    return {p for p in set(old) | set(new) if old.get(p) != new.get(p)}


def refresh_positions(
    negotiation: Negotiation,
    drafts: Iterable[Draft] | None = None,
    positions: Iterable[int] | None = None,
) -> None:
    """Set each position's `refers_to` (the version it names, else the version of the text
    under negotiation that stood on the day it was stated or, undated, its source's day) and
    `wording_changed` (a later version of that draft changed the wording on its provision).
    `positions`: only these ids (after one was recorded or edited)."""
    drafts = sorted(
        drafts or negotiation.drafts.prefetch_related("versions"), key=lambda d: d.order
    )
    scope = Position.objects.filter(provision__negotiation=negotiation)
    if positions is not None:
        scope = scope.filter(pk__in=list(positions))
    if not drafts:
        scope.filter(Q(refers_to__isnull=False) | Q(wording_changed=True)).update(
            refers_to=None, wording_changed=False
        )
        return
    principal = sorted(drafts[0].versions.all(), key=lambda v: v.number)
    dated = [v for v in principal if v.circulated_on is not None]
    # The version standing on a day: the latest that had circulated by then.
    named = scope.filter(about_version__isnull=False)
    named.update(refers_to=F("about_version"))
    unnamed = scope.filter(about_version__isnull=True).annotate(
        day=Coalesce("stated_on", "excerpt__source__published_on")
    )
    before_any = Q(day__isnull=True) | Q(day__lt=dated[0].circulated_on) if dated else Q()
    unnamed.filter(before_any).update(refers_to=None)
    for version, following in zip(dated, [*dated[1:], None], strict=False):
        window = unnamed.filter(day__gte=version.circulated_on)
        if following is not None:
            window = window.filter(day__lt=following.circulated_on)
        window.update(refers_to=version)
    later_changes = _later_changes(drafts)
    scope.update(wording_changed=False)
    for version_id, provision_ids in later_changes.items():
        scope.filter(refers_to_id=version_id, provision_id__in=provision_ids).update(
            wording_changed=True
        )


def _later_changes(drafts: Iterable[Draft]) -> dict[int, set[int]]:
    """{version id: provisions whose wording a later version of the same draft changed}."""
    changed: dict[int, set[int]] = defaultdict(set)
    by_version = defaultdict(set)
    for version_id, provision_id in WordingChange.objects.filter(
        version__draft__in=list(drafts)
    ).values_list("version_id", "provision_id"):
        by_version[version_id].add(provision_id)
    for draft in drafts:
        versions = sorted(draft.versions.all(), key=lambda v: v.number)
        later: set[int] = set()
        for version in reversed(versions):
            changed[version.pk] = set(later)
            later |= by_version.get(version.pk, set())
    return changed


__all__: list[str] = [
    "add_reported_change",
    "add_version",
    "correct_paragraph",
    "map_provision",
    "record_citation",
    "record_coverage",
    "record_draft",
    "record_reported_change",
    "record_revision",
    "record_version",
    "refresh_positions",
    "refresh_wording",
    "set_lineage",
]
