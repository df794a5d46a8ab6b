"""The rate limit without Redis: counted in the database cache that every worker process shares, and
`check --deploy` warning when production would count per process (issue 12, point 6).

The limit across real gunicorn workers is tested in tests/test_availability.py (PostgreSQL); here the counting
by slots on the database cache (SQLite and PostgreSQL), the table the migration makes, and the check.
"""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory, override_settings

from nanjingweek.ratelimit import check_rate_limit_is_shared, is_rate_limited

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nanjingweek_cache",
        "KEY_PREFIX": "nanjingweek",
    }
}
START = 1_800_000_000.0  # the start of a minute


def visitor(address="198.51.100.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_database_cache_counts_exactly_the_limit_per_window_and_client():
    first = [is_rate_limited(visitor(), scope="test", rate="5/m", now=START + offset) for offset in range(7)]
    other_client = is_rate_limited(visitor("203.0.113.9"), scope="test", rate="5/m", now=START + 10)
    next_window = is_rate_limited(visitor(), scope="test", rate="5/m", now=START + 60)

    assert first == [False] * 5 + [True, True]
    assert (other_client, next_window) == (False, False)
    # The slots are rows of the table the migration made, keyed by a hash: no address is stored.
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM nanjingweek_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert len(keys) == 5 + 1 + 1
    assert not any("198.51.100.7" in key for key in keys)


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_database_cache_over_the_limit_costs_one_query(django_assert_num_queries):
    for _hit in range(2):
        is_rate_limited(visitor(), scope="test", rate="2/m", now=START)

    with django_assert_num_queries(1):
        assert is_rate_limited(visitor(), scope="test", rate="2/m", now=START) is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_CACHE)
def test_database_cache_counts_atomically_across_connections():
    # Threads with connections of their own race for the same slots; Django's incr() (a read, then a write) let
    # several through here, add()'s INSERT lets exactly one per slot.
    passed, barrier = [], threading.Barrier(12)

    def hit():
        try:
            barrier.wait()
            if not is_rate_limited(visitor(), scope="race", rate="5/m", now=START):
                passed.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(passed) == 5


@pytest.mark.parametrize(
    ("backend", "debug", "warns"),
    [
        ("django.core.cache.backends.locmem.LocMemCache", False, True),
        ("django.core.cache.backends.filebased.FileBasedCache", False, True),
        ("django.core.cache.backends.dummy.DummyCache", False, True),
        ("django.core.cache.backends.db.DatabaseCache", False, False),
        ("django.core.cache.backends.redis.RedisCache", False, False),
        ("nanjingweek.redis_cache.RedisCache", False, False),
        ("django.core.cache.backends.locmem.LocMemCache", True, False),
    ],
)
def test_deploy_check_warns_when_the_limit_would_be_counted_per_process(backend, debug, warns):
    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": "/tmp/x"}}, DEBUG=debug):
        messages = check_rate_limit_is_shared()

    assert [message.id for message in messages] == (["nanjingweek.W001"] if warns else [])


def test_deploy_check_is_quiet_when_the_limit_is_off():
    with override_settings(DEBUG=False, REGISTRATION_RATE_LIMIT="off"):
        assert check_rate_limit_is_shared() == []


def test_deploy_check_is_registered_with_the_deploy_checks():
    from django.core.checks import registry

    assert check_rate_limit_is_shared in registry.registry.get_checks(include_deployment_checks=True)
    assert check_rate_limit_is_shared not in registry.registry.get_checks(include_deployment_checks=False)


@pytest.mark.django_db
def test_the_cache_table_exists_after_migrate():
    assert "nanjingweek_cache" in connection.introspection.table_names()
    with override_settings(CACHES=DATABASE_CACHE):
        caches["default"].set("probe", "kept", 30)
        assert caches["default"].get("probe") == "kept"
