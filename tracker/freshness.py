"""When the tracker's records last changed, as tokens that reader pages are cached under: one
for everything, and one for each part of the records that some pages show and others do not.

A page depends on tags (tracker/views/caching.py):

- EVERYTHING ("*"): pages that show records of every kind (the overview, the matrix, search,
  the downloads and feeds, the texts and vote pages). Every change renews it.
- SHARED: what every page may show: provisions, parties and their names, aliases, the texts,
  seats and votes, people, what the linker learned. A change to any of those renews it, and so
  reaches every page.
- kind:<kind>: every source, every excerpt, every position: one kind of search result
  (tracker/reading/search.py keeps each kind's results for a query apart). A position renews
  its kind's; an excerpt, its own and the positions'; a source, all three (each kind's results
  show the source they come from).
- party:<code>, provision:<slug>, source:<bucket>: a party's page (and its row of the matrix,
  as a cell opens it), a provision's page, and the pages of the sources in one bucket (a
  source's id modulo SOURCE_BUCKETS, so the table stays small however many sources there are).
  A position renews its party's, its provision's and its source's; an excerpt, its source's and
  those of the parties and provisions it mentions; a source, its own, its earlier text's, and
  those of every party and provision its excerpts mention or its positions are about.

So a position recorded for Israel on Chapter VII gives Israel's page, Chapter VII's page and the
page of the source it quotes new tokens, and every other party's, provision's and source's page
keeps its copy. Which tags a change renews is worked out from the record (signals, connected in
TrackerConfig.ready); loaders that write in bulk, without signals (seeds, data files,
benchmarks), call `restamp()` themselves: with no tags, every page.

Each tag's token is a row of DataStamp, written inside the writer's transaction: readers see a
new token when, and only when, they can see the change. Tokens are random, not counters: a
rolled-back change leaves the old token, and a counter would hand the next change the same
number again, with a page of the rolled-back data kept under it. Rows are written in the tags'
order, EVERYTHING first, so two writers never wait for each other's rows in opposite orders.
"""

import datetime
import hashlib
import time
import uuid
from collections.abc import Collection, Iterable
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# How long a kept page or kept search result may stay in the cache: its token, not this, says
# when it is out of date; the cache's size is what really bounds them.
KEPT_SECONDS = 24 * 60 * 60
EVERYTHING = "*"
SHARED = "shared"
SOURCE_BUCKETS = 128

Stamp = tuple[str, datetime.datetime | None]
NO_STAMP: Stamp = ("", None)


def party_tag(code: str) -> str:
    return f"party:{code}"


def provision_tag(slug: str) -> str:
    return f"provision:{slug}"


def source_tag(pk: int | str) -> str:
    return f"source:{int(pk) % SOURCE_BUCKETS}"


def kind_tag(kind: str) -> str:
    """Every record of a kind ("source", "excerpt", "position") and what it shows of the records
    it leans on (a position's excerpt and source): what one kind of search result shows."""
    return f"kind:{kind}"


# --- Reading ------------------------------------------------------------------------------------


class _Known:
    """The tokens as this process last read them, and when (time.monotonic())."""

    stamps: dict[str, Stamp] | None = None
    read_at: float = float("-inf")


_known = _Known()


def known_stamps() -> dict[str, Stamp]:
    """{tag: (token, when it last changed)}, as read at most STAMP_FRESH_SECONDS ago by this
    process (one query for all tags): a busy server reads them a few times a second instead of
    once a request, and a reader's page is at most that much older than the latest change. A
    change made by this process is seen at once (restamp)."""
    now = time.monotonic()
    if _known.stamps is None or now - _known.read_at >= settings.STAMP_FRESH_SECONDS:
        _known.stamps, _known.read_at = read_stamps(), now
    return _known.stamps


def read_stamps() -> dict[str, Stamp]:
    from tracker.models import DataStamp

    return {
        tag: (token, changed_at)
        for tag, token, changed_at in DataStamp.objects.values_list("tag", "token", "changed_at")
    }


def known_stamp() -> Stamp:
    """(token, when the records last changed): the EVERYTHING tag's."""
    return known_stamps().get(EVERYTHING, NO_STAMP)


def current_stamp() -> str:
    """The token of the records as they are now ("" before the first change is stamped)."""
    return known_stamp()[0]


def shared_token() -> str:
    """The token of what every page may show (the catalogue, texts, votes, people, what the
    linker learned): what the linker is built from."""
    return known_stamps().get(SHARED, NO_STAMP)[0]


def token_for(tags: Collection[str] | None) -> str:
    """The token of a page that depends on `tags` (and, like every page, on SHARED); None: a
    page that depends on everything."""
    stamps = known_stamps()
    if tags is None:
        return stamps.get(EVERYTHING, NO_STAMP)[0]
    parts = [f"{tag}={stamps.get(tag, NO_STAMP)[0]}" for tag in sorted({SHARED, *tags})]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def changed_at_for(tags: Collection[str] | None) -> datetime.datetime | None:
    """When what a page that depends on `tags` shows last changed (as token_for reads it)."""
    stamps = known_stamps()
    wanted = [EVERYTHING] if tags is None else sorted({SHARED, *tags})
    times = [stamps.get(tag, NO_STAMP)[1] for tag in wanted]
    known = [when for when in times if when is not None]
    return max(known) if known else None


