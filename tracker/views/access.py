"""Who may open the editors' pages: anonymous visitors are sent to log in; a logged-in user
who is not an editor gets a plain 403 page saying why."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect

from tracker.roles import is_editor

NOT_AN_EDITOR = (
    "This page is for the tracker's editors. Ask an administrator for an editor account."
)


def refuse(request, message, *, status=403, title="This cannot be done", links=(), context=None):
    """A plain page (or, for htmx, the fragment) that says why nothing was done."""
    return render(
        request,
        "tracker/refused.html",
        {"title": title, "message": message, "links": links, **(context or {})},
        status=status,
    )


def editor_required(view):
    """Only editors get through. Anonymous visitors are sent to log in and come back where they
    were; an htmx request is told to load the login page as a whole page, since swapping it
    into a fragment would bury it in the form. Logged-in users who are not editors get a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                back = request.htmx.current_url_abs_path or request.get_full_path()
                return HttpResponseClientRedirect(redirect_to_login(back).url)
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            return refuse(request, NOT_AN_EDITOR, title="Not allowed")
        return view(request, *args, **kwargs)

    return wrapped
