"""Backups: the database and the media folder in one archive, and back again (`manage.py backup`, `restore`).

An archive is one uncompressed tar file, `nanjingweek-YYYYMMDD-HHMMSS.tar` (UTC), holding:

    database.pgdump    pg_dump's custom format (PostgreSQL), compressed by pg_dump itself
    database.sqlite3   a copy made with SQLite's online backup API (SQLite)
    media/...          every file under MEDIA_ROOT (none with MEDIA_STORAGE=s3: the bucket keeps its own, see below)
    manifest.json      last: format version, time, migration state, row counts, SHA-256 of every other member

Consistent while the site runs. On PostgreSQL this module opens a REPEATABLE READ transaction, exports its
snapshot and hands it to `pg_dump --snapshot`, and counts the rows and reads the migrations in that same
snapshot, so the manifest describes exactly the rows dumped. On SQLite the backup API copies the database under
a read lock and the counts are taken from the copy. The media folder is copied file by file after the database:
uploads are written once under names of their own and renditions are derived from them, so every original the
database names is in the archive; a file uploaded meanwhile may come along without its row (harmless), and a
rendition replaced meanwhile is remade by `manage.py regenerate_renditions`.

A restore changes nothing until the whole archive has been read and every checksum matched; it refuses a
database or media folder that is not empty unless told to replace it; the database part is one transaction
(psql --single-transaction on PostgreSQL, the backup API on SQLite); then it checks what it restored against the
manifest and the migrations against the code.

With media in a bucket (MEDIA_STORAGE=s3) the archive holds the database alone and its manifest names the bucket:
copying every picture through one app server each night would duplicate what the bucket's own versioning or
replication keeps better. A restore then checks the images the database names against the bucket.

The archive holds personal data (registrations): keep it where only operators can read it (it is written 0600).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import dj_database_url
import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

FORMAT = "nanjingweek-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ARCHIVE_NAME = re.compile(r"^nanjingweek-(\d{8}-\d{6})(?:-\d+)?\.tar$")
# Folders a restore stages media in, inside MEDIA_ROOT so that moving them into place never crosses a filesystem.
STAGING_PREFIX = ".restore-"
CHUNK = 1024 * 1024
# How long SQLite's backup API may wait for the site's writers to let go (each write is short).
SQLITE_LOCK_WAIT = 60.0

# OPTIONS Django's PostgreSQL backend reads itself; everything else in OPTIONS is a libpq keyword.
DJANGO_ONLY_OPTIONS = frozenset(
    {"isolation_level", "server_side_binding", "assume_role", "pool", "cursor_factory", "context", "prepare_threshold"}
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why and what to do."""


@dataclass
class DatabaseState:
    """What a database holds, as the manifest records it and a restore checks it."""

    tables: dict[str, int]  # table → rows
    migrations: dict[str, str]  # app → latest applied migration
    applied: set[tuple[str, str]] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


@dataclass
class RestoreResult:
    manifest: dict
    target: str
    media_root: Path
    state: DatabaseState
    warnings: list[str]
    migrations_current: bool
    seconds: float


def default_backup_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


# --- Databases ----------------------------------------------------------------------------------------------


def open_database(settings_dict: dict, alias: str) -> BaseDatabaseWrapper:
    """A connection of its own to the database `settings_dict` describes (DATABASES syntax), not in `connections`."""
    configured = connections.configure_settings({DEFAULT_DB_ALIAS: copy.deepcopy(settings_dict)})[DEFAULT_DB_ALIAS]
    return load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)


def database_from_url(url: str, alias: str = "restore_target") -> BaseDatabaseWrapper:
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise BackupError(f"Cannot read the database URL: {error}") from None
    return open_database(config, alias)


def describe(database: BaseDatabaseWrapper) -> str:
    """The database as an operator names it, without the password."""
    name = str(database.settings_dict["NAME"])
    if database.vendor == "postgresql":
        host = database.settings_dict.get("HOST") or "local socket"
        port = database.settings_dict.get("PORT")
        return f'PostgreSQL database "{name}" on {host}{":" + str(port) if port else ""}'
    return f"SQLite database {name}"


