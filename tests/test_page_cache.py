"""The page cache (nanjingweek/page_cache.py): a stored page is served without a query, and every change of what a
page shows — a save, an update through a service, a bulk insert, a delete, a publication, a cancellation, the last
seat taken, an event beginning, midnight at the venue — is seen by the very next visitor. Pages rendered for one
person (staff, an attendee, a form with its CSRF token) are never stored nor served to anyone else.
"""

from __future__ import annotations

import gzip
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from events import registrations, services
from events.models import Event, Session
from nanjingweek import content_version
from tests.factories import make_attendee, make_city, make_event, make_news_article, make_venue

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def page_of(event, language="en") -> str:
    with translation.override(language):
        return reverse("events:detail", kwargs={"slug": event.slug})


def text(response) -> str:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def stored_pages() -> int:
    return len(caches["pages"]._cache)


@pytest.fixture
def event():
    # A week ahead by the real clock, which registration goes by: open, with two seats.
    starts_at = timezone.now().astimezone(BERLIN).replace(microsecond=0) + timedelta(days=7)
    return make_event(title_en="Forum on the Grand Canal", starts_at=starts_at, capacity=2, registration_required=True)


# --- A stored page -------------------------------------------------------------------------------------------------


def test_the_second_visitor_gets_the_stored_page_without_a_query(client, event, django_assert_num_queries):
    first = client.get(page_of(event), **GZIP)
    with django_assert_num_queries(0):
        second = client.get(page_of(event), **GZIP)

    assert first.status_code == second.status_code == 200
    assert second["Content-Encoding"] == "gzip"
    assert text(second) == text(first)
    assert "Forum on the Grand Canal" in text(second)
    assert second["Cache-Control"] == "max-age=0, must-revalidate, public"
    assert second["Vary"] == "Accept-Encoding"
    assert second["ETag"].startswith('W/"') and second["ETag"] == first["ETag"]


@pytest.mark.parametrize("events", [1, 30])
def test_a_hit_makes_no_query_however_large_the_programme(client, travel_to, django_assert_num_queries, events):
    travel_to(datetime(2025, 11, 1, 12, 0, tzinfo=BERLIN))
    venue = make_venue()
    for _number in range(events):
        make_event(venue=venue)
    with translation.override("en"):
        path = reverse("events:venue", kwargs={"slug": venue.slug})
    client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_without_gzip_the_same_page_comes_uncompressed(client, event):
    compressed = client.get(page_of(event), **GZIP)
    plain = client.get(page_of(event))

    assert "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(compressed.content)
    assert len(compressed.content) < len(plain.content) / 2


