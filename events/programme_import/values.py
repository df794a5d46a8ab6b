"""Reading cells: dates, times, whole numbers, yes or no, choices, and the venues, editions and topics a row names."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, ngettext
from modeltranslation.utils import build_localized_fieldname

from events.models import Edition, Event, Session, Topic, Venue
from events.programme_import.columns import LANGUAGES
from events.programme_import.reading import Record
from nanjingweek.typography import joined, quoted


class CellError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


DATE_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$"),
)
TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?$")


def parse_date(value, column: str) -> tuple[date, time | None]:
    """A day from a date cell or "2025-11-12" / "12.11.2025"; a time with it if the cell holds one too."""
    if isinstance(value, datetime):
        return value.date(), (value.time() if value.time() != time(0) else None)
    if isinstance(value, date):
        return value, None
    text = cell_text(value)
    day_part, _space, time_part = text.replace("T", " ").partition(" ")
    for pattern in DATE_PATTERNS:
        match = pattern.match(day_part)
        if match:
            try:
                day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                break
            return day, parse_time(time_part, column) if time_part.strip() else None
    raise CellError(
        column, gettext("“%(value)s” is not a date; write it as 2025-11-12 or 12.11.2025.") % {"value": text}
    )


def parse_time(value, column: str) -> time:
    """A time of day from a time cell, a fraction of a day (Excel's number for it) or "09:30"."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 24 * 60 * 60)
        return time(seconds // 3600, seconds // 60 % 60)
    text = cell_text(value)
    match = TIME_PATTERN.match(text)
    if match and int(match["hour"]) < 24 and int(match["minute"]) < 60 and int(match["second"] or 0) < 60:
        return time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    raise CellError(column, gettext("“%(value)s” is not a time of day; write it as 09:30.") % {"value": text})


YES = {"yes", "y", "ja", "j", "是", "true", "1", "x", "wahr"}
NO = {"no", "n", "nein", "否", "false", "0", "falsch"}


def parse_yes_no(value, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).casefold()
    if text in YES:
        return True
    if text in NO or not text:
        return False
    raise CellError(column, gettext("“%(value)s” is neither yes nor no.") % {"value": cell_text(value)})


def parse_whole_number(value, column: str) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    raise CellError(column, gettext("“%(value)s” is not a whole number.") % {"value": text})


def parse_choice(value, column: str, choices: type[models.TextChoices]) -> str:
    """A choice by its value or by its label in any of the languages."""
    text = cell_text(value)
    folded = text.casefold()
    for choice in choices:
        if folded == choice.value:
            return choice.value
        for language in LANGUAGES:
            with translation.override(language):
                if folded == str(choice.label).casefold():
                    return choice.value
    raise CellError(
        column,
        gettext("“%(value)s” is not one of %(choices)s.") % {"value": text, "choices": ", ".join(choices.values)},
    )


class Lookups:
    """What the rows name, read once: venues, editions, topics, the events the file names and their sessions."""

    def __init__(self, records: list[Record]):
        self.venues = list(Venue.objects.select_related("city"))
        self.editions = {edition.slug: edition for edition in Edition.objects.all()}
        self.current_edition = Edition.objects.current()
        self.topics = list(Topic.objects.all())
        slugs = {cell_text(record.cells.get("slug")) for record in records} | {
            cell_text(record.cells.get("event")) for record in records
        }
        slugs.discard("")
        self.events = {
            event.slug: event
            for event in Event.objects.filter(slug__in=slugs)
            .select_related("venue__city", "edition")
            .prefetch_related("topics")
        }
        self.sessions: dict[int, list[Session]] = {}
        for session in Session.objects.filter(event__in=list(self.events.values())).order_by("order", "pk"):
            self.sessions.setdefault(session.event_id, []).append(session)

    def venue(self, value: str) -> Venue:
        folded = value.casefold()
        found = [
            venue
            for venue in self.venues
            if venue.slug == value
            or any(
                (getattr(venue, build_localized_fieldname("name", language)) or "").casefold() == folded
                for language in LANGUAGES
            )
        ]
        if not found:
            raise CellError("venue", gettext("There is no venue “%(value)s” in the programme.") % {"value": value})
        if len(found) > 1:
            raise CellError(
                "venue", gettext("Several venues are called “%(value)s”: give the slug instead.") % {"value": value}
            )
        return found[0]

    def edition(self, value: str) -> Edition:
        if value not in self.editions:
            raise CellError("edition", gettext("There is no edition with the slug “%(value)s”.") % {"value": value})
        return self.editions[value]

    def topic_list(self, value: str) -> list[Topic]:
        chosen, unknown = [], []
        for name in (part.strip() for part in re.split(r"[;,；，、]", value)):
            if not name:
                continue
            folded = name.casefold()
            match = next(
                (
                    topic
                    for topic in self.topics
                    if topic.slug == name
                    or any(
                        (getattr(topic, build_localized_fieldname("name", language)) or "").casefold() == folded
                        for language in LANGUAGES
                    )
                ),
                None,
            )
            if match is None:
                unknown.append(name)
            elif match not in chosen:
                chosen.append(match)
        if unknown:
            raise CellError(
                "topics",
                ngettext(
                    "Unknown topic: %(topics)s. Add it in the admin first.",
                    "Unknown topics: %(topics)s. Add them in the admin first.",
                    len(unknown),
                )
                % {"topics": joined([quoted(name) for name in unknown])},
            )
        return chosen
