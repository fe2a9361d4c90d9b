"""suggest_links PATH: JSON suggestions from the same linker the app uses."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(path, capsys):
    call_command("suggest_links", str(path))
    return json.loads(capsys.readouterr().out)


def test_one_object_per_sentence_and_provision_with_exact_offsets(seeded_db, tmp_path, capsys):
    text = (
        "Türkiye’s envoy 🕊️ spoke first. Ankara rejects Chapter 7 and the ISF mandate.\n"
        "Headline: Board of Peace meets\n"
        "Nothing here mentions anything."
    )
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")

    suggestions = run(path, capsys)

    assert [(s["provision"], s["text"]) for s in suggestions] == [
        ("chapter-vii", "Ankara rejects Chapter 7 and the ISF mandate."),
        ("isf-mandate", "Ankara rejects Chapter 7 and the ISF mandate."),
        ("board-of-peace", "Headline: Board of Peace meets"),
    ]
    for suggestion in suggestions:
        assert set(suggestion) == {"provision", "start", "end", "text"}
        # Python string indices, not byte offsets: the non-ASCII text before does not shift them.
        assert text[suggestion["start"] : suggestion["end"]] == suggestion["text"]


def test_seed_article_suggestions_point_into_the_file(seeded_db, seeds_dir, capsys):
    path = seeds_dir / "002_0aa3159d5d715a9b.txt"
    text = path.read_text(encoding="utf-8")
    suggestions = run(path, capsys)
    # The Council's "direct involvement" the article speaks of is oversight: un-role.
    assert {"chapter-vii", "isf-composition", "un-role"} <= {s["provision"] for s in suggestions}
    for suggestion in suggestions:
        assert text[suggestion["start"] : suggestion["end"]] == suggestion["text"]


def test_uses_the_aliases_in_the_database(seeded_db, tmp_path, capsys):
    from tracker.models import Provision, ProvisionAlias

    path = tmp_path / "a.txt"
    path.write_text("Delegates discussed the blue helmets.", encoding="utf-8")
    assert run(path, capsys) == []
    ProvisionAlias.objects.create(
        provision=Provision.objects.get(slug="isf-composition"), phrase="blue helmets"
    )
    assert [s["provision"] for s in run(path, capsys)] == ["isf-composition"]


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("suggest_links", str(tmp_path / "absent.txt"))
