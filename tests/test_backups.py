"""`manage.py backup` and `manage.py restore` (nanjingweek/backups.py), on whichever database the suite runs.

The round trip is the operator's: the demo programme backed up, restored into a new database on the same
server (PostgreSQL: a database made for the test and dropped after it; SQLite: a new file), and the site served
from the restored database and media folder by gunicorn in a process of its own, page for page as the original.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from events.models import EventPhoto, Registration
from nanjingweek import backups
from tests.conftest import build_tree
from tests.demo_data import load_demo_committed
from tests.test_demo_pages import public_pages
from tests.test_settings import SETTINGS_VARIABLES

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# pg_dump, SQLite's backup API and gunicorn see only committed rows.
TRANSACTIONAL = pytest.mark.django_db(transaction=True)
# For tests that back up only what the migrations committed: pg_dump reads through a connection of its own, so they
# may run in a rolled-back transaction (fast), but SQLite's backup API reads through Django's connection, whose
# open test transaction would keep the copy waiting for its lock.
COMMITTED = pytest.mark.django_db(transaction=settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"))


# --- Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def server_url(settings_dict: dict, name: str) -> str:
    credentials = quote(settings_dict["USER"] or "postgres", safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict["HOST"] or "localhost"
    return f"postgres://{credentials}@{host}:{settings_dict['PORT'] or 5432}/{name}"


def on_server(*statements) -> None:
    """Statements on the test database's PostgreSQL server (CREATE DATABASE cannot run inside a database's own)."""
    import psycopg

    with psycopg.connect(server_url(connection.settings_dict, "postgres"), autocommit=True) as server:
        for statement in statements:
            server.execute(statement)


def require_client_programs() -> None:
    missing = [name for name in ("pg_dump", "pg_restore", "psql") if shutil.which(name) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI needs PostgreSQL's client programs for the backup tests: {', '.join(missing)} missing")
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: apt-get install postgresql-client (./dev test does as root)")


@pytest.fixture
def new_database(django_db_setup, tmp_path):
    """The URL of a new, empty database beside the test database, made for this test and dropped after it."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    from psycopg import sql

    require_client_programs()
    name = f"{connection.settings_dict['NAME']}_restore_{secrets.token_hex(3)}"
    on_server(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield server_url(connection.settings_dict, name)
    on_server(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def _scratch_server_database(django_db_setup):
    """One PostgreSQL database for the module's smaller tests (making and dropping one costs a second or two)."""
    if connection.vendor != "postgresql":
        yield None
        return
    from psycopg import sql

    name = f"{connection.settings_dict['NAME']}_restore_scratch"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    on_server(drop, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield server_url(connection.settings_dict, name)
    on_server(drop)


@pytest.fixture
def empty_database(_scratch_server_database, tmp_path, django_db_blocker) -> str:
    """The URL of an empty database: the module's PostgreSQL scratch database emptied, or a new SQLite file."""
    if _scratch_server_database is None:
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    require_client_programs()
    with django_db_blocker.unblock():
        execute(_scratch_server_database, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
    return _scratch_server_database


def tables_in(url: str) -> dict[str, int]:
    database = backups.database_from_url(url, alias="inspect")
    try:
        return backups.database_state(database).tables
    finally:
        database.close()


def execute(url: str, *statements: str) -> None:
    database = backups.database_from_url(url, alias="inspect")
    try:
        with database.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        database.close()


def make_backup(directory: Path) -> Path:
    call_command("backup", output_dir=directory, stdout=io.StringIO())
    (archive,) = directory.glob("nanjingweek-*.tar")
    return archive


def restore(archive: Path, url: str, media_root: Path, *, force: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(archive), database_url=url, media_root=media_root, force=force, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


# --- Serving the restored site ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, media_root: Path, log: Path):
    """The site under gunicorn (the repository's gunicorn.conf.py) on the given database and media folder."""
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="nanjingweek.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        SERVE_MEDIA="1",
        # Not the key the original was served with: what the pages show must not depend on it.
        SECRET_KEY="restored-elsewhere-" + secrets.token_urlsafe(40),
        PYTHONDONTWRITEBYTECODE="1",
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "nanjingweek.wsgi", f"--bind=127.0.0.1:{port}", "--workers=1"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"gunicorn ended (exit {process.returncode}):\n{log.read_text()}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not listen within 30 s:\n{log.read_text()}"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server on 127.0.0.1
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main_content(html: bytes) -> tuple[str, list[str]]:
    """What a reader gets from a page: the text of its main element and the images it shows."""
    main = build_tree(html).find("main")
    return main.text, [image.attrs.get("src", "") for image in main.find_all("img")]


def one_page_of_each_kind() -> dict[str, str]:
    """Home, the schedule, an event, a venue, a city, an edition, an exhibition, a partner, news, a speaker…,
    from tests/test_demo_pages.py's list, each in one of the three languages in turn."""
    pages: dict[str, str] = {}
    kinds: set[str] = set()
    for name, path in public_pages(sample=2).items():
        kind = name.split()[0]
        if kind not in kinds:
            kinds.add(kind)
            pages[name] = path.format(lang=LANGUAGES[len(pages) % len(LANGUAGES)])
    return pages


# --- The round trip -------------------------------------------------------------------------------------


@TRANSACTIONAL
def test_backup_restored_into_a_new_database_serves_the_same_site(media, new_database, tmp_path):
    # What load_demo writes, copied back when an earlier test of the session loaded it (tests/demo_data.py).
    load_demo_committed()
    original_rows = backups.database_state(connection).tables
    archive = make_backup(tmp_path / "backups")

    url = new_database
    restored_media = tmp_path / "restored-media"
    out, err = restore(archive, url, restored_media)

    assert "as in the manifest" in out
    assert "as in this code" in out, err
    assert err == ""
    assert tables_in(url) == original_rows
    assert files_under(restored_media) == files_under(media)

    pages = one_page_of_each_kind()
    client = Client()
    expected = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path)
        expected[name] = main_content(response.content)
    # An attendee's own page: its link is a token stored in the database, so it survives a new SECRET_KEY.
    attendee = Registration.objects.filter(status=Registration.Status.CONFIRMED).order_by("pk").first()
    pages["attendee's page"] = attendee.get_absolute_url()
    expected["attendee's page"] = main_content(client.get(pages["attendee's page"]).content)
    photo = EventPhoto.objects.order_by("pk").first()

    with gunicorn(url, restored_media, tmp_path / "gunicorn.log") as base:
        served = {}
        for name, path in pages.items():
            status, body = fetch(base + path)
            assert status == 200, (name, path, body[:500])
            served[name] = main_content(body)
        image_status, image = fetch(base + photo.image.url)

    assert served == expected
    assert (image_status, image) == (200, (media / photo.image.name).read_bytes())


# --- Refusals -------------------------------------------------------------------------------------------


def damaged_copies(archive: Path, directory: Path) -> dict[str, Path]:
    """The archive with one byte of a media file flipped, and cut short (as a full disk or a killed copy leaves it)."""
    directory.mkdir()
    with tarfile.open(archive) as tar:
        member = next(member for member in tar.getmembers() if member.name.startswith("media/"))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0x01
    flipped = directory / "flipped.tar"
    flipped.write_bytes(bytes(data))
    cut = directory / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return {"one byte flipped": flipped, "cut short": cut}


@pytest.fixture
def site_files(media) -> Path:
    """An uploaded picture and a rendition of it in MEDIA_ROOT."""
    (media / "events").mkdir(parents=True)
    (media / "events" / "forum.png").write_bytes(b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(3000))
    (media / "renditions" / "events").mkdir(parents=True)
    (media / "renditions" / "events" / "forum-480w.webp").write_bytes(b"RIFF" + secrets.token_bytes(1000))
    return media


# The refusals need an archive, not a programme: these back up what the test database holds (the migrations' rows).


@COMMITTED
def test_a_damaged_archive_is_refused_before_anything_changes(site_files, empty_database, tmp_path):
    archive = make_backup(tmp_path / "backups")
    url = empty_database
    restored_media = tmp_path / "restored-media"

    call_command("backup", check=archive, stdout=io.StringIO())  # the intact one passes
    for damage, copy in damaged_copies(archive, tmp_path / "damaged").items():
        with pytest.raises(CommandError, match="damaged|cut short"):
            call_command("backup", check=copy, stdout=io.StringIO())
        with pytest.raises(CommandError, match="damaged|cut short"):
            restore(copy, url, restored_media)
        assert tables_in(url) == {}, damage
        assert not restored_media.exists() or list(restored_media.iterdir()) == [], damage

    # The command line: a message on stderr and a non-zero exit, for cron and scripts.
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "restore",
            str(tmp_path / "damaged" / "flipped.tar"),
            f"--database-url={url}",
            f"--media-root={restored_media}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "does not match its checksum in the manifest: the archive is damaged" in completed.stderr
    assert tables_in(url) == {}


@COMMITTED
def test_restore_replaces_a_database_that_is_not_empty_only_with_force(site_files, empty_database, tmp_path):
    archive = make_backup(tmp_path / "backups")
    rows = backups.database_state(connection).tables
    url = empty_database
    restored_media = tmp_path / "restored-media"
    restore(archive, url, restored_media)
    # Since then: a row deleted, a newer release's table with a foreign key into ours, a file uploaded.
    execute(
        url,
        "DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations)",
        "CREATE TABLE newer_release (id integer PRIMARY KEY, migration_id integer REFERENCES django_migrations (id))",
        "INSERT INTO newer_release VALUES (1, (SELECT MIN(id) FROM django_migrations))",
    )
    (restored_media / "events" / "uploaded-since.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\).*--force"):
        restore(archive, url, restored_media)
    assert tables_in(url)["newer_release"] == 1

    out, _err = restore(archive, url, restored_media, force=True)

    assert "as in the manifest" in out
    assert tables_in(url) == rows
    assert files_under(restored_media) == files_under(site_files)


@COMMITTED
def test_restore_of_an_archive_older_than_the_code_says_to_migrate(site_files, empty_database, tmp_path):
    url = empty_database
    restore(make_backup(tmp_path / "backups"), url, tmp_path / "restored-media")
    # That database as an older release left it: its latest events migration not yet applied.
    execute(
        url,
        "DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations WHERE app = 'events')",
    )
    call_command("backup", output_dir=tmp_path / "older", database_url=url, stdout=io.StringIO())
    (older,) = (tmp_path / "older").glob("*.tar")

    out, err = restore(older, url, tmp_path / "restored-media", force=True)

    assert "as in this code" not in out
    assert "The archive is older than this code: 1 migration(s) not applied (events." in err
    assert "Run `manage.py migrate`" in err


# --- pg_dump ----------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_backup_needs_a_pg_dump_at_least_as_new_as_the_server(media, tmp_path, monkeypatch):
    output = tmp_path / "backups"
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(CommandError, match=r"pg_dump was not found on PATH.*apt-get install postgresql-client"):
        call_command("backup", output_dir=output, stdout=io.StringIO())

    # A pg_dump of PostgreSQL 9.6, as an old client package leaves on a machine.
    tools = tmp_path / "old-client"
    tools.mkdir()
    (tools / "pg_dump").write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n')
    (tools / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    with pytest.raises(CommandError, match=r"version 9\.6, older than the server \(\d+\.\d+\)"):
        call_command("backup", output_dir=output, stdout=io.StringIO())
    assert list(output.glob("*")) == []


# --- Keeping archives ---------------------------------------------------------------------------------------


def test_prune_deletes_only_archives_older_than_the_days_kept(tmp_path):
    names = [
        "nanjingweek-20261117-030000.tar",  # 15 days old: goes
        "nanjingweek-20261118-025959.tar.partial",  # a backup that never finished, as old: goes
        "nanjingweek-20261118-030001.tar",  # 14 days minus a second: stays
        "nanjingweek-20261201-030000.tar",
        "nanjingweek-20261201-030000-2.tar",
        "notes-20260101.tar",  # not ours: stays
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    now = datetime(2026, 12, 2, 3, 0, 0, tzinfo=timezone.utc)

    removed = backups.prune(tmp_path, keep_days=14, keep=tmp_path / names[3], now=now)

    assert [path.name for path in removed] == names[:2]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names[2:])


def test_sqlite_backup_gives_up_on_a_lock_that_is_never_released(tmp_path, monkeypatch, django_db_blocker):
    site = tmp_path / "site.sqlite3"
    writer = sqlite3.connect(site, isolation_level=None)
    writer.execute("CREATE TABLE t (id integer)")
    writer.execute("BEGIN EXCLUSIVE")  # a writer that never commits
    monkeypatch.setattr(backups, "SQLITE_LOCK_WAIT", 0.5)
    outcome = {}

    def attempt() -> None:
        # Connections belong to their thread: this one is made in it.
        # A short busy timeout: each step of the backup then reports the lock at once instead of after 5 s.
        settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(site), "OPTIONS": {"timeout": 0.05}}
        database = backups.open_database(settings_dict, alias="locked")
        try:
            backups.copy_sqlite(database, tmp_path / "copy.sqlite3")
        except backups.BackupError as error:
            outcome["error"] = str(error)
        finally:
            database.close()

    # A database of its own, not the test database: pytest-django need only let this connection through.
    with django_db_blocker.unblock():
        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(timeout=20)
    writer.close()

    assert not worker.is_alive(), "the backup still waits for the lock"
    assert "stayed locked by another connection for 0 s" in outcome["error"]
