"""Re-anchoring quotes in a new version of their text. Every text here is made up."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.text import reanchoring
from tracker.text.anchoring import quote_selector
from tracker.text.reanchoring import Reanchorer, reanchor

OLD = (
    "The Board of Lamps met on Monday in Port Velor. "
    "It agreed to light every lamp before dusk, said the chair. "
    "The harbour master asked for more oil. Then the board adjourned."
)


def selector(text, quote, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    exact, prefix, suffix = quote_selector(text, start, start + len(quote))
    return {"exact": exact, "prefix": prefix, "suffix": suffix, "hint": start}


def test_same_place_is_exact():
    found = reanchor(OLD, **selector(OLD, "asked for more oil"))
    assert (found.status, found.similarity) == ("exact", 1.0)
    assert OLD[found.start : found.end] == found.exact == "asked for more oil"


def test_text_inserted_before_shifts_the_offsets_and_it_is_still_exact():
    new = "Updated at noon. " + OLD
    found = reanchor(new, **selector(OLD, "asked for more oil"))
    assert found.status == "exact"
    assert found.start == OLD.index("asked for more oil") + len("Updated at noon. ")


def test_words_found_elsewhere_are_moved():
    quote = "The harbour master asked for more oil."
    new = (
        "The harbour master asked for more oil. The Board of Lamps met on Monday in Port Velor. "
        "It agreed to light every lamp before dusk, said the chair. Then the board adjourned."
    )
    found = reanchor(new, **selector(OLD, quote))
    assert (found.status, found.start, found.exact) == ("moved", 0, quote)


def test_ambiguity_is_resolved_by_prefix_and_suffix():
    text = (
        "In Port Velor the board said: the lamps will be lit. "
        "In Kessa the mayor said: the lamps will be lit. "
    )
    wanted = selector(text, "the lamps will be lit", occurrence=1)
    new = "Late news. " + text  # both occurrences shift; only the second has the mayor before it
    found = reanchor(new, **wanted)
    assert found.status == "exact"
    assert found.start == new.index("mayor said: the lamps") + len("mayor said: ")


def test_ambiguity_without_context_goes_to_the_occurrence_nearest_the_hint():
    text = "lamps lit. " * 5
    found = reanchor("x" + text, "lamps lit.", hint=25)  # occurrences at 1, 12, 23, 34, 45
    assert (found.status, found.start) == ("moved", 23)


def test_changed_within_the_bound_reports_the_new_words_and_similarity():
    new = OLD.replace("light every lamp before dusk", "light nearly every lamp before dusk")
    quote = "It agreed to light every lamp before dusk"
    found = reanchor(new, **selector(OLD, quote))
    assert found.status == "changed"
    assert found.exact == "It agreed to light nearly every lamp before dusk"
    assert new[found.start : found.end] == found.exact
    # Seven characters inserted into a passage of 48: similarity 1 - 7/48.
    assert found.similarity == pytest.approx(1 - 7 / 48)


def test_the_bound_is_edit_distance_over_the_longer_length():
    quote = "abcdefghij klmnopqrst uvwxyzabcd efghijklmn opqrstuvwx"  # 54 characters
    ten_wrong = "abcdefghij klmnopqrst uvwxyzabcd efghijklmn opqrs" + "XXXXX"
    ten_wrong = ten_wrong[:12] + "XXXXX" + ten_wrong[17:]  # 10 substitutions
    assert len(ten_wrong) == len(quote)
    text = f"Before. {ten_wrong} After."
    found = reanchor(text, quote, max_change=10 / 54)
    assert (found.status, found.exact) == ("changed", ten_wrong)
    assert found.similarity == pytest.approx(1 - 10 / 54)
    lost = reanchor(text, quote, max_change=9 / 54)
    assert (lost.status, lost.start, lost.exact) == ("lost", None, "")
    assert lost.similarity == pytest.approx(1 - 10 / 54)


def test_beyond_the_bound_is_lost():
    new = OLD.replace("It agreed to light every lamp before dusk", "It refused to act")
    found = reanchor(new, **selector(OLD, "It agreed to light every lamp before dusk"))
    assert found.status == "lost"
    assert not found.found


def test_punctuation_at_the_ends_of_a_changed_quote_is_kept():
    old = "He said: “We are ready to light the lamps.” Then he left."
    new = "He said: “We are now ready to light the lamps.” Then he left."
    found = reanchor(new, **selector(old, "“We are ready to light the lamps.”"))
    assert (found.status, found.exact) == ("changed", "“We are now ready to light the lamps.”")


def test_empty_quote_and_bad_bound_are_refused():
    with pytest.raises(ValueError):
        reanchor(OLD, "")
    with pytest.raises(ValueError):
        reanchor(OLD, "lamp", max_change=1.5)


def test_the_fuzzy_search_only_aligns_windows_near_the_quote(monkeypatch):
    """Complexity, not time: on a long text, the aligner only ever sees short windows."""
    rng = random.Random(12)
    vocabulary = ["".join(rng.choices("abcdefghijklmnop", k=rng.randint(2, 8))) for _ in range(900)]
    text = " ".join(rng.choice(vocabulary) for _ in range(40_000))
    start = text.index(" ", 100_000) + 1
    end = text.index(" ", start + 150)
    quote = text[start:end]
    edited = text[:start] + quote.replace(" ", "  z ", 2) + text[end:]

    seen = []
    real = reanchoring.fuzz.partial_ratio_alignment

    def spy(exact, window, *args, **kwargs):
        seen.append(len(window))
        return real(exact, window, *args, **kwargs)

    monkeypatch.setattr(reanchoring.fuzz, "partial_ratio_alignment", spy)
    exact, prefix, suffix = quote_selector(text, start, end)
    found = reanchor(edited, exact, prefix, suffix, hint=start)
    assert found.status == "changed"
    assert seen and max(seen) < 3 * len(quote) < len(edited) / 100


def test_a_reanchorer_indexes_its_text_once_for_many_quotes(monkeypatch):
    built = []
    real = reanchoring._Index.of.__func__

    def spy(cls, text):
        built.append(len(text))
        return real(cls, text)

    monkeypatch.setattr(reanchoring._Index, "of", classmethod(spy))
    new = OLD.replace("every lamp", "each lamp").replace("more oil", "more lamp oil")
    finder = Reanchorer(new)
    first = finder.reanchor(**selector(OLD, "It agreed to light every lamp before dusk"))
    second = finder.reanchor(**selector(OLD, "The harbour master asked for more oil."))
    third = finder.reanchor(**selector(OLD, "Then the board adjourned."))
    assert [first.status, second.status, third.status] == ["changed", "changed", "exact"]
    assert built == [len(new)]


@given(st.text(alphabet="ab .,\n", min_size=1, max_size=80), st.data())
def test_an_unchanged_text_gives_back_the_same_span(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    exact, prefix, suffix = quote_selector(text, start, end)
    found = reanchor(text, exact, prefix, suffix, hint=start)
    assert (found.status, found.start, found.end) == ("exact", start, end)
