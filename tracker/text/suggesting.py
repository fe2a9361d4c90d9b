"""Suggested positions: excerpts that mention a party and a provision in stance-signalling words.

A suggestion is only a prompt for an editor, who confirms it (recording a position with the
evidence and a stance they chose) or dismisses it. Nothing here is ever published by itself.

The cues are data: a phrase, matched case-insensitively as whole words (any run of spaces
between its words), and the stance it most often signals, which the position form starts from.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from tracker.models import Excerpt, Party, Position, Provision, Stance
from tracker.text.linking import How, Linker, fold

CUES = {
    # Against
    "objected": Stance.OPPOSES,
    "objects": Stance.OPPOSES,
    "rejected": Stance.OPPOSES,
    "rejects": Stance.OPPOSES,
    "opposes": Stance.OPPOSES,
    "opposed": Stance.OPPOSES,
    "will not tolerate": Stance.OPPOSES,
    "would not tolerate": Stance.OPPOSES,
    "refuses": Stance.OPPOSES,
    "refused": Stance.OPPOSES,
    "red line": Stance.OPPOSES,
    # For
    "ready to": Stance.SUPPORTS,
    "welcomed": Stance.SUPPORTS,
    "welcomes": Stance.SUPPORTS,
    "supports": Stance.SUPPORTS,
    "supported": Stance.SUPPORTS,
    "backs": Stance.SUPPORTS,
    "backed": Stance.SUPPORTS,
    "endorsed": Stance.SUPPORTS,
    "willing to": Stance.SUPPORTS,
    "support for": Stance.SUPPORTS,
    # On conditions
    "only if": Stance.CONDITIONAL,
    "insists": Stance.CONDITIONAL,
    "insisted": Stance.CONDITIONAL,
    "conditional on": Stance.CONDITIONAL,
    "provided that": Stance.CONDITIONAL,
    "as long as": Stance.CONDITIONAL,
    # Wanting the text changed
    "calls for": Stance.SEEKS_AMENDMENT,
    "called for": Stance.SEEKS_AMENDMENT,
    "demands": Stance.SEEKS_AMENDMENT,
    "demanded": Stance.SEEKS_AMENDMENT,
    "wants": Stance.SEEKS_AMENDMENT,
    "wanted": Stance.SEEKS_AMENDMENT,
    # Neither yet
    "undecided": Stance.UNDECIDED,
    "reviewing": Stance.UNDECIDED,
    "has not decided": Stance.UNDECIDED,
}


def _cue_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so "will not tolerate" wins over a shorter cue inside it.
    alternatives = sorted(phrases, key=len, reverse=True)
    words = (r"\s+".join(map(re.escape, phrase.split())) for phrase in alternatives)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


CUE_PATTERN = _cue_pattern(CUES)


@dataclass(frozen=True)
class Cue:
    phrase: str
    stance: str
    start: int
    end: int


# A cue whose clause denies it in the words just before: "has not backed", "no firm support
# for", "never welcomed", "refused to back". Such words say what a party does not do, which is
# no stance the cue could suggest.
_NEGATED = re.compile(
    r"(?:(?<!\w)(?:not|no|never|nor|neither|without|hardly|cannot)|n[’']t|(?<!\w)(?:refus|declin)"
    r"\w*\s+to|(?<!\w)(?:reluctant|unwilling)\s+to)(?:\W+\w+){0,2}\W*$",
    re.IGNORECASE,
)
# "backed out", "X-backed militias": words, not a stance.
_NOT_A_STANCE_AFTER = re.compile(r"\s+(?:out|away|down)\b", re.IGNORECASE)


def negated(text: str, start: int) -> bool:
    """Whether the clause before text[start] denies what follows ("will not", "no firm")."""
    clause = re.split(r"[,;:.!?()—–]", text[max(0, start - 60) : start])[-1]
    return bool(_NEGATED.search(clause))


def find_cues(text: str) -> list[Cue]:
    """The stance cues in `text`, by position; not those denied in the words before them
    ("did not welcome", "no firm support for"), a compound ("US-backed") or a phrasal verb
    ("backed out")."""
    found = []
    for m in CUE_PATTERN.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "-":
            continue
        if _NOT_A_STANCE_AFTER.match(text, m.end()) or negated(text, m.start()):
            continue
        phrase = " ".join(m.group(0).lower().split())
        found.append(Cue(phrase=phrase, stance=CUES[phrase], start=m.start(), end=m.end()))
    return found


# Who the stance words are about: the party that speaks, or the subject of the words.
_SPEECH_AFTER = re.compile(
    r"(?:[’']s?)?(?:\s+\w+){0,2}?\s*,?\s*(?:has\s+|have\s+)?(?:said|says|told|stated|added|noted|"
    r"argued|warned|insisted|announced|wrote|declared|stressed|confirmed)\b",
    re.IGNORECASE,
)
_SPEECH_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|stated|added|noted)\s+(?:the\s+)?|\baccording\s+to\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:to|with|of|for|against|from|on|in|into|about|over|at|toward|towards|than|like|"
    r"including|by|between|among|amid|under|via|whom)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_AGENT_AFTER = re.compile(r"\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    """Where a party is named in a text: (code, start, end)."""

    code: str
    start: int
    end: int


def credited(text: str, cue: Cue, named: list[Named]) -> set[str]:
    """The parties `cue` is about, among those `named` in `text` (one sentence, as a rule):

    - after the cue, the agent of a passive ("supported by Egypt");
    - else the subject: the nearest party named before the cue that is not the object of a
      preposition ("Israel objected to Turkey's role": Israel; "Israel said Turkey objected":
      Turkey), with the parties joined to it ("Russia and China objected": both);
    - else the party speaking ("“We object,” Israel said", "according to Hamas, …").

    A party named only after the cue, or only as an object, is not credited."""
    named = sorted(named, key=lambda n: n.start)
    # A name in a compound ("U.S.-brokered", "Israel-backed") describes something else.
    named = [n for n in named if not text.startswith("-", n.end)]
    for n in named:
        if n.start >= cue.end and _AGENT_AFTER.fullmatch(text[cue.end : n.start] + " "):
            return _with_joined(text, n, named)
    speakers = [
        n
        for n in named
        if _SPEECH_AFTER.match(text, n.end) or _SPEECH_BEFORE.search(text[: n.start])
    ]
    before = [n for n in named if n.end <= cue.start and _may_be_subject(text, n, named)]
    if before:
        return _with_joined(text, before[-1], named)
    if speakers:
        return _with_joined(text, speakers[0], named)
    return set()


def _may_be_subject(text: str, party: Named, named: list[Named]) -> bool:
    """Not the object of a preposition, nor in a list that is ("from Qatar, Turkey or Iran")."""
    first = party
    index = named.index(party)
    while index > 0 and _JOINED.fullmatch(text[named[index - 1].end : named[index].start]):
        index -= 1
        first = named[index]
    return not _PREPOSITION_BEFORE.search(text[max(0, first.start - 40) : first.start])


def _with_joined(text: str, party: Named, named: list[Named]) -> set[str]:
    """`party` and those named next to it joined by "and", "or" or a comma."""
    codes = {party.code}
    index = named.index(party)
    for step in (-1, 1):
        at = index
        while 0 <= at + step < len(named):
            left, right = (
                (named[at + step], named[at]) if step < 0 else (named[at], named[at + step])
            )
            if not _JOINED.fullmatch(text[left.end : right.start]):
                break
            at += step
            codes.add(named[at].code)
    return codes


@dataclass
class Suggestion:
    excerpt: Excerpt
    party: Party
    provision: Provision
    cues: list = field(default_factory=list)

    @property
    def stance(self) -> str:
        """The stance of the first cue: where the form starts; the editor decides."""
        return self.cues[0].stance

    @property
    def key(self) -> str:
        return dismissal_key(self.excerpt.pk, self.party.code, self.provision.slug)


def dismissal_key(excerpt_id: int, party_code: str, provision_slug: str) -> str:
    return f"{excerpt_id}:{party_code}:{provision_slug}"


def named_in(text: str, parties: Iterable[Party]) -> list[Named]:
    """Where each of `parties` is named in `text`: by the linker (aliases, and people who speak
    for a party), or by its name."""
    codes = {party.code: party for party in parties}
    found = [
        Named(m.key, m.start, m.end)
        for m in Linker.current().mentions(text)
        if m.kind == "party" and m.key in codes and m.how != How.CONTEXT
    ]
    folded = fold(text)
    for code, party in codes.items():
        if any(n.code == code for n in found) or not party.name:
            continue
        pattern = r"(?<!\w)" + re.escape(fold(party.name)) + r"(?!\w)"
        found.extend(Named(code, m.start(), m.end()) for m in re.finditer(pattern, folded))
    return found


def suggestions(dismissed: Collection[str] = frozenset()) -> list[Suggestion]:
    """Every (excerpt, party, provision) where the excerpt mentions both, has a stance cue
    about that party (credited(): the speaker or the subject, not any party in the sentence),
    and no position (retracted ones aside) cites it for that pair yet; `dismissed` holds the
    keys editors set aside. At most one per party and provision in an excerpt (a sentence, as
    a rule), with every cue about that party. In source order, then by excerpt position."""
    excerpts = (
        Excerpt.objects.of_standing_sources()
        .filter(parties__isnull=False, provisions__isnull=False)
        .distinct()
        .select_related("source")
        .prefetch_related("parties", "provisions")
        .order_by("source_id", "start")
    )
    cited = set(Position.objects.standing().values_list("excerpt_id", "party_id", "provision_id"))
    found = []
    for excerpt in excerpts:
        cues = find_cues(excerpt.exact)
        if not cues:
            continue
        parties = list(excerpt.parties.all())
        named = named_in(excerpt.exact, parties)
        # A party linked only by a reference back ("It said…", "he added") is the one the
        # sentence is about when it names no party in its words.
        unnamed = {p.code for p in parties} - {n.code for n in named}
        about: dict[str, list[Cue]] = {}
        for cue in cues:
            codes = credited(excerpt.exact, cue, named) or (unnamed if not named else set())
            for code in codes:
                about.setdefault(code, []).append(cue)
        for party in parties:
            if party.code not in about:
                continue
            for provision in excerpt.provisions.all():
                if (excerpt.pk, party.pk, provision.pk) in cited:
                    continue
                suggestion = Suggestion(excerpt, party, provision, about[party.code])
                if suggestion.key not in dismissed:
                    found.append(suggestion)
    return found
