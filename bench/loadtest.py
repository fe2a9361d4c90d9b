"""`make loadtest`: the production server under a realistic mix of readers, then the same mix
while an editor saves, in one run.

What it does, on this machine's loopback only (127.0.0.1) and for a bounded time:

1. starts a throw-away PostgreSQL server of its own (bench/private_pg.py: `initdb` into a
   temporary folder, a free port; removed at the end), or, with `--server URL`, uses the
   database `rt_load` on that server (created and dropped here; never the tracker's own);
2. migrates it and loads the seeds plus synthetic articles (bench/loadtest_data.py: 400
   sources, 4,000 positions on the seeds' 33 parties x 11 provisions);
3. collects the static files into a temporary folder (`collectstatic`, the manifest storage);
4. starts the production server as `make serve` does (gunicorn with gunicorn.conf.py, DEBUG
   off, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, whitenoise for static files);
5. after asking for every page of the mix once and a 5-second warm-up, neither counted,
   drives it with wrk (bench/mix.lua) for
   --duration seconds (default 40) over 32 connections: pages, matrix cells opened by htmx,
   searches as typed, exports, static files (the mix and its weights are in `mix()` below).
   That is the first phase, "reading". The second, "editing", is the same mix for as long
   while a position is saved every --change-every seconds (default 10) through the write side
   (tracker/recording), as on a vote day: in turn an editor changes a published position
   (`edit_position`: it goes back to review) and a reviewer publishes the change (`decide`). Each change renews the tags of its
   party, provision and source (tracker/freshness.py): those pages and the ones that show
   everything are worked out again as readers ask for them (the first reader gets the version
   before, and the server works the page out after answering it, one page at a time), the
   others keep their copy.
   `--change-every 0` runs the first phase alone;
6. prints, for each phase, requests per second, latency percentiles, errors (responses other
   than 2xx/3xx, and socket errors), and the server's own time per kind of request from its
   access log; then the second phase's throughput and p99 over the first's, against the goal
   (at least 0.8 of the throughput, p99 at most twice).

Exits 1 on any error; the goals (p99 under 250 ms reading; the editing phase's ratios) are
reported, and fail the run only with --strict, since a shared machine's other work shows in
the tail.

Options: --duration (seconds per phase), --connections, --threads, --sources, --server,
--change-every, --json (write the figures), --strict. Needs wrk (Debian's `wrk`; `make
loadtest` installs it).
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE = "rt_load"  # never the tracker's own database
HOST = "127.0.0.1"  # loopback only
P99_GOAL_MS = 250

sys.path.insert(0, str(ROOT))

from bench.private_pg import PrivatePostgres, free_port  # noqa: E402


def log(message):
    print(f"[{Path(sys.argv[0]).stem} {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- The database and the application ------------------------------------------------------------


def create_database(server_url):
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")


def drop_database(server_url):
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def production_env(database_url, static_root):
    """The environment `make serve` expects, for a server only this machine can reach."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}
        and not k.startswith("GUNICORN")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        DJANGO_SETTINGS_MODULE="tracker.settings",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def prepared(server_url=None, sources=400):
    """A migrated, loaded database and collected static files: yields (env, target, folder),
    target being the PrivatePostgres (or None with server_url). Everything goes at the end."""
    folder = Path(tempfile.mkdtemp(prefix="rt-load-"))
    private = None
    try:
        if server_url is None:
            private = PrivatePostgres().create()
            server_url = private.url("").rstrip("/")
            log(f"private PostgreSQL on {HOST}:{private.port} ({private.folder})")
        create_database(server_url)
        env = production_env(f"{server_url}/{DATABASE}", folder / "static")
        started = time.perf_counter()
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        log(f"migrated and collected static files in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        counts = load_data(env, sources, folder / "mix.tsv")
        log(f"data in {time.perf_counter() - started:.1f} s: {counts}")
        yield env, private, folder
    finally:
        with contextlib.suppress(Exception):
            if private is None and server_url is not None:
                drop_database(server_url)
        if private is not None:
            private.destroy()
        shutil.rmtree(folder, ignore_errors=True)


def load_data(env, sources, mix_file):
    """Builds the data and writes the request mix, in a child process (Django set up for the
    throw-away database only)."""
    done = subprocess.run(
        [sys.executable, __file__, "--build", str(sources), "--mix-file", str(mix_file)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_child(sources, mix_file):
    import django

    django.setup()
    from bench import loadtest_data

    counts = loadtest_data.build(sources)
    lines = mix()
    Path(mix_file).write_text("".join(f"{w}\t{h}\t{p}\n" for w, h, p in lines))
    counts["mix_paths"] = len(lines)
    print(json.dumps(counts))


def editor_child(every, duration):
    """An editor at work during the run: every `every` seconds one save through the write side
    (tracker/recording), as on a vote day: in turn, an editor changes a published position
    (its summary; it goes back to review, `edit_position`) and a reviewer publishes that change
    (`decide`). Prints how many saves were made."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User

    from tracker import recording
    from tracker.models import Position
    from tracker.roles import EDITORS, REVIEWERS, ensure_groups

    ensure_groups()
    editor, _ = User.objects.get_or_create(username="load-editor")
    reviewer, _ = User.objects.get_or_create(username="load-reviewer")
    editor.groups.add(Group.objects.get(name=EDITORS))
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    editor, reviewer = User.objects.get(pk=editor.pk), User.objects.get(pk=reviewer.pk)

    rng = random.Random(7)
    ids = list(Position.objects.visible().values_list("pk", flat=True))
    pending, saves, end = None, 0, time.monotonic() + duration
    while time.monotonic() + every < end:
        time.sleep(every)
        if pending is None:
            position = Position.objects.select_related("party").get(pk=rng.choice(ids))
            summary = f"{position.party.name} restated its view (save {saves + 1} in the run)."
            recording.edit_position(
                position, {"summary": summary}, version=position.version, by=editor
            )
            pending = position.pk
        else:
            position = Position.objects.select_related("excerpt__source").get(pk=pending)
            recording.decide(position, publish=True, version=position.version, by=reviewer)
            pending = None
        saves += 1
    print(json.dumps({"changes": saves}))


def mix():
    """(weight, htmx, path) for every request in the mix. A group's weight (per mille of all
    requests) is shared by its paths, so a long list of sources does not outweigh the matrix."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse

    from tracker.models import Negotiation, Party, Position, Provision, Source

    rng = random.Random(6)
    negotiation = Negotiation.objects.default().slug  # the pages under /negotiations/<slug>/
    provisions = list(Provision.objects.values_list("slug", flat=True))
    parties = list(Party.objects.values_list("code", flat=True))
    sources = list(Source.objects.public().values_list("pk", flat=True))
    pairs = list(Position.objects.public().values_list("party__code", "provision__slug").distinct())
    matrix = reverse("tracker:matrix", args=[negotiation])
    queries = ["Chapter 7", "Board of Peace", "Hamas disarm", "Türkiye", "humanitarian access"]
    typed = [q[:n] for q in queries for n in range(3, len(q) + 1)]  # results follow typing
    groups = [
        # (per mille, htmx, paths)
        (80, 0, [reverse("tracker:overview", args=[negotiation])]),
        (90, 0, [reverse("tracker:provision", args=[s]) for s in provisions]),
        (90, 0, [reverse("tracker:party", args=[negotiation, c]) for c in parties]),
        (
            90,
            0,
            [
                reverse("tracker:source", args=[pk])
                for pk in rng.sample(sources, min(100, len(sources)))
            ],
        ),
        (50, 0, [matrix, matrix + "?as_of=2025-11-04"]),
        (20, 1, [matrix + "?kind=permanent-member&kind=elected-member"]),
        (
            200,
            1,
            [
                reverse("tracker:matrix-cell", args=pair)
                for pair in rng.sample(pairs, min(200, len(pairs)))
            ],
        ),
        (20, 0, [reverse("tracker:matrix-cell", args=pairs[0])]),
        (40, 0, [reverse("tracker:search") + "?" + _q(q) for q in queries]),
        (160, 1, [reverse("tracker:search") + "?" + _q(q) for q in typed]),
        (
            60,
            0,
            [
                reverse(name)
                for name in (
                    "tracker:export-matrix-csv",
                    "tracker:export-matrix-json",
                    "tracker:export-positions-csv",
                    "tracker:export-positions-json",
                    "tracker:feed-positions",
                )
            ],
        ),
        (60, 0, [staticfiles_storage.url("css/site.css")]),
        (10, 0, [reverse("healthz")]),
    ]
    lines = []
    for per_mille, htmx, paths in groups:
        weight = max(1, round(per_mille * 100 / len(paths)))
        lines += [(weight, htmx, path) for path in paths]
    return lines


def _q(query):
    from urllib.parse import urlencode

    return urlencode({"q": query})


# -- The server ---------------------------------------------------------------------------------


def get(port, path, timeout=5):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def child_pids(pid):
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
    return sorted(children)


def cpu_seconds(pid):
    """CPU time used by a process, its children that have ended and those still running: on a
    machine shared with other work, the cost of a request is steadier than its latency."""
    ticks = os.sysconf("SC_CLK_TCK")

    def own(pid, reaped):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return sum(int(f) for f in fields[11 : 15 if reaped else 13]) / ticks
        return 0.0

    return own(pid, True) + sum(own(child, False) for child in child_pids(pid))


def postmaster_pid(private):
    if private is None:
        return None
    return int((private.data / "postmaster.pid").read_text().split()[0])


class Server:
    """gunicorn as `make serve` starts it, on a free loopback port."""

    def __init__(self, env, folder, workers=None):
        self.port = free_port()
        # INFO: each page worked out after answering is logged, and counted per phase.
        self.env = {**env, "BIND": f"{HOST}:{self.port}", "LOG_LEVEL": "INFO"}
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.access_log = folder / "access.log"
        self.error_log = folder / "error.log"
        self.process = None

    def __enter__(self):
        with open(self.access_log, "w") as out, open(self.error_log, "w") as err:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.error_log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if get(self.port, "/healthz") == 200 and len(self.workers()) == self.expected():
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer: {self.error_log.read_text()[-2000:]}")
            time.sleep(0.2)
        return self

    def expected(self):
        return int(self.env.get("WEB_CONCURRENCY") or os.cpu_count() + 1)

    @property
    def pid(self):
        return self.process.pid

    def workers(self):
        return child_pids(self.process.pid)

    def alive(self):
        return self.process.poll() is None

    def __exit__(self, *exc):
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# -- wrk ----------------------------------------------------------------------------------------


def wrk_command(port, duration, connections, threads, timeout=10):
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is needed: apt-get install wrk (make loadtest installs it).")
    return [
        wrk,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        f"--timeout={timeout}s",
        "--latency",
        f"--script={ROOT / 'bench' / 'mix.lua'}",
        f"http://{HOST}:{port}",
    ]


def start_wrk(port, mix_file, duration, connections, threads, timeout=10):
    return subprocess.Popen(
        wrk_command(port, duration, connections, threads, timeout),
        env={**os.environ, "MIX_FILE": str(mix_file)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_result(process):
    output, _ = process.communicate()
    for line in output.splitlines():
        if line.startswith("MIX-RESULT "):
            return summarise(json.loads(line.removeprefix("MIX-RESULT ")))
    raise RuntimeError(f"wrk gave no result (exit {process.returncode}):\n{output}")


def prime(port, mix_file):
    """Asks for every path of the mix once, one at a time, as readers will have done before
    the figures are taken: a server in use keeps its pages, and the phases measure that, not
    a first visit to each. {status: count}."""
    statuses = {}
    for line in Path(mix_file).read_text().splitlines():
        _weight, htmx, path = line.split("\t", 2)
        headers = {"Accept-Encoding": "gzip"} | ({"HX-Request": "true"} if htmx == "1" else {})
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
        finally:
            connection.close()
    return statuses


def run_wrk(port, mix_file, duration, connections, threads):
    return wrk_result(start_wrk(port, mix_file, duration, connections, threads))


def summarise(raw):
    statuses = {int(k): v for k, v in raw["statuses"].items()}
    socket_errors = {k: v for k, v in raw["errors"].items() if k != "status"}
    bad = {s: n for s, n in statuses.items() if not 200 <= s < 400}
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 1),
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 1),
        "p90_ms": round(raw["latency_us"]["p90"] / 1000, 1),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 1),
        "max_ms": round(raw["latency_us"]["max"] / 1000, 1),
        "statuses": dict(sorted(statuses.items())),
        "bad_statuses": bad,
        "socket_errors": socket_errors,
        "errors": sum(bad.values()) + sum(socket_errors.values()),
    }