def table_names(database: BaseDatabaseWrapper) -> tuple[list[str], list[str]]:
    """(tables, views) of a database, through Django's introspection: whatever apps or helpers created them."""
    with database.cursor() as cursor:
        found = database.introspection.get_table_list(cursor)
    tables = sorted(info.name for info in found if info.type == "t")
    views = sorted(info.name for info in found if info.type == "v")
    return tables, views


def database_state(database: BaseDatabaseWrapper) -> DatabaseState:
    """Row counts of every table, and the migrations applied (the latest per app, in the order applied)."""
    tables, _views = table_names(database)
    counts: dict[str, int] = {}
    migrations: dict[str, str] = {}
    applied: set[tuple[str, str]] = set()
    quote = database.ops.quote_name
    with database.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # a name from introspection, quoted
            counts[table] = cursor.fetchone()[0]
        if "django_migrations" in counts:
            cursor.execute(f"SELECT {quote('app')}, {quote('name')} FROM {quote('django_migrations')} ORDER BY id")
            for app, name in cursor.fetchall():
                migrations[app] = name
                applied.add((app, name))
    return DatabaseState(tables=counts, migrations=migrations, applied=applied)


def cache_tables() -> set[str]:
    """Tables Django's database cache keeps (CACHES): their rows come and go, a restore only notes a difference."""
    return {
        str(cache.get("LOCATION"))
        for cache in settings.CACHES.values()
        if cache.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache"
    }


# --- PostgreSQL's client programs ------------------------------------------------------------------------------


def libpq_connection(settings_dict: dict) -> tuple[str, dict[str, str]]:
    """(conninfo without the password, environment with PGPASSWORD) for pg_dump, pg_restore and psql.

    The password goes through the environment, never the command line, where `ps` would show it to every user.
    """
    from psycopg.conninfo import make_conninfo

    options = settings_dict.get("OPTIONS") or {}
    params = {key: str(value) for key, value in options.items() if key not in DJANGO_ONLY_OPTIONS}
    password = str(params.pop("password", "") or settings_dict.get("PASSWORD") or "")
    for setting, keyword in (("NAME", "dbname"), ("USER", "user"), ("HOST", "host"), ("PORT", "port")):
        if settings_dict.get(setting):
            params[keyword] = str(settings_dict[setting])
    environment = dict(os.environ)
    environment.pop("PGPASSWORD", None)
    if password:
        environment["PGPASSWORD"] = password
    return make_conninfo(**params), environment


def client_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client programs, of the server's major version "
            f"or newer (Debian: apt-get install postgresql-client)."
        )
    return path


def major_version(numbers: tuple[int, ...]) -> tuple[int, ...]:
    """PostgreSQL's major version: 15 since version 10, 9.6 before."""
    return numbers[:1] if numbers[0] >= 10 else numbers[:2]


def program_version(path: str) -> tuple[tuple[int, ...], str]:
    """((15, 20), "pg_dump (PostgreSQL) 15.20 (Debian …)") from `path --version`."""
    completed = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    text = completed.stdout.strip()
    match = re.search(r"\b(\d+)(?:\.(\d+))?", text)
    if completed.returncode != 0 or match is None:
        raise BackupError(f"{path} --version did not say which version it is: {text or completed.stderr.strip()}")
    return tuple(int(part) for part in match.groups() if part is not None), text


def server_version(number: int) -> tuple[int, ...]:
    """150020 → (15, 20); 90624 → (9, 6, 24)."""
    if number >= 100000:
        return number // 10000, number % 10000
    return number // 10000, number // 100 % 100, number % 100


def version_text(numbers: Iterable[int]) -> str:
    return ".".join(str(number) for number in numbers)


def run_checked(command: list[str], what: str, **kwargs) -> None:
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if completed.returncode != 0:
        raise BackupError(f"{what} failed (exit {completed.returncode}): {completed.stderr.strip()}")


