"""Diffs between two versions, paragraph by paragraph and word by word. Every text is made up."""

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from tests.made_up_resolutions import REVISION_1, REVISION_2
from tracker.text.diffs import diff_versions, inline_html, side_by_side_html, word_diff
from tracker.text.matching import match_paragraphs
from tracker.text.paragraphs import split_paragraphs


def diff(old_text, new_text):
    old, new = split_paragraphs(old_text), split_paragraphs(new_text)
    return diff_versions(old, new, match_paragraphs(old, new))


def summary(changes):
    return [(c.kind, c.old.eid if c.old else None, c.new.eid if c.new else None) for c in changes]


def test_two_revisions_in_the_new_order_with_the_removed_paragraph_where_it_was():
    assert summary(diff(REVISION_1, REVISION_2)) == [
        ("unchanged", "preamble__container_1", "preamble__container_1"),
        ("unchanged", "preamble__container_2", "preamble__container_2"),
        ("added", None, "preamble__container_3"),
        ("changed", "para_1", "para_1"),
        ("unchanged", "para_2", "para_2"),
        ("unchanged", "para_2__list_1__point_a", "para_2__list_1__point_a"),
        ("unchanged", "para_2__list_1__point_b", "para_2__list_1__point_b"),
        ("added", None, "para_2__list_1__point_c"),
        ("added", None, "para_3"),
        ("unchanged", "para_3", "para_4"),
        ("changed", "para_4", "para_5"),
        ("removed", "para_5", None),
        ("unchanged", "para_6", "para_6"),
    ]


def test_renumbered_is_not_changed_nor_moved():
    change = next(c for c in diff(REVISION_1, REVISION_2) if c.new and c.new.eid == "para_4")
    assert change.renumbered
    assert not change.changed
    assert not change.moved


def test_a_changed_paragraphs_word_diff():
    change = next(c for c in diff(REVISION_1, REVISION_2) if c.new and c.new.eid == "para_5")
    assert change.words == [
        ("equal", "Requests the Secretary-General to report to the Council "),
        ("insert", "in writing "),
        ("equal", "every "),
        ("delete", "year"),
        ("insert", "six months"),
        ("equal", ";"),
    ]


def test_added_and_removed_carry_their_whole_text():
    changes = diff(REVISION_1, REVISION_2)
    added = next(c for c in changes if c.kind == "added" and c.new.eid == "para_3")
    removed = next(c for c in changes if c.kind == "removed")
    assert added.words == [("insert", added.new.text)]
    assert removed.words == [("delete", removed.old.text)]
    assert added.changed and removed.changed


def test_moved_and_moved_and_changed():
    old = (
        "1. Decides that the Board of Lamps shall meet every month;\n"
        "2. Requests the Harbour Office to count the vessels;\n"
        "3. Calls on donors to fund the reserve of lamp oil;\n"
        "4. Decides to remain seized of the matter.\n"
    )
    new = (
        "1. Calls on donors to fund the reserve of lamp oil;\n"
        "2. Decides that the Board of Lamps shall meet every month;\n"
        "3. Requests the Harbour Office to count all the vessels;\n"
        "4. Decides to remain seized of the matter.\n"
    )
    assert summary(diff(old, new)) == [
        ("moved", "para_3", "para_1"),
        ("unchanged", "para_1", "para_2"),
        ("changed", "para_2", "para_3"),
        ("unchanged", "para_4", "para_4"),
    ]
    new_moved_changed = new.replace("reserve of lamp oil", "reserve of oil")
    assert diff(old, new_moved_changed)[0].kind == "moved_changed"


def test_a_point_under_another_parent_is_moved():
    old = (
        "1. Decides that the Board of Lamps shall meet;\n"
        "2. Requests the Harbour Office:\n(a) to count the vessels in every port;\n"
    )
    new = (
        "1. Decides that the Board of Lamps shall:\n(a) count the vessels in every port;\n"
        "2. Requests the Harbour Office to keep its registers;\n"
    )
    point = next(c for c in diff(old, new) if c.new and c.new.point == "a")
    assert point.kind == "moved_changed"


def test_a_paragraph_without_own_words_has_no_empty_pieces():
    changes = diff("1. Decides to meet.\n", "1. Decides to meet.\n2.\n(a) to adjourn.\n")
    assert [(c.kind, c.words) for c in changes[1:]] == [
        ("added", []),
        ("added", [("insert", "to adjourn.")]),
    ]


def test_removed_paragraphs_at_the_start_come_first():
    old = "1. Decides to dissolve the Board of Lamps;\n2. Decides to remain seized.\n"
    new = "1. Decides to remain seized.\n"
    assert summary(diff(old, new)) == [
        ("removed", "para_1", None),
        ("unchanged", "para_2", "para_1"),
    ]


def test_word_diff_keeps_spacing_and_joins_a_change_across_a_space():
    assert word_diff("the big red  cat", "the small blue  cat") == [
        ("equal", "the "),
        ("delete", "big red"),
        ("insert", "small blue"),
        ("equal", "  cat"),
    ]
    assert word_diff("", "") == []
    assert word_diff("", "new") == [("insert", "new")]


texts = st.text(alphabet=st.sampled_from("ab c,;\n\t-é"), max_size=60)


@given(texts, texts)
def test_word_diff_gives_back_both_texts(a, b):
    pieces = word_diff(a, b)
    assert "".join(t for op, t in pieces if op != "insert") == a
    assert "".join(t for op, t in pieces if op != "delete") == b
    assert all(t for _, t in pieces)
    assert all(op in ("equal", "delete", "insert") for op, _ in pieces)


def test_html_escapes_every_piece():
    old_text = "<script>alert(1)</script> & more"
    new_text = "<b>bold</b> & more"
    pieces = word_diff(old_text, new_text)
    html = inline_html(pieces)
    assert "<del>" in html and "<ins>" in html
    assert "<" not in re.sub(r"</?(del|ins)>", "", html)
    old_cell, new_cell = side_by_side_html(pieces)
    assert "<ins>" not in old_cell and "<del>" not in new_cell
    assert unescape(re.sub(r"</?del>", "", old_cell)) == old_text
    assert unescape(re.sub(r"</?ins>", "", new_cell)) == new_text
    assert "<" not in re.sub(r"</?del>", "", old_cell)


def test_html_is_safe_for_templates():
    from django.template import Context, Template

    html = inline_html([("equal", "a < b "), ("insert", "<i>")])
    rendered = Template("{{ html }}").render(Context({"html": html}))
    assert rendered == "a &lt; b <ins>&lt;i&gt;</ins>"
