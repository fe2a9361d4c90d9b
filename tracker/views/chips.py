"""A stance chip: the stance in words, its colour and symbol (from the stylesheet), and how it
is attributed (a mark and an outline that do not rely on colour, with words for screen readers
and a title that defines both). One function, so the matrix's cells (tracker/views/cells.py),
the pages' templates (the `stance_chip` tag) and the legend say the same thing.

The matrix's 12,000 cells carry the chip without its title (`defined=False`): the words say
which stance and attribution it is, and the legend above the grid defines each once, linked to
the methodology page. A title in every cell made the page four times its size."""

import functools

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tracker.models.positions import (
    ATTRIBUTION_DEFINITIONS,
    ATTRIBUTION_MARKS,
    STANCE_DEFINITIONS,
    Attribution,
    Stance,
)


@functools.lru_cache(maxsize=256)
def stance_chip(
    stance: str, attribution: str = "", *, words: bool = False, defined: bool = True
) -> SafeString:
    """The chip for a stance code and, when known, an attribution code. `words`: also write the
    attribution out after the mark (where there is room: position cards, the legend).
    `defined`: with a title that defines both (not in the matrix's cells: its legend does)."""
    stance_label = Stance(stance).label
    title = f"{stance_label}: {STANCE_DEFINITIONS[Stance(stance)]}"
    classes = f"stance stance-{stance}"
    evidence = ""
    if attribution:
        kind = Attribution(attribution)
        title += f" {kind.label}: {ATTRIBUTION_DEFINITIONS[kind]}"
        classes += f" evidence evidence-{attribution}"
        said = escape(kind.label.lower() if not words else kind.label)
        shown = f'<span class="evidence-words">{said}</span>' if words else ""
        hidden = "" if words else f'<span class="visually-hidden"> ({said})</span>'
        evidence = (
            f'<span class="evidence-mark" aria-hidden="true">{ATTRIBUTION_MARKS[kind]}</span>'
            f"{shown}{hidden}"
        )
    defines = f' title="{escape(title)}"' if defined else ""
    return mark_safe(
        f'<span class="{classes}"{defines}>'
        f'<span class="stance-word">{escape(stance_label)}</span>{evidence}</span>'
    )


@functools.lru_cache(maxsize=8)
def attribution_mark(attribution: str) -> SafeString:
    """An attribution alone, as a mark and words (the legend, a position's details)."""
    kind = Attribution(attribution)
    return mark_safe(
        f'<span class="attribution evidence-{attribution}" '
        f'title="{escape(ATTRIBUTION_DEFINITIONS[kind])}">'
        f'<span class="evidence-mark" aria-hidden="true">{ATTRIBUTION_MARKS[kind]}</span> '
        f"{escape(kind.label)}</span>"
    )
