"""bench/linkeval: the yardstick's split and the seed labels stay what the README says."""

import hashlib
import importlib.util
import sys

import pytest
import yaml
from django.conf import settings

HERE = settings.BASE_DIR / "bench" / "linkeval"


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("linkeval_score", HERE / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_split_is_fixed_by_article_id():
    """Each batch is split by the hash of the article's id; the second batch (dev2 and fresh)
    follows the first as one block, so no article can move from one batch to the other."""
    articles = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    second_batch = False
    for article in articles:
        second_batch = second_batch or article["part"] in ("dev2", "fresh")
        held_out = int(hashlib.sha256(article["id"].encode()).hexdigest(), 16) % 3 == 0
        parts = ("fresh", "dev2") if second_batch else ("held-out", "dev")
        assert article["part"] == parts[0 if held_out else 1], article["id"]
        assert article["url"].startswith("http") and article["outlet"], article["id"]


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
