"""Bounded waits and honest unavailability (issue 12, points 2, 6 and 8).

In-process: the 503 page (translated, no traceback, no database needed, logged once) for an error in a view and
for one in a middleware, the probes, the settings. Against a real server: gunicorn with gunicorn.conf.py and
DEBUG off, its database behind a TCP proxy the tests cut and restore (tests/tcp_proxy.py), for the outage, the
statement timeout, the access log and the rate limit across worker processes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import runpy
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from nanjingweek.log_privacy import MaskAttendeeTokens, mask_tokens
from tests.factories import make_attendee, make_event
from tests.gunicorn_server import Server, collect_static, production_environment, start_server
from tests.settings_files import database_settings
from tests.sitemaps import sitemap_text
from tests.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[1]
HEADINGS_503 = {
    "en": "The site is unavailable for a moment",
    "de": "Die Website ist gerade kurz nicht erreichbar",
    "zh-hans": "网站暂时无法访问",
}
TOKEN = "Xq3vT9bLk2Rm7NwPz4YhC8dJf6GsA1eU0oKiVtBnM5c"  # the shape of events.models.registrations.new_token()
TECHNICAL = ("Traceback", "OperationalError", "InterfaceError", "sqlite", "psycopg", "nonexistent-folder")


def assert_unavailable_page(status, headers, body, parse_html, language):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["Content-Language"] == language
    assert "no-store" in headers["Cache-Control"]
    for detail in TECHNICAL:
        assert detail not in body
    document = parse_html(body)
    assert document.find("html").attrs["lang"] == language
    assert document.find("h1").text == HEADINGS_503[language]


# --- In-process: the 503 page -------------------------------------------------------------------------


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls_availability"
    return Client(raise_request_exception=False)


@pytest.fixture
def request_log():
    """Records of django.request and nanjingweek.availability, and whether the site's log handler keeps them."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    loggers = [logging.getLogger("django.request"), logging.getLogger("nanjingweek.availability")]
    for logger in loggers:
        logger.addHandler(handler)
    stdout = next(handler for handler in logging.getLogger("django").handlers if handler.name == "stdout")
    yield lambda: [(record.name, record.levelname) for record in records if stdout.filter(record)]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.parametrize("language", HEADINGS_503)
def test_503_when_a_view_cannot_reach_its_database(
    failing_site, parse_html, request_log, django_assert_num_queries, language
):
    # The page itself asks nothing of the (here: working) default database, so it renders when that one is away.
    with django_assert_num_queries(0):
        response = failing_site.get(f"/{language}/test-availability/unreachable/")

    assert_unavailable_page(response.status_code, response, response.content.decode(), parse_html, language)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # Logged once, as a warning, and not again by Django as an "Internal Server Error".
    assert request_log() == [("nanjingweek.availability", "WARNING")]


@pytest.mark.django_db
def test_503_outside_a_language_prefix_speaks_the_browsers_language(failing_site, parse_html):
    unprefixed = failing_site.get("/test-availability/unreachable/", headers={"Accept-Language": "de"})
    prefixed = failing_site.get("/en/test-availability/unreachable/", headers={"Accept-Language": "de"})

    assert parse_html(unprefixed.content).find("html").attrs["lang"] == "de"
    assert parse_html(prefixed.content).find("html").attrs["lang"] == "en"  # the address's language comes first


@pytest.mark.django_db
def test_a_database_error_that_is_not_unavailability_stays_a_500(failing_site, settings):
    settings.ROOT_URLCONF = "tests.urls_errors"

    response = failing_site.get("/en/test-errors/500/")

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_503_when_the_session_cannot_be_saved_on_the_way_out(failing_site, parse_html, request_log):
    # The view answered 200; SessionMiddleware then finds the connection terminated by the server. Django makes
    # that a 500 inside the middleware stack; the availability middleware, further out, makes it the 503.
    try:
        response = failing_site.get("/de/test-availability/session/")
    finally:
        connection.close()

    assert_unavailable_page(response.status_code, response, response.content.decode(), parse_html, "de")
    assert request_log() == [("nanjingweek.availability", "WARNING")]


