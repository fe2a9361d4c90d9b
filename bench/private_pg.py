"""A throw-away PostgreSQL server of our own, for the load test and the fault drill.

`initdb` into a temporary folder, listening on 127.0.0.1 only, on a free port, with its socket
in that folder too; trust authentication (nothing but this machine's loopback reaches it);
removed, data and all, at the end. Stopping and starting it breaks nobody else's work, which is
what lets the drill pull the database out from under a running server.

PostgreSQL refuses to run as root: when we are root, its commands run as the `postgres` user
(Debian's packages create it), through `runuser`.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def postgres_bin():
    """The folder of the newest installed PostgreSQL's server programs."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("PostgreSQL's initdb was not found (Debian: apt-get install postgresql).")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivatePostgres:
    """with PrivatePostgres() as pg: pg.url("rt_load"); pg.stop(); pg.start()"""

    def __init__(self, port=None):
        self.bin = postgres_bin()
        self.port = port or free_port()
        self.folder = None
        self.running = False

    # -- Running its programs --------------------------------------------------------------

    def _run(self, *args, check=True, timeout=60):
        command = [str(self.bin / args[0]), *map(str, args[1:])]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=timeout)

    def _pg_ctl(self, *args, check=True):
        return self._run("pg_ctl", "-D", self.data, "-w", "-t", "60", *args, check=check)

    @property
    def data(self):
        return self.folder / "data"

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    # -- Life cycle ------------------------------------------------------------------------

    def create(self):
        self.folder = Path(tempfile.mkdtemp(prefix="rt-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.folder}'",
            "max_connections = 100",
            "shared_buffers = 128MB",
            # A throw-away database: losing it in a crash costs nothing, so skip the waits.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "log_min_messages = warning",
        ]
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            conf.write("\n".join(settings) + "\n")
        self.start()
        return self

    def start(self):
        self._pg_ctl("-l", self.folder / "server.log", "start")
        self.running = True
        self.wait_ready()

    def stop(self, mode="fast"):
        """fast: ends every connection at once, as a crash or a restart by an operator would."""
        self._pg_ctl("-m", mode, "stop")
        self.running = False

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = self._run("pg_isready", "-h", "127.0.0.1", "-p", self.port, "-q", check=False)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL on port {self.port} did not start: {self.log_tail()}")

    def log_tail(self, lines=20):
        with contextlib.suppress(OSError):
            return "\n".join((self.folder / "server.log").read_text().splitlines()[-lines:])
        return ""

    def destroy(self):
        if self.folder is None:
            return
        if self.running:
            with contextlib.suppress(Exception):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self):
        try:
            return self.create()
        except BaseException:
            self.destroy()
            raise

    def __exit__(self, *exc):
        self.destroy()


class ClusterPostgres:
    """The machine's own PostgreSQL cluster (Debian's pg_ctlcluster), for a drill on purpose.

    Stopping it stops every database on it, everyone else's included: only with --cluster."""

    def __init__(self, cluster, server_url):
        self.version, _, self.name = cluster.partition("/")
        self.server_url = server_url.rstrip("/")
        self.running = True

    def _ctl(self, action, *options):
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                *options,
                self.version,
                self.name,
                action,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def url(self, database="postgres"):
        return f"{self.server_url}/{database}"

    def stop(self, mode="fast"):
        self._ctl("stop", f"--mode={mode}")
        self.running = False

    def start(self):
        self._ctl("start")
        self.running = True

    def log_tail(self, lines=20):
        return ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.running:
            self.start()
