"""`make drill`: the production server loses its database under load, and gets it back.

On this machine's loopback only, for a bounded time (about a minute):

1. The same set-up as `make loadtest` (bench/loadtest.py): a throw-away PostgreSQL server of
   our own (`initdb` into a temporary folder, a free port), migrated and loaded, static files
   collected, the production server (gunicorn with gunicorn.conf.py, DEBUG off) on loopback.
2. Outage: under a lighter load (wrk, 4 connections, the same mix), PostgreSQL is stopped
   (`pg_ctl stop -m fast`: every connection is cut at once), kept down for 5 seconds, and
   started again. /healthz is asked every 0.1 s throughout. Reported: the answers during the
   run by status (503s are expected while the database is down; a 500 or a socket error is a
   failure), the seconds from the start command (PostgreSQL's own start-up included) until
   /healthz answers 200 again, the lines the outage wrote to the error log, and that the
   same gunicorn master (and the same workers) served before and after: no restart needed.
3. A worker restarted under load: SIGTERM to one worker (it finishes its request, the master
   starts another), then SIGHUP to the master (a graceful reload of every worker, as after a
   deployment). Not one request may fail.

PostgreSQL is always started again at the end, whatever happened (try/finally), and the
private server removed.

The machine's own cluster is used only when asked for by name (`--cluster 15/main` with
`--server postgres://postgres@127.0.0.1:5432`): stopping it stops every database on it,
everyone else's too. The database `rt_load` is created on it and dropped at the end.

Exits 1 if a request failed in a way it should not have, or the server did not recover.
"""

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadtest import (  # noqa: E402
    HOST,
    Server,
    get,
    log,
    prepared,
    print_server_errors,
    start_wrk,
    wait_idle,
    wrk_result,
)
from bench.private_pg import ClusterPostgres  # noqa: E402

OUTAGE_SECONDS = 5
# wrk gives up on a request after this long and counts a socket error. Here a slow answer is
# not what is tested, a lost one is: as long as gunicorn's own limit (gunicorn.conf.py).
REQUEST_TIMEOUT = 60
RECOVERY_LIMIT = 30  # seconds after PostgreSQL is back by which /healthz must answer 200


