"""`make linkeval`: how well the linker finds what labelled sentences mention.

    python bench/linkeval/score.py [--articles FILE] [--part PART ...] [--misses] [--markdown]
                                   [--groups]

The vocabulary is read from seeds/ (catalogue.yaml and people.yaml: what `load_seeds` puts in an
empty database), so no database is needed. Two measures, both printed per provision (parties
are summed; `--misses` lists them one by one):

1. **The yardstick** (articles.yaml here): each article's labelled sentences are joined, one per
   line and in page order, into one text, and the linker reads that text as it would a pasted
   article (so a sentence may refer back to an earlier one). What it finds in each sentence is
   compared with the labels: a found key that is labelled is a hit, one that is not is a false
   hit, a labelled key not found is a miss. Misses are counted by kind (named, described,
   context, speaker), and `negative` notes (must not link) that were linked anyway are counted.
   dev, held-out, dev2, fresh, dev3, fresh2, and so on to dev48 and fresh47, are reported apart
   (see README.md here for how the split was made; `--part` chooses which, and may be given
   more than once, e.g. `--part dev --part dev2 … --part dev7 --part seeds` to see only what
   may be tuned on). `--groups` sums the parts tuned on (dev, dev2 …) into one column and the
   parts never read (held-out, fresh …) into another.
2. **The seeds** (seeds/*.txt, seeds/positions.yaml and seeds.yaml here): the curated positions
   are labels for the sentences that carry their quotes, but only partly (a position names one
   party and one provision; its sentence may mention more). So the seeds are scored on those
   sentences only, each with the keys seeds.yaml gives it (every provision and party a careful
   reader finds there, the positions' among them; what a position records that its sentence does
   not say is `unstated`, and counts neither way): recall and precision as above, over the
   linker's reading of the whole article. Sentences that carry no curated quote are not scored.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tracker.text import anchoring  # noqa: E402
from tracker.text.linking import Linker  # noqa: E402
from tracker.text.vocabulary import Vocabulary  # noqa: E402

MENTION_KINDS = ("named", "described", "context", "speaker")
# Each batch's tuning part, then its unseen part, in the order the batches came.
PARTS = (
    *("dev", "held-out", "dev2", "fresh", "dev3", "fresh2", "dev4", "fresh3"),
    *("dev5", "fresh4", "dev6", "fresh5", "dev7", "fresh6", "dev8", "fresh7"),
    *("dev9", "fresh8", "dev10", "fresh9", "dev11", "fresh10", "dev12", "fresh11"),
    *("dev13", "fresh12", "dev14", "fresh13", "dev15", "fresh14", "dev16", "fresh15"),
    *("dev17", "fresh16", "dev18", "fresh17", "dev19", "fresh18", "dev20", "fresh19"),
    *("dev21", "fresh20", "dev22", "fresh21", "dev23", "fresh22", "dev24", "fresh23"),
    *("dev25", "fresh24", "dev26", "fresh25", "dev27", "fresh26", "dev28", "fresh27"),
    *("dev29", "fresh28", "dev30", "fresh29", "dev31", "fresh30", "dev32", "fresh31"),
    *("dev33", "fresh32", "dev34", "fresh33", "dev35", "fresh34", "dev36", "fresh35"),
    *("dev37", "fresh36", "dev38", "fresh37", "dev39", "fresh38", "dev40", "fresh39"),
    *("dev41", "fresh40", "dev42", "fresh41", "dev43", "fresh42", "dev44", "fresh43"),
    *("dev45", "fresh44", "dev46", "fresh45", "dev47", "fresh46", "dev48", "fresh47"),
)

Label = tuple[str, str]  # ("provision", slug) or ("party", code)


def is_tuned(part: str) -> bool:
    """Whether rules were tuned on this part's misses (dev, dev2 …), or it was never read."""
    return part.startswith("dev")


