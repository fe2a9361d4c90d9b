"""`make bench`: how fast the exports stream, and how much memory they take, at 10k, 100k and 1M
positions (200 parties x 60 provisions), next to what the databases' own tools do with the same
rows. A script, not a test: it runs for minutes and is never part of `make test` or CI.

For each database, in a throw-away database of its own (PostgreSQL: `rt_bench`, created and
dropped here; SQLite: a file in a temporary folder, removed here; never the tracker's own):

- the tracker's /export/positions.csv and /export/matrix.csv over HTTP from gunicorn with the
  project's gunicorn.conf.py (WSGI, one sync worker: under ASGI a synchronous streaming response
  would be buffered whole), DEBUG off, static files collected into the temporary folder;
- PostgreSQL: `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER)` of the same rows through
  psycopg's copy API, the practical limit;
- SQLite: Datasette serving the same file (`datasette serve -i`), the same rows as SQL views,
  `.csv?_stream=on&_size=max`; and, because Datasette pages through a view with OFFSET, the same
  rows copied into a table, which it pages through by rowid.

A second table gives each ratio: our rate over COPY's or Datasette's on the same rows, in the
same run. A third gives the server time (Django's test client in the benchmark's process, no
network; the median of five) and the query count of every kind of reader page (the overview,
the matrix and a cell, a provision, a party, a source, the sources, search, the feed and
matrix.csv) at each size: first worked out whole, as after any change to the records, then
"kept", as served again until the next change (tracker/views/caching.py). A fourth gives the
provision page's time over the matrix page's and the slowest page worked out.

Rows per second is rows / (request sent -> last byte). Memory is the serving process's peak
resident set less shared memory (PostgreSQL's shared buffers), sampled every 5 ms; "growth" is
that peak less the resident set when the request started. "Load" is the machine's 1-minute
load average when the download ended: above the number of cores, other work was slowing it.

Environment: BENCH_SIZES (positions, comma-separated; default 10000,100000,1000000),
BENCH_DATABASES (default postgresql,sqlite), BENCH_TIMEOUT (seconds per download, default 120;
a slower download is cut and marked), BENCH_PG_SERVER (default postgres://postgres@127.0.0.1:5432),
BENCH_PG_DATABASE (the throw-away database's name, default rt_bench).

On PostgreSQL each export is downloaded BENCH_REPEATS times (default 3) from the tracker and
through COPY, in turn, and each side's median download is reported: one download apiece, ours
first, gave a passing load or a colder cache to one side only (the ratio at 100k ranged from
0.74 to 0.96 over four runs that way).
"""

import argparse
import contextlib
import csv
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Never the tracker's own database; another name lets two runs share a server.
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "rt_bench")
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",") if n]
DATABASES = [d for d in os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",") if d]
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "120"))
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
VERIFY_UP_TO = 20_000  # compare our rows with the reference tool's at sizes up to this
# PostgreSQL: each export is downloaded this many times from the tracker and through COPY, in
# turn, and the median of each is reported (the Datasette runs, up to minutes long, once).
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- Measuring ----------------------------------------------------------------------------------


def private_rss_mb(pid):
    """Resident set less shared memory, in MB (0 when the process is gone)."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "RssShmem"):
                    fields[key] = int(value.split()[0])
    except FileNotFoundError:
        return 0.0
    return (fields.get("VmRSS", 0) - fields.get("RssShmem", 0)) / 1024


class PeakMemory:
    """Samples a process's memory every 5 ms while in the `with` block."""

    def __init__(self, pid):
        self.pid = pid
        self.start = self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, private_rss_mb(self.pid))

    def __enter__(self):
        self.start = self.peak = private_rss_mb(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, private_rss_mb(self.pid))


def result(tool, export, rows, size, started, first, memory, complete=True):
    seconds = time.perf_counter() - started
    return {
        "tool": tool,
        "export": export,
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "first_byte": first,
        "peak_mb": memory.peak,
        "growth_mb": memory.peak - memory.start,
        "complete": complete,
        # Other work on the machine skews every figure; the table says how busy it was.
        "load": os.getloadavg()[0],
    }


