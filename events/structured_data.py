"""schema.org Event data (JSON-LD) for search engines, built from the same objects the page shows.

What Google's Event rich result asks for (https://developers.google.com/search/docs/appearance/structured-data/event):
name, startDate and location are required; description, endDate, eventStatus, eventAttendanceMode, image, offers,
organizer and performer are recommended. An event announced without a date gets no Event at all (its page has its
BreadcrumbList only): an Event without startDate is an error, and an EventSeries is an Event to a search engine too.

`offers.availability` comes from the registration state the page shows beside it (events/registrations.py), in
the same rendering: the event's page is cached until its registrations change (content version
"registrations:<slug>") or registration opens or closes (nanjingweek/page_clock.py), so the data never says
"seats left" while the page says "full". No list page carries an Event with offers: the schedule is not rendered
again when a seat is taken.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language

from events.registrations import RegistrationState
from nanjingweek.structured_data import image_url, organization_data, script_safe, site_organization
from nanjingweek.typography import labelled

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "published": f"{SCHEMA}EventScheduled",
    "cancelled": f"{SCHEMA}EventCancelled",
    "postponed": f"{SCHEMA}EventPostponed",
}
# Registration state → offer availability (the values Google reads). Full: the waiting list takes no seat.
AVAILABILITY = {
    RegistrationState.NOT_REQUIRED: f"{SCHEMA}InStock",
    RegistrationState.OPEN: f"{SCHEMA}InStock",
    RegistrationState.NOT_OPEN_YET: f"{SCHEMA}PreOrder",
    RegistrationState.FULL: f"{SCHEMA}SoldOut",
    RegistrationState.CLOSED: f"{SCHEMA}SoldOut",
}
OFFLINE = f"{SCHEMA}OfflineEventAttendanceMode"


def place_data(venue, *, absolute_url) -> dict:
    """A schema.org Place with its PostalAddress in parts; a venue without its street entered gives its whole
    address as the street, which is better than none."""
    address = {"@type": "PostalAddress", "streetAddress": venue.street_address or venue.address}
    if venue.postal_code:
        address["postalCode"] = venue.postal_code
    address.update(addressLocality=venue.city.name, addressCountry=venue.city.country)
    if not address["streetAddress"]:
        del address["streetAddress"]
    data = {"@type": "Place", "name": venue.name, "url": absolute_url(venue.get_absolute_url()), "address": address}
    if venue.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def offer_data(event, registration, *, absolute_url) -> dict | None:
    """Free admission, as every event of the week is, with where to register and whether one still can."""
    availability = AVAILABILITY.get(registration.code)
    if availability is None:
        return None  # cancelled: nothing on offer
    page = reverse("events:register", kwargs={"slug": event.slug}) if event.registration_required else None
    data = {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": availability,
        "url": absolute_url(page or event.get_absolute_url()),
    }
    if event.registration_required and event.registration_opens_at:
        data["validFrom"] = event.registration_opens_at.astimezone(event.zone).isoformat()
    closes_at = registration.closes_at or (event.registration_closes_at if event.registration_required else None)
    if closes_at:
        data["validThrough"] = closes_at.astimezone(event.zone).isoformat()
    return data


def event_json_ld(event, *, absolute_url, registration, speakers=(), previous_start=None) -> SafeString | None:
    """A schema.org Event in the page's language, or None for an event without a date (see the module's docstring).

    `registration` is the page's RegistrationState, `speakers` the agenda's speakers in order (performers);
    `previous_start` the start it had before it was postponed, if it moved (EventQuerySet.with_previous_start)."""
    if not event.is_dated:
        return None
    venue = event.venue
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": event.local_start.isoformat(),
        "eventStatus": EVENT_STATUS.get(event.status, EVENT_STATUS["published"]),
        "eventAttendanceMode": OFFLINE,
        "inLanguage": get_language(),
        "location": place_data(venue, absolute_url=absolute_url),
        "image": [image_url(event.image, absolute_url=absolute_url)],
        "superEvent": {
            "@type": "EventSeries",
            "name": event.edition.name,
            "url": absolute_url(event.edition.get_absolute_url()),
            "startDate": event.edition.start_date.isoformat(),
            "endDate": event.edition.end_date.isoformat(),
        },
    }
    if event.ends_at:
        data["endDate"] = event.local_end.isoformat()
    if event.status == "postponed" and previous_start is not None and previous_start != event.starts_at:
        data["previousStartDate"] = previous_start.astimezone(event.zone).isoformat()
    # Failing its own texts, what the page's meta description says: the title and the place.
    description = event.summary or Truncator(event.description).chars(300) or event.subtitle
    description = description or labelled(event.title, str(venue))
    data["description"] = description
    offer = offer_data(event, registration, absolute_url=absolute_url)
    if offer:
        data["offers"] = offer
    organizers = [role.organization for role in getattr(event, "partner_roles", []) if role.role == "organizer"]
    if not organizers and event.edition.organizer_id:
        organizers = [event.edition.organizer]
    data["organizer"] = [organization_data(org, absolute_url=absolute_url) for org in organizers] or [
        site_organization(absolute_url=absolute_url)
    ]
    if speakers:
        data["performer"] = [
            {"@type": "Person", "name": speaker.name, "url": absolute_url(speaker.get_absolute_url())}
            for speaker in speakers
        ]
    return script_safe(data)


def exhibition_json_ld(exhibition, *, absolute_url) -> list[SafeString]:
    """One schema.org ExhibitionEvent per run of the exhibition (its first to its last day at a venue), in the
    page's language; a run is a period of days, so the dates carry no time. Nothing for an exhibition without runs."""
    organizers = [organization_data(org, absolute_url=absolute_url) for org in exhibition.organizers.all()]
    blocks = []
    for run in exhibition.schedule:
        data = {
            "@context": "https://schema.org",
            "@type": "ExhibitionEvent",
            "name": exhibition.title,
            "url": absolute_url(exhibition.get_absolute_url()),
            "startDate": run.first_day.isoformat(),
            "endDate": run.last_day.isoformat(),
            "eventStatus": EVENT_STATUS["published"],
            "eventAttendanceMode": OFFLINE,
            "inLanguage": get_language(),
            "location": place_data(run.venue, absolute_url=absolute_url),
            "image": [image_url(exhibition.cover_image, absolute_url=absolute_url)],
            "organizer": organizers or [site_organization(absolute_url=absolute_url)],
        }
        if exhibition.description:
            data["description"] = Truncator(exhibition.description).chars(300)
        blocks.append(script_safe(data))
    return blocks
