"""`make bench`, first part: how long the linker takes on a 10,000-word article, the longest an
editor is likely to paste, so that the add-source page's live preview stays live (goal: under
200 ms). A script, not a test; seconds, no database.

The article is made of the yardstick's sentences (bench/linkeval/articles.yaml), in page order
and one paragraph per article, repeated until it has 10,000 words: real reporting, dense with
names, descriptions, references back and speakers. The vocabulary is the seeds' (catalogue and
people). It prints the median of seven runs of `Linker.link` (sentences, alias matching,
exclusions, places, references back, list items), and the time to build the linker from the
vocabulary, which the app does once per change to the records (its patterns, compiled once per
process, are reused).
"""

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.text.linking import Linker  # noqa: E402
from tracker.text.vocabulary import Vocabulary  # noqa: E402

WORDS = 10_000
GOAL_MS = 200
RUNS = 7


def article(words: int = WORDS) -> str:
    articles = yaml.safe_load((ROOT / "bench/linkeval/articles.yaml").read_text(encoding="utf-8"))
    paragraphs = [" ".join(s["text"] for s in a["sentences"]) for a in articles]
    lines, count = [], 0
    while count < words:
        paragraph = paragraphs[len(lines) % len(paragraphs)]
        lines.append(paragraph)
        count += len(paragraph.split())
    return "\n".join(lines)


def main() -> int:
    vocabulary = Vocabulary.from_seeds(ROOT / "seeds")
    started = time.perf_counter()
    linker = Linker(vocabulary)
    cold_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    linker = Linker(vocabulary)  # patterns compiled once per process are reused
    warm_ms = (time.perf_counter() - started) * 1000
    text = article()
    times, sentences = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        sentences = linker.link(text)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    mentions = sum(len(s.mentions) for s in sentences)
    print(
        f"Linker: {len(text.split()):,} words ({len(text):,} characters): "
        f"median {median:.0f} ms over {RUNS} runs (min {min(times):.0f}, max {max(times):.0f}); "
        f"{len(sentences):,} sentences with {mentions:,} mentions; goal under {GOAL_MS} ms: "
        f"{'met' if median < GOAL_MS else 'NOT MET'}. Building the linker: {cold_ms:.0f} ms "
        f"in a new process, {warm_ms:.0f} ms after a change to the vocabulary."
    )
    return 0 if median < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
