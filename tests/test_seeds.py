"""load_seeds: the catalogue, the articles, the linker's excerpts and the curated positions."""

import re
import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from tracker.loading.seeding import load_seeds
from tracker.models import (
    Excerpt,
    Membership,
    Party,
    Person,
    Position,
    Provision,
    ProvisionAlias,
    ProvisionExclusion,
    Source,
)
from tracker.text import dating

pytestmark = pytest.mark.django_db

REQUIRED_PROVISIONS = {
    "board-of-peace",
    "isf-mandate",
    "isf-composition",
    "chapter-vii",
    "reporting-requirements",
    "demilitarization",
    "border-security",
    "palestinian-police",
    "humanitarian-access",
    "transitional-governance",
    "israeli-withdrawal",
    "statehood-pathway",
    "un-role",
    "reconstruction-funding",
}


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Party, Provision, Source, Excerpt, Position, Person, Membership)
    }


@pytest.fixture
def seeds_copy(tmp_path, seeds_dir):
    target = tmp_path / "seeds"
    shutil.copytree(seeds_dir, target)
    return target


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_load_seeds_loads_everything_and_says_what(capsys):
    call_command("load_seeds")
    out = capsys.readouterr().out
    assert "Loaded" in out and "45 positions" in out

    assert REQUIRED_PROVISIONS <= set(Provision.objects.values_list("slug", flat=True))
    # The five seed articles and two UN pages on the vote.
    assert Source.objects.count() == 7
    assert Source.objects.filter(url__startswith="https://www.un").count() == 2
    positions = Position.objects.all()
    assert positions.count() >= 25
    assert positions.values("party").distinct().count() >= 10
    assert positions.values("provision").distinct().count() >= 8
    # The linker made excerpts too, each with what it mentions.
    linked = Excerpt.objects.filter(made_by=Excerpt.MadeBy.LINKER)
    assert linked.filter(provisions__slug="chapter-vii").exists()


def test_second_run_changes_nothing_and_says_so(capsys):
    call_command("load_seeds")
    before = table_counts()
    capsys.readouterr()
    call_command("load_seeds")
    assert capsys.readouterr().out.strip() == "Nothing to do: the seeds are already loaded."
    assert table_counts() == before


def test_every_curated_quote_is_verbatim_in_its_source(seeds_dir):
    load_seeds(seeds_dir)
    curated = yaml.safe_load((seeds_dir / "positions.yaml").read_text(encoding="utf-8"))
    for entry in curated["positions"]:
        text = (seeds_dir / entry["source"]).read_text(encoding="utf-8")
        assert entry["quote"] in text, entry["quote"]
    for position in Position.objects.select_related("excerpt__source"):
        excerpt = position.excerpt
        assert excerpt.source.text[excerpt.start : excerpt.end] == excerpt.exact


def test_seed_articles_carry_what_the_record_confirms_and_no_more(seeds_dir):
    load_seeds(seeds_dir)
    sources = {s.seed_file[:3]: s for s in Source.objects.filter(seed_file__regex=r"^00[0-4]_")}
    # Each has its outlet and address.
    assert all(source.outlet and source.url for source in sources.values())
    # A date where the record confirms one, to the precision it is known to.
    assert sources["004"].date_label == "4 Nov 2025"
    assert sources["000"].date_label == "November 2025"
    assert sources["002"].published_on is None and sources["002"].date_label == "date not known"
    # No headline was confirmed for 002: it stays untitled, and says so.
    assert sources["002"].title == ""
    assert sources["002"].display_title.startswith("[untitled] The United States, in coordination")


def test_most_seed_positions_have_a_date_their_own_or_their_source_s(seeds_dir):
    load_seeds(seeds_dir)
    positions = Position.objects.with_effective_date()
    dated = positions.filter(effective_on__isnull=False).count()
    assert dated >= 0.8 * positions.count()


