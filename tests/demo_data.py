"""The demo programme for tests that need it committed (`live_server`, `transactional_db`), in a fraction of a second.

`load_demo_committed()` runs `manage.py load_demo` the first time in a session and keeps a copy of the rows it
wrote and of the pictures it drew; after that, each call copies those rows back into the (emptied) tables and
the pictures into MEDIA_ROOT. Such tests end by emptying every table (TransactionTestCase's flush), so each
would otherwise load the demo again, ~1.5 s each, and the browser tests need it committed for the live server.

The copy is exact: the database copies the rows itself (SQLite from an attached in-memory database, PostgreSQL
through JSON records of the table's own row type), nothing passes through the ORM or Python's types. It is
used only when it is certain to give what load_demo would: the same database, the same day (the next edition
is dated from it), every table the demo writes empty now as it was then, and no row of the demo pointing
outside those tables. Otherwise — or inside a transaction, as in a `db` test, where the tables need not be
empty — load_demo runs as before. The demo's own tests (tests/test_demo.py) always run the loader.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

SNAPSHOT_SCHEMA = "demo_snapshot"  # SQLite: the attached in-memory database holding the copy


@dataclass
class _Snapshot:
    key: tuple
    tables: list[str]
    rows: dict[str, str]  # PostgreSQL: each table's rows as a JSON array; SQLite keeps them in SNAPSHOT_SCHEMA
    media: Path


_snapshot: _Snapshot | None = None
_media_copies = tempfile.TemporaryDirectory(prefix="demo-media-")


def load_demo_committed() -> bool:
    """What `call_command("load_demo")` does, into the current MEDIA_ROOT; quick from the second time on.

    True when the rows and pictures were copied back, False when load_demo ran.
    """
    global _snapshot
    if connection.in_atomic_block or connection.vendor not in {"sqlite", "postgresql"}:
        call_command("load_demo", stdout=io.StringIO())
        return False
    key = (connection.vendor, connection.settings_dict["NAME"], timezone.localdate())
    if _snapshot is not None and _snapshot.key == key and _all_empty(_snapshot.tables) and _schema_present():
        _restore(_snapshot)
        return True
    counts = _row_counts()
    call_command("load_demo", stdout=io.StringIO())
    written = [table for table, count in _row_counts().items() if count != counts[table]]
    if all(counts[table] == 0 for table in written) and _self_contained(written):
        _snapshot = _take(key, written)
    return False


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _all_empty(tables: list[str]) -> bool:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return False
    return True


def _models_of(tables: list[str]) -> list[type[models.Model]]:
    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    return [by_table[table] for table in tables if table in by_table]


def _self_contained(tables: list[str]) -> bool:
    """Whether every foreign key in these rows points at a row among them (or is empty)."""
    chosen = set(tables)
    if len(_models_of(tables)) != len(tables):
        return False
    with connection.cursor() as cursor:
        for model in _models_of(tables):
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model._meta.db_table not in chosen:
                    column = _quote(field.column)
                    cursor.execute(f"SELECT 1 FROM {_quote(model._meta.db_table)} WHERE {column} IS NOT NULL LIMIT 1")
                    if cursor.fetchone() is not None:
                        return False
    return True


def _schema_present() -> bool:
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        return any(row[1] == SNAPSHOT_SCHEMA for row in cursor.fetchall())


def _take(key: tuple, tables: list[str]) -> _Snapshot:
    media = Path(_media_copies.name) / f"media-{len(list(Path(_media_copies.name).iterdir()))}"
    if Path(settings.MEDIA_ROOT).exists():
        shutil.copytree(settings.MEDIA_ROOT, media)
    rows = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if not _schema_present():
                cursor.execute(f"ATTACH DATABASE ':memory:' AS {SNAPSHOT_SCHEMA}")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {SNAPSHOT_SCHEMA}.{_quote(table)}")
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{_quote(table)} AS SELECT * FROM {_quote(table)}")
        else:
            for table in tables:
                cursor.execute(f"SELECT coalesce(json_agg(t), '[]')::text FROM {_quote(table)} AS t")
                rows[table] = cursor.fetchone()[0]
    return _Snapshot(key=key, tables=tables, rows=rows, media=media)


def _restore(snapshot: _Snapshot) -> None:
    # Foreign keys are deferred to the commit (Django creates them so on both databases): any table order works.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in snapshot.tables:
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {SNAPSHOT_SCHEMA}.{_quote(table)}")
            else:
                records = f"json_populate_recordset(NULL::{_quote(table)}, %s::json)"
                cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {records}", [snapshot.rows[table]])
        for statement in connection.ops.sequence_reset_sql(no_style(), _models_of(snapshot.tables)):
            cursor.execute(statement)
    if snapshot.media.exists():
        shutil.copytree(snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
