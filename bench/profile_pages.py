"""Where a page's time goes, on the load test's data: `python bench/profile_pages.py [--tree]`.

For one path of each kind in the load test's mix, in a throw-away PostgreSQL server of its own
(bench/loadtest.py's set-up), with production settings: the median time of five requests
through Django's test client (no network, one process) and the CPU time of that process
(Python's side alone: steadier than the time on a busy machine), the number of queries, the
time spent in SQL and the slowest query. `--tree` adds pyinstrument's call tree for each (the
`load` extra installs it). Paths can be given instead: `python bench/profile_pages.py
/matrix/`; `hx:/path` sends it as htmx would.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PATHS = [
    "/",
    "/provisions/chapter-vii/",
    "/parties/ISR/",
    "/sources/5/",  # a seed article: there with --sources 0 too
    "/matrix/",
    "hx:/matrix/cell/ISR/chapter-vii/",
    "hx:/search/?q=Board+of+Pea",
    "/search/?q=Chapter+7",
    "/export/positions.csv",
    "/export/matrix.csv",
    "/feeds/positions.atom",
]


def measure(paths, tree, fresh=False):
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if any("{" in path for path in paths):
        # The bench's first provision and party (bench/run.py: reader_pages).
        from tracker.models import Party, Provision

        provision = Provision.objects.order_by("display_order", "slug").first()
        party = Party.objects.in_display_order().first()
        assert provision and party
        paths = [p.format(party=party.code, provision=provision.slug) for p in paths]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'path':<40} {'ms':>6} {'CPU ms':>6} {'queries':>7} {'SQL ms':>7}  slowest query")
    for spec in paths:
        htmx = spec.startswith("hx:")
        path = spec.removeprefix("hx:")
        headers = {"HX-Request": "true"} if htmx else {}

        def get(path=path, headers=headers):
            if fresh:
                cache.clear()
            response = client.get(path, headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)
            return response

        get()  # templates compiled, the linker built: what a warm worker has
        times, cpu = [], []
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            get()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = get()
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
        slow = f"{float(slowest['time']) * 1000:.0f} ms: {slowest['sql'][:60]}…" if slowest else ""
        print(
            f"{spec:<40} {statistics.median(times):>6.0f} {statistics.median(cpu):>6.0f} "
            f"{len(queries):>7} {sql:>7.0f}  {slow}"
            + ("" if response.status_code == 200 else f"  (HTTP {response.status_code})")
        )
        if tree:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            get()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False))


SYNTHETIC_PATHS = [
    "/negotiations/bench-draft/",
    "/negotiations/bench-draft/matrix/",
    "hx:/matrix/cell/{party}/{provision}/",
    "/provisions/{provision}/",
    "/negotiations/bench-draft/parties/{party}/",
    "/search/?q=needs+work",
    "hx:/search/?q=T%C3%BCrki",
    "/feeds/positions.atom",
]


def synthetic_run(args):
    """The bench's synthetic data at --positions, in a database kept between runs."""
    import psycopg

    from bench.throwaway import PG_SERVER

    name = args.database
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"not a database name: {name!r}")
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f"CREATE DATABASE {name}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG_SERVER}/{name}",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "SECRET_KEY": "profile-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STAMP_FRESH_SECONDS": "0",
    }
    env.pop("PAGE_CACHE_DIR", None)
    folder = Path(tempfile.mkdtemp(prefix="rt-profile-"))
    env["STATIC_ROOT"] = str(folder / "static")  # production settings serve collected files
    try:
        grow = (
            "import django; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('migrate', verbosity=0); "
            "call_command('collectstatic', interactive=False, verbosity=0); "
            f"from bench import synthetic; synthetic.grow({args.positions})"
        )
        subprocess.run([sys.executable, "-c", grow], cwd=ROOT, env=env, check=True)
        paths = args.paths or SYNTHETIC_PATHS  # measure() fills in the party and provision
        flags = ["--fresh", *(["--tree"] if args.tree else [])]
        command = [sys.executable, __file__, "--child", *flags, *paths]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if args.drop:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="paths (default: one of each kind)")
    parser.add_argument("--tree", action="store_true", help="pyinstrument's call tree for each")
    parser.add_argument("--sources", type=int, default=400, help="synthetic articles (400)")
    parser.add_argument("--positions", type=int, help="the bench's synthetic data, this many")
    parser.add_argument("--database", default="rt_profile", help="its database (rt_profile)")
    parser.add_argument("--drop", action="store_true", help="drop that database after")
    parser.add_argument(
        "--fresh", action="store_true", help="work each page out (the page cache emptied first)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.positions:
        return synthetic_run(args)
    paths = args.paths or DEFAULT_PATHS
    if args.child:
        measure(paths, args.tree, args.fresh)
        return 0
    from bench.loadtest import prepared

    with prepared(sources=args.sources) as (env, _, _folder):
        flags = [*(["--tree"] if args.tree else []), *(["--fresh"] if args.fresh else [])]
        command = [sys.executable, __file__, "--child", *flags, *paths]
        return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
