"""The programme for conference apps: ``/schedule.json`` (the c3voc schedule JSON) and ``/schedule.xml`` (the
frab/Pentabarf XML, as pretalx exports it), which Giggity, ConfClerk, EventFahrplan and c3voc's tools load.

Both are one edition (``?edition=<slug>``, default the current one) in one language (``?lang=``, as the calendar
feeds), made from the same facts (`schedule_data`): the JSON is those facts, the XML writes them in the frab
layout (the conference, then a ``<day>`` per day with a ``<room>`` per room and its ``<event>``s).

What the formats cannot say decides what is left out:
- Events without a date (announced "in the coming months"): every event of these formats sits on a day, in a
  room, at a start time with a duration; an undated event has none of these.
- Cancelled and postponed events: the formats have no status, and an app would show them as taking place.

A schedule event is one of our events (its agenda sessions are its parts, and their speakers its persons); its
room is the venue, with the sessions' room when they all name the same one. Identifiers never change with
the host, a rename or a new slug: the event's id is its primary key, and the UUIDs are uuid5 of a fixed
namespace and the primary keys (a room's: the venue's and the room's English name). An event's ``language`` is
the file's (``?lang=``): its texts are in that language, and our events have no language of their own. Its
``type`` is our kind in the words the c3voc schema suggests (talk, workshop, discussion, other), its track its
first topic.

Times are in the venue's zone: each event's ``date`` carries its own offset (Leipzig +01:00, Nanjing +08:00).
The conference's ``time_zone_name`` is the zone most of the edition's events are in (of equal counts, the first
by name), Europe/Berlin without events: the formats allow one, and the apps use it only for the day headers.
Days are the dates (in the venue's zone) on which an event begins, so an edition of events spread over months
has a day tab for each day with something on it, not for every empty day between.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from xml.etree import ElementTree

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from events import timeline
from events.calendars import CACHE_SECONDS, calendar_language, site_calendar_name, with_topics
from events.models import Edition, Event, Session, Speaker
from nanjingweek import page_cache
from nanjingweek.typography import labelled

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = {"name": "nanjingweek", "url": "https://nanjingweek.org/"}
# Never change: every UUID in the files rests on it (uuid5 of it and a primary key).
NAMESPACE = uuid.UUID("5d0f6a52-7c1e-5b8e-9d4a-3f2b1c0e9a71")
DEFAULT_ZONE = "Europe/Berlin"
# The apps draw their grid in slots of this length.
TIMESLOT = "00:15"
# The c3voc schema's acronym: lower-case letters, digits and underscores, four or more.
ACRONYM_FORBIDDEN = re.compile(r"[^a-z0-9_]")
# The event's type as c3voc's schema suggests its values; our kinds not named here are "other".
EVENT_TYPES = {
    Event.Kind.FORUM: "talk",
    Event.Kind.ECONOMIC_FORUM: "talk",
    Event.Kind.WORKSHOP: "workshop",
    Event.Kind.DIALOGUE: "discussion",
}


def event_guid(event: Event) -> str:
    return str(uuid.uuid5(NAMESPACE, f"event:{event.pk}"))


def room_guid(venue_pk: int, room: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"room:{venue_pk}:{room}"))


def person_guid(speaker: Speaker) -> str:
    return str(uuid.uuid5(NAMESPACE, f"speaker:{speaker.pk}"))


def acronym(edition: Edition) -> str:
    """The edition's slug as the c3voc schema wants an acronym ("cnw-2025" → "cnw_2025")."""
    return ACRONYM_FORBIDDEN.sub("_", edition.slug.lower()).ljust(4, "_")


def hours_minutes(duration: timedelta) -> str:
    """A duration as "HH:MM" (hours may exceed 24: a two-day exhibition opening is "48:00")."""
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def iso_language(language: str) -> str:
    """ISO 639-1, as the formats want a language: "zh-hans" is "zh"."""
    return language.split("-")[0]


