"""The iCalendar feeds: /schedule.ics and /events/<slug>.ics."""

from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from email.utils import parsedate_to_datetime

import icalendar
import pytest
from django.core.cache import caches
from django.urls import reverse

from events.calendars import build_calendar
from events.models import Event
from nanjingweek import page_clock
from tests.factories import BERLIN, SHANGHAI, make_city, make_edition, make_event, make_topic, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(slug="cnw-2025", name_en="China Nanjing Week 2025", is_current=True)


@pytest.fixture
def leipzig():
    return make_city(slug="leipzig", name_en="Leipzig", name_de="Leipzig", name_zh_hans="莱比锡")


@pytest.fixture
def nanjing():
    return make_city(slug="nanjing", name_en="Nanjing", country="CN", timezone="Asia/Shanghai")


@pytest.fixture
def forum(edition, leipzig):
    """The Leipzig forum: 7 November 2025, 09:30 in Leipzig."""
    venue = make_venue(
        slug="leipzig-university",
        city=leipzig,
        name_en="Leipzig University",
        address_en="Augustusplatz 10\n04109 Leipzig",
        latitude=Decimal("51.338700"),
        longitude=Decimal("12.379500"),
    )
    return make_event(
        slug="leipzig-forum",
        edition=edition,
        venue=venue,
        title_en="Nanjing–Leipzig Heritage Forum",
        title_de="Nanjing–Leipzig-Forum zum Kulturerbe",
        title_zh_hans="南京—莱比锡文化遗产论坛",
        summary_en="Two cities, one wall.",
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 17, 0, tzinfo=BERLIN),
    )


def make_nanjing_event(edition, nanjing, **overrides) -> Event:
    """An event in Nanjing on 20 November 2025 at 14:00 Nanjing time."""
    overrides.setdefault("starts_at", datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI))
    return make_event(edition=edition, venue=make_venue(city=nanjing), **overrides)


def fetch(client, url, **params) -> tuple[icalendar.Calendar, str]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    text = response.content.decode("utf-8")
    return icalendar.Calendar.from_ical(response.content), text


def schedule(client, **params):
    return fetch(client, reverse("schedule_ics"), **params)


def event_ics(client, event, **params):
    return fetch(client, reverse("event_ics", kwargs={"slug": event.slug}), **params)


def vevents(calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by URL of their page's slug: {"leipzig-forum": VEVENT, ...}."""
    return {str(component["URL"]).rstrip("/").rsplit("/", 1)[-1]: component for component in calendar.walk("VEVENT")}


def zones(calendar) -> set[str]:
    return {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}


# --- the calendar itself ----------------------------------------------------------------------------


def test_event_calendar_has_the_headers_of_a_published_calendar(client, forum):
    calendar, _text = event_ics(client, forum)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["PRODID"]).startswith("-//")
    assert "Nanjing–Leipzig Heritage Forum" in str(calendar["X-WR-CALNAME"])


