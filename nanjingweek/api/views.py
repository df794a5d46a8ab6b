"""The API's operations: thin, reading through the apps' QuerySets; each resource in the language asked for.

The language is active while an operation runs (urls.py activates it before the page cache looks for the
response), so `get_absolute_url()` gives the page in that language and `translation.get_language()` is the one
the texts are read in.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic import AwareDatetime, Field, field_validator

from events import timeline
from events.forms import ScheduleFilterForm
from events.models import City, Edition, Event, Session, Speaker, Venue
from exhibitions.models import Exhibition
from nanjingweek.api import schemas
from nanjingweek.api.languages import translated
from nanjingweek.models import NewsArticle
from partners.models import EventRole, KeyFigure, Organization

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
# Far beyond any list we have, and within what every database takes as an OFFSET.
MAX_OFFSET = 1_000_000


class Utf8JSON(JSONRenderer):
    # Chinese and German as they are, not \uXXXX escapes: a third of the size for a Chinese answer.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Nanjing Week API",
    version="1",
    description=(
        "Read-only public data of China Nanjing Week: editions, the programme, venues, speakers, exhibitions, "
        "partners, key figures and news, in English, German or Simplified Chinese (?lang= or Accept-Language)."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    renderer=Utf8JSON(),
)


class ApiError(Exception):
    """A request the API cannot answer as asked: a 422 with a message for each parameter at fault."""

    def __init__(self, problems: list[dict]):
        self.problems = problems


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return api.create_response(request, {"errors": exc.problems}, status=422)


def _parameter_message(name: str) -> str:
    messages = {
        "updated_since": _("Give a date and time in ISO 8601 with its offset, e.g. 2025-11-07T09:30:00+01:00."),
        "limit": _("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT},
        "offset": _("Give a whole number from 0 to %(max)d.") % {"max": MAX_OFFSET},
        "lang": _("Choose one of the languages en, de and zh-hans."),
    }
    return messages.get(name, _("This value is not valid."))


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    """Ninja's own check of the parameters (types, ranges), reported as ours are, in the language asked for."""
    problems = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        name = location[-1] if len(location) > 1 else ".".join(location)
        problems.append({"parameter": name, "message": _parameter_message(name)})
    return api.create_response(request, {"errors": problems}, status=422)