@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)  # labels by kind of mention
    kinds_found: Counter = field(default_factory=Counter)
    negatives: int = 0
    negatives_linked: int = 0
    misses: list = field(default_factory=list)  # (label, kind, article id, sentence)
    false: list = field(default_factory=list)  # (label, article id, sentence)

    def add(self, where: str, text: str, gold: set, found: set, notes: dict) -> None:
        for label in found & gold:
            self.tp[label] += 1
        for label in found - gold:
            self.fp[label] += 1
            self.false.append((label, where, text))
        for label in gold:
            kind = notes.get(label[1], "named")
            self.kinds[kind] += 1
            if label in found:
                self.kinds_found[kind] += 1
            else:
                self.fn[label] += 1
                self.misses.append((label, kind, where, text))
        found_keys = {key for _, key in found}
        for key, kind in notes.items():
            if kind == "negative":
                self.negatives += 1
                self.negatives_linked += key in found_keys

    def merge(self, other: Tally) -> None:
        """Adds `other`'s counts to this tally (several parts read as one)."""
        for mine, theirs in (
            (self.tp, other.tp),
            (self.fp, other.fp),
            (self.fn, other.fn),
            (self.kinds, other.kinds),
            (self.kinds_found, other.kinds_found),
        ):
            mine.update(theirs)
        self.negatives += other.negatives
        self.negatives_linked += other.negatives_linked
        self.misses += other.misses
        self.false += other.false

    def totals(self, kind: str | None = None) -> tuple[int, int, int]:
        def total(counter):
            return sum(n for label, n in counter.items() if kind in (None, label[0]))

        return total(self.tp), total(self.fp), total(self.fn)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def found_per_sentence(linker: Linker, texts: list[str]) -> list[set[Label]]:
    """The labels the linker finds in each of `texts`, read as one text, a line each."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    found: list[set[Label]] = [set() for _ in texts]
    for mention in linker.mentions("\n".join(texts)):
        found[bisect.bisect_right(starts, mention.start) - 1].add((mention.kind, mention.key))
    return found


def gold_labels(sentence: dict) -> set[Label]:
    return {("provision", k) for k in sentence.get("provisions") or []} | {
        ("party", k) for k in sentence.get("parties") or []
    }


def score_articles(linker: Linker, articles: list[dict]) -> Tally:
    tally = Tally()
    for article in articles:
        sentences = article["sentences"]
        found = found_per_sentence(linker, [s["text"] for s in sentences])
        for sentence, keys in zip(sentences, found, strict=True):
            notes = sentence.get("notes") or {}
            tally.add(article["id"], sentence["text"], gold_labels(sentence), keys, notes)
    return tally


def score_seeds(linker: Linker, seeds_dir: Path, labels_path: Path) -> Tally:
    """The sentences that carry the curated quotes, labelled in seeds.yaml."""
    tally = Tally()
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))["sentences"]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for entry in labels:
        by_file[entry["source"]].append(entry)
    for name, entries in sorted(by_file.items()):
        text = anchoring.normalize_text((seeds_dir / name).read_text(encoding="utf-8"))
        mentions = linker.mentions(text)
        for entry in entries:
            start, end = anchoring.find_quote(text, entry["text"])
            found = {(m.kind, m.key) for m in mentions if start <= m.start < end}
            unstated = set(entry.get("unstated") or [])
            found = {label for label in found if label[1] not in unstated}
            tally.add(name, entry["text"], gold_labels(entry), found, {})
    return tally


def check_seed_labels(seeds_dir: Path, labels_path: Path) -> list[str]:
    """Every curated position's quote lies in a labelled sentence that has its party and
    provision among its labels: the positions are the part of the labels that is curated."""
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))["sentences"]
    spans = defaultdict(list)
    for entry in labels:
        text = anchoring.normalize_text((seeds_dir / entry["source"]).read_text(encoding="utf-8"))
        start, end = anchoring.find_quote(text, entry["text"])
        unstated = {(k, key) for k in ("party", "provision") for key in entry.get("unstated") or []}
        spans[entry["source"]].append((start, end, gold_labels(entry) | unstated))
    problems = []
    positions = yaml.safe_load((seeds_dir / "positions.yaml").read_text(encoding="utf-8"))
    for number, position in enumerate(positions["positions"], start=1):
        text = anchoring.normalize_text(
            (seeds_dir / position["source"]).read_text(encoding="utf-8")
        )
        start, end = anchoring.find_quote(text, position["quote"], position.get("occurrence"))
        keys = set()
        for s, e, gold in spans[position["source"]]:
            if s < end and start < e:
                keys |= gold
        wanted = {("party", position["party"]), ("provision", position["provision"])}
        if not wanted <= keys:
            problems.append(f"position #{number}: {sorted(wanted - keys)} not labelled")
    return problems


def provision_slugs(seeds_dir: Path) -> list[str]:
    """The catalogue's provisions, in its order: the rows of the printed tables."""
    catalogue = yaml.safe_load((seeds_dir / "catalogue.yaml").read_text(encoding="utf-8"))
    return [provision["slug"] for provision in catalogue["provisions"]]