def test_an_unchanged_page_is_not_sent_again(client, event, django_assert_num_queries):
    first = client.get(page_of(event))
    with django_assert_num_queries(0):
        by_etag = client.get(page_of(event), HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(page_of(event), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]

    event.title_en = "Forum on the Yangtze"
    event.save()
    changed = client.get(page_of(event), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Forum on the Yangtze" in text(changed)
    assert changed["ETag"] != first["ETag"]
    older = http_date(datetime(2025, 1, 1).timestamp())
    assert client.get(page_of(event), HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_query_order_does_not_matter_but_the_query_does(client, event, django_assert_num_queries):
    with translation.override("en"):
        schedule = reverse("events:schedule")
    client.get(f"{schedule}?kind=forum&tz=Asia/Shanghai")
    with django_assert_num_queries(0):
        client.get(f"{schedule}?tz=Asia/Shanghai&kind=forum")
    chinese_clock = client.get(f"{schedule}?tz=Asia/Shanghai")
    berlin_clock = client.get(f"{schedule}?tz=Europe/Berlin")
    assert chinese_clock["ETag"] != berlin_clock["ETag"]


def test_each_language_has_its_own_page(client, event):
    english, german = client.get(page_of(event, "en")), client.get(page_of(event, "de"))
    assert english["Content-Language"] == "en" and german["Content-Language"] == "de"
    assert '<html lang="de"' in text(german) and '<html lang="en"' in text(english)


# --- Every change is seen by the next visitor ----------------------------------------------------------------------


def rename(event):
    event.title_en = "Renamed by an organizer"
    event.save()
    return "Renamed by an organizer"


def update_through_a_queryset(event):
    Event.objects.filter(pk=event.pk).update(subtitle_en="Changed with QuerySet.update")
    return "Changed with QuerySet.update"


def add_sessions_in_bulk(event):
    Session.objects.bulk_create([Session(event=event, title_en="Added with bulk_create", order=1)])
    return "Added with bulk_create"


def cancel(event):
    services.cancel_events(Event.objects.filter(pk=event.pk))
    return "This event has been cancelled."


def take_the_last_seat(event):
    make_attendee(event=event)
    waiting = registrations.register(event, name="Li Wei", email="li.wei@example.cn", language="zh-hans", consent=True)
    registrations.confirm(waiting)
    return "All seats are taken."


@pytest.mark.parametrize(
    "change", [rename, update_through_a_queryset, add_sessions_in_bulk, cancel, take_the_last_seat]
)
def test_a_change_is_on_the_next_page(client, event, change):
    before = text(client.get(page_of(event)))
    expected = change(event)

    after = text(client.get(page_of(event)))
    assert expected not in before
    assert expected in after


def test_a_registration_changes_the_seats_on_that_event_page_only(client, event, django_assert_num_queries):
    other = make_event(title_en="Another forum")
    client.get(page_of(event))
    client.get(page_of(other))
    assert "2 seats left" in text(client.get(page_of(event)))

    make_attendee(event=event)

    assert "1 seat left" in text(client.get(page_of(event)))
    with django_assert_num_queries(0):
        client.get(page_of(other))


def test_a_deleted_or_unpublished_event_is_gone_at_once(client, event):
    venue_page = reverse("events:venue", kwargs={"slug": event.venue.slug})
    assert event.title_en in text(client.get(venue_page))

    services.unpublish_events(Event.objects.filter(pk=event.pk))
    assert client.get(page_of(event)).status_code == 404
    assert event.title_en not in text(client.get(venue_page))

    services.publish_events(Event.objects.filter(pk=event.pk))
    assert client.get(page_of(event)).status_code == 200
    assert event.title_en in text(client.get(venue_page))

    Event.objects.filter(pk=event.pk).delete()
    assert client.get(page_of(event)).status_code == 404
    assert event.title_en not in text(client.get(venue_page))


# --- The passing of time -------------------------------------------------------------------------------------------


def test_midnight_at_the_venue_turns_the_page_to_today(client, travel_to):
    nanjing = make_venue(city=make_city(timezone="Asia/Shanghai"))
    event = make_event(venue=nanjing, starts_at=datetime(2025, 11, 8, 9, 0, tzinfo=SHANGHAI))

    travel_to(datetime(2025, 11, 7, 23, 59, 59, tzinfo=SHANGHAI))
    assert "Today" not in text(client.get(page_of(event)))
    # 17:00 in Leipzig, midnight in Nanjing: the Nanjing event is today there.
    travel_to(datetime(2025, 11, 8, 0, 0, tzinfo=SHANGHAI))
    assert "Today" in text(client.get(page_of(event)))


def test_the_page_follows_an_event_from_upcoming_to_took_place(client, travel_to):
    event = make_event(starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))

    travel_to(event.starts_at - timedelta(seconds=1))
    assert "Happening now" not in text(client.get(page_of(event)))
    travel_to(event.starts_at)
    assert "Happening now" in text(client.get(page_of(event)))
    travel_to(event.ends_at)
    assert "Happening now" in text(client.get(page_of(event)))
    travel_to(event.ends_at + timedelta(microseconds=1))
    assert "Took place" in text(client.get(page_of(event)))


def test_registration_closing_is_on_the_next_page(client, event):
    # Registration goes by the real clock: it closes two seconds from now.
    event.registration_closes_at = timezone.now() + timedelta(seconds=2)
    event.save()
    assert "Registration is open" in text(client.get(page_of(event)))
    time.sleep(max(0, (event.registration_closes_at - timezone.now()).total_seconds()) + 0.01)
    assert "Registration for this event is closed." in text(client.get(page_of(event)))


def test_an_article_scheduled_for_later_appears_at_its_time(client):
    # Publication goes by the real clock: the article is due in a second and a half.
    article = make_news_article(title_en="Scheduled article", published_at=timezone.now() + timedelta(seconds=1.5))
    with translation.override("en"):
        news = reverse("news:list")
    assert "Scheduled article" not in text(client.get(news))
    time.sleep(max(0, (article.published_at - timezone.now()).total_seconds()) + 0.01)
    assert "Scheduled article" in text(client.get(news))


# --- Pages for one person are never shared -------------------------------------------------------------------------


def test_a_staff_members_page_is_neither_stored_nor_served_to_anyone_else(client, event, django_assert_num_queries):
    staff = Client()
    staff.force_login(User.objects.create_user("organizer", is_staff=True))
    seen_by_staff = staff.get(page_of(event))
    assert "private" in seen_by_staff["Cache-Control"] and "public" not in seen_by_staff["Cache-Control"]
    assert stored_pages() == 0

    client.get(page_of(event))  # an anonymous visitor's page is stored …
    assert stored_pages() == 1
    with django_assert_num_queries(0):
        client.get(page_of(event))
    response = staff.get(page_of(event))  # … and not served to staff, who get their own
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_an_attendees_page_is_never_stored(client, event):
    registration = make_attendee(event=event)
    with translation.override("en"):
        page = reverse("events:registration", kwargs={"token": registration.token})
    for _visit in range(2):
        response = client.get(page)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert stored_pages() == 0


def test_a_page_with_a_form_and_its_csrf_token_is_not_stored_nor_compressed(client, event):
    with translation.override("en"):
        form = reverse("events:register", kwargs={"slug": event.slug})
    for _visit in range(2):
        response = client.get(form, **GZIP)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "Content-Encoding" not in response
        assert "private" in response["Cache-Control"]
    assert stored_pages() == 0


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, event):
    client.get(page_of(event))
    client.cookies["messages"] = "something"
    response = client.get(page_of(event))
    assert "private" in response["Cache-Control"]


def test_calendar_feeds_are_stored_and_keep_their_own_lifetime(client, event, django_assert_num_queries):
    feed = reverse("event_ics", kwargs={"slug": event.slug})
    first = client.get(feed, **GZIP)
    with django_assert_num_queries(0):
        second = client.get(feed, HTTP_IF_NONE_MATCH=first["ETag"])
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert second.status_code == 304
    assert "BEGIN:VCALENDAR" in text(first)


def test_turned_off_every_page_is_rendered(client, event, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_ENABLED = False
    client.get(page_of(event))
    assert stored_pages() == 0


# --- What changes a version ----------------------------------------------------------------------------------------


def content_token() -> str:
    return content_version.current([content_version.CONTENT])[content_version.CONTENT]


def test_writes_that_are_not_content_leave_the_pages_alone(client, event):
    before = content_token()
    staff = Client()
    staff.force_login(User.objects.create_user("organizer", is_staff=True))  # users, sessions, axes: not content
    staff.get(page_of(event))
    registrations.register(event, name="Li Wei", email="li.wei@example.cn", language="zh-hans", consent=True)
    assert content_token() == before


def test_a_registration_changes_its_events_version_only(event):
    key = content_version.registrations_key(event.slug)
    other = content_version.registrations_key("another-event")
    before = content_version.current([key, other])
    make_attendee(event=event)
    after = content_version.current([key, other])
    assert after[key] != before[key] and after[other] == before[other]


def test_a_transaction_replaces_the_version_at_once_and_again_when_it_commits(django_capture_on_commit_callbacks):
    before = content_token()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = make_event()  # an edition, a city, a venue and an event: four inserts
        Event.objects.filter(pk=event.pk).update(subtitle_en="Changed")
        inside = content_token()
    assert len(callbacks) == 1  # one replacement at commit, however many statements wrote
    assert before != inside != content_token()


def test_a_version_lost_from_the_cache_is_replaced_by_a_new_one(event):
    before = content_token()
    caches["default"].delete(content_version.KEY_PREFIX + content_version.CONTENT)
    assert content_token() not in (before, None)


def test_versions_date_the_change_and_never_go_back():
    first = content_version.changed_at(content_token())
    content_version.bump(content_version.CONTENT)
    content_version.bump(content_version.CONTENT)
    second = content_version.changed_at(content_token())
    assert time.time() - 2 < first < second <= time.time() + 2
