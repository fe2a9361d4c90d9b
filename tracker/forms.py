"""Forms for what editors enter: a source with the linker's excerpts, and a sourced position.

Everything a browser sends is checked again here: the text is normalised before it is measured
or hashed, offsets are re-read against the stored text, parties and provisions must exist, and
the fixed lists are the models' own. Fields keep what was typed as text; templates escape it.
"""

import re

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from tracker.models import Attribution, Excerpt, Party, Position, Provision, Source, Stance
from tracker.text import anchoring

MAX_TEXT_CHARS = 1_000_000
MAX_QUOTE_CHARS = 5_000
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("This date is in the future; give the day it happened.")
    return day


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        # A date field shows ISO dates; what was typed (even if malformed) is shown back as is.
        return value.isoformat() if hasattr(value, "isoformat") else value


def _one_line(value):
    return " ".join(value.split())


# --- A source ---------------------------------------------------------------------------------


class SourceDetailsForm(forms.Form):
    """A source's details and how they are checked, on the add form and the edit form alike
    (on the edit form, the record's own values stand in for the initial ones). A form sets
    `other_sources` (the sources a URL must not repeat) and `url_taken` (the message)."""

    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="The headline, as published. Leave blank if unknown.",
    )
    outlet = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=200, required=False)
    url = forms.CharField(
        label="URL",
        max_length=2000,
        required=False,
        help_text="The article's address, starting with http:// or https://.",
    )
    published_on = forms.DateField(
        label="Publication date", required=False, widget=DateInput, help_text="YYYY-MM-DD."
    )
    language = forms.CharField(
        max_length=12, initial="en", help_text="A language tag such as en, fr or pt-BR."
    )

    url_taken = 'This URL is already stored: <a href="{}">source {}</a>.'

    def other_sources(self):
        return Source.objects.all()

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])

    def clean_outlet(self):
        return _one_line(self.cleaned_data["outlet"])

    def clean_author(self):
        return _one_line(self.cleaned_data["author"])

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url:
            return ""
        try:
            URLValidator(schemes=["http", "https"])(url)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Give a full web address starting with http:// or https://."
            ) from None
        if twin := self.other_sources().filter(url=url).first():
            raise forms.ValidationError(format_html(self.url_taken, source_url(twin), twin.pk))
        return url

    def clean_published_on(self):
        return _not_in_future(self.cleaned_data["published_on"])

    def clean_language(self):
        language = self.cleaned_data["language"].strip()
        if not LANGUAGE_TAG.fullmatch(language):
            raise forms.ValidationError("Give a language tag such as en, fr or pt-BR.")
        return language


class SourceForm(SourceDetailsForm):
    text = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=f"The full article text, pasted. Up to {MAX_TEXT_CHARS:,} characters.",
    )

    def clean_text(self):
        text = anchoring.normalize_text(self.cleaned_data["text"])
        if not text.strip():
            raise forms.ValidationError("Paste the article's text.")
        if len(text) > MAX_TEXT_CHARS:
            raise forms.ValidationError(
                f"The text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,} "
                "characters."
            )
        digest = anchoring.text_digest(text)
        if existing := Source.objects.filter(text_sha256=digest).first():
            raise forms.ValidationError(
                format_html(
                    'This text is already stored: <a href="{}">source {}</a>.',
                    source_url(existing),
                    existing.pk,
                )
            )
        return text


def source_url(source):
    return reverse("tracker:source", args=[source.pk])


# --- A position -------------------------------------------------------------------------------


class PartyField(forms.CharField):
    """A party typed by code or name (the page offers both in a datalist)."""

    def clean(self, value):
        value = _one_line(super().clean(value))
        if not value:
            return None
        party = (
            Party.objects.filter(code=value).first()
            or Party.objects.filter(code__iexact=value).first()
            or Party.objects.filter(name__iexact=value).first()
        )
        if party is None:
            raise forms.ValidationError("No party has this name or code; choose one from the list.")
        return party


