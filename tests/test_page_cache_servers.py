"""Two app servers on one PostgreSQL and one Redis, as the site runs on several machines: a change saved through
one server is on the very next page the other serves, although both keep rendered pages in their own memory
(nanjingweek/page_cache.py keys them on versions kept in the shared cache).
"""

from __future__ import annotations

import re
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from events import registrations
from tests.factories import make_event
from tests.gunicorn_server import Server, collect_static, production_environment, start_server
from tests.html_forms import form_values
from tests.redis_databases import TWO_SERVERS, redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = redis_url(TWO_SERVERS)  # a database of its own, emptied before the servers start
WORKERS = 2
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two server processes share the test database")
    redis.Redis.from_url(REDIS_URL).flushdb()
    database = connection.settings_dict
    work = tmp_path_factory.mktemp("two-servers")
    environment = production_environment(
        work,
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}",
        REDIS_URL=REDIS_URL,
    )
    assert collect_static(environment).wait(timeout=60) == 0
    first = start_server(environment, work, workers=WORKERS, name="first")
    second = start_server(environment, work, workers=WORKERS, name="second")
    yield first, second
    first.stop()
    second.stop()


class Visitor:
    """One browser's cookies on one server."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies = SimpleCookie()

    def request(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text, _seconds = self.server.request(method, path, body=body, headers=headers)
        for cookie in response_headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return status, response_headers, text

    def get(self, path):
        return self.request("GET", path)

    def submit(self, path, *, action=None, **changes):
        """GET the page, then POST its form back as a browser would, with `changes` (to `action`, else the page)."""
        _status, _headers, page = self.get(path)
        return self.request("POST", action or path, form_values(page, **changes))


def page_text(server: Server, path: str) -> str:
    status, _headers, text, _seconds = server.get(path)
    assert status == 200
    return text


def store_everywhere(servers, path: str) -> None:
    """Ask each server often enough that every worker of each has likely stored the page."""
    for server in servers:
        for _visit in range(WORKERS * 3):
            page_text(server, path)


def test_an_organizers_save_through_one_server_is_on_the_next_page_of_the_other(servers):
    first, second = servers
    event = make_event(title_en="Forum on the Grand Canal")
    # Hashed as the servers hash (the tests' own hasher is a fast one the servers do not know).
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.create(username="chief", password=password, is_staff=True, is_superuser=True)
    page = f"/en/events/{event.slug}/"
    store_everywhere(servers, page)

    organizer = Visitor(first)
    status, headers, _text = organizer.submit("/admin/login/?next=/admin/", username="chief", password=PASSWORD)
    assert (status, headers["Location"]) == (302, "/admin/")
    change = f"/admin/events/event/{event.pk}/change/"
    status, _headers, text = organizer.submit(change, title_en="Forum on the Yangtze")
    assert status == 302, text[:2000]

    for _visit in range(WORKERS * 3):
        seen = page_text(second, page)
        assert "Forum on the Yangtze" in seen and "Forum on the Grand Canal" not in seen


def test_a_seat_taken_through_one_server_is_counted_on_the_other(servers):
    first, second = servers
    starts_at = timezone.now() + timedelta(days=7)
    event = make_event(starts_at=starts_at, capacity=2, registration_required=True)
    page = f"/en/events/{event.slug}/"
    store_everywhere(servers, page)
    assert "2 seats left" in page_text(second, page)
    registration = registrations.register(
        event, name="Anna Schmidt", email="anna@example.de", language="en", consent=True
    )

    attendee = Visitor(first)
    attendee_page = f"/en/registration/{registration.token}/"
    status, _headers, text = attendee.submit(attendee_page, action=f"{attendee_page}confirm/")
    assert status == 302, text[:2000]
    registration.refresh_from_db()
    assert registration.status == registration.Status.CONFIRMED

    for _visit in range(WORKERS * 3):
        assert re.search(r"Registration is open: 1 seat left\.", page_text(second, page))
