"""/schedule.json and /schedule.xml: what conference apps read (events/conference_schedule.py).

`assert_c3voc_schedule` checks what the public c3voc schedule schema requires: voc/schedule
validator/json/schema.json, the "schedule.json" schema of version 1 ($id https://c3voc.de/schedule/schema.json,
draft-06), as of commit 08187a26. Its event `start` says "format: date-time", but frab, pretalx and c3voc's own
tools (voc.event.Event rewrites it) write "HH:MM" there, which is what the apps read: we check that.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.urls import reverse

from events.models import Event
from nanjingweek import page_clock
from tests.factories import (
    BERLIN,
    SHANGHAI,
    make_city,
    make_edition,
    make_event,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)

pytestmark = pytest.mark.django_db

ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
DURATION = re.compile(r"^[0-9]+:[0-9]{2}$")
HOURS_MINUTES = re.compile(r"^[0-2][0-9]:[0-5][0-9]$")
EVENT_REQUIRED = {
    "abstract", "date", "duration", "guid", "id", "language", "links", "persons",
    "room", "slug", "start", "subtitle", "title", "track", "type", "url",
}  # fmt: skip
EVENT_ALLOWED = EVENT_REQUIRED | {
    "logo", "description", "recording_license", "do_not_record", "do_not_stream", "attachments", "answers",
}  # fmt: skip
CONFERENCE_REQUIRED = {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"}
CONFERENCE_ALLOWED = CONFERENCE_REQUIRED | {
    "description", "time_zone_name", "logo", "colors", "keywords", "url", "tracks", "rooms", "meta",
}  # fmt: skip


def is_uuid(value) -> bool:
    return isinstance(value, str) and str(uuid.UUID(value)) == value


def is_date_time(value) -> bool:
    return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None


def is_nullable_string(value) -> bool:
    return value is None or isinstance(value, str)


def assert_c3voc_schedule(document: dict) -> None:
    """Every element and type the c3voc schedule.json schema (version 1) requires, and no property it forbids."""
    assert set(document) <= {"schedule", "$schema", "generator"}
    assert isinstance(document["$schema"], str)
    assert all(isinstance(document["generator"][key], str) for key in document["generator"])
    schedule = document["schedule"]
    assert isinstance(schedule["version"], str)
    assert "rooms" not in schedule
    assert schedule["base_url"].startswith("http")
    conference = schedule["conference"]
    assert CONFERENCE_REQUIRED <= set(conference) <= CONFERENCE_ALLOWED
    assert ACRONYM.match(conference["acronym"])
    assert isinstance(conference["title"], str)
    date.fromisoformat(conference["start"])
    date.fromisoformat(conference["end"])
    assert isinstance(conference["daysCount"], int)
    assert isinstance(conference["timeslot_duration"], str)
    assert ZONE_NAME.match(conference["time_zone_name"])
    for room in conference["rooms"]:
        assert set(room) <= {"name", "guid", "description", "capacity"}
        assert isinstance(room["name"], str)
        assert is_uuid(room["guid"])
    for day in conference["days"]:
        assert set(day) == {"index", "date", "day_start", "day_end", "rooms"}
        assert isinstance(day["index"], int)
        date.fromisoformat(day["date"])
        assert is_date_time(day["day_start"])
        assert is_date_time(day["day_end"])
        for events in day["rooms"].values():
            for event in events:
                assert EVENT_REQUIRED <= set(event) <= EVENT_ALLOWED
                assert isinstance(event["id"], int)
                assert event["id"] >= 1
                assert is_uuid(event["guid"])
                assert is_date_time(event["date"])
                assert HOURS_MINUTES.match(event["start"])
                assert DURATION.match(event["duration"])
                assert isinstance(event["room"], str)
                assert SLUG.match(event["slug"])
                assert event["url"].startswith("http")
                assert isinstance(event["title"], str)
                for key in ("subtitle", "track", "abstract", "description", "do_not_record"):
                    assert is_nullable_string(event.get(key))
                assert isinstance(event["type"], str)
                assert isinstance(event["language"], str)
                assert isinstance(event["recording_license"], str)
                assert isinstance(event["links"], list)
                assert isinstance(event["attachments"], list)
                for person in event["persons"]:
                    # oneOf FrabPerson (id and public_name) or PretalxPerson (name): ours are frab persons.
                    assert isinstance(person["id"], int)
                    assert isinstance(person["public_name"], str)
                    assert "name" not in person
                    assert is_uuid(person["guid"])


def schedule_events(document: dict) -> list[dict]:
    return [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


def get_json(client, **query) -> dict:
    response = client.get(reverse("schedule_json"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_xml(client, **query) -> ElementTree.Element:
    response = client.get(reverse("schedule_xml"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


@pytest.fixture
def programme():
    """A forum in Leipzig with two speakers in Saal 1, another Leipzig event, one in Nanjing, and left out: an
    undated one, a cancelled one, a draft, and an event of another edition."""
    edition = make_edition(slug="cnw-2025", is_current=True, start_date=date(2025, 11, 1), end_date=date(2025, 11, 30))
    leipzig = make_city(slug="leipzig", name_en="Leipzig")
    nanjing = make_city(slug="nanjing", country="CN", timezone="Asia/Shanghai")
    hall = make_venue(slug="kongresshalle", city=leipzig, name_en="Kongresshalle", name_de="Kongresshalle Leipzig")
    forum = make_event(
        slug="heritage-forum",
        edition=edition,
        venue=hall,
        title_en="Heritage Forum",
        title_de="Forum Kulturerbe",
        summary_en="Walls and cities.",
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 12, 0, tzinfo=BERLIN),
    )
    forum.topics.set([make_topic(name_en="Heritage preservation", name_de="Denkmalpflege")])
    session = make_session(event=forum, room_en="Hall 1", room_de="Saal 1")
    session.speakers.set([make_speaker(name_en="Zhang San"), make_speaker(name_en="Anna Schmidt")])
    make_event(
        slug="trade-dialogue",
        edition=edition,
        venue=hall,
        kind=Event.Kind.DIALOGUE,
        starts_at=datetime(2025, 11, 7, 14, 0, tzinfo=BERLIN),
    )
    make_event(
        slug="nanjing-gala",
        edition=edition,
        venue=make_venue(city=nanjing, name_en="Nanjing Hall"),
        kind=Event.Kind.PERFORMANCE,
        starts_at=datetime(2025, 11, 20, 19, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2025, 11, 20, 21, 30, tzinfo=SHANGHAI),
    )
    make_event(slug="someday", edition=edition, venue=hall, starts_at=None)
    make_event(slug="called-off", edition=edition, venue=hall, status=Event.Status.CANCELLED)
    make_event(slug="not-yet", edition=edition, venue=hall, status=Event.Status.DRAFT)
    other = make_edition(slug="cnw-2024", start_date=date(2024, 11, 1), end_date=date(2024, 11, 30))
    make_event(slug="last-year", edition=other, venue=hall, starts_at=datetime(2024, 11, 7, 10, tzinfo=BERLIN))
    return edition


def test_schedule_json_has_what_the_c3voc_schema_requires(client, programme):
    document = get_json(client)

    assert_c3voc_schedule(document)
    conference = document["schedule"]["conference"]
    assert (conference["acronym"], conference["start"], conference["end"]) == ("cnw_2025", "2025-11-01", "2025-11-30")
    # Two of the three events are in Leipzig.
    assert conference["time_zone_name"] == "Europe/Berlin"
    assert document["schedule"]["base_url"] == "http://testserver/"
    days = [(day["index"], day["date"], day["day_start"], day["day_end"]) for day in conference["days"]]
    assert days == [
        (1, "2025-11-07", "2025-11-07T09:30:00+01:00", "2025-11-07T22:00:00+01:00"),
        (2, "2025-11-20", "2025-11-20T19:00:00+08:00", "2025-11-20T21:30:00+08:00"),
    ]
    assert conference["daysCount"] == 2
    assert [room["name"] for room in conference["rooms"]] == ["Kongresshalle: Hall 1", "Kongresshalle", "Nanjing Hall"]


def test_schedule_json_events_in_their_venues_zone(client, programme):
    events = {event["slug"]: event for event in schedule_events(get_json(client))}

    forum = Event.objects.get(slug="heritage-forum")
    assert events["heritage-forum"] == {
        "id": forum.pk,
        "guid": events["heritage-forum"]["guid"],
        "date": "2025-11-07T09:30:00+01:00",
        "start": "09:30",
        "duration": "02:30",
        "room": "Kongresshalle: Hall 1",
        "slug": "heritage-forum",
        "url": "http://testserver/en/events/heritage-forum/",
        "title": "Heritage Forum",
        "subtitle": "",
        "track": "Heritage preservation",
        "type": "talk",
        "language": "en",
        "abstract": "Walls and cities.",
        "description": "",
        "recording_license": "",
        "do_not_record": None,
        "persons": events["heritage-forum"]["persons"],
        "links": [],
        "attachments": [],
    }
    assert [person["public_name"] for person in events["heritage-forum"]["persons"]] == ["Zhang San", "Anna Schmidt"]
    assert (events["nanjing-gala"]["date"], events["nanjing-gala"]["start"]) == ("2025-11-20T19:00:00+08:00", "19:00")
    assert (events["trade-dialogue"]["type"], events["nanjing-gala"]["type"]) == ("discussion", "other")
    assert events["trade-dialogue"]["track"] is None


def test_undated_cancelled_draft_and_other_editions_events_are_left_out(client, programme):
    assert [event["slug"] for event in schedule_events(get_json(client))] == [
        "heritage-forum",
        "trade-dialogue",
        "nanjing-gala",
    ]
    last_year = get_json(client, edition="cnw-2024")
    assert [event["slug"] for event in schedule_events(last_year)] == ["last-year"]
    assert last_year["schedule"]["conference"]["acronym"] == "cnw_2024"
    assert client.get(reverse("schedule_json"), {"edition": "nope"}).status_code == 404
    assert client.get(reverse("schedule_xml"), {"edition": "nope"}).status_code == 404


def test_ids_stay_the_same_across_requests_and_unrelated_changes(client, programme):
    def identifiers():
        document = get_json(client)
        rooms = {room["name"]: room["guid"] for room in document["schedule"]["conference"]["rooms"]}
        events = {
            event["slug"]: (event["id"], event["guid"], tuple(person["guid"] for person in event["persons"]))
            for event in schedule_events(document)
        }
        return rooms, events

    first = identifiers()
    assert first == identifiers()
    make_event(edition=programme, slug="new-forum", starts_at=datetime(2025, 11, 3, 10, tzinfo=BERLIN))
    Event.objects.filter(slug="trade-dialogue").update(title_en="Renamed")
    rooms, events = identifiers()

    assert (rooms, events | {"new-forum": first[1].get("new-forum")}) == (
        first[0] | rooms,
        first[1] | {"new-forum": None},
    )
    assert {rooms[name] for name in first[0]} == set(first[0].values())
    assert len({guid for _id, guid, _persons in events.values()}) == len(events)


def test_lang_chooses_the_language_of_texts_and_links(client, programme):
    events = {event["slug"]: event for event in schedule_events(get_json(client, lang="de"))}

    forum = events["heritage-forum"]
    assert (forum["title"], forum["track"], forum["language"]) == ("Forum Kulturerbe", "Denkmalpflege", "de")
    assert forum["url"] == "http://testserver/de/events/heritage-forum/"
    assert forum["room"] == "Kongresshalle Leipzig: Saal 1"
    # The same rooms in every language, with the same UUIDs.
    room_guids = [
        [room["guid"] for room in get_json(client, lang=lang)["schedule"]["conference"]["rooms"]]
        for lang in ("en", "de", "zh-hans")
    ]
    assert room_guids[0] == room_guids[1] == room_guids[2]
    # No German title: the English one.
    assert events["nanjing-gala"]["title"] == "Event nanjing-gala"
    assert get_json(client, lang="zh-hans")["schedule"]["conference"]["days"][0]["rooms"]
    assert schedule_events(get_json(client, lang="zh-hans"))[0]["language"] == "zh"
    assert schedule_events(get_json(client, lang="xx"))[0]["language"] == "en"


def test_schedule_xml_has_the_frab_layout(client, programme):
    root = get_xml(client, lang="de")

    assert root.tag == "schedule"
    conference = root.find("conference")
    assert {child.tag: child.text for child in conference} == {
        # The edition has no German name: the English one, with the site's German name.
        "title": "China-Nanjing-Woche: China Nanjing Week cnw-2025",
        "acronym": "cnw_2025",
        "start": "2025-11-01",
        "end": "2025-11-30",
        "days": "2",
        "timeslot_duration": "00:15",
        "time_zone_name": "Europe/Berlin",
        "url": "http://testserver/de/editions/cnw-2025/",
        "base_url": "http://testserver/",
    }
    days = root.findall("day")
    assert [(day.get("index"), day.get("date"), day.get("start")) for day in days] == [
        ("1", "2025-11-07", "2025-11-07T09:30:00+01:00"),
        ("2", "2025-11-20", "2025-11-20T19:00:00+08:00"),
    ]
    rooms = days[0].findall("room")
    assert [room.get("name") for room in rooms] == ["Kongresshalle Leipzig: Saal 1", "Kongresshalle Leipzig"]
    assert all(uuid.UUID(room.get("guid")) for room in rooms)
    event = rooms[0].find("event")
    forum = Event.objects.get(slug="heritage-forum")
    assert event.get("id") == str(forum.pk)
    assert event.get("guid") == schedule_events(get_json(client))[0]["guid"]
    fields = {child.tag: (child.text or "") for child in event if not len(child)}
    assert {name: fields[name] for name in ("title", "date", "start", "duration", "room", "track", "language")} == {
        "title": "Forum Kulturerbe",
        "date": "2025-11-07T09:30:00+01:00",
        "start": "09:30",
        "duration": "02:30",
        "room": "Kongresshalle Leipzig: Saal 1",
        "track": "Denkmalpflege",
        "language": "de",
    }
    assert {"type", "abstract", "slug", "url", "subtitle", "description"} <= set(fields)
    assert [person.text for person in event.find("persons")] == ["Zhang San", "Anna Schmidt"]
    assert event.find("recording/optout").text == "false"


def test_without_any_edition_the_schedule_is_not_found(client):
    assert client.get(reverse("schedule_json")).status_code == 404


@pytest.mark.parametrize("url_name", ["schedule_json", "schedule_xml"])
def test_conference_schedule_is_cached_and_answers_304(client, programme, url_name):
    first = client.get(reverse(url_name))
    assert first["ETag"]
    assert "public" in first["Cache-Control"]
    # Made anew (another server, an expired copy): the same bytes, so an app asking again gets a 304.
    caches["pages"].clear()
    again = client.get(reverse(url_name), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    make_event(edition=programme, starts_at=datetime(2025, 11, 3, 10, tzinfo=BERLIN))
    changed = client.get(reverse(url_name), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_conference_schedule_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    edition = make_edition(is_current=True)
    topics = [make_topic(), make_topic()]
    cities = [make_city(), make_city(timezone="Asia/Shanghai", country="CN")]
    for number in range(count):
        event = make_event(edition=edition, venue=make_venue(city=cities[number % 2]))
        event.topics.set(topics)
        start = event.starts_at + timedelta(hours=1)
        make_session(event=event, room_en="Saal 1").speakers.set([make_speaker(), make_speaker()])
        make_session(event=event, starts_at=start, ends_at=start).speakers.set([make_speaker()])

    # The current edition, the events, their venues, their cities, their sessions, those sessions' speakers,
    # which topics they have, those topics.
    with django_assert_num_queries(8 + page_clock.QUERIES):
        document = get_json(client)
    caches["pages"].clear()
    with django_assert_num_queries(8):
        get_xml(client)

    assert len(schedule_events(document)) == count
    assert all(len(event["persons"]) == 3 for event in schedule_events(document))


def test_schedule_page_links_both_formats_of_its_edition_in_its_language(client, programme):
    page = client.get("/de/schedule/").content.decode()

    for url_name in ("schedule_xml", "schedule_json"):
        link = f'href="{reverse(url_name)}?edition=cnw-2025&amp;lang=de"'
        assert link in page
        assert client.get(f"{reverse(url_name)}?edition=cnw-2025&lang=de")["Content-Language"] == "de"
