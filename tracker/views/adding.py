"""New records from editors: a source (with the linker's excerpts) and a sourced position.

Views parse the request and call the write side (tracker/recording/), which checks everything
again from the stored text: offsets are re-read against it and the linker's suggestions are
made again from the submitted text, so nothing a browser claims is stored as it came. What an
editor records is pending until a reviewer publishes it.
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from tracker import recording
from tracker.forms import PositionForm, SourceForm, refusal_html
from tracker.models import Party, Provision, Source
from tracker.recording.sources import MAX_TEXT_CHARS
from tracker.text import dating
from tracker.text.linking import Linker
from tracker.views.access import editor_required
from tracker.views.htmx import render_page
from tracker.views.marking import mark_spans

# --- A new source ---------------------------------------------------------------------------


def _suggestion_rows(text, dropped):
    """The linker's suggested excerpts of `text` (normalised) for the page: the sentence with
    its mentions marked, what it names, and whether the editor left it out."""
    provisions = dict(Provision.objects.values_list("slug", "title"))
    parties = dict(Party.objects.values_list("code", "name"))
    rows = []
    for sentence in Linker.current().link(text):
        key = recording.span_key(sentence)
        rows.append(
            {
                "key": key,
                "html": mark_spans(
                    sentence.text,
                    [(m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions],
                ),
                "provisions": [provisions.get(slug, slug) for slug in sentence.provisions],
                "parties": [parties.get(code, code) for code in sentence.parties],
                "dropped": key in dropped,
            }
        )
    return rows


def _preview(form, dropped):
    """The suggestions for the text as submitted, if the text itself is acceptable. A preview
    reports on the text only: the editor may not have reached the other fields."""
    form.is_valid()
    for name in list(form.errors):
        if name != "text":
            del form.errors[name]
    text = form.cleaned_data.get("text")
    return None if text is None else _suggestion_rows(text, dropped)


@editor_required
def source_new(request):
    status, suggestions = 200, None
    if request.method == "POST":
        form = SourceForm(request.POST)
        dropped = set(request.POST.getlist("drop"))
        if request.POST.get("action") == "preview":
            suggestions = _preview(form, dropped)
        elif form.is_valid():
            details = {name: form.cleaned_data[name] for name in recording.sources.SOURCE_DETAILS}
            try:
                source = recording.record_source(
                    text=form.cleaned_data["text"], drop=dropped, by=request.user, **details
                )
            except recording.Refused as refused:
                # Stored by someone else between the form's checks and the save.
                form.add_error(refused.field, refusal_html(refused))
            else:
                count = source.excerpts.count()
                messages.success(
                    request,
                    f"Source {source.pk} saved with {count:,} excerpt{'s' if count != 1 else ''}. "
                    "It waits for a reviewer before the public sees it.",
                )
                return redirect(source)
        if form.errors:
            status = 400
            if form.cleaned_data.get("text") and suggestions is None:
                suggestions = _suggestion_rows(form.cleaned_data["text"], dropped)
    else:
        form = SourceForm()
    context = {"form": form, "suggestions": suggestions, "max_chars": MAX_TEXT_CHARS}
    return render(request, "tracker/source_form.html", context, status=status)


@editor_required
@require_POST
def source_preview(request):
    """The linker's suggestions for the text being typed (htmx); nothing is saved."""
    form = SourceForm(request.POST)
    suggestions = _preview(form, set(request.POST.getlist("drop")))
    context = {"form": form, "suggestions": suggestions, "max_chars": MAX_TEXT_CHARS}
    status = 400 if form.has_error("text") else 200
    return render(request, "tracker/source_form.html#suggestions", context, status=status)


# --- A new position ---------------------------------------------------------------------------


def _number(params, name):
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    value = params.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,12}", value) else None


def _named_in(quote):
    """(parties, provisions) the quote names, as the linker reads it."""
    mentions = Linker.current().mentions(quote)
    codes = list(dict.fromkeys(m.key for m in mentions if m.kind == "party"))
    slugs = list(dict.fromkeys(m.key for m in mentions if m.kind == "provision"))
    parties = sorted(Party.objects.filter(code__in=codes), key=lambda p: p.display_key)
    return parties, slugs


