"""References back, within one text: what "the force", "It", "he said" or a list item refer to.

The linker finds names anywhere; these rules read a text in order and link a reference back only
to what the same text named shortly before, so the same words in a text that never named the
thing link nothing:

- a phrase that refers back ("the force", "the Board", "the group": an alias marked so) links
  its provision or party when the text named it (or referred to it) within the last
  REFER_WINDOW sentences;
- "It" or "Its" opening a sentence links what the nearest earlier sentence (at most
  IT_WINDOW back) that names the force, the Board or the draft itself names first: its subject,
  as a rule. When that is the draft or the resolution ("The draft … It also …"), nothing;
- "he", "she", "the ambassador", "the official"… link the party of the person last named as
  speaking (a person in the speakers' list, or "China's representative"), within
  SPEAKER_WINDOW sentences; a person named in between who speaks for no party (the
  Secretary-General) links nothing;
- a lead-in ending with ":", or a heading (a line of at most HEADING_WORDS words and no full
  stop), carries what it mentions to the list items under it (lines that begin with a bullet or
  a number).

Offsets are Python string indices into the text: a context mention points at the words that
refer back ("the force", "It", "he"), a list item's at its bullet or number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

REFER_WINDOW = 6  # sentences back that "the force" may reach
IT_WINDOW = 1  # sentences back that a sentence-opening "It" may reach
SPEAKER_WINDOW = 3  # sentences back that "he said" may reach
HEADING_WORDS = 15  # a line this short without a full stop is a heading

CONTEXT = "context"
HEADING = "heading"

# Words naming the draft or the resolution itself: "It" after them is the text, not a part of it.
_DRAFT = re.compile(
    r"(?<!\w)(?:draft|resolution|text|document|plan|proposal|version|measure)s?(?!\w)",
    re.IGNORECASE,
)
_IT = re.compile(r"[\"“‘'(\[]*(?:(?:And|But|Instead|However|Also|Yet),?\s+)?(It|Its)\b")
# "It is expected that…", "It's unclear whether…", "It remains to be seen…": "It" stands for
# nothing. "It said…": an institution speaking, not the force or the Board.
_EXPLETIVE = re.compile(
    r"It(?:\s+(?:is|was|remains|would be|will be|has been|had been|seems|seemed|appears)|['’]s)"
    r"\s+(?:not\s+)?(?:yet\s+)?(?:immediately\s+|also\s+|now\s+|still\s+|too\s+)?"
    r"(?:expected|reported|believed|understood|hoped|said|thought|feared|likely|unlikely|"
    r"unclear|clear|important|essential|necessary|crucial|vital|critical|possible|impossible|"
    r"difficult|hard|easy|time|worth|true|known|noted|estimated|to be seen|early)\b"
    r"|It\s+(?:also\s+)?(?:said|says|added|reported|stated|noted|told|quoted|cited)\b"
)
_SPEAKER_REFERENCE = re.compile(
    r"(?<!\w)(?:he|she|him|the (?:ambassador|envoy|official|spokes(?:person|man|woman)|diplomat|"
    r"minister|representative|statement))(?!\w)",
    re.IGNORECASE,
)
# A speaker's words: "Hamas said", "the group rejected", "Algeria called on…".
_SPEECH_AFTER = re.compile(
    r"^[’'s]*\s+(?:also\s+|later\s+|then\s+|had\s+|has\s+|have\s+)?(?:said|says|say|added|adds|"
    r"told|stressed|noted|warned|urged|called|argued|explained|emphasi[sz]ed|insisted|stated|"
    r"declared|described|wrote|posted|expressed|highlighted|reiterated|pointed|considered|"
    r"welcomed|welcomes|criticized|criticised|rejected|rejects|condemned|announced|confirmed|"
    r"demanded|accused|affirmed|reaffirmed|underlined|underscored)(?!\w)",
    re.IGNORECASE,
)
# A name that is not the speaker's: "Trump's plan", "wrote to US Ambassador Mike Waltz".
_OBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:to|from|with|for|of|at|on|about|against|towards?)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.’'-]*\s+){0,4}$"
)
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# A word that puts the draft in a phrase of its own ("according to the draft"), not the subject.
_FRAMING = re.compile(
    r"(?<!\w)(?:according to|under|in|of|on|by|with|from|to|for|into|about|within|through)\s+"
    r"(?:[\w.’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# "China's representative", "the Russian envoy", "Pakistan's permanent representative": a party
# named as the speaker's, within three words before the role.
_ROLE_AFTER = re.compile(
    r"^[’'s]*\s+(?:[\w.-]+\s+){0,3}?(?:ambassador|envoy|representative|spokes(?:person|man|woman)|"
    r"minister|official|diplomat|president|delegate|delegation|mission|chargé)s?(?!\w)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[•◦▪▫●○■□*·–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|#\d{1,2}\.?)\s+")


class Named(Protocol):
    """What these rules read of a mention: a Found, or the linker's Mention."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Found:
    """A mention as these rules need it; `linker.Mention` is built from it."""

    kind: str
    key: str
    start: int
    end: int
    how: str