def test_event_calendar_starts_at_local_time_with_the_venue_zone(client, forum):
    calendar, text = event_ics(client, forum)

    [component] = calendar.walk("VEVENT")
    start = component.decoded("DTSTART")
    assert component["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert (start.tzinfo.key, start.date().isoformat(), start.time()) == ("Europe/Berlin", "2025-11-07", time(9, 30))
    assert "DTSTART;TZID=Europe/Berlin:20251107T093000" in text
    assert "DTEND;TZID=Europe/Berlin:20251107T170000" in text


def test_event_calendar_in_nanjing_uses_shanghai_time(client, edition, nanjing):
    event = make_event(
        edition=edition, venue=make_venue(city=nanjing), starts_at=datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    )

    calendar, text = event_ics(client, event)

    assert "DTSTART;TZID=Asia/Shanghai:20251120T140000" in text
    assert zones(calendar) == {"Asia/Shanghai"}


def test_schedule_calendar_has_a_vtimezone_for_each_zone_used_and_no_other(client, edition, forum, nanjing):
    make_event(
        edition=edition, venue=make_venue(city=nanjing), starts_at=datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    )
    new_york = make_city(country="US", timezone="America/New_York")
    # Venues in New York exist, but none of their events is in this calendar.
    make_event(edition=edition, venue=make_venue(city=new_york), status=Event.Status.DRAFT)
    make_event(edition=make_edition(), venue=make_venue(city=new_york))

    calendar, text = schedule(client)

    assert zones(calendar) == {"Europe/Berlin", "Asia/Shanghai"}
    assert calendar.get_missing_tzids() == set()
    assert "America/New_York" not in text


def test_schedule_calendar_defines_zones_before_the_events(client, edition, forum, nanjing):
    make_nanjing_event(edition, nanjing)

    calendar, _text = schedule(client)

    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"] * 2 + ["VEVENT"] * 2


def test_schedule_calendar_filtered_to_one_city_has_only_its_zone(client, edition, forum, nanjing):
    make_event(
        edition=edition, venue=make_venue(city=nanjing), starts_at=datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    )

    calendar, _text = schedule(client, city="leipzig")

    assert zones(calendar) == {"Europe/Berlin"}


def test_times_are_never_floating_or_abbreviated(client, edition, forum, nanjing):
    make_event(
        edition=edition, venue=make_venue(city=nanjing), starts_at=datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    )

    calendar, text = schedule(client)

    for component in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            assert component[name].params["TZID"] in {"Europe/Berlin", "Asia/Shanghai"}
            assert component.decoded(name).tzinfo is not None
        for name in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
            assert component.decoded(name).utcoffset() == timedelta(0)
    for abbreviation in ("TZID=CET", "TZID=CEST", "TZID=CST"):
        assert abbreviation not in text


def test_event_calendar_describes_the_event(client, forum):
    forum.topics.set([make_topic(name_en="Heritage preservation"), make_topic(name_en="Tourism")])

    calendar, _text = event_ics(client, forum)

    [component] = calendar.walk("VEVENT")
    page = "http://testserver/en/events/leipzig-forum/"
    assert str(component["SUMMARY"]) == "Nanjing–Leipzig Heritage Forum"
    assert str(component["DESCRIPTION"]) == f"Two cities, one wall.\n\n{page}"
    assert str(component["URL"]) == page
    # The address names the city already: it is not repeated.
    assert str(component["LOCATION"]) == "Leipzig University, Augustusplatz 10, 04109 Leipzig"
    assert (component["GEO"].latitude, component["GEO"].longitude) == (51.3387, 12.3795)
    assert sorted(component["CATEGORIES"].cats) == ["Heritage preservation", "Tourism"]


def test_event_calendar_without_coordinates_or_topics_leaves_them_out(client, edition):
    event = make_event(edition=edition)

    calendar, _text = event_ics(client, event)

    [component] = calendar.walk("VEVENT")
    assert ("GEO" in component, "CATEGORIES" in component) == (False, False)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Event.Status.PUBLISHED, "CONFIRMED"),
        (Event.Status.CANCELLED, "CANCELLED"),
        (Event.Status.POSTPONED, "TENTATIVE"),
    ],
)
def test_event_calendar_status_follows_the_event(client, edition, status, expected):
    event = make_event(edition=edition, status=status)

    calendar, text = event_ics(client, event)

    [component] = calendar.walk("VEVENT")
    assert str(component["STATUS"]) == expected
    assert f"STATUS:{expected}" in text


def test_cancelled_event_stays_in_the_schedule_marked_cancelled(client, edition, forum):
    cancelled = make_event(slug="cancelled-dialogue", edition=edition, status=Event.Status.CANCELLED)

    calendar, _text = schedule(client)

    assert {slug: str(component["STATUS"]) for slug, component in vevents(calendar).items()} == {
        "leipzig-forum": "CONFIRMED",
        cancelled.slug: "CANCELLED",
    }


