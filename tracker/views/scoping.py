"""Pages scoped to one negotiation: /negotiations/<slug>/…, the negotiation in every page's
context (for the switcher and scoped links), and today's unscoped addresses redirected to the
default negotiation's."""

from functools import wraps

from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from tracker.models import Negotiation


def scoped(view):
    """The view gets the Negotiation named in the address instead of its slug (404 when no
    negotiation has it); pages and templates find it at request.negotiation."""

    @wraps(view)
    def wrapped(request, negotiation, *args, **kwargs):
        request.negotiation = get_object_or_404(Negotiation, slug=negotiation)
        return view(request, request.negotiation, *args, **kwargs)

    return wrapped


def negotiation_context(request):
    """Template context: the negotiation this page is about (the default one on pages that
    name none) and all of them, for the switcher; read when a template first uses them."""

    def negotiations():
        if not hasattr(request, "_negotiations"):
            try:
                request._negotiations = list(Negotiation.objects.order_by("title"))
            except DatabaseError:  # an error page still renders, without the switcher
                request._negotiations = []
        return request._negotiations

    def current():
        named = getattr(request, "negotiation", None)
        every = negotiations()
        return named or next((n for n in every if n.is_default), None) or next(iter(every), None)

    return {
        "negotiation": SimpleLazyObject(current),
        "negotiations": SimpleLazyObject(negotiations),
    }


def _default_or_404():
    negotiation = Negotiation.objects.default()
    if negotiation is None:
        raise Http404("No negotiation is recorded yet.")
    return negotiation


def _redirect(request, name, *args):
    """To the default negotiation's page `name`, keeping the query string."""
    url = reverse(f"tracker:{name}", args=[_default_or_404().slug, *args])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def home(request):
    """The default negotiation's overview; before any is recorded, a page that says so."""
    negotiation = Negotiation.objects.default()
    if negotiation is None:
        return render(request, "tracker/no_negotiation.html")
    return _redirect(request, "overview")


def matrix_default(request):
    return _redirect(request, "matrix")


def party_default(request, code):
    return _redirect(request, "party", code)
