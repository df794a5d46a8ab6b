"""The dry run: rows into planned changes and errors, each row checked by a model form with the models' own rules."""

from __future__ import annotations

import copy
from datetime import date, datetime
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.forms import modelform_factory
from django.utils.text import Truncator
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from events import registrations, services
from events.admin_times import format_local
from events.models import Event, Session
from events.programme_import.columns import (
    COLUMNS_BY_NAME,
    CONSTRAINT_COLUMNS,
    EVENT,
    FIELD_COLUMNS,
    FIELD_LABELS,
    LANGUAGES,
    SESSION,
)
from events.programme_import.plan import CHANGE, CREATE, INVALID, UNCHANGED, Change, ImportPlan, RowError, RowPlan
from events.programme_import.reading import ImportFileError, Record, is_empty, read_records
from events.programme_import.values import (
    CellError,
    Lookups,
    cell_text,
    parse_choice,
    parse_date,
    parse_time,
    parse_whole_number,
    parse_yes_no,
)
from events.timezones import attach_zone
from nanjingweek.admin import TranslatedModelForm
from nanjingweek.typography import joined


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


class Planner:
    def __init__(self, records: list[Record], columns: list[str], *, apply: bool):
        self.records, self.columns, self.apply = records, set(columns), apply
        self.lookups = Lookups(records)
        self.planned_events: dict[str, RowPlan] = {}
        self.claimed_sessions: dict[int, int] = {}
        self.session_positions: dict[str, int] = {}

    def plan(self) -> ImportPlan:
        plan = ImportPlan()
        typed = []
        for record in self.records:
            kind = cell_text(record.cells.get("type")).casefold()
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
        return cell_text(record.cells.get(column))

    def misplaced(self, record: Record, row: RowPlan, kind: str) -> None:
        for column, value in record.cells.items():
            if not is_empty(value) and kind not in COLUMNS_BY_NAME[column].applies_to:
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
            if not is_empty(record.cells.get("start_date")):
                start_day, start_time = parse_date(record.cells["start_date"], "start_date")
            if not is_empty(record.cells.get("start_time")):
                start_time = parse_time(record.cells["start_time"], "start_time")
            if not is_empty(record.cells.get("end_date")):
                end_day, end_time = parse_date(record.cells["end_date"], "end_date")
            if not is_empty(record.cells.get("end_time")):
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
        keep_or_default("kind", lambda value: parse_choice(value, "kind", Event.Kind), Event.Kind.FORUM)
        keep_or_default("status", lambda value: parse_choice(value, "status", Event.Status), Event.Status.DRAFT)
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


def plan_import(content: bytes, name: str) -> ImportPlan:
    """The dry run: what importing the file would create and change, and every error. Writes nothing."""
    try:
        columns, records = read_records(content, name)
    except ImportFileError as error:
        return ImportPlan(file_errors=[RowError(None, "", str(error))])
    return Planner(records, columns, apply=False).plan()