@dataclass(frozen=True)
class Person:
    """Where a person's name occurs, and the parties they speak for (none: the UN's chief)."""

    start: int
    end: int
    parties: tuple[str, ...]


# (sentence index, start, end, what, item): the item is a Named for "named" and "refers", a
# Person for "person", None for the others.
_Event = tuple[int, int, int, str, Any]


def references(
    text: str,
    sentences: Sequence[tuple[int, int]],
    named: Sequence[Named],
    refers: Sequence[Found],
    people: Sequence[Person],
    focus_keys: Iterable[tuple[str, str]],
) -> list[Found]:
    """The mentions that the references back in `text` make, given what it names (`named`,
    sorted by start), the phrases that refer back (`refers`), where people are named, and the
    things "It" may stand for (`focus_keys`: the force, the Board)."""
    focus_keys = set(focus_keys)
    events = _events(text, sentences, named, refers, people)
    found: list[Found] = []
    last_seen: dict[tuple[str, str], int] = {}
    # Per sentence, what "It" could stand for, in order: (kind, key) or None for the draft.
    focus: list[list[tuple[str, str] | None]] = [[] for _ in sentences]
    speaker: tuple[int, tuple[str, ...]] | None = None
    quotations = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
    for index, start, end, what, item in events:
        if what == "named":
            last_seen[(item.kind, item.key)] = index
            if (item.kind, item.key) in focus_keys:
                focus[index].append((item.kind, item.key))
            if item.kind == "party" and _speaks(text, item.end):
                speaker = (index, (item.key,))
        elif what == "refers":
            seen = last_seen.get((item.kind, item.key))
            if seen is not None and index - seen <= REFER_WINDOW:
                found.append(Found(item.kind, item.key, start, end, CONTEXT))
                last_seen[(item.kind, item.key)] = index
                if (item.kind, item.key) in focus_keys:
                    focus[index].append((item.kind, item.key))
                if item.kind == "party" and _SPEECH_AFTER.match(text, end):
                    speaker = (index, (item.key,))
        elif what == "draft":
            if not _FRAMING.search(text, max(0, start - 40), start):
                focus[index].append(None)
        elif what == "person":
            if _may_speak(text, start, end, quotations):
                speaker = (index, item.parties)
        elif what == "it":
            target = _antecedent(focus, index)
            if target is not None:
                found.append(Found(*target, start, end, CONTEXT))
                last_seen[target] = index
                focus[index].append(target)
        elif what == "pronoun" and speaker and index - speaker[0] <= SPEAKER_WINDOW:
            found.extend(Found("party", code, start, end, CONTEXT) for code in speaker[1])
    found.extend(_list_items(text, [*named, *found]))
    return found


