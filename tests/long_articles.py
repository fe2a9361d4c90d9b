"""Made-up long articles for the tests and the benchmark: sentences in the style of the
reporting the tracker reads, with about as many mentions as the seed articles (one suggested
excerpt per 150 to 210 characters). Made-up wording lives here, never in the seeds."""

import random

PARTIES = [
    "Israel",
    "Türkiye",
    "Egypt",
    "Qatar",
    "the United States",
    "Russia",
    "China",
    "Hamas",
    "the Palestinian Authority",
    "Indonesia",
    "Algeria",
]
PROVISIONS = [
    "the Board of Peace",
    "the International Stabilization Force",
    "Chapter VII",
    "the demilitarization of Gaza",
    "the border crossings",
    "humanitarian access",
    "the new Palestinian police",
    "the force's mandate until the end of 2027",
    "a report to the Security Council every six months",
    "the transitional administration",
]
VERBS = [
    "said it would back",
    "raised concerns about",
    "asked for changes to",
    "wants guarantees on",
    "was reported to oppose",
    "has not decided on",
    "welcomed",
    "questioned",
]
FILLERS = [
    "Officials spoke on condition of anonymity because the talks were private.",
    "The meeting lasted several hours and ended without a statement.",
    "Diplomats expected further talks later in the week.",
    "The weather in New York was mild for the season.",
    "Negotiators exchanged written comments overnight.",
]


def long_article(chars, seed=0):
    """About `chars` characters of made-up reporting, different for each `seed`."""
    rng = random.Random(seed)
    lines, size, number = [], 0, 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            number += 1
            if rng.random() < 0.15:
                sentences.append(rng.choice(FILLERS))
                continue
            sentences.append(
                f"In statement {seed}-{number}, {rng.choice(PARTIES)} {rng.choice(VERBS)} "
                f"{rng.choice(PROVISIONS)}, according to two diplomats who follow the talks "
                "in New York."
            )
        line = " ".join(sentences)
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:chars].rsplit(" ", 1)[0] + "."