class HealthPoller(threading.Thread):
    """GET /healthz every 0.1 s; records (monotonic time, status or the error's name)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            moment = time.monotonic()
            try:
                answer = get(self.port, "/healthz", timeout=5)
            except OSError as error:
                answer = type(error).__name__
            self.answers.append((moment, answer))
            self.stopping.wait(0.1)

    def first_ok_after(self, moment):
        return next((t for t, a in self.answers if t >= moment and a == 200), None)

    def stop(self):
        self.stopping.set()
        self.join()


def outage(server, target, mix_file, connections, threads):
    """Stop PostgreSQL for OUTAGE_SECONDS under load; returns the figures."""
    master, workers = server.pid, server.workers()
    wait_idle(server.port)
    log_start = server.error_log.stat().st_size
    poller = HealthPoller(server.port)
    poller.start()
    load = start_wrk(
        server.port, mix_file, OUTAGE_SECONDS + 20, connections, threads, REQUEST_TIMEOUT
    )
    try:
        time.sleep(5)
        log(f"stopping PostgreSQL for {OUTAGE_SECONDS} s")
        target.stop("fast")
        stopped = time.monotonic()  # pg_ctl waits until the server is down
        time.sleep(OUTAGE_SECONDS)
    finally:
        if not target.running:
            started = time.monotonic()  # recovery counts PostgreSQL's own start-up too
            target.start()  # whatever happened above
    log(f"PostgreSQL started {started - stopped:.1f} s after it stopped; waiting for /healthz")
    deadline = started + RECOVERY_LIMIT
    while poller.first_ok_after(started) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    result = wrk_result(load)
    poller.stop()
    healthy = poller.first_ok_after(started)
    statuses = result["statuses"]
    down = [a for t, a in poller.answers if stopped <= t < started]
    with open(server.error_log, errors="replace") as error_log:
        error_log.seek(log_start)
        logged = error_log.read()
    return {
        "error_log_lines": logged.count("\n"),
        "error_log_tracebacks": logged.count("Traceback (most recent call last)"),
        **result,
        "healthz_during_outage": {str(a): down.count(a) for a in sorted(set(down), key=str)},
        "status_503": statuses.get(503, 0),
        "status_500": statuses.get(500, 0),
        "other_failures": {s: n for s, n in result["bad_statuses"].items() if s not in (503,)},
        "outage_seconds": round(started - stopped, 1),
        "recovery_seconds": None if healthy is None else round(healthy - started, 2),
        "same_master": server.alive() and server.pid == master,
        "same_workers": server.workers() == workers,
    }


def worker_restarts(server, mix_file, connections, threads):
    """SIGTERM to one worker, then SIGHUP to the master, each under load."""
    results = {}
    for name, action in (
        ("worker SIGTERM", lambda: os.kill(server.workers()[0], signal.SIGTERM)),
        ("master SIGHUP", lambda: os.kill(server.pid, signal.SIGHUP)),
    ):
        wait_idle(server.port)
        before = server.workers()
        load = start_wrk(server.port, mix_file, 15, connections, threads, REQUEST_TIMEOUT)
        time.sleep(5)
        log(f"{name} under load")
        action()
        result = wrk_result(load)
        # The master starts new workers before it stops the old ones: wait until it settles.
        deadline = time.monotonic() + 60
        while len(after := server.workers()) != server.expected() and time.monotonic() < deadline:
            time.sleep(0.2)
        results[name] = {
            **result,
            "workers_replaced": len(set(before) - set(after)),
            "workers_after": len(after),
            "same_master": server.alive(),
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--sources", type=int, default=400, help="synthetic articles (400)")
    parser.add_argument(
        "--cluster",
        help="stop this machine's own cluster (e.g. 15/main; see `ls /etc/postgresql`) instead "
        "of a private server; needs --server. It stops every database on it.",
    )
    parser.add_argument("--server", help="with --cluster: its URL, postgres://user@host:port")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if bool(args.cluster) != bool(args.server):
        parser.error("--cluster and --server go together")
    # Killed (a time limit, a closed terminal), the drill still starts PostgreSQL again: the
    # signal becomes an exception, so every `finally` below runs.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))

    with contextlib.ExitStack() as stack:
        cluster = (
            stack.enter_context(ClusterPostgres(args.cluster, args.server))
            if args.cluster
            else None
        )
        env, private, folder = stack.enter_context(prepared(args.server, args.sources))
        target = cluster or private
        server = stack.enter_context(Server(env, folder))
        mix_file = folder / "mix.tsv"
        log(f"gunicorn {server.pid} with {len(server.workers())} workers on {HOST}:{server.port}")
        figures = {"outage": outage(server, target, mix_file, args.connections, args.threads)}
        figures["restarts"] = worker_restarts(server, mix_file, args.connections, args.threads)
        failed = report(figures)
        if failed:
            print_server_errors(server.error_log)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 1 if failed else 0


def report(figures):
    """Prints the figures; returns the failures (empty when the drill passed)."""
    failures = []
    o = figures["outage"]
    print()
    print(
        f"Database down for {o['outage_seconds']} s in a {o['seconds']} s run "
        f"({o['requests']:,} requests):"
    )
    print(f"  503 (expected while the database is down)  {o['status_503']}")
    print(f"  500                                        {o['status_500']}")
    print(f"  other failed responses                     {o['other_failures'] or 0}")
    print(f"  socket errors                              {o['socket_errors']}")
    print(f"  /healthz while down                        {o['healthz_during_outage']}")
    print(f"  /healthz 200, s after PostgreSQL's start   {o['recovery_seconds']}")
    print(f"  same master, no restart                    {o['same_master']}")
    print(f"  same workers (none replaced)               {o['same_workers']}")
    print(f"  all statuses                               {o['statuses']}")
    print(
        f"  server error log                           {o['error_log_lines']} lines, "
        f"{o['error_log_tracebacks']} tracebacks"
    )
    if o["status_500"] or o["other_failures"]:
        failures.append("responses other than 503 failed during the outage")
    if sum(o["socket_errors"].values()):
        failures.append("socket errors during the outage")
    if o["recovery_seconds"] is None:
        failures.append(f"/healthz did not answer 200 within {RECOVERY_LIMIT} s")
    if not o["same_master"]:
        failures.append("the gunicorn master did not survive the outage")
    if not o["status_503"]:
        failures.append("no 503 at all: was the database really down?")
    for name, r in figures["restarts"].items():
        print(
            f"{name}: {r['requests']:,} requests, {r['errors']} failed "
            f"(statuses {r['statuses']}, socket errors {r['socket_errors']}); "
            f"{r['workers_replaced']} workers replaced, {r['workers_after']} running"
        )
        if r["errors"] or not r["requests"]:
            failures.append(f"{name}: {r['errors']} of {r['requests']} requests failed")
        if not r["same_master"] or not r["workers_replaced"]:
            failures.append(f"{name}: the master died or no worker was replaced")
    print("drill passed" if not failures else "drill FAILED: " + "; ".join(failures))
    return failures


if __name__ == "__main__":
    sys.exit(main())
