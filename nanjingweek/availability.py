"""When the database is away: a translated 503 with Retry-After, and the probes a load balancer asks.

A database that refuses connections, takes longer than DATABASE_CONNECT_TIMEOUT to answer one, or runs a
statement past DATABASE_STATEMENT_TIMEOUT raises OperationalError (InterfaceError for a connection that broke
underneath). That is not a bug of the site but a moment of unavailability: the visitor is told so in their
language, with `Retry-After`, and nothing is cached; the error is logged once, as a warning.

Django turns an exception into a response at the layer that raised it, so one try/except cannot see them all.
An error from a view or its template reaches `process_exception`, which answers the 503 at once. An error
from a middleware further in (the session saved on the way out, say) has already become a 500 when it gets
back here: the `got_request_exception` signal marks the request, and the 500 is swapped for the 503. Hence
the middleware's place in MIDDLEWARE: before SessionMiddleware, AuthenticationMiddleware and everything else
that may touch the database, after SecurityMiddleware so that the 503 still gets its headers.

A server that stops answering on a connection already open (frozen, or a network that drops packets without a
word) is past what either timeout bounds: statement_timeout is the server's own, and the kernel keeps such a
connection open for many minutes. `DatabaseWatchdog` bounds that wait from the client's side: a connection that
a request has waited on for too long has its socket shut down, which ends the wait with OperationalError, hence
the 503, well before gunicorn's worker timeout would kill the worker and leave the visitor with an empty reply.
Too long is DATABASE_CONNECT_TIMEOUT for the request's first contact (Django's health check of a persistent
connection, `SELECT 1`, which a live server answers at once), and DATABASE_CONNECT_TIMEOUT +
DATABASE_STATEMENT_TIMEOUT for each statement (the server's own cancel comes first). With the defaults a
visitor waits at most 10 s on a frozen server (the health check cut, then a new connection that times out) and
20 s on a statement that never returns; gunicorn's worker timeout is 30 s.

The 503 page renders without the database: no context processors (the header's current edition and the
messages would query it), only what the error frame needs. Recovery needs nothing from here: a connection that
failed is closed at the end of its request, and the next request opens a new one (CONN_HEALTH_CHECKS also
replaces a persistent connection that died while idle).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import sys
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from nanjingweek.log_privacy import mask_tokens

logger = logging.getLogger("nanjingweek.availability")

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
_ERROR = "_nanjingweek_unavailable_error"
_REPORTED = "_nanjingweek_unavailable_reported"


def is_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, UNAVAILABLE_ERRORS)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with watchdog.guard():
            response = self.get_response(request)
        error = getattr(request, _ERROR, None)
        if error is not None and response.status_code == 500:
            return service_unavailable(request, error)
        return response

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            setattr(request, _ERROR, exception)
            return service_unavailable(request, exception)
        return None


class DatabaseWatchdog:
    """One thread per process that cuts a PostgreSQL connection its request has waited on for too long.

    Only a connection in the middle of a command (libpq's transaction status ACTIVE) is cut, only while its
    request is running, and only past the request's deadline: DATABASE_CONNECT_TIMEOUT from the request's start,
    then connect + statement timeout from the start of each statement Django executes, so a request of many
    quick statements is never cut. A cut connection fails its statement with
    OperationalError and is replaced by the next request, as after any other loss of connection.
    """

    POLL_SECONDS = 0.25

    def __init__(self):
        self._lock = threading.Lock()
        # thread id → [deadline, seconds allowed, wrappers of that thread's connections]
        self._requests: dict[int, list] = {}
        self._started_in = None  # the pid whose thread runs: a forked worker starts its own

    @property
    def limit(self) -> float:
        statement = settings.DATABASE_STATEMENT_TIMEOUT
        return settings.DATABASE_CONNECT_TIMEOUT + statement if statement > 0 else 0

    @contextlib.contextmanager
    def guard(self):
        limit = self.limit
        wrappers = [connections[alias] for alias in connections if connections[alias].vendor == "postgresql"]
        if not limit or not wrappers:
            yield
            return
        self._start()
        first_contact = settings.DATABASE_CONNECT_TIMEOUT
        entry = [time.monotonic() + first_contact, first_contact, wrappers]

        def statement_started(execute, sql, params, many, context):
            entry[:2] = time.monotonic() + limit, limit
            return execute(sql, params, many, context)

        thread = threading.get_ident()
        with contextlib.ExitStack() as stack:
            for wrapper in wrappers:
                stack.enter_context(wrapper.execute_wrapper(statement_started))
            with self._lock:
                self._requests[thread] = entry
            try:
                yield
            finally:
                with self._lock:
                    self._requests.pop(thread, None)

    def _start(self) -> None:
        if self._started_in != os.getpid():
            self._started_in = os.getpid()
            threading.Thread(target=self._watch, name="database-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.POLL_SECONDS)
            now = time.monotonic()
            with self._lock:
                for entry in self._requests.values():
                    if now < entry[0]:
                        continue
                    # Every waiting connection, not only the first; then a new one gets its time to connect.
                    if any([_cut_if_waiting(wrapper, entry[1]) for wrapper in entry[2]]):  # noqa: C419
                        entry[:2] = now + self.limit, self.limit


def _cut_if_waiting(wrapper, waited: float) -> bool:
    """Shuts down the socket of a connection that waits for the server's answer (a copy of the descriptor, so
    the connection's own stays valid and is closed by Django as usual)."""
    from psycopg import pq

    raw = wrapper.connection
    try:
        if raw is None or raw.closed or raw.pgconn.transaction_status != pq.TransactionStatus.ACTIVE:
            return False
        descriptor = os.dup(raw.pgconn.socket)
    except Exception:  # noqa: BLE001 - the connection closed meanwhile: nothing to cut
        return False
    with socket.socket(fileno=descriptor) as copy:
        with contextlib.suppress(OSError):
            copy.shutdown(socket.SHUT_RDWR)
    logger.warning("No answer from the database for %s s: connection %s cut", waited, wrapper.alias)
    return True


watchdog = DatabaseWatchdog()


def _note_error(sender, request=None, **kwargs):
    """Marks a request whose middleware raised an availability error (the 500 is swapped on the way out)."""
    error = sys.exc_info()[1]
    if request is not None and is_unavailable(error) and not hasattr(request, _ERROR):
        setattr(request, _ERROR, error)


got_request_exception.connect(_note_error, dispatch_uid="nanjingweek.availability")


def _report(request, error: BaseException) -> None:
    if getattr(request, _REPORTED, False):
        return
    setattr(request, _REPORTED, True)
    cause = error.__cause__ or error
    first_line = (str(cause).strip().splitlines() or [""])[0]
    logger.warning(
        "Database unavailable, answered 503 to %s %s: %s: %s",
        request.method,
        mask_tokens(request.get_full_path()),
        type(cause).__name__,
        first_line,
    )


def service_unavailable(request, error: BaseException) -> HttpResponse:
    """The 503 page in the visitor's language (URL prefix, else cookie, else Accept-Language)."""
    _report(request, error)
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        try:
            # A plain context: context processors would ask the database for the header's edition and messages.
            body = loader.render_to_string("503.html", {"request": request, "site_name": _("China Nanjing Week")})
            content_type = "text/html; charset=utf-8"
        except Exception:  # noqa: BLE001 - whatever else is broken, the visitor gets a page, not an empty reply
            logger.exception("The 503 page failed to render; answered in plain text")
            body = _("The site is unavailable for a moment. Please try again in a minute.") + "\n"
            content_type = "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    # Logged above, once and as a warning: not again by django.request as an error.
    response._has_been_logged = True
    return response


class SkipReportedUnavailability(logging.Filter):
    """Drops django.request's "Internal Server Error" record for an availability error this module logs itself.

    Only an error raised by a middleware gets that record (Django logs it before the 500 becomes the 503).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "django.request" or not record.exc_info:
            return True
        return not is_unavailable(record.exc_info[1])


# --- Probes for load balancers and orchestrators --------------------------------------------------------


@never_cache
def healthz(request):
    """Liveness: the process answers. No database, no cache: a database outage must not get workers restarted."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request):
    """Readiness: the database answers `SELECT 1` and the cache keeps what it was given; 503 with the reason.

    The reason is the exception's class only: its message may name hosts and users, and the probe is public.
    """
    problems = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        problems["database"] = type(error.__cause__ or error).__name__
    if "database" in problems and isinstance(caches["default"], DatabaseCache):
        # The same database: a second attempt would only double the probe's wait.
        problems["cache"] = "database unavailable"
    else:
        try:
            key, value = f"readyz:{os.getpid()}", secrets.token_hex(8)
            cache.set(key, value, timeout=60)
            if cache.get(key) != value:
                problems["cache"] = "value not kept"
        except Exception as error:  # noqa: BLE001 - any failure of the cache (Redis, database, file) means not ready
            problems["cache"] = type(error.__cause__ or error).__name__
    body = {
        "status": "unavailable" if problems else "ok",
        "database": problems.get("database", "ok"),
        "cache": problems.get("cache", "ok"),
    }
    response = JsonResponse(body, status=503 if problems else 200)
    if problems:
        logger.warning("Not ready: %s", ", ".join(f"{name} {problem}" for name, problem in problems.items()))
        response._has_been_logged = True  # a warning, not django.request's error for every probe of an outage
    return response
