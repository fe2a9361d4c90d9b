"""How far two readers agree: a second, independent reading of some yardstick articles.

    python bench/linkeval/agreement.py [--second FILE]

`second_reading.yaml` here holds articles of `articles.yaml` (same ids, same sentence texts in
the same order) labelled again by readers who never saw the first labels. Taking the first
reading as the key, the second reader's precision and recall per provision say how much two
careful readers agree; the linker's own precision and recall on the same sentences are printed
beside them, so that its gap to the bar can be set against the readers' own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

import score  # noqa: E402

from tracker.text.linking import Linker  # noqa: E402
from tracker.text.vocabulary import Vocabulary  # noqa: E402


def paired(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    """Each second-read article with its first reading; the texts must be the same."""
    by_id = {article["id"]: article for article in first}
    pairs = []
    for article in second:
        original = by_id[article["id"]]
        texts = [s["text"] for s in original["sentences"]]
        if [s["text"] for s in article["sentences"]] != texts:
            raise ValueError(f"{article['id']}: the sentences differ from articles.yaml")
        pairs.append((original, article))
    return pairs


def agreement(pairs: list[tuple[dict, dict]]) -> score.Tally:
    """The second reading scored against the first, as the linker is scored."""
    tally = score.Tally()
    for original, again in pairs:
        for one, two in zip(original["sentences"], again["sentences"], strict=True):
            notes = one.get("notes") or {}
            tally.add(
                original["id"], one["text"], score.gold_labels(one), score.gold_labels(two), notes
            )
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--second", type=Path, default=HERE / "second_reading.yaml")
    args = parser.parse_args(argv)
    first = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
    second = yaml.safe_load(args.second.read_text(encoding="utf-8"))
    pairs = paired(first, second)
    seeds = HERE.parent.parent / "seeds"
    linker = Linker(Vocabulary.from_seeds(seeds))
    tallies = {
        "second reader": agreement(pairs),
        "linker": score.score_articles(linker, [original for original, _ in pairs]),
    }
    print(f"{len(pairs)} articles read twice; the first reading is the key.\n")
    score.print_table(tallies, score.provision_slugs(seeds), markdown=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
