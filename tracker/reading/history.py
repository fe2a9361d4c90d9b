"""The record of every change, read from django-simple-history's tables: one record's history
with field-by-field differences, and the site-wide list of recent changes. (Who has shaped a
record since it was last published, and so may not publish it, is the write side's rule:
tracker/recording/review.py.)

What the public sees: the history of a public record (a provision, a party, a published source
or position, an excerpt of a published source), made of its public versions only, so a version
that was never published never shows; the diffs run from one public version to the next.
Who made a change, reviewers' comments and the user fields are for editors only.

Every function here runs a fixed number of queries, whatever the length of the histories.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import dateformat, timezone

from tracker.models import (
    Excerpt,
    Party,
    PartyAlias,
    Position,
    Provision,
    ProvisionAlias,
    ReviewStatus,
    Source,
)

# The kinds of record with a history page, by the name used in its URL.
KINDS = {
    "provision": Provision,
    "party": Party,
    "source": Source,
    "excerpt": Excerpt,
    "position": Position,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}
# Aliases are data of their provision or party: their changes show on the parent's history.
ALIAS_PARENT = {ProvisionAlias: "provision", PartyAlias: "party"}
# What the recent changes page reads, in this order when two changes share a time.
RECENT_MODELS = [Position, Source, Excerpt, Provision, ProvisionAlias, Party, PartyAlias]

# Never listed: a source's text never changes once stored (the source page shows it), and
# where a record came from is fixed when it is made.
HIDDEN_FIELDS = {"text", "origin", "seed_file"}
# Listed for editors only: who did what, and what reviewers wrote to editors. The public sees
# published versions only, so their review status and time say nothing more.
EDITOR_ONLY_FIELDS = {
    "recorded_by",
    "created_by",
    "reviewed_by",
    "retracted_by",
    "review_comment",
    "status",
    "reviewed_at",
}
# A change to only these is a review or a retraction, not an edit of what the record says.
REVIEW_FIELDS = {"status", "reviewed_by", "reviewed_at", "review_comment"}
RETRACTION_FIELDS = {"retracted_at", "retracted_by", "retraction_reason"}

LABELS = {
    "status": "Review status",
    "url": "URL",
    "published_on": "Publication date",
    "stated_on": "Stated on",
    "date_precision": "Date known to the",
    "exact": "Quoted words",
    "prefix": "Words before",
    "suffix": "Words after",
    "start": "Starts at character",
    "end": "Ends at character",
    "made_by": "Marked by",
    "retraction_reason": "Reason for retraction",
    "review_comment": "Reviewer's comment",
    "provisions": "Provisions mentioned",
    "parties": "Parties mentioned",
    "phrase": "Alias",
}

PAGE_SIZE = 50
RECENT_LIMIT = 100


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One saved version of a record, with what changed from the version before it."""

    kind: str
    object_id: int
    record: object  # the historical row
    action: str
    first: bool  # no earlier version (that this visitor may see): the changes are its values
    changes: list = field(default_factory=list)
    user: object = None  # None when not shown (the public) or not known (seeds, scripts)
    title: str = ""
    url: str = ""
    history_url: str = ""

    @property
    def when(self):
        return self.record.history_date

    @property
    def changed_labels(self):
        return [change.label for change in self.changes]


def label_for(model, name):
    if name in LABELS:
        return LABELS[name]
    verbose = str(model._meta.get_field(name).verbose_name)
    return verbose[:1].upper() + verbose[1:]


def is_public(obj):
    """Whether anyone may see this record (and so its history)."""
    if isinstance(obj, Position | Source):
        return obj.status == ReviewStatus.PUBLISHED
    if isinstance(obj, Excerpt):
        return obj.source.status == ReviewStatus.PUBLISHED
    return True


def public_rows(model, rows):
    """The historical rows of `model` the public may see: the public versions of records."""
    if model in (Position, Source):
        return rows.filter(status=ReviewStatus.PUBLISHED)
    if model is Excerpt:
        return rows.filter(
            source_id__in=Source.objects.filter(status=ReviewStatus.PUBLISHED).values("pk")
        )
    return rows


def _history_rows(model, rows):
    rows = rows.select_related("history_user")
    if model is Source:
        # A text can run to a million characters; the opening is enough to name it.
        rows = rows.defer("text").annotate(opening=Substr("text", 1, 120))
    return rows


# --- One record's history -------------------------------------------------------------------


def record_history(obj, *, editor, page=1):
    """(entries newest first, has_older) for one page of `obj`'s history. The public (not
    `editor`) gets only the versions it could see, without names."""
    model = type(obj)
    rows = obj.history.order_by("-history_date", "-history_id")
    if not editor:
        rows = public_rows(model, rows)
    offset = (page - 1) * PAGE_SIZE
    # One row more than the page: the version before its oldest entry, to diff against.
    rows = list(_history_rows(model, rows)[offset : offset + PAGE_SIZE + 1])
    shown = rows[:PAGE_SIZE]
    pairs = list(zip(shown, [*rows[1:], None][: len(shown)], strict=True))
    return _entries(model, pairs, editor=editor), len(rows) > PAGE_SIZE


