"""The review queue, and reviewers' decisions on what editors recorded.

Nothing an editor records goes public on one person's word: a source or position stays pending
until a reviewer who neither recorded it nor changed it since it was last published publishes
it, or sends it back with a comment. A position is published only once its source is: the
reviewer checks the article before the claims drawn from it (the queue says so; publishing
such a position is refused with a link to its source).

Each decision is one versioned save (models.Versioned) in one transaction: a decision based on
a copy someone changed in the meantime is refused, and simple-history records it, so it shows
in the record's history.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tracker.forms import ReviewForm
from tracker.history import shapers
from tracker.models import Position, ReviewStatus, Source, StaleEdit
from tracker.roles import is_reviewer
from tracker.views.access import editor_required, refuse
from tracker.views.htmx import render_page, wants_fragment

QUEUE_LIMIT = 50  # the oldest this many of each kind; the page says how many more wait
OPENING_CHARS = 400  # of a source's text, in the queue

MODELS = {"position": Position, "source": Source}


def _positions():
    return Position.objects.select_related(
        "party", "provision", "excerpt__source", "recorded_by", "reviewed_by"
    )


def _sources(opening=True):
    sources = Source.objects.select_related("created_by", "reviewed_by")
    if opening:
        sources = sources.defer("text").annotate(opening=Substr("text", 1, OPENING_CHARS))
    return sources


@dataclass
class Item:
    """One record in the queue, with what this user may do with it."""

    kind: str
    record: object
    form: ReviewForm
    may_decide: bool = False
    why_not: str = ""  # why this user may not decide on it
    blocked: str = ""  # why it cannot be published yet
    changed_by: tuple = ()  # who besides its author changed it since it was last published

    @property
    def dom_id(self):
        return f"review-{self.kind}-{self.record.pk}"

    @property
    def url(self):
        return reverse(f"tracker:review-{self.kind}", args=[self.record.pk])


def _items(request, kind, records, forms=None):
    records = list(records)
    shaped = shapers(MODELS[kind], records)
    names = dict(
        get_user_model()
        .objects.filter(pk__in=set().union(*shaped.values()))
        .values_list("pk", "username")
    )
    author = "recorded_by_id" if kind == "position" else "created_by_id"
    reviewer = is_reviewer(request.user)
    items = []
    for record in records:
        form = (forms or {}).get(record.pk) or ReviewForm(
            initial={"version": record.version}, auto_id=f"review-{kind}-{record.pk}-%s"
        )
        item = Item(kind, record, form)
        others = shaped[record.pk] - {getattr(record, author)}
        item.changed_by = tuple(sorted(names[pk] for pk in others if pk in names))
        if not reviewer:
            item.why_not = "A reviewer publishes it or sends it back."
        elif request.user.pk in shaped[record.pk]:
            item.why_not = (
                f"You recorded or changed this {kind}, so another reviewer decides on it."
            )
        else:
            item.may_decide = True
        if kind == "position":
            item.blocked = publish_blocker(record)
        items.append(item)
    return items


def publish_blocker(position):
    """Why this position cannot be published now, or ''."""
    source = position.excerpt.source
    if source.is_retracted or position.excerpt.is_retracted:
        return "Its evidence was retracted, so it cannot be published."
    if source.status == ReviewStatus.PENDING:
        return "Its source is awaiting review: publish the source first."
    if source.status == ReviewStatus.RETURNED:
        return "Its source was sent back: it must be published before this position."
    return ""


@editor_required
def queue(request):
    pending_positions = _positions().pending().order_by("recorded_at", "pk")
    pending_sources = (
        _sources()
        .filter(status=ReviewStatus.PENDING, retracted_at__isnull=True)
        .order_by("created_at", "pk")
    )
    returned_positions = (
        _positions()
        .filter(status=ReviewStatus.RETURNED, retracted_at__isnull=True)
        .order_by("-reviewed_at", "-pk")
    )
    returned_sources = (
        _sources()
        .filter(status=ReviewStatus.RETURNED, retracted_at__isnull=True)
        .order_by("-reviewed_at", "-pk")
    )
    context = {
        "sources": _items(request, "source", pending_sources[:QUEUE_LIMIT]),
        "source_count": pending_sources.count(),
        "positions": _items(request, "position", pending_positions[:QUEUE_LIMIT]),
        "position_count": pending_positions.count(),
        "returned_sources": list(returned_sources[:QUEUE_LIMIT]),
        "returned_positions": list(returned_positions[:QUEUE_LIMIT]),
        "limit": QUEUE_LIMIT,
        "is_reviewer": is_reviewer(request.user),
    }
    return render_page(request, "tracker/review.html", context)


@require_http_methods(["GET", "POST"])
@editor_required
def review_position(request, pk):
    return _review(request, "position", pk)


@require_http_methods(["GET", "POST"])
@editor_required
def review_source(request, pk):
    return _review(request, "source", pk)


def _record(kind, pk):
    records = _positions() if kind == "position" else _sources(opening=False)
    return get_object_or_404(records, pk=pk)


def _render_item(request, item, *, status=200, notice=""):
    """The item's page, or only the item when htmx asks (the queue replaces it in place)."""
    context = {
        "item": item,
        "notice": notice,
        # In the queue an item sits under a section heading; on its own page, under the title.
        "level": 3 if wants_fragment(request) else 2,
    }
    return render_page(request, "tracker/review_item.html", context, partial="item", status=status)


