"""Forms for what editors enter: a source with the linker's excerpts, and a sourced position.

Everything a browser sends is checked again here: the text is normalised before it is measured
or hashed, offsets are re-read against the stored text, parties and provisions must exist, and
the fixed lists are the models' own. Fields keep what was typed as text; templates escape it.
"""

import re

from django import forms
from django.core.validators import URLValidator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from tracker import recording
from tracker.models import (
    Attribution,
    ChangeKind,
    DatePrecision,
    Party,
    Position,
    Provenance,
    Provision,
    Source,
    Stance,
    Version,
    VersionStatus,
)
from tracker.recording.positions import MAX_SUMMARY_CHARS, check_details
from tracker.recording.retraction import MAX_REASON_CHARS
from tracker.recording.sources import MAX_TEXT_CHARS, check_text, check_url
from tracker.text.speakers import party_for

MAX_QUOTE_CHARS = 5_000
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _not_in_future(day):
    return _as_field_error(check_details, {"stated_on": day})["stated_on"]


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        # A date field shows ISO dates; what was typed (even if malformed) is shown back as is.
        return value.isoformat() if hasattr(value, "isoformat") else value


def _one_line(value):
    return " ".join(value.split())


def refusal_html(refused: recording.Refused) -> SafeString:
    """A refusal's reason, with the words that name the record in the way linked to it."""
    html = escape(refused.reason)
    if refused.link:
        label, url = refused.link
        html = html.replace(escape(label), format_html('<a href="{}">{}</a>', url, label), 1)
    return mark_safe(html)


def _as_field_error(check, *args, **kwargs):
    """The result of a domain check, or its refusal as a form error."""
    try:
        return check(*args, **kwargs)
    except recording.Refused as refused:
        raise forms.ValidationError(refusal_html(refused)) from None


# --- A source ---------------------------------------------------------------------------------


def _precision_field(
    label="The date it was said is known to the",
    help_text="Only its week or month known (\u201clast week\u201d): give any day of it.",
):
    """How much of a date is known: its day, its week or its month (a form left without it
    keeps the record's own, see _precision)."""
    return forms.ChoiceField(
        label=label,
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        required=False,
        help_text=help_text,
    )


class SourceDetailsForm(forms.Form):
    """A source's details and how they are checked, on the add form and the edit form alike
    (on the edit form, the record's own values stand in for the initial ones). A form sets
    `other_than`: the source being edited, if any."""

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
    date_precision = _precision_field(
        "The publication date is known to the",
        "Only its week or month known: give any day of it (kept as the week's Monday or the "
        "month's first day).",
    )
    language = forms.CharField(
        max_length=12, initial="en", help_text="A language tag such as en, fr or pt-BR."
    )

    def other_than(self):
        """The source being edited, whose own URL is no twin of itself."""
        return None

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
        _as_field_error(check_url, url, other_than=self.other_than())
        return url

    def clean_published_on(self):
        return _not_in_future(self.cleaned_data["published_on"])

    def clean_date_precision(self):
        return _precision(self, self.cleaned_data["date_precision"])

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
        return _as_field_error(check_text, self.cleaned_data["text"])


# --- A position -------------------------------------------------------------------------------


def find_party(value):
    """The party with this code or name (any case), or None."""
    return (
        Party.objects.filter(code=value).first()
        or Party.objects.filter(code__iexact=value).first()
        or Party.objects.filter(name__iexact=value).first()
    )


class PartiesField(forms.CharField):
    """Parties typed by code or name (the page offers both in a datalist), several separated
    by commas or semicolons: a statement made by several parties together."""

    def clean(self, value):
        value = _one_line(super().clean(value))
        if not value:
            return []
        whole = find_party(value)
        if whole is not None:
            return [whole]
        parties, unknown = [], []
        for piece in re.split(r"\s*[;,]\s*", value):
            if not piece:
                continue
            party = find_party(piece)
            (parties if party else unknown).append(party or piece)
        if unknown:
            names = ", ".join(f"“{piece}”" for piece in unknown)
            raise forms.ValidationError(
                f"No party has the name or code {names}; choose from the list."
            )
        return parties


