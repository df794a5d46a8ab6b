"""iCalendar feeds: the schedule, single events, a city's and a venue's events, built with the icalendar library.

Times are written in the venue city's IANA zone (``DTSTART;TZID=Europe/Berlin:20251107T093000``) with a
VTIMEZONE for every zone used (events/calendar_zones.py, from the tz database), so calendar apps show the right
hour wherever the reader is. Events without a date (announced "in the coming months") have nothing to put in
DTSTART and are left out of every calendar.

Every file is an iTIP publication (``METHOD:PUBLISH``, RFC 5546), the feeds as much as the ticket e-mail's
attachment, whose MIME type says ``method=PUBLISH`` too (RFC 6047 wants both to agree). PUBLISH asks for an
ORGANIZER in each event: the organizing committee, the site owner of the Impressum. With a METHOD, DTSTAMP is
when the file was made: for a feed, when the content it shows last changed (the page cache's Last-Modified), so
the same programme gives the same bytes and the same ETag on every server and a 304 to a calendar app that asks
again; LAST-MODIFIED is the event's own last change. ``?alarm=<minutes>`` adds a reminder to each event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from email.utils import parseaddr
from functools import lru_cache

import icalendar
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from events import calendar_zones, timeline
from events.forms import ScheduleFilterForm
from events.models import City, Edition, Event, Topic, Venue
from nanjingweek import page_cache
from nanjingweek.models import SiteOwner
from nanjingweek.typography import address_line, labelled

PRODID = "-//Nanjing Week Organizing Committee//Nanjing Week programme//EN"
# UIDs must not change when the site moves host or an event is renamed, so they rest on the primary key and a
# fixed domain, never on the request's host or the slug.
UID_DOMAIN = "nanjingweek.org"
# Feeds are read by calendar apps that poll; a few minutes of caching spares the database without hiding a
# cancellation for long.
CACHE_SECONDS = 300
# How often subscribed calendar apps should fetch the feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = "PT1H"

# ?alarm=<minutes before the start>: a whole number from 0 (at the start) to a week.
ALARM_MAX_MINUTES = 7 * 24 * 60
ALARM_VALUE = re.compile(r"[0-9]{1,5}")

STATUSES = {
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
    Event.Status.POSTPONED: "TENTATIVE",
}


def calendar_language(code: str | None) -> str:
    """The site language a ``?lang=`` value asks for; English for anything else."""
    known = {language for language, _name in settings.LANGUAGES}
    code = (code or "").strip().lower()
    return code if code in known else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Organizer:
    """Who publishes the calendars (ORGANIZER): a name and an e-mail address."""

    name: str
    email: str


def calendar_organizer() -> Organizer:
    """The organizing committee as the Impressum names it (SiteOwner, in the active language) with its e-mail;
    before anyone has entered it, the committee by name and the address the site's e-mails come from."""
    owner = SiteOwner.objects.get_solo()
    if owner is not None:
        return Organizer(owner.name, owner.email)
    return Organizer(_("The Nanjing Week Organizing Committee"), parseaddr(settings.DEFAULT_FROM_EMAIL)[1])


def alarm_minutes(value: str | None) -> int | None:
    """The reminder a ``?alarm=`` value asks for, in minutes before the start; None for none (absent or empty).

    Raises ValueError for anything else: a subscription that silently lacks the reminder it asked for would be
    found out only when the reminder fails to come."""
    value = (value or "").strip()
    if not value:
        return None
    if not ALARM_VALUE.fullmatch(value) or int(value) > ALARM_MAX_MINUTES:
        raise ValueError(value)
    return int(value)


