"""A per-client rate limit in Django's cache: N requests per fixed window (second, minute, hour or day).

The rate is written like `REGISTRATION_RATE_LIMIT`: `5/m`, `20/h`, `100/d`, `2/s`. An empty value or `off`
turns the limit off. Counters live in the default cache, so several app servers share them only when the cache
is shared (Redis in production, through REDIS_URL); the local-memory cache counts per process.

The client is `REMOTE_ADDR`. Behind a reverse proxy that is the proxy's address, and every visitor would share
one counter: let the proxy hand the real address to the app server (for example nginx's `real_ip` module with
gunicorn, or the PROXY protocol) rather than trusting `X-Forwarded-For` here — any client can forge that header.
The address itself is never stored: the cache key holds a keyed hash of it, kept only as long as the window.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

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


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def is_rate_limited(request, *, scope: str, rate: str | Rate | None, now: float | None = None) -> bool:
    """Count this request against the client's window; True when it goes over the limit.

    A fixed window: at most `rate.count` requests from one address between two multiples of the period.
    Requests over the limit are counted too, so hammering does not reopen the window early.
    """
    if isinstance(rate, str) or rate is None:
        rate = parse_rate(rate)
    if rate is None:
        return False
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    client = salted_hmac("nanjingweek.ratelimit", client_address(request)).hexdigest()[:32]
    key = f"ratelimit:{scope}:{rate.count}/{rate.seconds}:{client}:{window}"
    # add() is a no-op when the key exists, and incr() is atomic on Redis and in the local-memory cache.
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # the window's key expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds + 1)
        hits = 1
    return hits > rate.count
