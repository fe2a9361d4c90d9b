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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.views.decorators.http import require_http_methods

from tracker import recording
from tracker.forms import PositionEditForm, RetractForm, SourceEditForm, refusal_html
from tracker.models import Excerpt, Position, ReviewStatus, Source, StaleEdit
from tracker.reading.history import KIND_OF
from tracker.recording.retraction import refuse_retracted
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
    changes = {name: form.cleaned_data[name] for name in form.edited_fields}
    edit = recording.edit_position if kind == "position" else recording.edit_source
    try:
        edit(
            type(record)._base_manager.get(pk=record.pk),
            changes,
            version=opened_at,
            by=request.user,
        )
    except StaleEdit:
        return _conflict(request, record.pk, form, form_class, template, context)
    except recording.Refused as refused:
        if refused.code == recording.Refused.RETRACTED:
            return _retracted(request, type(record)._base_manager.get(pk=record.pk), "changed")
        form.add_error(refused.field, refusal_html(refused))
        return render(request, template, {**context, "form": form}, status=400)
    record.refresh_from_db()
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
    return refuse(
        request,
        f"{refuse_retracted(record, what)} Nothing was changed.",
        status=409,
        title="Already retracted",
        links=[("Its history", _history_url(record))],
    )


# --- Retractions ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_required
def position_retract(request, pk):
    return _retract(request, _position(pk))


@require_http_methods(["GET", "POST"])
@editor_required
def excerpt_retract(request, pk):
    return _retract(request, _excerpt(pk))


@require_http_methods(["GET", "POST"])
@editor_required
def source_retract(request, pk):
    return _retract(request, _source(pk))


def _retract(request, record):
    """Retract `record` with a reason; the page lists the standing positions that cite it,
    which must be retracted first."""
    kind = KIND_OF[type(record)]
    if record.is_retracted:
        return _retracted(request, record, "retracted again")
    context = {"record": record, "kind": kind, "history_url": _history_url(record)}
    if request.method == "GET":
        form = RetractForm(initial={"version": record.version})
        return _retract_page(request, context, form)
    form = RetractForm(request.POST)
    if not form.is_valid():
        return _retract_page(request, context, form, status=400)
    data = form.cleaned_data
    try:
        recording.retract(record, reason=data["reason"], version=data["version"], by=request.user)
    except StaleEdit:
        fresh = type(record)._base_manager.get(pk=record.pk)
        if fresh.is_retracted:
            return _retracted(request, fresh, "retracted again")
        context["record"] = fresh
        context["conflict"] = True
        form = RetractForm(initial={"version": fresh.version})
        return _retract_page(request, context, form, status=409)
    except recording.Refused as refused:
        if refused.code == recording.Refused.CITED:
            return _retract_page(request, context, form, status=409)
        if refused.code == recording.Refused.RETRACTED:
            return _retracted(request, record, "retracted again")
        form.add_error(refused.field, refused.reason)
        return _retract_page(request, context, form, status=400)
    messages.success(request, f"Retracted, with your reason: {data['reason']}")
    return redirect(_history_url(record))


def _retract_page(request, context, form, status=200):
    blocking = (
        recording.positions_in_the_way(context["record"])
        .select_related("party", "provision")
        .order_by("party__name", "pk")
    )
    context = {
        **context,
        "form": form,
        "blocking": list(blocking[:MAX_LISTED]),
        "blocking_count": blocking.count(),
    }
    return render(request, "tracker/retract.html", context, status=status)
