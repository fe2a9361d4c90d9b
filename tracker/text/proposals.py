"""Phrases worth proposing to staff, from labelled sentences: a new alias is a phrase that recurs
in the sentences editors linked to a provision or party where no alias found it, and seldom in
the sentences they did not link to it; a new exclusion is the words around a match that recur in
the sentences editors left out, and seldom in those they kept. Proposals only: staff decide."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.text.linking import fold

MAX_WORDS = 4
MIN_SUPPORT = 2  # a phrase seen in one example only says nothing about how writers write
MIN_SHARE = 0.8  # of the examples with the phrase, the share it gets right
_WORD = re.compile(r"[^\W_][\w’'.-]*[^\W_]|[^\W_]")
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a an the and or but of to in on at by for from with as is are was were be been being it its
        this that these those he she they we you i his her their our your which who whom whose what
        when where while than then so if not no nor also has have had do does did will would shall
        should can could may might must said says say about after before over under into between
        against during through up down out more most some any each all both such only very just
        there here per via mr ms dr""",
    )
)


@dataclass(frozen=True)
class Candidate:
    phrase: str
    support: int  # examples it gets right
    against: int  # examples it gets wrong
    examples: tuple[int, ...]  # indexes of the examples that support it


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _ngrams(words: Sequence[str], max_words: int = MAX_WORDS) -> set[str]:
    """Phrases of 1 to max_words words that neither begin nor end with a stop word."""
    found = set()
    for size in range(1, max_words + 1):
        for i in range(len(words) - size + 1):
            gram = words[i : i + size]
            if gram[0].lower() in STOPWORDS or gram[-1].lower() in STOPWORDS:
                continue
            if not any(ch.isalpha() for ch in "".join(gram)):
                continue
            found.add(" ".join(gram))
    return found


def _contains(folded_text: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)", folded_text) is not None


class _Tally:
    """Phrases by example: how many examples have each (compared in lower case, reported as
    first written)."""

    def __init__(self) -> None:
        self.examples: dict[str, list[int]] = {}
        self.written: dict[str, str] = {}

    def add(self, index: int, grams: Iterable[str]) -> None:
        for gram in set(grams):
            key = gram.lower()
            self.written.setdefault(key, gram)
            examples = self.examples.setdefault(key, [])
            if not examples or examples[-1] != index:
                examples.append(index)


def _rank(tally: _Tally, against_texts: Iterable[str]) -> list[Candidate]:
    folded_against = [fold(text) for text in against_texts]
    candidates = []
    for key, examples in tally.examples.items():
        support = len(examples)
        if support < MIN_SUPPORT:
            continue
        phrase = tally.written[key]
        against = sum(_contains(text, phrase) for text in folded_against)
        if support / (support + against) < MIN_SHARE:
            continue
        candidates.append(Candidate(phrase, support, against, tuple(examples)))
    # The best supported first; of two with the same support, the one more often right, then
    # the longer: the whole phrase ("Peace Council") rather than a word of it.
    candidates.sort(key=lambda c: (-c.support, c.against, -len(c.phrase.split()), c.phrase))
    kept: list[Candidate] = []
    for candidate in candidates:
        # A phrase inside one already kept, supported by no other example, adds nothing.
        if any(
            set(candidate.examples) <= set(better.examples)
            and _contains(fold(better.phrase), candidate.phrase)
            for better in kept
        ):
            continue
        kept.append(candidate)
    return kept


def alias_candidates(
    linked: Sequence[str], not_linked: Iterable[str], *, limit: int = 5
) -> list[Candidate]:
    """Phrases that recur in `linked` (sentences editors linked to one provision or party where
    the linker found nothing) and seldom in `not_linked` (sentences they did not link to it)."""
    tally = _Tally()
    for index, text in enumerate(linked):
        tally.add(index, _ngrams(_words(text)))
    return _rank(tally, not_linked)[:limit]


def exclusion_candidates(
    left_out: Sequence[tuple[str, str]], kept: Iterable[str], *, limit: int = 5
) -> list[Candidate]:
    """The words around a match ("British Mandate" around "Mandate") that recur in `left_out`
    ((sentence, the words the linker matched) that editors unticked) and seldom in `kept`
    (sentences where they kept the same provision or party)."""
    tally = _Tally()
    for index, (text, matched) in enumerate(left_out):
        words = _words(text)
        target = [w.lower() for w in _words(matched)]
        size = len(target)
        lowered = [w.lower() for w in words]
        grams = []
        for i in range(len(words) - size + 1) if size else ():
            if lowered[i : i + size] != target:
                continue
            if i > 0 and lowered[i - 1] not in STOPWORDS:
                grams.append(" ".join(words[i - 1 : i + size]))
            if i + size < len(words) and lowered[i + size] not in STOPWORDS:
                grams.append(" ".join(words[i : i + size + 1]))
        tally.add(index, grams)
    return _rank(tally, kept)[:limit]
