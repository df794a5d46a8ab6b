"""What the API's resources look like: the response schemas of the OpenAPI document.

Every object with text has `language` (the one asked for) and `fallback` (its fields shown in English because
that language has no text for them). Moments are ISO 8601 with the offset of `time_zone`, the IANA zone of the
venue; days (an edition's, an exhibition run's) are plain dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

LanguageCode = Literal["en", "de", "zh-hans"]


class Translated(Schema):
    language: LanguageCode = Field(description="The language the texts are in.")
    fallback: list[str] = Field(description="The fields shown in English: the language asked for has no text.")


class TimeSpan(Schema):
    start: datetime = Field(description="ISO 8601 with the offset of time_zone.")
    end: datetime
    time_zone: str = Field(description="IANA time zone of the venue, e.g. Europe/Berlin.")


class Moment(Schema):
    at: datetime
    time_zone: str


class Problem(Schema):
    parameter: str
    message: str


class ErrorOut(Schema):
    errors: list[Problem]


class NotFoundOut(Schema):
    detail: str


class CityOut(Translated):
    slug: str
    name: str
    country: str = Field(description="ISO 3166 code.")
    time_zone: str
    url: str


class VenueOut(Translated):
    slug: str
    name: str
    address: str
    accessibility: str
    city: CityOut
    latitude: float | None
    longitude: float | None
    capacity: int | None
    website: str
    url: str


class TopicOut(Translated):
    slug: str
    name: str


class EditionOut(Translated):
    slug: str
    name: str
    theme: str
    description: str
    first_day: date
    last_day: date
    is_current: bool
    url: str


class EventOut(Translated):
    slug: str
    url: str
    edition: str = Field(description="The edition's slug.")
    kind: str
    status: Literal["published", "cancelled", "postponed"]
    title: str
    subtitle: str
    theme: str
    summary: str
    announced_period: str = Field(description="For an event without a date: when it is expected.")
    time: TimeSpan | None = Field(description="null for an event announced without a date.")
    venue: VenueOut
    topics: list[TopicOut]
    updated_at: datetime


class SessionOut(Translated):
    title: str
    description: str
    room: str
    time: TimeSpan | None
    speakers: list[str] = Field(description="The speakers' slugs.")


class EventRoleOut(Schema):
    organization: str = Field(description="The partner's slug.")
    role: str


class EventDetailOut(EventOut):
    description: str
    sessions: list[SessionOut]
    partners: list[EventRoleOut]


class SpeakerOut(Translated):
    slug: str
    name: str
    role: str
    bio: str
    organization: str | None = Field(description="The partner's slug.")
    url: str


class ExhibitionRunOut(Translated):
    venue: VenueOut
    first_day: date
    last_day: date
    is_extension: bool
    opening_hours: str


class ExhibitionOut(Translated):
    slug: str
    title: str
    description: str
    edition: str | None
    runs: list[ExhibitionRunOut]
    url: str


class PartnerOut(Translated):
    slug: str
    name: str
    kind: str
    country: str
    city: str | None = Field(description="The city's slug.")
    website: str
    description: str
    url: str


class KeyFigureOut(Translated):
    label: str
    value: str = Field(description="A decimal number, exact, as a string.")
    currency: str
    unit: str
    as_of: date
    source: str
    edition: str | None
    url: str


class NewsOut(Translated):
    slug: str
    title: str
    lead: str
    body: str = Field(description="HTML, sanitised.")
    published: Moment
    url: str


class IndexOut(Schema):
    resources: dict[str, str]
    openapi: str
    docs: str


def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of a page of `item`s: limit/offset pagination with the total and the next page's URL."""
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {
            "__annotations__": {"count": int, "next": str | None, "previous": str | None, "items": list[item]},
            "__module__": __name__,
        },
    )