# --- In-process: probes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_without_database_session_or_language(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", headers={"Accept-Language": "de"})

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_readyz_asks_the_database_and_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_probes_are_exempt_from_the_https_redirect_and_absent_from_the_sitemap(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/en/").status_code == 301  # the other side: pages still go to HTTPS
    # A new client: the security middleware reads the setting once, when the client's handler loads it.
    settings.SECURE_SSL_REDIRECT = False
    assert b"healthz" not in sitemap_text(Client())


# --- Settings and gunicorn's configuration ------------------------------------------------------------


def test_settings_bound_the_waits_on_postgresql(monkeypatch):
    default = database_settings(monkeypatch, DATABASE_URL="postgres://nanjing@db.internal:5432/nanjingweek")
    configured = database_settings(
        monkeypatch,
        DATABASE_URL="postgres://nanjing@db.internal:5432/nanjingweek?options=-c%20search_path%3Dweek",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_STATEMENT_TIMEOUT="0",
    )

    assert default["OPTIONS"] == {"connect_timeout": 5, "options": "-c statement_timeout=15000"}
    assert configured["OPTIONS"] == {"connect_timeout": 3, "options": "-c statement_timeout=0 -c search_path=week"}


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_waits_longer_than_the_database_may(monkeypatch):
    default = gunicorn_config(monkeypatch)
    slower = gunicorn_config(monkeypatch, DATABASE_STATEMENT_TIMEOUT="60", WEB_CONCURRENCY="3")

    assert default["timeout"] > 5 + 15 + 5
    assert slower["timeout"] > 5 + 60 + 5
    assert (default["workers"], slower["workers"]) == (2 * os.cpu_count() + 1, 3)
    assert default["graceful_timeout"] > 0 and default["accesslog"] == "-"


# --- Personal data out of logs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"GET /en/registration/{TOKEN}/ HTTP/1.1", "GET /en/registration/…/ HTTP/1.1"),
        (
            f"POST /zh-hans/registration/{TOKEN}/cancel/?x=1 HTTP/1.1",
            "POST /zh-hans/registration/…/cancel/?x=1 HTTP/1.1",
        ),
        (
            f"https://nanjingweek.example/de/registration/{TOKEN}/erase/",
            "https://nanjingweek.example/de/registration/…/erase/",
        ),
        (f"/language/de/?next=%2Fen%2Fregistration%2F{TOKEN}%2F", "/language/de/?next=%2Fen%2Fregistration%2F…%2F"),
        (f"/en/check-in/?code={TOKEN}&tz=UTC", "/en/check-in/?code=…&tz=UTC"),
        ("GET /en/events/registration-day/register/ HTTP/1.1", "GET /en/events/registration-day/register/ HTTP/1.1"),
    ],
)
def test_mask_tokens_hides_the_token_wherever_a_url_carries_it(text, masked):
    assert mask_tokens(text) == masked


def test_django_log_records_are_masked():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", f"/en/registration/{TOKEN}/"), None
    )

    assert MaskAttendeeTokens().filter(record) is True
    assert record.getMessage() == "Not Found: /en/registration/…/"


