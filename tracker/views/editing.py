"""What editors enter: a source (with the linker's excerpts) and a sourced position, plus the
positions the tracker suggests from stance-signalling words.

Every mutation is a POST by an editor and is saved in one transaction, from values the server
computed again: offsets are re-read against the stored text, and the linker's suggestions are
made again from the submitted text, so nothing a browser claims is stored as it came. What an
editor saves is pending until a reviewer publishes it.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from tracker.forms import PositionForm, SourceForm, anchor
from tracker.models import (
    DismissedSuggestion,
    Excerpt,
    MadeBy,
    Origin,
    Party,
    Position,
    Provision,
    ReviewStatus,
    Source,
)
from tracker.text import suggesting
from tracker.text.linking import Linker
from tracker.views.access import editor_required
from tracker.views.htmx import render_page, wants_fragment
from tracker.views.marking import mark_spans

SUGGESTIONS_PER_PAGE = 50


# --- A new source ---------------------------------------------------------------------------


def _linked_sentences(text):
    """The linker's suggested excerpts of `text` (already normalised)."""
    return Linker.from_database().link(text)


def _span_key(sentence):
    return f"{sentence.start}-{sentence.end}"


def _kept(sentences, post):
    """The suggestions the editor keeps: every one whose box was ticked, and every one they
    were never shown (suggestions are kept by default). Boxes naming a span the linker did not
    find in this text are ignored."""
    shown, ticked = set(post.getlist("shown")), set(post.getlist("keep"))
    return [s for s in sentences if _span_key(s) in ticked or _span_key(s) not in shown]


def _marked_suggestions(sentences, post=None):
    """The sentences for the page: text with its mentions marked, what it names, and whether
    its box is ticked (yes, unless the editor unticked it in a preview)."""
    provisions = dict(Provision.objects.values_list("slug", "title"))
    parties = dict(Party.objects.values_list("code", "name"))
    shown = set(post.getlist("shown")) if post else set()
    ticked = set(post.getlist("keep")) if post else set()
    rows = []
    for s in sentences:
        key = _span_key(s)
        rows.append(
            {
                "key": key,
                "html": mark_spans(
                    s.text, [(m.start - s.start, m.end - s.start) for m in s.mentions]
                ),
                "provisions": [provisions.get(slug, slug) for slug in s.provisions],
                "parties": [parties.get(code, code) for code in s.parties],
                "checked": key in ticked or key not in shown,
            }
        )
    return rows


def _preview(form, post):
    """The suggestions for the text as submitted, if the text itself is acceptable."""
    form.is_valid()
    text = form.cleaned_data.get("text")
    if text is None:
        return None
    return _marked_suggestions(_linked_sentences(text), post)


def _only_text_errors(form):
    """A preview reports on the text only: the editor may not have reached the other fields."""
    for name in list(form.errors):
        if name != "text":
            del form.errors[name]


@editor_required
def source_new(request):
    status, suggestions = 200, None
    if request.method == "POST":
        form = SourceForm(request.POST)
        if request.POST.get("action") == "preview":
            suggestions = _preview(form, request.POST)
            _only_text_errors(form)
        elif form.is_valid():
            sentences = _linked_sentences(form.cleaned_data["text"])
            try:
                source = _save_source(form.cleaned_data, _kept(sentences, request.POST), request)
            except IntegrityError:
                # Saved by someone else between our checks and the insert: say so by checking again.
                form = SourceForm(request.POST)
                form.is_valid()
            else:
                messages.success(
                    request,
                    f"Source {source.pk} saved with {source.excerpts.count()} excerpts. It waits "
                    "for a reviewer before the public sees it.",
                )
                return redirect("tracker:source", source.pk)
        if form.errors:
            status = 400
            if form.cleaned_data.get("text") and suggestions is None:
                suggestions = _marked_suggestions(
                    _linked_sentences(form.cleaned_data["text"]), request.POST
                )
    else:
        form = SourceForm()
    context = {"form": form, "suggestions": suggestions}
    return render(request, "tracker/source_form.html", context, status=status)