def wait_idle(port, timeout=120):
    """Until /healthz answers within half a second: what an earlier run left queued (wrk gives
    up on a request after its timeout, the server still answers it) is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            if get(port, "/healthz", timeout=timeout) == 200 and time.monotonic() - started < 0.5:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the server was still busy after {timeout} s")


# -- The server's own view: time per kind of request ----------------------------------------------

KINDS = [
    ("static", re.compile(r"^/static/")),
    ("matrix cell", re.compile(r"^/matrix/cell/")),
    ("matrix", re.compile(r"^/(negotiations/[^/]+/)?matrix/")),
    ("search", re.compile(r"^/search/")),
    ("export", re.compile(r"^/(export|feeds)/")),
    ("provision", re.compile(r"^/provisions/")),
    ("party", re.compile(r"^/(negotiations/[^/]+/)?parties/")),
    ("source", re.compile(r"^/sources/")),
    ("healthz", re.compile(r"^/healthz")),
    ("overview", re.compile(r"^/(negotiations/[^/]+/)?$")),
]
ACCESS = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+)ms')


def per_kind(access_log, skip_lines=0):
    """{kind: (count, p50 ms, p99 ms, total ms)} of the time the server spent, from its access
    log."""
    times = {}
    with open(access_log) as log_file:
        for n, line in enumerate(log_file):
            if n < skip_lines or not (match := ACCESS.search(line)):
                continue
            path = match.group(1)
            kind = next((k for k, pattern in KINDS if pattern.search(path)), "other")
            times.setdefault(kind, []).append(int(match.group(3)))
    return {
        kind: (len(ms), _percentile(ms, 50), _percentile(ms, 99), sum(ms))
        for kind, ms in sorted(times.items(), key=lambda item: -_percentile(item[1], 99))
    }


def _percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def print_server_errors(error_log, limit=60):
    """The server's own account of what went wrong: its error log's last tracebacks."""
    lines = Path(error_log).read_text().splitlines()
    wanted = [n for n, line in enumerate(lines) if "[INFO]" not in line]
    if wanted:
        print(f"--- {error_log} (last {limit} lines that are not INFO) ---")
        print("\n".join(lines[n] for n in wanted[-limit:]))


def line_count(path):
    with open(path) as f:
        return sum(1 for _ in f)


# -- The run ------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=40, help="seconds per phase (40)")
    parser.add_argument("--connections", type=int, default=32, help="default 32")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads (default 2)")
    parser.add_argument("--sources", type=int, default=400, help="synthetic articles (400)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (gunicorn.conf.py's)")
    parser.add_argument(
        "--server",
        help="a PostgreSQL server URL (postgres://user@host:port) to hold the throw-away "
        f"database {DATABASE} instead of a private server",
    )
    parser.add_argument(
        "--change-every",
        type=float,
        default=10,
        help="seconds between an editor's changes in the second phase (default 10; 0: the "
        "reading phase alone)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--strict", action="store_true", help="fail if a goal is missed")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mix-file", help=argparse.SUPPRESS)
    parser.add_argument("--editor", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build_child(args.build, args.mix_file)
        return 0
    if args.editor is not None:
        editor_child(args.editor, args.duration)
        return 0
    if args.duration > 600:
        parser.error("--duration is at most 600 seconds")

    phases = {}
    with (
        prepared(args.server, args.sources) as (env, private, folder),
        Server(env, folder, args.workers) as server,
    ):
        mix_file = folder / "mix.tsv"
        workers = len(server.workers())
        log(f"gunicorn {server.pid} with {workers} workers on {HOST}:{server.port}; warming up")
        started = time.perf_counter()
        primed = prime(server.port, mix_file)
        log(
            f"every page of the mix asked for once ({primed}) in {time.perf_counter() - started:.1f} s"
        )
        run_wrk(server.port, mix_file, 5, args.connections, args.threads)
        plan = [("reading", 0.0)]
        if args.change_every:
            plan.append(("editing", args.change_every))
        for name, every in plan:
            wait_idle(server.port)
            phases[name] = run_phase(name, every, args, env, server, private, mix_file, workers)
            if phases[name]["errors"]:
                print_server_errors(server.error_log)
    for name, result in phases.items():
        report(name, result)
    verdict = compare(phases)
    if args.json:
        Path(args.json).write_text(json.dumps({"phases": phases, **verdict}, indent=2) + "\n")
    if any(r["errors"] or not r["requests"] for r in phases.values()):
        return 1
    if args.strict and not verdict["goals_met"]:
        return 2
    return 0


def run_phase(name, every, args, env, server, private, mix_file, workers):
    """One phase of the run: the mix for --duration seconds, with an editor saving every
    `every` seconds (0: none); its figures."""
    skip = line_count(server.access_log)
    skip_errors = line_count(server.error_log)
    editing = f", an editor saving every {every:g} s" if every else ""
    log(f"{name}: {args.duration} s at {args.connections} connections{editing}")
    load_before = os.getloadavg()[0]
    postgres = postmaster_pid(private)
    cpu_before = cpu_seconds(server.pid), postgres and cpu_seconds(postgres)
    editor = None
    if every:
        editor = subprocess.Popen(
            [sys.executable, __file__, "--editor", str(every), "--duration", str(args.duration)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
    result = run_wrk(server.port, mix_file, args.duration, args.connections, args.threads)
    changes = 0
    if editor is not None:
        out, _ = editor.communicate(timeout=60)
        if editor.returncode:
            raise RuntimeError(f"the editor failed (exit {editor.returncode})")
        changes = json.loads(out.strip().splitlines()[-1])["changes"]
    app_cpu = cpu_seconds(server.pid) - cpu_before[0]
    db_cpu = postgres and cpu_seconds(postgres) - cpu_before[1]
    kinds = per_kind(server.access_log, skip)
    refreshed = worked_out_after_answering(server.error_log, skip_errors)
    # What the server answered, from its log: wrk does not count a request it gave up on,
    # but the server still spent its time on it.
    served = max(sum(count for count, *_ in kinds.values()), 1)
    result.update(
        served=served,
        cpu_ms_per_request={
            "gunicorn": round(app_cpu * 1000 / served, 1),
            "postgresql": round(db_cpu * 1000 / served, 1) if postgres else None,
        },
        workers=workers,
        after_answering=refreshed,
        connections=args.connections,
        cpus=os.cpu_count(),
        load_average_before=round(load_before, 2),
        change_every=every,
        changes=changes,
        per_kind={
            k: {"count": c, "p50_ms": a, "p99_ms": b, "total_s": round(t / 1000, 1)}
            for k, (c, a, b, t) in kinds.items()
        },
    )
    return result


AFTER_ANSWERING = re.compile(r"worked out after answering in ([0-9.]+) ms")


def worked_out_after_answering(error_log, skip):
    """The pages the server worked out again after answering their reader with the version
    before (tracker/views/caching.py logs each at INFO), past the first `skip` lines of its
    log: how many, and the seconds they took in all."""
    times = []
    with open(error_log, errors="replace") as log_file:
        for number, line in enumerate(log_file):
            if number >= skip and (found := AFTER_ANSWERING.search(line)):
                times.append(float(found.group(1)))
    return {"pages": len(times), "seconds": round(sum(times) / 1000, 1)}


THROUGHPUT_GOAL = 0.8  # the editing phase's requests/s over the reading phase's, at least
P99_RATIO_GOAL = 2.0  # its p99 over the reading phase's, at most


def compare(phases):
    """The goals: p99 under P99_GOAL_MS while reading; while editing, at least THROUGHPUT_GOAL
    of the reading phase's throughput with at most P99_RATIO_GOAL times its p99."""
    reading, editing = phases.get("reading"), phases.get("editing")
    verdict = {"goals_met": reading is not None and reading["p99_ms"] <= P99_GOAL_MS}
    print()
    if editing is None or reading is None:
        return verdict
    throughput = editing["rps"] / reading["rps"] if reading["rps"] else 0.0
    p99 = editing["p99_ms"] / reading["p99_ms"] if reading["p99_ms"] else float("inf")
    met = throughput >= THROUGHPUT_GOAL and p99 <= P99_RATIO_GOAL
    print(
        f"editing / reading: throughput {throughput:.2f} (goal >= {THROUGHPUT_GOAL}), "
        f"p99 {p99:.2f} (goal <= {P99_RATIO_GOAL:g}): {'met' if met else 'MISSED'}"
    )
    verdict.update(
        throughput_ratio=round(throughput, 3),
        p99_ratio=round(p99, 3),
        goals_met=verdict["goals_met"] and met,
    )
    return verdict