class PositionDetailsForm(forms.Form):
    """What a position's speaker and summary are, and how they and its date are checked, on
    recording and on editing. The other fields differ: blank choices for a new position, and
    the date's hint."""

    speaker = forms.CharField(
        max_length=300, required=False, help_text="Who said it, if the source names them."
    )
    summary = forms.CharField(
        max_length=300,
        help_text="One neutral line in reported speech: what was said.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean_speaker(self):
        return _one_line(self.cleaned_data["speaker"])

    def clean_stated_on(self):
        return _not_in_future(self.cleaned_data["stated_on"])

    def clean_summary(self):
        summary = self.cleaned_data["summary"]
        if "\n" in summary or "\r" in summary:
            raise forms.ValidationError("Keep the summary to one line.")
        summary = _one_line(summary)
        if not summary:
            raise forms.ValidationError("Write a one-line neutral summary.")
        return summary


class PositionForm(PositionDetailsForm):
    """A position on a source, anchored at a quote. The anchor is an existing excerpt, or the
    quote with its offsets (from a selection), or the quote alone when it appears exactly once."""

    excerpt = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    start = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_TEXT_CHARS, widget=forms.HiddenInput
    )
    end = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_TEXT_CHARS, widget=forms.HiddenInput
    )
    quote = forms.CharField(
        strip=False,
        required=False,
        max_length=MAX_QUOTE_CHARS,
        widget=forms.HiddenInput,
        error_messages={
            "max_length": f"A quote can be up to {MAX_QUOTE_CHARS:,} characters; select less."
        },
    )
    party = PartyField(
        max_length=200,
        widget=forms.TextInput(attrs={"list": "party-options", "autocomplete": "off"}),
        help_text="Type a name or code and choose from the list.",
    )
    provision = forms.ModelChoiceField(
        queryset=Provision.objects.all(), to_field_name="slug", empty_label="Choose a provision"
    )
    stance = forms.ChoiceField(choices=[("", "Choose a stance"), *Stance.choices])
    attribution = forms.ChoiceField(choices=[("", "Choose one"), *Attribution.choices])
    stated_on = forms.DateField(
        label="Stated on",
        required=False,
        widget=DateInput,
        help_text="When it was said. Defaults to the source's publication date.",
    )

    def __init__(self, *args, source, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if (
            not self.has_error("quote")
            and not self.has_error("start")
            and not self.has_error("end")
        ):
            try:
                data.update(
                    anchor(
                        self.source,
                        excerpt_id=data.get("excerpt"),
                        start=data.get("start"),
                        end=data.get("end"),
                        quote=data.get("quote") or None,
                    )
                )
            except forms.ValidationError as error:
                self.add_error("quote", error)
        return data


def anchor(source, excerpt_id=None, start=None, end=None, quote=None):
    """Where a position's evidence is in `source`: {"excerpt", "start", "end", "quote"}, read
    from the stored text, never from what was sent. "excerpt" is the existing excerpt of exactly
    that span, or None (one will be made). The anchor is an existing excerpt of the source, or
    the quote at the offsets given, or, when those are missing or wrong, the quote wherever it
    appears once. With offsets and no quote, the quote is what the text holds there.
    Raises ValidationError saying what is wrong."""
    text = source.text
    if excerpt_id is not None:
        excerpt = Excerpt.objects.filter(
            pk=excerpt_id, source=source, retracted_at__isnull=True
        ).first()
        if excerpt is None:
            raise forms.ValidationError("That excerpt is not part of this source.")
        return {
            "excerpt": excerpt,
            "start": excerpt.start,
            "end": excerpt.end,
            "quote": excerpt.exact,
        }
    if quote is None:
        if start is None or end is None:
            raise forms.ValidationError("Select the words of the source that show this position.")
        if not 0 <= start < end <= len(text):
            raise forms.ValidationError(
                f"The selection ({start}–{end}) is outside this source, which has {len(text):,} "
                "characters; select the words again."
            )
        # A selection often takes in the spaces around the words; the quote is the words.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        quote = text[start:end]
    quote = anchoring.normalize_text(quote)
    if not quote.strip():
        raise forms.ValidationError("Select the words of the source that show this position.")
    if not (start is not None and end is not None and text[start:end] == quote):
        try:
            start, end = anchoring.find_quote(text, quote)
        except anchoring.QuoteNotFound as error:
            if error.reason == "not found verbatim":
                raise forms.ValidationError("These words are not in the source text.") from None
            raise forms.ValidationError(
                "These words appear more than once in the source; select them in the text so "
                "the right place is recorded."
            ) from None
    excerpt = Excerpt.objects.filter(source=source, start=start, end=end).first()
    if excerpt is not None and excerpt.is_retracted:
        raise forms.ValidationError("An excerpt on exactly these words was retracted.")
    return {"excerpt": excerpt, "start": start, "end": end, "quote": text[start:end]}


# --- Review, edits, retraction ----------------------------------------------------------------
# Used by tracker/views/review.py and tracker/views/changing.py. Each form carries the version
# of the record it was opened at; the save checks it (models.Versioned), so a save based on a
# copy someone else has changed since is refused instead of overwriting their change.

OUT_OF_DATE_FORM = "This form lacks the version it was opened at; open the page again."
MAX_REASON_CHARS = 1_000
MAX_COMMENT_CHARS = 2_000


def _version_field():
    return forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "required": OUT_OF_DATE_FORM,
            "invalid": OUT_OF_DATE_FORM,
            "min_value": OUT_OF_DATE_FORM,
        },
    )


