"""The matrix's rows, written out as HTML here rather than in the template.

At 200 parties x 60 provisions the matrix has 12,000 cells; the template engine took most of a
second over them (a `{% url %}` and a dozen tags each), and each level of template nesting
copies the whole table again. Here a row is one join over strings escaped once per page: the
names and titles once, a party's cell address once per process; the page's template places the
row groups, and renders only the open cell's evidence (its `evidence-panel` partial).

What a cell says is what the template said: a link to the cell's evidence (htmx puts it in the
panel beside the grid; the row group carries hx-target, hx-swap and hx-push-url for its links)
with the party and provision spelled out for screen readers, the stance and how it is attributed
(tracker/views/chips.py, without the title that defines them: the page's legend does that
once), or "no recorded stance".
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.html import escape

from tracker.models import PartyKind
from tracker.views.chips import stance_chip

SLUG_PLACEHOLDER = "provision-slug"  # reversed once per party; each cell puts its slug there
# A permanent member's name carries the veto it holds (Article 27(3)), in a mark and in words.
VETO = (
    ' <abbr class="veto" title="Permanent member: a vote against by it defeats a draft (veto)">'
    '<span aria-hidden="true">\u2691</span><span class="visually-hidden">permanent member, '
    "holds a veto</span></abbr>"
)
# Marks that do not rely on colour, with short words for screen readers; the legend above the
# grid says what each means, once (templates/tracker/matrix.html), not a title in every cell.
EARLIER_WORDING = (
    '<span class="earlier-wording" aria-hidden="true">†</span><span class="visually-hidden"> '
    "(may refer to earlier wording)</span>"
)

# The same for a current stance whose order in time against another of the party's positions on
# the provision is not known (tracker/models/positions.py: PositionQuerySet.with_order_unknown).
ORDER_UNKNOWN = (
    '<span class="order-unknown" aria-hidden="true">?</span><span class="visually-hidden"> '
    "(order not known)</span>"
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
    # the stances the view asks for (?stance=); other cells are shown faded
    wanted: frozenset = frozenset()


class CellWriter:
    """Writes the cells of each party's row for one view of the matrix."""

    def __init__(
        self,
        provisions,
        negotiation,
        query_string="",
        open_party=None,
        open_provision=None,
        wanted=(),
    ):
        self.columns = Columns(
            tuple((p.pk, p.slug, escape(p.title)) for p in provisions),
            f"?{escape(query_string)}" if query_string else "",
            negotiation.slug,
            frozenset(wanted),
        )
        self.open_party = open_party
        self.open_provision = open_provision

    def row_group(
        self, party, stances, outdated=frozenset(), unordered=frozenset(), attributions=None
    ):
        """`party`'s row group: its row of cells, its name first. `stances`: {provision id:
        current stance code}; `attributions`: {provision id: its attribution code};
        `outdated`: the provisions where that position may refer to earlier wording;
        `unordered`: those where it cannot be told apart in time from another position.
        A cell opened with htmx fills the evidence panel beside the grid; the row stays.
        In UTF-8, as the response carries it: the page's template is rendered around a mark
        where the rows go, and the rows are put in as bytes (tracker/views/matrix.py), so the
        megabytes of cells are neither copied through each level of the template nor encoded
        again on each request."""
        opened = None
        if self.open_provision is not None and party == self.open_party:
            opened = self.open_provision.pk
        attributions = attributions or {}
        codes = tuple(
            (stances.get(pk), attributions.get(pk, ""), pk in outdated, pk in unordered)
            for pk, _slug, _title in self.columns.provisions
        )
        veto = party.kind == PartyKind.PERMANENT_MEMBER
        return _row(get_script_prefix(), party.code, party.name, veto, codes, self.columns, opened)


# After a change to the records the matrix is worked out again, and most rows are as they were:
# a row is kept by everything it shows. About 36 KB a row at 60 provisions: 1,024 rows, 36 MB.
@functools.lru_cache(maxsize=1024)
def _row(script_prefix, party_code, party_name, veto, codes, columns, opened) -> bytes:
    code = escape(party_code)
    name = escape(party_name)
    party_url, before_slug, after_slug = _addresses(script_prefix, columns.negotiation, party_code)
    cells = [f'<th scope="row"><a href="{party_url}">{name}</a>{VETO if veto else ""}</th>']
    for (pk, slug, title), (stance, attribution, outdated, unordered) in zip(
        columns.provisions, codes, strict=True
    ):
        if stance is None:
            cells.append(
                f'<td class="no-stance"><span class="stance stance-none"><span '
                f'class="visually-hidden">{name} on {title}: no recorded stance</span></span></td>'
            )
            continue
        url = f"{before_slug}{slug}{after_slug}{columns.query}"
        current = ' aria-current="true"' if pk == opened else ""
        faded = ' class="faded"' if columns.wanted and stance not in columns.wanted else ""
        # The party and provision are spelled out for screen readers; on a phone, where each
        # party's row is a card, the provision's title shows (static/css/site.css).
        cells.append(
            f'<td{faded}><a class="cell-link" id="cell-{code}-{slug}" '
            f'href="{url}#cell-{code}-{slug}" hx-get="{url}" aria-controls="evidence-panel"'
            f"{current}>"
            f'<span class="visually-hidden">{name} on </span><span class="cell-provision">'
            f'{title}<span class="visually-hidden">: </span></span>'
            f"{stance_chip(stance, attribution, defined=False)}"
            f"{EARLIER_WORDING if outdated else ''}{ORDER_UNKNOWN if unordered else ''}</a></td>"
        )
    # Every piece above is escaped or our own markup.
    row = "\n".join(cells)
    return (
        f'<tbody id="row-{code}" class="party-rows" '
        f'hx-target="#evidence-panel" hx-swap="outerHTML" hx-push-url="true">\n'
        f"<tr>{row}</tr>\n</tbody>"
    ).encode()