def event_uid(event: Event) -> str:
    """A UID that stays the same across requests, hosts, renames and new slugs: it rests on the primary key."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def venue_location(venue) -> str:
    """Venue, address and city on one line, joined as the language writes an address; the city only once."""
    lines = [line.strip(" ,，") for line in venue.address.splitlines()]
    city = venue.city.name
    if city and any(city.casefold() in part.casefold() for part in (venue.name, *lines)):
        city = ""
    return address_line([venue.name, *lines, city])


@dataclass(frozen=True)
class EventFacts:
    """Everything one VEVENT says, in the active language. The VEVENT is made of these alone (`vevent`), so equal
    facts give equal lines, and a feed writes the lines of each version of an event once (`vevent_ical`)."""

    uid: str
    created_at: datetime  # in UTC
    updated_at: datetime  # in UTC
    sequence: int
    status: str
    title: str
    description: str
    start: datetime  # in the venue's zone
    end: datetime
    zone: str  # that zone's ID: the same moments in two zones are different lines
    location: str
    geo: tuple[float, float] | None
    url: str
    categories: tuple[str, ...]


# The event's fields `event_facts` reads (besides venue, city, topics and page address): all a feed loads of it.
FACT_FIELDS = (
    "venue",
    "slug",
    "title",
    "summary",
    "status",
    "sequence",
    "starts_at",
    "ends_at",
    "created_at",
    "updated_at",
)


def event_facts(event: Event, *, url: str, locations: dict | None = None) -> EventFacts:
    """What the VEVENT of `event` says, in the active language. The event must be dated, with venue and city.

    `locations` remembers each venue's LOCATION for a calendar of many events at few venues.
    """
    venue = event.venue
    if locations is None:
        location = venue_location(venue)
    elif (location := locations.get(venue.pk)) is None:
        location = locations[venue.pk] = venue_location(venue)
    language = translation.get_language()
    zone = event.zone
    return EventFacts(
        uid=event_uid(event),
        created_at=event.created_at.astimezone(dt_timezone.utc),
        updated_at=event.updated_at.astimezone(dt_timezone.utc),
        sequence=event.sequence,
        status=STATUSES.get(event.status, "CONFIRMED"),
        title=_translated(event, "title", language),
        description="\n\n".join(part for part in (_translated(event, "summary", language).strip(), url) if part),
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone) if event.ends_at else None,
        zone=str(zone),
        location=location,
        geo=(float(venue.latitude), float(venue.longitude))
        if venue.latitude is not None and venue.longitude is not None
        else None,
        url=url,
        categories=tuple(_translated(topic, "name", language) for topic in topics_of(event)),
    )


def _translated(obj, field: str, language: str) -> str:
    """A translated field in `language`, the active one: its own column when filled, else modeltranslation's
    fallback. The same text as ``getattr(obj, field)``, which for a feed of 300 events asks for the language and
    walks the fallbacks a thousand times."""
    return getattr(obj, build_localized_fieldname(field, language), None) or getattr(obj, field)


def topics_of(event: Event):
    """The event's topics: as `with_topics` loaded them (a feed of many events), else its related manager's."""
    return event.topic_list if hasattr(event, "topic_list") else event.topics.all()


def with_topics(events: Iterable[Event]) -> list[Event]:
    """The events, each with its topics as `topic_list`, in their order (by slug). Two small queries, whatever
    the number of events: which topic each event has, then each topic once; a prefetch would make a topic object
    for every event and topic, a third of a feed's time."""
    events = list(events)
    links = Topic.events.through.objects.filter(event__in=[event.pk for event in events])
    pairs = list(links.values_list("event_id", "topic_id"))
    topics = list(Topic.objects.filter(pk__in={topic_id for _event_id, topic_id in pairs}))
    rank = {topic.pk: position for position, topic in enumerate(topics)}
    by_pk = {topic.pk: topic for topic in topics}
    chosen: dict[int, list[int]] = {}
    for event_id, topic_id in pairs:
        chosen.setdefault(event_id, []).append(topic_id)
    for event in events:
        event.topic_list = [by_pk[topic_id] for topic_id in sorted(chosen.get(event.pk, []), key=rank.__getitem__)]
    return events


