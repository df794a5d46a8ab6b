"""A per-client rate limit in Django's cache: N requests per fixed window (second, minute, hour or day).

The rate is written like `REGISTRATION_RATE_LIMIT`: `5/m`, `20/h`, `100/d`, `2/s`. An empty value or `off`
turns the limit off. Counters live in the default cache, so they hold only as far as the cache is shared: Redis
(REDIS_URL) for several app servers; without it, with DEBUG off, the database cache, which every worker process
of one machine shares (and the servers of one database too). The local-memory cache of the demo and the tests
counts per process, and `check --deploy` warns when production would count like that (nanjingweek.W001).

Counting must be atomic across processes. Redis, memcached and local memory increment atomically; the database
cache does not (its `incr()` is a read and a write), but its `add()` is: an INSERT that only one of two
processes wins, by the primary key. There a window is N numbered slots, and a request passes when it takes one.

The client is `REMOTE_ADDR`, or, behind a load balancer that TRUSTED_PROXY_COUNT says is trusted, the address that
balancer wrote into X-Forwarded-For (nanjingweek/client_address.py): without that setting a forged header changes
nothing, and behind the balancer every visitor still has a counter of their own, not the balancer's one.
The address itself is never stored: the cache key holds a keyed hash of it, kept only as long as the window.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from nanjingweek.client_address import client_address

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str | None) -> Rate | None:
    """`"5/m"` → Rate(5, 60); empty or `off` → None (no limit). Anything else is a configuration error."""
    if text is None or text.strip().lower() in ("", "off", "none"):
        return None
    match = _RATE.match(text.lower())
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(f"A rate limit is written as count/period with a period of s, m, h or d: {text!r}")
    return Rate(int(match[1]), PERIODS[match[2]])


def is_rate_limited(request, *, scope: str, rate: str | Rate | None, now: float | None = None) -> bool:
    """Count this request against the client's window; True when it goes over the limit.

    A fixed window: at most `rate.count` requests from one address between two multiples of the period, however
    many processes count them at once.
    """
    if isinstance(rate, str) or rate is None:
        rate = parse_rate(rate)
    if rate is None:
        return False
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    client = salted_hmac("nanjingweek.ratelimit", client_address(request)).hexdigest()[:32]
    key = f"ratelimit:{scope}:{rate.count}/{rate.seconds}:{client}:{window}"
    cache = caches["default"]
    if isinstance(cache, ATOMIC_INCREMENT):
        return _count_by_increment(cache, key, rate) > rate.count
    return not _take_a_slot(cache, key, rate)


# Backends whose incr() is one atomic step (across processes for all but the local memory of one process).
ATOMIC_INCREMENT = (RedisCache, BaseMemcachedCache, LocMemCache)


def _count_by_increment(cache, key: str, rate: Rate) -> int:
    # add() is a no-op when the key exists. Requests over the limit are counted too: it changes nothing in a fixed
    # window, and the one round trip is all a hammering client costs.
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds + 1)
        return 1


def _take_a_slot(cache, key: str, rate: Rate) -> bool:
    """One of the window's `rate.count` slots, by add(): atomic wherever add() is (the database cache's INSERT).

    The slots already taken are read first in one query, so a client over the limit costs that one query, and
    one within it usually the read and one add(); another process taking the same slot meanwhile only moves
    this one on to the next.
    """
    slots = [f"{key}:{number}" for number in range(1, rate.count + 1)]
    taken = cache.get_many(slots)
    return any(cache.add(slot, 1, timeout=rate.seconds + 1) for slot in slots if slot not in taken)


# Backends that count per process (local memory), not at all (dummy), or not atomically (files: add() is a check
# and a write, and two processes both win it).
NOT_SHARED = (LocMemCache, DummyCache, FileBasedCache)


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limit_is_shared(app_configs=None, **kwargs):
    """check --deploy: the registration rate limit would not hold across the worker processes (issue 12)."""
    if settings.DEBUG or parse_rate(settings.REGISTRATION_RATE_LIMIT) is None:
        return []
    backend = import_string(settings.CACHES["default"]["BACKEND"])
    if not issubclass(backend, NOT_SHARED):
        return []
    return [
        checks.Warning(
            f"The default cache ({backend.__name__}) is not shared by the worker processes, or not atomically: "
            f"each would count REGISTRATION_RATE_LIMIT ({settings.REGISTRATION_RATE_LIMIT}) on its own.",
            hint="Set REDIS_URL, or keep the database cache DEBUG=0 selects without it (README.md, Configuration).",
            id="nanjingweek.W001",
        )
    ]
