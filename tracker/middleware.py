"""When the database cannot be reached, answer a plain 503 page instead of a stack trace.

Django drops a broken connection at the end of the request and opens a fresh one (with health
checks) on the next, so the same running server recovers on its own when the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            # Raised outside a view (a middleware touching the session, say).
            logger.warning("Database unavailable", exc_info=True)
            return unavailable_response()

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("Database unavailable", exc_info=True)
            return unavailable_response()
        return None
