"""Event cards in lists (events/templatetags/event_tags.py, event_cards): the "full" badge of an event whose seats
are all taken while registration is open, kept live by the page cache, and the date badge as each language writes a
day and a month."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events import registrations
from tests.factories import make_attendee, make_edition, make_event, make_venue, unique

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
FULL = "Full – waiting list"


def schedule(language="en") -> str:
    with translation.override(language):
        return reverse("events:schedule")


def cards(client, parse_html, path=None):
    """The cards of a page, by their title."""
    page = parse_html(client.get(path or schedule()).content)
    return {card.find("h3").find("a").text.strip(): card for card in page.find_all("article", class_="event-card")}


def badges(card) -> list[str]:
    return [badge.text.strip() for badge in card.find_all(class_="badge")]


@pytest.fixture
def edition():
    # A week ahead by the real clock, which registration goes by.
    today = timezone.localdate()
    return make_edition(start_date=today, end_date=today + timedelta(days=30))


def an_event(edition, title, **values):
    starts_at = timezone.now().astimezone(BERLIN).replace(microsecond=0) + timedelta(days=7)
    return make_event(edition=edition, title_en=title, starts_at=starts_at, **values)


def test_a_full_event_with_registration_open_is_marked_full(client, edition, parse_html):
    full = an_event(edition, "Full forum", capacity=1, registration_required=True)
    make_attendee(event=full)
    an_event(edition, "Forum with seats", capacity=2, registration_required=True)
    an_event(edition, "Forum without a limit", registration_required=True)
    an_event(edition, "Forum without registration", capacity=1)
    closed = an_event(edition, "Forum closed", capacity=1, registration_required=True)
    closed.registration_closes_at = timezone.now() - timedelta(hours=1)
    closed.save()
    make_attendee(event=closed)

    found = cards(client, parse_html)

    assert FULL in badges(found["Full forum"])
    for title in ("Forum with seats", "Forum without a limit", "Forum without registration", "Forum closed"):
        assert FULL not in badges(found[title]), title


def test_the_seats_cost_no_query_per_event(client, edition, settings):
    """The same queries for one full event and for twelve: each list's seats come with its events."""
    settings.PAGE_CACHE_ENABLED = False  # every page rendered: its own queries counted

    def add_full_events(count):
        for _number in range(count):
            event = an_event(edition, f"Forum {unique('forum')}", capacity=1, registration_required=True)
            make_attendee(event=event)
        return event

    venue = add_full_events(1).venue
    pages = [
        schedule(),
        reverse("events:edition", kwargs={"slug": edition.slug}),
        reverse("events:venue", kwargs={"slug": venue.slug}),
        reverse("events:city", kwargs={"slug": venue.city.slug}),
        reverse("home"),
    ]

    def queries_and_full_badges():
        found = {}
        for path in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            found[path] = (len(queries), response.content.decode().count(FULL))
        return found

    one = queries_and_full_badges()
    for _number in range(11):
        event = an_event(edition, f"Forum {unique('forum')}", venue=venue, capacity=1, registration_required=True)
        make_attendee(event=event)
    twelve = queries_and_full_badges()

    for path in pages:
        assert one[path][0] == twelve[path][0], path
        assert one[path][1] == 1, path
        assert twelve[path][1] == (6 if path == reverse("home") else 12), path  # home shows the next six


def test_the_last_seat_taken_and_freed_changes_the_next_visitors_schedule(client, edition, parse_html):
    event = an_event(edition, "Forum on the Grand Canal", capacity=1, registration_required=True)
    other = an_event(edition, "Another forum")
    assert FULL not in badges(cards(client, parse_html)[event.title_en])

    registration = registrations.register(
        event, name="Li Wei", email="li.wei@example.cn", language="zh-hans", consent=True
    )
    registrations.confirm(registration)

    assert FULL in badges(cards(client, parse_html)[event.title_en])
    assert FULL in badges(cards(client, parse_html, reverse("home"))[event.title_en])

    registrations.cancel(registration)

    assert FULL not in badges(cards(client, parse_html)[event.title_en])
    assert FULL not in badges(cards(client, parse_html)[other.title_en])


def test_a_registration_awaiting_confirmation_keeps_the_stored_schedule(client, edition, django_assert_num_queries):
    event = an_event(edition, "Forum on the Grand Canal", capacity=1, registration_required=True)
    client.get(schedule())
    registrations.register(event, name="Li Wei", email="li.wei@example.cn", language="zh-hans", consent=True)
    with django_assert_num_queries(0):
        client.get(schedule())


@pytest.mark.parametrize(
    ("language", "parts"),
    [("en", ["24", "Dec"]), ("de", ["24.", "Dez."]), ("zh-hans", ["12月", "24日"])],
)
def test_the_date_badge_reads_as_the_language_writes_a_date(client, language, parts, parse_html):
    venue = make_venue()
    make_event(venue=venue, starts_at=datetime(2025, 12, 24, 18, 0, tzinfo=BERLIN))
    with translation.override(language):
        path = reverse("events:venue", kwargs={"slug": venue.slug})
    badge = parse_html(client.get(path).content).find("time", class_="date-badge")
    assert [span.text for span in badge.find_all("span")] == parts
    assert badge.attrs["datetime"] == "2025-12-24"
