"""Positions written out as HTML here, as templates/tracker/_position.html writes them, for the
pages that list hundreds of them.

A provision's page shows each of up to hundreds of parties' current positions with its three
newest earlier ones: 800 positions at the benchmark's 200 parties. Through the template (an
include, a dozen tags, four reversed addresses and a filter or two each) that took about
1.5 ms a position, most of the page's time, where the query takes a few milliseconds. Here a
position is one join of strings escaped once; addresses are reversed once per page and
completed with the record's id. tests/test_positions_html.py checks that the output is the
template's, whitespace aside, for positions of every kind.
"""

import functools
from html import escape

from django.db.models.functions import Substr
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from tracker.models import Source
from tracker.models.sources import OPENING_CHARS
from tracker.views.chips import attribution_mark, stance_chip

_ID = 987654321  # stands for a record's id in an address reversed once


# What the writer reads of a position and what comes with it: a page reads these only
# (`.only(*POSITION_COLUMNS)` with `.annotate(**POSITION_ANNOTATIONS)`), not every column of
# four tables and a whole source text per position.
POSITION_COLUMNS = (
    "stance",
    "summary",
    "speaker",
    "attribution",
    "stated_on",
    "date_precision",
    "order_unknown",
    "status",
    "retracted_at",
    "retraction_reason",
    "wording_changed",
    "is_current",
    "cell_count",
    "party__code",
    "party__name",
    "party__kind",
    "provision__slug",
    "provision__title",
    "excerpt__source_id",
    "excerpt__exact",
    "excerpt__source__title",
    "excerpt__source__published_on",
    "excerpt__source__date_precision",
    "refers_to__label",
)
POSITION_ANNOTATIONS = {
    "source_opening": Substr("excerpt__source__text", 1, OPENING_CHARS),
}


def _address(name, *args):
    """(before, after) the id in the address of `name` with `args` and an id last."""
    before, _, after = reverse(name, args=[*args, _ID]).rpartition(str(_ID))
    return escape(before), escape(after)


@functools.lru_cache(maxsize=4096)
def _party_address(script_prefix, negotiation, code):
    """A party's page in `negotiation` (None: the default one's address): the same for the
    life of the process, so reversed once per party, not once per position."""
    if negotiation is not None:
        return escape(reverse("tracker:party", args=[negotiation, code]))
    return escape(reverse("tracker:party-default", args=[code]))


@functools.lru_cache(maxsize=4096)
def _cell_address(script_prefix, code, slug):
    """A matrix cell's address: reversed once per cell for the life of the process, not once
    per party on every provision page."""
    return escape(reverse("tracker:matrix-cell", args=[code, slug]))


def _day(value):
    """As the `date` filter writes a day or a moment ("j M Y"), in the current time zone."""
    return escape(date_filter(template_localtime(value), "j M Y"))


