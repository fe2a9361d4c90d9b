"""Small helpers shared by the page views."""

from django.shortcuts import render

from tracker.models import Stance

STANCE_ORDER = [stance.value for stance in Stance]


def wants_fragment(request):
    """An htmx request that wants a fragment; a history restore wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(request, template, context, partial=None, status=200):
    """The whole page, or only its partial `partial` when htmx asks for a fragment."""
    name = f"{template}#{partial}" if partial and wants_fragment(request) else template
    return render(request, name, context, status=status)


def position_sort_key(position):
    """By stance (supports first, opposes last), then as the matrix orders parties."""
    return (STANCE_ORDER.index(position.stance), *position.party.display_key)


def stance_tally(stances, party_count):
    """[(stance, label, count)] for the stances present, in stance order, and how many of the
    `party_count` parties have no recorded stance."""
    counts = {stance: stances.count(stance) for stance in set(stances)}
    rows = [(s.value, s.label, counts[s.value]) for s in Stance if counts.get(s.value)]
    return rows, max(0, party_count - len(stances))
