"""The bench's databases: one per engine and size, built with `migrate`, `load_demo` and `generate_programme`.

- SQLite: var/bench/sqlite-<size>.sqlite3, always.
- PostgreSQL, when DATABASE_URL points at one: a database per size beside it, `<name>_bench_<size>` (or
  `<name>_<size>` when the name already ends in `_bench`), created and dropped by the bench on the same server.

The synthetic edition starts `START_IN_DAYS` after the day of building, so that it is the current edition
(`Edition.objects.current`: the next to begin, before the demo's own next edition three weeks out) and the schedule
lists all its events as still to come. A built database is reused while what it was built from is unchanged (a
stamp: the size, the migrations and the demo code) and its synthetic edition still lies ahead; `--rebuild` forces.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dj_database_url

SEED = 1
START_IN_DAYS = 7
# What a database is built from: a change in any of these builds it again.
BUILD_INPUTS = (
    "events/migrations",
    "exhibitions/migrations",
    "partners/migrations",
    "nanjingweek/migrations",
    "events/demo",
    "events/management/commands/load_demo.py",
    "events/management/commands/generate_programme.py",
    "requirements.txt",
)


@dataclass(frozen=True)
class BenchDatabase:
    engine: str  # "sqlite" or "postgresql"
    size: int
    url: str
    name: str  # the SQLite file or the PostgreSQL database
    media_root: Path

    @property
    def label(self) -> str:
        return f"{self.engine}-{self.size}"

    @property
    def title(self) -> str:
        return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[self.engine]


def postgres_name(base: str, size: int | str) -> str:
    return f"{base}_{size}" if base.endswith("_bench") else f"{base}_bench_{size}"


def with_name(url: str, name: str) -> str:
    """The same PostgreSQL URL with another database name (query string kept)."""
    head, _, query = url.partition("?")
    scheme_host, _, _old = head.rpartition("/")
    return f"{scheme_host}/{name}" + (f"?{query}" if query else "")


def is_postgres(url: str | None) -> bool:
    return bool(url) and dj_database_url.parse(url)["ENGINE"] == "django.db.backends.postgresql"


def plan(sizes: list[int], *, var: Path, database_url: str | None) -> list[BenchDatabase]:
    """SQLite for every size, then PostgreSQL for every size when `database_url` is a PostgreSQL one."""
    databases = []
    for size in sizes:
        path = var / f"sqlite-{size}.sqlite3"
        databases.append(
            BenchDatabase("sqlite", size, f"sqlite:///{path}", str(path), var / "media" / f"sqlite-{size}")
        )
    if is_postgres(database_url):
        base = dj_database_url.parse(database_url)["NAME"]
        for size in sizes:
            name = postgres_name(base, size)
            databases.append(
                BenchDatabase(
                    "postgresql", size, with_name(database_url, name), name, var / "media" / f"postgresql-{name}"
                )
            )
    return databases


# --- PostgreSQL: create, drop, copy ------------------------------------------------------------------------------


def _server(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        autocommit=True,
        connect_timeout=5,
    )


def _quoted(name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name)


def postgres_exists(url: str, name: str) -> bool:
    with _server(url) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def postgres_drop(url: str, name: str) -> None:
    from psycopg import sql

    with _server(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(_quoted(name)))


def postgres_create(url: str, name: str, *, template: str | None = None) -> None:
    """A new, empty database (or a copy of `template`, which must have no connections)."""
    from psycopg import sql

    postgres_drop(url, name)
    with _server(url) as connection:
        if template:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(_quoted(name), _quoted(template))
        else:
            statement = sql.SQL("CREATE DATABASE {}").format(_quoted(name))
        connection.execute(statement)


# --- stamps ---------------------------------------------------------------------------------------------------


def inputs_digest(root: Path, database: BenchDatabase) -> str:
    digest = hashlib.sha256(f"{database.engine} {database.name} {database.size} seed={SEED}\n".encode())
    for entry in BUILD_INPUTS:
        path = root / entry
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def stamp_path(var: Path, database: BenchDatabase) -> Path:
    return var / "stamps" / f"{database.engine}-{Path(database.name).stem}.json"


def exists(database: BenchDatabase) -> bool:
    if database.engine == "sqlite":
        return Path(database.name).is_file()
    return postgres_exists(database.url, database.name)


def reusable(root: Path, var: Path, database: BenchDatabase, today: date) -> tuple[bool, str]:
    """Whether the database built before can be measured again, and if not why."""
    path = stamp_path(var, database)
    if not path.is_file() or not exists(database):
        return False, "not built yet"
    stamp = json.loads(path.read_text(encoding="utf-8"))
    if stamp.get("inputs") != inputs_digest(root, database):
        return False, "migrations or demo code changed"
    if date.fromisoformat(stamp["start"]) <= today:
        return False, "its synthetic edition has begun"
    return True, f"built {stamp['built']}"


def remove(var: Path, database: BenchDatabase) -> None:
    """The database, its media folder and its stamp, gone."""
    stamp_path(var, database).unlink(missing_ok=True)
    shutil.rmtree(database.media_root, ignore_errors=True)
    if database.engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(database.name + suffix).unlink(missing_ok=True)
    else:
        postgres_drop(database.url, database.name)


def build(root: Path, var: Path, database: BenchDatabase, *, env: dict[str, str], today: date, log) -> None:
    """Build from nothing: migrate, load_demo, generate_programme with the synthetic edition starting ahead."""
    start = today + timedelta(days=START_IN_DAYS)
    stamp = stamp_path(var, database)
    stamp.unlink(missing_ok=True)
    shutil.rmtree(database.media_root, ignore_errors=True)
    database.media_root.mkdir(parents=True, exist_ok=True)
    if database.engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(database.name + suffix).unlink(missing_ok=True)
    else:
        postgres_create(database.url, database.name)
    steps = [
        ["migrate", "--no-input", "-v", "0"],
        ["load_demo"],
        ["generate_programme", "--events", str(database.size), "--seed", str(SEED), "--start", start.isoformat()],
    ]
    for step in steps:
        log(f"  manage.py {' '.join(step)}")
        completed = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"manage.py {step[0]} failed on {database.label}:\n{(completed.stderr or completed.stdout)[-3000:]}"
            )
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(
        json.dumps(
            {"inputs": inputs_digest(root, database), "start": start.isoformat(), "built": today.isoformat()},
            indent=2,
        ),
        encoding="utf-8",
    )
