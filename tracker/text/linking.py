"""From text to mentions: which sentences mention which provisions and parties.

The vocabulary (aliases) is data in the database; this module holds only the rules for reading
it: sentence boundaries, and how an alias phrase matches running text. Every offset is a Python
string index into the text given, so a span can be stored as an Excerpt as it is.
"""

import bisect
import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from tracker.text.numbers import number_forms, number_value
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


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _quotation_ranges(line):
    """(open, close) index pairs of the double quotations in a line: “…” and "…"."""
    ranges = []
    curly_open = None
    straight_open = None
    for i, ch in enumerate(line):
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


def _ends_sentence(line, stop, following):
    """Whether the terminal punctuation ending at line[:stop] closes a sentence, given the
    first character of what follows (after any opening quotes)."""
    if not (following.isupper() or following.isdigit()):
        return False
    head = line[:stop].rstrip(CLOSING_QUOTES + ")]")
    if not head.endswith("."):
        return True
    word = re.search(r"(\S+)\.$", head)
    if not word:
        return True
    token = word.group(1).lstrip(OPENING_QUOTES + "([")
    if token.lower() in ABBREVIATIONS:
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token):
        # Initials or a dotted abbreviation: U.N., U.S., J. (as in Donald J. Trump).
        next_word = re.match(r"\w+", line[stop:].lstrip().lstrip(OPENING_QUOTES))
        return bool(next_word) and next_word.group(0).lower() in SENTENCE_OPENERS
    return True


def split_sentences(text):
    """Sentence spans of `text`, trimmed of surrounding white space.

    Each line is at least one sentence of its own (headlines and captions have no full stop).
    Within a line, a sentence ends at . ! ? or … (with any closing quotes) before a capital or
    digit, except after an abbreviation or initials, and never inside a quotation.
    """
    spans = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, offset = line_match.group(0), line_match.start()
        quotations = _quotation_ranges(line)
        cuts = []
        for terminal in _TERMINAL.finditer(line):
            stop = terminal.end()
            if any(open_ < stop - 1 < close for open_, close in quotations):
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

_SEPARATOR = r"(?:\s*[-‐‑–]\s*|\s+)"
# "send ... troops": up to four other words between, within one clause.
GAP_TOKENS = frozenset({"...", "…"})
_GAP = _SEPARATOR + r"(?:[^\s.;:!?]+\s+){0,4}"
_APOSTROPHES = "'’ʼ‘"
# Plural and possessive endings: borders, crossings, Turkey's, Turkey’s, states'.
_INFLECTION = r"(?:e?s)?(?:[" + _APOSTROPHES + r"]s?)?"


