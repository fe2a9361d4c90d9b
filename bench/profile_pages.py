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
import statistics
import subprocess
import sys
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


def measure(paths, tree):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'path':<40} {'ms':>6} {'CPU ms':>6} {'queries':>7} {'SQL ms':>7}  slowest query")
    for spec in paths:
        htmx = spec.startswith("hx:")
        path = spec.removeprefix("hx:")
        headers = {"HX-Request": "true"} if htmx else {}

        def get(path=path, headers=headers):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="paths (default: one of each kind)")
    parser.add_argument("--tree", action="store_true", help="pyinstrument's call tree for each")
    parser.add_argument("--sources", type=int, default=400, help="synthetic articles (400)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    paths = args.paths or DEFAULT_PATHS
    if args.child:
        measure(paths, args.tree)
        return 0
    from bench.loadtest import prepared

    with prepared(sources=args.sources) as (env, _, _folder):
        command = [sys.executable, __file__, "--child", *(["--tree"] if args.tree else []), *paths]
        return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
