"""bench/linkeval: the yardstick's split and the seed labels stay what the README says."""

import hashlib
import importlib.util
import sys
from collections import Counter

import pytest
import yaml
from django.conf import settings

HERE = settings.BASE_DIR / "bench" / "linkeval"


def _load(name: str, filename: str):
    spec = importlib.util.spec_from_file_location(name, HERE / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score():
    return _load("linkeval_score", "score.py")


BATCHES = (
    ("held-out", "dev"),
    ("fresh", "dev2"),
    ("fresh2", "dev3"),
    ("fresh3", "dev4"),
    ("fresh4", "dev5"),
    ("fresh5", "dev6"),
    ("fresh6", "dev7"),
    ("fresh7", "dev8"),
    ("fresh8", "dev9"),
    ("fresh9", "dev10"),
    ("fresh10", "dev11"),
    ("fresh11", "dev12"),
    ("fresh12", "dev13"),
    ("fresh13", "dev14"),
    ("fresh14", "dev15"),
    ("fresh15", "dev16"),
    ("fresh16", "dev17"),
    ("fresh17", "dev18"),
    ("fresh18", "dev19"),
    ("fresh19", "dev20"),
    ("fresh20", "dev21"),
    ("fresh21", "dev22"),
    ("fresh22", "dev23"),
    ("fresh23", "dev24"),
    ("fresh24", "dev25"),
    ("fresh25", "dev26"),
    ("fresh26", "dev27"),
    ("fresh27", "dev28"),
    ("fresh28", "dev29"),
    ("fresh29", "dev30"),
    ("fresh30", "dev31"),
    ("fresh31", "dev32"),
    ("fresh32", "dev33"),
    ("fresh33", "dev34"),
    ("fresh34", "dev35"),
    ("fresh35", "dev36"),
    ("fresh36", "dev37"),
    ("fresh37", "dev38"),
    ("fresh38", "dev39"),
    ("fresh39", "dev40"),
    ("fresh40", "dev41"),
    ("fresh41", "dev42"),
    ("fresh42", "dev43"),
    ("fresh43", "dev44"),
    ("fresh44", "dev45"),
    ("fresh45", "dev46"),
    ("fresh46", "dev47"),
    ("fresh47", "dev48"),
)


def test_the_split_is_fixed_by_article_id():
    """Each batch is split by the hash of the article's id; the second batch (dev2 and fresh)
    follows the first as one block, the third (dev3 and fresh2) the second, the fourth (dev4
    and fresh3) the third, and so on, so no article can move from one batch to another."""
    articles = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    batch = 0
    for article in articles:
        while article["part"] not in BATCHES[batch]:
            batch += 1  # an article of a later batch: every one after it is of that batch or later
            assert batch < len(BATCHES), article["id"]
        held_out = int(hashlib.sha256(article["id"].encode()).hexdigest(), 16) % 3 == 0
        assert article["part"] == BATCHES[batch][0 if held_out else 1], article["id"]
        assert article["url"].startswith("http") and article["outlet"], article["id"]
    assert batch == len(BATCHES) - 1  # the last batch is there


def test_no_article_is_in_the_yardstick_twice_nor_a_sentence_of_a_later_batch():
    """The third batch was checked against the first two for pages and sentences already there,
    and each later one against all before it (one sentence of the first batch is also in the
    second, from two copies of one report)."""
    articles = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    for key in ("id", "url"):
        values = [article[key] for article in articles]
        assert len(values) == len(set(values)), key
    texts = Counter(" ".join(s["text"].lower().split()) for a in articles for s in a["sentences"])
    for article in articles:
        if article["part"] in sum(BATCHES[2:], ()):
            for sentence in article["sentences"]:
                assert texts[" ".join(sentence["text"].lower().split())] == 1, sentence["text"]


def test_every_curated_position_is_among_its_sentences_labels(score):
    assert score.check_seed_labels(settings.BASE_DIR / "seeds", HERE / "seeds.yaml") == []


def test_a_found_label_is_a_hit_or_a_false_hit_and_a_missing_one_a_miss(score):
    tally = score.Tally()
    tally.add(
        "article",
        "text",
        gold={("provision", "isf-mandate"), ("party", "ISR")},
        found={("provision", "isf-mandate"), ("party", "GBR")},
        notes={"ISR": "context", "GBR": "negative"},
    )
    assert tally.totals() == (1, 1, 1)
    assert tally.kinds_found["named"] == 1 and tally.kinds["context"] == 1
    assert (tally.negatives, tally.negatives_linked) == (1, 1)


def test_groups_sum_the_parts_tuned_on_apart_from_those_never_read(score):
    def tally(found):
        one = score.Tally()
        one.add("a", "text", gold={("party", "ISR")}, found=found, notes={})
        return one

    grouped = score.group_tallies(
        {
            "dev": tally({("party", "ISR")}),
            "dev2": tally({("party", "ISR"), ("party", "GBR")}),
            "held-out": tally(set()),
            "fresh": tally({("party", "ISR")}),
        }
    )
    assert list(grouped) == ["tuned", "unseen"]
    assert grouped["tuned"].totals() == (2, 1, 0)
    assert grouped["unseen"].totals() == (1, 0, 1)


@pytest.fixture(scope="module")
def agreement():
    return _load("linkeval_agreement", "agreement.py")


def test_a_second_reading_is_scored_against_the_first_as_the_linker_is(agreement):
    first = [
        {"id": "a", "sentences": [{"text": "T", "provisions": ["isf-mandate"], "parties": ["ISR"]}]}
    ]
    again = [{"id": "a", "sentences": [{"text": "T", "provisions": ["isf-mandate"]}]}]
    assert agreement.agreement(agreement.paired(first, again)).totals() == (1, 0, 1)
    with pytest.raises(ValueError):
        agreement.paired(first, [{"id": "a", "sentences": [{"text": "U"}]}])


def test_the_stored_second_reading_is_of_the_yardsticks_own_sentences(agreement):
    first = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    second = yaml.safe_load((HERE / "second_reading.yaml").read_text(encoding="utf-8"))
    assert len(agreement.paired(first, second)) == len(second) > 0