# --- identity and revisions -------------------------------------------------------------------------


def test_uid_is_stable_across_requests_renames_and_new_slugs(client, forum):
    first, _text = event_ics(client, forum)
    again, _text = event_ics(client, forum)
    forum.title_en = "A renamed forum"
    forum.slug = "renamed-forum"
    forum.save()
    renamed, _text = event_ics(client, forum)
    in_schedule, _text = schedule(client)

    uids = [str(calendar.walk("VEVENT")[0]["UID"]) for calendar in (first, again, renamed, in_schedule)]
    assert uids == [f"event-{forum.pk}@nanjingweek.org"] * 4
    assert str(renamed.walk("VEVENT")[0]["SUMMARY"]) == "A renamed forum"


def test_uids_differ_between_events(client, edition, forum):
    make_event(edition=edition)

    calendar, _text = schedule(client)

    uids = [str(component["UID"]) for component in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 2


def test_sequence_and_last_modified_follow_the_event(client, forum):
    before, _text = event_ics(client, forum)
    changed_at = datetime(2025, 10, 1, 8, 15, tzinfo=dt_timezone.utc)
    # `sequence` is not editable and `updated_at` is auto_now: set them as the admin's services would.
    Event.objects.filter(pk=forum.pk).update(sequence=3, updated_at=changed_at)
    after, text = event_ics(client, forum)

    [old], [new] = before.walk("VEVENT"), after.walk("VEVENT")
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 3)
    assert old.decoded("LAST-MODIFIED") == forum.updated_at.replace(microsecond=0)
    assert new.decoded("LAST-MODIFIED") == changed_at
    assert "LAST-MODIFIED:20251001T081500Z" in text
    # DTSTAMP is the file's, not the event's (test_dtstamp_is_when_the_feeds_content_last_changed).
    assert new.decoded("DTSTAMP") > changed_at


# --- what is in the schedule ------------------------------------------------------------------------


def test_schedule_calendar_has_published_dated_events_of_the_current_edition_only(client, edition, forum):
    postponed = make_event(slug="postponed", edition=edition, status=Event.Status.POSTPONED)
    make_event(slug="draft", edition=edition, status=Event.Status.DRAFT)
    make_event(slug="undated", edition=edition, starts_at=None)
    make_event(slug="other-edition", edition=make_edition())

    calendar, text = schedule(client)

    assert sorted(vevents(calendar)) == sorted(["leipzig-forum", postponed.slug])
    assert "draft" not in text
    assert "undated" not in text


def test_schedule_calendar_is_named_after_the_edition(client, edition):
    calendar, _text = schedule(client)

    assert str(calendar["X-WR-CALNAME"]) == "China Nanjing Week 2025"
    assert str(calendar["NAME"]) == "China Nanjing Week 2025"


def test_schedule_calendar_adds_the_site_name_to_an_edition_name_without_it(client):
    make_edition(name_en="Autumn 2026", is_current=True)

    calendar, _text = schedule(client)

    assert str(calendar["X-WR-CALNAME"]) == "China Nanjing Week: Autumn 2026"


def test_schedule_calendar_without_any_edition_is_empty_but_valid(client):
    calendar, _text = schedule(client)

    assert (calendar.walk("VEVENT"), str(calendar["X-WR-CALNAME"])) == ([], "China Nanjing Week")


