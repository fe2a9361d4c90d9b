"""When the database cannot be reached, answer a plain 503 page instead of a stack trace.

Django drops a broken connection at the end of the request and opens a fresh one (with health
checks) on the next, so the same running server recovers on its own when the database is back.
The session and the user are loaded lazily, so an outage surfaces in the view, where
`process_exception` sees it. Each such request logs one warning line naming the error and the
request, without a traceback: an outage is a known condition, and a traceback per page view would
bury everything else in the log.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.log import log_response

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def unavailable_response():
    body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        response = unavailable_response()
        # Django's own helper: it also marks the response as logged, so django.request does
        # not add a second line ("Service Unavailable: …") for the same request.
        log_response(
            "Database unavailable (%s: %s) for %s %s",
            type(exception).__name__,
            str(exception).strip(),
            request.method,
            request.path,
            response=response,
            request=request,
            logger=logger,
            level="warning",
        )
        return response
