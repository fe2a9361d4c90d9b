"""Two conditions answered plainly instead of with a stack trace or a bare error page: a
request larger than the tracker reads, and a database that cannot be reached; and work a view
leaves for after its answer has gone.

A request too large is refused before the form is read: an htmx request gets the message as
plain text, shown where the editor is looking (static/js/htmx-errors.js), so what they typed
stays in the page; a whole-page request gets a page saying what the limit is.

When the database cannot be reached, a plain 503 page.

Django drops a broken connection at the end of the request and opens a fresh one (with health
checks) on the next, so the same running server recovers on its own when the database is back.
The session and the user are loaded lazily, so an outage surfaces in the view, where
`process_exception` sees it. Each such request logs one warning line naming the error and the
request, without a traceback: an outage is a known condition, and a traceback per page view would
bury everything else in the log.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.log import log_response

from tracker.recording.sources import MAX_TEXT_CHARS

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def unavailable_response():
    body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _logged_once(response, request, what):
    """One warning line for the request, through Django's own helper, which marks the response
    as logged so that django.request does not add a second line for it."""
    log_response(
        "%s for %s %s",
        what,
        request.method,
        request.path,
        response=response,
        request=request,
        logger=logger,
        level="warning",
    )
    return response


def too_large_message(in_place):
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    kept = (
        "What you typed is still in the form."
        if in_place
        else "Go back: your browser keeps what you typed in the form."
    )
    return (
        f"What you sent is larger than the tracker reads ({megabytes:g} MB), so nothing was "
        f"saved. An article's text can be up to {MAX_TEXT_CHARS:,} characters. {kept}"
    )


class RequestTooLargeMiddleware:
    """Reads a POST's form once, early; one over the size or field limits is refused with
    a 413 that says what the limit is, instead of Django's bare 400 (or, with DEBUG, its
    error page, which django-htmx would paint over the whole page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsed here so that the limits are met here
            except (RequestDataTooBig, TooManyFieldsSent):
                return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        in_place = bool(getattr(request, "htmx", False))
        message = too_large_message(in_place)
        if in_place:
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        else:
            context = {"title": "Too much to send", "message": message, "links": ()}
            response = render(request, "tracker/refused.html", context, status=413)
        return _logged_once(response, request, "Request too large")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        what = f"Database unavailable ({type(exception).__name__}: {str(exception).strip()})"
        return _logged_once(unavailable_response(), request, what)


class AfterResponseMiddleware:
    """Runs the work a view left in `request.after_response` (a kept page worked out again:
    tracker/views/caching.py) once the response that goes out has been sent, as the server
    closes it: whatever the middleware inside made of the view's response (a 304, say), the
    reader is answered first. Outermost, so that it sees that last response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for work in getattr(request, "after_response", ()):
            response._resource_closers.append(work)
        return response