def _review(request, kind, pk):
    record = _record(kind, pk)
    if request.method == "GET":
        return _render_item(request, _items(request, kind, [record])[0])
    if not is_reviewer(request.user):
        return refuse(request, "Only reviewers publish or send back what editors recorded.")
    form = ReviewForm(request.POST, auto_id=f"review-{kind}-{pk}-%s")
    if not form.is_valid():
        item = _items(request, kind, [record], forms={record.pk: form})[0]
        return _render_item(request, item, status=400)
    if refusal := _refusal(request, kind, record, form.cleaned_data["decision"]):
        return refusal
    try:
        with transaction.atomic():
            _decide(request.user, record, form.cleaned_data)
    except StaleEdit:
        fresh = _record(kind, pk)
        if fresh.status != ReviewStatus.PENDING or fresh.is_retracted:
            return _refusal(request, kind, fresh, form.cleaned_data["decision"])
        notice = (
            f"This {kind} was changed after you opened it, so your decision was not saved. "
            "Here it is as it stands now: check it and decide again."
        )
        item = _items(request, kind, [fresh])[0]
        return _render_item(request, item, status=409, notice=notice)
    published = record.status == ReviewStatus.PUBLISHED
    message = (
        f"Published: {record}. It now shows on the public pages."
        if published
        else f"Sent back: {record}. Its editor sees your comment in the review queue."
    )
    if wants_fragment(request):
        return render_page(
            request,
            "tracker/review.html",
            {"done": message, "kind": kind, "record": record},
            partial="done",
        )
    messages.success(request, message)
    return redirect("tracker:review")


def _refuse(request, kind, record, message, *, status=403, title, links=()):
    """A refusal: its own page, or in the queue (htmx) in the item's place."""
    if wants_fragment(request):
        context = {"done": message, "kind": kind, "record": record, "error": True, "links": links}
        return render_page(request, "tracker/review.html", context, partial="done", status=status)
    return refuse(request, message, status=status, title=title, links=links)


def _refusal(request, kind, record, decision):
    """A response refusing the decision, or None when it may be taken."""
    if record.is_retracted:
        return _refuse(
            request,
            kind,
            record,
            f"This {kind} was retracted, so there is nothing to review. Nothing was changed.",
            status=409,
            title="Already retracted",
        )
    if record.status != ReviewStatus.PENDING:
        when = timezone.localtime(record.reviewed_at) if record.reviewed_at else None
        done = "published" if record.status == ReviewStatus.PUBLISHED else "sent back"
        by = f" by {record.reviewed_by}" if record.reviewed_by else ""
        at = f" on {when:%d %b %Y at %H:%M}" if when else ""
        return _refuse(
            request,
            kind,
            record,
            f"This {kind} was already {done}{by}{at}. Nothing was changed.",
            status=409,
            title=f"Already {done}",
            links=[("Back to the review queue", reverse("tracker:review"))],
        )
    if request.user.pk in shapers(MODELS[kind], [record])[record.pk]:
        return _refuse(
            request,
            kind,
            record,
            f"You recorded or changed this {kind}, so another reviewer must decide on it. "
            "Nothing was changed.",
            title="Another reviewer decides on this",
        )
    if kind == "position" and decision == ReviewForm.PUBLISH and (why := publish_blocker(record)):
        links = [("Back to the review queue", reverse("tracker:review"))]
        source = record.excerpt.source
        if source.status != ReviewStatus.PUBLISHED and not source.is_retracted:
            links.insert(
                0, ("Review its source", reverse("tracker:review-source", args=[source.pk]))
            )
        return _refuse(
            request,
            kind,
            record,
            f"{why} Nothing was changed.",
            status=409,
            title="Not yet",
            links=links,
        )
    return None


def _decide(user, record, data):
    """Publish or send back `record`, as read at data["version"]; raises StaleEdit."""
    publish = data["decision"] == ReviewForm.PUBLISH
    record.version = data["version"]
    record.status = ReviewStatus.PUBLISHED if publish else ReviewStatus.RETURNED
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_comment = data["comment"]
    record._history_user = user
    record._change_reason = "Published" if publish else "Sent back"
    record.save()
