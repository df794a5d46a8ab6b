"""Load the 2025 demo programme (`manage.py load_demo`), idempotently.

Every object is found by a natural key — its slug, or its parent and position — and created or
updated to match `events.demo.content`; a second run changes nothing and adds no rows. Pictures are
drawn only for objects that have none (or whose file has gone missing), so a second run writes no
files. The 2025 programme is fixed in time and is a past edition now. The moving part is the next
edition (`events.demo.upcoming`), dated relative to the day of loading so that the site always has a
future: its first day three weeks ahead, the Dietfurt culture day 30 days ahead (registration open, to
be tried out), the announced Dietfurt encounters, an opening and a dialogue. A run on a later day moves
them (the culture day's registration window too), still as one row each.
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

from events.demo import content, images, upcoming
from events.demo.content import T
from events.demo.news import load_news
from events.demo.outcomes import DEMO_MODELS as OUTCOME_MODELS
from events.demo.outcomes import load as load_outcomes
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
    *OUTCOME_MODELS,
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
        # The day the next edition is dated from: today, or a day after the 2025 edition on an earlier load.
        self.anchor = upcoming.anchor(today)
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
        next_edition = self.load_next_edition()
        self.load_speakers()
        for spec in content.EVENTS:
            self.load_event(next_edition if spec["slug"] in upcoming.MOVED_SLUGS else edition, spec)
        self.load_event(next_edition, self.culture_day_spec())
        for spec in self.upcoming_specs(next_edition):
            self.load_event(next_edition, spec)
        self.load_exhibition(edition)
        self.load_partners(edition)
        load_news(self)  # the press release as news, and the committee's contact record: events/demo/news.py
        load_outcomes(self)  # what came of the 2025 events: events/demo/outcomes.py
        return self.report

    # --- places, topics, organizations, edition -----------------------------------------------------------

    def load_places(self) -> None:
        for spec in content.CITIES:
            self.cities[spec["slug"]] = self.upsert(
                City, {"slug": spec["slug"]}, expand(spec, ("name", "country", "timezone"))
            )
        for spec in content.VENUES:
            values = expand(
                spec,
                (
                    "name",
                    "address",
                    "street_address",
                    "postal_code",
                    "latitude",
                    "longitude",
                    "capacity",
                    "accessibility",
                    "website",
                ),
            )
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
        # The dates choose the current edition (EditionQuerySet.current); an earlier demo pinned 2025 with the
        # organizers' override, which would keep a past edition on the home page for ever.
        values["is_current"] = False
        return self.upsert(Edition, {"slug": spec["slug"]}, values)

    def load_next_edition(self) -> Edition:
        """The edition to come, found by the demo events it holds, so that a load in another year renames it."""
        spec = upcoming.edition(self.anchor)
        values = expand(spec, ("slug", "name", "description", "start_date", "end_date"))
        values["organizer"] = self.organizations[spec["organizer"]]
        ours = (
            Edition.objects.filter(events__slug__in=upcoming.EVENT_SLUGS)
            .exclude(slug=content.EDITION_SLUG)
            .order_by("pk")
            .first()
        )
        taken = ours is not None and Edition.objects.filter(slug=spec["slug"]).exclude(pk=ours.pk).exists()
        lookup = {"pk": ours.pk} if ours is not None and not taken else {"slug": spec["slug"]}
        return self.upsert(Edition, lookup, values)

    def load_speakers(self) -> None:
        for spec in content.SPEAKERS:
            values = expand(spec, ("name", "role", "bio"))
            values["organization"] = self.organizations[spec["organization"]] if spec["organization"] else None
            self.speakers[spec["slug"]] = self.upsert(Speaker, {"slug": spec["slug"]}, values)

    # --- events ---------------------------------------------------------------------------------------------

    def culture_day_spec(self) -> dict:
        """The Dietfurt workshop, 30 days after the day of loading, with registration open from yesterday."""
        spec = dict(content.CULTURE_DAY)
        spec["day"] = self.anchor + timedelta(days=spec.pop("days_ahead"))
        return spec

    @staticmethod
    def upcoming_specs(next_edition: Edition) -> list[dict]:
        """The next edition's other dated events, each on its day counted from the edition's first day."""
        specs = []
        for entry in upcoming.EVENTS:
            spec = dict(entry)
            spec["day"] = next_edition.start_date + timedelta(days=spec.pop("days_after_start"))
            specs.append(spec)
        return specs

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
    """Create or update the demo: the 2025 programme and the next edition; safe to run again (nothing is
    duplicated, no file rewritten).

    `today` (default: today in the site's time zone) anchors the next edition and its events.
    """
    # English is the language of modeltranslation's original columns, whatever the caller's language.
    with translation.override("en"), transaction.atomic():
        return DemoLoader(today=today or timezone.localdate()).run()
