"""History pages: every change to one record, and the latest changes across the site.

Anyone may read the history of a public record (its public versions, without editors' names
or reviewers' comments); editors see every version, with who made it. The history of a record
the public cannot see (a pending source or position) is for editors only: others get a 404,
as they do on its page.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from tracker.models import Excerpt, Position, ReviewStatus, Source
from tracker.reading import history, whatsnew
from tracker.roles import is_editor
from tracker.views.caching import cached_for_readers

QUERYSETS = {
    "position": lambda: Position.objects.select_related("party", "provision", "excerpt__source"),
    "excerpt": lambda: Excerpt.objects.select_related("source"),
    "source": lambda: Source.objects.defer("text"),
}


def record_history(request, kind, pk):
    if kind not in history.KINDS:
        raise Http404("No such kind of record.")
    records = QUERYSETS.get(kind, history.KINDS[kind]._default_manager.all)()
    record = get_object_or_404(records, pk=pk)
    editor = is_editor(request.user)
    if not editor and not history.is_public(record):
        raise Http404("No such record.")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if page < 1:
        raise Http404("No such page.")
    entries, has_older = history.record_history(record, editor=editor, page=page)
    if not entries and page > 1:
        raise Http404("No such page.")
    aliases = []
    if kind in ("provision", "party") and page == 1:
        aliases = history.alias_history(record, editor=editor)
    context = {
        "kind": kind,
        "record": record,
        "title": _title(kind, record),
        "record_url": _record_url(kind, record, editor),
        "entries": entries,
        "aliases": aliases,
        "page": page,
        "has_older": has_older,
        "editor": editor,
    }
    return render(request, "tracker/history.html", context)


@cached_for_readers
def recent_changes(request):
    """What's new (tracker/reading/whatsnew.py); `?view=edits`: every change, field by field."""
    editor = is_editor(request.user)
    if request.GET.get("view") == "edits":
        context = {
            "entries": history.recent_changes(editor=editor),
            "limit": history.RECENT_LIMIT,
            "editor": editor,
        }
        return render(request, "tracker/recent_changes.html", context)
    filters = whatsnew.ChangesFilters(request.GET)
    if not filters.is_valid():
        context = {
            "filters": filters,
            "error": " ".join(
                str(message) for messages in filters.errors.values() for message in messages
            ),
        }
        return render(request, "tracker/whats_new.html", context, status=400)
    days, latest = whatsnew.whats_new(filters)
    query = request.GET.copy()
    query.pop("machine", None)
    with_machine = request.GET.copy()
    with_machine["machine"] = "on"
    context = {
        "filters": filters,
        "days": days,
        "latest": latest,
        "limit": whatsnew.LIMIT,
        "machine": filters.cleaned_data.get("machine"),
        "without_machine_query": query.urlencode(),
        "with_machine_query": with_machine.urlencode(),
        "narrowed": bool(
            filters.cleaned_data.get("party") or filters.cleaned_data.get("provision")
        ),
    }
    return render(request, "tracker/whats_new.html", context)


def _title(kind, record):
    if kind == "position":
        return f"{record.party.name} on {record.provision.title}"
    if kind == "source":
        return record.title or f"Source {record.pk} (headline not known)"
    if kind == "excerpt":
        return f"Excerpt {record.pk} of source {record.source_id}"
    return str(record)


def _record_url(kind, record, editor):
    """Where the record itself is shown, if this visitor may open it."""
    if kind == "provision":
        return reverse("tracker:provision", args=[record.slug])
    if kind == "party":
        return record.get_absolute_url()
    if kind == "position":
        if record.status == ReviewStatus.PUBLISHED:
            return reverse("tracker:provision", args=[record.provision.slug])
        if editor and record.status == ReviewStatus.PENDING:
            return reverse("tracker:review-position", args=[record.pk])
        return ""
    source = record if kind == "source" else record.source
    if source.status == ReviewStatus.PUBLISHED:
        url = reverse("tracker:source", args=[source.pk])
        return url if kind == "source" else record.get_absolute_url()
    if editor and source.status == ReviewStatus.PENDING:
        return reverse("tracker:review-source", args=[source.pk])
    return ""
