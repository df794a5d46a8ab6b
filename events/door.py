"""What the check-in staff at an event's door see: the events to open, the live counts, and finding a person.

The rule that lets someone in is `events.registrations.check_in`; this module only reads. Every function here
costs a fixed number of queries, however many people registered.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Func, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from events import registrations
from events.models import Event, Registration

Status = Registration.Status

# How many people the list shows at once: a page a phone scrolls through, and a query that stays small.
PAGE_SIZE = 50
# The longest search anyone types at a door; longer text is cut, not refused.
MAX_QUERY_LENGTH = 100


# --- The events ---------------------------------------------------------------------------------------------------


def with_door_counts(events):
    """`confirmed_count` and `checked_in_count` on each event, in the events' own query."""
    confirmed = Q(registrations__status=Status.CONFIRMED)
    return events.annotate(
        confirmed_count=Count("registrations", filter=confirmed),
        checked_in_count=Count("registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)),
    )


def door_event(slug: str) -> Event:
    """The event of a door page, with venue, city and counts, in one query. Any status: staff open drafts too."""
    return with_door_counts(Event.objects.with_venue()).get(slug=slug)


@dataclass(frozen=True)
class DoorEvent:
    event: Event
    is_today: bool


def events_at_the_door(*, now: datetime | None = None) -> list[DoorEvent]:
    """Events with registration whose last day (at their venue) is today or later, soonest first: one query.

    Drafts and cancelled events have no door; undated events none yet.
    """
    now = now or timezone.now()
    events = (
        Event.objects.with_venue()
        .filter(registration_required=True, starts_at__isnull=False, ends_at__gte=now - timedelta(days=1))
        .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .order_by("starts_at", "slug")
    )
    listed = []
    for event in with_door_counts(events):
        first, last = registrations.event_days(event)
        today = timezone.localtime(now, event.zone).date()
        if last >= today:
            listed.append(DoorEvent(event, is_today=first <= today))
    return listed


@dataclass(frozen=True)
class Counts:
    checked_in: int
    confirmed: int
    capacity: int | None

    @property
    def expected(self) -> int:
        """Confirmed and not here yet."""
        return max(self.confirmed - self.checked_in, 0)

    @property
    def seats_free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


def counts(event: Event) -> Counts:
    """From an event loaded `with_door_counts`."""
    return Counts(event.checked_in_count, event.confirmed_count, event.capacity)


# --- Finding a person ---------------------------------------------------------------------------------------------

# Letters with marks that names bring to a German door (German, French, Polish, Turkish, … and pinyin with tone
# marks): each is compared as its plain letter, so "muller" finds Müller and "lu" finds Lǚ.
_MARKED = "".join(
    sorted(
        set(
            "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěĞğÌÍÎÏìíîïĪīĮįǏǐİıŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőǑǒ"
            "ŘřŚśŠšŞşŢţŤťÙÚÛÜùúûüŪūŮůŰűŲųǓǔǕǖǗǘǙǚǛǜÝýÿŹźŻżŽž"
        )
    )
)


def _plain(character: str) -> str:
    if character in "Łł":
        return "l" if character == "ł" else "L"
    if character in "Øø":
        return "o" if character == "ø" else "O"
    if character == "ı":
        return "i"
    return unicodedata.normalize("NFKD", character)[0]


_PLAIN = "".join(_plain(character) for character in _MARKED)
_FOLD = str.maketrans(_MARKED, _PLAIN)


def fold(text: str) -> str:
    """Text as the search compares it: marks off the letters above, ß as ss, lower case. Chinese stays as it is."""
    return text.translate(_FOLD).replace("ß", "ss").replace("ẞ", "ss").lower()


class Folded(Func):
    """`fold` in the database: TRANSLATE on PostgreSQL; on SQLite, which has no TRANSLATE, `fold` itself as a
    function of the connection (a chain of REPLACE for 135 letters is deeper than SQLite's parser goes).

    Lower() follows: SQLite's lower() knows ASCII only, which is enough once the marked letters are plain.
    """

    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"REPLACE(TRANSLATE({inner}, %s, %s), %s, %s)", [*params, _MARKED, _PLAIN, "ß", "ss"]

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        # Idempotent: registering it again on the same connection replaces it by itself.
        connection.connection.create_function(SQLITE_FOLD, 1, _fold_or_none, deterministic=True)
        inner, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FOLD}({inner})", params


SQLITE_FOLD = "nanjingweek_fold"


def _fold_or_none(text):
    return None if text is None else fold(text)


def _folded(field: str):
    return Lower(Folded(F(field)))


def search_terms(query: str) -> list[str]:
    """The words of a search, folded; at most MAX_QUERY_LENGTH characters of it."""
    return [fold(word) for word in (query or "")[:MAX_QUERY_LENGTH].split()]


def attendees(event: Event, query: str = ""):
    """The event's confirmed attendees whose name, name in Latin letters or organization holds every word searched
    (in any order, either script, case and marks not mattering), by name in Latin letters: a QuerySet to page."""
    people = (
        Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .select_related("checked_in_by")
        .only(
            "pk",
            "event_id",
            "name",
            "name_romanized",
            "organization",
            "ticket_code",
            "status",
            "checked_in_at",
            "checked_in_by__username",
            "checked_in_by__first_name",
            "checked_in_by__last_name",
        )
    )
    terms = search_terms(query)
    if terms:
        people = people.annotate(
            folded_name=_folded("name"),
            folded_romanized=_folded("name_romanized"),
            folded_organization=_folded("organization"),
        )
        for term in terms:
            people = people.filter(
                Q(folded_name__contains=term)
                | Q(folded_romanized__contains=term)
                | Q(folded_organization__contains=term)
            )
    sort_name = Lower(Coalesce(NullIf("name_romanized", Value("")), "name"))
    return people.order_by(sort_name, "name", "pk")