def vevent(facts: EventFacts, *, stamp: datetime, organizer: Organizer, alarm: int | None = None) -> icalendar.Event:
    """The VEVENT of these facts in a file made at `stamp`, with a reminder `alarm` minutes before the start."""
    component = icalendar.Event()
    component.add("uid", facts.uid)
    component.add("dtstamp", stamp)
    # The committee publishes every event; a name with quotes could not be a parameter value (RFC 5545 3.2).
    component.add("organizer", f"mailto:{organizer.email}", parameters={"CN": organizer.name.replace('"', "")})
    component.add("created", facts.created_at)
    component.add("last-modified", facts.updated_at)
    component.add("sequence", facts.sequence)
    component.add("status", facts.status)
    component.add("summary", facts.title)
    component.add("description", facts.description)
    component.add("dtstart", facts.start)
    component.add("dtend", facts.end)
    component.add("location", facts.location)
    if facts.geo is not None:
        component.add("geo", facts.geo)
    component.add("url", facts.url)
    if facts.categories:
        component.add("categories", list(facts.categories))
    # No reminder of what will not take place.
    if alarm is not None and facts.status != "CANCELLED":
        reminder = icalendar.Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", facts.title)
        reminder.add("trigger", -timedelta(minutes=alarm))
        component.add_component(reminder)
    return component


def build_event(
    event: Event, *, url: str, stamp: datetime, organizer: Organizer, alarm: int | None = None
) -> icalendar.Event:
    """One VEVENT, in the active language. The event must be dated and have its venue and city loaded."""
    return vevent(event_facts(event, url=url), stamp=stamp, organizer=organizer, alarm=alarm)


# The VEVENTs' lines are kept without their DTSTAMP, which differs from file to file: they are written with this
# stamp, and its line is cut out and replaced.
STAMP_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)
STAMP_LINE = b"DTSTAMP:19700101T000000Z\r\n"


def stamp_line(stamp: datetime) -> bytes:
    return b"DTSTAMP:" + icalendar.vDatetime(stamp).to_ical() + b"\r\n"


@lru_cache(maxsize=8192)
def vevent_ical(
    facts: EventFacts, organizer: Organizer, alarm: int | None
) -> tuple[tuple[bytes, bytes], frozenset[str]]:
    """The lines of the VEVENT of these facts before and after its DTSTAMP line, and the zones they name (UTC is
    written as such and needs none).

    icalendar takes a third of a millisecond to make and write one event; a feed of 300 events is, request after
    request, mostly the same events. Keyed by every fact the lines are made of, so a changed event (its title,
    times, venue, topics, language, address of its page) is written anew.
    """
    component = vevent(facts, stamp=STAMP_PLACEHOLDER, organizer=organizer, alarm=alarm)
    before, after = component.to_ical().split(STAMP_LINE)
    zones = frozenset(component[name].params.get("TZID") for name in ("dtstart", "dtend")) - {None}
    return (before, after), zones


def file_stamp(stamp: datetime | None) -> datetime:
    """DTSTAMP: `stamp` (or now), in UTC to the second."""
    return (stamp or timeline.now()).astimezone(dt_timezone.utc).replace(microsecond=0)


