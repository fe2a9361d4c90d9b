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


@dataclass(frozen=True)
class Speaker:
    """A person's names ("Vassily Nebenzia", "Nebenzya") and the parties they speak for (none
    for someone the catalogue has no party for, such as the Secretary-General)."""

    names: tuple[str, ...]
    parties: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """names: what names a provision or party anywhere ("Board of Peace", "Moscow");
    refers_back: what refers to one only after the text has named it ("the force");
    exclusions: what blocks a match of that provision or party ("British Mandate");
    people: the people who speak for parties, by name (matched with their capitals)."""

    names: dict[str, Phrases] = field(default_factory=_phrases)
    refers_back: dict[str, Phrases] = field(default_factory=_phrases)
    exclusions: dict[str, Phrases] = field(default_factory=_phrases)
    people: list[Speaker] = field(default_factory=list)

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
                parties = [str(m["party"]) for m in person.get("memberships") or []]
                vocabulary.people.append(
                    Speaker(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(parties)))
                )
        return vocabulary

    @classmethod
    def from_database(cls) -> Vocabulary:
        from tracker.models import (
            Membership,
            PartyAlias,
            PartyExclusion,
            Person,
            PersonName,
            ProvisionAlias,
            ProvisionExclusion,
        )

        vocabulary = cls()
        for kind, alias, owner in (
            ("provision", ProvisionAlias, "provision__slug"),
            ("party", PartyAlias, "party__code"),
        ):
            rows = alias.objects.values_list(owner, "phrase", "refers_back")
            for key, phrase, refers_back in rows:
                table = vocabulary.refers_back if refers_back else vocabulary.names
                table[kind][key].append(phrase)
        for kind, exclusion, owner in (
            ("provision", ProvisionExclusion, "provision__slug"),
            ("party", PartyExclusion, "party__code"),
        ):
            for key, phrase in exclusion.objects.values_list(owner, "phrase"):
                vocabulary.exclusions[kind][key].append(phrase)
        names: dict[int, list[str]] = defaultdict(list)
        for person_id, name in PersonName.objects.values_list("person_id", "name"):
            names[person_id].append(name)
        parties: dict[int, list[str]] = defaultdict(list)
        for person_id, code in Membership.objects.values_list("person_id", "party__code"):
            parties[person_id].append(code)
        for person_id, name in Person.objects.values_list("pk", "name"):
            vocabulary.people.append(
                Speaker(
                    tuple(dict.fromkeys([name, *names[person_id]])),
                    tuple(dict.fromkeys(parties[person_id])),
                )
            )
        return vocabulary


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}
