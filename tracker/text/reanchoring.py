"""Finding a quote again in a new version of its text (a revised draft, an updated article).

A quote is kept as a W3C TextQuoteSelector (its exact words, with a little text before and
after: prefix and suffix) plus the offset it had, passed here as `hint`. In the new text it is:

- "exact": found verbatim in the same place: at `hint`; or where its stored prefix or suffix is
  still intact beside it (an empty one standing for the start or end of the text, as
  `anchoring.quote_selector` stores it) and no other occurrence fits as well; or, with no prefix, suffix or hint
  to go by, at its only occurrence. The offsets may still differ from `hint` (text inserted
  earlier shifts everything after it); `start`/`end` are always the new ones.
- "moved": found verbatim, but not in the same place: the text on both sides of it changed, or it
  occurs several times and none is plainly the same place. The occurrence chosen is the one whose
  surroundings agree best with prefix and suffix (characters in common next to the quote), then
  the nearest to `hint`.
- "changed": not found verbatim, but a passage differs from it by at most `max_change`: the
  Levenshtein distance between the quote and the passage (characters inserted, deleted or
  substituted) is at most `max_change` times the length of the longer of the two. `similarity`
  is 1 - that distance / that length (1.0 for a verbatim find).
- "lost": nothing within that bound; `similarity` is the best that was seen.

Speed: a verbatim search is a `str.find` scan. The fuzzy search never aligns the quote with the
whole text: an index of the text's word trigrams (bigrams, or words, if the edits left no trigram
of the quote whole), built once per text by a Reanchorer, votes for the few places where the
quote's occur; only a window of the quote's length (plus the allowed change) around each of them, and
around `hint`, is aligned, with rapidfuzz (C++), and the passage's ends are then moved a word at
a time while that improves the similarity. With one Reanchorer, 3,000 quotes over a
1,000,000-character text take about a second on one core, the index included.
"""

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from os.path import commonprefix
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

Status = Literal["exact", "moved", "changed", "lost"]

WORD_RE = re.compile(r"\w+")
TOKEN_RE = re.compile(r"\w+|[^\w\s]")
NGRAM = 3
MAX_HITS = 500  # a trigram found more often than this says nothing about where the quote is
CANDIDATES = 5  # places, besides the hint's, whose window is aligned with the quote


@dataclass(frozen=True)
class Reanchored:
    """Where a quote is in the new text, and how sure that is."""

    status: Status
    start: int | None
    end: int | None
    exact: str  # new_text[start:end]; "" when lost
    similarity: float

    @property
    def found(self) -> bool:
        """Anything but lost."""
        return self.start is not None


class Reanchorer:
    """Re-anchors quotes in one new text, building the text's word index once, when a first
    quote is not found verbatim, and keeping it for the next quotes."""

    def __init__(self, new_text: str) -> None:
        self.text = new_text
        self._index: _Index | None = None

    def reanchor(
        self,
        exact: str,
        prefix: str = "",
        suffix: str = "",
        hint: int | None = None,
        max_change: float = 0.2,
    ) -> Reanchored:
        """Find the quote `exact` (stored with `prefix`, `suffix` and its old offset `hint`)."""
        if not exact:
            raise ValueError("An empty quote cannot be anchored.")
        if not 0 <= max_change < 1:
            raise ValueError(f"max_change must be at least 0 and below 1, not {max_change}.")
        found = _verbatim(self.text, exact, prefix, suffix, hint)
        if found is None:
            if self._index is None:
                self._index = _Index.of(self.text)
            found = _fuzzy(self.text, self._index, exact, prefix, suffix, hint, max_change)
        return found


def reanchor(
    new_text: str,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    max_change: float = 0.2,
) -> Reanchored:
    """Find one quote in `new_text`; for many quotes in one text, use a Reanchorer."""
    return Reanchorer(new_text).reanchor(exact, prefix, suffix, hint, max_change)


def _verbatim(
    text: str, exact: str, prefix: str, suffix: str, hint: int | None
) -> Reanchored | None:
    if hint is not None and 0 <= hint and text.startswith(exact, hint):
        return Reanchored("exact", hint, hint + len(exact), exact, 1.0)
    starts = _occurrences(text, exact)
    if not starts:
        return None
    scored = sorted(
        (
            (
                _context_score(text, s, s + len(exact), prefix, suffix),
                -abs(s - hint) if hint is not None else 0,
                -s,
            )
            for s in starts
        ),
        reverse=True,
    )
    best_context, _, minus_start = scored[0]
    start, end = -minus_start, -minus_start + len(exact)
    if prefix or suffix:
        alone = len(scored) == 1 or scored[1][0] < best_context
        same_place = alone and _context_intact(text, start, end, prefix, suffix)
    else:
        same_place = len(starts) == 1
    return Reanchored("exact" if same_place else "moved", start, end, exact, 1.0)


