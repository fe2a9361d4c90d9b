"""Adding a source: the form, the linker's suggestions (kept or dropped), one transaction, and
every kind of bad input answered next to its field with nothing stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_party, make_provision, make_source
from tracker.models import Excerpt, MadeBy, Origin, ReviewStatus, Source
from tracker.text.linking import Linker

pytestmark = pytest.mark.django_db
URL = reverse("tracker:source-new")
PREVIEW = reverse("tracker:source-preview")
TEXT = (
    "Ruritania rejects the mandate.\r\n"
    "Nobody else spoke.\r\n"
    "Later, Ruritania said the mandate could work only if it is reviewed."
)


@pytest.fixture
def vocabulary():
    make_provision(slug="mandate", title="The mandate", aliases=["mandate"])
    make_party(code="RUR", name="Ruritania", aliases=["Ruritania"])


def form_data(**overrides):
    data = {
        "title": "Ruritania and the mandate",
        "outlet": "Example Wire",
        "author": "A. Writer",
        "url": "https://example.org/ruritania",
        "published_on": "2025-11-05",
        "language": "en",
        "text": TEXT,
        "action": "save",
    }
    data.update(overrides)
    return data


def field_block(html, name):
    """The markup of one field: its label, errors, input and help."""
    start = html.rfind('<div class="field', 0, html.index(f'for="id_{name}"'))
    return html[start : html.index("</div>", start)]


def counts():
    return Source.objects.count(), Excerpt.objects.count()


def sentence_keys(text):
    from tracker.text import anchoring

    return [
        f"{s.start}-{s.end}" for s in Linker.from_database().link(anchoring.normalize_text(text))
    ]


def test_the_form_page(client, editor):
    html = client.get(URL).text
    assert "<h1>Add a source</h1>" in html
    assert 'name="text"' in html and f'hx-post="{PREVIEW}"' in html
    assert "Up to 1,000,000 characters" in html


def test_saving_stores_a_pending_source_and_the_linkers_excerpts(client, editor, vocabulary):
    response = client.post(URL, form_data())
    source = Source.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("tracker:source", args=[source.pk])
    assert source.status == ReviewStatus.PENDING and source.origin == Origin.EDITOR
    assert source.created_by == editor
    # Normalised before it was hashed and stored: \r\n became \n.
    assert "\r" not in source.text and source.text.startswith("Ruritania rejects the mandate.\n")
    assert source.published_on == datetime.date(2025, 11, 5)
    excerpts = list(source.excerpts.order_by("start"))
    assert [e.exact for e in excerpts] == [
        "Ruritania rejects the mandate.",
        "Later, Ruritania said the mandate could work only if it is reviewed.",
    ]
    for excerpt in excerpts:
        assert excerpt.made_by == MadeBy.LINKER and excerpt.created_by == editor
        assert source.text[excerpt.start : excerpt.end] == excerpt.exact
        assert [p.slug for p in excerpt.provisions.all()] == ["mandate"]
        assert [p.code for p in excerpt.parties.all()] == ["RUR"]
    # The editor sees it (marked as pending); the public does not.
    page = client.get(response.url).text
    assert "Pending review" in page
    client.logout()
    assert client.get(response.url).status_code == 404


def test_suggestions_left_out_are_dropped_and_the_rest_kept(client, editor, vocabulary):
    first, second = sentence_keys(TEXT)
    response = client.post(URL, form_data(drop=[first]))
    assert response.status_code == 302
    assert [e.start for e in Excerpt.objects.all()] == [int(second.split("-")[0])]


def test_forged_spans_are_ignored(client, editor, vocabulary):
    """Only spans the linker finds in the submitted text are stored; the boxes only leave out."""
    client.post(URL, form_data(drop=["0-5", "3-40"]))
    assert Excerpt.objects.count() == 2
    assert Source.objects.count() == 1


def test_preview_shows_marked_suggestions_and_saves_nothing(client, editor, vocabulary):
    response = client.post(PREVIEW, form_data(title="<b>x</b>"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section id="suggestions"')
    assert "<mark>Ruritania</mark> rejects the <mark>mandate</mark>." in html
    assert html.count('type="checkbox" name="drop"') == 2 and html.count("checked") == 0
    assert counts() == (0, 0)


def test_preview_keeps_a_left_out_box_ticked(client, editor, vocabulary):
    first, second = sentence_keys(TEXT)
    html = client.post(PREVIEW, form_data(drop=[first])).text
    assert f'value="{first}" id="drop-{first}" checked>' in html
    assert f'value="{second}" id="drop-{second}">' in html


def test_find_mentions_without_javascript_re_renders_the_form(client, editor, vocabulary):
    response = client.post(URL, form_data(action="preview", language=""))
    assert response.status_code == 200
    assert "<mark>Ruritania</mark> rejects" in response.text
    assert "<h1>Add a source</h1>" in response.text
    # A preview reports on the text only; other fields are checked on save.
    assert "field-errors" not in response.text
    assert counts() == (0, 0)


def test_a_text_without_mentions_can_still_be_saved(client, editor, vocabulary):
    response = client.post(URL, form_data(text="Nothing relevant here."))
    assert response.status_code == 302
    assert Source.objects.get().excerpts.count() == 0


def test_duplicate_url_and_duplicate_text_are_refused_with_a_link(client, editor, vocabulary):
    existing = make_source(text="Some\nstored text.", url="https://example.org/ruritania")
    response = client.post(URL, form_data())
    assert response.status_code == 400
    link = f'<a href="/sources/{existing.pk}/">source {existing.pk}</a>'
    assert f"This URL is already stored: {link}." in response.text
    # The same text once normalised (\r\n line endings) is the same text.
    response = client.post(URL, form_data(url="", text="Some\r\nstored text."))
    assert response.status_code == 400
    assert f"This text is already stored: {link}." in response.text
    assert counts() == (1, 0)


def test_a_second_identical_submission_changes_nothing(client, editor, vocabulary):
    assert client.post(URL, form_data()).status_code == 302
    before = counts()
    response = client.post(URL, form_data())
    assert response.status_code == 400
    assert "already stored" in response.text
    assert counts() == before


BAD_INPUT = [
    ({"text": ""}, "text", "This field is required."),
    ({"text": " \n\t "}, "text", "Paste the article"),
    ({"text": "x" * 1_000_001}, "text", "the limit is 1,000,000 characters"),
    ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
    ({"url": "ftp://example.org/a"}, "url", "starting with http:// or https://"),
    ({"url": "https://"}, "url", "starting with http:// or https://"),
    ({"url": "https://example.org/" + "a" * 2000}, "url", "at most 2000 characters"),
    ({"published_on": "2025-13-40"}, "published_on", "Enter a valid date."),
    ({"published_on": "yesterday"}, "published_on", "Enter a valid date."),
    ({"title": "t" * 501}, "title", "at most 500 characters"),
    ({"outlet": "o" * 201}, "outlet", "at most 200 characters"),
    ({"author": "a" * 201}, "author", "at most 200 characters"),
    ({"language": "english!"}, "language", "a language tag"),
    ({"language": "a-very-long-tag"}, "language", "at most 12 characters"),
    ({"language": ""}, "language", "This field is required."),
    ({"text": "Nul \x00 byte"}, "text", "Null characters are not allowed."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field(
    client, editor, vocabulary, overrides, field, message
):
    response = client.post(URL, form_data(**overrides))
    assert response.status_code == 400
    html = response.text
    assert "The source was not saved." in html
    # The message sits in the field's own block.
    assert message in field_block(html, field)
    assert counts() == (0, 0)


def test_a_future_date_is_refused(client, editor, vocabulary):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(URL, form_data(published_on=tomorrow))
    assert response.status_code == 400
    assert "This date is in the future" in response.text
    assert counts() == (0, 0)


def test_html_in_any_field_is_stored_as_text_and_escaped_on_output(client, editor, vocabulary):
    script = "<script>alert('x')</script>"
    response = client.post(
        URL,
        form_data(
            title=f"Title {script}",
            outlet=f"Outlet {script}",
            author=f"Author {script}",
            text=f"Ruritania rejects the mandate {script}.",
        ),
    )
    source = Source.objects.get()
    assert source.title == f"Title {script}" and source.text.endswith(f"{script}.")
    html = client.get(response.url).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    # And in a re-rendered form.
    again = client.post(URL, form_data(title=script, url="bad")).text
    assert "<script>alert" not in again


def test_one_transaction_a_failing_excerpt_leaves_nothing(client, editor, vocabulary, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # The excerpts' mentions are written last: a failure there undoes the source too.
    monkeypatch.setattr("tracker.recording.sources.add_mentions", broken)
    with pytest.raises(RuntimeError):
        client.post(URL, form_data())
    assert counts() == (0, 0)


# --- More than the server reads ----------------------------------------------------------------


def test_a_request_over_the_size_limit_says_the_limit_in_place(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = form_data(text="Ruritania rejects the mandate. " * 100)
    response = client.post(PREVIEW, data, headers={"HX-Request": "true"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "An article's text can be up to 1,000,000 characters." in response.text
    assert "What you typed is still in the form." in response.text
    response = client.post(URL, data)
    assert response.status_code == 413
    assert "<h1>Too much to send</h1>" in response.text
    assert "Go back: your browser keeps what you typed" in response.text
    assert counts() == (0, 0)


def test_a_two_megabyte_paste_is_read_and_refused_with_the_limit(client, editor):
    text = "Ruritania rejects the mandate. " * 70_000
    response = client.post(PREVIEW, form_data(text=text), headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "The text is 2,170,000 characters long; the limit is 1,000,000" in response.text
    assert counts() == (0, 0)
