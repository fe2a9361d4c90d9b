"""From text to mentions: which sentences mention which provisions and parties.

The vocabulary (aliases, exclusions, people's names: tracker/text/vocabulary.py) is data in the
database; this module holds the rules for reading it: sentence boundaries, and how a phrase
matches running text. References back ("the force", "he said") are read in context.py, places
that are only places in venues.py. Every offset is a Python string index into the text given, so
a span can be stored as an Excerpt as it is.
"""

import bisect
import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, field

from tracker.text.context import CONTEXT, HEADING, Found, Person, references
from tracker.text.cues import CUES, Cues
from tracker.text.numbers import number_forms, number_value
from tracker.text.venues import is_venue
from tracker.text.vocabulary import Vocabulary

# Abbreviations after which a full stop does not end a sentence (compared in lower case).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "sen",
        "rep",
        "gov",
        "amb",
        "pres",
        "sec",
        "dept",
        "st",
        "jr",
        "sr",
        "no",
        "nos",
        "vol",
        "art",
        "para",
        "ch",
        "fig",
        "approx",
        "est",
        "etc",
        "vs",
        "cf",
        "al",
        "inc",
        "corp",
        "ltd",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# After a dotted abbreviation such as "U.S." a sentence usually goes on ("the U.S. Security
# Council"); it has ended when one of these words follows.
SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "there",
        "but",
        "however",
        "and",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "meanwhile",
        "still",
        "earlier",
        "later",
        "according",
        "under",
        "since",
        "while",
    ]
)
OPENING_QUOTES = "\"“‘'«"
CLOSING_QUOTES = "\"”’'»"