def download(port, path, pid, tool, export, keep=False):
    """GET http://127.0.0.1:port/path, reading as fast as it comes; rows = lines - 1 (the
    synthetic data has no line breaks inside cells)."""
    body = io.BytesIO() if keep else None
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT + 60)
    with PeakMemory(pid) as memory:
        started = time.perf_counter()
        # A cookie: the server works the download out each time. Without one it would keep a
        # small download for the next reader (tracker/views/caching.py), and the warm-up
        # download would leave nothing to measure.
        connection.request("GET", path, headers={"Cookie": "bench=1"})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{tool} {path}: HTTP {response.status} {response.read()[:500]!r}")
        first, size, lines, complete = None, 0, 0, True
        while data := response.read1(256 * 1024):
            if first is None:
                first = time.perf_counter() - started
            size += len(data)
            lines += data.count(b"\n")
            if keep:
                body.write(data)
            if time.perf_counter() - started > TIMEOUT:
                complete = False
                break
    connection.close()
    measured = result(tool, export, max(lines - 1, 0), size, started, first, memory, complete)
    return (measured, body.getvalue()) if keep else measured


def median_run(runs):
    """Of several downloads of one export, the one of median time (with its memory and load)."""
    ordered = sorted(runs, key=lambda measured: measured["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def copy_export(dsn, sql, export, keep=False):
    """PostgreSQL's COPY … TO STDOUT of the same rows, read through psycopg's copy API."""
    import psycopg

    body = io.BytesIO() if keep else None
    with psycopg.connect(dsn) as connection, connection.cursor() as cursor:
        pid = cursor.execute("SELECT pg_backend_pid()").fetchone()[0]
        with PeakMemory(pid) as memory:
            started = time.perf_counter()
            first, size, lines = None, 0, 0
            with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                for data in copy:
                    if first is None:
                        first = time.perf_counter() - started
                    size += len(data)
                    lines += bytes(data).count(b"\n")
                    if keep:
                        body.write(data)
    measured = result("PostgreSQL COPY", export, lines - 1, size, started, first, memory)
    return (measured, body.getvalue()) if keep else measured


def parsed(data, ours=False):
    """CSV rows as lists of strings; ours with the BOM and the formula apostrophes taken off."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if ours:
        from tracker.reading.exports import FORMULA_TRIGGERS

        rows = [
            [c[1:] if c.startswith("'") and c[1:].startswith(FORMULA_TRIGGERS) else c for c in row]
            for row in rows
        ]
    return rows


def same_rows(ours, theirs, what):
    ours, theirs = parsed(ours, ours=True), parsed(theirs)
    if ours != theirs:
        for n, (a, b) in enumerate(zip(ours, theirs, strict=False)):
            if a != b:
                raise SystemExit(f"{what}: row {n} differs:\n  ours   {a}\n  theirs {b}")
        raise SystemExit(f"{what}: {len(ours)} rows here, {len(theirs)} there")
    log(f"  {what}: the same {len(ours) - 1} rows")


# -- Servers ------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(command, port, env=None):
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited: {process.stderr.read().decode()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def child_pids(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return children


@contextlib.contextmanager
def gunicorn():
    """The project's gunicorn.conf.py (read from the project folder), with one worker so that
    one process's memory is measured, and no time limit on a request."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "tracker.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=900",
        "--log-level=warning",
    ]
    with server(command, port, env=os.environ.copy()) as master:
        (worker,) = child_pids(master.pid)
        yield port, worker


@contextlib.contextmanager
def datasette(path):
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        "-i",
        str(path),
        "--host=127.0.0.1",
        f"--port={port}",
        "--setting",
        "sql_time_limit_ms",
        str(int(TIMEOUT * 1000 * 10)),
        "--setting",
        "max_csv_mb",
        "0",
    ]
    with server(command, port) as process:
        yield port, process.pid