@editor_required
@require_POST
def source_preview(request):
    """The linker's suggestions for the text being typed (htmx); nothing is saved."""
    form = SourceForm(request.POST)
    suggestions = _preview(form, request.POST)
    context = {"form": form, "suggestions": suggestions}
    status = 400 if form.has_error("text") else 200
    return render(request, "tracker/source_form.html#suggestions", context, status=status)


def _save_source(data, sentences, request):
    """The source, pending, and the kept excerpts with what they mention: all or nothing."""
    provisions = dict(Provision.objects.values_list("slug", "pk"))
    parties = dict(Party.objects.values_list("code", "pk"))
    with transaction.atomic():
        source = Source.objects.create(
            title=data["title"],
            outlet=data["outlet"],
            author=data["author"],
            url=data["url"],
            published_on=data["published_on"],
            language=data["language"],
            text=data["text"],
            status=ReviewStatus.PENDING,
            origin=Origin.EDITOR,
            created_by=request.user,
        )
        for sentence in sentences:
            excerpt = Excerpt.for_span(
                source, sentence.start, sentence.end, made_by=MadeBy.LINKER, created_by=request.user
            )
            excerpt.save()
            excerpt.provisions.set([provisions[k] for k in sentence.provisions if k in provisions])
            excerpt.parties.set([parties[k] for k in sentence.parties if k in parties])
    return source


# --- A new position ---------------------------------------------------------------------------


def _editable_source(pk):
    return get_object_or_404(Source.objects.filter(retracted_at__isnull=True), pk=pk)


def _initial(source, params):
    """The form's starting values from the query string: an excerpt, or offsets (from a
    selection); a suggestion also names party, provision and stance."""
    initial = {"stated_on": source.published_on}
    for name in ("excerpt", "start", "end"):
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if re.fullmatch(r"[0-9]{1,12}", params.get(name, "")):
            initial[name] = int(params[name])
    if "excerpt" in initial:
        initial.pop("start", None), initial.pop("end", None)
    if party := Party.objects.filter(code=params.get("party", "")).first():
        initial["party"] = party.name
    if params.get("provision"):
        initial["provision"] = params["provision"]
    if params.get("stance"):
        initial["stance"] = params["stance"]
    return initial


def _anchored_form(source, params):
    """An unbound form for GET, its quote read from the source at the excerpt or offsets asked
    for; with the reason instead when they do not fit the source."""
    initial = _initial(source, params)
    try:
        found = anchor(
            source,
            excerpt_id=initial.get("excerpt"),
            start=initial.get("start"),
            end=initial.get("end"),
        )
    except ValidationError as error:
        return PositionForm(initial=initial, source=source), error.messages[0]
    excerpt = found["excerpt"]
    initial.update(found, excerpt=excerpt.pk if excerpt else None)
    return PositionForm(initial=initial, source=source), None


def _duplicate(data):
    excerpt = data["excerpt"]
    if excerpt is None:
        return None
    return (
        Position.objects.active()
        .filter(
            party=data["party"], provision=data["provision"], stance=data["stance"], excerpt=excerpt
        )
        .first()
    )


def _excerpt_url(excerpt):
    return reverse("tracker:source", args=[excerpt.source_id]) + f"#excerpt-{excerpt.pk}"


def _save_position(source, data, user):
    with transaction.atomic():
        excerpt = data["excerpt"]
        if excerpt is None:
            excerpt = Excerpt.for_span(
                source, data["start"], data["end"], made_by=MadeBy.PERSON, created_by=user
            )
            excerpt.save()
            mentions = Linker.from_database().mentions(excerpt.exact)
            excerpt.provisions.set(
                Provision.objects.filter(
                    slug__in={m.key for m in mentions if m.kind == "provision"}
                )
            )
            excerpt.parties.set(
                Party.objects.filter(code__in={m.key for m in mentions if m.kind == "party"})
            )
        return Position.objects.create(
            party=data["party"],
            provision=data["provision"],
            stance=data["stance"],
            excerpt=excerpt,
            speaker=data["speaker"],
            attribution=data["attribution"],
            stated_on=data["stated_on"],
            summary=data["summary"],
            status=ReviewStatus.PENDING,
            origin=Origin.EDITOR,
            recorded_by=user,
        )


