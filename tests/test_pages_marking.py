"""The HTML that marks words and excerpts in text (tracker/views/marking.py)."""

from types import SimpleNamespace

from tracker.text.linking import Mention
from tracker.views.marking import (
    highlight_source,
    mark_excerpt,
    mark_spans,
    mentions_in,
    merge_spans,
    text_fragment_url,
)


def excerpt(pk, start, end, **fields):
    return SimpleNamespace(pk=pk, start=start, end=end, **fields)


def test_overlapping_spans_merge():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 10)]) == [(0, 4), (5, 10)]


def test_marked_text_is_escaped_around_and_inside_the_marks():
    html = mark_spans("a <b> & c", [(2, 5)])
    assert html == "a <mark>&lt;b&gt;</mark> &amp; c"


def test_an_excerpt_in_context_starts_and_ends_on_whole_words():
    e = SimpleNamespace(
        exact="Israel opposes Chapter VII.", prefix="ld rather not. Then ", suffix=" It said mo"
    )
    mentions = [Mention("provision", "chapter-vii", 15, 26), Mention("party", "ISR", 0, 6)]
    marked = mark_excerpt(e, mentions, "provision", "chapter-vii")
    assert marked.before == "rather not. Then"
    assert marked.after == "It said"
    assert marked.html == "Israel opposes <mark>Chapter VII</mark>."
    assert marked.matched


def test_each_excerpt_is_marked_in_its_paragraph_with_a_permalink_id_and_a_note_link():
    text = "First line here.\nSecond line, with a quote in it."
    quote = text.index("a quote")
    paragraphs = highlight_source(
        text, [excerpt(7, 0, 5), excerpt(9, quote, quote + 7)], {7: 1, 9: 2}
    )
    assert len(paragraphs) == 2
    assert paragraphs[0].html.startswith('<mark class="excerpt" id="excerpt-7">First</mark>')
    assert 'href="#note-7"' in paragraphs[0].html
    assert '<mark class="excerpt" id="excerpt-9">a quote</mark>' in paragraphs[1].html
    assert [e.pk for e in paragraphs[0].excerpts] == [7]
    assert [e.pk for e in paragraphs[1].excerpts] == [9]


def test_a_cited_excerpt_is_marked_as_evidence():
    cited = excerpt(1, 0, 4, citing=["a position"])
    [paragraph] = highlight_source("Text here", [cited], {1: 1})
    assert paragraph.html.startswith('<mark class="excerpt cited" id="excerpt-1">')


def test_a_nested_excerpt_nests_and_a_crossing_one_is_split_into_pieces():
    text = "abcdefghij"
    nested = highlight_source(text, [excerpt(1, 0, 8), excerpt(2, 2, 4)], {1: 1, 2: 2})[0].html
    assert nested.startswith(
        '<mark class="excerpt" id="excerpt-1">ab<mark class="excerpt" id="excerpt-2">cd</mark>'
    )
    crossing = highlight_source(text, [excerpt(1, 0, 5), excerpt(2, 3, 8)], {1: 1, 2: 2})[0].html
    # Well-formed: excerpt 2 is closed with excerpt 1 and reopened as a continuation.
    assert crossing.count("<mark") == crossing.count("</mark>") == 3
    assert 'data-excerpt="2">de</mark>' not in crossing
    assert '<mark class="excerpt continued" data-excerpt="2">fgh</mark>' in crossing
    assert crossing.count('id="excerpt-2"') == 1


def test_an_excerpt_across_lines_gets_one_id_and_its_note_with_its_first_line():
    text = "one two\nthree four"
    paragraphs = highlight_source(text, [excerpt(5, 4, 13)], {5: 1})
    assert 'id="excerpt-5">two</mark>' in paragraphs[0].html
    assert 'class="excerpt continued" data-excerpt="5">three</mark>' in paragraphs[1].html
    assert 'href="#note-5"' in paragraphs[1].html and 'href="#note-5"' not in paragraphs[0].html
    assert [e.pk for e in paragraphs[0].excerpts] == [5] and paragraphs[1].excerpts == []


def test_the_source_text_is_escaped():
    [paragraph] = highlight_source("<script>alert(1)</script>", [], {})
    assert paragraph.html == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_text_fragment_url_opens_the_page_at_the_quote():
    assert text_fragment_url("https://example.org/a", "Chapter VII, non-binding") == (
        "https://example.org/a#:~:text=Chapter%20VII%2C%20non%2Dbinding"
    )
    long_quote = "one two three four five six seven eight nine ten eleven twelve"
    assert text_fragment_url("https://example.org/a#top", long_quote) == (
        "https://example.org/a#top:~:text=one%20two%20three%20four%20five,"
        "eight%20nine%20ten%20eleven%20twelve"
    )
    assert text_fragment_url("", "anything") == ""


class CountingLinker:
    """Finds one mention per text, and counts how often it is asked."""

    def __init__(self):
        self.read = []

    def mentions(self, text):
        self.read.append(text)
        return [Mention("party", "ISR", 0, 6)]


def test_an_excerpts_mentions_are_read_once_per_linker():
    """After a save a provision's or party's page is worked out again, with the same excerpts:
    the linker reads each once, until the vocabulary changes (a new linker)."""
    linker = CountingLinker()
    first = mentions_in(linker, "Israel opposes it.")
    again = mentions_in(linker, "Israel opposes it.")
    assert first == again == [Mention("party", "ISR", 0, 6)]
    assert linker.read == ["Israel opposes it."]

    rebuilt = CountingLinker()  # the vocabulary changed
    mentions_in(rebuilt, "Israel opposes it.")
    assert rebuilt.read == ["Israel opposes it."]