def fold(text, lower=True):
    """Accents off (Türkiye -> Turkiye) and, optionally, lower case; same length as `text`,
    so offsets into the folded text are offsets into the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        if lower:
            low = base.lower()
            base = low if len(low) == 1 else base
        out.append(base)
    return "".join(out)


def _number_alternatives(token):
    value = number_value(token)
    return None if value is None else number_forms(value)


def _token_pattern(token, lower):
    alternatives = _number_alternatives(token)
    parts = [fold(alt, lower) for alt in alternatives] if alternatives else [fold(token, lower)]
    apostrophe = "[" + _APOSTROPHES + "]"
    escaped = [
        "".join(apostrophe if ch in _APOSTROPHES else re.escape(ch) for ch in part)
        for part in parts
    ]
    return escaped[0] if len(escaped) == 1 else "(?:" + "|".join(escaped) + ")"


def is_acronym(phrase):
    """Written in capitals only (US, U.S., ISF, E10): matched in capitals only, so that the
    alias US never matches the word "us"."""
    letters = [ch for ch in phrase if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


@dataclass(frozen=True)
class CompiledAlias:
    pattern: re.Pattern
    lower: bool  # matched against lower-cased text
    first_words: frozenset  # the words a match can begin with...
    first_prefix: str  # ...or, for a one-word alias ending in *, the start of that word


def alias_pattern(phrase):
    """A compiled pattern for an alias phrase, and whether it is matched on lower-cased text."""
    compiled = compile_alias(phrase)
    return compiled.pattern, compiled.lower


@functools.lru_cache(maxsize=8192)
def compile_alias(phrase):
    phrase = " ".join(phrase.split())
    prefix = phrase.endswith("*")
    phrase = phrase.rstrip("*").strip()
    lower = not is_acronym(phrase)
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
    pattern = re.compile(r"(?<!\w)" + body + ending + r"(?!\w)")

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
    return CompiledAlias(pattern, lower, frozenset(heads), first_prefix)


class _WordIndex:
    """Where each word of a text starts, so an alias is tried only where its first word is."""

    def __init__(self, folded):
        self.folded = folded
        self.starts = defaultdict(list)
        for match in re.finditer(r"\w+", folded):
            self.starts[match.group(0)].append(match.start())

    def candidates(self, alias):
        if alias.first_prefix:
            words = [w for w in self.starts if w.startswith(alias.first_prefix)]
        elif alias.first_words:
            words = alias.first_words
        else:
            return None
        return sorted(start for word in words for start in self.starts.get(word, ()))


@dataclass(frozen=True)
class Mention:
    kind: str  # "provision" or "party"
    key: str  # provision slug or party code
    start: int
    end: int


@dataclass
class SentenceLinks:
    start: int
    end: int
    text: str
    mentions: list = field(default_factory=list)

    def keys(self, kind):
        """Keys of one kind mentioned, in order of first mention."""
        return list(dict.fromkeys(m.key for m in self.mentions if m.kind == kind))

    @property
    def provisions(self):
        return self.keys("provision")

    @property
    def parties(self):
        return self.keys("party")


_built = {}  # the records' token -> the Linker built from their aliases


class Linker:
    """Finds mentions of provisions and parties from their aliases.

    vocabulary: {"provision": {slug: [phrases]}, "party": {code: [phrases]}}.
    """

    def __init__(self, vocabulary):
        if not isinstance(vocabulary, Vocabulary):
            vocabulary = Vocabulary.from_mapping(vocabulary)
        self._aliases = [
            (kind, key, compile_alias(phrase))
            for kind, entries in vocabulary.names.items()
            for key, phrases in entries.items()
            for phrase in phrases
        ]

    @classmethod
    def from_database(cls):
        from tracker.models import PartyAlias, ProvisionAlias

        vocabulary = {"provision": defaultdict(list), "party": defaultdict(list)}
        for slug, phrase in ProvisionAlias.objects.values_list("provision__slug", "phrase"):
            vocabulary["provision"][slug].append(phrase)
        for code, phrase in PartyAlias.objects.values_list("party__code", "phrase"):
            vocabulary["party"][code].append(phrase)
        return cls(vocabulary)

    @classmethod
    def current(cls):
        """The linker for the aliases as they are, built once per change to the records (their
        token, tracker/freshness.py) rather than on every page that marks mentions."""
        from tracker.freshness import current_stamp

        token = current_stamp()
        linker = _built.get(token)
        if linker is None:
            _built.clear()
            linker = _built[token] = cls.from_database()
        return linker

    def mentions(self, text):
        """Every alias match in `text`, by position; overlapping matches of one key are merged
        into the longest."""
        indexes = {lower: _WordIndex(fold(text, lower=lower)) for lower in (True, False)}
        found = []
        for kind, key, alias in self._aliases:
            index = indexes[alias.lower]
            starts = index.candidates(alias)
            if starts is None:
                matches = alias.pattern.finditer(index.folded)
            else:
                matches = filter(None, (alias.pattern.match(index.folded, at) for at in starts))
            found.extend(Mention(kind, key, m.start(), m.end()) for m in matches)
        found.sort(key=lambda m: (m.start, -m.end))
        kept, reach = [], {}
        for mention in found:
            identity = (mention.kind, mention.key)
            if reach.get(identity, -1) >= mention.end:
                continue  # inside a longer match of the same thing
            kept.append(mention)
            reach[identity] = max(reach.get(identity, -1), mention.end)
        return kept

    def link(self, text):
        """The sentences of `text` that mention a provision or a party, with their mentions."""
        sentences = [
            SentenceLinks(s.start, s.end, text[s.start : s.end]) for s in split_sentences(text)
        ]
        starts = [s.start for s in sentences]
        for mention in self.mentions(text):
            index = bisect.bisect_right(starts, mention.start) - 1
            if index >= 0 and mention.end <= sentences[index].end:
                sentences[index].mentions.append(mention)
        return [s for s in sentences if s.mentions]
