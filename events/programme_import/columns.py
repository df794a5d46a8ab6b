"""The columns of a programme file: their names, which rows they are for, and what they mean.

The import page shows each column's meaning in the organizer's language (`column_meaning`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events.models import Event

EVENT = "event"
SESSION = "session"

LANGUAGES = tuple(mt_settings.AVAILABLE_LANGUAGES)  # en, de, zh-hans


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
