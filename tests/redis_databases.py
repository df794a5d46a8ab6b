"""The Redis databases the tests use on the machine's Redis (127.0.0.1:6379), one per module that needs one.

CI runs the SQLite and the PostgreSQL passes at the same time (.ci/run), and a test empties its database before it
starts: so each pass has a range of its own, 1-7 on SQLite and 9-15 on PostgreSQL. Database 0 is left to whoever
runs Redis for something else; `./dev bench` uses 5 (nanjingweek/bench/server.py), which is why no test does.
"""

from __future__ import annotations

import os

# One number per module, never 5.
CLUSTER = 3
REDIS_CACHE = 4


def redis_url(number: int) -> str:
    """The address of test database `number` (1-7) for the pass this process runs in."""
    assert 1 <= number <= 7, number
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    return f"redis://127.0.0.1:6379/{number + 8 if on_postgres else number}"