def dump_postgresql(settings_dict: dict, target: Path) -> tuple[DatabaseState, dict]:
    """pg_dump -Fc of the database into `target`, from a snapshot in which the rows are also counted."""
    from psycopg import IsolationLevel

    pg_dump = client_program("pg_dump")
    snapshot_settings = copy.deepcopy(settings_dict)
    snapshot_settings.setdefault("OPTIONS", {})["isolation_level"] = IsolationLevel.REPEATABLE_READ
    snapshot = open_database(snapshot_settings, alias="backup_snapshot")
    try:
        snapshot.ensure_connection()
        server = server_version(snapshot.connection.info.server_version)
        tool, tool_text = program_version(pg_dump)
        if major_version(tool) < major_version(server):
            raise BackupError(
                f"{pg_dump} is version {version_text(tool)}, older than the server ({version_text(server)}): pg_dump "
                f"cannot dump a newer server. Install postgresql-client-{version_text(major_version(server))} or newer."
            )
        snapshot.set_autocommit(False)
        with snapshot.cursor() as cursor:
            # The site's timeouts are for visitors' requests; counting a large table may take longer.
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        state = database_state(snapshot)
        conninfo, environment = libpq_connection(settings_dict)
        run_checked(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                f"--dbname={conninfo}",
            ],
            "pg_dump",
            env=environment,
        )
    except DatabaseError as error:
        raise BackupError(f"Cannot read {describe(snapshot)}: {error}") from None
    finally:
        if snapshot.connection is not None:
            snapshot.rollback()
        snapshot.close()
    return state, {"server_version": version_text(server), "tool": tool_text}


def restore_postgresql(dump: Path, database: BaseDatabaseWrapper, *, drop: list[tuple[str, str]]) -> None:
    """pg_restore's script of `dump` into `database` through psql, in one transaction with the `drop` prelude.

    pg_restore --clean drops the archive's own objects; tables the archive does not have (a newer release's) are
    dropped first with CASCADE, or their foreign keys would stop the archive's tables from being dropped. Either
    all of it happens or, on any error, nothing (ON_ERROR_STOP with --single-transaction).
    """
    pg_restore = client_program("pg_restore")
    psql = client_program("psql")
    conninfo, environment = libpq_connection(database.settings_dict)
    quote = database.ops.quote_name
    with tempfile.TemporaryDirectory(prefix="nanjingweek-restore-sql-") as work:
        prelude = Path(work) / "prelude.sql"
        statements = [
            "SET client_min_messages = warning;",
            "SET statement_timeout = 0;",
            "SET lock_timeout = 0;",
            *(f"DROP {kind} IF EXISTS {quote(name)} CASCADE;" for kind, name in drop),
        ]
        prelude.write_text("\n".join(statements) + "\n", encoding="utf-8")
        restore_errors = Path(work) / "pg_restore.err"
        psql_errors = Path(work) / "psql.err"
        with restore_errors.open("wb") as restore_err, psql_errors.open("wb") as psql_err:
            producer = subprocess.Popen(
                [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(dump)],
                stdout=subprocess.PIPE,
                stderr=restore_err,
            )
            consumer = subprocess.Popen(
                [
                    psql,
                    "--no-psqlrc",
                    "--quiet",
                    "--no-password",
                    "--set=ON_ERROR_STOP=1",
                    "--single-transaction",
                    f"--file={prelude}",
                    "--file=-",
                    f"--dbname={conninfo}",
                ],
                stdin=producer.stdout,
                stdout=subprocess.DEVNULL,
                stderr=psql_err,
                env=environment,
            )
            producer.stdout.close()  # psql alone reads the pipe now: pg_restore sees it close if psql stops
            consumer_status = consumer.wait()
            producer_status = producer.wait()
        if consumer_status != 0:
            raise BackupError(
                f"Restoring into {describe(database)} failed and was rolled back, nothing changed (psql exit "
                f"{consumer_status}): {psql_errors.read_text(errors='replace').strip()}"
            )
        if producer_status != 0:
            raise BackupError(
                f"pg_restore could not read the dump (exit {producer_status}): "
                f"{restore_errors.read_text(errors='replace').strip()}"
            )


# --- SQLite -----------------------------------------------------------------------------------------------------


def give_up_when_locked(what: str) -> Callable[[int, int, int], None]:
    """A progress callback for Connection.backup, which otherwise waits forever for a lock that never goes."""
    seconds = SQLITE_LOCK_WAIT
    deadline = time.monotonic() + seconds

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"{what} stayed locked by another connection for {seconds:.0f} s; nothing was copied.")

    return progress


