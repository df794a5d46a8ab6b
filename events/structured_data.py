"""schema.org Event data (JSON-LD) for search engines, built from the same objects the page shows."""

import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

EVENT_STATUS = {
    "published": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


def event_json_ld(event, *, absolute_url) -> str:
    """A schema.org Event with offsets in its times, its place, organizers and edition, safe inside <script>."""
    venue = event.venue
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "eventStatus": EVENT_STATUS.get(event.status, EVENT_STATUS["published"]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": get_language(),
        "location": {
            "@type": "Place",
            "name": venue.name,
            "url": absolute_url(venue.get_absolute_url()),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "addressLocality": venue.city.name,
                "addressCountry": venue.city.country,
            },
        },
        "superEvent": {
            "@type": "EventSeries",
            "name": event.edition.name,
            "url": absolute_url(event.edition.get_absolute_url()),
            "startDate": event.edition.start_date.isoformat(),
            "endDate": event.edition.end_date.isoformat(),
        },
    }
    if event.is_dated:
        data["startDate"] = event.local_start.isoformat()
        data["endDate"] = event.local_end.isoformat()
    if event.summary:
        data["description"] = event.summary
    if venue.latitude is not None:
        data["location"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    organizers = [role.organization for role in getattr(event, "partner_roles", []) if role.role == "organizer"]
    if organizers:
        data["organizer"] = [
            {"@type": "Organization", "name": org.name, "url": absolute_url(org.get_absolute_url())}
            for org in organizers
        ]
    if event.image:
        data["image"] = absolute_url(event.image.url)
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308 - escaped