def forget() -> None:
    """Read the tokens afresh on the next request (after a change, or between tests)."""
    _known.stamps = None


# --- Writing ------------------------------------------------------------------------------------


def restamp(tags: Iterable[str] | None = None) -> None:
    """New tokens for EVERYTHING and `tags`, in the caller's transaction; no tags: for every
    page (EVERYTHING and SHARED)."""
    from tracker.models import DataStamp

    wanted = sorted({EVERYTHING, *(tags if tags is not None else [SHARED])})
    now = timezone.now()
    with transaction.atomic():
        DataStamp.objects.bulk_create(
            [DataStamp(tag=tag, token=uuid.uuid4().hex, changed_at=now) for tag in wanted],
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["token", "changed_at"],
        )
        forget()  # this process reads the new tokens from its next request on
        transaction.on_commit(forget)


def _mention_tags(excerpts: Q, positions: Q) -> set[str]:
    """The tags of the parties and provisions that the excerpts in `excerpts` mention and that
    the positions in `positions` are about."""
    from tracker.models import Party, Provision

    parties = Party.objects.filter(Q(excerpts__in=_excerpt_ids(excerpts)) | positions_of(positions))
    provisions = Provision.objects.filter(
        Q(excerpts__in=_excerpt_ids(excerpts)) | positions_of(positions)
    )
    return {party_tag(code) for code in parties.values_list("code", flat=True).distinct()} | {
        provision_tag(slug) for slug in provisions.values_list("slug", flat=True).distinct()
    }


def _excerpt_ids(condition: Q) -> Any:
    from tracker.models import Excerpt

    return Excerpt.objects.filter(condition).values("pk")


def positions_of(condition: Q) -> Q:
    from tracker.models import Position

    return Q(positions__in=Position.objects.filter(condition).values("pk"))


def tags_of(record: Model) -> set[str] | None:
    """The tags a change to `record` renews (besides EVERYTHING); None: every page's."""
    from tracker.models import Excerpt, Position, Source

    if isinstance(record, Position):
        return {
            party_tag(record.party.code),
            provision_tag(record.provision.slug),
            source_tag(record.excerpt.source_id),
            kind_tag("position"),
        }
    if isinstance(record, Excerpt):
        return {
            source_tag(record.source_id),
            kind_tag("excerpt"),
            kind_tag("position"),
        } | _mention_tags(Q(pk=record.pk), Q(excerpt_id=record.pk))
    if isinstance(record, Source):
        tags = {source_tag(record.pk), *(kind_tag(k) for k in ("source", "excerpt", "position"))}
        if record.revision_of_id is not None:
            tags.add(source_tag(record.revision_of_id))
        return tags | _mention_tags(Q(source_id=record.pk), Q(excerpt__source_id=record.pk))
    return None


def _mentions_changed(
    instance: Model, model: type[Model], pk_set: set[int] | None
) -> set[str] | None:
    """The tags an excerpt's mentions changing renews: the excerpt's source's and those of the
    parties or provisions added or taken off (from either side of the link)."""
    from tracker.models import Excerpt, Party, Provision

    if pk_set is None:  # cleared: which ones is no longer known
        return None
    if isinstance(instance, Excerpt):
        tags = {source_tag(instance.source_id)}
        if model is Party:
            codes = Party.objects.filter(pk__in=pk_set).values_list("code", flat=True)
            return tags | {party_tag(code) for code in codes}
        slugs = Provision.objects.filter(pk__in=pk_set).values_list("slug", flat=True)
        return tags | {provision_tag(slug) for slug in slugs}
    sources = Excerpt.objects.filter(pk__in=pk_set).values_list("source_id", flat=True)
    tags = {source_tag(pk) for pk in sources}
    if isinstance(instance, Party):
        return tags | {party_tag(instance.code)}
    if isinstance(instance, Provision):
        return tags | {provision_tag(instance.slug)}
    return None


def _kept_apart(sender: type[Model]) -> bool:
    """Records no reader page shows: their history (which comes with a save of the record,
    renewing its tags already) and the stamps themselves; and the records of a migration,
    which are its own (older) models: a server starts with no pages kept."""
    name = sender._meta.model_name or ""
    return (
        sender._meta.app_label != "tracker"
        or sender._meta.apps is not django_apps
        or name == "datastamp"
        or name.startswith("historical")
    )


def _record_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not _kept_apart(sender):
        restamp(tags_of(instance))


def _record_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    # Nothing the public sees is deleted (it is retracted); what a deletion took with it
    # (an excerpt's mentions, say) cannot be read any more: every page, to be safe.
    if not _kept_apart(sender):
        restamp()


def _links_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    model: type[Model],
    pk_set: Any,
    **kwargs: Any,
) -> None:
    if not action.startswith("post_") or _kept_apart(sender):
        return
    from tracker.models import Excerpt

    excerpt_links = {Excerpt.parties.through, Excerpt.provisions.through}
    restamp(_mentions_changed(instance, model, pk_set) if sender in excerpt_links else None)


def connect() -> None:
    post_save.connect(_record_changed, dispatch_uid="tracker-freshness-save")
    post_delete.connect(_record_deleted, dispatch_uid="tracker-freshness-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="tracker-freshness-links")