def copy_sqlite(database: BaseDatabaseWrapper, target: Path) -> DatabaseState:
    """The online backup API: a consistent copy while other connections read and write."""
    database.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        database.connection.backup(destination, progress=give_up_when_locked(describe(database)))
    except sqlite3.Error as error:
        raise BackupError(f"Cannot copy {describe(database)}: {error}") from None
    finally:
        destination.close()
    copied = open_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}, alias="backup_copy")
    try:
        return database_state(copied)
    finally:
        copied.close()


def restore_sqlite(copy_path: Path, database: BaseDatabaseWrapper) -> None:
    """The backup API again, from the archive's copy into the target: the target ends up page for page the copy."""
    source = sqlite3.connect(f"{copy_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        database.ensure_connection()
        source.backup(database.connection, progress=give_up_when_locked(describe(database)))
    except sqlite3.Error as error:
        raise BackupError(f"Restoring into {describe(database)} failed: {error}") from None
    finally:
        source.close()


# --- Media --------------------------------------------------------------------------------------------------


def media_files(root: Path) -> list[Path]:
    """Every regular file under MEDIA_ROOT, sorted; a restore's staging folders and symbolic links left out."""
    if not root.is_dir():
        return []
    found = []
    for directory, subdirectories, files in os.walk(root):
        if Path(directory) == root:
            subdirectories[:] = [name for name in subdirectories if not name.startswith(STAGING_PREFIX)]
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


class HashingReader:
    """A file that hashes what tarfile reads from it: the checksum is of the very bytes stored."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    with path.open("rb") as file:
        status = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o644
        reader = HashingReader(file)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


# --- Backup -------------------------------------------------------------------------------------------------


def database_name(database: BaseDatabaseWrapper) -> str:
    name = str(database.settings_dict["NAME"])
    return Path(name).name if database.vendor == "sqlite" else name


def media_bucket() -> str | None:
    """The bucket's name when the media live in one (MEDIA_STORAGE=s3), else None."""
    from nanjingweek.media_storage import BUCKET_BACKEND

    storage = settings.STORAGES["default"]
    return storage.get("OPTIONS", {}).get("bucket_name") if storage.get("BACKEND") == BUCKET_BACKEND else None


def write_archive(path: Path, manifest: dict, *, dump: Path, media_root: Path | None) -> None:
    """The tar file: the database, the media files, then the manifest, which gets their checksums ("members").

    Created 0600 and never overwritten: the archive holds attendees' personal data.
    """
    member = manifest["database"]["member"]
    members: dict[str, dict] = {}
    media_bytes = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            members[member] = add_file(tar, member, dump)
            for file in media_files(media_root) if media_root else []:
                name = MEDIA_PREFIX + file.relative_to(media_root).as_posix()
                try:
                    members[name] = add_file(tar, name, file)
                except FileNotFoundError:  # a rendition replaced while we copied: regenerate_renditions remakes it
                    continue
                media_bytes += members[name]["size"]
            manifest["media"] = {"files": len(members) - 1, "bytes": media_bytes}
            if media_root is None:
                manifest["media"]["bucket"] = media_bucket()
            manifest["members"] = members
            data = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(time.time())
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
        raw.flush()
        os.fsync(raw.fileno())


def sync_directory(directory: Path) -> None:
    # The rename is durable only once the folder itself is on disk.
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def archive_path(directory: Path, moment: datetime) -> Path:
    stem = f"nanjingweek-{moment:%Y%m%d-%H%M%S}"
    path = directory / f"{stem}.tar"
    number = 2
    while path.exists():
        path = directory / f"{stem}-{number}.tar"
        number += 1
    return path


def backup(
    *, directory: Path | None = None, database: BaseDatabaseWrapper | None = None, media_root: Path | None = None
) -> BackupResult:
    """Write one archive of the database and the media folder into `directory` (var/backups/ by default).

    With media in a bucket and no `media_root` asked for, the database alone (the module's docstring says why).
    """
    started = time.monotonic()
    database = database or connections[DEFAULT_DB_ALIAS]
    if media_root is not None or not media_bucket():
        media_root = Path(media_root or settings.MEDIA_ROOT)
    directory = Path(directory or default_backup_dir())
    vendor = database.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    moment = datetime.now(timezone.utc).replace(microsecond=0)
    final = archive_path(directory, moment)
    partial = final.with_name(final.name + ".partial")
    member = DATABASE_MEMBERS[vendor]
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=directory) as work:
        dump = Path(work) / member
        if vendor == "postgresql":
            state, tool = dump_postgresql(database.settings_dict, dump)
        else:
            state, tool = copy_sqlite(database, dump), {"tool": f"SQLite {sqlite3.sqlite_version} backup API"}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": moment.isoformat().replace("+00:00", "Z"),
            "django_version": django.get_version(),
            "database": {"vendor": vendor, "member": member, "name": database_name(database), **tool},
            "migrations": state.migrations,
            "tables": state.tables,
        }
        try:
            write_archive(partial, manifest, dump=dump, media_root=media_root)
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    sync_directory(directory)
    return BackupResult(path=final, manifest=manifest, seconds=time.monotonic() - started)


