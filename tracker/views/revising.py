"""Editors keep the negotiation's texts: the next version of a draft (with the page that reports
it), what a version reportedly changed, their reading of a paragraph (which paragraph of the
version before it is, and which provisions it carries), and a newer text of a stored article.

Each view checks the form, calls the write side (tracker/recording/texts.py) and shows what it
refused next to the field concerned, keeping everything typed.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tracker import recording
from tracker.forms import (
    ParagraphForm,
    ReportedChangeForm,
    RevisionForm,
    VersionForm,
    refusal_html,
)
from tracker.models import Paragraph, Source
from tracker.reading import wording
from tracker.recording import texts
from tracker.views.access import editor_required, refuse
from tracker.views.scoping import scoped
from tracker.views.texts import _draft, _version

# What a refusal names, as the form's fields are named.
_CITATION_FIELDS = {"citations": "source_url", "url": "source_url"}


def _add_refusal(form, refused):
    field = _CITATION_FIELDS.get(refused.field, refused.field)
    form.add_error(field if field in form.fields else None, refusal_html(refused))


def _version_url(negotiation, version):
    return reverse("tracker:version", args=[negotiation.slug, version.draft.slug, version.number])


@editor_required
@scoped
def version_new(request, negotiation, draft):
    draft = _draft(negotiation, draft)
    status = 200
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                version = texts.add_version(
                    draft, citation=form.citation(), by=request.user, **form.details()
                )
            except recording.Refused as refused:
                _add_refusal(form, refused)
            else:
                messages.success(request, _saved_version_message(version))
                return redirect(_version_url(negotiation, version))
        status = 400
    else:
        form = VersionForm()
    context = {"form": form, "draft": draft, "latest": draft.version_list[-1:]}
    return render(request, "tracker/version_form.html", context, status=status)


def _saved_version_message(version):
    if not version.text_source_id:
        return f"{version.label} saved as version {version.number}. Add the changes reported in it."
    count = version.paragraphs.count()
    return (
        f"{version.label} saved as version {version.number}, its text split into {count} "
        "paragraph" + ("s" if count != 1 else "") + ". Check which paragraph is which and the "
        "provisions each carries."
    )


@editor_required
@scoped
def reported_change_new(request, negotiation, draft, number):
    draft = _draft(negotiation, draft)
    version = _version(draft, number)
    status = 200
    if request.method == "POST":
        form = ReportedChangeForm(request.POST, negotiation=negotiation)
        if form.is_valid():
            try:
                texts.add_reported_change(
                    version, citation=form.citation(), by=request.user, **form.details()
                )
            except recording.Refused as refused:
                _add_refusal(form, refused)
            else:
                messages.success(request, "The reported change is saved, with its source.")
                return redirect(_version_url(negotiation, version) + "#known-heading")
        status = 400
    else:
        initial = {"provision": request.GET.get("provision", "")}
        form = ReportedChangeForm(initial=initial, negotiation=negotiation)
    context = {"form": form, "draft": draft, "version": version}
    return render(request, "tracker/reported_change_form.html", context, status=status)


@editor_required
@scoped
def paragraph_edit(request, negotiation, draft, number, eid):
    draft = _draft(negotiation, draft)
    version = _version(draft, number)
    paragraph = get_object_or_404(
        Paragraph.objects.prefetch_related("provisions"), version=version, eid=eid
    )
    earlier_version = (
        draft.versions.filter(number__lt=version.number, text_source__isnull=False)
        .order_by("-number")
        .first()
    )
    earlier = wording.paragraphs_of(earlier_version) if earlier_version else []
    current = next((p for p in earlier if p.lineage == paragraph.lineage), None)
    status = 200
    if request.method == "POST":
        form = ParagraphForm(request.POST, paragraph=paragraph, earlier_paragraphs=earlier)
        if form.is_valid():
            try:
                texts.correct_paragraph(
                    paragraph,
                    earlier=form.cleaned_data["earlier"],
                    provisions=form.cleaned_data["provisions"],
                    by=request.user,
                )
            except recording.Refused as refused:
                _add_refusal(form, refused)
            else:
                messages.success(request, f"{paragraph.name} saved as you read it.")
                return redirect(_version_url(negotiation, version) + f"#{paragraph.eid}")
        status = 400
    else:
        form = ParagraphForm(
            initial={
                "earlier": current.eid if current else ParagraphForm.NEW,
                "provisions": [p.slug for p in paragraph.provisions.all()],
            },
            paragraph=paragraph,
            earlier_paragraphs=earlier,
        )
    context = {
        "form": form,
        "draft": draft,
        "version": version,
        "paragraph": paragraph,
        "earlier_version": earlier_version,
        "mappings": {
            m.provision.slug: m.get_mapping_display()
            for m in paragraph.paragraphprovision_set.select_related("provision")
        },
    }
    return render(request, "tracker/paragraph_form.html", context, status=status)


@editor_required
def source_revise(request, pk):
    """A newer text of a stored article: stored as a new source that replaces it, its excerpts
    found again in the new text (the old text stays readable, and what was not found is listed
    on the orphans page)."""
    source = get_object_or_404(Source, pk=pk)
    if source.is_retracted:
        return refuse(request, "A retracted source gets no newer text.", status=409)
    if hasattr(source, "next_revision"):
        return redirect(reverse("tracker:source-revise", args=[source.next_revision.pk]))
    status = 200
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                newer = texts.record_revision(source, form.cleaned_data["text"], by=request.user)
            except recording.Refused as refused:
                _add_refusal(form, refused)
            else:
                messages.success(request, _carried_message(wording.carried(newer)))
                return redirect(newer)
        status = 400
    else:
        form = RevisionForm()
    return render(
        request, "tracker/source_revise.html", {"form": form, "source": source}, status=status
    )


def _carried_message(counts):
    total, lost, changed = counts["total"], counts["lost"], counts["changed"]
    message = f"The newer text is saved. {total - lost} of the earlier text's {total} excerpts "
    message += "were found in it"
    if changed:
        message += f" ({changed} with changed words, marked so)"
    message += "."
    if lost:
        message += (
            f" {lost} {'was' if lost == 1 else 'were'} not: "
            "they stay with the earlier text and are listed on the orphans page."
        )
    return message
