"""The position matrix and the evidence behind each of its cells.

The filters are tracker.reading.matrix.MatrixFilters over the query string, and the matrix is
tracker.reading.matrix.build_matrix: the exports use the same two, so a URL means the same matrix there.
"""

import re
import secrets

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_headers

from tracker.freshness import party_tag
from tracker.models import Attribution, Party, Position, Provision, Stance
from tracker.reading.matrix import MatrixFilters, build_matrix, replay_days
from tracker.views.caching import cached_for_readers
from tracker.views.cells import CellWriter
from tracker.views.chips import attribution_mark, stance_chip
from tracker.views.htmx import render_page, wants_fragment
from tracker.views.scoping import scoped

TEMPLATE = "tracker/matrix.html"
REPLAY_DATES = 24  # the most recent dates offered as replay links


def _query(request, drop=(), **replace):
    """The current query string without the `drop` keys, with `replace` set."""
    query = request.GET.copy()
    for key in (*drop, *replace):
        query.pop(key, None)
    for key, value in replace.items():
        query[key] = value
    return query.urlencode()


def _export_query(request, filters):
    query = request.GET.copy()
    query.pop("negotiation", None)
    if filters.negotiation is None:
        return query.urlencode()
    rest = query.urlencode()
    return f"negotiation={filters.negotiation.slug}" + (f"&{rest}" if rest else "")


def _context(request, filters):
    valid = filters.is_valid()
    return {
        "filters": filters,
        # The current view as a query string, for links that carry it elsewhere.
        "query_string": request.GET.urlencode(),
        # The same for downloads, which are not under the negotiation's address: it goes first.
        "export_query": _export_query(request, filters),
        "error": "" if valid else filters.error_text(),
        "as_of": filters.cleaned_data.get("as_of") if valid else None,
        # How many of the filters in the form are in use (the form opens when any is).
        "filtered": sum(
            1
            for name in ("kind", "category", "stance", "evidence", "as_of")
            if request.GET.get(name)
        ),
    }


def _cell_writer(context, provisions):
    """The matrix's rows for this view: its query string on every cell link, its open cell."""
    return CellWriter(
        provisions,
        context["filters"].negotiation,
        query_string=context["query_string"],
        open_party=context.get("open_party"),
        open_provision=context.get("open_provision"),
        wanted=context["filters"].cleaned_data.get("stance") or (),
    )


def _with_matrix(request, context, filters):
    """Add the matrix, its rows grouped by party kind, and what the page says around it. The
    template gets a mark where each group's rows go; `_render` puts the rows there."""
    matrix = build_matrix(filters)
    context["column_count"] = len(matrix.provisions) + 1
    writer = _cell_writer(context, matrix.provisions)
    token = secrets.token_hex(8)
    context[ROWS] = (
        token,
        [
            b"\n".join(
                writer.row_group(
                    party,
                    matrix.row(party),
                    matrix.outdated_in(party),
                    matrix.unordered_in(party),
                    matrix.attributions_of(party),
                )
                for party in parties
            )
            for _label, parties in matrix.groups()
        ],
    )
    context.update(
        matrix=matrix,
        groups=[
            (label, mark_safe(f"<!--{token}-{i}-->"))
            for i, (label, _parties) in enumerate(matrix.groups())
        ],
        only_parties=filters.cleaned_data.get("party"),
        only_provisions=filters.cleaned_data.get("provision"),
        all_parties_query=_query(request, drop=["party"]),
        all_provisions_query=_query(request, drop=["provision"]),
        show_folded_query=_query(request, empty="show"),
        showing_folded=filters.cleaned_data.get("empty") == "show",
        evidence_on_record=filters.cleaned_data.get("evidence") == Attribution.ON_RECORD,
        wanted_stances=[Stance(code).label for code in filters.cleaned_data.get("stance") or ()],
        legend_stances=[(stance.value, stance_chip(stance.value)) for stance in Stance],
        legend_attributions=[(kind.value, attribution_mark(kind.value)) for kind in Attribution],
        fold_query=_query(request, drop=["empty"]),
        today_query=_query(request, drop=["as_of"]),
    )
    context["replay"] = [
        (day, _query(request, as_of=day.isoformat())) for day in replay_days(REPLAY_DATES)
    ]
    if context["as_of"]:
        context["undated_count"] = (
            Position.objects.public()
            .standing()
            .with_effective_date()
            .filter(effective_on__isnull=True)
            .count()
        )
    return matrix


ROWS = "matrix_rows"  # the context's (mark, [each group's rows in UTF-8]), from _with_matrix


def _render(request, context, partial=None):
    """The page (or its partial), the matrix's rows put in where the template marked them.

    The rows are most of the page (some 7 MB at 200 parties x 60 provisions). Through the
    template each level of nesting would copy them again and the response encode them once
    more; as bytes they are joined once, after the rest of the page is rendered."""
    response = render_page(request, TEMPLATE, context, partial=partial)
    if ROWS not in context:
        return response
    token, groups = context[ROWS]
    pieces = re.split(rb"<!--" + token.encode() + rb"-(\d+)-->", response.content)
    content = [pieces[0]]
    for index, after in zip(pieces[1::2], pieces[2::2], strict=True):
        content += [groups[int(index)], after]
    response.content = b"".join(content)
    return response


@cached_for_readers
@vary_on_headers("HX-Request")
@scoped
def matrix(request, negotiation):
    filters = MatrixFilters(request.GET, negotiation=negotiation)
    context = _context(request, filters)
    if context["error"]:
        return render_page(request, TEMPLATE, context, partial="matrix-region", status=400)
    _with_matrix(request, context, filters)
    return _render(request, context, partial="matrix-region")


def _cell_shows(request, code, **kwargs):
    """To htmx, a cell is its evidence panel (the party's positions only); otherwise the whole
    matrix."""
    return {party_tag(code)} if wants_fragment(request) else None


@cached_for_readers(depends=_cell_shows)
@vary_on_headers("HX-Request")
def matrix_cell(request, code, slug):
    """The evidence behind one cell: every position of the party on the provision, newest
    first, as of the day if given. To htmx, the panel beside the grid; otherwise the whole
    matrix page with that cell open in it."""
    party = get_object_or_404(Party, code=code)
    provision = get_object_or_404(Provision.objects.select_related("negotiation"), slug=slug)
    request.negotiation = provision.negotiation
    filters = MatrixFilters(request.GET, negotiation=provision.negotiation)
    context = _context(request, filters)
    if context["error"]:
        return render_page(request, TEMPLATE, context, partial="matrix-region", status=400)
    # Only the day matters here, not the kinds and categories: a cell can be opened from a
    # link while its row or column is filtered out of the view.
    evidence = Position.objects.public().filter(party=party, provision=provision)
    if context["as_of"]:
        evidence = evidence.as_of(context["as_of"])
    evidence = evidence.newest_first().select_related(
        "party", "provision", "excerpt__source", "refers_to"
    )
    context.update(open_party=party, open_provision=provision, evidence=list(evidence))
    if wants_fragment(request):
        # The panel beside the grid; the row it came from stays as it is.
        return HttpResponse(render_to_string(f"{TEMPLATE}#evidence-panel", context, request))
    _with_matrix(request, context, filters)
    return _render(request, context)
