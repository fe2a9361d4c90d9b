"""`manage.py export_matrix`: the web exports' bytes, from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import day, make_party, make_position, make_provision
from tracker.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    usa = make_party("USA", name="United States", kind=Party.Kind.PERMANENT_MEMBER)
    tur = make_party("TUR", name="Türkiye", kind=Party.Kind.STATE)
    isf = make_provision("isf-mandate", title="ISF mandate")
    ch7 = make_provision("chapter-vii", title="Chapter VII", category="legal-basis")
    make_position(usa, isf, stance="supports", stated_on=day("2025-11-01"))
    make_position(usa, isf, stance="opposes", stated_on=day("2025-11-09"), summary="=1+1")
    make_position(tur, ch7, stance="mixed", speaker="Hakan Fidan").retract("Wrong speaker.")


def web_bytes(client, name, params):
    response = client.get(reverse(f"tracker:{name}"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def command_bytes(tmp_path, *args):
    out = tmp_path / "export"
    call_command("export_matrix", *args, "--base-url", "http://testserver", "--output", str(out))
    return out.read_bytes()


@pytest.mark.parametrize(
    "name, args",
    [
        ("export-matrix-csv", []),
        ("export-matrix-json", ["--format", "json"]),
        ("export-positions-csv", ["--long"]),
        ("export-positions-json", ["--long", "--format", "json"]),
    ],
)
@pytest.mark.parametrize(
    "params, filter_args",
    [
        ({}, []),
        ({"as_of": "2025-11-05"}, ["--as-of", "2025-11-05"]),
        (
            {"kind": "permanent-member", "provision": ["isf-mandate", "chapter-vii"]},
            [
                "--kind",
                "permanent-member",
                "--provision",
                "isf-mandate",
                "--provision",
                "chapter-vii",
            ],
        ),
        (
            {"party": "TUR", "category": "legal-basis"},
            ["--party", "TUR", "--category", "legal-basis"],
        ),
    ],
)
def test_the_command_writes_the_same_bytes_as_the_web(
    client, history, tmp_path, name, args, params, filter_args
):
    assert command_bytes(tmp_path, *args, *filter_args) == web_bytes(client, name, params)


def test_it_writes_the_bytes_as_they_are_to_stdout(client, history):
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8")

    call_command("export_matrix", "--long", "--base-url", "http://testserver", stdout=stdout)

    assert raw.getvalue() == web_bytes(client, "export-positions-csv", {})
    assert raw.getvalue().startswith(b"\xef\xbb\xbfposition_id,")


def test_a_captured_stdout_gets_the_text(history):
    out = io.StringIO()

    call_command("export_matrix", stdout=out)

    assert out.getvalue().splitlines()[1:] == [
        "USA,United States,permanent-member,opposes,",
        "TUR,Türkiye,state,,",
    ]


def test_the_permalinks_use_the_base_url(history):
    out = io.StringIO()

    call_command("export_matrix", "--long", "--base-url", "https://tracker.example/", stdout=out)

    assert ",https://tracker.example/sources/" in out.getvalue()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--as-of", "10/11/2025"], "YYYY-MM-DD"),
        (["--party", "XXX"], "There is no party with code XXX"),
    ],
)
def test_a_bad_filter_is_an_error_that_says_why(history, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_matrix", *args, stdout=io.StringIO())