def _fuzzy(
    text: str,
    index: "_Index",
    exact: str,
    prefix: str,
    suffix: str,
    hint: int | None,
    max_change: float,
) -> Reanchored:
    quote = [m.group().casefold() for m in WORD_RE.finditer(exact)]
    if not quote or not index.starts:
        return Reanchored("lost", None, None, "", 0.0)
    votes: Counter[int] = Counter()
    for n in range(min(NGRAM, len(quote)), 0, -1):  # shorter n-grams if edits hit every trigram
        grams = index.grams(n)
        for i in range(len(quote) - n + 1):
            hits = grams.get(hash(tuple(quote[i : i + n])), [])
            if len(hits) <= MAX_HITS:
                votes.update(hit - i for hit in hits)
        if votes:
            break
    places = [place for place, _ in votes.most_common(CANDIDATES)]
    if hint is not None:
        places.append(bisect_left(index.starts, hint))

    slack = math.ceil(len(quote) * max_change) + 2
    best: tuple[float, float, int, int, int] | None = None
    for place in places:
        low = max(0, place - slack)
        high = min(len(index.starts), place + len(quote) + slack)
        if low >= high:
            continue
        window_start = index.ends[low - 1] if low else 0
        window_end = index.starts[high] if high < len(index.starts) else len(text)
        similarity, start, end = _align(text, exact, window_start, window_end)
        found = (
            similarity,
            _context_score(text, start, end, prefix, suffix),
            -abs(start - hint) if hint is not None else 0,
            start,
            end,
        )
        if best is None or found[:3] > best[:3]:
            best = found
    if best is None or best[0] < 1 - max_change - 1e-9:
        return Reanchored("lost", None, None, "", best[0] if best else 0.0)
    similarity, _, _, start, end = best
    return Reanchored("changed", start, end, text[start:end], similarity)


def _align(text: str, exact: str, window_start: int, window_end: int) -> tuple[float, int, int]:
    """(similarity, start, end) of the passage of the window that reads most like `exact`."""
    window = text[window_start:window_end]
    tokens = list(TOKEN_RE.finditer(window))
    if not tokens:
        return 0.0, window_start, window_start
    starts = [t.start() for t in tokens]
    ends = [t.end() for t in tokens]
    rough = fuzz.partial_ratio_alignment(exact, window)
    rough_start, rough_end = (rough.dest_start, rough.dest_end) if rough else (0, len(window))
    i = max(0, min(bisect_left(starts, rough_start), len(starts) - 1))
    if i and starts[i] > rough_start:
        i -= 1
    j = min(bisect_left(ends, rough_end), len(ends) - 1)

    def similarity(i: int, j: int) -> float:
        if ends[j] <= starts[i]:
            return -1.0
        return float(Levenshtein.normalized_similarity(exact, window[starts[i] : ends[j]]))

    best = similarity(i, j)
    while True:
        steps = [(i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)]
        scored = [
            (similarity(a, b), a, b)
            for a, b in steps
            if 0 <= a < len(starts) and 0 <= b < len(ends)
        ]
        top = max(scored, default=(best, i, j))
        if top[0] <= best:
            break
        best, i, j = top
    return max(best, 0.0), window_start + starts[i], window_start + ends[j]


def _occurrences(text: str, exact: str) -> list[int]:
    """Every offset where `exact` starts in `text` (overlapping ones too)."""
    starts, at = [], text.find(exact)
    while at >= 0:
        starts.append(at)
        at = text.find(exact, at + 1)
    return starts


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """The share of the stored prefix and suffix that still stands right beside [start, end)."""
    if not prefix and not suffix:
        return 0.0
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    kept = len(commonprefix([before[::-1], prefix[::-1]])) + len(commonprefix([after, suffix]))
    return kept / (len(prefix) + len(suffix))


def _context_intact(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the whole stored prefix, or the whole stored suffix, is still beside the quote
    (an empty one stands for the start or the end of the text)."""
    before = text.endswith(prefix, 0, start) if prefix else start == 0
    after = text.startswith(suffix, end) if suffix else end == len(text)
    return before or after


@dataclass
class _Index:
    """The words of a text (offsets and casefolded forms), and its word n-grams' positions."""

    starts: "array[int]"
    ends: "array[int]"
    words: list[str]
    by_n: dict[int, dict[int, list[int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> "_Index":
        """The index of a text's words (about 40 MB for 1,000,000 characters, with trigrams)."""
        starts, ends, words = array("q"), array("q"), []
        for m in WORD_RE.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            words.append(m.group().casefold())
        return cls(starts, ends, words)

    def grams(self, n: int) -> dict[int, list[int]]:
        """{hash of an n-gram of `n` words: [word positions where it starts]}. A hash collision
        (rare) only adds a place to look at, never a wrong answer."""
        if n not in self.by_n:
            grams: dict[int, list[int]] = {}
            for i in range(len(self.words) - n + 1):
                grams.setdefault(hash(tuple(self.words[i : i + n])), []).append(i)
            self.by_n[n] = grams
        return self.by_n[n]
