"""iCalendar feeds: the schedule and single events, built with the icalendar library.

Times are written in the venue city's IANA zone (``DTSTART;TZID=Europe/Berlin:20251107T093000``) with a
VTIMEZONE for every zone used, so calendar apps show the right hour wherever the reader is. Events without a
date (announced "in the coming months") have nothing to put in DTSTART and are left out of every calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from datetime import timezone as dt_timezone

import icalendar
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from events import timeline
from events.forms import ScheduleFilterForm
from events.models import Edition, Event
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


def event_uid(event: Event) -> str:
    """A UID that stays the same across requests, hosts, renames and new slugs: it rests on the primary key."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def event_location(event: Event) -> str:
    """Venue, address and city on one line, joined as the language writes an address; the city only once."""
    venue = event.venue
    lines = [line.strip(" ,，") for line in venue.address.splitlines()]
    city = venue.city.name
    if city and any(city.casefold() in part.casefold() for part in (venue.name, *lines)):
        city = ""
    return address_line([venue.name, *lines, city])


def build_event(event: Event, *, url: str) -> icalendar.Event:
    """One VEVENT, in the active language. The event must be dated and have its venue and city loaded."""
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    # DTSTAMP follows the last change rather than the clock, so the same data always gives the same bytes and a
    # calendar app sees a newer stamp exactly when something changed.
    component.add("dtstamp", event.updated_at.astimezone(dt_timezone.utc))
    component.add("created", event.created_at.astimezone(dt_timezone.utc))
    component.add("last-modified", event.updated_at.astimezone(dt_timezone.utc))
    component.add("sequence", event.sequence)
    component.add("status", STATUSES.get(event.status, "CONFIRMED"))
    component.add("summary", event.title)
    component.add("description", "\n\n".join(part for part in (event.summary.strip(), url) if part))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("location", event_location(event))
    venue = event.venue
    if venue.latitude is not None and venue.longitude is not None:
        component.add("geo", (float(venue.latitude), float(venue.longitude)))
    component.add("url", url)
    topics = [topic.name for topic in event.topics.all()]
    if topics:
        component.add("categories", topics)
    return component


def build_calendar(
    events: Iterable[Event],
    *,
    language: str,
    name: str,
    url_for: Callable[[Event], str],
) -> icalendar.Calendar:
    """A VCALENDAR of the dated events among `events`, titles and texts in `language` (falling back to English).

    `url_for(event)` gives the event page's absolute URL; it is called with `language` active, so `reverse()`
    inside it yields that language's page. Load events with ``with_venue()`` and ``prefetch_related("topics")``
    so that the number of queries does not grow with the number of events.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    days: list[date] = []
    with translation.override(language):
        for event in events:
            if not event.is_dated:
                continue
            calendar.add_component(build_event(event, url=url_for(event)))
            days += [event.local_start.date(), event.local_end.date()]
    if days:
        # Each VTIMEZONE only needs to cover the years the events fall in, which keeps the file short.
        calendar.add_missing_timezones(
            first_date=date(min(days).year, 1, 1),
            last_date=date(max(days).year + 1, 1, 1),
        )
        # Some calendar apps read the file in one pass and need each zone before the events that use it.
        calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar


def calendar_response(calendar: icalendar.Calendar, *, filename: str, language: str) -> HttpResponse:
    """The calendar as a file a browser opens in the calendar app; `filename` must be ASCII."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    # The feeds live outside the language prefix; say which language this one is in.
    response["Content-Language"] = language
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def page_url_for(request: HttpRequest) -> Callable[[Event], str]:
    """Absolute URLs of event pages in the active language, on the host the feed was requested from."""
    return lambda event: request.build_absolute_uri(reverse("events:detail", kwargs={"slug": event.slug}))


def schedule_calendar(request: HttpRequest) -> HttpResponse:
    """Every published, dated event of the current edition, filtered like the schedule page (?city, ?kind, ?topic).

    ``?lang=`` (en, de, zh-hans) chooses the language; anything else gives English. Without an edition the
    calendar is empty rather than missing, so existing subscriptions keep working.
    """
    language = calendar_language(request.GET.get("lang"))
    edition = Edition.objects.current(timeline.edition_today(timeline.now()))
    events = Event.objects.none()
    if edition is not None:
        form = ScheduleFilterForm(request.GET)
        # Invalid filters are ignored, as on the schedule page.
        form.is_valid()
        events = form.filter(
            Event.objects.published().dated().filter(edition=edition).with_venue().prefetch_related("topics")
        ).distinct()
    with translation.override(language):
        site_name = _("China Nanjing Week")
        if edition is None:
            name = site_name
        elif site_name.casefold() in edition.name.casefold():
            # Edition names usually carry the site's name already ("China Nanjing Week 2025").
            name = edition.name
        else:
            name = labelled(site_name, edition.name)
        calendar = build_calendar(events, language=language, name=name, url_for=page_url_for(request))
    filename = f"nanjing-week-{edition.slug}.ics" if edition is not None else "nanjing-week.ics"
    return calendar_response(calendar, filename=filename, language=language)


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One published event as a calendar file. Drafts, unknown slugs and events without a date are not found."""
    language = calendar_language(request.GET.get("lang"))
    event = get_object_or_404(Event.objects.published().with_venue().prefetch_related("topics"), slug=slug)
    if not event.is_dated:
        raise Http404("This event has no date yet.")
    with translation.override(language):
        name = labelled(_("China Nanjing Week"), event.title)
        calendar = build_calendar([event], language=language, name=name, url_for=page_url_for(request))
    return calendar_response(calendar, filename=f"{event.slug}.ics", language=language)
