"""Changing and retracting what is recorded: a position's statement, a source's details.

Edits are checked against the version the editor opened (models.Versioned): a save based on a
copy someone else changed since is refused, and the page shows both versions side by side,
with nothing overwritten. An edit of a position sends it back to review: what the tracker says
publicly about a party changes only once a second person has checked it. Until then the
position is off the public pages (like a retracted one, which one editor may also decide).
A source's details (title, outlet, date…) are bibliographic, not a claim, and taking a
source off the public pages would break the evidence links of its published positions: an edit
keeps a published source published, and shows in the history and the recent changes.

Nothing is deleted: sources, excerpts and positions are retracted with a reason. An excerpt or
source that a position still cites is not retracted until those positions are (the page lists
them): each retraction changes the public record and says why on its own. A source's excerpts
are retracted with it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_http_methods

from tracker.forms import PositionEditForm, RetractForm, SourceEditForm
from tracker.history import KIND_OF
from tracker.models import Excerpt, Position, ReviewStatus, Source, StaleEdit
from tracker.views.access import editor_required, refuse

MAX_LISTED = 100  # positions listed as standing in the way of a retraction


def _position(pk):
    return get_object_or_404(
        Position.objects.select_related("party", "provision", "excerpt__source"), pk=pk
    )


def _source(pk):
    return get_object_or_404(Source, pk=pk)


def _excerpt(pk):
    return get_object_or_404(Excerpt.objects.select_related("source"), pk=pk)


def _history_url(record):
    return reverse("tracker:history", args=[KIND_OF[type(record)], record.pk])


# --- Edits ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_required
def position_edit(request, pk):
    return _edit(request, _position(pk), PositionEditForm, "tracker/position_edit.html")


@require_http_methods(["GET", "POST"])
@editor_required
def source_edit(request, pk):
    return _edit(request, _source(pk), SourceEditForm, "tracker/source_edit.html")


def _edit(request, record, form_class, template):
    kind = KIND_OF[type(record)]
    if record.is_retracted:
        return _retracted(request, record, "changed")
    context = {"record": record, "kind": kind, "history_url": _history_url(record)}
    if request.method == "GET":
        return render(request, template, {**context, "form": form_class(instance=record)})
    form = form_class(request.POST, instance=record)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    opened_at = form.cleaned_data["version"]
    if not form.edited_fields:
        if opened_at == record.version:
            messages.info(request, "Nothing was changed: the form held the values already saved.")
        else:
            messages.info(
                request,
                "These values are already saved (was the form sent twice?). Nothing was changed.",
            )
        return redirect(_history_url(record))
    was_published = record.status == ReviewStatus.PUBLISHED
    record.version = opened_at
    if kind == "position" or record.status == ReviewStatus.RETURNED:
        record.status = ReviewStatus.PENDING
    record._history_user = request.user
    record._change_reason = "Edited"
    try:
        with transaction.atomic():
            form.save()
    except StaleEdit:
        return _conflict(request, record.pk, form, form_class, template, context)
    if kind == "position" and was_published:
        message = (
            "Saved. The position goes back to review: until a reviewer publishes it again, "
            "it is not shown on the public pages."
        )
    elif record.status == ReviewStatus.PENDING:
        message = "Saved. It waits in the review queue."
    else:
        message = "Saved."
    messages.success(request, message)
    return redirect(_history_url(record))


def _conflict(request, pk, form, form_class, template, context):
    """Refuse a save based on a stale copy: both versions side by side, the form reopened on
    the current one, nothing overwritten."""
    model = form_class._meta.model
    theirs = _position(pk) if model is Position else _source(pk)
    if theirs.is_retracted:
        return _retracted(request, theirs, "changed")
    latest = theirs.history.select_related("history_user").order_by("-history_id").first()
    rows = []
    for name in form_class._meta.fields:
        field = model._meta.get_field(name)
        ours = form.cleaned_data.get(name)
        current = getattr(theirs, name)
        rows.append(
            {
                "label": form[name].label,
                "theirs": _shown(field, current),
                "yours": _shown(field, ours),
                "differs": (current or "") != (ours or ""),
            }
        )
    context = {
        **context,
        "record": theirs,
        "form": form_class(instance=theirs),
        "conflict": {
            "rows": rows,
            # What they sent, to send again knowingly over the saved version.
            "yours": [(name, form.data.get(name, "")) for name in form_class._meta.fields],
            "by": latest.history_user if latest else None,
            "at": latest.history_date if latest else None,
            "version": theirs.version,
        },
    }
    return render(request, template, context, status=409)


def _shown(field, value):
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return dateformat.format(value, "j M Y")
    return str(value)


def _retracted(request, record, what):
    kind = KIND_OF[type(record)]
    when = dateformat.format(timezone.localtime(record.retracted_at), "j M Y")
    advice = " Record a new position instead." if kind == "position" else ""
    return refuse(
        request,
        f"This {kind} was retracted on {when} ({record.retraction_reason}), so it cannot be "
        f"{what}.{advice} Nothing was changed.",
        status=409,
        title="Already retracted",
        links=[("Its history", _history_url(record))],
    )


# --- Retractions ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_required
def position_retract(request, pk):
    return _retract(request, _position(pk), lambda: Position.objects.none())


@require_http_methods(["GET", "POST"])
@editor_required
def excerpt_retract(request, pk):
    excerpt = _excerpt(pk)
    return _retract(request, excerpt, lambda: Position.objects.active().filter(excerpt=excerpt))


@require_http_methods(["GET", "POST"])
@editor_required
def source_retract(request, pk):
    source = _source(pk)
    return _retract(
        request, source, lambda: Position.objects.active().filter(excerpt__source=source)
    )


def _retract(request, record, citing):
    """`citing()`: the positions that must be retracted first (none for a position)."""
    kind = KIND_OF[type(record)]
    if record.is_retracted:
        return _retracted(request, record, "retracted again")
    context = {"record": record, "kind": kind, "history_url": _history_url(record)}
    if request.method == "GET":
        form = RetractForm(initial={"version": record.version})
        return _retract_page(request, context, form, citing)
    form = RetractForm(request.POST)
    if not form.is_valid():
        return _retract_page(request, context, form, citing, status=400)
    try:
        with transaction.atomic():
            if citing().exists():
                return _retract_page(request, context, form, citing, status=409)
            record.version = form.cleaned_data["version"]
            _retract_one(record, form.cleaned_data["reason"], request.user)
            if kind == "source":
                for excerpt in record.excerpts.filter(retracted_at__isnull=True):
                    excerpt.source = record  # already read; spares a query per excerpt
                    reason = f"Its source was retracted: {form.cleaned_data['reason']}"
                    _retract_one(excerpt, reason, request.user)
    except StaleEdit:
        fresh = type(record)._base_manager.get(pk=record.pk)
        if fresh.is_retracted:
            return _retracted(request, fresh, "retracted again")
        context["record"] = fresh
        context["conflict"] = True
        return _retract_page(
            request, context, RetractForm(initial={"version": fresh.version}), citing, status=409
        )
    except ValidationError as error:
        form.add_error("reason", error)
        return _retract_page(request, context, form, citing, status=400)
    messages.success(request, f"Retracted, with your reason: {form.cleaned_data['reason']}")
    return redirect(_history_url(record))


def _retract_one(record, reason, user):
    record._history_user = user
    record._change_reason = "Retracted"
    record.retract(reason, user)


def _retract_page(request, context, form, citing, status=200):
    blocking = citing().select_related("party", "provision").order_by("party__name", "pk")
    context = {
        **context,
        "form": form,
        "blocking": list(blocking[:MAX_LISTED]),
        "blocking_count": blocking.count(),
    }
    return render(request, "tracker/retract.html", context, status=status)