def _refuse_duplicate(form, existing):
    form.add_error(
        None,
        format_html(
            "This party’s position on this provision with this stance and this evidence is "
            'already recorded: <a href="{}">see it on the source</a>.',
            _excerpt_url(existing.excerpt),
        ),
    )


@editor_required
def position_new(request, pk):
    source = _editable_source(pk)
    status, anchor_error = 200, None
    if request.method == "POST":
        form = PositionForm(request.POST, source=source)
        if form.is_valid():
            if existing := _duplicate(form.cleaned_data):
                _refuse_duplicate(form, existing)
            else:
                try:
                    position = _save_position(source, form.cleaned_data, request.user)
                except IntegrityError:
                    # An identical submission won the race: the database refused this one.
                    form = PositionForm(request.POST, source=source)
                    if form.is_valid() and (existing := _duplicate(form.cleaned_data)):
                        _refuse_duplicate(form, existing)
                    else:
                        form.add_error(
                            None,
                            "This was saved at the same moment by another request; reload the source to see it.",
                        )
                else:
                    messages.success(
                        request,
                        f"Position recorded: {position}. It waits for a reviewer before the "
                        "public sees it.",
                    )
                    target = _excerpt_url(position.excerpt)
                    if request.htmx:
                        # From the source page itself: a new query string makes the browser load
                        # the page again (a change of #fragment alone would only scroll).
                        path, _hash, fragment = target.partition("#")
                        return HttpResponseClientRedirect(
                            f"{path}?recorded={position.pk}#{fragment}"
                        )
                    return redirect(target)
        status = 400
    else:
        form, anchor_error = _anchored_form(source, request.GET)
        if anchor_error:
            status = 400
    context = {
        "source": source,
        "form": form,
        "anchor_error": anchor_error,
        "parties": Party.objects.order_by("name"),
        "quote": _form_quote(form),
    }
    return render_page(
        request, "tracker/position_form.html", context, partial="form", status=status
    )


def _form_quote(form):
    """The anchored quote to show: from what was checked (POST) or what was read (GET)."""
    if form.is_bound:
        data = getattr(form, "cleaned_data", {})
        anchored = all(data.get(name) is not None for name in ("quote", "start", "end"))
        if anchored and not any(form.has_error(name) for name in ("quote", "start", "end")):
            return {"text": data["quote"], "start": data["start"], "end": data["end"]}
        return None
    if form.initial.get("quote"):
        return {
            "text": form.initial["quote"],
            "start": form.initial["start"],
            "end": form.initial["end"],
        }
    return None


# --- Suggested positions ----------------------------------------------------------------------


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
    party = request.POST.get("party", "")
    provision = request.POST.get("provision", "")
    excerpt = (
        Excerpt.objects.filter(pk=excerpt).first()
        if re.fullmatch(r"[0-9]{1,18}", excerpt)
        else None
    )
    party = Party.objects.filter(code=party).first()
    provision = Provision.objects.filter(slug=provision).first()
    if not (excerpt and party and provision):
        return HttpResponse("That suggestion is not known.", status=400, content_type="text/plain")
    DismissedSuggestion.objects.get_or_create(
        excerpt=excerpt,
        party=party,
        provision=provision,
        defaults={"dismissed_by": request.user},
    )
    if wants_fragment(request):
        return HttpResponse("")  # the suggestion's row is replaced by nothing
    messages.success(request, "Suggestion dismissed.")
    return redirect("tracker:suggestions")