# -- Server time of pages -----------------------------------------------------------------------

PAGE_REPEATS = 5


def reader_pages():
    """(name, path, headers) of every kind of reader page, on the data's first provision,
    party and newest source."""
    from django.urls import reverse

    from tracker.models import Negotiation, Party, Provision, Source

    negotiation = Negotiation.objects.default().slug
    provision = Provision.objects.order_by("display_order", "slug").values_list("slug", flat=True)[
        0
    ]
    party = Party.objects.in_display_order()[0].code
    source = Source.objects.visible().newest_first().values_list("pk", flat=True)[0]
    htmx = {"HX-Request": "true"}
    return [
        ("overview", reverse("tracker:overview", args=[negotiation]), {}),
        ("matrix", reverse("tracker:matrix", args=[negotiation]), {}),
        ("matrix cell (htmx)", reverse("tracker:matrix-cell", args=[party, provision]), htmx),
        ("provision", reverse("tracker:provision", args=[provision]), {}),
        ("party", reverse("tracker:party", args=[negotiation, party]), {}),
        ("source", reverse("tracker:source", args=[source]), {}),
        ("sources", reverse("tracker:sources"), {}),
        ("search", reverse("tracker:search") + "?q=needs+work", {}),
        ("search as typed (htmx)", reverse("tracker:search") + "?q=T%C3%BCrki", htmx),
        ("feed", reverse("tracker:feed-positions"), {}),
        ("matrix.csv", reverse("tracker:export-matrix-csv"), {}),
    ]


def page_times(label, size):
    """Server time (the median of PAGE_REPEATS requests through Django's test client, in this
    process: no network) and query count of every kind of reader page. Each request starts
    with the reader-page cache emptied, as after a change to the records: the page is worked
    out whole. "kept" is the same page again while nothing changed."""
    import statistics

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    pages = reader_pages()
    for _name, path, headers in pages:
        # A process's first page of a kind loads its templates (and the linker); not what is
        # measured.
        client.get(path, headers=headers)
    rows = []
    for name, path, headers in pages:
        for kept in (False, True):
            times = []
            for _ in range(PAGE_REPEATS):
                if not kept:
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path, headers=headers)
                    body = b"".join(response) if response.streaming else response.content
                    times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            rows.append(
                {
                    "database": label,
                    "positions": size,
                    "page": name + (" (kept)" if kept else ""),
                    "kept": kept,
                    "kind": name,
                    "path": path,
                    "ms": statistics.median(times) * 1000,
                    "queries": len(queries),
                    "bytes": len(body),
                    "load": os.getloadavg()[0],
                }
            )
            log(f"  {rows[-1]['page']:<32} {rows[-1]['ms']:8.1f} ms  {len(queries):3d} queries")
    return rows


# -- One database -------------------------------------------------------------------------------