def alias_history(obj, *, editor, limit=PAGE_SIZE):
    """The latest changes to the aliases of a provision or party, newest first."""
    model = ProvisionAlias if isinstance(obj, Provision) else PartyAlias
    parent = ALIAS_PARENT[model]
    rows = model.history.filter(**{f"{parent}_id": obj.pk})
    return _latest_entries(model, rows, editor=editor, limit=limit)


# --- Recent changes across the site ---------------------------------------------------------


def recent_changes(*, editor, limit=RECENT_LIMIT):
    """The latest `limit` changes to any tracked record, newest first: the latest `limit` of
    each historical table, merged. The public sees changes to public records only."""
    entries = []
    for model in RECENT_MODELS:
        rows = model.history.all()
        if not editor:
            rows = public_rows(model, rows)
        entries.extend(_latest_entries(model, rows, editor=editor, limit=limit))
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries[:limit]


def _latest_entries(model, rows, *, editor, limit):
    """Entries for the latest `limit` of `rows`, each diffed against the version of its record
    before it (fetched in one more query, through a subquery per row)."""
    previous = rows.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
        "-history_id"
    )
    latest = list(
        _history_rows(model, rows)
        .annotate(previous_id=Subquery(previous.values("history_id")[:1]))
        .order_by("-history_date", "-history_id")[:limit]
    )
    wanted = [row.previous_id for row in latest if row.previous_id is not None]
    before = {
        row.history_id: row
        for row in _history_rows(model, model.history.filter(history_id__in=wanted))
    }
    pairs = [(row, before.get(row.previous_id)) for row in latest]
    return _entries(model, pairs, editor=editor)


# --- Building entries -----------------------------------------------------------------------


def _entries(model, pairs, *, editor):
    """Entries for (row, the row before it or None) pairs, with names looked up in bulk."""
    m2m = _m2m_snapshots(model, [r for pair in pairs for r in pair if r is not None])
    raw = []
    for row, before in pairs:
        changes = _raw_changes(model, row, before, m2m, editor=editor)
        raw.append((row, before, changes))
    names = _Names(model, raw, editor=editor)
    entries = []
    for row, before, changes in raw:
        entries.append(
            Entry(
                kind=ALIAS_PARENT.get(model) or KIND_OF[model],
                object_id=_parent_id(model, row),
                record=row,
                action=_action(model, row, before, {name for name, _, _ in changes}),
                first=before is None,
                changes=[
                    Change(
                        name,
                        label_for(model, name),
                        names.show(model, name, old),
                        names.show(model, name, new),
                    )
                    for name, old, new in changes
                ],
                user=row.history_user if editor else None,
                title=names.title(model, row),
                url=names.url(model, row),
                history_url=reverse(
                    "tracker:history",
                    args=[ALIAS_PARENT.get(model) or KIND_OF[model], _parent_id(model, row)],
                ),
            )
        )
    return entries


def _parent_id(model, row):
    if model in ALIAS_PARENT:
        return getattr(row, f"{ALIAS_PARENT[model]}_id")
    return row.id


def _shown_fields(model, *, editor):
    fields = {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in HIDDEN_FIELDS
    }
    if not editor:
        fields -= EDITOR_ONLY_FIELDS
    return fields


def _m2m_fields(model):
    """The many-to-many fields whose history is kept (an excerpt's mentions)."""
    return [f.name for f in model._meta.many_to_many] if model is Excerpt else []


def _raw_changes(model, row, before, m2m, *, editor):
    """[(field name, old value, new value)] from `before` (None: nothing before) to `row`."""
    fields = _shown_fields(model, editor=editor)
    changes = []
    if before is None:
        for name in sorted(fields, key=lambda n: _field_order(model, n)):
            value = getattr(row, model._meta.get_field(name).attname)
            if value not in (None, ""):
                changes.append((name, None, value))
    else:
        delta = row.diff_against(before, included_fields=fields, excluded_fields=_m2m_fields(model))
        changes = sorted(
            ((c.field, c.old, c.new) for c in delta.changes),
            key=lambda c: _field_order(model, c[0]),
        )
    for name in _m2m_fields(model):
        new = m2m[name].get(row.history_id, set())
        old = m2m[name].get(before.history_id, set()) if before is not None else set()
        if new != old:
            changes.append((name, old, new))
    return changes


def _field_order(model, name):
    names = [f.name for f in model._meta.fields]
    return names.index(name) if name in names else len(names)


def _m2m_snapshots(model, rows):
    """{m2m field: {history_id: {related ids}}} for the historical rows, one query a field."""
    snapshots = {}
    for name in _m2m_fields(model):
        through = model.history.model._meta.get_field(
            f"historical{model._meta.model_name}_{name}"
        ).related_model
        related = model._meta.get_field(name).related_model._meta.model_name
        by_row = {}
        for history_id, related_id in through.objects.filter(
            history_id__in=[r.history_id for r in rows]
        ).values_list("history_id", f"{related}_id"):
            by_row.setdefault(history_id, set()).add(related_id)
        snapshots[name] = by_row
    return snapshots