def prune(directory: Path, *, keep_days: int, keep: Path, now: datetime | None = None) -> list[Path]:
    """Delete this folder's archives (by the time in their names) older than `keep_days`; never `keep`."""
    now = now or datetime.now(timezone.utc)
    limit = now - timedelta(days=keep_days)
    removed = []
    for path in sorted(directory.iterdir()):
        match = ARCHIVE_NAME.match(path.name.removesuffix(".partial"))
        if not match or path == keep or not path.is_file():
            continue
        made = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
        if made < limit:
            path.unlink()
            removed.append(path)
    return removed


# --- Verify -------------------------------------------------------------------------------------------------


def check_member_name(member: tarfile.TarInfo, vendor: str) -> None:
    name = member.name
    if not member.isreg():
        raise BackupError(f"The archive holds {name!r}, which is not a regular file: not an archive this tool wrote.")
    if name in (MANIFEST, DATABASE_MEMBERS[vendor]):
        return
    parts = PurePosixPath(name).parts
    if not name.startswith(MEDIA_PREFIX) or len(parts) < 2 or any(part in ("", ".", "..") for part in parts):
        raise BackupError(f"The archive holds {name!r}, which is neither the database nor a media file.")
    if "\\" in name or "\x00" in name or name.startswith("/"):
        raise BackupError(f"The archive holds a member with an unsafe name: {name!r}.")


def copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, expected: dict, write: Callable | None = None) -> None:
    """Read one member through to its end, checking size and SHA-256; `write` receives the bytes if given."""
    digest = hashlib.sha256()
    size = 0
    source = tar.extractfile(member)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if write is not None:
            write(chunk)
    if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
        raise BackupError(
            f"{member.name} in the archive does not match its checksum in the manifest: the archive is damaged."
        )


def read_manifest(tar: tarfile.TarFile) -> tuple[dict, list[tarfile.TarInfo]]:
    members = tar.getmembers()
    names = [member.name for member in members]
    if MANIFEST not in names:
        raise BackupError(
            "The archive has no manifest.json: it is incomplete (cut short) or not a backup of this site."
        )
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise BackupError(f"The archive holds {', '.join(duplicates)} more than once: not an archive this tool wrote.")
    manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("manifest.json does not describe a Nanjing Week backup.")
    if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > FORMAT_VERSION:
        raise BackupError(
            f"The archive is in backup format {manifest.get('format_version')!r}; this code reads up to "
            f"{FORMAT_VERSION}. Restore it with the release that wrote it."
        )
    database = manifest.get("database")
    vendor = database.get("vendor") if isinstance(database, dict) else None
    if (
        vendor not in DATABASE_MEMBERS
        or database.get("member") != DATABASE_MEMBERS[vendor]
        or not isinstance(manifest.get("members"), dict)
        or not isinstance(manifest.get("tables"), dict)
        or not isinstance(manifest.get("migrations"), dict)
    ):
        raise BackupError("manifest.json is incomplete: it lacks the database, its tables or the list of members.")
    return manifest, members


