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


def find_cues(text: str) -> list[Cue]:
    """The stance cues in `text`, by position."""
    return [
        Cue(
            phrase=" ".join(m.group(0).lower().split()),
            stance=CUES[" ".join(m.group(0).lower().split())],
            start=m.start(),
            end=m.end(),
        )
        for m in CUE_PATTERN.finditer(text)
    ]


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


def suggestions(dismissed: Collection[str] = frozenset()) -> list[Suggestion]:
    """Every (excerpt, party, provision) where the excerpt mentions both, has a stance cue, and
    no position (retracted ones aside) cites it for that pair yet; `dismissed` holds the keys
    editors set aside. In source order, then by excerpt position."""
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
        for party in excerpt.parties.all():
            for provision in excerpt.provisions.all():
                if (excerpt.pk, party.pk, provision.pk) in cited:
                    continue
                suggestion = Suggestion(excerpt, party, provision, cues)
                if suggestion.key not in dismissed:
                    found.append(suggestion)
    return found