def test_a_seed_position_dated_from_its_words_is_dated_as_the_form_would_propose(seeds_dir):
    load_seeds(seeds_dir)
    for position in Position.objects.filter(stated_on__isnull=False).select_related(
        "excerpt__source"
    ):
        source = position.excerpt.source
        proposed = dating.date_in_text(
            position.excerpt.exact, source.published_on, source.date_precision
        )
        if proposed is not None:
            assert (position.stated_on, position.date_precision) == (
                proposed.day,
                proposed.precision,
            )
    militias = Position.objects.get(party__code="gaza-militias", provision__slug="isf-composition")
    assert militias.date_text == "stated the week of 27 Oct 2025"


def test_anonymous_official_is_not_recorded_as_on_the_record(seeds_dir):
    load_seeds(seeds_dir)
    chapter_vii = Position.objects.filter(party__code="ISR", provision__slug="chapter-vii")
    assert chapter_vii.exists()
    assert set(chapter_vii.values_list("attribution", flat=True)) == {"anonymous-official"}


def test_quote_not_in_its_article_stops_the_load_and_keeps_nothing(seeds_copy):
    def misquote(data):
        data["positions"][3]["quote"] = (
            "Israel, the official added, is seeking language that avoids Chapter 7."
        )
        data["positions"][3]["source"] = "002_0aa3159d5d715a9b.txt"

    edit_yaml(seeds_copy / "positions.yaml", misquote)
    with pytest.raises(CommandError) as caught:
        call_command("load_seeds", path=seeds_copy)
    message = str(caught.value)
    assert "positions.yaml: position #4 in 002_0aa3159d5d715a9b.txt" in message
    assert "is seeking language that avoids Chapter 7" in message
    assert "nearest match in the text: 'Israel, the official added, is seeking language" in message
    assert all(count == 0 for count in table_counts().values())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["positions"][0].update(party="ZZZ"), "unknown party 'ZZZ'"),
        (lambda d: d["positions"][0].update(provision="nope"), "unknown provision 'nope'"),
        (lambda d: d["positions"][0].update(stance="likes"), "stance 'likes' is not one of"),
        (lambda d: d["positions"][0].update(attribution="gossip"), "attribution 'gossip'"),
        (lambda d: d["positions"][0].pop("quote"), "position #1: missing quote"),
    ],
)
def test_bad_position_entries_are_named(seeds_copy, change, expected):
    edit_yaml(seeds_copy / "positions.yaml", change)
    with pytest.raises(CommandError, match=expected):
        call_command("load_seeds", path=seeds_copy)
    assert Position.objects.count() == 0


def test_ambiguous_quote_must_say_which_occurrence(seeds_copy):
    repeated = "It was not immediately clear when the US would bring the draft resolution to a vote"

    def add(data):
        entry = dict(data["positions"][0], quote=repeated)
        data["positions"].append(entry)

    edit_yaml(seeds_copy / "positions.yaml", add)
    with pytest.raises(CommandError, match="found 2 times; say which occurrence"):
        call_command("load_seeds", path=seeds_copy)

    edit_yaml(seeds_copy / "positions.yaml", lambda d: d["positions"][-1].update(occurrence=2))
    call_command("load_seeds", path=seeds_copy)
    excerpt = Position.objects.get(excerpt__exact=repeated).excerpt
    assert excerpt.start == excerpt.source.text.rindex(repeated)


def test_a_seed_article_changed_after_loading_is_refused(seeds_copy):
    load_seeds(seeds_copy)
    article = seeds_copy / "003_a4963809872b8503.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nA late correction.", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="the file has changed since it was loaded"):
        call_command("load_seeds", path=seeds_copy)


def test_reloading_keeps_what_editors_changed_and_adds_what_is_new(seeds_copy):
    load_seeds(seeds_copy)
    Provision.objects.filter(slug="chapter-vii").update(title="Chapter VII (edited)")
    edit_yaml(
        seeds_copy / "catalogue.yaml",
        lambda d: next(p for p in d["provisions"] if p["slug"] == "chapter-vii")["aliases"].append(
            "Article 42"
        ),
    )
    created = load_seeds(seeds_copy)
    provision = Provision.objects.get(slug="chapter-vii")
    assert provision.title == "Chapter VII (edited)"
    assert provision.aliases.filter(phrase="Article 42").exists()
    assert created["aliases"] == 1