def new_calendar(name: str) -> icalendar.Calendar:
    """A VCALENDAR named `name`, with what every feed of the site says about itself and nothing in it yet."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    return calendar


def zone_years(days: list[date]) -> tuple[date, date]:
    """The span each VTIMEZONE covers: only the years the events fall in, which keeps the file short."""
    return date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)


def build_calendar(
    events: Iterable[Event],
    *,
    language: str,
    name: str,
    url_for: Callable[[Event], str],
    stamp: datetime | None = None,
    organizer: Organizer | None = None,
    alarm: int | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR of the dated events among `events`, titles and texts in `language` (falling back to English).

    `url_for(event)` gives the event page's absolute URL; it is called with `language` active, so `reverse()`
    inside it yields that language's page. Load events with ``with_venue()`` and ``prefetch_related("topics")``
    so that the number of queries does not grow with the number of events. `stamp` is when the file is made (now
    if not given), `organizer` who publishes it (`calendar_organizer()` if not given), `alarm` a reminder in
    minutes before each event. `calendar_ical` writes the same calendar, byte for byte, faster: the feeds use that.
    """
    calendar = new_calendar(name)
    days: list[date] = []
    zones: set[str] = set()
    stamp = file_stamp(stamp)
    with translation.override(language):
        organizer = organizer or calendar_organizer()
        for event in events:
            if not event.is_dated:
                continue
            component = build_event(event, url=url_for(event), stamp=stamp, organizer=organizer, alarm=alarm)
            calendar.add_component(component)
            days += [event.local_start.date(), event.local_end.date()]
            zones.update(component[name].params.get("TZID") for name in ("dtstart", "dtend"))
    if days:
        first_date, last_date = zone_years(days)
        # Some calendar apps read the file in one pass and need each zone before the events that use it. In the
        # order of their names, so that the same programme always gives the same bytes.
        calendar.subcomponents[:0] = [
            timezone
            for zone in sorted(zones - {None})
            if (timezone := new_vtimezone(zone, first_date, last_date)) is not None
        ]
    return calendar


def calendar_ical(
    events: Iterable[Event],
    *,
    language: str,
    name: str,
    url_for: Callable[[Event], str],
    stamp: datetime | None = None,
    organizer: Organizer | None = None,
    alarm: int | None = None,
) -> bytes:
    """``build_calendar(...).to_ical()``, byte for byte, with the lines of each event and zone written once
    (`vevent_ical`, `vtimezone_ical`) rather than on every request."""
    days: list[date] = []
    zones: set[str] = set()
    lines: list[bytes] = []
    locations: dict[int, str] = {}
    stamped = stamp_line(file_stamp(stamp))
    with translation.override(language):
        organizer = organizer or calendar_organizer()
        for event in events:
            if not event.is_dated:
                continue
            facts = event_facts(event, url=url_for(event), locations=locations)
            (before, after), named = vevent_ical(facts, organizer, alarm)
            lines += [before, stamped, after]
            days += [facts.start.date(), facts.end.date()]
            zones |= named
    if days:
        first_date, last_date = zone_years(days)
        lines[:0] = [vtimezone_ical(zone, first_date, last_date) for zone in sorted(zones)]
    # A calendar's lines are its own properties, then its components' lines, then its END line.
    end = b"END:VCALENDAR\r\n"
    head = new_calendar(name).to_ical()
    return head.removesuffix(end) + b"".join(lines) + end


def new_vtimezone(zone: str, first_date: date, last_date: date) -> icalendar.Timezone | None:
    """The VTIMEZONE of an IANA zone between two dates (None for a zone the tz database does not know)."""
    return calendar_zones.vtimezone(zone, first_date, last_date)


@lru_cache(maxsize=256)
def vtimezone_ical(zone: str, first_date: date, last_date: date) -> bytes:
    """The lines of `new_vtimezone`, made once: computing one walks the zone's transitions and costs more than a
    hundred events, and the answer depends on the zone and the dates alone."""
    timezone = new_vtimezone(zone, first_date, last_date)
    return timezone.to_ical() if timezone is not None else b""


def calendar_response(ical: bytes, *, filename: str, language: str) -> HttpResponse:
    """The calendar (`calendar_ical`) as a file a browser opens in the calendar app; `filename` must be ASCII."""
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    # The feeds live outside the language prefix; say which language this one is in.
    response["Content-Language"] = language
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def page_url_for(request: HttpRequest) -> Callable[[Event], str]:
    """Absolute URLs of event pages in the active language, on the host the feed was requested from."""
    # What request.build_absolute_uri(path) gives for a path of the site ("/en/events/…/"), with the host read
    # once rather than once an event.
    origin = request.build_absolute_uri("/").removesuffix("/")
    return lambda event: origin + event.get_absolute_url()


