"""The PostgreSQL connection pool (DATABASE_POOL; settings.py, README.md "Configuration")."""

import time

import pytest
from django.db import OperationalError, connection, connections

from tests.settings_files import database_settings

POSTGRES_URL = "postgres://nanjing@db.internal:5432/nanjingweek"


def test_without_database_pool_connections_persist_and_no_pool_is_made(monkeypatch):
    default = database_settings(monkeypatch, DATABASE_URL=POSTGRES_URL)

    assert default["CONN_MAX_AGE"] == 600
    assert "pool" not in default["OPTIONS"]


def test_database_pool_turns_persistent_connections_off_whatever_conn_max_age_says(monkeypatch):
    pooled = database_settings(monkeypatch, DATABASE_URL=POSTGRES_URL, DATABASE_POOL="1", DATABASE_CONN_MAX_AGE="600")
    sized = database_settings(
        monkeypatch,
        DATABASE_URL=POSTGRES_URL,
        DATABASE_POOL="1",
        DATABASE_POOL_MIN_SIZE="2",
        DATABASE_POOL_MAX_SIZE="8",
        DATABASE_CONNECT_TIMEOUT="3",
    )

    assert pooled["CONN_MAX_AGE"] == 0
    assert pooled["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 5}
    assert sized["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 3}
    # The timeouts that end a slow database in the 503 page stay as they are.
    assert sized["OPTIONS"]["connect_timeout"] == 3
    assert sized["OPTIONS"]["options"] == "-c statement_timeout=15000"


def test_database_pool_is_ignored_on_sqlite(monkeypatch):
    sqlite = database_settings(monkeypatch, DATABASE_URL="sqlite:////tmp/pool.sqlite3", DATABASE_POOL="1")

    assert "pool" not in sqlite["OPTIONS"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pooled_connections_are_opened_and_returned_on_postgresql():
    # One connection at most, so the pool cannot grow behind the test's back and each step is exact.
    pool_options = {"min_size": 1, "max_size": 1, "timeout": 5}
    pooled_settings = {
        **connection.settings_dict,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "pool": pool_options},
    }
    pooled = type(connections["default"])(pooled_settings, alias="pooled")
    try:
        pooled.ensure_connection()
        lent = pooled.connection
        with pooled.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("15s",)  # the availability timeouts reach pooled connections too
        assert pooled.pool.get_stats()["pool_available"] == 0

        pooled.close()  # with a pool: hands the connection back instead of closing it
        assert pooled.connection is None
        assert pooled.pool.get_stats()["pool_available"] == 1
        assert not lent.closed

        pooled.ensure_connection()  # the next request gets the same open connection
        assert pooled.connection is lent
        pooled.close()
        assert pooled.pool.get_stats()["connections_num"] == 1
    finally:
        pooled.close_pool()


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_absent_database_behind_the_pool_is_an_operational_error_within_the_timeout():
    # availability.py turns OperationalError into the 503 page; the pool's own PoolTimeout must be one.
    absent_settings = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": "1",  # nothing listens here: every connection attempt is refused
        "CONN_MAX_AGE": 0,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 1, "max_size": 1, "timeout": 1}},
    }
    absent = type(connections["default"])(absent_settings, alias="absent")
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError):
            absent.ensure_connection()
        assert time.monotonic() - started < 3
    finally:
        absent.close_pool()