def schedule_events(edition: Edition) -> list[Event]:
    """The edition's events the schedule shows: published (neither cancelled nor postponed) and dated, with venue,
    city, topics and the sessions' speakers and rooms, in a number of queries that does not grow with the events."""
    sessions = Session.objects.order_by("order", "starts_at", "pk").prefetch_related(
        # Speakers in the order they were entered, the same in every language.
        Prefetch("speakers", queryset=Speaker.objects.order_by("pk"))
    )
    events = (
        Event.objects.filter(edition=edition, status=Event.Status.PUBLISHED)
        .dated()
        .with_places()
        .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="agenda"))
        .order_by("starts_at", "slug")
    )
    return with_topics(events)


@dataclass(frozen=True)
class Room:
    venue_pk: int
    key: str  # the room's English name: the same UUID in every language
    name: str  # in the active language

    @property
    def guid(self) -> str:
        return room_guid(self.venue_pk, self.key)


def event_room(event: Event) -> Room:
    """The venue, and the room its sessions name when they all name one ("Kongresshalle: Saal 1")."""
    rooms = {(session.room_en or "").strip(): (session.room or "").strip() for session in event.agenda}
    rooms.pop("", None)
    if len(rooms) == 1:
        key, name = rooms.popitem()
        return Room(event.venue.pk, key, labelled(event.venue.name, name or key))
    return Room(event.venue.pk, "", event.venue.name)


def event_persons(event: Event) -> list[dict]:
    """The speakers of the event's sessions, each once, as frab persons (id and public_name) with a UUID."""
    persons, seen = [], set()
    for session in event.agenda:
        for speaker in session.speakers.all():
            if speaker.pk not in seen:
                seen.add(speaker.pk)
                persons.append({"id": speaker.pk, "guid": person_guid(speaker), "public_name": speaker.name})
    return persons


def event_data(event: Event, *, room: Room, origin: str, language: str) -> dict:
    start = event.local_start
    topics = event.topic_list
    return {
        "id": event.pk,
        "guid": event_guid(event),
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": hours_minutes(event.ends_at - event.starts_at),
        "room": room.name,
        "slug": event.slug.lower(),
        "url": origin + event.get_absolute_url(),
        "title": event.title,
        "subtitle": event.subtitle,
        "track": topics[0].name if topics else None,
        "type": EVENT_TYPES.get(event.kind, "other"),
        "language": iso_language(language),
        "abstract": event.summary,
        "description": event.description,
        "recording_license": "",
        "do_not_record": None,
        "persons": event_persons(event),
        "links": [],
        "attachments": [],
    }


def main_zone(events: list[Event]) -> str:
    counts = Counter(str(event.zone) for event in events)
    if not counts:
        return DEFAULT_ZONE
    return min(counts, key=lambda zone: (-counts[zone], zone))


def schedule_data(edition: Edition, events: list[Event], *, origin: str, language: str, version: str) -> dict:
    """The c3voc schedule JSON of `events` (`schedule_events(edition)`), in the active language."""
    rooms: dict[Room, None] = {}
    days: dict = {}
    for event in events:
        room = event_room(event)
        rooms.setdefault(room)
        start, end = event.local_start, event.local_end
        day = days.setdefault(start.date(), {"start": start, "end": end, "rooms": {}})
        day["start"], day["end"] = min(day["start"], start), max(day["end"], end)
        day["rooms"].setdefault(room.name, []).append(event_data(event, room=room, origin=origin, language=language))
    dates = sorted(days)
    return {
        "$schema": SCHEMA_URL,
        "generator": GENERATOR,
        "schedule": {
            "version": version,
            "base_url": origin + "/",
            "conference": {
                "acronym": acronym(edition),
                "title": site_calendar_name(edition.name),
                "start": min([edition.start_date, *dates]).isoformat(),
                "end": max([edition.end_date, *dates]).isoformat(),
                "daysCount": len(dates),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": main_zone(events),
                "url": origin + reverse("events:edition", kwargs={"slug": edition.slug}),
                "rooms": [{"name": room.name, "guid": room.guid} for room in rooms],
                "days": [
                    {
                        "index": index,
                        "date": date.isoformat(),
                        "day_start": days[date]["start"].isoformat(),
                        "day_end": days[date]["end"].isoformat(),
                        "rooms": days[date]["rooms"],
                    }
                    for index, date in enumerate(dates, start=1)
                ],
            },
        },
    }


