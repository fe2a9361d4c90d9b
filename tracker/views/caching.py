"""Reader pages kept, per server process, until the records change.

A page the public sees depends on the records, the request's address, whether htmx asked for
a fragment, and the day (a download is named after it); nothing else. So it is kept under the
records' current token (tracker/freshness.py), the day, the full address and the htmx headers,
and served again, for the cost of one query, until any record changes. Its ETag is that key: a
browser revalidating an unchanged page gets a 304 (ConditionalGetMiddleware) without the page
being rendered or sent. Downloads stream as they are worked out, and are kept too when they turn
out smaller than KEEP_AT_MOST bytes.

Only requests without cookies other than the CSRF one are served this way: a session (an editor
sees pending records and editing links) or a queued message is someone's own page. A response
that sets a cookie or is not a 200 is never kept.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from tracker.freshness import current_stamp

KEPT_SECONDS = 24 * 60 * 60  # the token expires pages long before this; memory is the limit
KEEP_AT_MOST = 8 * 1024 * 1024  # bytes; a larger download streams from the database each time
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "Last-Modified",
)


def _anonymous(request):
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _key(request, token):
    htmx = "|".join(
        request.headers.get(name, "")
        for name in ("HX-Request", "HX-History-Restore-Request", "HX-Target")
    )
    address = request.build_absolute_uri()
    day = timezone.localdate().isoformat()
    digest = hashlib.sha256(f"{token}|{day}|{htmx}|{address}".encode()).hexdigest()[:32]
    return f"reader-page:{digest}"


def _mark(response, key):
    """Browsers and proxies check back before reusing it (the ETag makes that cheap), and keep
    it apart from what a signed-in editor sees of the same address."""
    response["ETag"] = f'"{key.rpartition(":")[2]}"'
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _respond(kept, key):
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return _mark(response, key)


def cached_for_readers(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _anonymous(request):
            return view(request, *args, **kwargs)
        key = _key(request, current_stamp())
        if (kept := cache.get(key)) is not None:
            return _respond(kept, key)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.cookies:
            return response
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        if response.streaming:
            response.streaming_content = _kept_if_small(response.streaming_content, key, headers)
        else:
            cache.set(key, (200, headers, response.content), KEPT_SECONDS)
        return _mark(response, key)

    return wrapped


def _kept_if_small(chunks, key, headers):
    """Passes the download on as it comes, and keeps it once it has all gone, if it was small.
    A download cut short (the client left) is not kept."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= KEEP_AT_MOST:
                kept.append(chunk)
            else:
                kept = None  # too big to keep: let what was gathered go
        yield chunk
    if kept is not None:
        cache.set(key, (200, headers, b"".join(kept)), KEPT_SECONDS)