def test_gunicorn_access_log_masks_tokens_in_the_configured_format(monkeypatch):
    from gunicorn.config import Config

    values = gunicorn_config(monkeypatch)
    config = Config()
    for name in ("accesslog", "errorlog", "logger_class", "access_log_format"):
        config.set(name, values[name])
    logger = config.logger_class(config)
    lines = []
    logger.access_log.handlers = [handler := logging.Handler()]
    handler.emit = lambda record: lines.append(record.getMessage())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/de/registration/{TOKEN}/?tz=Asia%2FShanghai",
        "PATH_INFO": f"/de/registration/{TOKEN}/",
        "QUERY_STRING": "tz=Asia%2FShanghai",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.7",
        "HTTP_REFERER": f"https://nanjingweek.example/de/registration/{TOKEN}/cancel/",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[("Content-Type", "text/html")])
    request = SimpleNamespace(headers=[("HOST", "nanjingweek.example"), ("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, timedelta(milliseconds=12))

    (line,) = lines
    assert TOKEN not in line
    assert '"GET /de/registration/…/?tz=Asia%2FShanghai HTTP/1.1" 200 1234' in line
    assert '"https://nanjingweek.example/de/registration/…/cancel/"' in line


# --- A real server: gunicorn -c gunicorn.conf.py, DEBUG off, PostgreSQL behind a proxy -----------------

CONNECT_TIMEOUT = 2  # libpq's least
STATEMENT_TIMEOUT = 2
GUNICORN_TIMEOUT = 2 * CONNECT_TIMEOUT + STATEMENT_TIMEOUT + 5  # as gunicorn.conf.py computes it
WORKERS = 4
APPLICATION_NAME = "nanjingweek-test-gunicorn"
SLACK = 2.5  # a loaded two-core machine: the figures are reported, this only keeps the test honest


@dataclass
class Site(Server):
    proxy: TcpProxy | None = None


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """One server for the module's tests, which are all transactional (they see what the server commits, and
    tests/conftest.py keeps tests of one kind together, so the server starts once)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the outage is a PostgreSQL server behind a proxy")
    database = connection.settings_dict
    proxy = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))).start()
    work = tmp_path_factory.mktemp("gunicorn")
    environment = production_environment(
        work,
        DATABASE_URL=(
            f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
            f"?application_name={APPLICATION_NAME}"
        ),
        DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
        DATABASE_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
        REGISTRATION_RATE_LIMIT="5/m",
    )
    # DEBUG off serves hashed static names from the manifest, as in production.
    collecting = collect_static(environment)
    server = start_server(environment, work, workers=WORKERS)
    assert collecting.wait(timeout=60) == 0
    yield Site(server.port, server.log, server.process, proxy)
    server.stop()
    proxy.close()


def server_backends() -> int:
    """The server's connections to PostgreSQL, by the application name its DATABASE_URL gives them."""
    with direct_connection() as direct:
        query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
        return direct.execute(query, [APPLICATION_NAME]).fetchone()[0]


def warm_every_worker(site) -> None:
    """Requests until each worker holds its persistent connection (which worker answers is the kernel's choice)."""
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        for _round in range(10):
            assert all(status == 200 for status, *_rest in pool.map(site.get, ["/de/"] * WORKERS * 2))
            if server_backends() == WORKERS:
                return
    pytest.fail(f"only {server_backends()} of {WORKERS} workers connected")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outage_answers_503_within_the_timeouts_and_recovers(site, parse_html, record_property):
    start = site.log_size()
    warm_every_worker(site)

    # Frozen: the open connections carry nothing more, new ones are never answered. Each worker's wait is cut by
    # the watchdog (or its new connection by connect_timeout), long before gunicorn's worker timeout.
    site.proxy.freeze()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        frozen = list(pool.map(site.get, ["/de/"] * WORKERS))
    for status, headers, body, _seconds in frozen:
        assert_unavailable_page(status, headers, body, parse_html, "de")
    froze = max(seconds for *_rest, seconds in frozen)
    # The health check cut by the watchdog after the connect timeout, then one new connection, which times out.
    assert froze < CONNECT_TIMEOUT + CONNECT_TIMEOUT + SLACK < GUNICORN_TIMEOUT

    site.proxy.cut("hang")  # connections dropped, new ones accepted and never answered
    status, headers, body, hung = site.get("/de/")
    assert_unavailable_page(status, headers, body, parse_html, "de")
    assert hung < CONNECT_TIMEOUT + SLACK
    health, _headers, text, _seconds = site.get("/healthz")
    ready, ready_headers, reason, _seconds = site.get("/readyz")
    assert (health, text) == (200, "ok\n")
    assert (ready, json.loads(reason)) == (
        503,
        {"status": "unavailable", "database": "ConnectionTimeout", "cache": "database unavailable"},
    )
    assert "no-store" in ready_headers["Cache-Control"]

    site.proxy.cut("refuse")  # the server stopped: refused at once
    status, headers, body, refused = site.get("/zh-hans/")
    assert_unavailable_page(status, headers, body, parse_html, "zh-hans")
    assert refused < SLACK

    site.proxy.restore()
    assert site.get("/de/")[0] == 200
    assert site.get("/readyz")[:3:2] == (200, '{"status": "ok", "database": "ok", "cache": "ok"}')
    for name, seconds in (("frozen", froze), ("hanging", hung), ("refusing", refused)):
        record_property(f"seconds_503_database_{name}", round(seconds, 2))
    print(f"503 while the database is frozen: {froze:.2f} s, hangs: {hung:.2f} s, refuses: {refused:.2f} s")  # noqa: T201

    log = site.log_since(start)
    answered = re.findall(r"WARNING nanjingweek\.availability: Database unavailable, answered 503", log)
    assert len(answered) == WORKERS + 2  # once per 503 page
    assert "WARNING nanjingweek.availability: No answer from the database for 2 s: connection default cut" in log
    assert "WARNING nanjingweek.availability: Not ready: database ConnectionTimeout, cache database unavailable" in log
    assert "Internal Server Error" not in log and "Traceback" not in log and "WORKER TIMEOUT" not in log


def direct_connection(**options) -> psycopg.Connection:
    """A connection of the test's own to the test database, past the proxy."""
    database = connection.settings_dict
    server = {"dbname": database["NAME"], "user": database["USER"], "host": database["HOST"] or "127.0.0.1"}
    return psycopg.connect(**server, port=int(database["PORT"] or 5432), **options)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_statement_timeout_turns_a_blocked_query_into_a_503(site, parse_html, record_property):
    assert site.get("/de/")[0] == 200
    start = site.log_size()
    # The home page's first query now waits for the lock, as behind a long migration: a statement that runs on.
    with direct_connection() as locker:
        locker.execute("LOCK TABLE events_edition IN ACCESS EXCLUSIVE MODE")
        # A page no worker has stored yet (its query makes it another page for the page cache): it must be rendered.
        status, headers, body, seconds = site.get("/de/?while=locked")

    assert_unavailable_page(status, headers, body, parse_html, "de")
    assert STATEMENT_TIMEOUT <= seconds < STATEMENT_TIMEOUT + SLACK
    assert site.get("/de/")[0] == 200
    assert "QueryCanceled: canceling statement due to statement timeout" in site.log_since(start)
    record_property("seconds_503_statement_timeout", round(seconds, 2))
    print(f"503 on statement timeout: {seconds:.2f} s")  # noqa: T201


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_server_logs_carry_no_attendee_token(site):
    registration = make_attendee()
    with translation.override("en"):
        page = reverse("events:registration", kwargs={"token": registration.token})
    unknown = page.replace(registration.token, TOKEN)
    referer = {"Referer": f"http://127.0.0.1:{site.port}{page}"}

    assert site.get(page)[0] == 200
    assert site.get(unknown, headers=referer)[0] == 404  # Django logs "Not Found: <path>" too
    assert site.get(f"/language/de/?next={page.replace('/', '%2F')}")[0] == 302

    log = site.log_since(0, waiting_for='"GET /language/de/')
    assert registration.token not in log and TOKEN not in log
    assert '"GET /en/registration/…/ HTTP/1.1" 200' in log
    assert "Not Found: /en/registration/…/" in log
    assert "%2Fen%2Fregistration%2F…%2F" in log


def csrf_pair(site, path) -> tuple[str, str]:
    status, headers, body, _seconds = site.get(path)
    assert status == 200, body
    cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie")))[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
    return cookie, token


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rate_limit_holds_across_gunicorn_workers(site):
    now = timezone.now()
    event = make_event(
        registration_required=True,
        capacity=100,
        starts_at=now + timedelta(days=7),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=6),
    )
    with translation.override("en"):
        path = reverse("events:register", kwargs={"slug": event.slug})
    cookie, token = csrf_pair(site, path)

    def post(_number):
        return site.request(
            "POST",
            path,
            body=f"csrfmiddlewaretoken={token}",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"},
        )[0]

    for _attempt in range(3):  # again if the 30 straddled two fixed minutes (a few seconds out of sixty)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM nanjingweek_cache")
        window = int(time.time() // 60)
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(post, range(30)))
        if int(time.time() // 60) == window:
            break

    assert sorted(statuses) == [200] * 5 + [429] * 25
    # More than one worker process counted: each keeps its own persistent connection to the database.
    assert server_backends() >= 2
