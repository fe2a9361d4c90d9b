"""Phrases proposed from labelled sentences (tracker/text/proposals.py)."""

from tracker.text.proposals import alias_candidates, exclusion_candidates


def test_a_phrase_that_recurs_where_editors_linked_and_no_alias_found_it():
    linked = [
        "Hamas rejected the Peace Council outright.",
        "The Peace Council would oversee Gaza, the draft says.",
        "Critics say the Peace Council lacks legitimacy.",
    ]
    not_linked = ["The Security Council met on Monday.", "A council of elders spoke."]
    [best, *_] = alias_candidates(linked, not_linked)
    assert (best.phrase, best.support, best.against) == ("Peace Council", 3, 0)
    assert best.examples == (0, 1, 2)


def test_a_phrase_seen_once_or_common_elsewhere_is_not_proposed():
    linked = ["The guardianship mechanism was rejected.", "Gaza is not for sale."]
    assert alias_candidates(linked, []) == []
    linked = ["Gaza will be rebuilt.", "Gaza needs peace."]
    not_linked = ["Gaza is hungry.", "In Gaza, rain fell.", "Gaza waits."]
    assert [c.phrase for c in alias_candidates(linked, not_linked)] == []


def test_the_words_around_a_match_editors_left_out():
    left_out = [
        ("It recalls the British Mandate for Palestine.", "Mandate"),
        ("The League of Nations British Mandate ended in 1948.", "Mandate"),
    ]
    kept = ["The force's mandate runs to 2027.", "Its mandate is broad."]
    [best, *_] = exclusion_candidates(left_out, kept)
    assert (best.phrase, best.support) == ("British Mandate", 2)
