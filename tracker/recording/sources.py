"""Recording a source with the linker's excerpts, linking it again, and changing its details."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from tracker.freshness import party_tag, provision_tag, restamp, source_tag
from tracker.models import (
    DatePrecision,
    Excerpt,
    MadeBy,
    Negotiation,
    Origin,
    Party,
    Position,
    Provision,
    ReviewStatus,
    Source,
    StaleEdit,
)
from tracker.recording.changes import attribute
from tracker.recording.learning import record_suggestions
from tracker.recording.refusals import Refused, linked
from tracker.recording.rows import insert
from tracker.text import anchoring, dating
from tracker.text.linking import Linker, SentenceLinks

MAX_TEXT_CHARS = 1_000_000
SOURCE_DETAILS = (
    "title",
    "outlet",
    "author",
    "url",
    "published_on",
    "date_precision",
    "language",
)

Editor = User | None


def span_key(sentence: SentenceLinks) -> str:
    """How a suggested excerpt is named in a form: its span."""
    return f"{sentence.start}-{sentence.end}"


def check_text(text: str) -> str:
    """The text as it would be stored (normalised), or Refused: empty, too long, or already
    stored."""
    text = anchoring.normalize_text(text)
    if not text.strip():
        raise Refused("Paste the article's text.", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise Refused(
            f"The text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,} "
            "characters.",
            field="text",
        )
    digest = anchoring.text_digest(text)
    if existing := Source.objects.filter(text_sha256=digest).first():
        raise Refused(
            f"This text is already stored: source {existing.pk}.",
            code=Refused.DUPLICATE,
            field="text",
            **linked(existing, f"source {existing.pk}"),
        )
    return text


def check_url(url: str, *, other_than: Source | None = None) -> None:
    """Refused when another source has this URL: one source per article."""
    if not url:
        return
    twins = Source.objects.filter(url=url)
    if other_than is not None:
        twins = twins.exclude(pk=other_than.pk)
    if twin := twins.first():
        reason = (
            f"Another source has this URL: source {twin.pk}."
            if other_than is not None
            else f"This URL is already stored: source {twin.pk}."
        )
        raise Refused(
            reason, code=Refused.DUPLICATE, field="url", **linked(twin, f"source {twin.pk}")
        )


def record_source(
    *,
    text: str,
    by: Editor = None,
    drop: Collection[str] = (),
    origin: str = Origin.EDITOR,
    status: str = ReviewStatus.PENDING,
    seed_file: str = "",
    linker: Linker | None = None,
    title: str = "",
    outlet: str = "",
    author: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    language: str = "en",
) -> Source:
    """Store an article with the excerpts the linker suggests in it, except those whose span
    key is in `drop`: all of it in one transaction, or nothing. What an editor records waits
    for review (`status`); the seeds are published as loaded. An editor's choice of what to
    keep is recorded as examples the linker can learn from (tracker/recording/learning.py)."""
    text = check_text(text)
    check_url(url)
    published_on, date_precision = check_date(published_on, date_precision)
    linker = linker or Linker.current()
    suggested = linker.link(text)
    sentences = [s for s in suggested if span_key(s) not in drop]
    with transaction.atomic():
        source = Source(
            title=title,
            outlet=outlet,
            author=author,
            url=url,
            published_on=published_on,
            date_precision=date_precision,
            language=language,
            text=text,
            origin=origin,
            status=status,
            seed_file=seed_file,
            created_by=by,
        )
        attribute(source, by)
        source.save()
        add_excerpts(source, sentences, by=by)
        if origin == Origin.EDITOR:
            record_suggestions(source, suggested, set(drop), by=by)
    return source


def relink_source(source: Source, *, linker: Linker | None = None, by: Editor = None) -> int:
    """Add the excerpts and mentions the vocabulary finds in a stored source today that it
    lacks (after new aliases, say). Nothing is removed. Returns how many rows were added."""
    linker = linker or Linker.current()
    with transaction.atomic():
        return add_excerpts(source, linker.link(source.text), by=by)


def add_excerpts(
    source: Source,
    sentences: Iterable[SentenceLinks],
    *,
    by: Editor = None,
    made_by: str = MadeBy.LINKER,
) -> int:
    """The linker's sentences as excerpts of `source` with what they mention; a span already
    stored keeps its excerpt and gains the mentions it lacks. Written in bulk (a long article
    has thousands: tracker/recording/rows.py), with their history, in the caller's
    transaction. Returns rows added."""
    sentences = list(sentences)
    provisions = dict(Provision.objects.values_list("slug", "pk"))
    parties = dict(Party.objects.values_list("code", "pk"))
    stored = Excerpt.objects.filter(source=source).values_list("start", "end", "pk")
    existing = {(start, end): pk for start, end, pk in stored}
    spans = dict.fromkeys((s.start, s.end) for s in sentences if (s.start, s.end) not in existing)
    made = _insert_excerpts(source, list(spans), by=by, made_by=made_by)
    existing.update({span: pk for span, (pk, _) in made.items()})
    wanted: dict[str, set[tuple[int, int]]] = {"provisions": set(), "parties": set()}
    for sentence in sentences:
        excerpt_id = existing[(sentence.start, sentence.end)]
        wanted["provisions"] |= {(excerpt_id, provisions[k]) for k in sentence.provisions}
        wanted["parties"] |= {(excerpt_id, parties[k]) for k in sentence.parties}
    new = dict(made.values())
    added = len(made) + add_mentions(wanted, by=by, new=new)
    if added:  # bulk writes send no signals: the pages of the source and of what it mentions
        restamp(
            {source_tag(source.pk)}
            | {provision_tag(s) for sentence in sentences for s in sentence.provisions}
            | {party_tag(code) for sentence in sentences for code in sentence.parties}
        )
    return added


def _insert_excerpts(
    source: Source, spans: list[tuple[int, int]], *, by: Editor, made_by: str
) -> dict[tuple[int, int], tuple[int, int]]:
    """New excerpts of `source` on these spans (start, end), each with its first version in
    the history, as bulk_create_with_history wrote them: {span: (excerpt id, the version's
    history id)}. Raises ValueError for a span outside the text."""
    if not spans:
        return {}
    template = Excerpt(source=source, made_by=made_by, created_by=by)
    rows = [
        (start, end, *anchoring.quote_selector(source.text, start, end)) for start, end in spans
    ]
    columns = ["start", "end", "exact", "prefix", "suffix"]
    made = insert(template, columns, rows, returning=["id", "start", "end"])
    ids = {(start, end): pk for pk, start, end in made}
    history: Any = Excerpt.history.model
    version = history(
        **{f.attname: getattr(template, f.attname) for f in history.tracked_fields},
        history_date=timezone.now(),
        history_user=by or history.get_default_history_user(template),
        history_change_reason=None,
        history_type="+",
    )
    versions = insert(
        version,
        ["id", *columns],
        [(ids[(row[0], row[1])], *row) for row in rows],
        returning=["id", "history_id"],
    )
    history_ids = dict(versions)
    return {span: (pk, history_ids[pk]) for span, pk in ids.items()}


def add_mentions(
    wanted: dict[str, set[tuple[int, int]]],
    *,
    by: Editor = None,
    new: Collection[int] | Mapping[int, int] = (),
) -> int:
    """Link excerpts to what they mention: {"provisions" | "parties": {(excerpt id, other id)}},
    leaving links already there. The history lists each excerpt's mentions beside its
    versions: an excerpt made in this transaction (its id in `new`) has them from its first
    version; another gets a new version that has them. `new` may map each id to the history id
    of that first version, for excerpts just inserted with no links yet (add_excerpts): then
    nothing is read back for them. Returns how many links were added."""
    made = set(new)
    first = new if isinstance(new, Mapping) else {}
    added_to: set[int] = set()
    written: dict[str, list[tuple[int, int, int]]] = {}
    for name, pairs in wanted.items():
        field = cast(models.ManyToManyField, Excerpt._meta.get_field(name))
        through: Any = field.remote_field.through
        other = field.m2m_reverse_field_name()
        earlier = {excerpt_id for excerpt_id, _ in pairs} - set(first)
        have = set(
            through.objects.filter(excerpt_id__in=earlier).values_list("excerpt_id", f"{other}_id")
            if earlier
            else ()
        )
        rows = sorted(pairs - have)
        written[name] = insert(
            through(),
            ["excerpt_id", f"{other}_id"],
            rows,
            returning=["id", "excerpt_id", f"{other}_id"],
        )
        added_to |= {excerpt_id for excerpt_id, _ in rows}
    if added_to:
        _snapshot_mentions(added_to, by=by, new=made, first=first, written=written)
    return sum(len(rows) for rows in written.values())


def _snapshot_mentions(
    excerpt_ids: set[int],
    *,
    by: Editor,
    new: set[int],
    first: Mapping[int, int],
    written: dict[str, list[tuple[int, int, int]]],
) -> None:
    """The mentions each excerpt has now, beside its newest version in the history: the
    version `first` gives (an excerpt just inserted, whose links are all among the
    `written` ones, (id, excerpt id, other id)), or else the newest one stored."""
    changed = Excerpt.objects.filter(pk__in=excerpt_ids - new)
    Excerpt.history.bulk_history_create(
        list(changed), update=True, default_user=by, default_change_reason="Mentions added"
    )
    history: Any = Excerpt.history.model
    known = {pk: first[pk] for pk in excerpt_ids if pk in first}
    others = excerpt_ids - set(known)
    latest = dict(
        history.objects.filter(id__in=others)
        .order_by()
        .values("id")
        .annotate(newest=Max("history_id"))
        .values_list("id", "newest")
        if others
        else ()
    )
    latest.update(known)
    for name in ("provisions", "parties"):
        field = cast(models.ManyToManyField, Excerpt._meta.get_field(name))
        through: Any = field.remote_field.through
        other = field.m2m_reverse_field_name()
        links = [row for row in written.get(name, ()) if row[1] in known]
        if others:
            links += through.objects.filter(excerpt_id__in=others).values_list(
                "id", "excerpt_id", f"{other}_id"
            )
        m2m_history: Any = apps.get_model("tracker", f"HistoricalExcerpt_{name}")
        insert(
            m2m_history(),
            ["history_id", "id", "excerpt_id", f"{other}_id"],
            [
                (latest[excerpt_id], pk, excerpt_id, other_id)
                for pk, excerpt_id, other_id in sorted(links, key=lambda row: row[1:])
            ],
        )


def edit_source(source: Source, changes: dict[str, Any], *, version: int, by: Editor) -> Source:
    """Change a source's details (never its text: excerpts point into it), as read at
    `version`. A source's details are bibliographic, not a claim: a published source stays
    published; one sent back goes back to the queue. Raises Refused or StaleEdit."""
    if source.is_retracted:
        raise Refused(
            "This source was retracted, so it cannot be changed.",
            code=Refused.RETRACTED,
            record=source,
        )
    unknown = set(changes) - set(SOURCE_DETAILS)
    if unknown:
        raise Refused(f"A source's {', '.join(sorted(unknown))} cannot be changed here.")
    if "url" in changes:
        check_url(changes["url"], other_than=source)
    if "published_on" in changes or "date_precision" in changes:
        changes = dict(changes)
        changes["published_on"], changes["date_precision"] = check_date(
            changes.get("published_on", source.published_on),
            changes.get("date_precision", source.date_precision),
        )
    for name, value in changes.items():
        setattr(source, name, value)
    source.version = version
    if source.status == ReviewStatus.RETURNED:
        source.status = ReviewStatus.PENDING
    attribute(source, by, "Edited")
    with transaction.atomic():
        source.save()
        if "published_on" in changes:  # undated statements date from their source (a new
            # precision comes with its date, see above)
            from tracker.recording.texts import refresh_positions

            cited = Position.objects.filter(excerpt__source=source)
            for negotiation in Negotiation.objects.filter(
                provisions__positions__in=cited
            ).distinct():
                refresh_positions(negotiation, positions=cited.values_list("pk", flat=True))
    return source


def check_date(
    day: datetime.date | None, precision: str | None, *, field: str = "published_on"
) -> tuple[datetime.date | None, str]:
    """A date and how much of it is known: a week is given by its Monday and a month by its
    first day (any day of it is taken back to that), and a precision without a date is a day's,
    which says nothing."""
    precision = precision or DatePrecision.DAY
    if precision not in DatePrecision.values:
        raise Refused(f"{precision!r} is not a date precision.", field="date_precision")
    if day is None:
        return None, DatePrecision.DAY
    if precision == DatePrecision.WEEK:
        day = dating.week_start(day)
    elif precision == DatePrecision.MONTH:
        day = dating.month_start(day)
    return day, precision


__all__ = [
    "MAX_TEXT_CHARS",
    "check_date",
    "StaleEdit",
    "add_excerpts",
    "add_mentions",
    "check_text",
    "check_url",
    "edit_source",
    "record_source",
    "relink_source",
    "span_key",
]
