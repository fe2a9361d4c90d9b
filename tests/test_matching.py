"""Paragraph identity across versions. Every text here is made up."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.made_up_resolutions import REVISION_1, REVISION_2
from tracker.text.matching import MATCH_THRESHOLD, match_paragraphs, similarity, words
from tracker.text.paragraphs import split_paragraphs

OLD = split_paragraphs(REVISION_1)
NEW = split_paragraphs(REVISION_2)


def by_eid(old, new, matches):
    return {new[n].eid: old[o].eid for n, o in matches.items()}


def test_an_inserted_paragraph_renumbers_the_rest_and_identity_survives():
    assert by_eid(OLD, NEW, match_paragraphs(OLD, NEW)) == {
        "preamble__container_1": "preamble__container_1",
        "preamble__container_2": "preamble__container_2",
        "para_1": "para_1",  # edited: "in full" added
        "para_2": "para_2",
        "para_2__list_1__point_a": "para_2__list_1__point_a",
        "para_2__list_1__point_b": "para_2__list_1__point_b",
        "para_4": "para_3",  # renumbered by the new paragraph 3
        "para_5": "para_4",  # renumbered and edited
        "para_6": "para_6",  # old 5 was removed, so 6 stays 6
    }


def test_new_paragraphs_and_removed_ones_stay_unmatched():
    matches = match_paragraphs(OLD, NEW)
    added = {NEW[n].eid for n in range(len(NEW)) if n not in matches}
    removed = {OLD[o].eid for o in range(len(OLD)) if o not in matches.values()}
    assert added == {"preamble__container_3", "para_2__list_1__point_c", "para_3"}
    assert removed == {"para_5"}


def test_a_rewritten_paragraph_is_not_the_same_paragraph():
    old = split_paragraphs("1. Decides to build ten lighthouses on the northern islands;\n")
    new = split_paragraphs("1. Condemns the theft of lamp oil from the southern depots;\n")
    assert match_paragraphs(old, new) == {}


def test_sub_points_match_within_their_matched_parents_first():
    # Both paragraphs have a point "(a) to report;"; each goes with its own parent.
    old = split_paragraphs(
        "1. Requests the Board of Lamps:\n(a) to report;\n"
        "2. Requests the Harbour Office:\n(a) to report;\n"
    )
    new = split_paragraphs(
        "1. Requests the Harbour Office:\n(a) to report;\n"
        "2. Requests the Board of Lamps:\n(a) to report;\n"
    )
    assert by_eid(old, new, match_paragraphs(old, new)) == {
        "para_1": "para_2",
        "para_1__list_1__point_a": "para_2__list_1__point_a",
        "para_2": "para_1",
        "para_2__list_1__point_a": "para_1__list_1__point_a",
    }


def test_a_point_that_moved_to_another_paragraph_is_found():
    old = split_paragraphs(
        "1. Decides that the Board of Lamps shall meet;\n"
        "2. Requests the Harbour Office:\n(a) to count the vessels in every port;\n"
    )
    new = split_paragraphs(
        "1. Decides that the Board of Lamps shall:\n(a) count the vessels in every port;\n"
        "2. Requests the Harbour Office to keep its registers;\n"
    )
    matches = by_eid(old, new, match_paragraphs(old, new))
    assert matches["para_1__list_1__point_a"] == "para_2__list_1__point_a"


def test_kinds_do_not_mix():
    old = split_paragraphs("The Security Council,\nRecalling the winter of 2098,\n1. Decides.\n")
    new = split_paragraphs("The Security Council,\n1. Recalling the winter of 2098,\n")
    assert match_paragraphs(old, new) == {}


def test_the_editor_fixes_a_pair_and_the_rest_is_matched_around_it():
    new_3 = next(i for i, p in enumerate(NEW) if p.eid == "para_3")
    old_5 = next(i for i, p in enumerate(OLD) if p.eid == "para_5")
    new_6 = next(i for i, p in enumerate(NEW) if p.eid == "para_6")
    matches = match_paragraphs(OLD, NEW, fixed={new_3: old_5, new_6: None})
    found = by_eid(OLD, NEW, matches)
    assert found["para_3"] == "para_5"  # imposed, though the words differ
    assert "para_6" not in found  # imposed: new in this version
    assert found["para_4"] == "para_3"  # the rest as before
    assert "para_6" not in found.values()  # old 6 no longer has a partner


def test_sub_points_follow_the_parents_an_editor_paired():
    old = split_paragraphs(
        "1. Requests the Board of Lamps:\n(a) to report;\n(b) to meet;\n"
        "2. Requests the Harbour Office:\n(a) to report;\n(b) to meet;\n"
    )
    new = split_paragraphs(
        "1. Requests the Lamp Authority:\n(a) to report;\n(b) to meet;\n"
        "2. Requests the Port Service:\n(a) to report;\n(b) to meet;\n"
    )
    # The editor says the new 1 is the old 2 (the Harbour Office was renamed the Lamp Authority).
    found = by_eid(old, new, match_paragraphs(old, new, fixed={0: 3}))
    assert found["para_1"] == "para_2"
    assert found["para_1__list_1__point_a"] == "para_2__list_1__point_a"
    assert found["para_1__list_1__point_b"] == "para_2__list_1__point_b"


def test_fixed_pairs_are_checked():
    with pytest.raises(ValueError, match="fixed to both"):
        match_paragraphs(OLD, NEW, fixed={0: 0, 1: 0})
    with pytest.raises(ValueError, match="outside"):
        match_paragraphs(OLD, NEW, fixed={len(NEW): 0})


def test_similarity_is_on_words_in_order():
    assert words("Decides, again: to MEET!") == ("decides", "again", "to", "meet")
    assert similarity(words("a b c d"), words("a b c d")) == 1.0
    assert similarity(words("a b c d"), words("d c b a")) < MATCH_THRESHOLD
    assert similarity((), ()) == 1.0


sentences = st.sampled_from(
    [
        "Decides to meet",
        "Decides to meet again",
        "Requests a report",
        "Welcomes the plan",
        "Welcomes the plan warmly",
        "Calls on donors",
    ]
)


@given(st.lists(sentences, max_size=8), st.lists(sentences, max_size=8))
def test_never_two_new_paragraphs_for_one_old(old_sentences, new_sentences):
    old = split_paragraphs("".join(f"{i}. {s};\n" for i, s in enumerate(old_sentences, 1)))
    new = split_paragraphs("".join(f"{i}. {s};\n" for i, s in enumerate(new_sentences, 1)))
    matches = match_paragraphs(old, new)
    assert len(set(matches.values())) == len(matches)
    for n, o in matches.items():
        assert similarity(words(new[n].text), words(old[o].text)) >= MATCH_THRESHOLD