def schedule_page_slugs(client, query: str) -> list[str]:
    """The dated events the schedule page lists with `query`: those to come and (`?when=past`) those over."""
    dated = []
    for when in ("", "when=past"):
        separator = "&" if query else "?"
        response = client.get(reverse("events:schedule") + query + (f"{separator}{when}" if when else ""))
        assert response.status_code == 200
        dated += [
            *response.context["running"],
            *(event for _day, events in response.context["days"] for event in events),
        ]
    return sorted(event.slug for event in dated)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["dresden-workshop", "leipzig-forum", "nanjing-forum", "nanjing-trade"]),
        ("?city=leipzig", ["leipzig-forum"]),
        ("?city=nanjing", ["nanjing-forum", "nanjing-trade"]),
        ("?kind=workshop", ["dresden-workshop"]),
        ("?topic=trade", ["dresden-workshop", "nanjing-trade"]),
        ("?city=nanjing&topic=trade", ["nanjing-trade"]),
        ("?city=nanjing&kind=forum&topic=heritage", ["nanjing-forum"]),
        ("?city=atlantis", ["dresden-workshop", "leipzig-forum", "nanjing-forum", "nanjing-trade"]),
        ("?kind=picnic&city=leipzig", ["leipzig-forum"]),
        ("?city=leipzig&tz=Not/AZone", ["leipzig-forum"]),
    ],
)
def test_schedule_calendar_filters_like_the_schedule_page(client, edition, forum, nanjing, query, expected):
    heritage, trade = make_topic(slug="heritage"), make_topic(slug="trade")
    forum.topics.set([heritage])
    nanjing_venue = make_venue(city=nanjing)
    nanjing_start = datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    make_event(slug="nanjing-forum", edition=edition, venue=nanjing_venue, starts_at=nanjing_start).topics.set(
        [heritage]
    )
    make_event(
        slug="nanjing-trade",
        edition=edition,
        venue=nanjing_venue,
        kind=Event.Kind.ECONOMIC_FORUM,
        starts_at=nanjing_start,
    ).topics.set([trade, heritage])
    make_event(slug="dresden-workshop", edition=edition, kind=Event.Kind.WORKSHOP).topics.set([trade])

    response = client.get(reverse("schedule_ics") + query)

    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(vevents(calendar)) == expected == schedule_page_slugs(client, query)


# --- languages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "page"),
    [
        ("en", "Nanjing–Leipzig Heritage Forum", "/en/events/leipzig-forum/"),
        ("de", "Nanjing–Leipzig-Forum zum Kulturerbe", "/de/events/leipzig-forum/"),
        ("zh-hans", "南京—莱比锡文化遗产论坛", "/zh-hans/events/leipzig-forum/"),
        ("ZH-HANS", "南京—莱比锡文化遗产论坛", "/zh-hans/events/leipzig-forum/"),
        ("fr", "Nanjing–Leipzig Heritage Forum", "/en/events/leipzig-forum/"),
        ("", "Nanjing–Leipzig Heritage Forum", "/en/events/leipzig-forum/"),
    ],
)
def test_lang_chooses_the_language_of_titles_and_links(client, forum, lang, title, page):
    for calendar, _text in (event_ics(client, forum, lang=lang), schedule(client, lang=lang)):
        [component] = calendar.walk("VEVENT")
        assert str(component["SUMMARY"]) == title
        assert str(component["URL"]) == f"http://testserver{page}"


def test_lang_without_a_translation_falls_back_to_english(client, forum):
    forum.summary_de = ""
    forum.save()
    forum.topics.set([make_topic(name_en="Tourism", name_de="Tourismus")])

    calendar, _text = event_ics(client, forum, lang="de")

    [component] = calendar.walk("VEVENT")
    assert str(component["DESCRIPTION"]).startswith("Two cities, one wall.")
    assert component["CATEGORIES"].cats == ["Tourismus"]
    assert str(component["LOCATION"]) == "Leipzig University, Augustusplatz 10, 04109 Leipzig"


def test_lang_translates_the_calendar_name_and_place(client, edition, forum):
    edition.name_zh_hans = "2025中国南京周"
    edition.save()

    calendar, _text = schedule(client, lang="zh-hans")

    [component] = calendar.walk("VEVENT")
    # Parts joined the Chinese way; the city in Chinese, since the English address does not name it so.
    assert str(component["LOCATION"]) == "Leipzig University，Augustusplatz 10，04109 Leipzig，莱比锡"
    assert "2025中国南京周" in str(calendar["X-WR-CALNAME"])


