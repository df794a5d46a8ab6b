"""Builders for tests: plain functions that make valid objects, with keyword overrides."""

import io
import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import City, Edition, Event, EventPhoto, Registration, Session, Speaker, Topic, Venue
from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from nanjingweek.models import NewsArticle, SiteOwner
from partners.models import (
    Agreement,
    CooperationProject,
    EventRole,
    KeyFigure,
    Organization,
    SisterCityPartnership,
)

_counter = itertools.count(1000)  # four digits, so default slugs sort in creation order

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def image_file(name="picture.png", size=(64, 48), image_format="PNG", color=(140, 28, 19)) -> SimpleUploadedFile:
    """A real image made with Pillow, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}.get(image_format, "image/png")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_organization(**overrides) -> Organization:
    slug = overrides.pop("slug", unique("organization"))
    values = {"name_en": f"Organization {slug}", "kind": Organization.Kind.ENTERPRISE, "country": "DE"}
    values.update(overrides)
    return Organization.objects.create(slug=slug, **values)


def make_edition(**overrides) -> Edition:
    slug = overrides.pop("slug", unique("edition"))
    values = {
        "name_en": f"China Nanjing Week {slug}",
        "theme_en": "phased linkage, multi-integration",
        "start_date": date(2025, 11, 1),
        "end_date": date(2025, 11, 30),
    }
    values.update(overrides)
    return Edition.objects.create(slug=slug, **values)


def make_city(**overrides) -> City:
    slug = overrides.pop("slug", unique("city"))
    values = {"name_en": f"City {slug}", "country": "DE", "timezone": "Europe/Berlin"}
    values.update(overrides)
    return City.objects.create(slug=slug, **values)


def make_venue(**overrides) -> Venue:
    slug = overrides.pop("slug", unique("venue"))
    if "city" not in overrides:
        overrides["city"] = make_city()
    values = {"name_en": f"Venue {slug}", "address_en": "Augustusplatz 10, 04109 Leipzig"}
    values.update(overrides)
    return Venue.objects.create(slug=slug, **values)


def make_topic(**overrides) -> Topic:
    slug = overrides.pop("slug", unique("topic"))
    values = {"name_en": f"Topic {slug}"}
    values.update(overrides)
    return Topic.objects.create(slug=slug, **values)


def make_event(**overrides) -> Event:
    """A published, dated event in Leipzig (Europe/Berlin) unless told otherwise.

    Without an edition it gets one of its own that holds its date (November 2025, or wider), as Event.clean
    requires: an event lies within its edition's first and last day.
    """
    slug = overrides.pop("slug", unique("event"))
    starts_at = overrides.pop("starts_at", datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    if "edition" not in overrides:
        days = {"start_date": date(2025, 11, 1), "end_date": date(2025, 11, 30)}
        if starts_at is not None:
            # A day either side: the venue's local date may differ from the date in UTC.
            last = max(starts_at, overrides.get("ends_at") or starts_at + timedelta(hours=8))
            days = {
                "start_date": min(days["start_date"], starts_at.date() - timedelta(days=1)),
                "end_date": max(days["end_date"], last.date() + timedelta(days=1)),
            }
        overrides["edition"] = make_edition(**days)
    if "venue" not in overrides:
        overrides["venue"] = make_venue()
    values = {
        "title_en": f"Event {slug}",
        "kind": Event.Kind.FORUM,
        "status": Event.Status.PUBLISHED,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=8) if starts_at else None,
    }
    if starts_at is None:
        values["announced_period_en"] = "in the coming months"
    values.update(overrides)
    return Event.objects.create(slug=slug, **values)


def make_speaker(**overrides) -> Speaker:
    slug = overrides.pop("slug", unique("speaker"))
    values = {"name_en": f"Speaker {slug}", "role_en": "Director"}
    values.update(overrides)
    return Speaker.objects.create(slug=slug, **values)


def make_session(**overrides) -> Session:
    if "event" not in overrides:
        overrides["event"] = make_event()
    event = overrides["event"]
    values = {
        "title_en": unique("Session"),
        "starts_at": event.starts_at,
        "ends_at": event.starts_at + timedelta(hours=1) if event.starts_at else None,
    }
    values.update(overrides)
    return Session.objects.create(**values)


def make_event_role(**overrides) -> EventRole:
    if "event" not in overrides:
        overrides["event"] = make_event()
    if "organization" not in overrides:
        overrides["organization"] = make_organization()
    overrides.setdefault("role", EventRole.Role.ORGANIZER)
    return EventRole.objects.create(**overrides)


def make_exhibition(**overrides) -> Exhibition:
    slug = overrides.pop("slug", unique("exhibition"))
    values = {"title_en": f"Exhibition {slug}", "is_published": True}
    values.update(overrides)
    return Exhibition.objects.create(slug=slug, **values)


def make_exhibition_run(**overrides) -> ExhibitionRun:
    if "exhibition" not in overrides:
        overrides["exhibition"] = make_exhibition()
    if "venue" not in overrides:
        overrides["venue"] = make_venue()
    values = {"first_day": date(2025, 11, 7), "last_day": date(2025, 11, 20)}
    values.update(overrides)
    return ExhibitionRun.objects.create(**values)


def make_exhibit(**overrides) -> Exhibit:
    if "exhibition" not in overrides:
        overrides["exhibition"] = make_exhibition()
    values = {"title_en": unique("Exhibit")}
    values.update(overrides)
    return Exhibit.objects.create(**values)


def make_comparison(**overrides) -> Comparison:
    if "exhibition" not in overrides:
        overrides["exhibition"] = make_exhibition()
    exhibition = overrides["exhibition"]
    if "left_exhibit" not in overrides:
        overrides["left_exhibit"] = make_exhibit(exhibition=exhibition)
    if "right_exhibit" not in overrides:
        overrides["right_exhibit"] = make_exhibit(exhibition=exhibition)
    overrides.setdefault("commentary_en", "Two ways of keeping a city's walls alive.")
    return Comparison.objects.create(**overrides)


def make_partnership(**overrides) -> SisterCityPartnership:
    if "city_a" not in overrides:
        overrides["city_a"] = make_city(timezone="Asia/Shanghai", country="CN")
    if "city_b" not in overrides:
        overrides["city_b"] = make_city()
    overrides.setdefault("since_year", 1988)
    return SisterCityPartnership.objects.create(**overrides)


def make_project(**overrides) -> CooperationProject:
    if "organization" not in overrides:
        overrides["organization"] = make_organization()
    if "city" not in overrides:
        overrides["city"] = make_city(timezone="Asia/Shanghai", country="CN")
    values = {
        "title_en": unique("Project"),
        "year": 2024,
        "investment_amount": Decimal("1000000.00"),
        "investment_currency": "EUR",
    }
    values.update(overrides)
    return CooperationProject.objects.create(**values)


def make_agreement(**overrides) -> Agreement:
    values = {"title_en": unique("Agreement"), "signed_on": date(2025, 3, 20)}
    values.update(overrides)
    return Agreement.objects.create(**values)


def make_key_figure(**overrides) -> KeyFigure:
    values = {"label_en": "German projects in Nanjing", "value": Decimal(309), "unit_en": "projects"}
    values.setdefault("as_of", date(2025, 11, 1))
    values.update(overrides)
    return KeyFigure.objects.create(**values)


def make_event_photo(**overrides) -> EventPhoto:
    """A gallery photo (a real PNG, so renditions can be made) with English alt text."""
    if "event" not in overrides:
        overrides["event"] = make_event()
    values = {"image": image_file(unique("photo") + ".png"), "image_alt_en": "Guests at the forum"}
    values.update(overrides)
    return EventPhoto.objects.create(**values)


def make_attendee(**overrides) -> Registration:
    """A confirmed registration checked in at the door (an attendee of the event)."""
    if "event" not in overrides:
        overrides["event"] = make_event()
    event = overrides["event"]
    number = next(_counter)
    moment = event.starts_at or datetime(2025, 11, 7, 9, 0, tzinfo=BERLIN)
    values = {
        "name": f"Attendee {number}",
        "email": f"attendee-{number}@example.org",
        "status": Registration.Status.CONFIRMED,
        "confirmed_at": moment - timedelta(days=7),
        "checked_in_at": moment,
        "organization_kind": Registration.OrganizationKind.ENTERPRISE,
        "country": "DE",
    }
    values.update(overrides)
    return Registration.objects.create(**values)


def make_news_article(**overrides) -> NewsArticle:
    """A published article, dated 12 November 2025 unless told otherwise."""
    slug = overrides.pop("slug", unique("news"))
    values = {
        "title_en": f"News {slug}",
        "lead_en": "Seventy representatives met in Leipzig.",
        "body_en": "The forum took place.\n\nThe exhibition moves to Leipzig University.",
        "status": NewsArticle.Status.PUBLISHED,
        "published_at": datetime(2025, 11, 12, 10, 0, tzinfo=SHANGHAI),
    }
    values.update(overrides)
    return NewsArticle.objects.create(slug=slug, **values)


def make_site_owner(**overrides) -> SiteOwner:
    """The site's one owner record: the organizing committee in Nanjing."""
    values = {
        "name_en": "Nanjing Week Organizing Committee",
        "name_zh_hans": "南京周组委会",
        "address_en": "88 Zhongshan Road\n210005 Nanjing\nChina",
        "email": "info@nanjingweek.example",
        "content_responsible_en": "Wang Fang",
    }
    values.update(overrides)
    return SiteOwner.objects.create(**values)
