"""nanjingweek/redis_cache.py against the machine's Redis: Django's Redis cache, one client object kept per pool."""

import threading

import pytest

from nanjingweek.redis_cache import RedisCache
from tests.redis_databases import REDIS_CACHE, redis_url

LOCATION = redis_url(REDIS_CACHE)


@pytest.fixture
def cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "redis-cache-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_it_stores_reads_and_counts_as_djangos_does(cache):
    cache.set("version", "1-abc", timeout=None)
    assert cache.add("version", "2-def") is False
    assert cache.get_many(["version", "missing"]) == {"version": "1-abc"}
    cache.set("count", 1)
    assert cache.incr("count") == 2


def test_every_call_shares_one_client_across_threads(cache):
    clients = set()

    def read():
        for _call in range(20):
            cache.get("anything")
            clients.add(id(cache._cache.get_client()))

    threads = [threading.Thread(target=read) for _thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(clients) == 1
