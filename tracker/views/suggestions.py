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
    context = {"page": page, "count": len(found), "dismissed": len(dismissed)}
    return render(request, "tracker/suggestions.html", context)


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
