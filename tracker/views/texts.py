"""The negotiation's texts: its drafts and versions in order, a version's paragraphs, what
changed between two versions (paragraph by paragraph and word by word, or as reported), the
crosswalk between rival drafts, a version as Akoma Ntoso, and, for editors, the excerpts a new
text lost (orphans)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from tracker.models import Excerpt, Position, Provision
from tracker.reading import wording
from tracker.views.access import editor_required
from tracker.views.caching import cached_for_readers, on_texts
from tracker.views.scoping import scoped


def _draft(negotiation, slug):
    for draft in wording.drafts_of(negotiation):
        if draft.slug == slug:
            return draft
    raise Http404("No draft of this negotiation has that name.")


def _version(draft, number):
    for version in draft.version_list:
        if version.number == number:
            return version
    raise Http404("The draft has no version with that number.")


@cached_for_readers(depends=on_texts)
@scoped
def drafts(request, negotiation):
    """Every draft with its versions in order: label, symbol, day (to its precision), status,
    provenance, what each reportedly changed, and the sources for each."""
    context = {"drafts": wording.drafts_of(negotiation)}
    return render(request, "tracker/drafts.html", context)


@cached_for_readers(depends=on_texts)
@scoped
def version(request, negotiation, draft, number):
    draft = _draft(negotiation, draft)
    version = _version(draft, number)
    context = {
        "draft": draft,
        "version": version,
        "paragraphs": wording.paragraphs_of(version),
        "previous": version.previous(),
    }
    return render(request, "tracker/version.html", context)


@cached_for_readers(depends=on_texts)
@scoped
def version_akn(request, negotiation, draft, number):
    """The version as Akoma Ntoso 3.0 XML (AKN4UN's shape), when its text is known."""
    draft = _draft(negotiation, draft)
    version = _version(draft, number)
    if not version.text_source_id:
        raise Http404("The text of this version is not known, so there is no document.")
    response = HttpResponse(
        wording.akoma_ntoso(version, wording.paragraphs_of(version)),
        content_type="application/akn+xml; charset=utf-8",
    )
    name = f"{negotiation.slug}-{draft.slug}-{version.number}.akn.xml"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _number(request, name, default):
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else default


@cached_for_readers(depends=on_texts)
@scoped
def compare(request, negotiation, draft):
    """What changed between two versions of a draft: paragraphs added, removed, moved and
    changed, with a word-level diff, side by side or inline; or, where the texts are not both
    known, the changes sources reported. `?provision=` narrows it to one provision."""
    draft = _draft(negotiation, draft)
    if len(draft.version_list) < 2:
        raise Http404("This draft has only one version.")
    numbers = [v.number for v in draft.version_list]
    new_number = _number(request, "to", numbers[-1])
    old_number = _number(
        request,
        "from",
        numbers[numbers.index(new_number) - 1] if new_number in numbers[1:] else numbers[0],
    )
    if old_number not in numbers or new_number not in numbers or old_number >= new_number:
        return render(
            request,
            "tracker/compare.html",
            {
                "draft": draft,
                "error": "Choose two versions of this draft, the earlier one first.",
                "numbers": numbers,
            },
            status=400,
        )
    old, new = _version(draft, old_number), _version(draft, new_number)
    provision = None
    if slug := request.GET.get("provision"):
        provision = get_object_or_404(Provision, slug=slug, negotiation=negotiation)
    known = wording.changes_between(draft, old, new)
    reported = [c for c in known["reported"] if provision is None or c.provision_id == provision.pk]
    changes = None
    if old.text_source_id and new.text_source_id:
        changes = wording.paragraph_changes(old, new, provision)
    context = {
        "draft": draft,
        "old": old,
        "new": new,
        "numbers": numbers,
        "provision": provision,
        "provisions": negotiation.provisions.all(),
        "reported": reported,
        "changes": changes,
        "inline": request.GET.get("view") == "inline",
    }
    return render(request, "tracker/compare.html", context)


@cached_for_readers
@scoped
def crosswalk(request, negotiation):
    """Two drafts of the negotiation side by side, provision by provision: each one's
    counterpart in the other, or "absent", with the parties' stances on each."""
    drafts = wording.drafts_of(negotiation)
    chosen = [d for d in drafts if d.slug in request.GET.getlist("draft")][:2]
    if len(chosen) < 2:
        chosen = drafts[:2]
    context = {"drafts": drafts, "chosen": chosen, "rows": wording.crosswalk(chosen)}
    return render(request, "tracker/crosswalk.html", context)


@editor_required
def orphans(request):
    """Excerpts of a text that a newer version replaced and that could not be found again in
    it, with the positions that cite them: nothing is dropped silently."""
    lost = list(
        Excerpt.objects.standing()
        .filter(source__next_revision__isnull=False, carried_to__isnull=True)
        .select_related("source", "source__next_revision")
        .order_by("source_id", "start")[:200]
    )
    citing = {}
    for position in (
        Position.objects.standing().filter(excerpt__in=lost).select_related("party", "provision")
    ):
        citing.setdefault(position.excerpt_id, []).append(position)
    for excerpt in lost:
        excerpt.citing = citing.get(excerpt.pk, [])
    changed = list(
        Excerpt.objects.standing()
        .filter(anchor_status="changed")
        .select_related("source", "carried_from")
        .order_by("-pk")[:200]
    )
    return render(request, "tracker/orphans.html", {"lost": lost, "changed": changed})