def _precision(form, value):
    """A precision left out of the form is the record's own (or a day's, for a new one)."""
    if value:
        return value
    instance = getattr(form, "instance", None)
    return getattr(instance, "date_precision", None) or DatePrecision.DAY


class PositionDetailsForm(forms.Form):
    """What a position's speaker and summary are, and how they and its date are checked, on
    recording and on editing. The other fields differ: blank choices for a new position, and
    the date's hint."""

    speaker = forms.CharField(
        max_length=300, required=False, help_text="Who said it, if the source names them."
    )
    summary = forms.CharField(
        max_length=MAX_SUMMARY_CHARS,
        help_text="One neutral line in reported speech: what was said.",
        widget=forms.TextInput(attrs={"size": 60}),
    )

    def clean_speaker(self):
        return _as_field_error(check_details, {"speaker": self.cleaned_data["speaker"]})["speaker"]

    def clean_stated_on(self):
        return _not_in_future(self.cleaned_data["stated_on"])

    def clean_date_precision(self):
        return _precision(self, self.cleaned_data["date_precision"])

    def clean_summary(self):
        summary = self.cleaned_data["summary"]
        return _as_field_error(check_details, {"summary": summary})["summary"]


def _party_of(data):
    """The party the speaker speaks for (tracker/text/speakers.py), when the editor named no
    party."""
    speaker = data.get("speaker")
    return party_for(speaker, on=data.get("stated_on")) if speaker else None


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
    mentioned = forms.MultipleChoiceField(
        label="Parties named in the quote",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each party whose position this is.",
    )
    party = PartiesField(
        label="Party",
        max_length=2000,
        widget=forms.TextInput(attrs={"list": "party-options", "autocomplete": "off"}),
        error_messages={"required": "Choose the party whose position this is."},
        help_text="Type a name or code and choose from the list. A statement several parties "
        "made together: separate them with commas (Russia, China); each gets its own position. "
        "Left empty, it is the party the speaker speaks for, when the speakers' list knows it.",
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
        help_text="When it was said, as the text gives it. Left empty, the position is dated "
        "by its source's publication date.",
    )
    date_precision = _precision_field()

    def __init__(self, *args, source, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)
        self.fields["mentioned"].choices = list(Party.objects.values_list("code", "name"))
        self.mentioned_parties = []
        if self.is_bound and (self.data.getlist("mentioned") or self.data.get("speaker")):
            self.fields["party"].required = False  # a ticked box, or the speaker, names it

    def offer(self, parties):
        """Offer the parties the quote names as boxes to tick; the party field is then for
        any other."""
        self.mentioned_parties = list(parties)
        self._bound_fields_cache.pop("party", None)  # its label is read when first shown
        if self.mentioned_parties:
            self.fields["party"].required = False
            self.fields["party"].label = "Another party"
            self.fields["party"].help_text = (
                "A party the quote does not name: type a name or code and choose from the "
                "list; several separated by commas."
            )

    def ticked(self):
        """The codes of the boxes ticked (or to tick), for the page."""
        value = self.data.getlist("mentioned") if self.is_bound else self["mentioned"].value()
        return set(value or [])

    def clean(self):
        data = super().clean()
        if not self.has_error("mentioned") and not self.has_error("party"):
            ticked = list(Party.objects.filter(code__in=data.get("mentioned") or []))
            data["parties"] = list(dict.fromkeys([*ticked, *(data.get("party") or [])]))
            if not data["parties"] and (spoken_for := _party_of(data)):
                data["parties"] = [spoken_for]
            if not data["parties"]:
                self.add_error("party", "Choose the party whose position this is.")
        if not any(self.has_error(name) for name in ("quote", "start", "end", "excerpt")):
            try:
                data["anchor"] = recording.anchor(
                    self.source,
                    excerpt_id=data.get("excerpt"),
                    start=data.get("start"),
                    end=data.get("end"),
                    quote=data.get("quote") or None,
                )
            except recording.Refused as refused:
                self.add_error("quote", refusal_html(refused))
        return data


