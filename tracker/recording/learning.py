"""Recording what editors teach the linker: the suggestions they keep or leave out when they save
a source, and what they link by hand when a position cites words. Each is a labelled example
(LinkExample), written in the caller's transaction; nothing here changes the vocabulary."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.contrib.auth.models import User

from tracker.models import Excerpt, LinkExample, Party, Provision, Source, Verdict
from tracker.recording.rows import insert
from tracker.text.linking import Linker, Mention, SentenceLinks

Editor = User | None


def _labels() -> tuple[dict[str, int], dict[str, int]]:
    return dict(Provision.objects.values_list("slug", "pk")), dict(
        Party.objects.values_list("code", "pk")
    )


def _example(
    source: Source,
    start: int,
    end: int,
    kind: str,
    key_id: int,
    verdict: str,
    covered: bool,
    matched: str,
    by: Editor,
) -> LinkExample:
    return LinkExample(
        source=source,
        start=start,
        end=end,
        text=source.text[start:end],
        provision_id=key_id if kind == "provision" else None,
        party_id=key_id if kind == "party" else None,
        verdict=verdict,
        covered=covered,
        matched=matched[:300],
        created_by=by,
    )


def record_suggestions(
    source: Source,
    sentences: Iterable[SentenceLinks],
    dropped: Collection[str],
    *,
    by: Editor = None,
) -> int:
    """One example per provision or party the linker suggested in each sentence: kept, or left
    out when the sentence's span key is in `dropped`. Written in bulk (a long article has
    thousands: tracker/recording/rows.py). Returns how many were written."""
    from tracker.recording.sources import span_key

    provisions, parties = _labels()
    ids = {"provision": provisions, "party": parties}
    text = source.text
    rows = []
    for sentence in sentences:
        verdict = Verdict.DROPPED if span_key(sentence) in dropped else Verdict.KEPT
        first: dict[tuple[str, str], Mention] = {}
        for mention in sentence.mentions:
            first.setdefault((mention.kind, mention.key), mention)
        for (kind, key), mention in first.items():
            if key not in ids[kind]:
                continue
            key_id = ids[kind][key]
            rows.append(
                (
                    sentence.start,
                    sentence.end,
                    text[sentence.start : sentence.end],
                    key_id if kind == "provision" else None,
                    key_id if kind == "party" else None,
                    verdict.value,
                    True,
                    text[mention.start : mention.end][:300],
                )
            )
    columns = ["start", "end", "text", "provision_id", "party_id", "verdict", "covered", "matched"]
    insert(LinkExample(source=source, created_by=by), columns, rows)
    return len(rows)


def record_linked_by_hand(
    excerpt: Excerpt,
    parties: Sequence[Party],
    provision: Provision,
    *,
    linker: Linker,
    by: Editor = None,
) -> int:
    """The provision and parties a person linked to words of a source (a position's evidence),
    each with whether the linker, reading the whole source, finds it in those words."""
    source = excerpt.source
    found: dict[tuple[str, str], str] = {}
    for mention in linker.mentions(source.text):
        if excerpt.start <= mention.start and mention.end <= excerpt.end:
            found.setdefault((mention.kind, mention.key), source.text[mention.start : mention.end])
    labels = [("provision", provision.slug, provision.pk)]
    labels += [("party", party.code, party.pk) for party in parties]
    rows = [
        _example(
            source,
            excerpt.start,
            excerpt.end,
            kind,
            pk,
            Verdict.ADDED,
            (kind, key) in found,
            found.get((kind, key), ""),
            by,
        )
        for kind, key, pk in labels
    ]
    LinkExample.objects.bulk_create(rows)
    return len(rows)
