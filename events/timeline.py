"""What is now: where an event stands (to come, running, over), "today" at its venue, and where an edition stands.

The public pages read the time once per request from `now()` and pass it down; every rule below takes that
moment as an argument, so tests travel in time by passing a moment or by patching this one function
(``monkeypatch.setattr(timeline, "now", lambda: moment)``), with no clock library.

- An event is *running* from its start to its end, both included; *upcoming* before its start; *past* after
  its end. An event without a date is *announced*: never past, never running. The QuerySets say the same in SQL
  (`EventQuerySet.running`, `.upcoming`, `.past`); `tests/events/test_timeline.py` holds them to each other.
- "Today" is the venue's: a Nanjing event is today by the date in Nanjing (the city's IANA zone), whatever the
  date in Leipzig at that moment. At 23:30 in Leipzig it is already 06:30 the next morning in Nanjing.
- An edition's days are calendar dates without a zone (its first and last day); they are compared with the
  date of the site's own zone (`settings.TIME_ZONE`), which is what `edition_today` gives.

Nothing here is cached: the answer changes as the clock moves, and so do the pages that ask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from events.models import Edition, Event

UPCOMING = "upcoming"
RUNNING = "running"
PAST = "past"
ANNOUNCED = "announced"  # no date yet: neither upcoming in time nor ever past


def now() -> datetime:
    """The moment the public pages show the programme at. The one clock to patch in tests."""
    return timezone.now()


def edition_today(moment: datetime) -> date:
    """The calendar date editions are compared with: the date in the site's time zone at `moment`."""
    return timezone.localdate(moment)


def phase(event: Event, moment: datetime) -> str:
    """UPCOMING, RUNNING, PAST, or ANNOUNCED (no date) — `event` at `moment`, by its start and end."""
    if event.starts_at is None or event.ends_at is None:
        return ANNOUNCED
    if moment < event.starts_at:
        return UPCOMING
    if moment <= event.ends_at:
        return RUNNING
    return PAST


def local_today(event: Event, moment: datetime) -> date:
    """The date at the event's venue at `moment`."""
    return moment.astimezone(event.zone).date()


def is_today(event: Event, moment: datetime) -> bool:
    """Whether the event takes place, wholly or in part, on the venue's date at `moment` (needs venue and city)."""
    if event.starts_at is None or event.ends_at is None:
        return False
    return event.local_start.date() <= local_today(event, moment) <= event.local_end.date()


@dataclass(frozen=True)
class Badge:
    key: str  # running, today, past: the CSS modifier badge--<key>
    label: str


def badge(event: Event, moment: datetime) -> Badge | None:
    """The word a list shows beside an event at `moment`: happening now, today (at the venue, not begun yet)
    or took place. Cancelled and postponed events carry their own badge instead, and drafts are never shown."""
    if event.status != "published":
        return None
    where = phase(event, moment)
    if where == RUNNING:
        return Badge(RUNNING, pgettext("event badge", "Happening now"))
    if where == PAST:
        return Badge(PAST, pgettext("event badge", "Took place"))
    if where == UPCOMING and is_today(event, moment):
        return Badge("today", pgettext("event badge", "Today"))
    return None


@dataclass
class Programme:
    """Events divided as the schedule shows them: running now, still to come, announced without a date, over.

    Each list keeps the order it was given in; `split` is the Python twin of the QuerySets' filters, for pages
    that load a whole edition once and show it in parts.
    """

    running: list[Event] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    announced: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)

    @classmethod
    def split(cls, events: Iterable[Event], moment: datetime) -> Programme:
        programme = cls()
        parts = {RUNNING: programme.running, UPCOMING: programme.upcoming, ANNOUNCED: programme.announced}
        for event in events:
            where = phase(event, moment)
            if where == RUNNING and event.status != "published":
                # A cancelled or postponed event is not happening, whatever its times: it stays in its day.
                where = UPCOMING
            parts.get(where, programme.past).append(event)
        return programme

    @property
    def ahead(self) -> list[Event]:
        """What is not over: running, to come, and announced — what the schedule shows by default."""
        return [*self.running, *self.upcoming, *self.announced]


def edition_phase(edition: Edition, today: date) -> str:
    """UPCOMING, RUNNING or PAST: the edition on the calendar date `today` (see `edition_today`)."""
    if today < edition.start_date:
        return UPCOMING
    if today <= edition.end_date:
        return RUNNING
    return PAST


def current_edition(editions: Iterable[Edition], today: date) -> Edition | None:
    """The edition `EditionQuerySet.current(today)` chooses, among `editions` (load them all): the Python twin of
    its order (`current_first`), for pages that load every edition anyway and need not ask again."""

    def order(edition):
        not_over = edition.end_date >= today
        return (
            not edition.is_current,
            not not_over,
            edition.start_date if not_over else date.max,
            -edition.end_date.toordinal(),
            -edition.start_date.toordinal(),
            edition.pk,
        )

    return min(editions, key=order, default=None)


def editions_over(editions: Iterable[Edition], today: date) -> list[Edition]:
    """The editions among `editions` whose last day lies before `today`, the latest first: the Python twin of
    `EditionQuerySet.over(today)`."""
    over = [edition for edition in editions if edition.end_date < today]
    return sorted(over, key=lambda other: (-other.end_date.toordinal(), -other.start_date.toordinal(), other.pk))
