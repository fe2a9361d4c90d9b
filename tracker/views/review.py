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
from django.db.models import Count
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from tracker import recording
from tracker.forms import ReviewForm
from tracker.models import Position, ReviewStatus, Source, StaleEdit
from tracker.recording import may_decide, publish_blocker, shapers
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
    pending_positions: int = 0  # a source's positions waiting for review

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
    waiting = {}
    if kind == "source":
        waiting = dict(
            Position.objects.pending()
            .filter(excerpt__source__in=[r.pk for r in records])
            .values("excerpt__source")
            .annotate(n=Count("pk"))
            .values_list("excerpt__source", "n")
        )
    items = []
    for record in records:
        form = (forms or {}).get(record.pk) or ReviewForm(
            initial={"version": record.version}, auto_id=f"review-{kind}-{record.pk}-%s"
        )
        item = Item(kind, record, form)
        others = shaped[record.pk] - {getattr(record, author)}
        item.changed_by = tuple(sorted(names[pk] for pk in others if pk in names))
        item.why_not = may_decide(request.user, record, shaped[record.pk])
        item.may_decide = not item.why_not
        if kind == "position":
            item.blocked = publish_blocker(record)
        else:
            item.pending_positions = waiting.get(record.pk, 0)
        items.append(item)
    return items


@editor_required
def queue(request):
    pending_positions = _positions().pending().order_by("recorded_at", "pk")
    pending_sources = _sources().pending().order_by("created_at", "pk")
    returned_positions = _positions().returned().order_by("-reviewed_at", "-pk")
    returned_sources = _sources().returned().order_by("-reviewed_at", "-pk")
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
    data = form.cleaned_data
    publish = data["decision"] in (ReviewForm.PUBLISH, ReviewForm.PUBLISH_ALL)
    with_positions = kind == "source" and data["decision"] == ReviewForm.PUBLISH_ALL
    left = []
    try:
        if with_positions:
            published, left = recording.publish_source_with_positions(
                record, version=data["version"], by=request.user, comment=data["comment"]
            )
        else:
            recording.decide(
                record,
                publish=publish,
                comment=data["comment"],
                version=data["version"],
                by=request.user,
            )
    except StaleEdit:
        fresh = _record(kind, pk)
        if fresh.status != ReviewStatus.PENDING or fresh.is_retracted:
            return _refusal(request, kind, fresh, publish)
        notice = (
            f"This {kind} was changed after you opened it, so your decision was not saved. "
            "Here it is as it stands now: check it and decide again."
        )
        item = _items(request, kind, [fresh])[0]
        return _render_item(request, item, status=409, notice=notice)
    except recording.Refused as refused:
        if refused.field:
            form.add_error(refused.field, refused.reason)
            item = _items(request, kind, [record], forms={record.pk: form})[0]
            return _render_item(request, item, status=400)
        return _refused(request, kind, record, refused)
    if publish:
        message = f"Published: {record}. It now shows on the public pages."
        if with_positions:
            message = _with_positions_message(record, published, left)
    else:
        message = f"Sent back: {record}. Its editor sees your comment in the review queue."
    if with_positions and request.htmx:
        # Its positions leave the queue too: the whole queue is shown again.
        messages.success(request, message)
        return HttpResponseClientRedirect(reverse("tracker:review"))
    if wants_fragment(request):
        return render_page(
            request,
            "tracker/review.html",
            {"done": message, "kind": kind, "record": record},
            partial="done",
        )
    messages.success(request, message)
    return redirect("tracker:review")


def _with_positions_message(source, published, left):
    if published:
        message = (
            f"Published: {source}, with {len(published)} of its positions. "
            "They now show on the public pages."
        )
    else:
        message = f"Published: {source}. It now shows on the public pages."
    if left:
        reasons = "; ".join(f"{position} ({why})" for position, why in left)
        message += f" Left pending: {reasons}"
    return message


def _refuse(request, kind, record, message, *, status=403, title, links=()):
    """A refusal: its own page, or in the queue (htmx) in the item's place."""
    if wants_fragment(request):
        context = {"done": message, "kind": kind, "record": record, "error": True, "links": links}
        return render_page(request, "tracker/review.html", context, partial="done", status=status)
    return refuse(request, message, status=status, title=title, links=links)


TITLES = {
    recording.Refused.RETRACTED: "Already retracted",
    recording.Refused.NOT_ALLOWED: "Another reviewer decides on this",
    recording.Refused.NOT_YET: "Not yet",
}


def _refused(request, kind, record, refused):
    """The answer to a decision the write side refused."""
    status = 403 if refused.code == recording.Refused.NOT_ALLOWED else 409
    links = []
    if refused.code == recording.Refused.DECIDED:
        done = "published" if record.status == ReviewStatus.PUBLISHED else "sent back"
        title = f"Already {done}"
    else:
        title = TITLES.get(refused.code, "This cannot be done")
    if refused.code in (recording.Refused.DECIDED, recording.Refused.NOT_YET):
        links.append(("Back to the review queue", reverse("tracker:review")))
    if refused.code == recording.Refused.NOT_YET:
        source = refused.record
        if source.status != ReviewStatus.PUBLISHED and not source.is_retracted:
            links.insert(
                0, ("Review its source", reverse("tracker:review-source", args=[source.pk]))
            )
    message = f"{refused.reason} Nothing was changed."
    return _refuse(request, kind, record, message, status=status, title=title, links=links)


def _refusal(request, kind, record, publish):
    """Why a decision on `record` (read again after it changed) cannot be taken now."""
    try:
        recording.check_decision(record, publish=publish, comment="-", by=request.user)
    except recording.Refused as refused:
        return _refused(request, kind, record, refused)
    return None
