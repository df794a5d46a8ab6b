"""Bring in a season's programme from a spreadsheet: one row per event or agenda session (XLSX or CSV).

The rules, in the order an organizer meets them:

- The file is read whole (at most MAX_FILE_SIZE bytes and MAX_ROWS rows), its first row naming the columns
  (COLUMNS: English keys, described in the organizer's language on the import page). A column the file leaves
  out leaves that field as it is; an empty cell empties it, except where COLUMNS says what empty means.
- Events are found again by `slug`, sessions by their event and `order`, or, without an order, by their English
  title: importing the same file twice changes nothing the second time.
- Each row is checked by a model form with the models' own rules (lengths, English required, an event within
  its edition's days, a session during its event); dates and times are the venue's local time, given a zone by
  events.timezones.attach_zone as the admin's own forms do.
- Unknown venues, editions and topics are errors: a topic is not created on the fly, because it needs its name in
  three languages and a typo would otherwise become a new topic.
- `plan_import` is the dry run and writes nothing. `apply_import` runs the same plan inside one transaction,
  saving each object through its normal ``save()`` (so history and signals see every change), and keeps it only
  if nothing failed and the changes are exactly those of the dry run the organizer confirmed (`ImportPlan.digest`).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Model
from django.forms import modelform_factory
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events import registrations, services
from events.admin_times import format_local
from events.models import Edition, Event, Session, Topic, Venue
from events.timezones import attach_zone
from nanjingweek.admin import TranslatedModelForm
from nanjingweek.typography import joined, quoted

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 1000
EMPTY_ROWS_AT_END = 1000

EVENT = "event"
SESSION = "session"

CREATE, CHANGE, UNCHANGED, INVALID = "create", "change", "unchanged", "invalid"

LANGUAGES = tuple(mt_settings.AVAILABLE_LANGUAGES)  # en, de, zh-hans


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the organizer as is."""


# --- The columns ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    applies_to: frozenset[str]
    required: Promise
    meaning: Promise
    example: str

    @property
    def for_events(self) -> bool:
        return EVENT in self.applies_to

    @property
    def for_sessions(self) -> bool:
        return SESSION in self.applies_to


BOTH = frozenset({EVENT, SESSION})
EVENTS_ONLY = frozenset({EVENT})
SESSIONS_ONLY = frozenset({SESSION})

REQUIRED = pgettext_lazy("import column is required", "yes")
OPTIONAL = pgettext_lazy("import column is required", "no")
FOR_EVENTS = _("for events")
FOR_SESSIONS = _("for sessions")
FOR_NEW_EVENTS = _("for new events")
FOR_NEW_ROWS = _("for new rows")

LANGUAGE_NAMES = {"en": _("English"), "de": _("German"), "zh-hans": _("Simplified Chinese")}


def _translated_columns(
    field_name: str, applies_to: frozenset[str], meaning: Promise, examples: dict[str, str]
) -> list[Column]:
    """One column per language (title_en, title_de, title_zh_hans); English is required where the field is."""
    return [
        Column(
            build_localized_fieldname(field_name, language),
            applies_to,
            FOR_NEW_ROWS if field_name == "title" and language == "en" else OPTIONAL,
            _LanguageMeaning(meaning, language),
            examples.get(language, ""),
        )
        for language in LANGUAGES
    ]


class _LanguageMeaning(Promise):
    """A column's meaning with its language filled in, translated when shown (the page's language)."""

    def __init__(self, meaning: Promise, language: str):
        self.meaning, self.language = meaning, language

    def __str__(self):
        return str(self.meaning) % {"language": LANGUAGE_NAMES[self.language]}