# --- Review, edits, retraction ----------------------------------------------------------------
# Used by tracker/views/review.py and tracker/views/changing.py. Each form carries the version
# of the record it was opened at; the save checks it (models.Versioned), so a save based on a
# copy someone else has changed since is refused instead of overwriting their change.

OUT_OF_DATE_FORM = "This form lacks the version it was opened at; open the page again."
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
        """The fields whose submitted value differs from what the record holds now (a
        precision left out of the form is the record's own: no change)."""
        return [
            name
            for name in self.changed_data
            if name != "version"
            and not (
                name == "date_precision"
                and self.cleaned_data.get(name) == self.instance.date_precision
            )
        ]


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
    date_precision = _precision_field()

    about_version = forms.ModelChoiceField(
        label="About the version",
        queryset=Version.objects.none(),
        required=False,
        empty_label="The one circulating when it was said",
        help_text="Name a version only when the source says which text the statement is about.",
    )

    class Meta:
        model = Position
        fields = [
            "stance",
            "speaker",
            "attribution",
            "stated_on",
            "date_precision",
            "summary",
            "about_version",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_version"].queryset = (
            Version.objects.filter(draft__negotiation_id=self.instance.provision.negotiation_id)
            .select_related("draft")
            .order_by("draft__order", "number")
        )
        self.fields["about_version"].label_from_instance = lambda version: (
            f"{version.draft.title}: {version.label} ({version.date_label})"
        )


class SourceEditForm(SourceDetailsForm, _OpenedAtVersion, forms.ModelForm):
    """A source's details. Its text is not here: it never changes once stored, because its
    excerpts point into it."""

    version = _version_field()

    class Meta:
        model = Source
        fields = ["title", "outlet", "author", "url", "published_on", "date_precision", "language"]

    def other_than(self):
        return self.instance


