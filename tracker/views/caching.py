"""Reader pages kept until the records change, shared by the processes of one server.

A page the public sees depends on the records, the request's address, whether htmx asked for
a fragment, and the day (a download is named after it); nothing else. So each page's latest
version is kept under its address, the htmx headers and the day, with the token of the records
it shows (tracker/freshness.py), and served again while the token is the same. A view says what
it shows with `depends`: a function of the request and the address's arguments that names its
tags (a party's page: that party's); without it, a page shows everything and any change to the
records makes it out of date. Its ETag
names that version: a browser revalidating an unchanged page gets a 304
(ConditionalGetMiddleware) without the page being rendered or sent. Downloads stream as they are
worked out, and are kept too when they turn out smaller than KEEP_AT_MOST bytes.

After a change the pages that show it are out of date at once, and readers ask for them. A
reader never waits while a kept page is worked out again: the first request for it after the
change gets the version before the change, and the server works out the new one once that
response has gone (tracker.middleware.AfterResponseMiddleware: as the WSGI server closes the
response, be it a 304), holding the page's lock (for at most LOCK_SECONDS); requests meanwhile
get the version before too. The server works out one such page at a time (the refresh slot),
so that a save which puts many pages out of date takes one process's time, not every
process's, and readers keep the others. A page that nobody has had a chance to work out
STALE_PAGE_SECONDS after the change is worked out while its reader waits, as is a page nobody
has kept yet: a reader may get a page a few seconds older than a change, never more (an
editor, signed in, always sees the records as they are).

Only requests without cookies other than the CSRF one are served this way: a session (an editor
sees pending records and editing links) or a queued message is someone's own page. A response
that sets a cookie or is not a 200 is never kept.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from tracker.freshness import (
    KEPT_SECONDS,
    changed_at_for,
    party_tag,
    provision_tag,
    source_tag,
    token_for,
)

log = logging.getLogger(__name__)

LOCK_SECONDS = 30  # the longest one request may take to work a page out before another tries
KEEP_AT_MOST = 8 * 1024 * 1024  # bytes; a larger download streams from the database each time
REFRESH_SLOT = "reader-page:refreshing"  # held while a process works out a page after answering
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


def _page_key(request):
    """The page, whatever the records: its address, the htmx headers and the day."""
    htmx = "|".join(
        request.headers.get(name, "")
        for name in ("HX-Request", "HX-History-Restore-Request", "HX-Target")
    )
    address = request.build_absolute_uri()
    day = timezone.localdate().isoformat()
    digest = hashlib.sha256(f"{day}|{htmx}|{address}".encode()).hexdigest()[:32]
    return f"reader-page:{digest}"


def _etag(page_key, token):
    return '"' + hashlib.sha256(f"{page_key}|{token}".encode()).hexdigest()[:32] + '"'


def _mark(response, etag):
    """Browsers and proxies check back before reusing it (the ETag makes that cheap), and keep
    it apart from what a signed-in editor sees of the same address."""
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _respond(page_key, kept):
    token, headers, content, _worked_at = kept
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return _mark(response, _etag(page_key, token))


def cached_for_readers(view=None, *, depends=None, lag_setting=None):
    """Keep the view's pages for readers; `depends(request, **kwargs)` names the tags of what a
    page shows (tracker/freshness.py), None for everything. `lag_setting`: the name of a
    setting, a number of seconds: a kept version younger than that is served even after a
    change, so a page that every change reaches (search) is worked out at most that often
    while editors save every few seconds."""
    if view is None:
        return functools.partial(cached_for_readers, depends=depends, lag_setting=lag_setting)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _anonymous(request):
            return view(request, *args, **kwargs)
        tags = depends(request, **kwargs) if depends is not None else None
        page_key, token = _page_key(request), token_for(tags)
        kept = cache.get(page_key)
        if kept is not None and len(kept) != 4:
            kept = None  # kept by an earlier release, in another shape
        if kept is not None and kept[0] == token:
            return _respond(page_key, kept)
        lagging = lag_setting is not None and kept is not None
        if lagging and time.time() - kept[3] < getattr(settings, lag_setting):
            return _respond(page_key, kept)
        lock = f"{page_key}:{token}:working"
        if kept is not None:
            if not cache.add(lock, True, LOCK_SECONDS):
                return _respond(page_key, kept)  # another request is working out the new version
            if _may_wait(tags):
                response = _respond(page_key, kept)
                if cache.add(REFRESH_SLOT, True, LOCK_SECONDS):
                    work = functools.partial(
                        _refresh, view, request, args, kwargs, page_key, token, lock
                    )
                    request.after_response = [*getattr(request, "after_response", ()), work]
                else:  # the server is working out another page: a later request will do it
                    cache.delete(lock)
                return response
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(lock)
            raise
        if response.status_code != 200 or response.cookies:
            cache.delete(lock)
            return response
        _keep(response, page_key, token, lock)
        return _mark(response, _etag(page_key, token))

    return wrapped


def _keep(response, page_key, token, lock):
    """Keeps the response as the page's version for `token` (a download, as it goes out)."""
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    if response.streaming:
        response.streaming_content = _kept_if_small(
            response.streaming_content, page_key, (token, headers), lock
        )
    else:
        cache.set(page_key, (token, headers, response.content, time.time()), KEPT_SECONDS)
        cache.delete(lock)


def _may_wait(tags):
    """Whether a page that shows `tags` may be served as it was before their latest change
    while it is worked out again: for STALE_PAGE_SECONDS after the change."""
    changed_at = changed_at_for(tags)
    if changed_at is None:
        return False
    return (timezone.now() - changed_at).total_seconds() < settings.STALE_PAGE_SECONDS


def _refresh(view, request, args, kwargs, page_key, token, lock):
    """Works out a page again after its reader got the version before (the response's closer),
    and keeps it under `token`, the records' token as the request found it: what the view reads
    is at least that new."""
    started = time.perf_counter()
    try:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            _keep(response, page_key, token, lock)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        response.close()
        log.info(
            "worked out after answering in %.1f ms: %s",
            (time.perf_counter() - started) * 1000,
            request.get_full_path(),
        )
    except Exception:
        log.exception("working out %s again after its reader was answered", request.path)
    finally:
        cache.delete(lock)
        cache.delete(REFRESH_SLOT)


def _kept_if_small(chunks, page_key, version, lock):
    """Passes the download on as it comes, and keeps it once it has all gone, if it was small.
    A download cut short (the client left) is not kept."""
    kept, size = [], 0
    try:
        for chunk in chunks:
            if kept is not None:
                size += len(chunk)
                if size <= KEEP_AT_MOST:
                    kept.append(chunk)
                else:
                    kept = None  # too big to keep: let what was gathered go
            yield chunk
        if kept is not None:
            cache.set(page_key, (*version, b"".join(kept), time.time()), KEPT_SECONDS)
    finally:
        cache.delete(lock)


# What the pages that do not show everything depend on (the address's arguments name it).


def on_party(request, code, **kwargs):
    return {party_tag(code)}


def on_provision(request, slug, **kwargs):
    return {provision_tag(slug)}


def on_source(request, pk, **kwargs):
    return {source_tag(pk)}


def on_texts(request, **kwargs):
    """The drafts, versions and their paragraphs: records every page may show (SHARED)."""
    return set()


def on_shared(request, **kwargs):
    """Only what every page may show (SHARED: the header's negotiations): a page of fixed text."""
    return set()
