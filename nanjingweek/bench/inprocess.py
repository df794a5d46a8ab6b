"""In-process figures: a page's SQL queries and time inside Django, without the network or gunicorn.

Django's test Client in production settings against the bench database, one client (its handler loads the
middleware once, as a server's worker does) without cookies for every request: a first-time anonymous visitor.
Each run empties the cache, then requests the page twice: the first is a cache miss, the second may be a hit.
The figures are the median of the runs, after one request that is not counted (templates compiled, URLconf
loaded). With the database cache a cache read is a SQL query too.
"""

from __future__ import annotations

import statistics
import time

from nanjingweek.bench.pages import Page

ACCEPT = {"accept-encoding": "gzip"}

_client = None


def client():
    global _client
    if _client is None:
        from django.test import Client

        _client = Client(HTTP_HOST="127.0.0.1")
    return _client


def request(path: str, headers: dict[str, str]) -> tuple[int, int, float, dict]:
    """(status, SQL queries, milliseconds, response headers) of one GET in this process."""
    from http.cookies import SimpleCookie

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visitor = client()
    visitor.cookies = SimpleCookie()
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        response = visitor.get(path, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 - rendered by now; read as a server would
        milliseconds = (time.perf_counter() - began) * 1000
    return response.status_code, len(queries), milliseconds, dict(response.headers)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def measure_page(page: Page, *, runs: int) -> dict:
    from django.core.cache import cache

    headers = dict(ACCEPT)
    if page.conditional:
        cache.clear()
        _status, _queries, _ms, first = request(page.path, headers)
        etag = first.get("ETag")
        if not etag:
            return {"skipped": "no ETag"}
        headers["if-none-match"] = etag
    request(page.path, headers)
    misses, hits = [], []
    status = 0
    for _run in range(runs):
        cache.clear()
        status, *miss, _headers = request(page.path, headers)
        _status, *hit, _headers = request(page.path, headers)
        misses.append(miss)
        hits.append(hit)
    miss_queries = [queries for queries, _ms in misses]
    hit_queries = [queries for queries, _ms in hits]
    return {
        "status": status,
        "queries_miss": round(median(miss_queries)),
        "queries_hit": round(median(hit_queries)),
        "queries_miss_range": [min(miss_queries), max(miss_queries)],
        "queries_hit_range": [min(hit_queries), max(hit_queries)],
        "ms_miss": round(median([ms for _queries, ms in misses]), 2),
        "ms_hit": round(median([ms for _queries, ms in hits]), 2),
        "runs": runs,
    }


def measure(pages: list[Page], *, runs: int) -> dict[str, dict]:
    return {page.key: measure_page(page, runs=runs) for page in pages}