def measure(dsn, sqlite_path):
    from django.core.management import call_command
    from django.db import connection

    from bench import reference, synthetic
    from tracker.models import Provision

    call_command("migrate", verbosity=0)
    # Production settings (DEBUG off) serve collected static files; gunicorn.conf.py checks.
    call_command("collectstatic", interactive=False, verbosity=0)
    results, pages = [], []
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        label = f"PostgreSQL {major}.{minor}"
    else:
        import sqlite3

        label = f"SQLite {sqlite3.sqlite_version}"

    def record(size, measured):
        measured.update(database=label, positions=size)
        results.append(measured)
        state = "" if measured["complete"] else " (cut at the time limit)"
        log(
            f"  {measured['tool']:<28} {measured['export']:<14} {measured['rows']:>9} rows "
            f"{measured['seconds']:8.2f} s  peak {measured['peak_mb']:6.1f} MB{state}"
        )

    with gunicorn() as (port, worker):
        ours_base = f"http://127.0.0.1:{port}"
        for size in SIZES:
            log(f"{label}: growing to {size:,} positions")
            started = time.perf_counter()
            synthetic.grow(size)
            log(f"  built in {time.perf_counter() - started:.1f} s")
            provisions = list(
                Provision.objects.order_by("display_order", "slug").values_list("pk", "slug")
            )
            pages += page_times(label, size)
            positions_sql = reference.positions_sql(connection.vendor, ours_base)
            matrix_sql = reference.matrix_sql(provisions)
            # A server in use has run both exports before: the first download of each in a
            # process loads what it needs; that is not what is measured.
            download(port, "/export/matrix.csv", worker, "warm-up", "matrix.csv")
            download(port, "/export/positions.csv?as_of=2000-01-01", worker, "warm-up", "-")
            verify = size <= VERIFY_UP_TO
            if connection.vendor == "postgresql":
                # Ours and COPY in turn, REPEATS times each, and the median of each: one
                # download apiece, ours always first, put any passing load, and a colder cache,
                # on one side only.
                for export, sql in (("positions.csv", positions_sql), ("matrix.csv", matrix_sql)):
                    runs = {"ours": [], "copy": []}
                    for repeat in range(REPEATS):
                        keep = verify and repeat == 0
                        measured = download(
                            port, f"/export/{export}", worker, "tracker (gunicorn)", export, keep
                        )
                        if keep:
                            measured, ours = measured
                        runs["ours"].append(measured)
                        measured = copy_export(dsn, sql, export, keep=keep)
                        if keep:
                            measured, theirs = measured
                            same_rows(ours, theirs, f"COPY {export}")
                        runs["copy"].append(measured)
                    record(size, median_run(runs["ours"]))
                    record(size, median_run(runs["copy"]))
                continue

            ours = {}
            for export in ("positions.csv", "matrix.csv"):
                measured = download(
                    port, f"/export/{export}", worker, "tracker (gunicorn)", export, keep=verify
                )
                if verify:
                    measured, ours[export] = measured
                record(size, measured)

            connection.close()  # Datasette opens the file immutable: nothing may write to it
            with connection.cursor() as cursor:
                cursor.execute("DROP VIEW IF EXISTS export_positions")
                cursor.execute("DROP VIEW IF EXISTS export_matrix")
                cursor.execute("DROP TABLE IF EXISTS export_positions_table")
                cursor.execute(f"CREATE VIEW export_positions AS {positions_sql}")
                cursor.execute(f"CREATE VIEW export_matrix AS {matrix_sql}")
                cursor.execute(
                    "CREATE TABLE export_positions_table AS SELECT * FROM export_positions"
                )
            connection.close()
            name = sqlite_path.stem
            with datasette(sqlite_path) as (ds_port, ds_pid):
                for export, path, tool in (
                    ("positions.csv", f"/{name}/export_positions.csv", "Datasette (view)"),
                    ("matrix.csv", f"/{name}/export_matrix.csv", "Datasette (view)"),
                    ("positions.csv", f"/{name}/export_positions_table.csv", "Datasette (table)"),
                ):
                    keep = verify and tool.endswith("(view)")
                    measured = download(
                        ds_port, f"{path}?_stream=on&_size=max", ds_pid, tool, export, keep=keep
                    )
                    if keep:
                        measured, theirs = measured
                        same_rows(ours[export], theirs, f"Datasette {export}")
                    record(size, measured)
    return {"exports": results, "pages": pages}


def child(database):
    """Runs in its own process, so that Django is set up for one throw-away database."""
    os.environ.update(SECRET_KEY="bench-only", DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    os.environ.update(DJANGO_SETTINGS_MODULE="tracker.settings", CONN_MAX_AGE="60")
    # The page timings read the records' token on every request, as after a change; a server
    # reads it at most once a second (STAMP_FRESH_SECONDS), which would move the query counts.
    os.environ["STAMP_FRESH_SECONDS"] = "0"
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="rt-bench-"))
    os.environ["STATIC_ROOT"] = str(folder / "static")
    from bench.throwaway import throwaway_database

    try:
        with throwaway_database(database, PG_DATABASE, folder) as (dsn, sqlite_path):
            import django

            django.setup()
            results = measure(dsn, sqlite_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results))


