"""PageCacheMiddleware (nanjingweek/page_cache.py): a stored public page is sent before the rest of the middleware
and the view, with exactly what the full way would send, and never to anyone the full way would not send it to."""

from __future__ import annotations

import gzip
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from nanjingweek import page_cache
from tests.factories import make_attendee, make_event

pytestmark = pytest.mark.django_db

MIDDLEWARE = "nanjingweek.page_cache.PageCacheMiddleware"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


@pytest.fixture
def event():
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=7)
    return make_event(title_en="Forum on the Grand Canal", starts_at=starts_at, capacity=2, registration_required=True)


def paths(event) -> list[str]:
    with translation.override("de"):
        german_event = reverse("events:detail", kwargs={"slug": event.slug})
    with translation.override("en"):
        return [
            reverse("home"),
            reverse("events:schedule") + "?tz=Asia/Shanghai",
            reverse("events:detail", kwargs={"slug": event.slug}),
            german_event,
            "/schedule.ics",
            "/sitemap.xml",
        ]


def served_by_middleware(client, path, **headers):
    """The response, and whether the middleware sent it (the view's wrapper never ran)."""
    calls = []
    look_up = page_cache.look_up

    def counting(request, names):
        calls.append(names)
        return look_up(request, names)

    page_cache.look_up = counting
    try:
        response = client.get(path, **headers)
    finally:
        page_cache.look_up = look_up
    return response, response.wsgi_request.resolver_match is None and len(calls) == 1


def test_a_stored_page_is_sent_by_the_middleware_as_the_full_way_sends_it(client, event):
    for path in paths(event):
        for headers in (GZIP, {}):
            first = client.get(path, **headers)
            assert first.status_code == 200, path
            fast, by_middleware = served_by_middleware(client, path, **headers)
            assert by_middleware, path
            with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != MIDDLEWARE]):
                full = Client().get(path, **headers)  # a new client: it builds its middleware anew
            assert full.wsgi_request.resolver_match is not None
            assert dict(fast.headers) == dict(full.headers), path
            assert fast.content == full.content == first.content, path


def test_the_middleware_answers_a_conditional_request_with_304(client, event):
    path = paths(event)[2]
    first = client.get(path)
    not_modified, by_middleware = served_by_middleware(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_middleware and not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == first["ETag"] and not_modified["Vary"] == "Accept-Encoding"


def test_a_save_is_seen_at_once_by_the_middleware(client, event):
    path = paths(event)[2]
    client.get(path)
    event.title_en = "Forum on the Yangtze"
    event.save()
    response, _by_middleware = served_by_middleware(client, path)
    assert "Forum on the Yangtze" in response.content.decode()
    stored_again, by_middleware = served_by_middleware(client, path, **GZIP)
    assert by_middleware and "Forum on the Yangtze" in gzip.decompress(stored_again.content).decode()


def test_each_language_and_query_is_its_own_page(client, event):
    english, german = paths(event)[2], paths(event)[3]
    client.get(english)
    response, by_middleware = served_by_middleware(client, german)
    assert not by_middleware and response["Content-Language"] == "de"
    schedule = paths(event)[1]
    client.get(schedule)
    other_zone, by_middleware = served_by_middleware(client, schedule.replace("Asia/Shanghai", "UTC"))
    assert not by_middleware and other_zone.status_code == 200


def test_staff_and_visitors_with_a_message_never_get_the_stored_page(client, event):
    path = paths(event)[2]
    client.get(path)
    staff = Client()
    staff.force_login(User.objects.create_user("organizer", is_staff=True))
    response, by_middleware = served_by_middleware(staff, path)
    assert not by_middleware and "private" in response["Cache-Control"]
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    response, by_middleware = served_by_middleware(with_message, path)
    assert not by_middleware and "private" in response["Cache-Control"]
    response, by_middleware = served_by_middleware(client, path, HTTP_AUTHORIZATION="Basic eDp5")
    assert not by_middleware


def test_attendee_pages_are_never_sent_by_the_middleware(client, event):
    attendee = make_attendee(event=event)
    path = attendee.get_absolute_url()
    client.get(path)
    response, by_middleware = served_by_middleware(client, path)
    assert not by_middleware and response.status_code == 200
    assert "no-store" in response["Cache-Control"] and not page_cache._versions_by_address.get(
        (response.wsgi_request.get_host(), path, None)
    )


def test_a_refused_request_is_refused_also_for_a_stored_page(client, event):
    path = paths(event)[2]
    client.get(path)
    assert client.get(path, {"q": "a\x00b"}).status_code == 400
    assert client.get(path, {"q": "a\x00b"}).status_code == 400  # and still, after the page was asked for