class _OpenedAtVersion:
    """A model form that carries the version of the record it was opened at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def edited_fields(self):
        """The fields whose submitted value differs from what the record holds now."""
        return [name for name in self.changed_data if name != "version"]


class PositionEditForm(PositionDetailsForm, _OpenedAtVersion, forms.ModelForm):
    """What a position says about its evidence. Its party, provision and excerpt are not here:
    changing those makes it a different position, recorded as a new one."""

    version = _version_field()
    stance = forms.ChoiceField(choices=Stance.choices)
    attribution = forms.ChoiceField(choices=Attribution.choices)
    stated_on = forms.DateField(
        label="Stated on",
        required=False,
        widget=DateInput,
        help_text="When it was said, if the source gives a date (YYYY-MM-DD).",
    )

    class Meta:
        model = Position
        fields = ["stance", "speaker", "attribution", "stated_on", "summary"]

    def clean(self):
        data = super().clean()
        position = self.instance  # still as stored: the form's values are applied after this
        stance = data.get("stance")
        if stance and stance != position.stance:
            twin = (
                Position.objects.active()
                .filter(
                    party_id=position.party_id,
                    provision_id=position.provision_id,
                    excerpt_id=position.excerpt_id,
                    stance=stance,
                )
                .exclude(pk=position.pk)
                .first()
            )
            if twin is not None:
                self.add_error(
                    "stance",
                    f"Position {twin.pk} already records this stance of this party on this "
                    "provision from the same quote.",
                )
        return data


class SourceEditForm(SourceDetailsForm, _OpenedAtVersion, forms.ModelForm):
    """A source's details. Its text is not here: it never changes once stored, because its
    excerpts point into it."""

    version = _version_field()

    class Meta:
        model = Source
        fields = ["title", "outlet", "author", "url", "published_on", "language"]

    url_taken = 'Another source has this URL: <a href="{}">source {}</a>.'

    def other_sources(self):
        return Source.objects.exclude(pk=self.instance.pk)


class ReviewForm(forms.Form):
    """A reviewer's decision on a pending source or position."""

    PUBLISH = "publish"
    RETURN = "return"

    decision = forms.ChoiceField(
        choices=[(PUBLISH, "Publish"), (RETURN, "Send back")],
        error_messages={
            "required": "Choose Publish or Send back.",
            "invalid_choice": "Choose Publish or Send back.",
        },
    )
    comment = forms.CharField(
        label="Comment for the editor",
        max_length=MAX_COMMENT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to send it back: say what should change.",
    )
    version = _version_field()

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("comment"):
            self.add_error("comment", "Say what should change before sending it back.")
        return data


class RetractForm(forms.Form):
    """Withdrawing a record, with the reason shown beside it from then on."""

    reason = forms.CharField(
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the record from now on, e.g. “The quote is from an earlier draft.”",
        error_messages={"required": "Say why this is being retracted."},
    )
    version = _version_field()