# --- Printing -----------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def label_rows(tallies: dict[str, Tally], slugs: list[str]) -> list[list[str]]:
    rows = []
    for slug in slugs:
        row = [slug]
        for tally in tallies.values():
            label = ("provision", slug)
            tp, fp, fn = tally.tp[label], tally.fp[label], tally.fn[label]
            row += [str(tp + fn), fmt(ratio(tp, tp + fp)), fmt(ratio(tp, tp + fn))]
        rows.append(row)
    for name, kind in (
        ("parties (all)", "party"),
        ("provisions (all)", "provision"),
        ("all", None),
    ):
        row = [name]
        for tally in tallies.values():
            tp, fp, fn = tally.totals(kind)
            row += [str(tp + fn), fmt(ratio(tp, tp + fp)), fmt(ratio(tp, tp + fn))]
        rows.append(row)
    return rows


def print_table(tallies: dict[str, Tally], slugs: list[str], markdown: bool) -> None:
    header = ["label"]
    for name in tallies:
        header += [f"{name} n", "precision", "recall"]
    rows = label_rows(tallies, slugs)
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("| --- |" + " ---: |" * (len(header) - 1))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def print_kinds(tallies: dict[str, Tally]) -> None:
    print("\nRecall by kind of mention (found / labelled), and misses:")
    for name, tally in tallies.items():
        cells = [
            f"{kind} {tally.kinds_found[kind]}/{tally.kinds[kind]}"
            for kind in MENTION_KINDS
            if tally.kinds[kind]
        ]
        misses = Counter(kind for _, kind, _, _ in tally.misses)
        missed = ", ".join(f"{kind} {misses[kind]}" for kind in MENTION_KINDS if misses[kind])
        print(f"  {name}: {'; '.join(cells)}. Missed: {missed or 'none'}.", end="")
        if tally.negatives:
            print(
                f" Must-not-link notes linked anyway: {tally.negatives_linked}/{tally.negatives}."
            )
        else:
            print()


def group_tallies(tallies: dict[str, Tally]) -> dict[str, Tally]:
    """The parts tuned on as one ("tuned"), the parts never read as another ("unseen"), and
    the seeds, as `--groups` prints them."""
    grouped: dict[str, Tally] = {}
    for name, tally in tallies.items():
        group = "seeds" if name == "seeds" else "tuned" if is_tuned(name) else "unseen"
        grouped.setdefault(group, Tally()).merge(tally)
    return grouped


def print_misses(name: str, tally: Tally) -> None:
    print(f"\n# {name}: misses")
    for label, kind, where, text in sorted(tally.misses):
        print(f"  MISS {label[0][:4]}:{label[1]} [{kind}] {where}: {text}")
    print(f"\n# {name}: false hits")
    for label, where, text in sorted(tally.false):
        print(f"  FALSE {label[0][:4]}:{label[1]} {where}: {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=HERE / "articles.yaml")
    parser.add_argument(
        "--part",
        action="append",
        choices=(*PARTS, "seeds"),
        help="score this part (may be repeated; default: every part and the seeds)",
    )
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--seed-labels", type=Path, default=HERE / "seeds.yaml")
    parser.add_argument("--misses", action="store_true", help="list every miss and false hit")
    parser.add_argument("--markdown", action="store_true", help="the table as Markdown")
    parser.add_argument(
        "--groups",
        action="store_true",
        help="the parts tuned on summed as one column, the unseen parts as another",
    )
    args = parser.parse_args(argv)

    linker = Linker(Vocabulary.from_seeds(args.seeds))
    slugs = provision_slugs(args.seeds)
    articles = yaml.safe_load(args.articles.read_text(encoding="utf-8"))
    tallies = {}
    for part in PARTS:
        chosen = [a for a in articles if a.get("part", "held-out") == part]
        if chosen and (args.part is None or part in args.part):
            tallies[part] = score_articles(linker, chosen)
    if args.seed_labels.exists() and (args.part is None or "seeds" in args.part):
        tallies["seeds"] = score_seeds(linker, args.seeds, args.seed_labels)
    if args.groups:
        tallies = group_tallies(tallies)
    print_table(tallies, slugs, args.markdown)
    print_kinds(tallies)
    if args.misses:
        for name, tally in tallies.items():
            print_misses(name, tally)
    return 0


if __name__ == "__main__":
    sys.exit(main())
