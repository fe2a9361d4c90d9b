"""Serving in production: gunicorn with gunicorn.conf.py, static files collected into the
manifest storage and served compressed by whitenoise, and clear refusals when a setting is
missing. The server runs as `make serve` runs it, on a free loopback port, in its own process."""

import contextlib
import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = ROOT / "gunicorn.conf.py"


def production_env(tmp_path, **overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "HTTPS"}
        and not k.startswith(("GUNICORN", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="serving-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        # Its own database: nothing here needs the test database's tables.
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="1",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config_value(name, **env):
    """A value from gunicorn.conf.py as gunicorn reads it, with this environment."""
    code = f"import runpy; print(runpy.run_path({str(CONFIG)!r})[{name!r}])"
    clean = {k: v for k, v in os.environ.items() if k not in {"WEB_CONCURRENCY", "BIND"}}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_workers_default_to_the_cores_plus_one_and_follow_web_concurrency():
    assert config_value("workers") == str(os.cpu_count() + 1)
    assert config_value("workers", WEB_CONCURRENCY="7") == "7"
    assert config_value("bind") == "['127.0.0.1:8000']"
    assert config_value("bind", BIND="unix:/run/tracker.sock") == "['unix:/run/tracker.sock']"
    assert config_value("accesslog") == "-"


def start_gunicorn(env, port):
    return subprocess.Popen(
        [str(GUNICORN), "-c", str(CONFIG)],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def refusal(env):
    """gunicorn's exit status and what it said, when it is expected to refuse to start."""
    process = start_gunicorn(env, free_port())
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("gunicorn started where it should have refused")
    return process.returncode, stderr


def manage(env, *args):
    """`manage.py` with `args`, in its own process with `env`; it must succeed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """`collectstatic` into a temporary STATIC_ROOT, as `make release` does."""
    tmp_path = tmp_path_factory.mktemp("serving")
    env = production_env(tmp_path)
    manage(env, "collectstatic", "--no-input", "-v0")
    return tmp_path, env


def test_gunicorn_refuses_to_start_without_allowed_hosts(collected):
    returncode, stderr = refusal({**collected[1], "ALLOWED_HOSTS": ""})
    assert returncode != 0
    assert "ALLOWED_HOSTS is not set" in stderr


def test_gunicorn_refuses_to_start_without_a_secret_key(collected):
    env = dict(collected[1])
    del env["SECRET_KEY"]
    returncode, stderr = refusal(env)
    assert returncode != 0
    assert "SECRET_KEY is not set" in stderr


def test_gunicorn_refuses_to_start_before_collectstatic(tmp_path):
    returncode, stderr = refusal(production_env(tmp_path))
    assert returncode != 0
    assert "static files have not been collected" in stderr and "make release" in stderr


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def running_gunicorn(env):
    """gunicorn started with `env` on a free port, once it answers; yields the port, and stops
    it on the way out."""
    port = free_port()
    process = start_gunicorn(env, port)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {process.communicate()[1][-3000:]}")
        try:
            get(port, "/healthz")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        yield port
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


@pytest.fixture(scope="module")
def server(collected):
    tmp_path, env = collected
    with running_gunicorn(env) as port:
        yield port, tmp_path / "static"


def test_health_answers_through_gunicorn(server):
    port, _ = server
    status, headers, body = get(port, "/healthz")
    assert (status, body) == (200, b"ok\n")


def test_pages_link_the_hashed_stylesheet_and_whitenoise_serves_it_compressed(server):
    port, static_root = server
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (static_root / (hashed + ".gz")).exists()

    # Any page will do; the 404 page needs no tables, and extends the base template.
    status, _, body = get(port, "/no-such-page/")
    assert status == 404
    assert f'href="/static/{hashed}"'.encode() in body

    status, headers, body = get(port, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith("text/css")
    # A hashed name never changes content, so browsers and proxies keep it for good.
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
    assert gzip.decompress(body) == (ROOT / "static" / "css" / "site.css").read_bytes()

    status, headers, body = get(port, f"/static/{hashed}")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == (ROOT / "static" / "css" / "site.css").read_bytes()


def test_htmx_is_served_from_the_collected_files(server):
    port, static_root = server
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    _, _, page = get(port, "/no-such-page/")
    scripts = [name for name in manifest.values() if name.startswith("django_htmx/")]
    linked = [name for name in scripts if f"/static/{name}".encode() in page]
    assert linked, "the page links no collected htmx script"
    for name in linked:
        status, headers, _ = get(port, f"/static/{name}", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", name


@pytest.fixture(scope="module")
def server_with_tables(collected):
    """gunicorn with one worker on a migrated database of its own, reading the records' tokens
    on every request."""
    tmp_path, env = collected
    env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'tables.sqlite3'}"}
    env["STAMP_FRESH_SECONDS"] = "0"
    manage(env, "migrate", "--no-input", "-v0")
    with running_gunicorn(env) as port:
        yield port, env


def test_through_gunicorn_a_changed_page_is_worked_out_after_its_reader_is_answered(
    server_with_tables,
):
    port, env = server_with_tables
    status, _, before = get(port, "/export/matrix.csv")
    assert status == 200 and b"Ruritania" not in before

    # An editor's change, made by another process (as the admin's or a command's would be).
    change = (
        "from tracker.models import Party; "
        "Party.objects.create(code='RUR', name='Ruritania', kind='state')"
    )
    manage(env, "shell", "-c", change)

    # The first reader after it is answered at once with the version before; the worker then
    # works out the new one, before it takes the next request.
    status, _, meanwhile = get(port, "/export/matrix.csv")
    assert status == 200 and meanwhile == before
    status, _, after = get(port, "/export/matrix.csv")
    assert status == 200 and b"Ruritania" in after
