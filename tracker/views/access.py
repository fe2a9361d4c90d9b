"""Who may open the editors' pages: anonymous visitors are sent to log in; a logged-in user
who is not an editor (or, for decisions, not a reviewer) gets a plain 403 page saying why."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from tracker.roles import is_editor, is_reviewer


def refuse(request, message, *, status=403, title="This cannot be done", links=(), context=None):
    """A plain page (or, for htmx, the fragment) that says why nothing was done."""
    return render(
        request,
        "tracker/refused.html",
        {"title": title, "message": message, "links": links, **(context or {})},
        status=status,
    )


def _requires(test, message):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                return refuse(request, message, title="Not allowed")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


editor_required = _requires(
    is_editor, "This page is for the tracker's editors. Ask an administrator for an editor account."
)
reviewer_required = _requires(
    is_reviewer, "Only reviewers publish or send back what editors recorded."
)