# -- The table ----------------------------------------------------------------------------------


def table(results):
    lines = [
        "| Database | Positions | Export | Served by | Rows | Time (s) | Rows/s | First byte (ms) "
        "| Peak memory (MB) | Growth (MB) | Load |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rate = f"{r['rows'] / r['seconds']:,.0f}" if r["seconds"] else "–"
        if not r["complete"]:
            rate += f" (cut after {TIMEOUT:.0f} s)"
        first = f"{r['first_byte'] * 1000:,.0f}" if r["first_byte"] is not None else "–"
        lines.append(
            f"| {r['database']} | {r['positions']:,} | {r['export']} | {r['tool']} "
            f"| {r['rows']:,} | {r['seconds']:.2f} | {rate} | {first} "
            f"| {r['peak_mb']:.0f} | {r['growth_mb']:+.0f} | {r['load']:.1f} |"
        )
    return "\n".join(lines)


def ratios_table(results):
    """Ours against each other tool on the same rows, in the same run: our rows per second over
    theirs (above 1: ours is faster). A download cut at the time limit counts as its rate so
    far."""
    ours = {
        (r["database"], r["positions"], r["export"]): r
        for r in results
        if r["tool"] == "tracker (gunicorn)"
    }
    lines = [
        "| Database | Positions | Export | Compared with | Ours (rows/s) | Theirs (rows/s) "
        "| Ratio, ours / theirs |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        mine = ours.get((r["database"], r["positions"], r["export"]))
        if r["tool"] in ("tracker (gunicorn)", "warm-up") or not mine or not r["seconds"]:
            continue
        rate, theirs = mine["rows"] / mine["seconds"], r["rows"] / r["seconds"]
        cut = "" if r["complete"] else " (cut)"
        lines.append(
            f"| {r['database']} | {r['positions']:,} | {r['export']} | {r['tool']}{cut} "
            f"| {rate:,.0f} | {theirs:,.0f} | {rate / theirs:.2f} |"
        )
    return "\n".join(lines)


def pages_table(rows):
    lines = [
        "| Database | Positions | Page | Server time (ms) | Queries | Size (KB) | Load |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['positions']:,} | {r['page']} | {r['ms']:,.1f} "
            f"| {r['queries']} | {r['bytes'] / 1024:,.0f} | {r['load']:.1f} |"
        )
    return "\n".join(lines)


def ratios_of_pages(rows):
    """The provision page's time worked out over the matrix page's, in the same run (goal: at
    most 1.5), and the slowest page worked out (goal: under 100 ms)."""
    lines = [
        "| Database | Positions | Provision page (ms) | Matrix page (ms) | Ratio "
        "| Slowest page worked out |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    runs = {}
    for r in rows:
        if not r["kept"]:
            runs.setdefault((r["database"], r["positions"]), {})[r["kind"]] = r["ms"]
    for (database, size), times in runs.items():
        slowest = max(times, key=times.get)
        lines.append(
            f"| {database} | {size:,} | {times['provision']:,.1f} | {times['matrix']:,.1f} "
            f"| {times['provision'] / times['matrix']:.2f} | {slowest}, "
            f"{times[slowest]:,.1f} ms |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    log(f"sizes {SIZES}, databases {DATABASES}, {os.cpu_count()} CPUs")
    results, pages = [], []
    started = time.perf_counter()
    for database in DATABASES:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        done = subprocess.run(
            [sys.executable, __file__, "--child", database],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            check=True,
        )
        measured = json.loads(done.stdout)
        results += measured["exports"]
        pages += measured["pages"]
    print(table(results))
    print()
    print(ratios_table(results))
    print()
    print(pages_table(pages))
    print()
    print(ratios_of_pages(pages))
    log(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
