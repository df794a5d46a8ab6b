"""The page cache's store (the "pages" cache): Django's local-memory cache, keeping objects instead of pickles.

Django's LocMemCache pickles every value it is given and unpickles it on every read, so that a caller can change
what it got without changing what is kept. The page cache keeps immutable pages (nanjingweek/page_cache.py,
StoredPage: bytes and ready headers), read on every hit: unpickling them, and building their headers again, was a
good part of what a hit cost. The keys are the page cache's own hashes, so they are not checked for memcached.
Everything else (the bound on entries, expiry, clear) is LocMemCache's.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectLocMemCache(LocMemCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("The page store keeps pages, not counters.")