_TERMINAL = re.compile(r"(?:[.!?]+|…)[" + re.escape(CLOSING_QUOTES) + r")\]]*(?=\s)")
_SENTENCE_START = re.compile(r"\s+([" + re.escape(OPENING_QUOTES) + r"(\[]*)(\S)")
_CLOSING = frozenset(CLOSING_QUOTES + ")]")
_NEXT_WORD = re.compile(r"\s*[" + re.escape(OPENING_QUOTES) + r"]*(\w+)")
_DOUBLE_QUOTE = re.compile('[“”"]')


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _quotation_ranges(line: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of the double quotations in a line: “…” and "…"."""
    ranges = []
    curly_open = None
    straight_open = None
    for mark in _DOUBLE_QUOTE.finditer(line):
        i, ch = mark.start(), mark.group()
        if ch == "“":
            curly_open = i
        elif ch == "”" and curly_open is not None:
            ranges.append((curly_open, i))
            curly_open = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                ranges.append((straight_open, i))
                straight_open = None
    return ranges


class _Quoted:
    """Whether an index of a line lies inside one of its quotations, in log time (a line can
    be a whole article, with thousands of them)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self.opens = [open_ for open_, _ in ranges]
        self.reach = list(itertools.accumulate((close for _, close in ranges), max))

    def __contains__(self, index: int) -> bool:
        before = bisect.bisect_left(self.opens, index)  # the quotations opened before it
        return before > 0 and self.reach[before - 1] > index


def _ends_sentence(line: str, stop: int, following: str) -> bool:
    """Whether the terminal punctuation ending at line[:stop] closes a sentence, given the
    first character of what follows (after any opening quotes). Reads only the word before and
    the word after, however long the line."""
    if not (following.isupper() or following.isdigit()):
        return False
    end = stop  # line[:end] is line[:stop] without closing quotes and brackets
    while end > 0 and line[end - 1] in _CLOSING:
        end -= 1
    if end == 0 or line[end - 1] != ".":
        return True
    begin = end - 1  # the word before the full stop: line[begin : end - 1]
    while begin > 0 and not line[begin - 1].isspace():
        begin -= 1
    if begin == end - 1:
        return True
    token = line[begin : end - 1].lstrip(OPENING_QUOTES + "([")
    if token.lower() in ABBREVIATIONS:
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token):
        # Initials or a dotted abbreviation: U.N., U.S., J. (as in Donald J. Trump).
        next_word = _NEXT_WORD.match(line, stop)
        return next_word is not None and next_word.group(1).lower() in SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`, trimmed of surrounding white space.

    Each line is at least one sentence of its own (headlines and captions have no full stop).
    Within a line, a sentence ends at . ! ? or … (with any closing quotes) before a capital or
    digit, except after an abbreviation or initials, and never inside a quotation.
    """
    spans = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, offset = line_match.group(0), line_match.start()
        quoted = _Quoted(_quotation_ranges(line))
        cuts = []
        for terminal in _TERMINAL.finditer(line):
            stop = terminal.end()
            if stop - 1 in quoted:
                continue
            nxt = _SENTENCE_START.match(line, stop)
            if nxt and _ends_sentence(line, stop, nxt.group(2)):
                cuts.append(stop)
        begin = 0
        for stop in [*cuts, len(line)]:
            piece = line[begin:stop]
            stripped = piece.strip()
            if re.search(r"\w", stripped):
                lead = len(piece) - len(piece.lstrip())
                start = offset + begin + lead
                spans.append(Span(start, start + len(stripped)))
            begin = stop
    return spans


# --- Alias matching ---------------------------------------------------------------------------

# Between words: a hyphen or space, and a word a writer put in brackets or quotation marks
# ("further action by the (Security) Council", "the [UN] Security Council", "a mandate for a
# “board of peace”") is still a word of the phrase.
_WORD_RE = re.compile(r"\w+")
_SEPARATOR = r"(?:\s*[-‐‑–]\s*|[)\]”\"]?\s+[(\[“\"]?)"
# "send ... troops": up to four other words between, within one clause (an abbreviation such
# as "U.N." is a word, its dots no full stop).
GAP_TOKENS = frozenset({"...", "…"})
_GAP = _SEPARATOR + r"(?:(?:[^\s.;:!?]+|(?:[^\W\d_]\.){2,})\s+){0,4}"
_APOSTROPHES = "'’ʼ‘"
# Plural and possessive endings: borders, crossings, Turkey's, Turkey’s, states'.
_INFLECTION = r"(?:e?s)?(?:[" + _APOSTROPHES + r"]s?)?"


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str, lower: bool) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    if lower:
        low = base.lower()
        base = low if len(low) == 1 else base
    return base


def fold(text: str, lower: bool = True) -> str:
    """Accents off (Türkiye -> Turkiye) and, optionally, lower case; same length as `text`,
    so offsets into the folded text are offsets into the original."""
    if text.isascii():
        return text.lower() if lower else text
    # Each distinct character folded once (a long article has a few hundred), then one pass.
    table = {}
    for ch in set(text):
        folded = _fold_char(ch, lower)
        if folded != ch:
            table[ord(ch)] = folded
    return text.translate(table)


def _number_alternatives(token: str) -> list[str] | None:
    value = number_value(token)
    return None if value is None else number_forms(value)


def _token_pattern(token: str, lower: bool) -> str:
    alternatives = _number_alternatives(token)
    parts = [fold(alt, lower) for alt in alternatives] if alternatives else [fold(token, lower)]
    apostrophe = "[" + _APOSTROPHES + "]"
    escaped = [
        "".join(apostrophe if ch in _APOSTROPHES else re.escape(ch) for ch in part)
        for part in parts
    ]
    return escaped[0] if len(escaped) == 1 else "(?:" + "|".join(escaped) + ")"


def is_acronym(phrase: str) -> bool:
    """Written in capitals only (US, U.S., ISF, E10): matched in capitals only, so that the
    alias US never matches the word "us"."""
    letters = [ch for ch in phrase if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class CompiledAlias:
    pattern: re.Pattern[str]
    lower: bool  # matched against lower-cased text
    first_words: frozenset[str]  # the words a match can begin with...
    first_prefix: str  # ...or, for a one-word alias ending in *, the start of that word
    # ...and, when known, the words that can come second ("the" + "force"): a match is then
    # tried only where such a pair stands, not at every "the".
    second_words: frozenset[str] = frozenset()


def alias_pattern(phrase: str) -> tuple[re.Pattern[str], bool]:
    """A compiled pattern for an alias phrase, and whether it is matched on lower-cased text."""
    compiled = compile_alias(phrase)
    return compiled.pattern, compiled.lower


@functools.lru_cache(maxsize=8192)
def compile_alias(phrase: str, case_sensitive: bool = False) -> "CompiledAlias":
    """The pattern for an alias phrase. `case_sensitive` (people's names: "Fu", "Bio") matches
    the capitals as written; otherwise only a phrase in capitals (US, ISF) is matched so."""
    phrase = " ".join(phrase.split())
    prefix = phrase.endswith("*")
    phrase = phrase.rstrip("*").strip()
    lower = not (case_sensitive or is_acronym(phrase))
    tokens = [t for t in re.split(r"\s*[-‐‑–]\s*|\s+", phrase) if t]
    if not tokens:
        raise ValueError("An alias needs at least one word.")
    if tokens[0] in GAP_TOKENS or tokens[-1] in GAP_TOKENS:
        raise ValueError("An alias cannot begin or end with “...”.")
    body, gap = "", False
    for token in tokens:
        if token in GAP_TOKENS:
            gap = True
            continue
        if body:
            body += _GAP if gap else _SEPARATOR
        body += _token_pattern(token, lower)
        gap = False
    ending = r"\w*" if prefix else _INFLECTION
    # Whole words: no letter or digit may touch a word at either end ("US$" may, after the $).
    before = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    after = ending + r"(?!\w)" if prefix or re.search(r"\w$", phrase) else ""
    pattern = re.compile(before + body + after)

    first = tokens[0]
    forms = [fold(alt, lower) for alt in (_number_alternatives(first) or [first])]
    heads = {m.group(0) for form in forms if (m := re.match(r"\w+", form))}
    first_prefix = ""
    if len(tokens) == 1 and prefix:
        first_prefix, heads = next(iter(heads), ""), set()
    elif len(tokens) == 1 and all(re.fullmatch(r"\w+", form) for form in forms):
        heads |= {head + ending for head in heads for ending in ("s", "es")}
    if len(heads) != len(forms) and not first_prefix and len(tokens) > 1:
        heads = set()  # a first word that is not a plain word: try everywhere
    return CompiledAlias(
        pattern, lower, frozenset(heads), first_prefix, _second_words(tokens, forms, lower, prefix)
    )


def _second_words(tokens: list[str], forms: list[str], lower: bool, prefix: bool) -> frozenset[str]:
    """The words that can stand second in a match of an alias of plain words ("the force":
    force, forces), or none when that is not known (a gap, a number, a final "*", "U.N.")."""
    if len(tokens) < 2 or tokens[1] in GAP_TOKENS or _number_alternatives(tokens[1]):
        return frozenset()
    if not all(re.fullmatch(r"\w+", form) for form in forms):
        return frozenset()
    second = fold(tokens[1], lower)
    if not re.fullmatch(r"\w+", second):
        return frozenset()
    if len(tokens) > 2:
        return frozenset({second})
    return frozenset() if prefix else frozenset({second, second + "s", second + "es"})


class _WordIndex:
    """Where each word of a text starts, so an alias is tried only where its first word is (and,
    when the alias says, its second word next)."""

    def __init__(self, folded: str):
        self.folded = folded
        self.words: list[str] = _WORD_RE.findall(folded)
        self.positions = [match.start() for match in _WORD_RE.finditer(folded)]
        self.at: defaultdict[str, list[int]] = defaultdict(list)  # word -> its word numbers
        for number, word in enumerate(self.words):
            self.at[word].append(number)

    @functools.cached_property
    def starts(self) -> dict[str, list[int]]:
        """Where each word starts, by the word."""
        positions = self.positions
        return {word: [positions[n] for n in numbers] for word, numbers in self.at.items()}

    def candidates(self, alias: CompiledAlias) -> list[int] | None:
        at = self.at
        if alias.first_prefix:
            firsts: Iterable[str] = [w for w in at if w.startswith(alias.first_prefix)]
        elif alias.first_words:
            firsts = alias.first_words
        else:
            return None
        found = [at[first] for first in firsts if first in at]
        if not found:
            return []
        # Word numbers in order: one word's are already; several words' are merged.
        numbers = found[0] if len(found) == 1 else sorted(itertools.chain.from_iterable(found))
        positions = self.positions
        if alias.second_words:
            words, last, seconds = self.words, len(self.words) - 1, alias.second_words
            return [positions[n] for n in numbers if n < last and words[n + 1] in seconds]
        return [positions[n] for n in numbers]


class How:
    """How a mention was found."""

    NAME = "name"  # an alias
    SPEAKER = "speaker"  # the name of a person who speaks for the party
    CONTEXT = CONTEXT  # a reference back to what the text named earlier ("the force")
    HEADING = HEADING  # a list item under a lead-in ending with ":"
    CUE = "cue"  # words of two kinds close together that describe a provision (cues.py)


@dataclass(frozen=True)
class Mention:
    kind: str  # "provision" or "party"
    key: str  # provision slug or party code
    start: int
    end: int
    how: str = How.NAME


@dataclass
class SentenceLinks:
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)

    def keys(self, kind: str) -> list[str]:
        """Keys of one kind mentioned, in order of first mention."""
        return list(dict.fromkeys(m.key for m in self.mentions if m.kind == kind))

    @property
    def provisions(self) -> list[str]:
        return self.keys("provision")

    @property
    def parties(self) -> list[str]:
        return self.keys("party")


_built: dict[str, "Linker"] = {}  # the records' token -> the Linker built from their aliases

# The nouns of a reference back to a body that can act, and be called "It" ("the force").
_BODY = re.compile(
    r"(?<!\w)(?:force|mission|operation|board|body|council|authority|entity|entities)(?!\w)",
    re.IGNORECASE,
)

# What a compiled phrase does (see Vocabulary).
_NAMES, _REFERS, _EXCLUDES, _PERSON = "names", "refers", "excludes", "person"


def _longest(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions by position; one lying inside a longer one of the same key is dropped."""
    kept: list[Mention] = []
    reach: dict[tuple[str, str], int] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        identity = (mention.kind, mention.key)
        if reach.get(identity, -1) >= mention.end:
            continue
        kept.append(mention)
        reach[identity] = max(reach.get(identity, -1), mention.end)
    return kept


def _inside_cue(found: Found, cued: list[Mention]) -> bool:
    return any(c.key == found.key and c.start <= found.start and found.end <= c.end for c in cued)


def _unmentioned(
    cued: list[Mention], mentions: list[Mention], sentences: list[tuple[int, int]]
) -> list[Mention]:
    """The cued mentions of provisions their sentence does not mention otherwise."""
    starts = [start for start, _ in sentences]
    mentioned = {
        (bisect.bisect_right(starts, m.start) - 1, m.key) for m in mentions if m.kind == "provision"
    }
    return [m for m in cued if (bisect.bisect_right(starts, m.start) - 1, m.key) not in mentioned]


# Nouns that name several things a text names ("the Security Council", "the Peace Council";
# "the Palestinian Authority", "the transitional authority"): "the council" refers back to
# whichever the text last called a council; "the Council", capitalised, is the Security
# Council's own short name (and "the Authority" the Palestinian Authority's).
_SHARED_HEADS = frozenset({"council", "authority"})
_BOARD = "board-of-peace"
_LAST_WORD = re.compile(r"(\w+?)(?:['’]s?|s)?\W*$")


def _head_named(
    text: str,
    kind: str,
    key: str,
    start: int,
    end: int,
    named: list[Mention],
    words: Mapping[str, list[int]] | None,
) -> bool:
    """Whether a reference back ending in a shared noun ("the council") has as its last
    earlier use of that noun a name of what it refers to ("the Peace Council", not "the
    Security Council"). Other references back are not held to this."""
    last = _LAST_WORD.search(text, start, end)
    written = last.group(1) if last else ""
    head = written.lower()
    if head not in _SHARED_HEADS:
        return True
    if not written.islower():
        return False  # "the Council", "the Authority": the Security Council's, the PA's names
    if words is None:
        words = {head: [m.start() for m in re.finditer(rf"(?<!\w){head}(?!\w)", fold(text))]}
    before = [at for word in (head, head + "s") for at in words.get(word, ()) if at < start]
    if not before:
        return False
    at = max(before)
    return any(m.kind == kind and m.key == key and m.start <= at < m.end for m in named)


# "the board" in a text that has named no board before it (AP style: "Trump has said he will
# head the board", the headline having named the Board of Peace) is the Board the text is
# about; not "the board of directors" and the like, nor "on board".
_FIRST_BOARD = re.compile(r"\bthe\s+$", re.IGNORECASE)
_BOARD_OF = re.compile(r"['’]?s?\s+of\b", re.IGNORECASE)
_BOARD_WORD = re.compile(r"(?<!\w)boards?(?!\w)", re.IGNORECASE)
# What may stand before "board" that refers back: nothing (a heading's "Board Structure…"),
# a determiner, a preposition or a verb of joining, naming or leading it ("name board
# members", "joined board"); not another board's name ("the bank's executive board", "the
# school board").
_BOARD_DETERMINED = re.compile(
    r"(?:(?:^|\W)(?:the|this|that|its|either|each|a|an|new|proposed|planned|whole|full|same|his"
    r"|their|to|of|on|by|for|with|at|in|from|and|or|under|name|names|named|naming|join|joins"
    r"|joined|joining"
    r"|chair|chairs|chaired|chairing|lead|leads|led|leading|head|heads|headed|heading|appoint"
    r"|appoints|appointed|inaugural)\s+|(?:^|[^\w\s’'])\s*[“\"‘']?)$",
    re.IGNORECASE | re.MULTILINE,
)


def _boards(
    text: str, kind: str, key: str, refers: list[tuple[str, str, int, int]], named: list[Mention]
) -> tuple[list[Mention], set[tuple[int, int]]]:
    """Of the references back to the Board (`kind`, `key`) by the word "board": (those that
    name it, being the text's first board: "the board", not "the board of directors"; those
    that may not refer back, the last board the text named before them being another's)."""
    spans = []  # (start, end, where its "board" starts)
    for k, y, start, end in refers:
        if (k, y) == (kind, key) and (word := _BOARD_WORD.search(text, start, end)):
            spans.append((start, end, word.start()))
    if not spans:
        return [], set()
    boards = [m.start() for m in _BOARD_WORD.finditer(text)]
    first: list[Mention] = []
    barred: set[tuple[int, int]] = set()
    ours = [m for m in named if (m.kind, m.key) == (kind, key)]
    for start, end, at in sorted(spans):
        before = [b for b in boards if b < at]
        if not before:
            if _FIRST_BOARD.search(text, max(0, at - 8), at) and not _BOARD_OF.match(text, at + 5):
                first.append(Mention(kind, key, start, end, How.CONTEXT))
                ours.append(first[-1])
            continue
        last = max(before)
        if not _BOARD_DETERMINED.search(text, max(0, at - 12), at):
            barred.add((start, end))  # another board's name
        elif any(m.start <= last < m.end for m in ours):
            ours.append(Mention(kind, key, start, end, How.CONTEXT))  # a board of the chain
        else:
            barred.add((start, end))
    return first, barred


class Linker:
    """Finds mentions of provisions and parties: by their aliases, by the names of the people
    who speak for parties, and by references back to what the text named (tracker/text/
    context.py); a match inside an exclusion of its provision or party, or a party's name used
    only as a place (tracker/text/venues.py), is not one.

    vocabulary: a Vocabulary, or {"provision": {slug: [phrases]}, "party": {code: [phrases]}}.
    """

    def __init__(self, vocabulary: Vocabulary | Mapping[str, Mapping[str, list[str]]]):
        if not isinstance(vocabulary, Vocabulary):
            vocabulary = Vocabulary.from_mapping(vocabulary)
        self._aliases = [
            (kind, key, compile_alias(phrase))
            for kind, entries in vocabulary.names.items()
            for key, phrases in entries.items()
            for phrase in phrases
        ]
        self._others: list[tuple[str, str, str, CompiledAlias]] = [
            (role, kind, key, compile_alias(phrase))
            for role, table in (
                (_REFERS, vocabulary.refers_back),
                (_EXCLUDES, vocabulary.exclusions),
            )
            for kind, entries in table.items()
            for key, phrases in entries.items()
            for phrase in phrases
        ]
        self._people: list[tuple[str, ...]] = []  # the parties each person speaks for
        for person in vocabulary.people:
            key = str(len(self._people))  # the person's number in self._people
            self._people.append(tuple(person.parties))
            # A one-word name is matched with its capitals ("Fu", not "fu"), or in capitals
            # only, as headlines write it ("TRUMP"); a longer one in any case.
            one_word = [name for name in person.names if " " not in name]
            self._others.extend(
                (_PERSON, "person", key, compile_alias(name, case_sensitive=True))
                for name in [*one_word, *(n.upper() for n in one_word if not n.isupper())]
            )
            self._others.extend(
                (_PERSON, "person", key, compile_alias(name))
                for name in person.names
                if " " in name
            )
        # Concept cues, for the provisions this vocabulary knows (a catalogue may lack some).
        known = {
            key
            for table in (vocabulary.names, vocabulary.refers_back)
            for key in table["provision"]
        }
        self._cues = Cues(cue for cue in CUES if cue.provision in known)
        # What a sentence-opening "It" may stand for: a provision that is a body, one referred
        # back to as "the force" or "the board" (not "the path" or "the Bank"), by words of its
        # own ("the body", shared by the Board and the committee, makes neither one).
        shared = Counter(
            phrase.lower()
            for phrases in vocabulary.refers_back["provision"].values()
            for phrase in set(phrases)
        )
        self._focus = {
            ("provision", key)
            for key, phrases in vocabulary.refers_back["provision"].items()
            if any(_BODY.search(phrase) and shared[phrase.lower()] == 1 for phrase in phrases)
        }

    @classmethod
    def from_database(cls) -> "Linker":
        return cls(Vocabulary.from_database())

    @classmethod
    def current(cls) -> "Linker":
        """The linker for the aliases as they are, built once per change to what it is built
        from (the catalogue, people and what it learned: the SHARED token, tracker/freshness.py)
        rather than on every page that marks mentions."""
        from tracker.freshness import shared_token

        token = shared_token()
        linker = _built.get(token)
        if linker is None:
            _built.clear()
            linker = _built[token] = cls.from_database()
        return linker

    @classmethod
    def forget(cls) -> None:
        """Build the linker afresh on its next use (between tests, say)."""
        _built.clear()

    def _matches(
        self, text: str, indexes: dict[bool, _WordIndex] | None = None
    ) -> Iterator[tuple[str, str, str, int, int]]:
        """(role, kind, key, start, end) of every phrase of the vocabulary found in `text`;
        `indexes` (by lower case or not) keeps the word indexes made of the text."""
        indexes = {} if indexes is None else indexes
        entries = [(_NAMES, kind, key, alias) for kind, key, alias in self._aliases]
        for role, kind, key, alias in entries + self._others:
            index = indexes.get(alias.lower)
            if index is None:
                index = indexes[alias.lower] = _WordIndex(fold(text, lower=alias.lower))
            starts = index.candidates(alias)
            if starts is None:
                matches = alias.pattern.finditer(index.folded)
            else:
                matches = filter(None, (alias.pattern.match(index.folded, at) for at in starts))
            for match in matches:
                yield role, kind, key, match.start(), match.end()

    def read(self, text: str) -> tuple[list[tuple[int, int]], list[Mention]]:
        """(sentence spans, mentions) of `text`: every mention, by position; overlapping
        mentions of one key are merged into the longest."""
        found: defaultdict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
        indexes: dict[bool, _WordIndex] = {}
        sentences = [(s.start, s.end) for s in split_sentences(text)]
        ends = [end for _, end in sentences]
        for role, kind, key, start, end in self._matches(text, indexes):
            # A phrase runs within one sentence: "role ... United Nations" is not a headline's
            # last word and the next line's first ones.
            index = bisect.bisect_left(ends, start + 1)
            if index < len(ends) and end > ends[index]:
                continue
            found[role].append((kind, key, start, end))
        blocked: defaultdict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for kind, key, start, end in found[_EXCLUDES]:
            blocked[(kind, key)].append((start, end))

        def allowed(kind: str, key: str, start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in blocked.get((kind, key), ()))

        named = [
            Mention(kind, key, start, end)
            for kind, key, start, end in found[_NAMES]
            if allowed(kind, key, start, end)
            and not (kind == "party" and is_venue(text, start, end))
        ]
        people: list[Person] = []
        # A name inside a longer one is that person's ("Abbas Araghchi" is not Abbas).
        inner, reach = set(), -1
        for start, end in sorted(
            {(s, e) for *_, s, e in found[_PERSON]}, key=lambda x: (x[0], -x[1])
        ):
            if end <= reach:
                inner.add((start, end))
            reach = max(reach, end)
        for _, number, start, end in found[_PERSON]:
            if (start, end) in inner:
                continue
            parties = tuple(p for p in self._people[int(number)] if allowed("party", p, start, end))
            people.append(Person(start, end, parties))
            named.extend(Mention("party", p, start, end, How.SPEAKER) for p in parties)
        named = _longest(named)
        words = indexes[True].starts if True in indexes else None
        candidates = [r for r in found[_REFERS] if allowed(*r)]
        first, barred = _boards(text, "provision", _BOARD, candidates, named)
        if first:
            named = sorted([*named, *first], key=lambda m: (m.start, -m.end))
        refers = [
            Found(kind, key, start, end, How.CONTEXT)
            for kind, key, start, end in candidates
            if (start, end) not in barred and _head_named(text, kind, key, start, end, named, words)
        ]
        # What the cues describe is named too, for what refers back to it ("a planned
        # peacekeeping operation in Gaza. … such a force"): the cues are read first, over the
        # names, and a cue gives way to a reference back in its sentence afterwards.
        cued = self._cued(indexes, text, sentences, named)
        antecedents = sorted([*named, *cued], key=lambda m: (m.start, -m.end)) if cued else named
        context = references(text, sentences, antecedents, refers, people, self._focus, words)
        if cued:
            # Words a cue read are not their own antecedent ("Pakistan's involvement": the
            # cue, not "involvement" referring back to it).
            context = [f for f in context if not _inside_cue(f, cued)]
        mentions = _longest([*named, *(Mention(*astuple(f)) for f in context)])
        if cued:
            cued = _unmentioned(cued, mentions, sentences)
            mentions = sorted([*mentions, *cued], key=lambda m: (m.start, -m.end))
        return sentences, mentions

    def _cued(
        self,
        indexes: dict[bool, _WordIndex],
        text: str,
        sentences: list[tuple[int, int]],
        mentions: list[Mention],
    ) -> list[Mention]:
        """The provisions described by concept cues (tracker/text/cues.py) in sentences that
        do not already mention them."""
        folded = indexes[True].folded if True in indexes else fold(text)
        starts = [start for start, _ in sentences]
        mentioned: list[set[str]] = [set() for _ in sentences]
        parties = []
        for m in mentions:
            if m.kind == "provision":
                index = bisect.bisect_right(starts, m.start) - 1
                if index >= 0:
                    mentioned[index].add(m.key)
            elif m.how in (How.NAME, How.SPEAKER):
                parties.append((m.key, m.start, m.end))
        return [
            Mention("provision", key, start, end, How.CUE)
            for key, start, end in self._cues.find(folded, sentences, parties, mentioned)
        ]

    def mentions(self, text: str) -> list[Mention]:
        """Every mention in `text`, by position (see `read`)."""
        return self.read(text)[1]

    def link(self, text: str) -> list[SentenceLinks]:
        """The sentences of `text` that mention a provision or a party, with their mentions."""
        spans, mentions = self.read(text)
        sentences = [SentenceLinks(start, end, text[start:end]) for start, end in spans]
        starts = [s.start for s in sentences]
        for mention in mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.end <= sentences[index].end:
                sentences[index].mentions.append(mention)
        return [s for s in sentences if s.mentions]
