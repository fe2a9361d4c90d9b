"""Downloads and the feed: the matrix page's filters from the query string, a 304 when nothing
has changed since the last download, and otherwise a streaming response (kept for readers when
small, like the pages: tracker/views/caching.py)."""

import json
from functools import partial

from django.core.paginator import InvalidPage
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from tracker.reading import standards, wording
from tracker.reading.exports import Export, last_change
from tracker.reading.feeds import PositionsFeed
from tracker.reading.matrix import MatrixFilters
from tracker.views.caching import cached_for_readers


@cached_for_readers
@require_safe
def matrix_csv(request):
    return _export(request, "matrix", "csv")


@cached_for_readers
@require_safe
def matrix_json(request):
    return _export(request, "matrix", "json")


@cached_for_readers
@require_safe
def positions_csv(request):
    return _export(request, "positions", "csv")


@cached_for_readers
@require_safe
def positions_json(request):
    return _export(request, "positions", "json")


@cached_for_readers
@require_safe
def positions_feed(request):
    filters = MatrixFilters(request.GET)
    if not filters.is_valid():
        return _bad_filters(filters)
    change = last_change(request.build_absolute_uri("/"), "feed")
    response = get_conditional_response(
        request, etag=change.etag, last_modified=change.timestamp
    ) or PositionsFeed(filters)(request)
    return _with_validators(response, change)


@cached_for_readers
@require_safe
def drafts_json(request):
    """Every draft of the negotiation (?negotiation=, else the default one), with its versions,
    paragraphs and reported changes: a data contract, like the CSV (README)."""
    filters = MatrixFilters(request.GET)
    if not filters.is_valid():
        return _bad_filters(filters)
    if filters.negotiation is None:
        return HttpResponseBadRequest("No negotiation is recorded yet.", content_type="text/plain")
    change = last_change(request.build_absolute_uri("/"), "drafts", filters.negotiation.slug)
    response = get_conditional_response(request, etag=change.etag, last_modified=change.timestamp)
    if response is None:
        document = wording.drafts_document(filters.negotiation)
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response.headers["Content-Disposition"] = content_disposition_header(
            as_attachment=True,
            filename=f"resolution-tracker-drafts-{filters.negotiation.slug}.json",
        )
    return _with_validators(response, change)


def _json_download(request, filters, name, build, *extra):
    """A JSON document worked out by `build()`, with validators from the records' token."""
    change = last_change(request.build_absolute_uri("/"), name, request.GET.urlencode(), *extra)
    response = get_conditional_response(request, etag=change.etag, last_modified=change.timestamp)
    if response is None:
        response = HttpResponse(
            json.dumps(build(), ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    return _with_validators(response, change)


def _scoped_filters(request):
    """The negotiation filter (and the others) from the query string: (filters, error)."""
    filters = MatrixFilters(request.GET)
    if not filters.is_valid():
        return filters, _bad_filters(filters)
    if filters.negotiation is None:
        return filters, HttpResponseBadRequest(
            "No negotiation is recorded yet.", content_type="text/plain; charset=utf-8"
        )
    return filters, None


@cached_for_readers
@require_safe
def votes_json(request):
    """Every recorded vote of the negotiation as Popolo vote events."""
    filters, error = _scoped_filters(request)
    if error:
        return error
    base = request.build_absolute_uri("/").rstrip("/")
    return _json_download(
        request, filters, "votes", lambda: standards.vote_events(filters.negotiation, base)
    )


@cached_for_readers
@require_safe
def popolo_json(request):
    """The parties, the Council's seats and the people who speak for parties, in Popolo."""
    filters, error = _scoped_filters(request)
    if error:
        return error
    base = request.build_absolute_uri("/").rstrip("/")
    return _json_download(request, filters, "popolo", lambda: standards.popolo(base))


@cached_for_readers
@require_safe
def annotations(request):
    """Every published excerpt of the negotiation as a W3C Web Annotation: the collection, or
    with ?page=N one page of it."""
    filters, error = _scoped_filters(request)
    if error:
        return error
    base = request.build_absolute_uri("/").rstrip("/")
    address = base + request.path + f"?negotiation={filters.negotiation.slug}"
    number = request.GET.get("page")
    if number is None:
        build = partial(standards.annotation_collection, filters.negotiation, base, address)
    else:
        if not (number.isascii() and number.isdigit()):
            return HttpResponseBadRequest(
                "page: give a page number, 1 or more.", content_type="text/plain; charset=utf-8"
            )
        try:
            page = standards.annotation_page(filters.negotiation, base, address, int(number))
        except InvalidPage:
            return HttpResponseBadRequest(
                f"page: there is no page {number}.", content_type="text/plain; charset=utf-8"
            )
        build = partial(dict, page)
    response = _json_download(request, filters, "annotations", build)
    response["Content-Type"] = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    return response


def _export(request, kind, fmt):
    filters = MatrixFilters(request.GET)
    if not filters.is_valid():
        return _bad_filters(filters)
    base_url = request.build_absolute_uri("/")
    export = Export(kind, fmt, filters, base_url=base_url)
    # The permalinks hold the host, so it is part of what the ETag vouches for.
    change = last_change(base_url)
    response = get_conditional_response(request, etag=change.etag, last_modified=change.timestamp)
    if response is None:
        response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
        response.headers["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=export.filename()
        )
    return _with_validators(response, change)


def _bad_filters(filters):
    return HttpResponseBadRequest(filters.error_text(), content_type="text/plain; charset=utf-8")


def _with_validators(response, change):
    """ETag and Last-Modified from the newest change; caches may keep the file but must ask
    again each time (a 304 costs five small queries)."""
    response.headers["ETag"] = change.etag
    if change.timestamp is not None:
        response.headers["Last-Modified"] = http_date(change.timestamp)
    patch_cache_control(response, public=True, no_cache=True)
    return response
