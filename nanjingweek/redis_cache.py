"""Django's Redis cache, keeping its client objects instead of building one per call.

Django's `RedisCacheClient.get_client` wraps the (kept) connection pool in a new `redis.Redis` for every cache
call, and redis-py fills some 160 response callbacks each time it builds one: a fifth of a millisecond, which
is most of what serving a stored page costs (nanjingweek/page_cache.py reads the content versions from Redis on
every request). A `redis.Redis` is safe to share between threads; its pool reconnects after a fork.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
