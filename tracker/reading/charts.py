"""Pictures drawn on the server as SVG, readable without JavaScript: the Council's fifteen
seats (a recorded or projected vote), the spread of stances on each provision, and the
negotiation's timeline. Each has a title and a description for screen readers, words or
letters beside its colours (never colour alone), and the page gives the same facts as text.
Every piece of text is escaped here."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Seat fills and the letter inside each seat: the letter carries the meaning, the fill helps.
SEAT_STYLES = {
    "yes": ("#0072b2", "Y", "In favour"),
    "no": ("#d55e00", "N", "Against"),
    "abstain": ("#8a8a93", "A", "Abstention"),
    "absent": ("#ffffff", "–", "Not participating"),
    "likely-yes": ("#7fb8d9", "y", "Likely yes"),
    "likely-no": ("#eaae80", "n", "Likely no"),
    "uncertain": ("#ffffff", "?", "Uncertain"),
}
STANCE_FILLS = {
    "supports": "#0072b2",
    "conditional": "#009e73",
    "seeks-amendment": "#a38b00",
    "undecided": "#8a8a93",
    "mixed": "#cc79a7",
    "opposes": "#d55e00",
}


@dataclass(frozen=True)
class Seat:
    code: str
    name: str
    state: str  # a key of SEAT_STYLES
    permanent: bool


def _svg(width: int, height: int, title: str, description: str, body: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="chart">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>{body}</svg>'
    )


def seats_svg(seats: Sequence[Seat], title: str, ident: str = "seats") -> SafeString:
    """The members in a horseshoe, permanent members first (with a double ring), each seat a
    circle with its code under it and a letter for its vote."""
    width, height, radius = 720, 380, 240
    cx, cy = width / 2, 320
    count = max(len(seats), 1)
    parts = []
    for i, seat in enumerate(seats):
        angle = math.pi * (1 - (i + 0.5) / count)
        x, y = cx + radius * math.cos(angle), cy - radius * math.sin(angle)
        # The code outside the arc, along the seat's own radius.
        lx, ly = cx + (radius + 44) * math.cos(angle), cy - (radius + 44) * math.sin(angle)
        fill, letter, label = SEAT_STYLES[seat.state]
        ink = _ink(fill)
        ring = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="25" fill="none" stroke="#1c1c1f" '
            'stroke-width="1.5"/>'
            if seat.permanent
            else ""
        )
        parts.append(
            f"<g><title>{escape(seat.name)}: {escape(label)}"
            f"{' (permanent member)' if seat.permanent else ''}</title>{ring}"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="20" fill="{fill}" stroke="#1c1c1f" '
            f'stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle" font-size="17" '
            f'font-weight="700" fill="{ink}">{escape(letter)}</text>'
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#1c1c1f">{escape(seat.code)}</text></g>'
        )
    counts: dict[str, int] = {}
    for seat in seats:
        counts[seat.state] = counts.get(seat.state, 0) + 1
    summary = ", ".join(f"{SEAT_STYLES[s][2]}: {n}" for s, n in counts.items())
    legend_states = [s for s in SEAT_STYLES if s in counts]
    for i, state in enumerate(legend_states):
        fill, letter, label = SEAT_STYLES[state]
        x = 20 + i * 150
        parts.append(
            f'<g><circle cx="{x + 8}" cy="{height - 12}" r="8" fill="{fill}" stroke="#1c1c1f"/>'
            f'<text x="{x + 8}" y="{height - 8}" text-anchor="middle" font-size="10" '
            f'font-weight="700" fill="{_ink(fill)}">{escape(letter)}</text>'
            f'<text x="{x + 22}" y="{height - 8}" font-size="12">{escape(label)}</text></g>'
        )
    description = f"{len(seats)} seats. {summary}. Permanent members have a double ring."
    return mark_safe(_svg(width, height, title, description, "".join(parts), ident))


def _ink(fill: str) -> str:
    """Dark letters on the light fills, white on the dark ones."""
    return "#1c1c1f" if fill in ("#ffffff", "#7fb8d9", "#eaae80") else "#ffffff"


@dataclass(frozen=True)
class Spread:
    title: str
    counts: Sequence[tuple[str, str, int]]  # (stance, label, count)
    unknown: int


def stance_spread_svg(rows: Sequence[Spread], title: str, ident: str = "spread") -> SafeString:
    """For each provision, a bar divided by the parties' current stances (with the counts as
    text), and the parties with none."""
    label_width, bar_width, row_height = 260, 340, 30
    height = 20 + row_height * len(rows)
    width = label_width + bar_width + 40
    parts = []
    for i, row in enumerate(rows):
        y = 10 + i * row_height
        total = sum(n for _s, _l, n in row.counts) + row.unknown
        parts.append(
            f'<text x="0" y="{y + 18}" font-size="13">{escape(_shorten(row.title, 38))}</text>'
        )
        x = float(label_width)
        for stance, label, count in row.counts:
            w = bar_width * count / total if total else 0
            parts.append(
                f"<g><title>{escape(row.title)}: {escape(label)} {count}</title>"
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="18" '
                f'fill="{STANCE_FILLS[stance]}" stroke="#ffffff"/>'
                + (
                    f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                    f'font-size="11" fill="#ffffff" font-weight="700">{count}</text>'
                    if w >= 16
                    else ""
                )
                + "</g>"
            )
            x += w
        if row.unknown:
            w = bar_width * row.unknown / total if total else bar_width
            parts.append(
                f"<g><title>{escape(row.title)}: no recorded stance {row.unknown}</title>"
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="18" fill="#f1f1f3" '
                'stroke="#b9b9b2"/></g>'
            )
    description = "; ".join(
        f"{row.title}: "
        + (", ".join(f"{label} {n}" for _s, label, n in row.counts) or "no stance recorded")
        for row in rows
    )
    return mark_safe(_svg(width, height, title, description, "".join(parts), ident))


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Mark:
    day: datetime.date
    kind: str  # version, change, position, event, vote
    label: str


MARK_SHAPES = {
    "version": ("#1f5fa8", "square"),
    "change": ("#a36b00", "diamond"),
    "position": ("#55555d", "circle"),
    "event": ("#009e73", "triangle"),
    "vote": ("#1c1c1f", "star"),
}


def timeline_svg(marks: Sequence[Mark], title: str, ident: str = "timeline") -> SafeString:
    """The days from the first item to the last on one axis; each item a shape by its kind
    (the legend names them), stacked where several fall on one day."""
    if not marks:
        return mark_safe("")
    first, last = min(m.day for m in marks), max(m.day for m in marks)
    days = max((last - first).days, 1)
    width, left, right, axis = 760, 30, 30, 150
    span = width - left - right
    stacks: dict[datetime.date, int] = {}
    parts = [f'<line x1="{left}" y1="{axis}" x2="{width - right}" y2="{axis}" stroke="#1c1c1f"/>']
    for offset in range(days + 1):
        day = first + datetime.timedelta(days=offset)
        x = left + span * offset / days
        parts.append(
            f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 5}" stroke="#1c1c1f"/>'
        )
        if days <= 31 or day.day in (1, 15):
            parts.append(
                f'<text x="{x:.1f}" y="{axis + 18}" text-anchor="middle" font-size="10">'
                f"{day.day}</text>"
            )
    parts.append(f'<text x="{left}" y="{axis + 34}" font-size="11">{first:%b %Y}</text>')
    for mark in sorted(marks, key=lambda m: (m.day, m.kind)):
        level = stacks.get(mark.day, 0)
        stacks[mark.day] = level + 1
        x = left + span * (mark.day - first).days / days
        y = axis - 14 - level * 14
        colour, shape = MARK_SHAPES[mark.kind]
        parts.append(
            f"<g><title>{mark.day:%d %b %Y}: {escape(mark.label)}</title>"
            f"{_shape(shape, x, y, colour)}</g>"
        )
    for i, (kind, (colour, shape)) in enumerate(MARK_SHAPES.items()):
        x = left + i * 140
        parts.append(
            f'{_shape(shape, x + 6, 190, colour)}<text x="{x + 16}" y="194" font-size="11">'
            f"{escape(TIMELINE_KINDS[kind])}</text>"
        )
    description = f"{len(marks)} dated items from {first:%d %b %Y} to {last:%d %b %Y}."
    return mark_safe(_svg(width, 205, title, description, "".join(parts), ident))


TIMELINE_KINDS = {
    "version": "A version circulated",
    "change": "A reported change",
    "position": "A stance stated",
    "event": "A meeting or statement",
    "vote": "The vote",
}


def _shape(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} '
            f'{x - 6:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" '
            f'fill="{colour}"/>'
        )
    if shape == "star":
        points = []
        for k in range(10):
            r = 7 if k % 2 == 0 else 3
            a = math.pi / 2 + k * math.pi / 5
            points.append(f"{x + r * math.cos(a):.1f},{y - r * math.sin(a):.1f}")
        return f'<polygon points="{" ".join(points)}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
