"""Load the 2025 demo programme (`manage.py load_demo`), idempotently.

Every object is found by a natural key — its slug, or its parent and position — and created or
updated to match `events.demo.content`; a second run changes nothing and adds no rows. Pictures are
drawn only for objects that have none (or whose file has gone missing), so a second run writes no
files. The one moving part is the Dietfurt culture day, dated 30 days after the day of loading so
that registration can be tried out: a run on a later day moves it (and its registration window),
still as one row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from events.demo import content, images
from events.demo.content import T
from events.models import City, Edition, Event, Session, Speaker, Topic, Venue
from events.services import CALENDAR_FIELDS, record_event_change
from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from partners.models import (
    Agreement,
    CooperationProject,
    EventRole,
    KeyFigure,
    Organization,
    SisterCityPartnership,
)

# modeltranslation's column suffixes, in the order of settings.MODELTRANSLATION_LANGUAGES.
LANGUAGES = ("en", "de", "zh-hans")

# Banner colours for event pictures that are not a landmark drawing.
SKYLINES = {
    "skyline-munich": ((36, 52, 104), (236, 160, 110)),
    "skyline-stuttgart": ((60, 40, 90), (240, 180, 120)),
    "skyline-nanjing": ((24, 40, 80), (210, 120, 100)),
}

DEMO_MODELS: list[type[models.Model]] = [
    City,
    Venue,
    Topic,
    Organization,
    Edition,
    Speaker,
    Event,
    Session,
    EventRole,
    Exhibition,
    ExhibitionRun,
    Exhibit,
    Comparison,
    SisterCityPartnership,
    CooperationProject,
    Agreement,
    KeyFigure,
]


def translated(name: str, text: T) -> dict[str, str]:
    """`title`, T(...) → {"title_en": …, "title_de": …, "title_zh_hans": …}."""
    values = {"en": text.en, "de": text.de, "zh-hans": text.zh_hans}
    return {build_localized_fieldname(name, language): values[language] for language in LANGUAGES}


def expand(spec: dict, fields: tuple[str, ...]) -> dict:
    """The named fields of a content entry as model values: texts in three columns, the rest as given."""
    values = {}
    for name in fields:
        value = spec.get(name)
        if isinstance(value, T):
            values.update(translated(name, value))
        elif value is not None:
            values[name] = value
    return values


@dataclass
class DemoReport:
    """What a run did: rows created and updated per model, and pictures drawn."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    images: int = 0

    def track(self, obj: models.Model, created: bool) -> None:
        (self.created if created else self.updated)[type(obj).__name__] += 1

    def summary(self) -> str:
        counts = ", ".join(f"{model._meta.verbose_name_plural}: {model.objects.count()}" for model in DEMO_MODELS)
        return (
            f"Demo programme loaded: {sum(self.created.values())} rows created, "
            f"{sum(self.updated.values())} checked or updated, {self.images} pictures drawn.\n{counts}"
        )


def local(day: date, hour_minute: tuple[int, int], zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(*hour_minute), tzinfo=zone)


