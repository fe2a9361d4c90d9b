"""What editors see on the public pages: the positions still awaiting review, listed apart from
the current stances (which count published positions only)."""

from django import template

from tracker.models import Position, ReviewStatus
from tracker.roles import is_editor

register = template.Library()

LISTED = 50


@register.inclusion_tag("tracker/_awaiting_review.html", takes_context=True)
def awaiting_review(context, provision=None, party=None):
    """Pending and sent-back positions on a provision or of a party, for editors only (one
    query; none for anyone else)."""
    request = context.get("request")
    if request is None or not is_editor(request.user):
        return {"show": False}
    positions = (
        Position.objects.standing()
        .filter(status__in=[ReviewStatus.PENDING, ReviewStatus.RETURNED])
        .select_related("party", "provision", "excerpt__source")
        .order_by("recorded_at", "pk")
    )
    if provision is not None:
        positions = positions.filter(provision=provision)
    if party is not None:
        positions = positions.filter(party=party)
    return {
        "show": True,
        "positions": list(positions[: LISTED + 1]),
        "listed": LISTED,
        "show_party": provision is not None,
        "show_provision": party is not None,
        "perms": context.get("perms"),
        "request": request,
    }
