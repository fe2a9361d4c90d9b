"""Turning stored text into HTML with marked spans: matched words in a sentence, and every excerpt
of a source highlighted in place. Offsets are Python string indices, as everywhere in the tracker.

Everything here escapes the text itself and returns safe HTML; nothing else builds markup from
source text.
"""

import re
import weakref
from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

MENTIONS_KEPT = 20_000  # excerpts' mentions kept per linker (per process)
_kept_mentions: "weakref.WeakKeyDictionary[object, dict[str, list]]" = weakref.WeakKeyDictionary()


def mentions_in(linker, text):
    """The linker's mentions in an excerpt's text, kept as long as that linker is in use (it is
    built again when what it reads changes): an excerpt is shown on its party's and provision's
    pages, and read again each time one of them is worked out after a save."""
    kept = _kept_mentions.setdefault(linker, {})
    mentions = kept.get(text)
    if mentions is None:
        if len(kept) >= MENTIONS_KEPT:
            kept.clear()
        mentions = kept[text] = list(linker.mentions(text))
    return mentions


def merge_spans(spans):
    """Sorted, non-overlapping (start, end) spans covering the same characters."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def mark_spans(text, spans):
    """`text` escaped, with each span wrapped in <mark>."""
    out, last = [], 0
    for start, end in merge_spans(spans):
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[last:start]))
        out.append(format_html("<mark>{}</mark>", text[start:end]))
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def _trim_prefix(prefix):
    """The stored prefix cut back to a whole word, so the context does not open mid-word."""
    if prefix and not prefix[0].isspace():
        prefix = prefix.partition(" ")[2]
    return prefix.strip()


def _trim_suffix(suffix):
    if suffix and not suffix[-1].isspace():
        suffix = suffix.rpartition(" ")[0]
    return suffix.strip()


@dataclass
class MarkedExcerpt:
    """An excerpt as the sentence in its context, with the words that matched marked."""

    excerpt: object
    before: str
    html: str
    after: str
    matched: bool


def mark_excerpt(excerpt, mentions, kind, key):
    """`mentions` are the linker's matches in excerpt.exact; those of (kind, key) are marked."""
    spans = [(m.start, m.end) for m in mentions if m.kind == kind and m.key == key]
    before = _trim_prefix(excerpt.prefix.replace("\n", " "))
    after = _trim_suffix(excerpt.suffix.replace("\n", " "))
    return MarkedExcerpt(
        excerpt=excerpt,
        before=before,
        html=mark_spans(excerpt.exact, spans),
        after=after,
        matched=bool(spans),
    )


# --- A source's text with its excerpts highlighted in place ------------------------------------


@dataclass
class Paragraph:
    html: str
    excerpts: list = field(default_factory=list)  # those that start in this paragraph
    start: int = 0  # where the line begins in the text: the page maps a selection back with it


def highlight_source(text, excerpts, numbers):
    """The paragraphs (lines) of `text`, each with every excerpt in it wrapped in <mark>.

    The first piece of an excerpt's mark carries id="excerpt-<pk>", the permalink target. An
    excerpt that runs across lines, or crosses another excerpt instead of nesting inside it, is
    split into pieces; the later pieces are marked as continuations. `numbers` maps an excerpt's
    pk to the number its note shows; a link to the note follows the excerpt's last piece.
    """
    excerpts = sorted(excerpts, key=lambda e: (e.start, -e.end, e.pk))
    paragraphs, opened = [], {}
    for line in re.finditer(r"[^\n]+", text):
        if not line.group(0).strip():
            continue
        begin, finish = line.span()
        inside = [e for e in excerpts if e.start < finish and e.end > begin]
        before = len(opened)
        html = _render_line(text, begin, finish, inside, numbers, opened)
        paragraphs.append(
            Paragraph(html=html, excerpts=list(opened.values())[before:], start=begin)
        )
    return paragraphs


def _open_tag(excerpt, first):
    # An excerpt that a position cites (excerpt.citing) is evidence, and looks it.
    classes = "excerpt cited" if getattr(excerpt, "citing", None) else "excerpt"
    if first:
        return format_html('<mark class="{}" id="excerpt-{}">', classes, excerpt.pk)
    return format_html('<mark class="{} continued" data-excerpt="{}">', classes, excerpt.pk)


def _note_link(excerpt, numbers):
    number = numbers[excerpt.pk]
    return format_html(
        '<a class="note-ref" href="#note-{}"><span class="visually-hidden">note </span>{}</a>',
        excerpt.pk,
        number,
    )


def _render_line(text, begin, finish, excerpts, numbers, opened):
    """One line's HTML. `opened` ({pk: excerpt}, in order) records the excerpts whose first piece
    has been written, here or on an earlier line."""
    bounds = {begin, finish}
    for e in excerpts:
        bounds.update(b for b in (e.start, e.end) if begin < b < finish)
    stack, out = [], []
    points = sorted(bounds)
    for here, there in zip(points, points[1:], strict=False):
        # Close what ends here; anything closed only to keep the markup nested is reopened.
        ending = [e for e in stack if e.end <= here]
        if ending:
            depth = min(stack.index(e) for e in ending)
            reopen = [e for e in stack[depth:] if e.end > here]
            for e in reversed(stack[depth:]):
                out.append("</mark>")
                if e.end <= here:
                    out.append(_note_link(e, numbers))
            stack = stack[:depth]
            for e in reopen:
                out.append(_open_tag(e, first=False))
                stack.append(e)
        for e in excerpts:
            if max(e.start, begin) == here and e not in stack and e.end > here:
                out.append(_open_tag(e, first=e.pk not in opened))
                opened.setdefault(e.pk, e)
                stack.append(e)
        out.append(escape(text[here:there]))
    for e in reversed(stack):
        out.append("</mark>")
        if e.end <= finish:
            out.append(_note_link(e, numbers))
    return mark_safe("".join(out))


# --- Links into the original article -----------------------------------------------------------


def _fragment_part(words):
    # The text directive's own syntax characters (, - &) must be escaped inside a term.
    return quote(" ".join(words), safe="").replace("-", "%2D")


def text_fragment_url(url, quote_text, edge_words=5):
    """`url` with a text fragment (#:~:text=) that opens the page at `quote_text`.

    A long quote is given by its first and last words (textStart,textEnd), as the URL Fragment
    Text Directives specification suggests, so the link survives small differences between the
    stored text and the live page in the middle of the quote.
    """
    if not url:
        return ""
    words = quote_text.split()
    if len(words) <= edge_words * 2:
        directive = _fragment_part(words)
    else:
        directive = f"{_fragment_part(words[:edge_words])},{_fragment_part(words[-edge_words:])}"
    base, hash_mark, _fragment = url.partition("#")
    return f"{base}#:~:text={directive}" if hash_mark == "" else f"{url}:~:text={directive}"
