"""The matrix's rows, written out as HTML here rather than in the template.

At 200 parties x 60 provisions the matrix has 12,000 cells; the template engine took most of a
second over them (a `{% url %}` and a dozen tags each), and each level of template nesting
copies the whole table again. Here a row is one join over strings escaped once per page: the
names and titles once, a party's cell address once per process; the page's template places the
row groups, and renders only the open cell's evidence (its `evidence-row` partial).

What a cell says is what the template said: a link to the cell's evidence (htmx swaps the
party's row group for it; the row group carries hx-target, hx-swap and hx-push-url for its
links) with the party and provision spelled out for screen readers, or "no recorded stance".
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tracker.models import Stance

SLUG_PLACEHOLDER = "provision-slug"  # reversed once per party; each cell puts its slug there
STANCE_LABELS = {stance.value: escape(stance.label) for stance in Stance}
# A mark that does not rely on colour, with its words for screen readers and a tooltip.
EARLIER_WORDING = (
    '<span class="earlier-wording" title="May refer to earlier wording: the text on this '
    'provision changed after it was said">†</span><span class="visually-hidden"> (may refer '
    "to earlier wording)</span>"
)

# The same for a current stance whose order in time against another of the party's positions on
# the provision is not known (tracker/models/positions.py: PositionQuerySet.with_order_unknown).
ORDER_UNKNOWN = (
    '<span class="order-unknown" title="Order not known: another recorded position of this party '
    'on this provision cannot be placed before this one in time">?</span><span '
    'class="visually-hidden"> (order not known: another position cannot be placed before this '
    "one in time)</span>"
)


@functools.lru_cache(maxsize=4096)
def _addresses(script_prefix, negotiation, code):
    """The party page's address, and its cells' address split where the slug goes (the slug is
    the last part: a code that happens to hold the placeholder's words stays as it is). The
    same for the life of the process, so reversed once per party, not once per row per view."""
    cell = escape(reverse("tracker:matrix-cell", args=[code, SLUG_PLACEHOLDER]))
    before_slug, _, after_slug = cell.rpartition(SLUG_PLACEHOLDER)
    party = reverse("tracker:party", args=[negotiation, code])
    return escape(party), before_slug, after_slug


@dataclass(frozen=True)
class Columns:
    """The provisions of one view, (id, slug, escaped title) each, its query string, and its
    negotiation (the party links stay in it)."""

    provisions: tuple
    query: str
    negotiation: str


class CellWriter:
    """Writes the cells of each party's row for one view of the matrix."""

    def __init__(
        self, provisions, negotiation, query_string="", open_party=None, open_provision=None
    ):
        self.columns = Columns(
            tuple((p.pk, p.slug, escape(p.title)) for p in provisions),
            f"?{escape(query_string)}" if query_string else "",
            negotiation.slug,
        )
        self.open_party = open_party
        self.open_provision = open_provision

    def row_group(self, party, stances, evidence="", outdated=frozenset(), unordered=frozenset()):
        """`party`'s row group: its row of cells, its name first, and under it `evidence`
        (HTML: the open cell's evidence row). `stances`: {provision id: current stance code};
        `outdated`: the provisions where that position may refer to earlier wording;
        `unordered`: those where it cannot be told apart in time from another position.
        htmx swaps the whole group when a cell in it opens or closes."""
        opened = None
        if self.open_provision is not None and party == self.open_party:
            opened = self.open_provision.pk
        codes = tuple(
            (stances.get(pk), pk in outdated, pk in unordered)
            for pk, _slug, _title in self.columns.provisions
        )
        row = _row(get_script_prefix(), party.code, party.name, codes, self.columns, opened)
        return mark_safe(
            f'<tbody id="row-{escape(party.code)}" class="party-rows" hx-target="this" '
            f'hx-swap="outerHTML" hx-push-url="true">\n<tr>{row}</tr>{evidence}\n</tbody>'
        )


# After a change to the records the matrix is worked out again, and most rows are as they were:
# a row is kept by everything it shows. About 18 KB a row at 60 provisions: 1,024 rows, 18 MB.
@functools.lru_cache(maxsize=1024)
def _row(script_prefix, party_code, party_name, codes, columns, opened):
    code = escape(party_code)
    name = escape(party_name)
    party_url, before_slug, after_slug = _addresses(script_prefix, columns.negotiation, party_code)
    cells = [f'<th scope="row"><a href="{party_url}">{name}</a></th>']
    for (pk, slug, title), (stance, outdated, unordered) in zip(
        columns.provisions, codes, strict=True
    ):
        if stance is None:
            cells.append(
                f'<td><span class="stance stance-none"><span class="visually-hidden">{name} '
                f"on {title}: no recorded stance</span></span></td>"
            )
            continue
        url = f"{before_slug}{slug}{after_slug}{columns.query}"
        if pk == opened:
            expanded = f'aria-expanded="true" aria-controls="evidence-{code}"'
        else:
            expanded = 'aria-expanded="false"'
        cells.append(
            f'<td><a class="cell-link" id="cell-{code}-{slug}" href="{url}" hx-get="{url}" '
            f'{expanded}><span class="visually-hidden">{name} on {title}: </span>'
            f'<span class="stance stance-{stance}">{STANCE_LABELS[stance]}</span>'
            f"{EARLIER_WORDING if outdated else ''}{ORDER_UNKNOWN if unordered else ''}</a></td>"
        )
    return mark_safe("\n".join(cells))  # every piece above is escaped or our own markup