COLUMNS: tuple[Column, ...] = (
    Column(
        "type",
        BOTH,
        REQUIRED,
        _("“event” for an event, “session” for an item on the agenda of an event."),
        "event",
    ),
    Column(
        "event",
        SESSIONS_ONLY,
        FOR_SESSIONS,
        _("The slug of the session’s event: an event row of this file or an event already in the programme."),
        "heritage-forum-2025",
    ),
    Column(
        "slug",
        EVENTS_ONLY,
        FOR_EVENTS,
        _(
            "The event’s name in its web address: small letters, digits and hyphens. It finds the event again "
            "when you import the file once more, so keep it as it is."
        ),
        "heritage-forum-2025",
    ),
    Column(
        "edition",
        EVENTS_ONLY,
        OPTIONAL,
        _("The slug of the edition. Empty: the current edition for a new event; an existing event keeps its own."),
        "2025",
    ),
    Column(
        "venue",
        EVENTS_ONLY,
        FOR_NEW_EVENTS,
        _("The venue’s name in any language, or its slug. The venue must already be in the programme."),
        "Kongresshalle am Zoo Leipzig",
    ),
    Column(
        "start_date",
        BOTH,
        OPTIONAL,
        _(
            "First day, as 2025-11-12 or 12.11.2025, or a date cell. Empty for an event: no date yet (then give "
            "the announced period); empty for a session: the first day of its event."
        ),
        "12.11.2025",
    ),
    Column(
        "start_time",
        BOTH,
        OPTIONAL,
        _(
            "Start, in the local time of the venue, as 09:30 or a time cell. A time that does not exist because the "
            "clocks go forward that night is refused; one that happens twice when they go back means the first."
        ),
        "09:30",
    ),
    Column(
        "end_date",
        BOTH,
        OPTIONAL,
        _("Last day. Empty: the same day as start_date."),
        "12.11.2025",
    ),
    Column(
        "end_time",
        BOTH,
        OPTIONAL,
        _("End, in the local time of the venue. Required when there is a start time."),
        "12:00",
    ),
    Column(
        "kind",
        EVENTS_ONLY,
        OPTIONAL,
        _(
            "One of %(kinds)s (or the name the admin shows, in any language). Empty: forum for a new event; an "
            "existing event keeps its kind."
        ),
        "forum",
    ),
    Column(
        "status",
        EVENTS_ONLY,
        OPTIONAL,
        _(
            "One of %(statuses)s. Empty: draft for a new event (visitors do not see it yet); an existing event "
            "keeps its status."
        ),
        "draft",
    ),
    *_translated_columns(
        "title",
        BOTH,
        _("Title in %(language)s (at most 200 characters)."),
        {
            "en": "Common Heritage, Common World",
            "de": "Gemeinsames Erbe, gemeinsame Welt",
            "zh-hans": "共同遗产，共同世界",
        },
    ),
    *_translated_columns("subtitle", EVENTS_ONLY, _("Subtitle in %(language)s."), {}),
    *_translated_columns(
        "summary", EVENTS_ONLY, _("Summary in %(language)s: one or two sentences for lists and previews."), {}
    ),
    *_translated_columns("description", BOTH, _("Description in %(language)s."), {}),
    *_translated_columns(
        "announced_period",
        EVENTS_ONLY,
        _("For an event without a date: when it is announced to take place, in %(language)s."),
        {},
    ),
    *_translated_columns("room", SESSIONS_ONLY, _("Room in %(language)s."), {}),
    Column(
        "topics",
        EVENTS_ONLY,
        OPTIONAL,
        _(
            "Topics by slug or name, separated by ; or , . A topic that is not in the programme is an error: "
            "add it in the admin first, with its name in every language."
        ),
        "heritage; tourism",
    ),
    Column("capacity", EVENTS_ONLY, OPTIONAL, _("Number of seats. Empty: no limit."), "300"),
    Column(
        "registration_required",
        EVENTS_ONLY,
        OPTIONAL,
        _("yes or no (also ja/nein, 是/否, 1/0). Empty: no."),
        "yes",
    ),
    Column(
        "order",
        SESSIONS_ONLY,
        OPTIONAL,
        _(
            "Position on the agenda: 1, 2, 3 … With it, the session is found again by its event and this number; "
            "without it, by its English title."
        ),
        "1",
    ),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}


def column_meaning(column: Column) -> str:
    """What the column means, in the current language, with the values it takes filled in."""
    meaning = str(column.meaning)
    if column.name == "kind":
        meaning = meaning % {"kinds": ", ".join(Event.Kind.values)}
    elif column.name == "status":
        meaning = meaning % {"statuses": ", ".join(Event.Status.values)}
    return meaning