def test_the_adopted_texts_provisions_with_their_sources(seeds_dir):
    load_seeds(seeds_dir)
    assert Provision.objects.count() == 15
    for slug in ("statehood-pathway", "un-role", "reconstruction-funding"):
        provision = Provision.objects.get(slug=slug)
        assert provision.category in Provision.Category.values
        assert provision.source_urls and all(
            u.startswith("https://") for u in provision.source_urls
        )
        assert provision.aliases.exists()
    # Oversight moved from reporting to the UN's role.
    reporting = Provision.objects.get(slug="reporting-requirements")
    assert not reporting.aliases.filter(phrase__icontains="oversight").exists()
    assert Provision.objects.get(slug="un-role").aliases.filter(phrase="Council oversight").exists()


def test_people_exclusions_and_references_back_are_loaded(seeds_dir):
    load_seeds(seeds_dir)
    nebenzia = Person.objects.get(name="Vassily Nebenzia")
    assert "Nebenzya" in nebenzia.names
    membership = nebenzia.memberships.get()
    assert membership.party.code == "RUS" and membership.source.startswith("https://")
    waltz = Membership.objects.get(person__name="Mike Waltz")
    assert waltz.start_date == "2025-09-19"
    assert Person.objects.get(name="António Guterres").memberships.count() == 0
    assert ProvisionExclusion.objects.filter(
        provision__slug="isf-mandate", phrase="British Mandate"
    ).exists()
    assert ProvisionAlias.objects.filter(
        provision__slug="isf-mandate", phrase="the force", refers_back=True
    ).exists()


def test_an_unknown_party_in_a_membership_stops_the_load(seeds_copy):
    edit_yaml(
        seeds_copy / "people.yaml", lambda d: d["people"][0]["memberships"][0].update(party="ZZZ")
    )
    with pytest.raises(
        CommandError, match="people.yaml: person 'Donald Trump': unknown party 'ZZZ'"
    ):
        call_command("load_seeds", path=seeds_copy)
    assert Person.objects.count() == 0


def test_a_database_loaded_before_the_articles_metadata_gets_it_on_the_next_load(seeds_dir):
    load_seeds(seeds_dir)
    # As loaded before the outlets, addresses and dates were confirmed; an editor's title stays.
    Source.objects.filter(seed_file__regex=r"^00[0-4]_").update(
        outlet="", url="", published_on=None, date_precision="day"
    )
    Source.objects.filter(seed_file__startswith="001_").update(title="An editor's title")
    load_seeds(seeds_dir)
    algemeiner = Source.objects.get(seed_file__startswith="004_")
    assert algemeiner.outlet.startswith("The Algemeiner") and algemeiner.date_label == "4 Nov 2025"
    assert Source.objects.get(seed_file__startswith="001_").title == "An editor's title"


STANCE_VERBS = r"(sought|seeks|wants?|wanted|opposes|opposed|rejects?|rejected|insists?|insisted|supports|backed|demands?|demanded)"


def test_provision_summaries_say_what_the_text_says_not_what_a_party_wants(settings):
    """A provision's summary describes the text; a party's wish belongs in a sourced position.
    No summary names a party as the subject of a verb of stance."""
    catalogue = yaml.safe_load((settings.BASE_DIR / "seeds" / "catalogue.yaml").read_text())
    names = [p["name"] for p in catalogue["parties"]] + [
        alias for p in catalogue["parties"] for alias in p.get("aliases", [])
    ]
    for provision in catalogue["provisions"]:
        for sentence in re.split(r"(?<=\.)\s+", provision.get("summary", "")):
            for name in names:
                wish = rf"\b{re.escape(name)}\b[^.;]*\b{STANCE_VERBS}\b"
                assert not re.search(wish, sentence), (provision["slug"], sentence)
