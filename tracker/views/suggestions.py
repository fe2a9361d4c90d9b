"""Suggested positions: excerpts naming a party and a provision in stance-signalling words that
no position cites yet (tracker/text/suggesting.py). Editors confirm one (the position form,
filled in) or set it aside."""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tracker import recording
from tracker.models import DismissedSuggestion, Excerpt, Party, Provision
from tracker.text import suggesting
from tracker.views.access import editor_required
from tracker.views.htmx import wants_fragment
from tracker.views.marking import mark_spans

SUGGESTIONS_PER_PAGE = 50


@editor_required
def suggestions(request):
    dismissed = {
        suggesting.dismissal_key(excerpt_id, code, slug)
        for excerpt_id, code, slug in DismissedSuggestion.objects.values_list(
            "excerpt_id", "party__code", "provision__slug"
        )
    }
    found = suggesting.suggestions(dismissed)
    page = Paginator(found, SUGGESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    for suggestion in page:
        suggestion.html = mark_spans(
            suggestion.excerpt.exact, [(c.start, c.end) for c in suggestion.cues]
        )
        suggestion.confirm_url = (
            reverse("tracker:position-new", args=[suggestion.excerpt.source_id])
            + f"?excerpt={suggestion.excerpt.pk}&party={suggestion.party.code}"
            f"&provision={suggestion.provision.slug}&stance={suggestion.stance}"
        )
    # One entry per sentence (excerpt), with each suggestion it yields under it.
    sentences: list[dict] = []
    for suggestion in page:
        if not sentences or sentences[-1]["excerpt"] != suggestion.excerpt:
            sentences.append({"excerpt": suggestion.excerpt, "suggestions": []})
        sentences[-1]["suggestions"].append(suggestion)
    for sentence in sentences:
        cues = {(c.start, c.end) for s in sentence["suggestions"] for c in s.cues}
        sentence["html"] = mark_spans(sentence["excerpt"].exact, sorted(cues))
    context = {
        "page": page,
        "sentences": sentences,
        "count": len(found),
        "dismissed": len(dismissed),
    }
    return render(request, "tracker/suggestions.html", context)


MAX_DISMISSED_AT_ONCE = 500


@editor_required
@require_POST
def suggestions_dismiss_ticked(request):
    """Set aside every ticked suggestion (`chosen`: excerpt:party:provision keys) at once,
    through the write side; a key that names nothing known refuses the lot, nothing changed."""
    keys = request.POST.getlist("chosen")[: MAX_DISMISSED_AT_ONCE + 1]
    if not keys:
        messages.error(request, "Tick the suggestions to dismiss first.")
        return redirect("tracker:suggestions")
    if len(keys) > MAX_DISMISSED_AT_ONCE:
        return HttpResponse(
            f"Dismiss at most {MAX_DISMISSED_AT_ONCE} at once.",
            status=400,
            content_type="text/plain",
        )
    chosen = []
    for key in keys:
        match = re.fullmatch(r"([0-9]{1,18}):([^:]{1,50}):([^:]{1,100})", key)
        excerpt = Excerpt.objects.filter(pk=match[1]).first() if match else None
        party = Party.objects.filter(code=match[2]).first() if match else None
        provision = Provision.objects.filter(slug=match[3]).first() if match else None
        if not (excerpt and party and provision):
            return HttpResponse(
                "That suggestion is not known.", status=400, content_type="text/plain"
            )
        chosen.append((excerpt, party, provision))
    recording.dismiss_suggestions(chosen, by=request.user)
    count = len(set(keys))
    messages.success(request, f"{count} suggestion{'s' if count != 1 else ''} dismissed.")
    return redirect("tracker:suggestions")


@editor_required
@require_POST
def suggestion_dismiss(request):
    excerpt = request.POST.get("excerpt", "")
    excerpt = (
        Excerpt.objects.filter(pk=excerpt).first()
        if re.fullmatch(r"[0-9]{1,18}", excerpt)
        else None
    )
    party = Party.objects.filter(code=request.POST.get("party", "")).first()
    provision = Provision.objects.filter(slug=request.POST.get("provision", "")).first()
    if not (excerpt and party and provision):
        return HttpResponse("That suggestion is not known.", status=400, content_type="text/plain")
    recording.dismiss_suggestion(excerpt, party, provision, by=request.user)
    if wants_fragment(request):
        return HttpResponse("")  # the suggestion's row is replaced by nothing
    messages.success(request, "Suggestion dismissed.")
    return redirect("tracker:suggestions")
