"""Where a position's evidence is in its source: an existing excerpt, or a span of the stored
text, always read from the text itself and never from what a browser sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import dateformat, timezone

from tracker.models import Excerpt, Source
from tracker.recording.refusals import Refused
from tracker.text import anchoring

SELECT_AGAIN = "select them again in the text so the right place is recorded"


@dataclass(frozen=True)
class Anchor:
    """A quote's place in a source: `excerpt` is the standing excerpt of exactly that span, or
    None when one is to be made."""

    source: Source
    start: int
    end: int
    quote: str
    excerpt: Excerpt | None = None


def _refuse(reason: str) -> Refused:
    return Refused(reason, field="quote")


def _excerpt_anchor(source: Source, excerpt_id: int) -> Anchor:
    excerpt = Excerpt.objects.filter(pk=excerpt_id).first()
    if excerpt is None:
        raise _refuse(f"There is no excerpt {excerpt_id}; choose one on the source's page.")
    if excerpt.source_id != source.pk:
        raise _refuse(
            f"Excerpt {excerpt_id} is part of source {excerpt.source_id}, not of this source."
        )
    if excerpt.is_retracted:
        when = dateformat.format(timezone.localtime(excerpt.retracted_at), "j M Y")
        raise _refuse(
            f"Excerpt {excerpt_id} was retracted on {when} ({excerpt.retraction_reason}); "
            "select the words in the source to quote them afresh."
        )
    return Anchor(source, excerpt.start, excerpt.end, excerpt.exact, excerpt)


def anchor(
    source: Source,
    excerpt_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
) -> Anchor:
    """Where a position's evidence is in `source`: an existing excerpt of the source, or the
    quote at the offsets given, or, when those are missing or wrong, the quote wherever it
    appears once. With offsets and no quote, the quote is what the text holds there (without
    the spaces a selection takes in around the words). Raises Refused saying what is wrong."""
    if excerpt_id is not None:
        return _excerpt_anchor(source, excerpt_id)
    text = source.text
    offsets_given = start is not None and end is not None
    inside = offsets_given and 0 <= start < end <= len(text)  # type: ignore[operator]
    if quote is None:
        if not offsets_given:
            raise _refuse("Select the words of the source that show this position.")
        if not inside:
            raise _refuse(
                f"The selection ({start}–{end}) is outside this source, which has "
                f"{len(text):,} characters; select the words again."
            )
        assert start is not None and end is not None
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        quote = text[start:end]
    quote = anchoring.normalize_text(quote)
    if not quote.strip():
        raise _refuse("Select the words of the source that show this position.")
    if not (inside and text[start:end] == quote):
        try:
            start, end = anchoring.find_quote(text, quote)
        except anchoring.QuoteNotFound as error:
            if error.reason == "not found verbatim":
                raise _refuse("These words are not in the source text.") from None
            if offsets_given and not inside:
                where = (
                    f"The selection ({start}–{end}) is outside this source, which has "
                    f"{len(text):,} characters, and these words appear more than once in it"
                )
            elif offsets_given:
                where = (
                    f"The source's words at the selection ({start}–{end}) are not these, and "
                    "these words appear more than once in it"
                )
            else:
                where = "These words appear more than once in the source"
            raise _refuse(f"{where}: {SELECT_AGAIN}.") from None
    assert start is not None and end is not None
    return _span_anchor(source, start, end)


def anchor_quote(source: Source, quote: str, occurrence: int | None = None) -> Anchor:
    """The anchor of a quote given with which of its occurrences is meant (the seed files
    do this); raises anchoring.QuoteNotFound, with the nearest passage, when it is absent."""
    start, end = anchoring.find_quote(source.text, quote, occurrence)
    return _span_anchor(source, start, end)


def _span_anchor(source: Source, start: int, end: int) -> Anchor:
    excerpt = Excerpt.objects.filter(source=source, start=start, end=end).first()
    if excerpt is not None and excerpt.is_retracted:
        raise _refuse(
            "An excerpt on exactly these words was retracted "
            f"({excerpt.retraction_reason}); select other words."
        )
    return Anchor(source, start, end, source.text[start:end], excerpt)
