"""The real URLconf plus views that meet an unreachable database, for tests/test_availability.py.

The failures are real: a connection to a database that cannot be opened, and this very request's PostgreSQL
backend terminated by the server (pg_terminate_backend) before the session is saved.
"""

import psycopg
from django.conf.urls.i18n import i18n_patterns
from django.db import connection
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.urls import path

from nanjingweek.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the site's handlers
from nanjingweek.urls import urlpatterns as site_urlpatterns

UNREACHABLE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent-folder/nanjingweek/db.sqlite3"}


def unreachable_database(request):
    """A view whose database cannot be opened: Django raises OperationalError from connect()."""
    handler = ConnectionHandler({"default": UNREACHABLE})
    handler["default"].ensure_connection()
    return HttpResponse("unreachable database answered")


def session_lost_on_the_way_out(request):
    """The view succeeds; its database connection is terminated before SessionMiddleware saves the session."""
    request.session["visited"] = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    database = connection.settings_dict
    server = {"dbname": database["NAME"], "user": database["USER"], "password": database["PASSWORD"]}
    server.update(host=database["HOST"], port=database["PORT"])
    with psycopg.connect(**{key: value for key, value in server.items() if value}, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return HttpResponse("saved?")


urlpatterns = [
    path("test-availability/unreachable/", unreachable_database),
    *site_urlpatterns,
    *i18n_patterns(
        path("test-availability/unreachable/", unreachable_database),
        path("test-availability/session/", session_lost_on_the_way_out),
        prefix_default_language=True,
    ),
]