def report(name, r):
    print()
    what = f"an editor saving every {r['change_every']:g} s" if r["change_every"] else "readers"
    print(f"== {name} ({what})")
    goal = "met" if r["p99_ms"] <= P99_GOAL_MS else "MISSED"
    print(f"requests       {r['requests']:,} in {r['seconds']} s = {r['rps']:,} requests/s")
    print(
        f"latency        p50 {r['p50_ms']} ms, p90 {r['p90_ms']} ms, p99 {r['p99_ms']} ms "
        f"(goal < {P99_GOAL_MS} ms: {goal}), max {r['max_ms']} ms"
    )
    print(
        f"errors         {r['errors']} (responses other than 2xx/3xx: {r['bad_statuses'] or 0}; "
        f"socket errors: {r['socket_errors']})"
    )
    print(f"statuses       {r['statuses']}")
    if r["change_every"]:
        print(
            f"saves          {r['changes']} during the phase (edit_position and decide in turn; "
            "each renews its party's, provision's and source's pages and those that show "
            "everything)"
        )
    print(
        f"server         {r['workers']} gunicorn workers, {r['cpus']} CPUs, "
        f"load average {r['load_average_before']} before the phase"
    )
    cpu = r["cpu_ms_per_request"]
    print(
        f"CPU per request gunicorn {cpu['gunicorn']} ms, PostgreSQL {cpu['postgresql']} ms, "
        f"over the {r['served']:,} requests the server answered "
        f"(so at most ~{r['cpus'] * 1000 / (cpu['gunicorn'] + (cpu['postgresql'] or 0)):,.0f} "
        "requests/s on this machine's cores with nothing else running)"
    )
    after = r["after_answering"]
    print(
        f"after answering {after['pages']} pages worked out again after their reader had the "
        f"version before, {after['seconds']} s in all (not in the access log's times)"
    )
    print("server time per kind of request (access log, ms):")
    print(f"  {'kind':<12} {'count':>7} {'p50':>6} {'p99':>6} {'total (s)':>10}")
    for kind, k in r["per_kind"].items():
        print(f"  {kind:<12} {k['count']:>7} {k['p50_ms']:>6} {k['p99_ms']:>6} {k['total_s']:>10}")


if __name__ == "__main__":
    sys.exit(main())
