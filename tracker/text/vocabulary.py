"""The linker's vocabulary: the phrases by which writers refer to provisions and parties, the
phrases that refer back to one the text has named, the names of the people who speak for
parties, and the phrases that block a match. Read from the database (what the app uses) or from
the seed files (what the yardstick in bench/linkeval uses without a database): the same data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Phrases = dict[str, list[str]]  # key (provision slug or party code) -> phrases
KINDS = ("provision", "party")


def _phrases() -> dict[str, Phrases]:
    return {kind: defaultdict(list) for kind in KINDS}


@dataclass
class Vocabulary:
    """names: what names a provision or party anywhere ("Board of Peace", "Moscow");
    refers_back: what refers to one only after the text has named it ("the force");
    speakers: {party code: names of people who speak for it} ("Nebenzia", "Fu Cong");
    exclusions: what blocks a match of that provision or party ("British Mandate")."""

    names: dict[str, Phrases] = field(default_factory=_phrases)
    refers_back: dict[str, Phrases] = field(default_factory=_phrases)
    speakers: Phrases = field(default_factory=lambda: defaultdict(list))
    exclusions: dict[str, Phrases] = field(default_factory=_phrases)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Vocabulary:
        """The simple form, {"provision": {slug: [phrases]}, "party": {code: [phrases]}}."""
        vocabulary = cls()
        for kind in KINDS:
            for key, phrases in (mapping.get(kind) or {}).items():
                vocabulary.names[kind][key].extend(str(p) for p in phrases)
        return vocabulary

    @classmethod
    def from_seeds(cls, seeds_dir: Path | str) -> Vocabulary:
        """What `load_seeds` would put in an empty database, read from the files."""
        seeds_dir = Path(seeds_dir)
        vocabulary = cls()
        catalogue = _read(seeds_dir / "catalogue.yaml")
        for kind, entries, id_field in (
            ("provision", catalogue.get("provisions") or [], "slug"),
            ("party", catalogue.get("parties") or [], "code"),
        ):
            for entry in entries:
                key = entry[id_field]
                vocabulary.names[kind][key].extend(str(p) for p in entry.get("aliases") or [])
                vocabulary.refers_back[kind][key].extend(
                    str(p) for p in entry.get("refers_back") or []
                )
                vocabulary.exclusions[kind][key].extend(
                    str(p) for p in entry.get("exclusions") or []
                )
        people_path = seeds_dir / "people.yaml"
        if people_path.exists():
            for person in _read(people_path).get("people") or []:
                names = [str(person["name"]), *(str(n) for n in person.get("other_names") or [])]
                for membership in person.get("memberships") or []:
                    vocabulary.speakers[membership["party"]].extend(names)
        return vocabulary


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}
