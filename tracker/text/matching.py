"""Which paragraph of a new version is which paragraph of the old one.

Two paragraphs are "the same" when their words, compared in order, are similar enough: the
measure is difflib's ratio on the casefolded words of the paragraph and its sub-points (2·M / T,
M the words the longest common blocks share, T the words of both), and the bar is
MATCH_THRESHOLD: at least half. Numbers and labels play no
part, so a paragraph inserted before operative paragraph 7 makes the old 7 the new 8 and the
two still match. Pairs are taken best first; between equally similar candidates the one at the
nearer place in its text wins, so repeated wording keeps its order. Each old paragraph goes to
one new paragraph at most, and only paragraphs of the same kind (preambular, operative) match.

Sub-points are matched first among the sub-points of their matched parents (a new 7(b) against
the old 7's points); whatever is left over is then matched across the whole text, so a point
that moved to another paragraph, or a paragraph that became a point, is still found.

An editor's corrections are passed as `fixed`, {new index: old index, or None for "new in this
version"}: they are kept as they are, and the rest is matched around them.
"""

import difflib
import re
from collections.abc import Mapping, Sequence

from tracker.text.paragraphs import Paragraph

MATCH_THRESHOLD = 0.5


def words(text: str) -> tuple[str, ...]:
    """The casefolded words of a text, punctuation and spacing left out."""
    return tuple(re.findall(r"\w+", text.casefold()))


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """difflib's ratio on two word sequences (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_paragraphs(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    fixed: Mapping[int, int | None] | None = None,
    threshold: float = MATCH_THRESHOLD,
) -> dict[int, int]:
    """{index in `new`: index in `old`} for the paragraphs that are the same paragraph."""
    return _Matcher(old, new, fixed or {}, threshold).run()


class _Matcher:
    def __init__(
        self,
        old: Sequence[Paragraph],
        new: Sequence[Paragraph],
        fixed: Mapping[int, int | None],
        threshold: float,
    ) -> None:
        _check_fixed(fixed, len(old), len(new))
        self.old, self.new, self.threshold = old, new, threshold
        self.old_children = _children(old)
        self.new_children = _children(new)
        self.old_words = _whole_words(old, self.old_children)
        self.new_words = _whole_words(new, self.new_children)
        self.matches = {n: o for n, o in fixed.items() if o is not None}
        self.settled = set(fixed)
        self.used = set(self.matches.values())

    def run(self) -> dict[int, int]:
        for n, o in list(self.matches.items()):  # an editor's pairs first: their sub-points
            self._group(self.new_children.get(n, []), self.old_children.get(o, []))
        self._group(self.new_children[None], self.old_children[None])
        leftover_new = [n for n in range(len(self.new)) if n not in self.settled]
        leftover_old = [o for o in range(len(self.old)) if o not in self.used]
        self._group(leftover_new, leftover_old)
        return dict(sorted(self.matches.items()))

    def _group(self, new_ids: list[int], old_ids: list[int]) -> None:
        """Match a group of new paragraphs against old ones, then their sub-points."""
        free_new = [n for n in new_ids if n not in self.settled]
        free_old = [o for o in old_ids if o not in self.used]
        for n, o in self._best_pairs(free_new, free_old):
            self.matches[n] = o
            self.settled.add(n)
            self.used.add(o)
        for n in new_ids:
            if n in self.matches:
                o = self.matches[n]
                self._group(self.new_children.get(n, []), self.old_children.get(o, []))

    def _best_pairs(self, new_ids: list[int], old_ids: list[int]) -> list[tuple[int, int]]:
        candidates = []
        for i, n in enumerate(new_ids):
            new_place = i / max(len(new_ids), 1)
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(self.new_words[n])
            for j, o in enumerate(old_ids):
                if self.old[o].kind != self.new[n].kind:
                    continue
                score = self._score(matcher, self.new_words[n], o)
                if score >= self.threshold:
                    distance = abs(new_place - j / max(len(old_ids), 1))
                    candidates.append((-score, distance, i, j, n, o))
        pairs, taken_new, taken_old = [], set(), set()
        for _, _, _, _, n, o in sorted(candidates):
            if n not in taken_new and o not in taken_old:
                pairs.append((n, o))
                taken_new.add(n)
                taken_old.add(o)
        return pairs

    def _score(
        self, matcher: difflib.SequenceMatcher[str], new_words: tuple[str, ...], o: int
    ) -> float:
        old_words = self.old_words[o]
        if not old_words or not new_words:
            return 1.0 if old_words == new_words else 0.0
        matcher.set_seq1(old_words)
        if matcher.real_quick_ratio() < self.threshold or matcher.quick_ratio() < self.threshold:
            return 0.0
        return matcher.ratio()


def _children(paragraphs: Sequence[Paragraph]) -> dict[int | None, list[int]]:
    """{index of a parent (None for the top level): indices of its sub-points, in order}."""
    index = {p.eid: i for i, p in enumerate(paragraphs)}
    children: dict[int | None, list[int]] = {None: []}
    for i, p in enumerate(paragraphs):
        parent = index.get(p.parent_eid) if p.parent_eid else None
        children.setdefault(parent, []).append(i)
    return children


def _whole_words(
    paragraphs: Sequence[Paragraph], children: Mapping[int | None, list[int]]
) -> list[tuple[str, ...]]:
    """Each paragraph's words followed by those of its sub-points: what identifies it."""
    whole = [words(p.text) for p in paragraphs]
    for i in reversed(range(len(paragraphs))):
        for child in children.get(i, []):
            whole[i] += whole[child]
    return whole


def _check_fixed(fixed: Mapping[int, int | None], old_count: int, new_count: int) -> None:
    """Refuse fixed pairs that point outside the versions or give one old paragraph twice."""
    seen: dict[int, int] = {}
    for n, o in fixed.items():
        if not 0 <= n < new_count or (o is not None and not 0 <= o < old_count):
            raise ValueError(f"Fixed pair {n} → {o} is outside the two versions.")
        if o is not None and o in seen:
            raise ValueError(f"Old paragraph {o} is fixed to both {seen[o]} and {n}.")
        if o is not None:
            seen[o] = n