class ReviewForm(forms.Form):
    """A reviewer's decision on a pending source or position."""

    PUBLISH = "publish"
    PUBLISH_ALL = "publish-all"  # a source, with its pending positions
    RETURN = "return"

    decision = forms.ChoiceField(
        choices=[
            (PUBLISH, "Publish"),
            (PUBLISH_ALL, "Publish with its pending positions"),
            (RETURN, "Send back"),
        ],
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


# --- The negotiation's texts (tracker/views/revising.py) --------------------------------------
# A fact about the negotiation (a version circulated, what it changed) goes in with the public
# page that reports it: each of these forms asks for its address and, optionally, the words.


def _web_address(value):
    value = value.strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
    except forms.ValidationError:
        raise forms.ValidationError(
            "Give a full web address starting with http:// or https://."
        ) from None
    return value


class CitedForm(forms.Form):
    """The public source that reports what the form records."""

    source_url = forms.CharField(
        label="Reported at (URL)",
        max_length=2000,
        help_text="The public page that reports it, starting with http:// or https://.",
        error_messages={"required": "Give the address of the page that reports it."},
    )
    source_outlet = forms.CharField(label="Outlet", max_length=200, required=False)
    source_quote = forms.CharField(
        label="The words that report it",
        max_length=MAX_QUOTE_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copied from that page, so a reader can find them there.",
    )

    def clean_source_url(self):
        return _web_address(self.cleaned_data["source_url"])

    def citation(self):
        data = self.cleaned_data
        return {
            "url": data["source_url"],
            "outlet": _one_line(data["source_outlet"]),
            "quote": data["source_quote"],
        }


class VersionForm(CitedForm):
    """The next version of a draft, as far as it is known."""

    label = forms.CharField(
        max_length=200, help_text="As reporting names it, e.g. “Second revised draft”."
    )
    symbol = forms.CharField(
        label="Document symbol",
        max_length=40,
        required=False,
        help_text="e.g. S/2025/748, once the text has one.",
    )
    circulated_on = forms.DateField(
        label="Circulated on",
        required=False,
        widget=DateInput,
        help_text="YYYY-MM-DD; blank if no source says. For a week or a month, give its first day.",
    )
    date_precision = forms.ChoiceField(
        label="The date is known to the", choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    status = forms.ChoiceField(choices=VersionStatus.choices, initial=VersionStatus.CIRCULATED)
    resolution_symbol = forms.CharField(
        label="Adopted as",
        max_length=40,
        required=False,
        help_text="e.g. S/RES/2803 (2025), if it was adopted.",
    )
    provenance = forms.ChoiceField(
        label="What is known of it",
        choices=Provenance.choices,
        initial=Provenance.REPORTED_CHANGES,
        help_text="Only an official text goes in the text box below; never reconstruct one.",
    )
    summary = forms.CharField(
        max_length=MAX_SUMMARY_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In neutral words, what is known of this version.",
    )
    text = forms.CharField(
        label="Official text",
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=f"The document's text, pasted whole. Up to {MAX_TEXT_CHARS:,} characters.",
    )

    DETAILS = (
        "label",
        "symbol",
        "circulated_on",
        "date_precision",
        "status",
        "resolution_symbol",
        "provenance",
        "summary",
        "text",
    )
    field_order = [*DETAILS, "source_url", "source_outlet", "source_quote"]

    def clean_label(self):
        return _one_line(self.cleaned_data["label"])

    def clean_circulated_on(self):
        return _not_in_future(self.cleaned_data["circulated_on"])

    def clean_text(self):
        text = self.cleaned_data["text"]
        return _as_field_error(check_text, text) if text.strip() else ""

    def clean(self):
        data = super().clean()
        provenance, text = data.get("provenance"), data.get("text")
        if provenance == Provenance.OFFICIAL_TEXT and text == "" and "text" not in self.errors:
            self.add_error("text", "An official text needs the text itself; paste it here.")
        if text and provenance and provenance != Provenance.OFFICIAL_TEXT:
            self.add_error(
                "provenance",
                "Only an official text is stored as the version's text; choose “Official text” "
                "or leave the text box empty.",
            )
        return data

    def details(self):
        return {name: self.cleaned_data[name] for name in self.DETAILS}


class ReportedChangeForm(CitedForm):
    """What a source reports a version changed on one provision."""

    provision = forms.ModelChoiceField(
        queryset=Provision.objects.none(),
        to_field_name="slug",
        empty_label="Choose the provision",
        error_messages={"invalid_choice": "Choose one of the provisions listed."},
    )
    kind = forms.ChoiceField(label="Change", choices=ChangeKind.choices)
    description = forms.CharField(
        label="What changed",
        max_length=MAX_SUMMARY_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In neutral words, as the source reports it.",
        error_messages={"required": "Say what changed, in neutral words."},
    )
    quoted_wording = forms.CharField(
        label="Wording the source quotes",
        max_length=MAX_QUOTE_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only words the source quotes from the draft itself.",
    )

    field_order = ["provision", "kind", "description", "quoted_wording"]

    def __init__(self, *args, negotiation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision"].queryset = negotiation.provisions.all()

    def details(self):
        return {name: self.cleaned_data[name] for name in self.field_order}


class ParagraphForm(forms.Form):
    """An editor's reading of a paragraph: which earlier paragraph it is, what it carries."""

    NEW = "new"

    earlier = forms.ChoiceField(
        label="This paragraph is",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the paragraphs listed, or “New”."},
    )
    provisions = forms.ModelMultipleChoiceField(
        queryset=Provision.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="It carries",
        error_messages={"invalid_choice": "Choose among the provisions listed."},
    )

    def __init__(self, *args, paragraph, earlier_paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier_paragraphs = {p.eid: p for p in earlier_paragraphs}
        self.fields["earlier"].choices = [
            (self.NEW, "New in this version"),
            *((p.eid, f"{p.name}: {Truncator(p.text).chars(140)}") for p in earlier_paragraphs),
        ]
        self.fields["provisions"].queryset = paragraph.version.draft.negotiation.provisions.all()

    def clean_earlier(self):
        value = self.cleaned_data["earlier"]
        return None if value == self.NEW else self.earlier_paragraphs[value]


class RevisionForm(forms.Form):
    """A newer text of a stored article (its outlet updated it at the same address)."""

    text = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=f"The article's whole text as it reads now. Up to {MAX_TEXT_CHARS:,} characters.",
    )

    def clean_text(self):
        return _as_field_error(check_text, self.cleaned_data["text"])
