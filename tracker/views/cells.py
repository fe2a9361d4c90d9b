"""The matrix's cells, written out as HTML here rather than in the template.

At 200 parties x 60 provisions the matrix has 12,000 cells; the template engine took most of a
second over them (a `{% url %}` and a dozen tags each). Here a row is one join over strings
escaped once per page: the names and titles once, a party's cell address once per row.

What a cell says is what the template said: a link to the cell's evidence (htmx swaps the
party's row group for it; the row group carries hx-target, hx-swap and hx-push-url for its
links) with the party and provision spelled out for screen readers, or "no recorded stance".
"""

import functools

from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tracker.models import Stance

SLUG_PLACEHOLDER = "provision-slug"  # reversed once per party; each cell puts its slug there
STANCE_LABELS = {stance.value: escape(stance.label) for stance in Stance}


@functools.lru_cache(maxsize=4096)
def _addresses(script_prefix, code):
    """The party page's address, and its cells' address split where the slug goes (the slug is
    the last part: a code that happens to hold the placeholder's words stays as it is). The
    same for the life of the process, so reversed once per party, not once per row per view."""
    cell = escape(reverse("tracker:matrix-cell", args=[code, SLUG_PLACEHOLDER]))
    before_slug, _, after_slug = cell.rpartition(SLUG_PLACEHOLDER)
    return escape(reverse("tracker:party", args=[code])), before_slug, after_slug


class CellWriter:
    """Writes the cells of each party's row for one view of the matrix."""

    def __init__(self, provisions, query_string="", open_party=None, open_provision=None):
        self.provisions = [(p.pk, p.slug, escape(p.title)) for p in provisions]
        self.query = f"?{escape(query_string)}" if query_string else ""
        self.open_party = open_party
        self.open_provision = open_provision

    def row(self, party, stances):
        """The cells of `party`'s row, its name first; `stances`: {provision id: current
        stance code}."""
        code = escape(party.code)
        name = escape(party.name)
        party_url, before_slug, after_slug = _addresses(get_script_prefix(), party.code)
        open_here = self.open_provision if party == self.open_party else None
        cells = [f'<th scope="row"><a href="{party_url}">{name}</a></th>']
        for pk, slug, title in self.provisions:
            stance = stances.get(pk)
            if stance is None:
                cells.append(
                    f'<td><span class="stance stance-none"><span class="visually-hidden">{name} '
                    f"on {title}: no recorded stance</span></span></td>"
                )
                continue
            url = f"{before_slug}{slug}{after_slug}{self.query}"
            if open_here is not None and open_here.pk == pk:
                expanded = f'aria-expanded="true" aria-controls="evidence-{code}"'
            else:
                expanded = 'aria-expanded="false"'
            cells.append(
                f'<td><a class="cell-link" id="cell-{code}-{slug}" href="{url}" hx-get="{url}" '
                f'{expanded}><span class="visually-hidden">{name} on {title}: </span>'
                f'<span class="stance stance-{stance}">{STANCE_LABELS[stance]}</span></a></td>'
            )
        return mark_safe("\n".join(cells))  # every piece above is escaped or our own markup
