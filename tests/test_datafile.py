"""export_data / import_data: the whole record as one file, moved between databases."""

import json
import os
import signal
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from tests.test_current import expected_current, stored_current
from tracker.loading.seeding import load_seeds
from tracker.models import Excerpt, Position, Source

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def run_manage(database_url, *args, env=None, check=True):
    environment = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", **(env or {})}
    return subprocess.run(
        [*MANAGE, *args], env=environment, capture_output=True, text=True, check=check
    )


@pytest.fixture
def scratch_database(tmp_path):
    """A URL for a fresh, migrated database of the kind the suite runs on (not the test one)."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        name = f"rt_scratch_{uuid.uuid4().hex[:10]}"
        admin = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
        run_manage(url, "migrate", "-v0")
        yield url
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        run_manage(url, "migrate", "-v0")
        yield url


@pytest.fixture(scope="module")
def sqlite_export(tmp_path_factory):
    """A file exported from a SQLite database holding the seeds, an editor, an edit and a
    retraction, as a team on the embedded default would have."""
    folder = tmp_path_factory.mktemp("sqlite-origin")
    url = f"sqlite:///{folder / 'origin.sqlite3'}"
    run_manage(url, "migrate", "-v0")
    path = folder / "tracker.json"
    script = (
        "import os\n"
        "from django.core.management import call_command\n"
        "from tracker.models import Position\n"
        "call_command('load_seeds')\n"
        "os.environ['EDITOR_PASSWORD'] = 'correct-horse-battery'\n"
        "call_command('create_editor', 'amira')\n"
        "p = Position.objects.get(party__code='hamas', provision__slug='demilitarization')\n"
        "p.summary = 'Hamas is reported to reject disarmament.'; p.save()\n"
        "Position.objects.filter(party__code='GBR').first().retract('Speculation, not a position.')\n"
        f"call_command('export_data', {str(path)!r})\n"
    )
    run_manage(url, "shell", "-c", script)
    return path


@pytest.mark.django_db(transaction=True)
def test_round_trip_from_sqlite_gives_an_identical_file(sqlite_export, tmp_path):
    """SQLite -> file -> this database (PostgreSQL in CI's first run) -> file: same bytes."""
    call_command("import_data", str(sqlite_export))
    again = tmp_path / "again.json"
    call_command("export_data", str(again))
    assert again.read_bytes() == sqlite_export.read_bytes()

    edited = Position.objects.get(party__code="hamas", provision__slug="demilitarization")
    assert [h.summary for h in edited.history.order_by("history_date")][-2:] == [
        "Hamas is reported to have consistently rejected disarmament.",
        "Hamas is reported to reject disarmament.",
    ]
    assert Position.objects.filter(retracted_at__isnull=False).count() == 1
    # Current stances are not in the file; they are worked out again on import.
    assert stored_current() == expected_current()
    assert len(expected_current()) > 20  # the seeds' stances: not an empty match
    # New records get new ids after the imported ones.
    assert get_user_model().objects.create(username="new").pk > 1


@pytest.mark.django_db(transaction=True)
def test_password_hashes_stay_out_unless_asked(sqlite_export, tmp_path):
    document = json.loads(sqlite_export.read_text(encoding="utf-8"))
    assert document["includes_password_hashes"] is False
    assert all("password" not in u["fields"] for u in document["records"]["auth.User"])

    call_command("import_data", str(sqlite_export))
    assert authenticate(username="amira", password="correct-horse-battery") is None
    user = get_user_model().objects.get(username="amira")
    assert not user.has_usable_password()
    assert user.groups.filter(name="editors").exists()

    with_hashes = tmp_path / "with-hashes.json"
    call_command("export_data", str(with_hashes), "--with-password-hashes")
    assert json.loads(with_hashes.read_text(encoding="utf-8"))["includes_password_hashes"]


@pytest.mark.django_db
def test_import_into_a_database_that_holds_records_changes_nothing(seeds_dir, sqlite_export):
    load_seeds(seeds_dir)
    before = Position.objects.count()
    with pytest.raises(CommandError, match="already holds tracker records"):
        call_command("import_data", str(sqlite_export))
    assert Position.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not a JSON document"),
        ('{"format": "something-else"}', "not a Resolution Tracker data file"),
        ('{"format": "resolution-tracker-data", "version": 99}', "data file version 99"),
    ],
)
def test_a_file_that_is_not_ours_is_refused_plainly(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_data", str(path))


@pytest.mark.django_db(transaction=True)
def test_an_excerpt_that_no_longer_matches_its_source_stops_the_import(sqlite_export, tmp_path):
    document = json.loads(sqlite_export.read_text(encoding="utf-8"))
    document["records"]["tracker.Excerpt"][0]["fields"]["exact"] = "Words nobody wrote."
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported.*excerpt"):
        call_command("import_data", str(tampered))
    assert not Source.objects.exists() and not Excerpt.objects.exists()
    assert not get_user_model().objects.exists()


def big_document(sqlite_export, copies):
    """The seed export with `copies` extra sources, each with an excerpt and a position."""
    document = json.loads(sqlite_export.read_text(encoding="utf-8"))
    records = document["records"]
    source = records["tracker.Source"][0]
    excerpt = next(e for e in records["tracker.Excerpt"] if e["fields"]["source"] == source["pk"])
    position = records["tracker.Position"][0]
    for n in range(1, copies + 1):
        text = f"{source['fields']['text']}\nCopy {n}."
        records["tracker.Source"].append(
            {
                "pk": 100_000 + n,
                "fields": {
                    **source["fields"],
                    "text": text,
                    "text_sha256": f"{n:064x}",
                    "seed_file": "",
                    "url": "",  # an address is stored once; the seed articles now have theirs
                },
            }
        )
        records["tracker.Excerpt"].append(
            {"pk": 100_000 + n, "fields": {**excerpt["fields"], "source": 100_000 + n}}
        )
        records["tracker.Position"].append(
            {"pk": 100_000 + n, "fields": {**position["fields"], "excerpt": 100_000 + n}}
        )
    return document


def expected_small(path):
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    return [len(records[f"tracker.{name}"]) for name in ("Source", "Excerpt", "Position")]


def count_rows(database_url):
    script = (
        "from tracker.models import Source, Excerpt, Position\n"
        "print(Source.objects.count(), Excerpt.objects.count(), Position.objects.count())"
    )
    result = run_manage(database_url, "shell", "-c", script)
    return [int(n) for n in result.stdout.split()[-3:]]


@pytest.mark.django_db
def test_an_import_killed_midway_leaves_nothing_behind(sqlite_export, scratch_database, tmp_path):
    document = big_document(sqlite_export, 3_000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": scratch_database, "DEBUG": "1"}
    process = subprocess.Popen(
        [*MANAGE, "import_data", str(path), "-v2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Sources are written before excerpts; once excerpts start, sources are in the transaction.
    for line in process.stdout:
        if "tracker.Excerpt" in line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    assert count_rows(scratch_database) == [0, 0, 0]
    # And an import afterwards works: the killed one left no lock and no half state.
    run_manage(scratch_database, "import_data", str(sqlite_export))
    assert count_rows(scratch_database) == expected_small(sqlite_export)