def _speaks(text: str, end: int) -> bool:
    """Whether the party named just before `end` is speaking: "China's representative", "the
    Russian envoy", "Hamas said"."""
    return bool(_ROLE_AFTER.match(text, end) or _SPEECH_AFTER.match(text, end))


def _may_speak(text: str, start: int, end: int, quotations: Iterable[tuple[int, int]]) -> bool:
    """Whether a person named at text[start:end] can be whom a later "he said" means: not a
    name quoted, owned ("Trump's plan") or the object of a preposition ("wrote to Waltz")."""
    if any(open_ < start < close for open_, close in quotations):
        return False
    if text[end - 2 : end] in ("'s", "’s") or text[end : end + 2] in ("'s", "’s"):
        return False
    return not _OBJECT_BEFORE.search(text, max(0, start - 60), start)


def _events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    named: Iterable[Named],
    refers: Iterable[Found],
    people: Iterable[Person],
) -> list[_Event]:
    """Everything the rules react to, as (sentence index, start, end, what, item), in reading
    order."""
    starts = [start for start, _ in sentences]
    events: list[_Event] = []

    def sentence_of(position: int) -> int:
        return bisect.bisect_right(starts, position) - 1

    for item in named:
        events.append((sentence_of(item.start), item.start, item.end, "named", item))
    for item in refers:
        events.append((sentence_of(item.start), item.start, item.end, "refers", item))
    for person in people:
        events.append((sentence_of(person.start), person.start, person.end, "person", person))
    for index, (start, end) in enumerate(sentences):
        for match in _DRAFT.finditer(text, start, end):
            events.append((index, match.start(), match.end(), "draft", None))
        opening = _IT.match(text, start, end)
        if opening and not _EXPLETIVE.match(text, opening.start(1), end):
            events.append((index, opening.start(1), opening.end(1), "it", None))
        for match in _SPEAKER_REFERENCE.finditer(text, start, end):
            events.append((index, match.start(), match.end(), "pronoun", None))
    events.sort(key=lambda event: (event[1], event[2]))
    return [event for event in events if event[0] >= 0]


def _antecedent(
    focus: Sequence[Sequence[tuple[str, str] | None]], index: int
) -> tuple[str, str] | None:
    """What a sentence-opening "It" in sentence `index` stands for: the first thing named in
    the nearest earlier sentence that names any, or None (the draft, or nothing near)."""
    for back in range(index - 1, max(index - IT_WINDOW, 0) - 1, -1):
        if focus[back]:
            return focus[back][0]
    return None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text`, blank ones included."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _leads_in(line: str) -> bool:
    """A lead-in ("The force would:") or a heading (a short line with no full stop: "What the
    ISF would do"), either of which may head a list."""
    if _LIST_ITEM.match(line):
        return False  # an item is not the heading of the next one
    line = line.strip()
    if line.endswith(":"):
        return True
    return bool(line) and line[-1] not in '.!?…"”’)' and len(line.split()) <= HEADING_WORDS


def _list_items(text: str, mentions: Iterable[Named]) -> list[Found]:
    """What a lead-in or a heading mentions, carried to the list items below it (blank lines
    between them allowed)."""
    carried: list[Found] = []
    lines = [(start, end) for start, end in _lines(text) if text[start:end].strip()]
    starts = sorted(m.start for m in mentions)
    keys = sorted((m.start, m.kind, m.key) for m in mentions)
    for number, (start, end) in enumerate(lines[:-1]):
        if not _LIST_ITEM.match(text, *lines[number + 1]) or not _leads_in(text[start:end]):
            continue
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        lead = sorted({(kind, key) for _, kind, key in keys[first:last]})
        for item_start, item_end in lines[number + 1 :]:
            marker = _LIST_ITEM.match(text, item_start, item_end)
            if not marker:
                break
            begin = item_start + len(marker.group(0)) - len(marker.group(0).lstrip())
            end_ = item_start + len(marker.group(0).rstrip())
            carried.extend(Found(kind, key, begin, end_, HEADING) for kind, key in lead)
    return carried
