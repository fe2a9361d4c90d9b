"""Reader pages kept, per server process, until the records change.

A page the public sees depends on the records and on the request's address (and on whether
htmx asked for a fragment); nothing else. So it is kept under the records' current token
(tracker/freshness.py), the full address and the htmx headers, and served again, for the cost of
one query, until any record changes. Its ETag is that key: a browser revalidating an unchanged
page gets a 304 (ConditionalGetMiddleware) without the page being rendered or sent.

Only requests without cookies other than the CSRF one are served this way: a session (an editor
sees pending records and editing links) or a queued message is someone's own page. A response
that sets a cookie, streams or is not a 200 is never kept.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from tracker.freshness import current_stamp

KEPT_SECONDS = 24 * 60 * 60  # the token expires pages long before this; memory is the limit
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


def _anonymous(request):
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def _key(request, token):
    htmx = "|".join(
        request.headers.get(name, "")
        for name in ("HX-Request", "HX-History-Restore-Request", "HX-Target")
    )
    address = request.build_absolute_uri()
    digest = hashlib.sha256(f"{token}|{htmx}|{address}".encode()).hexdigest()[:32]
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
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            kept = (response.status_code, headers, response.content)
            cache.set(key, kept, KEPT_SECONDS)
            _mark(response, key)
        return response

    return wrapped