# Where a field's error is shown: the column the organizer typed it in.
FIELD_COLUMNS = {"starts_at": "start_date", "ends_at": "end_date", "event": "event"}
# A constraint's error names no field: the column that breaks it.
CONSTRAINT_COLUMNS = {
    "event_ends_after_start": "end_time",
    "event_start_and_end_together": "end_time",
    "session_ends_after_start": "end_time",
    "event_title_in_english": "title_en",
    "session_title_in_english": "title_en",
}
# What the dry run names a changed field by; the others by their column.
FIELD_LABELS = {"starts_at": "start_date + start_time", "ends_at": "end_date + end_time"}


# --- Reading the file -------------------------------------------------------------------------------------------


@dataclass
class Record:
    """One row of the spreadsheet: its number as the spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, object]


def read_records(content: bytes, name: str) -> tuple[list[str], list[Record]]:
    """The columns and the non-empty rows of an XLSX or CSV file; ImportFileError if it cannot be read."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than %(size)d MB. Split the programme into several files.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."))
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(NOT_A_SPREADSHEET)
    else:
        rows = _csv_rows(content)
    header: list[str] | None = None
    records: list[Record] = []
    for number, values in rows:
        if all(_is_empty(value) for value in values):
            continue
        if header is None:
            header = _header(values)
            continue
        if len(records) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)d rows. Split the programme into several files.")
                % {"count": MAX_ROWS}
            )
        extra = [value for value in values[len(header) :] if not _is_empty(value)]
        if extra:
            raise ImportFileError(
                _("Row %(row)d has more cells than the header row has column names.") % {"row": number}
            )
        cells = {column: value for column, value in zip(header, values, strict=False) if column}
        records.append(Record(number, cells))
    if header is None:
        raise ImportFileError(_("The file has no header row naming the columns."))
    return [column for column in header if column], records


NOT_A_SPREADSHEET = _(
    "This file is not a spreadsheet that can be read. Save it as an Excel workbook (.xlsx) or as CSV (UTF-8)."
)