class PositionWriter:
    """Writes positions for one page: `negotiation` (party links stay in it); `can_change`:
    the reader may edit and retract positions (an editor: perms.tracker.change_position)."""

    def __init__(self, negotiation, can_change=False, as_of=None):
        self.negotiation = negotiation
        self.can_change = can_change
        self.as_of = as_of
        self.methodology = escape(reverse("tracker:methodology"))
        self.source = _address("tracker:source")
        self.history = _address("tracker:history", "position")
        self.edit = _address("tracker:position-edit")
        self.retract = _address("tracker:position-retract")
        self.provisions = {}

    def _party_url(self, code):
        slug = self.negotiation.slug if self.negotiation is not None else None
        return _party_address(get_script_prefix(), slug, code)

    def _provision_url(self, slug):
        url = self.provisions.get(slug)
        if url is None:
            url = self.provisions[slug] = escape(reverse("tracker:provision", args=[slug]))
        return url

    def _excerpt_url(self, excerpt):
        before, after = self.source
        return f"{before}{excerpt.source_id}{after}#excerpt-{excerpt.pk}"

    def write(
        self,
        position,
        *,
        show_party=False,
        show_provision=False,
        show_quote=False,
        earlier=(),
        earlier_total=0,
    ):
        """The position's <li>, as _position.html writes it with these options."""
        # Only what is shown is read: an earlier position comes without its provision.
        excerpt = position.excerpt
        source = excerpt.source
        retracted = position.retracted_at is not None
        excerpt_url = self._excerpt_url(excerpt)
        head_party = ""
        if show_party:
            party = position.party
            head_party = (
                f'<a class="party-name" href="{self._party_url(party.code)}">'
                f'{escape(party.name)}</a> <span aria-hidden="true">—</span>'
            )
        head_provision = ""
        if show_provision:
            provision = position.provision
            head_provision = (
                f'<span class="on">on</span> <a href="{self._provision_url(provision.slug)}">'
                f"{escape(provision.title)}</a>"
            )
        flag = ""
        if retracted:
            flag = '<strong class="retracted-flag">Retracted; not counted</strong>'
        elif not position.is_published:
            flag = render_to_string("tracker/_status.html", {"record": position})
        when = escape(position.date_text[:1].upper() + position.date_text[1:])
        title = source.title
        if not title:
            # The page may have read only the opening of the text (POSITION_COLUMNS).
            opening = getattr(position, "source_opening", None)
            title = Source.untitled_title(source.text if opening is None else opening)
        if len(title) > 70:
            title = truncatechars(title, 70)
        lines = [
            f'<li class="position{" is-retracted" if retracted else ""}">',
            '  <p class="position-head">',
            f"    {head_party}",
            f"    {stance_chip(position.stance, position.attribution)}",
            f"    {head_provision}",
            f"    {flag}",
            "  </p>",
            f'  <p class="position-summary">{escape(position.summary)}</p>',
        ]
        if show_quote:
            lines += [
                f'  <blockquote class="quote" cite="{excerpt_url}">',
                f"    <p>{escape(excerpt.exact)}</p>",
                "  </blockquote>",
            ]
        lines += [
            '  <p class="position-meta">',
            f"    <span>{escape(position.speaker or 'Speaker not named')}</span>",
            f'    <span><a class="attribution-link" href="{self.methodology}#attribution-'
            f'{escape(position.attribution)}">{attribution_mark(position.attribution)}</a></span>',
            f"    <span>{when}</span>",
            f'    <span><a href="{excerpt_url}">Source: {escape(title)}</a></span>',
            f"    {self._record_links(position, retracted)}",
            "  </p>",
        ]
        if position.is_current and position.order_unknown and not self.as_of:
            lines.append(
                '  <p class="order-unknown-note"><span class="order-unknown" aria-hidden="true">'
                "?</span> Order not known: another recorded position of "
                f"{escape(position.party.name)} on {escape(position.provision.title)} cannot be "
                "placed before this one in time (one of them has no known date, or their dates "
                "overlap to their precision). This one is taken as current only because it was "
                "recorded later.</p>"
            )
        if position.wording_changed:
            provision = position.provision
            about = (
                f"the {escape(position.refers_to.label.lower())}"
                if position.refers_to
                else "an earlier version"
            )
            lines.append(
                '  <p class="earlier-wording-note"><span class="earlier-wording" '
                'aria-hidden="true">†</span> May refer to earlier wording: this was said about '
                f"{about}, and a later version changed the text on {escape(provision.title)}. "
                f'<a href="{self._provision_url(provision.slug)}#wording">The wording in each '
                "version</a></p>"
            )
        if retracted:
            on = f" on {_day(position.retracted_at)}" if position.retracted_at else ""
            lines.append(
                f'  <p class="retraction">Retracted{on}: {escape(position.retraction_reason)}</p>'
            )
        if earlier:
            lines += self._earlier(position, earlier, earlier_total, show_quote)
        lines.append("</li>")
        return "\n".join(lines)

    def _record_links(self, position, retracted):
        """_record_links.html for a position (no label: its kind and number)."""
        pk = position.pk
        links = [
            f'<a href="{self.history[0]}{pk}{self.history[1]}">History'
            f'<span class="visually-hidden"> of position {pk}</span></a>'
        ]
        if self.can_change and not retracted:
            links += [
                f'<a href="{self.edit[0]}{pk}{self.edit[1]}">Edit'
                f'<span class="visually-hidden"> position {pk}</span></a>',
                f'<a href="{self.retract[0]}{pk}{self.retract[1]}">Retract'
                f'<span class="visually-hidden"> position {pk}</span></a>',
            ]
        return '<span class="record-links">\n  ' + "\n  ".join(links) + "\n</span>"

    def _earlier(self, position, earlier, earlier_total, show_quote):
        party = escape(position.party.name)
        plural = "" if earlier_total == 1 else "s"
        unknown = position.order_unknown
        lines = [
            '  <details class="earlier">',
            f"    <summary>{earlier_total} {'other' if unknown else 'earlier'} position{plural} of "
            f"{party} on this{' (order in time not known)' if unknown else ''}</summary>",
            '    <ol class="positions">',
            "      " + "\n".join(self.write(p, show_quote=show_quote) for p in earlier),
            "    </ol>",
        ]
        if earlier_total > len(earlier):
            cell = _cell_address(get_script_prefix(), position.party.code, position.provision.slug)
            lines.append(
                f'    <p class="more">The newest {len(earlier)} are shown here; '
                f'<a href="{cell}">all {earlier_total + 1} positions of {party} on this are in '
                "the matrix</a>.</p>"
            )
        lines.append("  </details>")
        return lines

    def write_all(self, rows, **options):
        """[(position, earlier, earlier_total)] as the <li>s of a list, marked safe."""
        return mark_safe(
            "\n".join(self.write(p, earlier=e, earlier_total=n, **options) for p, e, n in rows)
        )
