"""gunicorn's settings for serving the tracker in production (`make serve`).

gunicorn reads this file by itself when started from the project folder; `make serve` names it.
Every value can be changed from the environment without editing it:

- `WEB_CONCURRENCY`: worker processes (default CPU cores + 1: a page costs CPU, not waiting;
  on 2 cores `make loadtest` measured p99 131 ms with 3 workers, 268 ms with 5, 464 ms with 9);
- `BIND`: where to listen (default `127.0.0.1:8000`, for a reverse proxy on the same machine;
  `unix:/run/tracker.sock` for a socket);
- `GUNICORN_TIMEOUT`: seconds a request may take before its worker is replaced (default 60);
- `GUNICORN_CMD_ARGS`: any other gunicorn option, e.g. `"--max-requests 1000"`.

Sync workers: the pages are short and use the CPU and the database, never wait on anything
else, so a thread or an event loop per worker would buy nothing. Slow clients are the reverse
proxy's job: it buffers requests and responses, so a worker is never held by a slow phone.

Before the first worker starts, the master checks what would otherwise fail on every request:
production settings that are missing (SECRET_KEY, ALLOWED_HOSTS) and static files that were
never collected (`make release`). It says which, and stops.
"""

import multiprocessing
import os
import shutil
import sys
import tempfile

wsgi_app = "tracker.wsgi:application"
bind = [os.environ.get("BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
worker_class = "sync"

# A request that takes longer than this has its worker killed and replaced (the client gets a
# 502 from the proxy). Pages need far less; a full export of a very large database
# may need more (GUNICORN_TIMEOUT).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
# On SIGTERM or SIGHUP, workers finish the requests they have before they stop.
graceful_timeout = 30
# Behind a proxy on the same machine: connections are reused briefly, then closed.
keepalive = 5

# Logs go to stdout and stderr; the service manager (systemd, a container) keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Heartbeat files in memory, not on a disk that may stall (containers mount /tmp on overlayfs).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# No control socket: its default path is one per user, shared by every gunicorn on the machine;
# signals (HUP to reload, TERM to stop) do what the tracker needs.
control_socket_disable = True

# The application is imported by each worker, not by the master, so that SIGHUP (a graceful
# reload) starts workers on new code after a deployment.
preload_app = False


def production_problems():
    """What would make every request fail, as sentences naming the setting; [] when none."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.DEBUG  # noqa: B018 (imports the settings, which check SECRET_KEY themselves)
    except ImproperlyConfigured as error:
        return [str(error)]
    if settings.DEBUG:
        return []
    problems = []
    if not settings.ALLOWED_HOSTS:
        problems.append(
            "ALLOWED_HOSTS is not set. Set the ALLOWED_HOSTS environment variable to the host "
            "names the site answers to, comma-separated (e.g. tracker.example.org); without it "
            "every request is refused with 400 Bad Request."
        )
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    manifest = os.path.join(settings.STATIC_ROOT, "staticfiles.json")
    if "Manifest" in storage and not os.path.exists(manifest):
        problems.append(
            f"The static files have not been collected ({manifest} is missing): run "
            "`make release` (migrate and collectstatic) before serving."
        )
    return problems


def on_starting(server):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    # The workers share the reader pages they keep (tracker/views/caching.py), in a folder of
    # this server's own: made here, private to its user (mkdtemp: mode 0700), removed on exit.
    # Before the settings are first read below: the workers inherit them as read here.
    if not os.environ.get("PAGE_CACHE_DIR"):
        shared = "/dev/shm" if os.path.isdir("/dev/shm") else None
        folder = tempfile.mkdtemp(prefix="resolution-tracker-pages-", dir=shared)
        os.environ["PAGE_CACHE_DIR"] = folder
        _made.append(folder)
    if problems := production_problems():
        for problem in problems:
            print(f"Cannot serve: {problem}", file=sys.stderr, flush=True)
        on_exit(server)
        sys.exit(1)


_made = []  # the folder on_starting made, if it made one


def on_exit(server):
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