def _xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows, filled, empty_in_a_row = [], 0, 0
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                if all(_is_empty(value) for value in values):
                    # A sheet formatted down to its last row reports a million empty ones: they end the data.
                    empty_in_a_row += 1
                    if empty_in_a_row > EMPTY_ROWS_AT_END:
                        break
                    continue
                empty_in_a_row = 0
                rows.append((number, list(values)))
                filled += 1
                if filled > MAX_ROWS + 1:
                    break  # the header and one row too many: read_records says the file is too long
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - a broken file makes openpyxl's parsers raise anything at all
        raise ImportFileError(NOT_A_SPREADSHEET) from error
    return rows


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”; the "
                "special characters (ä, ö, ü, Chinese) are then kept."
            )
        ) from error
    if "\x00" in text:
        raise ImportFileError(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    # German Excel separates with semicolons, English Excel with commas: the header row tells which.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    except csv.Error as error:
        raise ImportFileError(NOT_A_SPREADSHEET) from error


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(values: list) -> list[str]:
    header = [re.sub(r"[\s-]+", "_", str(value).strip().lower()) if not _is_empty(value) else "" for value in values]
    unknown = [name for name in header if name and name not in COLUMNS_BY_NAME]
    if unknown:
        raise ImportFileError(
            ngettext(
                "Unknown column: %(columns)s. The columns are listed on this page.",
                "Unknown columns: %(columns)s. The columns are listed on this page.",
                len(unknown),
            )
            % {"columns": joined([quoted(name) for name in unknown])}
        )
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise ImportFileError(
            _("These columns appear more than once: %(columns)s.") % {"columns": joined([quoted(n) for n in twice])}
        )
    if "type" not in header:
        raise ImportFileError(_("The column “type” is missing: it says whether a row is an event or a session."))
    return header


# --- Reading cells ----------------------------------------------------------------------------------------------


class CellError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _text(value) -> str:
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
    text = _text(value)
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
    text = _text(value)
    match = TIME_PATTERN.match(text)
    if match and int(match["hour"]) < 24 and int(match["minute"]) < 60 and int(match["second"] or 0) < 60:
        return time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    raise CellError(column, gettext("“%(value)s” is not a time of day; write it as 09:30.") % {"value": text})


YES = {"yes", "y", "ja", "j", "是", "true", "1", "x", "wahr"}
NO = {"no", "n", "nein", "否", "false", "0", "falsch"}


def parse_yes_no(value, column: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in YES:
        return True
    if text in NO or not text:
        return False
    raise CellError(column, gettext("“%(value)s” is neither yes nor no.") % {"value": _text(value)})


def parse_whole_number(value, column: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    raise CellError(column, gettext("“%(value)s” is not a whole number.") % {"value": text})


def _choice(value, column: str, choices: type[models.TextChoices]) -> str:
    """A choice by its value or by its label in any of the languages."""
    text = _text(value)
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


# --- The plan ---------------------------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class Change:
    field: str
    old: str
    new: str
    # The same values, independent of the language shown: what `ImportPlan.digest` compares.
    neutral: tuple = ()


@dataclass
class RowPlan:
    number: int
    kind: str
    key: str
    action: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    instance: Model | None = None
    form: TranslatedModelForm | None = None

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, str(message)))
        self.action = INVALID


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    stale: bool = False

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def has_changes(self) -> bool:
        return any(row.action in (CREATE, CHANGE) for row in self.rows)

    def count(self, kind: str, action: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind and row.action == action)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            kind: {action: self.count(kind, action) for action in (CREATE, CHANGE, UNCHANGED)}
            for kind in (EVENT, SESSION)
        }

    def fingerprint(self) -> list:
        """What the plan would do, as plain JSON values that do not depend on the language shown."""
        return [
            [row.number, row.kind, row.key, row.action, [list(change.neutral) for change in row.changes]]
            for row in self.rows
        ]

    @property
    def digest(self) -> str:
        """A short checksum of `fingerprint`: the dry run's page sends it, the confirmation must match it."""
        data = json.dumps(self.fingerprint(), sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def summary(self) -> dict:
        return {"counts": self.counts(), "errors": len(self.errors), "fingerprint": self.fingerprint()}

    def summary_text(self) -> str:
        """One sentence for the organizer: how many events and sessions are created, changed, left as they are."""
        counts = self.counts()
        unchanged = counts[EVENT][UNCHANGED] + counts[SESSION][UNCHANGED]
        parts = [
            (counts[EVENT][CREATE], ngettext("%(count)d new event", "%(count)d new events", counts[EVENT][CREATE])),
            (
                counts[EVENT][CHANGE],
                ngettext("%(count)d event changed", "%(count)d events changed", counts[EVENT][CHANGE]),
            ),
            (
                counts[SESSION][CREATE],
                ngettext("%(count)d new session", "%(count)d new sessions", counts[SESSION][CREATE]),
            ),
            (
                counts[SESSION][CHANGE],
                ngettext("%(count)d session changed", "%(count)d sessions changed", counts[SESSION][CHANGE]),
            ),
            (unchanged, ngettext("%(count)d row unchanged", "%(count)d rows unchanged", unchanged)),
        ]
        # Only what happens: "2 new events and 3 new sessions", not a list of zeros.
        said = [text % {"count": count} for count, text in parts if count]
        return joined(said) or parts[-1][1] % {"count": 0}


class EventRowForm(TranslatedModelForm):
    """An event as a spreadsheet row gives it; the fields are those the file has columns for."""

    class Meta:
        model = Event
        fields = ("slug",)


class SessionRowForm(TranslatedModelForm):
    """A session as a spreadsheet row gives it; its event is set on the instance, not chosen in the form."""

    class Meta:
        model = Session
        fields = ("title_en",)


class _Lookups:
    """What the rows name, read once: venues, editions, topics, the events the file names and their sessions."""

    def __init__(self, records: list[Record]):
        self.venues = list(Venue.objects.select_related("city"))
        self.editions = {edition.slug: edition for edition in Edition.objects.all()}
        self.current_edition = Edition.objects.current()
        self.topics = list(Topic.objects.all())
        slugs = {_text(record.cells.get("slug")) for record in records} | {
            _text(record.cells.get("event")) for record in records
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


def _neutral(value):
    if value == "":
        return None
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime):
        return value.astimezone(dt_timezone.utc).isoformat()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return sorted(_neutral(item) for item in items)
    return value


def _shown(value, field_name: str, zone: ZoneInfo | None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, datetime):
        return format_local(value.astimezone(zone) if zone else value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field_name == "kind":
        return str(Event.Kind(value).label)
    if field_name == "status":
        return str(Event.Status(value).label)
    if isinstance(value, (list, tuple)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return joined([str(item) for item in items]) or "—"
    return Truncator(str(value)).chars(80)


class _Planner:
    def __init__(self, records: list[Record], columns: list[str], *, apply: bool):
        self.records, self.columns, self.apply = records, set(columns), apply
        self.lookups = _Lookups(records)
        self.planned_events: dict[str, RowPlan] = {}
        self.claimed_sessions: dict[int, int] = {}
        self.session_positions: dict[str, int] = {}

    def plan(self) -> ImportPlan:
        plan = ImportPlan()
        typed = []
        for record in self.records:
            kind = _text(record.cells.get("type")).casefold()
            if kind not in (EVENT, SESSION):
                row = RowPlan(record.number, kind or "—", "")
                row.error("type", gettext("Write “event” or “session”."))
                plan.rows.append(row)
                continue
            typed.append((kind, record))
        # Events first, whatever their place in the file: a session may come before the row of its event.
        for kind, record in typed:
            if kind == EVENT:
                plan.rows.append(self.event_row(record))
        for kind, record in typed:
            if kind == SESSION:
                plan.rows.append(self.session_row(record))
        plan.rows.sort(key=lambda row: row.number)
        return plan

    # -- helpers

    def has(self, column: str) -> bool:
        return column in self.columns

    def cell(self, record: Record, column: str) -> str:
        return _text(record.cells.get(column))

    def misplaced(self, record: Record, row: RowPlan, kind: str) -> None:
        for column, value in record.cells.items():
            if not _is_empty(value) and kind not in COLUMNS_BY_NAME[column].applies_to:
                row.error(
                    column,
                    gettext("This column is for events only.")
                    if kind == SESSION
                    else gettext("This column is for sessions only."),
                )

    def moments(self, record: Record, row: RowPlan, zone: ZoneInfo | None, default_day: date | None):
        """(starts_at, ends_at) as aware moments in `zone`, from the four date and time columns."""
        start_day = start_time = end_day = end_time = None
        try:
            if not _is_empty(record.cells.get("start_date")):
                start_day, start_time = parse_date(record.cells["start_date"], "start_date")
            if not _is_empty(record.cells.get("start_time")):
                start_time = parse_time(record.cells["start_time"], "start_time")
            if not _is_empty(record.cells.get("end_date")):
                end_day, end_time = parse_date(record.cells["end_date"], "end_date")
            if not _is_empty(record.cells.get("end_time")):
                end_time = parse_time(record.cells["end_time"], "end_time")
        except CellError as error:
            row.error(error.column, error.message)
            return None
        if start_day is None and start_time is None and end_day is None and end_time is None:
            return (None, None)
        start_day = start_day or default_day
        if start_day is None:
            row.error("start_date", gettext("Give the date: its event has none."))
            return None
        if start_time is None:
            row.error("start_time", gettext("Give the start time."))
            return None
        if end_time is None:
            row.error("end_time", gettext("Give the end time."))
            return None
        if zone is None:
            return None  # the venue's error says why
        moments = []
        for column, day, moment in (
            ("start_time", start_day, start_time),
            ("end_time", end_day or start_day, end_time),
        ):
            try:
                moments.append(attach_zone(datetime.combine(day, moment), zone))
            except ValidationError as error:
                row.error(column, " ".join(error.messages))
        return tuple(moments) if len(moments) == 2 else None

    def validate(self, row: RowPlan, form_class, data: dict, instance: Model, old: Model | None, zone) -> None:
        """Check the row with the model's own rules (its form) and note each field that would change."""
        form = form_class(data=data, instance=instance)
        if not form.is_valid():
            for name, errors in form.errors.as_data().items():
                for error in errors:
                    column = FIELD_COLUMNS.get(name, name)
                    if name == NON_FIELD_ERRORS:
                        column = self.constraint_column(form._meta.model, error)
                    for message in error.messages:
                        row.error(column, message)
            return
        for name in form.fields:
            new = form.cleaned_data[name]
            old_value = getattr(old, name) if old is not None else None
            if _neutral(old_value) == _neutral(new) or (old is None and _neutral(new) in (None, [])):
                continue
            label = FIELD_LABELS.get(name, name)
            row.changes.append(
                Change(
                    label,
                    _shown(old_value, name, zone),
                    _shown(new, name, zone),
                    (label, _neutral(old_value), _neutral(new)),
                )
            )
        row.action = CREATE if old is None else (CHANGE if row.changes else UNCHANGED)
        row.form, row.instance = form, form.instance

    @staticmethod
    def constraint_column(model: type[Model], error: ValidationError) -> str:
        for constraint in model._meta.constraints:
            message = getattr(constraint, "violation_error_message", None)
            if message is not None and str(message) in error.messages:
                return CONSTRAINT_COLUMNS.get(constraint.name, "")
        return ""

    # -- events

    def event_row(self, record: Record) -> RowPlan:
        slug = self.cell(record, "slug")
        row = RowPlan(record.number, EVENT, slug)
        self.misplaced(record, row, EVENT)
        if not slug:
            row.error("slug", gettext("Give the event’s slug: it finds the event again at the next import."))
            return row
        if slug in self.planned_events:
            row.error(
                "slug", gettext("Row %(row)d has the same slug already.") % {"row": self.planned_events[slug].number}
            )
            return row
        self.planned_events[slug] = row
        existing = self.lookups.events.get(slug)
        # The form changes its instance: a copy, so that `existing` keeps the values to compare with.
        instance = copy.copy(existing) if existing is not None else Event()
        new = existing is None
        data: dict[str, object] = {"slug": slug}
        fields = ["slug"]

        def keep_or_default(column: str, resolve, default):
            value = self.cell(record, column)
            if value:
                try:
                    data[column] = resolve(value)
                except CellError as error:
                    row.error(error.column, error.message)
                fields.append(column)
            elif new:
                data[column] = default
                fields.append(column)

        keep_or_default(
            "edition", lambda value: self.lookups.edition(value).pk, getattr(self.lookups.current_edition, "pk", None)
        )
        keep_or_default("venue", lambda value: self.lookups.venue(value).pk, None)
        keep_or_default("kind", lambda value: _choice(value, "kind", Event.Kind), Event.Kind.FORUM)
        keep_or_default("status", lambda value: _choice(value, "status", Event.Status), Event.Status.DRAFT)
        if new and data.get("edition") is None and "edition" not in [error.column for error in row.errors]:
            row.error("edition", gettext("There is no edition yet: add one in the admin first."))
        if new and data.get("venue") is None and "venue" not in [error.column for error in row.errors]:
            row.error("venue", gettext("Give the venue of a new event."))
        for name in ("title", "subtitle", "summary", "description", "announced_period"):
            for language in LANGUAGES:
                column = build_localized_fieldname(name, language)
                if self.has(column):
                    data[column] = self.cell(record, column)
                    fields.append(column)
        if any(self.has(column) for column in ("start_date", "start_time", "end_date", "end_time")):
            venue_pk = data.get("venue") or instance.venue_id
            venue = next((venue for venue in self.lookups.venues if venue.pk == venue_pk), None)
            moments = self.moments(record, row, venue.city.zone if venue else None, None)
            if moments is not None:
                data["starts_at"], data["ends_at"] = moments
                fields += ["starts_at", "ends_at"]
        if self.has("topics"):
            try:
                data["topics"] = [topic.pk for topic in self.lookups.topic_list(self.cell(record, "topics"))]
                fields.append("topics")
            except CellError as error:
                row.error(error.column, error.message)
        try:
            if self.has("capacity"):
                data["capacity"] = parse_whole_number(record.cells.get("capacity"), "capacity")
                fields.append("capacity")
            if self.has("registration_required"):
                data["registration_required"] = parse_yes_no(
                    record.cells.get("registration_required"), "registration_required"
                )
                fields.append("registration_required")
        except CellError as error:
            row.error(error.column, error.message)
        if row.errors:
            return row
        form_class = modelform_factory(Event, form=EventRowForm, fields=fields)
        self.validate(row, form_class, data, instance, existing, self._zone(data, instance))
        if self.apply and row.action in (CREATE, CHANGE):
            self.save_event(row)
        return row

    def _zone(self, data: dict, instance: Event) -> ZoneInfo | None:
        venue_pk = data.get("venue") or instance.venue_id
        venue = next((venue for venue in self.lookups.venues if venue.pk == venue_pk), None)
        return venue.city.zone if venue else None

    def save_event(self, row: RowPlan) -> None:
        """As the event admin saves a change: through the services, which raise the calendar revision."""
        form, event = row.form, row.form.instance
        new = event.pk is None
        capacity_changed = not new and "capacity" in form.changed_data
        event = form.save(commit=False)
        services.save_event_edit(event, changed_fields=() if new else form.changed_data)
        form.save_m2m()
        if capacity_changed:
            registrations.change_capacity(event, event.capacity)
        row.instance = event

    # -- sessions

    def session_row(self, record: Record) -> RowPlan:
        event_slug = self.cell(record, "event")
        title = self.cell(record, "title_en")
        row = RowPlan(record.number, SESSION, f"{event_slug} › {title}" if title else event_slug)
        self.misplaced(record, row, SESSION)
        if not event_slug:
            row.error("event", gettext("Give the slug of the session’s event."))
            return row
        planned = self.planned_events.get(event_slug)
        if planned is not None and planned.action == INVALID:
            row.error("event", gettext("Its event (row %(row)d) has errors.") % {"row": planned.number})
            return row
        event = planned.instance if planned is not None else self.lookups.events.get(event_slug)
        if event is None:
            row.error(
                "event",
                gettext("There is no event “%(value)s”, neither in this file nor in the programme.")
                % {"value": event_slug},
            )
            return row
        try:
            order = parse_whole_number(record.cells.get("order"), "order")
        except CellError as error:
            row.error(error.column, error.message)
            return row
        self.session_positions[event_slug] = self.session_positions.get(event_slug, 0) + 1
        existing = self.matching_session(row, event, order, title)
        if row.errors:
            return row
        instance = copy.copy(existing) if existing is not None else Session()
        instance.event = event  # the event as this file leaves it: its times are what the session must fit
        data: dict[str, object] = {}
        fields = []
        for name in ("title", "description", "room"):
            for language in LANGUAGES:
                column = build_localized_fieldname(name, language)
                if self.has(column):
                    data[column] = self.cell(record, column)
                    fields.append(column)
        if order is not None or existing is None:
            data["order"] = order if order is not None else self.session_positions[event_slug]
            fields.append("order")
        if any(self.has(column) for column in ("start_date", "start_time", "end_date", "end_time")):
            zone = event.zone if event.venue_id else None
            default_day = event.starts_at.astimezone(zone).date() if event.starts_at and zone else None
            moments = self.moments(record, row, zone, default_day)
            if moments is not None:
                data["starts_at"], data["ends_at"] = moments
                fields += ["starts_at", "ends_at"]
        if row.errors:
            return row
        form_class = modelform_factory(Session, form=SessionRowForm, fields=fields)
        self.validate(row, form_class, data, instance, existing, event.zone if event.venue_id else None)
        if self.apply and row.action in (CREATE, CHANGE):
            row.instance = row.form.save()
        return row

    def matching_session(self, row: RowPlan, event: Event, order: int | None, title: str) -> Session | None:
        """The session of `event` this row is: by its order, or (without one) by its English title."""
        if event.pk is None:
            return None
        sessions = self.lookups.sessions.get(event.pk, [])
        if order is not None:
            candidates = [session for session in sessions if session.order == order]
            if len(candidates) > 1:
                candidates = [session for session in candidates if session.title_en.casefold() == title.casefold()]
        else:
            candidates = [session for session in sessions if (session.title_en or "").casefold() == title.casefold()]
        if len(candidates) > 1:
            row.error(
                "order" if order is not None else "title_en",
                gettext("Several sessions of this event match this row: give each its own order."),
            )
            return None
        if not candidates:
            return None
        session = candidates[0]
        if session.pk in self.claimed_sessions:
            row.error(
                "order" if order is not None else "title_en",
                gettext("Row %(row)d already stands for this session.") % {"row": self.claimed_sessions[session.pk]},
            )
            return None
        self.claimed_sessions[session.pk] = row.number
        return session


# --- The two steps ----------------------------------------------------------------------------------------------


def plan_import(content: bytes, name: str) -> ImportPlan:
    """The dry run: what importing the file would create and change, and every error. Writes nothing."""
    try:
        columns, records = read_records(content, name)
    except ImportFileError as error:
        return ImportPlan(file_errors=[RowError(None, "", str(error))])
    return _Planner(records, columns, apply=False).plan()


class _Rollback(Exception):
    pass


def apply_import(content: bytes, name: str, *, expected_digest: str) -> ImportPlan:
    """Import the file, all or nothing, if it still does exactly what the dry run with `expected_digest` showed.

    Each object is saved through its model's ``save()``, events through services.save_event_edit as the event
    admin saves them. Nothing is kept when a row fails or the plan differs from the confirmed dry run (another
    organizer changed the programme meanwhile): `ImportPlan.stale` says so, and the plan is the new dry run.
    """
    try:
        columns, records = read_records(content, name)
    except ImportFileError as error:
        return ImportPlan(file_errors=[RowError(None, "", str(error))])
    try:
        with transaction.atomic():
            plan = _Planner(records, columns, apply=True).plan()
            if plan.errors or plan.digest != expected_digest:
                raise _Rollback
            plan.applied = True
    except (_Rollback, IntegrityError):
        # IntegrityError: another organizer saved the same slug between this plan's check and its save.
        fresh = plan_import(content, name)
        fresh.stale = not fresh.errors
        return fresh
    return plan


def changed_objects(plan: ImportPlan) -> Iterable[tuple[Model, RowPlan]]:
    """The objects an applied plan created or changed, with their rows (for the admin's log)."""
    for row in plan.rows:
        if row.action in (CREATE, CHANGE) and row.instance is not None:
            yield row.instance, row


# --- The template -----------------------------------------------------------------------------------------------


def template_rows() -> list[list[object]]:
    """The header and two example rows (an event and a session of it) that import as they are into this programme.

    The examples name the current edition, a venue and a topic that exist, and a day of the edition.
    """
    edition = Edition.objects.current()
    venue = Venue.objects.select_related("city").order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    day = edition.start_date if edition else date(2025, 11, 12)
    header = [column.name for column in COLUMNS]
    event = {column.name: column.example for column in COLUMNS if column.for_events}
    event.update(
        type=EVENT,
        slug="example-forum",
        edition=edition.slug if edition else "",
        venue=venue.name_en if venue else "",
        start_date=day,
        start_time=time(9, 30),
        end_date=day,
        end_time=time(12, 0),
        topics=topic.slug if topic else "",
        summary_en="One or two sentences for the schedule.",
        summary_de="Ein oder zwei Sätze für das Programm.",
        summary_zh_hans="用于日程的一两句话。",
    )
    session = {column.name: column.example for column in COLUMNS if column.for_sessions}
    session.update(
        type=SESSION,
        event="example-forum",
        start_date=day,
        start_time=time(9, 30),
        end_date=day,
        end_time=time(10, 0),
        title_en="Opening remarks",
        title_de="Eröffnungsworte",
        title_zh_hans="开幕致辞",
        room_en="Great Hall",
        room_de="Großer Saal",
        room_zh_hans="大厅",
        order=1,
    )
    session["description_en"] = session["description_de"] = session["description_zh_hans"] = ""
    return [header, [event.get(name, "") for name in header], [session.get(name, "") for name in header]]


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programme"
    header, *examples = template_rows()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in examples:
        sheet.append(values)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, time):
                cell.number_format = "hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(delimiter: str = ",") -> bytes:
    """The template as CSV in UTF-8 with a byte-order mark, so that Excel opens the special characters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for values in template_rows():
        writer.writerow(
            [
                value.strftime("%H:%M")
                if isinstance(value, time)
                else value.isoformat()
                if isinstance(value, date)
                else value
                for value in values
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


__all__ = [
    "COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "ImportFileError",
    "ImportPlan",
    "apply_import",
    "column_meaning",
    "plan_import",
    "template_csv",
    "template_xlsx",
]
