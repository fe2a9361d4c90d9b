"""The linker's vocabulary reads the same from the seed files as from the database they load."""

import pytest

from tracker.text.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db


def as_sets(vocabulary):
    tables = {
        name: {
            (kind, key, phrase)
            for kind, entries in getattr(vocabulary, name).items()
            for key, phrases in entries.items()
            for phrase in phrases
        }
        for name in ("names", "refers_back", "exclusions")
    }
    tables["people"] = {(frozenset(p.names), frozenset(p.parties)) for p in vocabulary.people}
    return tables


def test_seed_files_and_loaded_database_give_the_same_vocabulary(seeded_db, seeds_dir):
    assert as_sets(Vocabulary.from_database()) == as_sets(Vocabulary.from_seeds(seeds_dir))


def test_the_simple_mapping_is_names_only():
    vocabulary = Vocabulary.from_mapping({"provision": {"x": ["a", "b"]}, "party": {"Y": ["c"]}})
    assert vocabulary.names["provision"]["x"] == ["a", "b"]
    assert not vocabulary.people and not vocabulary.exclusions["party"]