def verify(archive: Path) -> dict:
    """The manifest of an archive whose every member is present, expected and matches its checksum."""
    try:
        with tarfile.open(archive, mode="r:") as tar:
            manifest, members = read_manifest(tar)
            vendor = manifest["database"]["vendor"]
            expected = manifest["members"]
            for member in members:
                check_member_name(member, vendor)
                if member.name == MANIFEST:
                    continue
                if member.name not in expected:
                    raise BackupError(f"{member.name} is in the archive but not in its manifest.")
                copy_member(tar, member, expected[member.name])
            missing = sorted(set(expected) - {member.name for member in members})
            if missing:
                raise BackupError(
                    f"The archive lacks {len(missing)} member(s) its manifest lists ({', '.join(missing[:3])}): it is "
                    f"incomplete."
                )
            if manifest["database"]["member"] not in expected:
                raise BackupError("The archive holds no database.")
    except FileNotFoundError:
        raise BackupError(f"{archive}: no such file.") from None
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{archive} cannot be read as a backup archive (damaged or cut short): {error}") from None
    return manifest


# --- Restore ------------------------------------------------------------------------------------------------


def replace_media(media_root: Path, staging: Path) -> None:
    """Put the staged files in place of MEDIA_ROOT's contents (same filesystem: renames, no copies)."""
    for child in media_root.iterdir():
        if child == staging:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        child.rename(media_root / child.name)
    staging.rmdir()


