"""A word-level diff ([(op, text)], op "equal", "delete" or "insert") as HTML: inline, with
<del> and <ins>, or one side of a side-by-side view. The text is escaped here."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TAGS = {"delete": "del", "insert": "ins"}


def _html(words: list[tuple[str, str]], shown: set[str]) -> SafeString:
    out = []
    for op, text in words:
        if op not in shown:
            continue
        tag = TAGS.get(op)
        out.append(f"<{tag}>{escape(text)}</{tag}>" if tag else str(escape(text)))
    return mark_safe("".join(out))


@register.filter
def inline_diff(words: list[tuple[str, str]]) -> SafeString:
    return _html(words, {"equal", "delete", "insert"})


@register.filter
def old_side(words: list[tuple[str, str]]) -> SafeString:
    return _html(words, {"equal", "delete"})


@register.filter
def new_side(words: list[tuple[str, str]]) -> SafeString:
    return _html(words, {"equal", "insert"})


@register.filter
def paragraph_name(paragraph: object) -> str:
    """PP3, OP7, OP7 (a), OP8 (b) (ii): a paragraph as readers cite it."""
    kind = getattr(paragraph, "kind", "")
    head = f"{'PP' if kind == 'preambular' else 'OP'}{getattr(paragraph, 'number', '')}"
    point = getattr(paragraph, "point", "") or ""
    return head + "".join(f" ({part})" for part in point.split(".") if part)
