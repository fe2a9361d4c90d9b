"""Anchoring quotes in source texts.

A stored text is normalised once (Unicode NFC, \\n line endings); every offset in the tracker is a
Python string index into that normalised text. A quote is anchored two ways, as the W3C Web
Annotation model does: by position (start, end) and by quote (exact, with a little context on
either side), so a reader can find it again even if one of the two is lost.
"""

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

CONTEXT_CHARS = 32


def normalize_text(text: str) -> str:
    """NFC, and every line ending as \\n. Nothing else changes: offsets stay meaningful."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_digest(text: str) -> str:
    """SHA-256 (hex) of the normalised text: two sources with the same digest are the same text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def quote_selector(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(exact, prefix, suffix) for text[start:end]."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"Offsets {start}–{end} fall outside a text of {len(text)} characters.")
    return (
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )


@dataclass
class QuoteNotFound(Exception):
    quote: str
    nearest: str
    reason: str = "not found verbatim"

    def __str__(self) -> str:
        if self.nearest:
            return f"{self.reason}: {self.quote!r}; nearest match in the text: {self.nearest!r}"
        return f"{self.reason}: {self.quote!r}"


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The (start, end) of `quote` in `text`.

    The quote must appear exactly once, unless `occurrence` (1-based) says which one is meant.
    Raises QuoteNotFound, with the nearest passage of the text, when it is absent or ambiguous.
    """
    if not quote:
        raise QuoteNotFound(quote, "", "empty quote")
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not starts:
        raise QuoteNotFound(quote, nearest_passage(text, quote))
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteNotFound(quote, "", f"found {len(starts)} times; say which occurrence")
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise QuoteNotFound(quote, "", f"occurrence {occurrence} asked for, found {len(starts)}")
    start = starts[occurrence - 1]
    return start, start + len(quote)


def nearest_passage(text: str, quote: str) -> str:
    """The stretch of `text`, starting at a word and about the quote's length, that reads most
    like the quote."""
    window = len(quote)
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for word in re.finditer(r"\S+", text):
        candidate = text[word.start() : word.start() + window]
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best.strip()