class DemoLoader:
    def __init__(self, *, today: date) -> None:
        self.today = today
        self.report = DemoReport()
        self.cities: dict[str, City] = {}
        self.venues: dict[str, Venue] = {}
        self.topics: dict[str, Topic] = {}
        self.organizations: dict[str, Organization] = {}
        self.speakers: dict[str, Speaker] = {}
        self.events: dict[str, Event] = {}
        self.exhibits: dict[str, Exhibit] = {}

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        obj, created = model.objects.update_or_create(**lookup, defaults=values)
        self.report.track(obj, created)
        return obj

    def picture(self, obj: models.Model, field_name: str, filename: str, make_bytes) -> None:
        """Draw a picture only if the object has none, or its file is gone (e.g. a fresh MEDIA_ROOT)."""
        file = getattr(obj, field_name)
        if file and file.storage.exists(file.name):
            return
        # Named: Django 5.2 reads width and height from the assigned content, and skips an unnamed one.
        file.save(filename, ContentFile(make_bytes(), name=filename), save=True)
        self.report.images += 1

    def run(self) -> DemoReport:
        self.load_places()
        self.load_organizations()
        edition = self.load_edition()
        self.load_speakers()
        for spec in content.EVENTS:
            self.load_event(edition, spec)
        self.load_event(edition, self.culture_day_spec())
        self.load_exhibition(edition)
        self.load_partners(edition)
        return self.report

    # --- places, topics, organizations, edition -----------------------------------------------------------

    def load_places(self) -> None:
        for spec in content.CITIES:
            self.cities[spec["slug"]] = self.upsert(
                City, {"slug": spec["slug"]}, expand(spec, ("name", "country", "timezone"))
            )
        for spec in content.VENUES:
            values = expand(spec, ("name", "address", "latitude", "longitude", "capacity", "accessibility", "website"))
            values["city"] = self.cities[spec["city"]]
            self.venues[spec["slug"]] = self.upsert(Venue, {"slug": spec["slug"]}, values)
        for spec in content.TOPICS:
            self.topics[spec["slug"]] = self.upsert(Topic, {"slug": spec["slug"]}, expand(spec, ("name",)))

    def load_organizations(self) -> None:
        for spec in content.ORGANIZATIONS:
            values = expand(spec, ("name", "kind", "country", "website", "description"))
            values["city"] = self.cities[spec["city"]] if spec["city"] else None
            name: T = spec["name"]
            values.update(
                translated(
                    "logo_alt",
                    T(f"Logo: {name.en}", f"Logo: {name.de}", f"标志：{name.zh_hans}"),
                )
            )
            organization = self.upsert(Organization, {"slug": spec["slug"]}, values)
            self.picture(
                organization,
                "logo",
                f"{spec['slug']}.png",
                lambda spec=spec: images.logo_png(spec["logo_text"], spec["logo_color"]),
            )
            self.organizations[spec["slug"]] = organization

    def load_edition(self) -> Edition:
        spec = content.EDITION
        values = expand(spec, ("name", "theme", "description", "start_date", "end_date"))
        values["organizer"] = self.organizations[spec["organizer"]]
        existing = Edition.objects.filter(slug=spec["slug"]).first()
        if existing is None:
            # The demo edition becomes the current one unless an organizer has already chosen another.
            values["is_current"] = not Edition.objects.filter(is_current=True).exists()
        return self.upsert(Edition, {"slug": spec["slug"]}, values)

    def load_speakers(self) -> None:
        for spec in content.SPEAKERS:
            values = expand(spec, ("name", "role", "bio"))
            values["organization"] = self.organizations[spec["organization"]] if spec["organization"] else None
            self.speakers[spec["slug"]] = self.upsert(Speaker, {"slug": spec["slug"]}, values)

    # --- events ---------------------------------------------------------------------------------------------

    def culture_day_spec(self) -> dict:
        """The Dietfurt workshop, 30 days after the day of loading, with registration open from yesterday."""
        spec = dict(content.CULTURE_DAY)
        spec["day"] = self.today + timedelta(days=spec.pop("days_ahead"))
        return spec

    def load_event(self, edition: Edition, spec: dict) -> Event:
        venue = self.venues[spec["venue"]]
        zone = venue.city.zone
        values = expand(
            spec,
            (
                "kind",
                "title",
                "subtitle",
                "theme",
                "summary",
                "description",
                "announced_period",
                "image_alt",
                "participant_count",
                "capacity",
            ),
        )
        values.update(edition=edition, venue=venue, status=Event.Status.PUBLISHED)
        day = spec["day"]
        if day is None:
            values.update(starts_at=None, ends_at=None)
        else:
            values.update(starts_at=local(day, spec["start"], zone), ends_at=local(day, spec["end"], zone))
        if spec["slug"] == content.CULTURE_DAY_SLUG:
            # Open since the start of yesterday (stable for a whole day of reloads); closes a day before.
            values.update(
                registration_required=True,
                registration_opens_at=local(self.today - timedelta(days=1), (0, 0), zone),
                registration_closes_at=values["starts_at"] - timedelta(days=1),
            )
        before = self.calendar_state(spec["slug"])
        event = self.upsert(Event, {"slug": spec["slug"]}, values)
        if before is not None:
            # A moved event (the culture day on a later day of loading) tells subscribed calendars so.
            after = self.calendar_state(spec["slug"])
            record_event_change(event, changed_fields=[name for name in before if before[name] != after[name]])
        event.topics.set([self.topics[slug] for slug in spec["topics"]])
        if spec.get("image"):
            self.picture(event, "image", f"{spec['slug']}.jpg", lambda: self.event_picture(spec["image"]))
        for order, (organization, role) in enumerate(spec["roles"], start=1):
            self.upsert(
                EventRole,
                {"event": event, "organization": self.organizations[organization], "role": role},
                {"order": order},
            )
        for order, session_spec in enumerate(spec["sessions"], start=1):
            session_values = expand(session_spec, ("title", "description", "room"))
            session_values.update(
                starts_at=local(day, session_spec["start"], zone),
                ends_at=local(day, session_spec["end"], zone),
            )
            session = self.upsert(Session, {"event": event, "order": order}, session_values)
            session.speakers.set([self.speakers[slug] for slug in session_spec["speakers"]])
        self.events[spec["slug"]] = event
        return event

    @staticmethod
    def calendar_state(slug: str) -> dict | None:
        """The fields a calendar entry shows, as stored, keyed by field name (None if no such event yet)."""
        names = sorted(CALENDAR_FIELDS)
        row = Event.objects.filter(slug=slug).values_list(*(Event._meta.get_field(n).attname for n in names)).first()
        return None if row is None else dict(zip(names, row, strict=True))

    @staticmethod
    def event_picture(name: str) -> bytes:
        if name in SKYLINES:
            return images.skyline_jpeg(name, *SKYLINES[name])
        return images.drawing_jpeg(name)

    # --- the exhibition -------------------------------------------------------------------------------------

    def load_exhibition(self, edition: Edition) -> Exhibition:
        spec = content.EXHIBITION
        values = expand(spec, ("title", "description", "cover_alt"))
        values.update(edition=edition, is_published=True)
        exhibition = self.upsert(Exhibition, {"slug": spec["slug"]}, values)
        self.picture(exhibition, "cover_image", f"{spec['slug']}.jpg", lambda: images.drawing_jpeg(spec["cover"]))
        exhibition.organizers.set([self.organizations[slug] for slug in spec["organizers"]])
        exhibition.related_events.set([self.events[slug] for slug in spec["related_events"]])
        for run in spec["runs"]:
            values = expand(run, ("first_day", "last_day", "is_extension", "opening_hours"))
            self.upsert(ExhibitionRun, {"exhibition": exhibition, "venue": self.venues[run["venue"]]}, values)
        for order, exhibit_spec in enumerate(content.EXHIBITS, start=1):
            values = expand(exhibit_spec, ("title", "description", "period", "image_alt"))
            values.update(translated("credit", content.ILLUSTRATION_CREDIT))
            values["city_of_origin"] = self.cities[exhibit_spec["city"]]
            exhibit = self.upsert(Exhibit, {"exhibition": exhibition, "order": order}, values)
            self.picture(
                exhibit,
                "image",
                f"{exhibit_spec['key']}.jpg",
                lambda exhibit_spec=exhibit_spec: images.drawing_jpeg(exhibit_spec["drawing"]),
            )
            self.exhibits[exhibit_spec["key"]] = exhibit
        for order, comparison in enumerate(content.COMPARISONS, start=1):
            values = expand(comparison, ("title", "commentary"))
            values.update(
                left_exhibit=self.exhibits[comparison["left"]], right_exhibit=self.exhibits[comparison["right"]]
            )
            self.upsert(Comparison, {"exhibition": exhibition, "order": order}, values)
        return exhibition

    # --- partnership, projects, agreements, figures -----------------------------------------------------------

    def load_partners(self, edition: Edition) -> None:
        spec = content.PARTNERSHIP
        city_a, city_b = self.cities[spec["city_a"]], self.cities[spec["city_b"]]
        values = {"since_year": spec["since_year"], **translated("description", spec["description"])}
        # One partnership per pair of cities, whichever way round it was entered.
        partnership = SisterCityPartnership.objects.filter(
            Q(city_a=city_a, city_b=city_b) | Q(city_a=city_b, city_b=city_a)
        ).first()
        if partnership is None:
            self.upsert(SisterCityPartnership, {"city_a": city_a, "city_b": city_b}, values)
        else:
            self.upsert(SisterCityPartnership, {"pk": partnership.pk}, values)

        nanjing = self.cities["nanjing"]
        for project in content.COMPANY_PROJECTS:
            values = expand(project, ("description", "year"))
            values.update(sector=self.topics[project["sector"]], **translated("title", project["title"]))
            self.upsert(
                CooperationProject,
                {
                    "organization": self.organizations[project["organization"]],
                    "city": nanjing,
                    "title_en": project["title"].en,
                },
                values,
            )
        commerce_bureau = self.organizations["nanjing-commerce-bureau"]
        for sector, title, investment in content.MAY_PROJECTS:
            amount, currency = (Decimal(investment[0]), investment[1]) if investment else (None, "")
            values = {
                **translated("title", title),
                **translated("description", content.MAY_PROJECTS_DESCRIPTION),
                "sector": self.topics[sector],
                "year": 2025,
                "investment_amount": amount,
                "investment_currency": currency,
            }
            self.upsert(
                CooperationProject,
                {"organization": commerce_bureau, "city": nanjing, "title_en": title.en},
                values,
            )

        stuttgart_forum = self.events[content.STUTTGART_SLUG]
        signed_on = stuttgart_forum.local_start.date()
        for order, (sector, title) in enumerate(content.AGREEMENTS, start=1):
            values = {**translated("title", title), "sector": self.topics[sector], "signed_on": signed_on}
            self.upsert(Agreement, {"event": stuttgart_forum, "order": order}, values)

        for order, figure in enumerate(content.KEY_FIGURES, start=1):
            values = expand(figure, ("label", "value", "currency", "unit_en", "unit_de", "unit_zh_hans"))
            values.update(as_of=content.KEY_FIGURES_AS_OF, **translated("source", content.KEY_FIGURES_SOURCE))
            self.upsert(KeyFigure, {"edition": edition, "order": order}, values)


def load_demo(*, today: date | None = None) -> DemoReport:
    """Create or update the 2025 demo programme; safe to run again (nothing is duplicated, no file rewritten).

    `today` (default: today in the site's time zone) anchors the one event dated relative to loading.
    """
    # English is the language of modeltranslation's original columns, whatever the caller's language.
    with translation.override("en"), transaction.atomic():
        return DemoLoader(today=today or timezone.localdate()).run()
