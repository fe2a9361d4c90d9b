"""`make bench`, part two: how long an editor waits for "Save source" on a long article, and
for the live preview of it, with the seeds' real vocabulary and made-up articles that mention
provisions and parties about as often as the seed articles do (tests/long_articles.py).

Each request goes through Django's test client as a signed-in editor (form, linker, the write
side, one transaction), in a throw-away database of each kind (PostgreSQL: `rt_bench_save`, or BENCH_PG_DATABASE + `_save`,
created and dropped here; SQLite: a file in a temporary folder). The median of three articles
of each size, each different (a text is stored once).

Goals (issue 11): 100,000 characters saved in under 2 s, 1,000,000 in under 10 s.

Environment: BENCH_DATABASES (default postgresql,sqlite), BENCH_PG_SERVER (default
postgres://postgres@127.0.0.1:5432), BENCH_ARTICLE_SIZES (default 100000,1000000).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "rt_bench") + "_save"  # never the tracker's own
DATABASES = [d for d in os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",") if d]
SIZES = [int(n) for n in os.environ.get("BENCH_ARTICLE_SIZES", "100000,1000000").split(",") if n]
REPEATS = 3
GOALS = {100_000: 2.0, 1_000_000: 10.0}


def log(message):
    print(f"[bench saving {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure():
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tests.long_articles import long_article
    from tests.users import make_user
    from tracker.loading.seeding import load_seeds
    from tracker.models import Source

    call_command("migrate", verbosity=0)
    load_seeds(settings.BASE_DIR / "seeds")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(make_user("bench-editor"))
    label = connection.vendor
    rows = []
    for size in SIZES:
        saves, previews, excerpts = [], [], []
        for n in range(REPEATS):
            text = long_article(size, seed=size + n)
            data = {"text": text, "title": f"Bench {size} {n}", "language": "en"}
            started = time.perf_counter()
            response = client.post(
                "/sources/new/preview/", {**data, "action": "preview"}, HTTP_HX_REQUEST="true"
            )
            previews.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            response = client.post("/sources/new/", {**data, "action": "save"})
            saves.append(time.perf_counter() - started)
            assert response.status_code == 302, (response.status_code, response.content[:300])
            excerpts.append(Source.objects.get(title=data["title"]).excerpts.count())
        rows.append(
            {
                "database": label,
                "characters": size,
                "excerpts": int(statistics.median(excerpts)),
                "preview_s": statistics.median(previews),
                "save_s": statistics.median(saves),
                "goal_s": GOALS.get(size),
                "load": os.getloadavg()[0],
            }
        )
        log(f"{label} {size:,} characters: save {rows[-1]['save_s']:.2f} s")
    return rows


def child(database):
    os.environ.update(SECRET_KEY="bench-only", DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    os.environ.update(DJANGO_SETTINGS_MODULE="tracker.settings")
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="rt-bench-save-"))
    from bench.throwaway import throwaway_database

    try:
        with throwaway_database(database, PG_DATABASE, folder):
            import django

            django.setup()
            rows = measure()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(rows))


def table(rows):
    lines = [
        "| Database | Characters | Excerpts kept | Preview (s) | Save (s) | Goal | Load |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        goal = f"under {r['goal_s']:g} s" if r["goal_s"] else "–"
        if r["goal_s"]:
            goal += " (met)" if r["save_s"] < r["goal_s"] else " (NOT met)"
        lines.append(
            f"| {r['database']} | {r['characters']:,} | {r['excerpts']:,} | "
            f"{r['preview_s']:.2f} | {r['save_s']:.2f} | {goal} | {r['load']:.1f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    rows = []
    for database in DATABASES:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        done = subprocess.run(
            [sys.executable, __file__, "--child", database],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            check=True,
        )
        rows += json.loads(done.stdout)
    print(table(rows))


if __name__ == "__main__":
    main()