def test_lang_does_not_leak_into_the_next_request(client, forum):
    event_ics(client, forum, lang="de")

    calendar, _text = event_ics(client, forum)

    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Nanjing–Leipzig Heritage Forum"


# --- not found --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["draft-forum", "no-such-event", "undated-forum"])
def test_event_calendar_of_a_draft_unknown_or_undated_event_is_not_found(client, edition, slug):
    make_event(slug="draft-forum", edition=edition, status=Event.Status.DRAFT)
    make_event(slug="undated-forum", edition=edition, starts_at=None)

    response = client.get(reverse("event_ics", kwargs={"slug": slug}))

    assert response.status_code == 404


def test_event_calendar_of_a_published_event_in_another_edition_is_found(client, edition):
    event = make_event(edition=make_edition())

    calendar, _text = event_ics(client, event)

    assert len(calendar.walk("VEVENT")) == 1


# --- the response -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "filename"),
    [("schedule_ics", "nanjing-week-cnw-2025.ics"), ("event_ics", "leipzig-forum.ics")],
)
def test_calendar_response_is_an_inline_cacheable_calendar_file(client, forum, url_name, filename):
    kwargs = {"slug": forum.slug} if url_name == "event_ics" else {}

    response = client.get(reverse(url_name, kwargs=kwargs), {"lang": "zh-hans"})

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert "max-age=300" in response["Cache-Control"]
    assert response["Content-Language"] == "zh-hans"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert "南京—莱比锡文化遗产论坛".encode() in response.content.replace(b"\r\n ", b"")


def test_calendar_urls_stay_outside_the_language_prefix():
    assert (reverse("schedule_ics"), reverse("event_ics", kwargs={"slug": "leipzig-forum"})) == (
        "/schedule.ics",
        "/events/leipzig-forum.ics",
    )