def feed_response(
    request: HttpRequest, events: Iterable[Event], *, name: Callable[[], str], filename: str
) -> HttpResponse:
    """A feed of `events`: in the ``?lang=`` language, with the ``?alarm=`` reminder, named `name()` (called in
    that language), stamped when its content last changed. A bad ``?alarm=`` is a 400 saying what is allowed."""
    language = calendar_language(request.GET.get("lang"))
    with translation.override(language):
        try:
            alarm = alarm_minutes(request.GET.get("alarm"))
        except ValueError:
            message = _("The reminder (?alarm=) must be a whole number of minutes from 0 to %(most)d.") % {
                "most": ALARM_MAX_MINUTES
            }
            response = HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
            response["Content-Language"] = language
            return response
        ical = calendar_ical(
            events,
            language=language,
            name=name(),
            url_for=page_url_for(request),
            stamp=page_cache.content_changed_at(request),
            alarm=alarm,
        )
    return calendar_response(ical, filename=filename, language=language)


def feed_events(queryset) -> list[Event]:
    """The published, dated events of `queryset` with what their VEVENTs say: venue and city (the zone and the
    location) and topics, in a number of queries that does not grow with the events."""
    return with_topics(queryset.published().dated().with_places().only(*FACT_FIELDS).distinct())


def site_calendar_name(part: str) -> str:
    """The site's name and `part`, once: "China Nanjing Week: Leipzig"; an edition's name usually has it already."""
    site_name = _("China Nanjing Week")
    return part if site_name.casefold() in part.casefold() else labelled(site_name, part)


def schedule_calendar(request: HttpRequest) -> HttpResponse:
    """Every published, dated event of the current edition, filtered like the schedule page (?city, ?kind, ?topic).

    ``?lang=`` (en, de, zh-hans) chooses the language; anything else gives English. Without an edition the
    calendar is empty rather than missing, so existing subscriptions keep working. Per topic, the schedule's own
    filter is the feed: ``/schedule.ics?topic=<slug>``, which the filtered schedule page links.
    """
    edition = Edition.objects.current(timeline.edition_today(timeline.now()))
    events = []
    if edition is not None:
        form = ScheduleFilterForm(request.GET)
        # Invalid filters are ignored, as on the schedule page.
        form.is_valid()
        # Not the edition, which is the current one.
        events = feed_events(form.filter(Event.objects.filter(edition=edition)))
    filename = f"nanjing-week-{edition.slug}.ics" if edition is not None else "nanjing-week.ics"
    return feed_response(
        request,
        events,
        name=lambda: site_calendar_name(edition.name) if edition is not None else _("China Nanjing Week"),
        filename=filename,
    )


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One published event as a calendar file. Drafts, unknown slugs and events without a date are not found."""
    event = get_object_or_404(Event.objects.published().with_venue().prefetch_related("topics"), slug=slug)
    if not event.is_dated:
        raise Http404("This event has no date yet.")
    return feed_response(
        request, [event], name=lambda: labelled(_("China Nanjing Week"), event.title), filename=f"{event.slug}.ics"
    )


def city_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published, dated event at the city's venues, of every edition, as the city's page lists them."""
    city = get_object_or_404(City, slug=slug)
    events = feed_events(Event.objects.filter(venue__city=city))
    return feed_response(
        request, events, name=lambda: site_calendar_name(city.name), filename=f"nanjing-week-{city.slug}.ics"
    )


def venue_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published, dated event at the venue, of every edition, as the venue's page lists them."""
    venue = get_object_or_404(Venue, slug=slug)
    events = feed_events(Event.objects.filter(venue=venue))
    return feed_response(
        request, events, name=lambda: site_calendar_name(venue.name), filename=f"nanjing-week-{venue.slug}.ics"
    )