def text_element(parent: ElementTree.Element, tag: str, text, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {name: str(value) for name, value in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


# The event's elements in the order pretalx writes them (its agenda/schedule.xml).
XML_EVENT_FIELDS = (
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "track",
    "type",
    "language",
    "abstract",
    "description",
)


def schedule_xml_bytes(data: dict) -> bytes:
    """The frab/Pentabarf XML of `schedule_data`'s result."""
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = ElementTree.Element("schedule")
    text_element(root, "generator", None, **data["generator"])
    text_element(root, "version", schedule["version"])
    head = text_element(root, "conference", None)
    for tag, key in (
        ("title", "title"),
        ("acronym", "acronym"),
        ("start", "start"),
        ("end", "end"),
        ("days", "daysCount"),
        ("timeslot_duration", "timeslot_duration"),
        ("time_zone_name", "time_zone_name"),
        ("url", "url"),
    ):
        text_element(head, tag, conference[key])
    text_element(head, "base_url", schedule["base_url"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = text_element(
            root, "day", None, index=day["index"], date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, events in day["rooms"].items():
            room_element = text_element(day_element, "room", None, name=room_name, guid=guids[room_name])
            for event in events:
                element = text_element(room_element, "event", None, guid=event["guid"], id=event["id"])
                for field in XML_EVENT_FIELDS:
                    text_element(element, field, event[field])
                persons = text_element(element, "persons", None)
                for person in event["persons"]:
                    text_element(persons, "person", person["public_name"], id=person["id"], guid=person["guid"])
                recording = text_element(element, "recording", None)
                text_element(recording, "license", event["recording_license"])
                text_element(recording, "optout", "false")
                text_element(element, "links", None)
                text_element(element, "attachments", None)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def requested_edition(request: HttpRequest) -> Edition:
    """``?edition=<slug>``, else the current edition; 404 for an unknown slug or no edition at all."""
    slug = request.GET.get("edition", "").strip()
    if slug:
        return get_object_or_404(Edition, slug=slug)
    edition = Edition.objects.current(timeline.edition_today(timeline.now()))
    if edition is None:
        raise Http404("There is no edition yet.")
    return edition


def schedule_for(request: HttpRequest) -> tuple[Edition, dict, str]:
    edition = requested_edition(request)
    language = calendar_language(request.GET.get("lang"))
    changed = page_cache.content_changed_at(request) or timeline.now()
    origin = request.build_absolute_uri("/").removesuffix("/")
    with translation.override(language):
        data = schedule_data(
            edition,
            schedule_events(edition),
            origin=origin,
            language=language,
            # When the content last changed: apps compare versions to see whether anything is new.
            version=changed.strftime("%Y-%m-%d %H:%M:%S"),
        )
    return edition, data, language


def conference_response(content: bytes, *, content_type: str, filename: str, language: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Language"] = language
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def schedule_json(request: HttpRequest) -> HttpResponse:
    """The edition's programme as c3voc schedule JSON (see the module's docstring)."""
    edition, data, language = schedule_for(request)
    content = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return conference_response(
        content, content_type="application/json", filename=f"{edition.slug}.schedule.json", language=language
    )


def schedule_xml(request: HttpRequest) -> HttpResponse:
    """The edition's programme as frab/Pentabarf schedule XML (see the module's docstring)."""
    edition, data, language = schedule_for(request)
    return conference_response(
        schedule_xml_bytes(data),
        content_type="application/xml; charset=utf-8",
        filename=f"{edition.slug}.schedule.xml",
        language=language,
    )