class Paging(schemas.Schema):
    lang: schemas.LanguageCode | None = Field(None, description="The language; else Accept-Language; else en.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(request, queryset, paging: Paging, item) -> dict:
    """One page of `queryset`, its items made by `item(obj)`, with the total and the neighbours' URLs."""
    count = queryset.count()
    objects = list(queryset[paging.offset : paging.offset + paging.limit])

    def url(offset):
        query = request.GET.copy()
        query["offset"] = str(offset)
        query["limit"] = str(paging.limit)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    end = paging.offset + len(objects)
    return {
        "count": count,
        "next": url(end) if end < count else None,
        "previous": url(max(0, paging.offset - paging.limit)) if paging.offset > 0 else None,
        "items": [item(obj) for obj in objects],
    }


def texts(obj, *fields):
    return translated(obj, fields, get_language())


def absolute(request, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())


def time_span(start, end, zone) -> dict | None:
    if start is None:
        return None
    return {"start": start.astimezone(zone), "end": end.astimezone(zone), "time_zone": str(zone)}


def city_data(request, city) -> dict:
    return {
        **texts(city, "name"),
        "slug": city.slug,
        "country": city.country,
        "time_zone": city.timezone,
        "url": absolute(request, city),
    }


def venue_data(request, venue) -> dict:
    return {
        **texts(venue, "name", "address", "accessibility"),
        "slug": venue.slug,
        "city": city_data(request, venue.city),
        "latitude": float(venue.latitude) if venue.latitude is not None else None,
        "longitude": float(venue.longitude) if venue.longitude is not None else None,
        "capacity": venue.capacity,
        "website": venue.website,
        "url": absolute(request, venue),
    }


def event_data(request, event) -> dict:
    return {
        **texts(event, "title", "subtitle", "theme", "summary", "announced_period"),
        "slug": event.slug,
        "url": absolute(request, event),
        "edition": event.edition.slug,
        "kind": event.kind,
        "status": event.status,
        "time": time_span(event.starts_at, event.ends_at, event.venue.city.zone),
        "venue": venue_data(request, event.venue),
        "topics": [{**texts(topic, "name"), "slug": topic.slug} for topic in event.topics.all()],
        "updated_at": event.updated_at,
    }


@api.get("/", response=schemas.IndexOut, summary="What the API offers", tags=["index"])
def index(request):
    resources = ("editions", "events", "cities", "venues", "speakers", "exhibitions", "partners", "key-figures", "news")
    root = request.build_absolute_uri(request.path)
    return {
        "resources": {name: f"{root}{name}" for name in resources},
        "openapi": f"{root}openapi.json",
        "docs": f"{root}docs",
    }


@api.get("/editions", response={200: schemas.page_of(schemas.EditionOut), 422: schemas.ErrorOut}, tags=["programme"])
def editions(request, paging: Query[Paging]):
    """Every edition, the latest first."""
    current = Edition.objects.current(timeline.edition_today(timeline.now()))

    def item(edition):
        return {
            **texts(edition, "name", "theme", "description"),
            "slug": edition.slug,
            "first_day": edition.start_date,
            "last_day": edition.end_date,
            "is_current": edition == current,
            "url": absolute(request, edition),
        }

    return page(request, Edition.objects.all(), paging, item)


# A "+" written into a query string unencoded arrives as a space: "…T09:30:00 01:00" means "…T09:30:00+01:00".
UNENCODED_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


class EventFilters(Paging):
    edition: str | None = Field(None, description="An edition's slug.")
    city: str | None = Field(None, description="A city's slug, as on the schedule.")
    kind: str | None = Field(None, description="An event kind, as on the schedule.")
    topic: str | None = Field(None, description="A topic's slug, as on the schedule.")
    updated_since: AwareDatetime | None = Field(
        None, description="Only events changed at or after this moment (ISO 8601 with offset), for syncing."
    )

    @field_validator("updated_since", mode="before")
    @classmethod
    def plus_sent_unencoded(cls, value):
        return UNENCODED_OFFSET.sub(r"\1+\2", value) if isinstance(value, str) else value


def filtered_events(filters: EventFilters):
    """Published events matching the schedule's filters (events.forms.ScheduleFilterForm), which reports a
    value it does not know as an error here rather than ignoring it as the page does."""
    form = ScheduleFilterForm(
        {name: getattr(filters, name) or "" for name in ("city", "kind", "topic")}, offer_when=False
    )
    problems = [
        {"parameter": name, "message": " ".join(messages)}
        for name, messages in form.errors.items()
        if name in ("city", "kind", "topic")
    ]
    events = Event.objects.published()
    if filters.edition:
        edition = Edition.objects.filter(slug=filters.edition).first()
        if edition is None:
            problems.append({"parameter": "edition", "message": _("No edition has this slug.")})
        events = events.filter(edition=edition)
    if problems:
        raise ApiError(problems)
    events = form.filter(events)
    if filters.updated_since:
        events = events.filter(updated_at__gte=filters.updated_since)
    return events.distinct()


@api.get("/events", response={200: schemas.page_of(schemas.EventOut), 422: schemas.ErrorOut}, tags=["programme"])
def events(request, filters: Query[EventFilters]):
    """Published events (never drafts) in time order, undated ones last; filtered like the schedule."""
    queryset = filtered_events(filters).with_venue().prefetch_related("topics")
    return page(request, queryset, filters, lambda event: event_data(request, event))


class Language(schemas.Schema):
    lang: schemas.LanguageCode | None = Field(None, description="The language; else Accept-Language; else en.")


@api.get(
    "/events/{slug}",
    response={200: schemas.EventDetailOut, 404: schemas.NotFoundOut, 422: schemas.ErrorOut},
    tags=["programme"],
)
def event(request, slug: str, language: Query[Language]):
    """One published event with its agenda and partners."""
    found = list(
        Event.objects.published()
        .filter(slug=slug)
        .with_venue()
        .prefetch_related(
            "topics",
            Prefetch("sessions", queryset=Session.objects.prefetch_related("speakers"), to_attr="agenda"),
            Prefetch("roles", queryset=EventRole.objects.select_related("organization"), to_attr="partner_roles"),
        )
    )
    if not found:
        return Status(404, {"detail": _("No published event has this slug.")})
    event = found[0]
    zone = event.venue.city.zone
    return {
        **event_data(request, event),
        **texts(event, "title", "subtitle", "theme", "summary", "announced_period", "description"),
        "sessions": [
            {
                **texts(session, "title", "description", "room"),
                "time": time_span(session.starts_at, session.ends_at, zone),
                "speakers": [speaker.slug for speaker in session.speakers.all()],
            }
            for session in event.agenda
        ],
        "partners": [{"organization": role.organization.slug, "role": role.role} for role in event.partner_roles],
    }


@api.get("/cities", response={200: schemas.page_of(schemas.CityOut), 422: schemas.ErrorOut}, tags=["places"])
def cities(request, paging: Query[Paging]):
    return page(request, City.objects.order_by("slug"), paging, lambda city: city_data(request, city))


@api.get("/venues", response={200: schemas.page_of(schemas.VenueOut), 422: schemas.ErrorOut}, tags=["places"])
def venues(request, paging: Query[Paging]):
    queryset = Venue.objects.select_related("city").order_by("slug")
    return page(request, queryset, paging, lambda venue: venue_data(request, venue))


@api.get("/speakers", response={200: schemas.page_of(schemas.SpeakerOut), 422: schemas.ErrorOut}, tags=["programme"])
def speakers(request, paging: Query[Paging]):
    """Speakers with a session in a published event."""

    def item(speaker):
        return {
            **texts(speaker, "name", "role", "bio"),
            "slug": speaker.slug,
            "organization": speaker.organization.slug if speaker.organization else None,
            "url": absolute(request, speaker),
        }

    return page(request, Speaker.objects.public().select_related("organization"), paging, item)


@api.get(
    "/exhibitions", response={200: schemas.page_of(schemas.ExhibitionOut), 422: schemas.ErrorOut}, tags=["exhibitions"]
)
def exhibitions(request, paging: Query[Paging]):
    """Published exhibitions with their runs at venues."""

    def item(exhibition):
        return {
            **texts(exhibition, "title", "description"),
            "slug": exhibition.slug,
            "edition": exhibition.edition.slug if exhibition.edition else None,
            "runs": [
                {
                    **texts(run, "opening_hours"),
                    "venue": venue_data(request, run.venue),
                    "first_day": run.first_day,
                    "last_day": run.last_day,
                    "is_extension": run.is_extension,
                }
                for run in exhibition.schedule
            ],
            "url": absolute(request, exhibition),
        }

    queryset = Exhibition.objects.published().with_runs().select_related("edition").order_by("slug")
    return page(request, queryset, paging, item)


@api.get("/partners", response={200: schemas.page_of(schemas.PartnerOut), 422: schemas.ErrorOut}, tags=["partners"])
def partners(request, paging: Query[Paging]):
    """The organizations, as the partners page lists them."""

    def item(organization):
        return {
            **texts(organization, "name", "description"),
            "slug": organization.slug,
            "kind": organization.kind,
            "country": organization.country,
            "city": organization.city.slug if organization.city else None,
            "website": organization.website,
            "url": absolute(request, organization),
        }

    return page(request, Organization.objects.select_related("city").order_by("kind", "slug"), paging, item)


@api.get(
    "/key-figures", response={200: schemas.page_of(schemas.KeyFigureOut), 422: schemas.ErrorOut}, tags=["partners"]
)
def key_figures(request, paging: Query[Paging]):
    def item(figure):
        return {
            **texts(figure, "label", "unit", "source"),
            "value": str(figure.value),
            "currency": figure.currency,
            "as_of": figure.as_of,
            "edition": figure.edition.slug if figure.edition else None,
            "url": absolute(request, figure),
        }

    return page(request, KeyFigure.objects.select_related("edition"), paging, item)


@api.get("/news", response={200: schemas.page_of(schemas.NewsOut), 422: schemas.ErrorOut}, tags=["news"])
def news(request, paging: Query[Paging]):
    """Published articles whose time has come, the newest first."""
    zone = timezone.get_default_timezone()

    def item(article):
        return {
            **texts(article, "title", "lead", "body"),
            "body": str(article.body_html),
            "slug": article.slug,
            "published": {"at": article.published_at.astimezone(zone), "time_zone": str(zone)},
            "url": absolute(request, article),
        }

    return page(request, NewsArticle.objects.published(timeline.now()).newest_first(), paging, item)
