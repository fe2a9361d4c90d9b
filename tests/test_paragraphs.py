"""Splitting a resolution's text into paragraphs. Every text here is made up."""

from hypothesis import given
from hypothesis import strategies as st

from tracker.text.paragraphs import looks_preambular, split_paragraphs

DRAFT = """United Nations S/2099/17
Security Council
Distr.: General
Draft resolution

The Security Council,

Recalling its earlier decisions on the fictional archipelago of Veloria,

Deeply concerned by the shortage of lighthouse keepers and
the long winter on the northern islands,

Welcoming the plan of 1 March 2099:
(a) to build ten lighthouses;
(b) to train keepers,

1. Endorses the Lighthouse Plan annexed to this resolution;

2.\tDecides that the Board of Lamps shall:
(a) meet every month;
(b) report on:
(i) the lamps lit;
(ii) the oil used;
(c) publish its minutes;

3.Requests the Secretary-General to report
every six months;

5. Decides to remain seized of the matter.

Annex
Lighthouse Plan
1. This annex is not part of the operative text.
"""


def rows(text):
    return [
        (p.kind, p.number, p.point, p.eid, p.parent_eid, p.text) for p in split_paragraphs(text)
    ]


def test_preambular_operative_and_sub_points():
    assert rows(DRAFT) == [
        (
            "preambular",
            1,
            "",
            "preamble__container_1",
            None,
            "Recalling its earlier decisions on the fictional archipelago of Veloria,",
        ),
        (
            "preambular",
            2,
            "",
            "preamble__container_2",
            None,
            "Deeply concerned by the shortage of lighthouse keepers and\n"
            "the long winter on the northern islands,",
        ),
        ("preambular", 3, "", "preamble__container_3", None, "Welcoming the plan of 1 March 2099:"),
        (
            "preambular",
            3,
            "a",
            "preamble__container_3__list_1__item_a",
            "preamble__container_3",
            "to build ten lighthouses;",
        ),
        (
            "preambular",
            3,
            "b",
            "preamble__container_3__list_1__item_b",
            "preamble__container_3",
            "to train keepers,",
        ),
        (
            "operative",
            1,
            "",
            "para_1",
            None,
            "Endorses the Lighthouse Plan annexed to this resolution;",
        ),
        ("operative", 2, "", "para_2", None, "Decides that the Board of Lamps shall:"),
        ("operative", 2, "a", "para_2__list_1__point_a", "para_2", "meet every month;"),
        ("operative", 2, "b", "para_2__list_1__point_b", "para_2", "report on:"),
        (
            "operative",
            2,
            "b.i",
            "para_2__list_1__point_b__list_1__point_i",
            "para_2__list_1__point_b",
            "the lamps lit;",
        ),
        (
            "operative",
            2,
            "b.ii",
            "para_2__list_1__point_b__list_1__point_ii",
            "para_2__list_1__point_b",
            "the oil used;",
        ),
        ("operative", 2, "c", "para_2__list_1__point_c", "para_2", "publish its minutes;"),
        (
            "operative",
            3,
            "",
            "para_3",
            None,
            "Requests the Secretary-General to report\nevery six months;",
        ),
        ("operative", 5, "", "para_5", None, "Decides to remain seized of the matter."),
    ]


def test_offsets_slice_back_to_the_text_and_labels_are_kept():
    paragraphs = split_paragraphs(DRAFT)
    for p in paragraphs:
        assert DRAFT[p.start : p.end] == p.text
    assert [p.label for p in paragraphs if p.kind == "operative"] == [
        "1.",
        "2.",
        "(a)",
        "(b)",
        "(i)",
        "(ii)",
        "(c)",
        "3.",
        "5.",
    ]
    assert {p.label for p in paragraphs if p.kind == "preambular" and not p.point} == {""}


def test_numbers_as_the_text_writes_them():
    text = "The Security Council,\n\n6. Decides to meet;\n8. Decides to adjourn;\n"
    assert [(p.number, p.eid) for p in split_paragraphs(text)] == [(6, "para_6"), (8, "para_8")]


def test_a_number_written_twice_keeps_its_number_and_gets_a_unique_eid():
    text = "3. Decides to meet;\n3. Decides to adjourn;\n"
    assert [(p.number, p.eid) for p in split_paragraphs(text)] == [(3, "para_3"), (3, "para_3_2")]