def extract(tar: tarfile.TarFile, member: tarfile.TarInfo, expected: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        copy_member(tar, member, expected, write=file.write)
    os.utime(target, (member.mtime, member.mtime))


def compare(manifest: dict, state: DatabaseState) -> tuple[list[str], list[str]]:
    """(errors, warnings): the restored tables and row counts against the manifest's."""
    errors: list[str] = []
    warnings: list[str] = []
    volatile = cache_tables()
    expected: dict[str, int] = manifest["tables"]
    for table in sorted(set(expected) | set(state.tables)):
        if table not in state.tables:
            errors.append(f"table {table} is missing after the restore")
        elif table not in expected:
            errors.append(f"table {table} is in the database but not in the archive")
        elif expected[table] != state.tables[table]:
            message = f"table {table} has {state.tables[table]} rows, the archive {expected[table]}"
            (warnings if table in volatile else errors).append(message)
    return errors, warnings


def migration_warnings(state: DatabaseState) -> list[str]:
    """The restored migrations against the code's: pending ones (run migrate) and unknown ones (newer code)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = set(loader.graph.nodes)
    replaced = {name for node in graph for name in (loader.graph.nodes[node].replaces or [])}
    pending = sorted(
        node
        for node in graph
        if node not in state.applied
        and not (loader.graph.nodes[node].replaces and set(loader.graph.nodes[node].replaces) <= state.applied)
    )
    unknown = sorted(node for node in state.applied - graph - set(replaced) if node[0] in loader.migrated_apps)
    warnings = []
    if pending:
        names = ", ".join(f"{app}.{name}" for app, name in pending[:5]) + (" …" if len(pending) > 5 else "")
        warnings.append(
            f"The archive is older than this code: {len(pending)} migration(s) not applied ({names}). "
            f"Run `manage.py migrate` against the restored database before serving it."
        )
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        warnings.append(
            f"The archive is newer than this code: it has migration(s) this code does not know ({names}). Serve it "
            f"with the release that wrote it."
        )
    return warnings


def missing_images(database: BaseDatabaseWrapper, state: DatabaseState, media_root: Path) -> list[str]:
    """Image files the restored database names that the restored media folder (or the bucket) lacks."""
    from nanjingweek.renditions import models_with_images

    quote = database.ops.quote_name
    missing = set()
    for model, fields in models_with_images().items():
        table = model._meta.db_table
        if table not in state.tables:
            continue
        for image_field in fields:
            column = quote(image_field.column)
            try:
                with database.cursor() as cursor:
                    cursor.execute(f"SELECT DISTINCT {column} FROM {quote(table)} WHERE {column} <> ''")
                    names = [row[0] for row in cursor.fetchall()]
            except DatabaseError:  # an older archive without this column: migrate adds it
                continue
            if media_bucket():
                missing.update(name for name in names if name and not image_field.storage.exists(name))
            else:
                missing.update(name for name in names if name and not (media_root / name).is_file())
    return sorted(missing)


def restore(
    archive: Path, *, database_url: str | None = None, media_root: Path | None = None, force: bool = False
) -> RestoreResult:
    """Bring back the database and the media folder of `archive`, then check them (BackupError if anything is off)."""
    started = time.monotonic()
    manifest = verify(archive)  # before anything changes
    vendor = manifest["database"]["vendor"]
    if database_url:
        database = database_from_url(database_url)
    else:
        database = open_database(connections[DEFAULT_DB_ALIAS].settings_dict, alias="restore_target")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    try:
        if database.vendor != vendor:
            raise BackupError(
                f"The archive holds a {vendor} database; {describe(database)} is {database.vendor}. Restore it into "
                f"a {vendor} database (--database-url)."
            )
        try:
            tables, views = table_names(database)
        except DatabaseError as error:
            hint = " Create it first (createdb), empty." if vendor == "postgresql" and database_url else ""
            raise BackupError(f"Cannot open {describe(database)}: {str(error).strip()}.{hint}") from None
        if tables and not force:
            raise BackupError(
                f"{describe(database)} is not empty ({len(tables)} tables). Restore into a new, empty database "
                f"(--database-url), or pass --force to replace its contents."
            )
        if media_files(media_root) and not force:
            raise BackupError(
                f"The media folder {media_root} is not empty. Restore into an empty folder (--media-root), or pass "
                f"--force to replace its contents."
            )
        if vendor == "postgresql":
            version, _text = program_version(client_program("pg_restore"))
            dumped = re.search(r"\b(\d+)(?:\.(\d+))?", manifest["database"].get("tool", ""))
            if dumped and major_version(version) < major_version(tuple(int(p) for p in dumped.groups() if p)):
                raise BackupError(
                    f"pg_restore is version {version_text(version)}, older than the pg_dump that wrote the archive "
                    f"({manifest['database']['tool']}). Install a newer postgresql-client."
                )
            client_program("psql")
        media_root.mkdir(parents=True, exist_ok=True)
        staging = media_root / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        with tempfile.TemporaryDirectory(prefix="nanjingweek-restore-") as work:
            try:
                with tarfile.open(archive, mode="r:") as tar:
                    expected = manifest["members"]
                    dump = Path(work) / manifest["database"]["member"]
                    for member in tar.getmembers():
                        # Checked again: the file could have been replaced since verify() read it.
                        check_member_name(member, vendor)
                        if member.name == manifest["database"]["member"]:
                            extract(tar, member, expected.get(member.name, {}), dump)
                        elif member.name.startswith(MEDIA_PREFIX):
                            relative = member.name[len(MEDIA_PREFIX) :]
                            extract(tar, member, expected.get(member.name, {}), staging / relative)
                staging.mkdir(exist_ok=True)
                if vendor == "postgresql":
                    drop = [("VIEW", name) for name in views]
                    drop += [("TABLE", name) for name in tables if name not in manifest["tables"]]
                    database.close()  # hold nothing open while psql drops and recreates the tables
                    restore_postgresql(dump, database, drop=drop)
                else:
                    restore_sqlite(dump, database)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            replace_media(media_root, staging)
        state = database_state(database)
        errors, warnings = compare(manifest, state)
        behind = migration_warnings(state)
        warnings += behind
        missing = missing_images(database, state, media_root)
        if missing:
            warnings.append(
                f"{len(missing)} image file(s) the database names are not in the media folder "
                f"({', '.join(missing[:3])}{' …' if len(missing) > 3 else ''})."
            )
        if errors:
            raise BackupError(
                "The restore finished but does not match the archive's manifest:\n  " + "\n  ".join(errors)
            )
        return RestoreResult(
            manifest=manifest,
            target=describe(database),
            media_root=media_root,
            state=state,
            warnings=warnings,
            migrations_current=not behind,
            seconds=time.monotonic() - started,
        )
    finally:
        database.close()