# --- queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 20])
def test_schedule_calendar_queries_do_not_grow_with_events(client, django_assert_num_queries, edition, count):
    topics = [make_topic(slug="trade"), make_topic()]
    cities = [make_city(slug="leipzig"), make_city(timezone="Asia/Shanghai", country="CN")]
    for number in range(count):
        event = make_event(edition=edition, venue=make_venue(city=cities[number % 2]))
        event.topics.set(topics)

    # The current edition, the events, their venues, their cities, which topics they have, those topics, the
    # organizing committee; and the filter's topic and city look-ups.
    with django_assert_num_queries(7 + page_clock.QUERIES):
        calendar, _text = schedule(client, lang="de")
    with django_assert_num_queries(9):
        filtered, _text = schedule(client, city="leipzig", topic="trade")

    assert (len(calendar.walk("VEVENT")), len(filtered.walk("VEVENT"))) == (count, (count + 1) // 2)


@pytest.mark.parametrize("topic_count", [1, 20])
def test_event_calendar_queries_do_not_grow_with_topics(client, django_assert_num_queries, edition, topic_count):
    event = make_event(edition=edition)
    event.topics.set([make_topic() for _number in range(topic_count)])

    # The event with its venue and city, its topics, the organizing committee.
    with django_assert_num_queries(3 + page_clock.QUERIES):
        calendar, _text = event_ics(client, event)

    assert len(calendar.walk("VEVENT")[0]["CATEGORIES"].cats) == topic_count


# --- reuse ------------------------------------------------------------------------------------------


def test_build_calendar_makes_a_calendar_of_one_event_for_other_pages(edition, forum):
    event = Event.objects.with_venue().prefetch_related("topics").get(pk=forum.pk)

    calendar = build_calendar(
        [event], language="de", name="Ihre Anmeldung", url_for=lambda event: f"https://example.org/{event.slug}"
    )

    [component] = calendar.walk("VEVENT")
    assert (str(calendar["X-WR-CALNAME"]), str(component["SUMMARY"]), str(component["URL"])) == (
        "Ihre Anmeldung",
        "Nanjing–Leipzig-Forum zum Kulturerbe",
        "https://example.org/leipzig-forum",
    )
    assert zones(calendar) == {"Europe/Berlin"}


def test_build_calendar_leaves_undated_events_out(edition):
    undated = make_event(edition=edition, starts_at=None)

    calendar = build_calendar([undated], language="en", name="Nothing dated", url_for=lambda event: "")

    assert (calendar.walk("VEVENT"), calendar.walk("VTIMEZONE")) == ([], [])


def test_build_calendar_zones_cover_every_year_the_events_fall_in(edition):
    autumn = make_event(edition=edition, starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    summer = make_event(edition=edition, starts_at=datetime(2026, 7, 1, 9, 0, tzinfo=BERLIN))
    events = Event.objects.with_venue().prefetch_related("topics").filter(pk__in=[autumn.pk, summer.pk])

    calendar = build_calendar(events, language="en", name="Two years", url_for=lambda event: "")

    [berlin] = calendar.walk("VTIMEZONE")
    summer_time_starts = set()
    for daylight in berlin.walk("DAYLIGHT"):
        rdates = daylight.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            summer_time_starts |= {value.dt.year for value in rdate.dts}
        summer_time_starts.add(daylight.decoded("DTSTART").year)
    assert summer_time_starts == {2025, 2026}


# --- the feeds' bytes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_feed_bytes_are_build_calendars_and_stay_the_same(client, edition, forum, nanjing, language):
    """The feeds write each event's and zone's lines once and then reuse them (calendar_ical): what they send is
    byte for byte what icalendar writes of build_calendar, and a changed event is written anew."""
    other = make_nanjing_event(edition, nanjing, slug="nanjing-talk", title_en="Talk", summary_en="About the wall.")
    other.topics.set([make_topic(slug="heritage", name_en="Heritage", name_de="Kulturerbe")])
    new_york = make_city(slug="new-york", timezone="America/New_York", country="US")
    make_event(edition=edition, venue=make_venue(city=new_york), starts_at=datetime(2026, 3, 2, 18, 0, tzinfo=BERLIN))

    def feed():
        response = client.get(reverse("schedule_ics"), {"lang": language})
        return response.content, parsedate_to_datetime(response["Last-Modified"])

    def expected(stamp):
        events = Event.objects.published().dated().filter(edition=edition).with_venue().prefetch_related("topics")
        base = "http://testserver"
        calendar = build_calendar(
            events,
            language=language,
            name=str(icalendar.Calendar.from_ical(feed()[0])["NAME"]),
            url_for=lambda event: base + reverse("events:detail", kwargs={"slug": event.slug}),
            stamp=stamp,
        )
        return calendar.to_ical()

    first, stamp = feed()
    assert first == expected(stamp)
    # Made again once its stored copy is gone (another server, or expired): the same bytes, the same ETag.
    caches["pages"].clear()
    assert feed()[0] == first
    # Zones in the order of their names, whatever the order of the events.
    assert [str(zone["TZID"]) for zone in icalendar.Calendar.from_ical(first).walk("VTIMEZONE")] == [
        "America/New_York",
        "Asia/Shanghai",
        "Europe/Berlin",
    ]

    # A change that saves nothing else (no new updated_at): the event's lines are written anew all the same.
    Event.objects.filter(pk=other.pk).update(title_en="Moved talk", title_de="", title_zh_hans="")
    changed, changed_stamp = feed()
    # Not earlier; in the same second it may be the same (nanjingweek/content_version.py).
    assert changed_stamp >= stamp
    assert changed == expected(changed_stamp)
    assert "SUMMARY:Moved talk" in changed.decode()