def _new_position_form(source, params):
    """An unbound form for GET: its quote read from the source at the excerpt or offsets asked
    for (or the reason they do not fit), and, when the quote names exactly one party or one
    provision, that party or provision filled in. A suggestion names party, provision and
    stance itself."""
    excerpt_id = _number(params, "excerpt")
    start, end = (None, None) if excerpt_id else (_number(params, "start"), _number(params, "end"))
    initial = {}
    try:
        anchor = recording.anchor(source, excerpt_id=excerpt_id, start=start, end=end)
    except recording.Refused as refused:
        return PositionForm(initial=initial, source=source), None, refusal_html(refused)
    proposal = _date_proposal(source, anchor.start, anchor.end)
    if proposal.dated is not None:
        initial.update(stated_on=proposal.dated.day, date_precision=proposal.dated.precision)
    initial.update(
        excerpt=anchor.excerpt.pk if anchor.excerpt else None,
        start=anchor.start,
        end=anchor.end,
        quote=anchor.quote,
    )
    parties, slugs = _named_in(anchor.quote)
    asked = Party.objects.filter(code=params.get("party", "")).first()
    if asked is not None:
        if asked in parties:
            initial["mentioned"] = [asked.code]
        else:
            initial["party"] = asked.name
    elif len(parties) == 1:
        initial["mentioned"] = [parties[0].code]
    if params.get("provision"):
        initial["provision"] = params["provision"]
    elif len(slugs) == 1:
        initial["provision"] = slugs[0]
    if params.get("stance"):
        initial["stance"] = params["stance"]
    form = PositionForm(initial=initial, source=source)
    form.offer(parties)
    form.date_proposal = proposal.note
    return form, anchor, None


@dataclass(frozen=True)
class DateProposal:
    dated: dating.Dated | None
    note: str  # what the form says about the date it offers, or why it offers none


def _date_proposal(source, start, end):
    """The date the quote's sentence gives relative to its source ("said Tuesday", "last
    week"), worked out from the source's date, and the words that say where it came from. Only
    offered: the editor confirms it by saving."""
    text = source.text
    # The sentence(s) the quote stands in: a day is often named after the quoted words.
    before = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "? ", "! "))
    after = [i for i in (text.find(m, end) for m in (". ", "\n", "? ", "! ")) if i != -1]
    sentence = text[before + 1 : min(after) + 1 if after else len(text)]
    dated = dating.date_in_text(sentence, source.published_on, source.date_precision)
    if dated is not None:
        when = dating.label(dated.day, dated.precision)
        return DateProposal(
            dated,
            f"Proposed: {when}, {dated.explain(source.published_on)}. Check it against the text "
            "before saving; clear it if it is not when this was said.",
        )
    if source.published_on is None:
        return DateProposal(
            None, "The source’s date is not known: give a date only if the text gives one."
        )
    if source.date_precision != "day" and dating.date_in_text(sentence, source.published_on):
        return DateProposal(
            None,
            f"The text names a day relative to its source, but the source’s date is known only "
            f"to {source.date_label}: it cannot be worked out.",
        )
    return DateProposal(None, f"Left empty, it is dated by its source: {source.date_label}.")


@editor_required
def position_new(request, pk):
    source = get_object_or_404(Source.objects.standing(), pk=pk)
    status, anchor_error, anchor = 200, None, None
    if request.method == "POST":
        form = PositionForm(request.POST, source=source)
        valid = form.is_valid()
        anchor = form.cleaned_data.get("anchor")
        if anchor is not None:
            form.offer(_named_in(anchor.quote)[0])
        if valid:
            data = form.cleaned_data
            try:
                positions = recording.record_positions(
                    anchor,
                    parties=data["parties"],
                    provision=data["provision"],
                    stance=data["stance"],
                    attribution=data["attribution"],
                    speaker=data["speaker"],
                    stated_on=data["stated_on"],
                    date_precision=data["date_precision"],
                    summary=data["summary"],
                    by=request.user,
                )
            except recording.Refused as refused:
                form.add_error(refused.field, refusal_html(refused))
            else:
                return _recorded(request, positions)
        status = 400
    else:
        form, anchor, anchor_error = _new_position_form(source, request.GET)
        if anchor_error:
            status = 400
    context = {
        "source": source,
        "form": form,
        "anchor": anchor,
        "anchor_error": anchor_error,
        "parties": Party.objects.in_display_order(),
    }
    return render_page(
        request, "tracker/position_form.html", context, partial="form", status=status
    )


def _recorded(request, positions):
    if len(positions) == 1:
        what = f"Position recorded: {positions[0]}."
    else:
        names = ", ".join(p.party.name for p in positions)
        what = f"{len(positions)} positions recorded, one for each of {names}."
    messages.success(request, f"{what} It waits for a reviewer before the public sees it.")
    target = positions[0].excerpt.get_absolute_url()
    if request.htmx:
        # From the source page itself: a new query string makes the browser load the page
        # again (a change of #fragment alone would only scroll).
        path, _hash, fragment = target.partition("#")
        return HttpResponseClientRedirect(f"{path}?recorded={positions[0].pk}#{fragment}")
    return redirect(target)