def _action(model, row, before, changed):
    if model in ALIAS_PARENT:
        return {"+": "Alias added", "-": "Alias removed"}.get(row.history_type, "Alias changed")
    if row.history_type == "-":
        return "Deleted"
    if row.history_type == "+":
        return "Recorded" if model is Position else "Added"
    if before is None:
        # The first public version of a record that was reviewed before it went public.
        return "Published"
    if "retracted_at" in changed and row.retracted_at is not None:
        return "Retracted"
    if "status" in changed:
        if row.status == ReviewStatus.PUBLISHED:
            return "Published"
        if row.status == ReviewStatus.RETURNED:
            return "Sent back"
        return "Edited; back to review" if changed - REVIEW_FIELDS else "Back to review"
    return "Edited"


def _quoted(words, limit=80):
    """Words of a source, in quotation marks unless they bring their own."""
    short = words[:limit] + ("…" if len(words) > limit else "")
    return short if short[:1] in "“\"‘'«" else f"“{short}”"


class _Names:
    """Names for the ids that the entries mention (users, parties, provisions, excerpts,
    sources), each kind fetched once."""

    def __init__(self, model, raw, *, editor):
        wanted = {}
        for row, _before, changes in raw:
            for name, old, new in changes:
                related = self._related(model, name)
                if related is not None:
                    for value in (old, new):
                        ids = value if isinstance(value, set) else {value}
                        wanted.setdefault(related, set()).update(i for i in ids if i)
            if model is Position:
                wanted.setdefault(Party, set()).add(row.party_id)
                wanted.setdefault(Provision, set()).add(row.provision_id)
            if model in ALIAS_PARENT:
                parent = KINDS[ALIAS_PARENT[model]]
                wanted.setdefault(parent, set()).add(_parent_id(model, row))
            if model is Excerpt:
                wanted.setdefault(Source, set()).add(row.source_id)
        self.objects = {related: self._fetch(related, ids) for related, ids in wanted.items()}

    @staticmethod
    def _related(model, name):
        if name in _m2m_fields(model):
            return model._meta.get_field(name).related_model
        f = model._meta.get_field(name)
        return f.related_model if f.is_relation else None

    @staticmethod
    def _fetch(related, ids):
        rows = related._base_manager.filter(pk__in=ids)
        if related is Source:
            rows = rows.defer("text").annotate(opening=Substr("text", 1, 120))
        return {obj.pk: obj for obj in rows}

    def _name(self, related, pk):
        obj = self.objects.get(related, {}).get(pk)
        if obj is None:
            return f"#{pk}"
        if related is get_user_model():
            return obj.get_username()
        if related is Source:
            return obj.title or f"[untitled] {obj.opening}…"
        if related is Excerpt:
            return _quoted(obj.exact)
        return str(obj)

    def show(self, model, name, value):
        """The value as text for the page."""
        if value is None or value == "":
            return ""
        related = self._related(model, name)
        if isinstance(value, set):
            return "; ".join(sorted(self._name(related, pk) for pk in value)) or "none"
        if related is not None:
            return self._name(related, value)
        f = model._meta.get_field(name)
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if hasattr(value, "hour"):
            return dateformat.format(timezone.localtime(value), "j M Y, H:i T")
        if hasattr(value, "isoformat"):
            return dateformat.format(value, "j M Y")
        return str(value)

    def title(self, model, row):
        if model is Position:
            party = self._name(Party, row.party_id)
            provision = self._name(Provision, row.provision_id)
            return f"{party} on {provision}: {row.get_stance_display()}"
        if model is Source:
            return row.title or f"[untitled] {row.opening}…"
        if model is Excerpt:
            return _quoted(row.exact)
        if model in ALIAS_PARENT:
            parent = self._name(KINDS[ALIAS_PARENT[model]], _parent_id(model, row))
            return f"{parent}: alias “{row.phrase}”"
        return row.title if model is Provision else row.name

    def url(self, model, row):
        """The record's public page, where it has one."""
        if model is Provision:
            return Provision(slug=row.slug).get_absolute_url()
        if model is Party:
            return Party(code=row.code).get_absolute_url()
        if model is Source:
            return Source(pk=row.id).get_absolute_url()
        if model in ALIAS_PARENT:
            parent = self.objects.get(KINDS[ALIAS_PARENT[model]], {}).get(_parent_id(model, row))
            return parent.get_absolute_url() if parent is not None else ""
        if model is Excerpt:
            return Excerpt.url_for(row.source_id, row.id)
        provision = self.objects.get(Provision, {}).get(row.provision_id)
        return reverse("tracker:provision", args=[provision.slug]) if provision else ""
