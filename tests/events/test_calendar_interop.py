"""The calendar files as other software reads them: libical (tests/libical.py), the tz database, icalendar.

Also what the issue asked of them besides: the ORGANIZER that METHOD:PUBLISH requires, DTSTAMP as the file's
creation, a reminder on request (?alarm=), and feeds per city and venue, linked from their pages.
"""

from __future__ import annotations

import email
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from email.policy import default
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from events import calendars, emails
from events.models import Event, Notification, Registration
from nanjingweek import page_clock
from tests.factories import (
    BERLIN,
    SHANGHAI,
    make_city,
    make_edition,
    make_event,
    make_site_owner,
    make_topic,
    make_venue,
)
from tests.libical import read_calendar

pytestmark = pytest.mark.django_db

UTC = dt_timezone.utc


def at(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)


@pytest.fixture
def programme():
    """Events in Leipzig on both sides of both switches of 2025, one in Nanjing, one cancelled, of one topic."""
    edition = make_edition(slug="cnw-2025", is_current=True, start_date=date(2025, 3, 1), end_date=date(2025, 11, 30))
    leipzig = make_city(slug="leipzig", name_en="Leipzig", name_de="Leipzig", name_zh_hans="莱比锡")
    hall = make_venue(slug="kongresshalle", city=leipzig, name_en="Kongresshalle")
    other_hall = make_venue(city=leipzig)
    nanjing = make_city(slug="nanjing", country="CN", timezone="Asia/Shanghai")
    heritage = make_topic(slug="heritage")
    starts = {
        # 00:30 and 01:30 UTC: 01:30 CET and 03:30 CEST; the clocks jump from 02:00 to 03:00 at 01:00 UTC.
        "before-spring": (hall, datetime(2025, 3, 30, 0, 30, tzinfo=UTC)),
        "after-spring": (hall, datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
        # 23:30 and 02:30 UTC: 01:30 CEST and 03:30 CET; the clocks go back from 03:00 to 02:00 at 01:00 UTC.
        "before-autumn": (other_hall, datetime(2025, 10, 25, 23, 30, tzinfo=UTC)),
        "after-autumn": (other_hall, datetime(2025, 10, 26, 2, 30, tzinfo=UTC)),
        "nanjing-forum": (make_venue(city=nanjing), at(SHANGHAI, 2025, 11, 20, 14, 0)),
    }
    events = {
        slug: make_event(slug=slug, edition=edition, venue=venue, starts_at=start, ends_at=start + timedelta(hours=2))
        for slug, (venue, start) in starts.items()
    }
    events["cancelled"] = make_event(
        slug="cancelled",
        edition=edition,
        venue=hall,
        status=Event.Status.CANCELLED,
        starts_at=at(BERLIN, 2025, 6, 1, 10),
    )
    for slug in ("after-spring", "nanjing-forum"):
        events[slug].topics.set([heritage])
    return events


EVERYTHING = {"before-spring", "after-spring", "before-autumn", "after-autumn", "nanjing-forum", "cancelled"}
IN_LEIPZIG = EVERYTHING - {"nanjing-forum"}
# name: (URL name, its arguments, query, the events in the feed)
FEEDS = {
    "schedule": ("schedule_ics", {}, {}, EVERYTHING),
    "event": ("event_ics", {"slug": "after-spring"}, {}, {"after-spring"}),
    "city": ("city_ics", {"slug": "leipzig"}, {}, IN_LEIPZIG),
    "venue": ("venue_ics", {"slug": "kongresshalle"}, {}, {"before-spring", "after-spring", "cancelled"}),
    "topic": ("schedule_ics", {}, {"topic": "heritage"}, {"after-spring", "nanjing-forum"}),
    "schedule with a reminder": ("schedule_ics", {}, {"alarm": "30", "lang": "zh-hans"}, EVERYTHING),
    "city with a reminder": ("city_ics", {"slug": "leipzig"}, {"alarm": "1440", "lang": "de"}, IN_LEIPZIG),
}


def feed(client, name: str):
    url_name, kwargs, query, _slugs = FEEDS[name]
    response = client.get(reverse(url_name, kwargs=kwargs), query)
    assert response.status_code == 200, response.content
    return response


def slugs(calendar) -> set[str]:
    return {str(component["URL"]).rstrip("/").rsplit("/", 1)[-1] for component in calendar.walk("VEVENT")}


# --- libical ------------------------------------------------------------------------------------------------------


@pytest.mark.rendering
@pytest.mark.parametrize("name", list(FEEDS))
def test_libical_reads_every_feed_without_a_complaint(client, programme, name):
    make_site_owner()
    content = feed(client, name).content

    reading = read_calendar(content)

    assert reading.errors == []
    # And the pinned icalendar reads it back: every event, each with the start libical computed.
    calendar = icalendar.Calendar.from_ical(content)
    assert slugs(calendar) == FEEDS[name][3]
    assert {str(item["UID"]): item.decoded("DTSTART").astimezone(UTC) for item in calendar.walk("VEVENT")} == (
        reading.starts
    )


@pytest.mark.rendering
def test_libical_places_the_events_around_the_switches_where_zoneinfo_does(client, programme):
    instants = [
        datetime(2025, 3, 30, 0, 59, tzinfo=UTC),
        datetime(2025, 3, 30, 1, 0, tzinfo=UTC),
        datetime(2025, 3, 30, 1, 30, tzinfo=UTC),  # the issue's: 03:30 in Leipzig, not 02:30
        datetime(2025, 10, 26, 0, 30, tzinfo=UTC),
        datetime(2025, 10, 26, 0, 59, tzinfo=UTC),
        datetime(2025, 10, 26, 1, 0, tzinfo=UTC),
        datetime(2025, 10, 26, 2, 30, tzinfo=UTC),
    ]

    reading = read_calendar(feed(client, "city").content, instants=[("Europe/Berlin", instant) for instant in instants])

    assert reading.local_times == [instant.astimezone(BERLIN).replace(tzinfo=None) for instant in instants]
    assert [local.strftime("%H:%M") for local in reading.local_times] == [
        "01:59",
        "03:00",
        "03:30",
        "02:30",
        "02:59",
        "02:00",
        "03:30",
    ]
    assert reading.starts == {
        calendars.event_uid(event): event.starts_at.astimezone(UTC)
        for slug, event in programme.items()
        if slug in IN_LEIPZIG
    }


@pytest.mark.rendering
def test_libical_reads_the_ticket_emails_calendar_file_without_a_complaint(programme):
    make_site_owner()
    registration = Registration.objects.create(
        event=programme["after-spring"],
        name="Anna Schmidt",
        email="anna@example.de",
        language="de",
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    notification = Notification.objects.create(registration=registration, kind=Notification.Kind.CONFIRMED)
    message = email.message_from_bytes(emails.render_email(notification).message().as_bytes(), policy=default)
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    content = part.get_content().encode()

    reading = read_calendar(content)

    assert reading.errors == []
    assert reading.starts == {calendars.event_uid(programme["after-spring"]): datetime(2025, 3, 30, 1, 30, tzinfo=UTC)}
    # RFC 6047: the MIME type's method is the file's.
    assert part.get_param("method") == str(icalendar.Calendar.from_ical(content)["METHOD"]) == "PUBLISH"


# --- the tz database ----------------------------------------------------------------------------------------------

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Shanghai", "Australia/Adelaide", "Australia/Lord_Howe"]


def zoneinfo_transitions(zone: ZoneInfo, start: datetime, end: datetime) -> dict[datetime, tuple[timedelta, ...]]:
    """Every instant in [start, end) at which the zone's offset changes, with the offsets before and after: the
    zone read every quarter of an hour (every change of our time is on a quarter of an hour of UTC)."""
    found = {}
    moment = start
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        moment += timedelta(minutes=15)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            found[moment] = (before, after)
        before = after
    return found


def test_every_vtimezone_changes_offset_exactly_when_the_tz_database_does(client):
    edition = make_edition(is_current=True, start_date=date(2025, 1, 1), end_date=date(2027, 12, 31))
    for number, zone in enumerate(ZONES):
        venue = make_venue(city=make_city(timezone=zone, country="DE"))
        # The first in 2025, the last in 2027: the zones cover the years 2025 to 2027, 2026 included.
        year = 2025 if number % 2 == 0 else 2027
        make_event(edition=edition, venue=venue, starts_at=at(ZoneInfo(zone), year, 6, 1, 10))
        make_event(edition=edition, venue=venue, starts_at=at(ZoneInfo(zone), 2025 + 2027 - year, 2, 1, 10))

    calendar = icalendar.Calendar.from_ical(client.get(reverse("schedule_ics")).content)

    vtimezones = {str(component["TZID"]): component for component in calendar.walk("VTIMEZONE")}
    assert sorted(vtimezones) == sorted(ZONES)
    for tzid, vtimezone in vtimezones.items():
        zone = ZoneInfo(tzid)
        start = datetime.combine(date(2025, 1, 1), time(), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(date(2028, 1, 1), time(), tzinfo=zone).astimezone(UTC)
        written = {}
        for observance in vtimezone.subcomponents:
            offset_from, offset_to = (observance[name].td for name in ("TZOFFSETFROM", "TZOFFSETTO"))
            # RFC 5545: DTSTART is the local time before the onset, in TZOFFSETFROM.
            onset = observance.decoded("DTSTART").replace(tzinfo=UTC) - offset_from
            assert observance.name == ("DAYLIGHT" if onset.astimezone(zone).dst() else "STANDARD")
            assert str(observance["TZNAME"]) == onset.astimezone(zone).tzname()
            if offset_from == offset_to:
                assert onset == start, f"{tzid}: an observance that changes nothing, other than the first"
                assert offset_to == start.astimezone(zone).utcoffset()
            else:
                written[onset] = (offset_from, offset_to)
        assert written == zoneinfo_transitions(zone, start, end), tzid
    # Four changes a year where the clocks change twice, none in Shanghai.
    assert {tzid: len(vtimezone.subcomponents) for tzid, vtimezone in vtimezones.items()} == {
        "Europe/Berlin": 7,
        "America/New_York": 7,
        "Asia/Shanghai": 1,
        "Australia/Adelaide": 7,
        "Australia/Lord_Howe": 7,
    }


# --- ORGANIZER and DTSTAMP ----------------------------------------------------------------------------------------


def test_organizer_is_the_committee_of_the_impressum_in_the_feeds_language(client, programme):
    make_site_owner(name_en="Nanjing Week Organizing Committee", name_zh_hans="南京周组委会")

    event_feed = reverse("event_ics", kwargs={"slug": "after-spring"})
    english, chinese = client.get(event_feed), client.get(event_feed, {"lang": "zh-hans"})

    organizers = [
        icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]["ORGANIZER"] for response in (english, chinese)
    ]
    assert [(str(organizer), organizer.params["CN"]) for organizer in organizers] == [
        ("mailto:info@nanjingweek.example", "Nanjing Week Organizing Committee"),
        ("mailto:info@nanjingweek.example", "南京周组委会"),
    ]


def test_organizer_without_an_impressum_is_the_committee_at_the_sites_sender_address(client, programme, settings):
    settings.DEFAULT_FROM_EMAIL = "Nanjing Week <programme@nanjingweek.example>"

    calendar = icalendar.Calendar.from_ical(feed(client, "event").content)

    organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]
    assert (str(organizer), organizer.params["CN"]) == (
        "mailto:programme@nanjingweek.example",
        "The Nanjing Week Organizing Committee",
    )


def test_dtstamp_is_when_the_feeds_content_last_changed(client, programme):
    first = feed(client, "schedule")
    calendar = icalendar.Calendar.from_ical(first.content)
    made = parsedate_to_datetime(first["Last-Modified"])

    # Every event stamped with the file's making, the content's last change; LAST-MODIFIED is each event's own.
    assert {item.decoded("DTSTAMP") for item in calendar.walk("VEVENT")} == {made}
    assert {item.decoded("LAST-MODIFIED") for item in calendar.walk("VEVENT")} == {
        event.updated_at.replace(microsecond=0) for event in programme.values()
    }
    assert all(item.decoded("LAST-MODIFIED") <= made for item in calendar.walk("VEVENT"))
    # Made anew (another server, an expired copy): the same bytes, so a calendar app asking again gets a 304.
    caches["pages"].clear()
    again = client.get(reverse("schedule_ics"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    caches["pages"].clear()
    assert feed(client, "schedule").content == first.content


def test_dtstamp_of_a_feed_the_cache_does_not_keep_is_the_time_it_was_made(client, programme, settings):
    settings.PAGE_CACHE_ENABLED = False
    before = timezone.now().replace(microsecond=0)

    calendar = icalendar.Calendar.from_ical(feed(client, "event").content)

    assert before <= calendar.walk("VEVENT")[0].decoded("DTSTAMP") <= timezone.now()


# --- ?alarm= ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "trigger"), [("0", timedelta(0)), ("30", timedelta(minutes=-30)), ("10080", timedelta(days=-7))]
)
def test_alarm_reminds_before_every_event_that_takes_place(client, programme, value, trigger):
    response = client.get(reverse("schedule_ics"), {"alarm": value, "lang": "de"})

    calendar = icalendar.Calendar.from_ical(response.content)
    alarms = {
        slug: [
            (str(alarm["ACTION"]), alarm.decoded("TRIGGER"), str(alarm["DESCRIPTION"])) for alarm in item.walk("VALARM")
        ]
        for slug, item in ((str(item["URL"]).rstrip("/").rsplit("/", 1)[-1], item) for item in calendar.walk("VEVENT"))
    }
    assert alarms == {
        slug: [] if slug == "cancelled" else [("DISPLAY", trigger, f"Event {slug}")] for slug in EVERYTHING
    }


@pytest.mark.parametrize("query", [{}, {"alarm": ""}])
def test_no_alarm_by_default(client, programme, query):
    calendar = icalendar.Calendar.from_ical(client.get(reverse("schedule_ics"), query).content)

    assert calendar.walk("VALARM") == []


@pytest.mark.parametrize("value", ["-5", "10081", "1.5", "half an hour", "３０", "30m", "99999999999"])
def test_an_alarm_that_is_no_whole_number_of_minutes_up_to_a_week_is_refused_in_the_feeds_language(
    client, programme, value
):
    response = client.get(reverse("city_ics", kwargs={"slug": "leipzig"}), {"alarm": value, "lang": "de"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Language"] == "de"
    assert "10080" in response.content.decode() and "Minuten" in response.content.decode()


# --- feeds per city and venue -------------------------------------------------------------------------------------


def test_city_and_venue_feeds_have_their_published_dated_events_of_every_edition(client, programme):
    hall = programme["after-spring"].venue
    last_year = make_event(slug="last-year", venue=hall, starts_at=at(BERLIN, 2024, 11, 7, 9, 30))
    make_event(slug="draft", venue=hall, status=Event.Status.DRAFT)
    make_event(slug="undated", venue=hall, starts_at=None)

    city = icalendar.Calendar.from_ical(feed(client, "city").content)
    venue = icalendar.Calendar.from_ical(feed(client, "venue").content)

    assert slugs(city) == IN_LEIPZIG | {last_year.slug}
    assert slugs(venue) == FEEDS["venue"][3] | {last_year.slug}
    assert str(city["X-WR-CALNAME"]) == "China Nanjing Week: Leipzig"
    assert str(venue["X-WR-CALNAME"]) == "China Nanjing Week: Kongresshalle"
    # The zone covers both years.
    [berlin] = venue.walk("VTIMEZONE")
    assert {observance.decoded("DTSTART").year for observance in berlin.subcomponents} == {2024, 2025}


@pytest.mark.parametrize("url_name", ["city_ics", "venue_ics"])
def test_city_and_venue_feeds_of_an_unknown_slug_are_not_found(client, url_name):
    assert client.get(reverse(url_name, kwargs={"slug": "atlantis"})).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_city_and_venue_feeds_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    city = make_city(slug="leipzig")
    venue = make_venue(slug="hall", city=city)
    topics = [make_topic(), make_topic()]
    for _number in range(count):
        make_event(venue=venue).topics.set(topics)

    # The city or venue, the events, their venues, their cities, which topics they have, those topics, the
    # organizing committee; and, the first time, the page cache's clock.
    for url_name, slug, clock in (("city_ics", "leipzig", page_clock.QUERIES), ("venue_ics", "hall", 0)):
        with django_assert_num_queries(7 + clock):
            calendar = icalendar.Calendar.from_ical(client.get(reverse(url_name, kwargs={"slug": slug})).content)
        assert len(calendar.walk("VEVENT")) == count


def test_calendar_urls_of_cities_and_venues_stay_outside_the_language_prefix():
    assert (reverse("city_ics", kwargs={"slug": "leipzig"}), reverse("venue_ics", kwargs={"slug": "hall"})) == (
        "/cities/leipzig.ics",
        "/venues/hall.ics",
    )


# --- the pages that link them -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "feed_url"),
    [
        ("/de/cities/leipzig/", "/cities/leipzig.ics?lang=de"),
        ("/de/venues/kongresshalle/", "/venues/kongresshalle.ics?lang=de"),
        ("/de/schedule/?topic=heritage", "/schedule.ics?lang=de&topic=heritage"),
        ("/zh-hans/schedule/?topic=heritage&when=past", "/schedule.ics?lang=zh-hans&topic=heritage"),
    ],
)
def test_city_venue_and_topic_pages_link_their_feed(client, parse_html, programme, page, feed_url):
    response = client.get(page)

    document = parse_html(response.content)
    [alternate] = document.find_all("link", rel="alternate", type="text/calendar")
    assert alternate.attrs["href"] == f"http://testserver{feed_url}"
    links = {link.attrs["href"]: link.text for link in document.find_all("a") if ".ics" in link.attrs.get("href", "")}
    subscribe = {"de": "In Ihrem Kalender abonnieren", "zh-hans": "在日历中订阅"}[page.split("/")[1]]
    assert links[f"webcal://testserver{feed_url}"] == subscribe
    assert feed_url in links
    # What the page links is a feed, with the page's events.
    assert client.get(feed_url).status_code == 200