def test_without_a_formula_the_preamble_starts_at_the_first_participle():
    text = (
        "United Nations\nDraft resolution on Veloria\n"
        "Recalling its earlier decisions on the fictional archipelago of Veloria,\n"
        "Noting with concern the long winter,\n"
        "1. Decides to meet again;\n"
    )
    assert [(p.kind, p.number, p.text[:9]) for p in split_paragraphs(text)] == [
        ("preambular", 1, "Recalling"),
        ("preambular", 2, "Noting wi"),
        ("operative", 1, "Decides t"),
    ]


def test_operative_paragraphs_only():
    text = "Resolution 9999 (2099)\n\n1. Decides to meet;\n\n2. Decides to adjourn.\n"
    assert [(p.kind, p.number) for p in split_paragraphs(text)] == [
        ("operative", 1),
        ("operative", 2),
    ]


def test_letter_i_after_h_continues_the_letters():
    points = "".join(f"({c}) item {c};\n" for c in "abcdefghij")
    paragraphs = split_paragraphs("1. Decides:\n" + points)
    assert [p.point for p in paragraphs[1:]] == list("abcdefghij")
    assert {p.parent_eid for p in paragraphs[1:]} == {"para_1"}


def test_roman_numerals_directly_under_a_paragraph():
    paragraphs = split_paragraphs("1. Decides:\n(i) one;\n(ii) two;\n(iii) three;\n(iv) four;\n")
    assert [p.eid for p in paragraphs[1:]] == [
        "para_1__list_1__point_i",
        "para_1__list_1__point_ii",
        "para_1__list_1__point_iii",
        "para_1__list_1__point_iv",
    ]


def test_after_nested_numerals_the_outer_letters_go_on():
    text = "1. Decides:\n(a) one;\n(i) one-one;\n(ii) one-two;\n(b) two;\n2. Notes.\n"
    assert [(p.point, p.parent_eid) for p in split_paragraphs(text)] == [
        ("", None),
        ("a", "para_1"),
        ("a.i", "para_1__list_1__point_a"),
        ("a.ii", "para_1__list_1__point_a"),
        ("b", "para_1"),
        ("", None),
    ]


def test_blank_lines_and_indentation_do_not_matter():
    text = (
        "The Security Council,\n\n\n   Recalling  the past,  \n\n\t1.   Decides to meet;   \n\n\n"
    )
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["Recalling  the past,", "Decides to meet;"]


def test_sub_point_without_own_words():
    paragraphs = split_paragraphs("1.\n(a) one;\n(b) two.\n")
    assert [(p.eid, p.text) for p in paragraphs] == [
        ("para_1", ""),
        ("para_1__list_1__point_a", "one;"),
        ("para_1__list_1__point_b", "two."),
    ]


def test_looks_preambular():
    assert looks_preambular("Recalling its resolutions,")
    assert looks_preambular("Deeply concerned by the winter,")
    assert looks_preambular("Mindful of its responsibility,")
    assert looks_preambular("Acting under Chapter VII,")
    assert not looks_preambular("Decides to meet,")
    assert not looks_preambular("Security Council")
    assert not looks_preambular("recalling in lower case")


lines = st.sampled_from(
    [
        "The Security Council,",
        "Recalling the past,",
        "noting more",
        "1. Decides to meet;",
        "7.\tDecides again;",
        "(a) one;",
        "(i) numeral;",
        "(ii) numeral two;",
        "(b)",
        "",
        "   ",
        "Annex",
        "Welcoming, with a comma",
    ]
)


@given(st.lists(lines, max_size=25), st.text(max_size=40))
def test_any_text_splits_into_slices_of_itself(chosen, noise):
    text = "\n".join([*chosen, noise])
    paragraphs = split_paragraphs(text)
    eids = [p.eid for p in paragraphs]
    assert len(eids) == len(set(eids))
    previous_end = 0
    for p in paragraphs:
        assert text[p.start : p.end] == p.text == p.text.strip()
        assert previous_end <= p.start <= p.end
        previous_end = p.end
        assert p.parent_eid is None or p.parent_eid in eids[: eids.index(p.eid)]
