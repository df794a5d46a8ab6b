"""VTIMEZONEs made from the tz database (zoneinfo), one observance for each change of offset.

icalendar (6.3.1 to 7.3.2 alike) writes a DAYLIGHT observance's DTSTART as the local time *after* the change
(Europe/Berlin: ``20250330T030000``), where RFC 5545 wants the local time before it, in TZOFFSETFROM
(``20250330T020000``): readers that follow the RFC (libical) then place the switch to summer time an hour late.
So the feeds describe their zones themselves: the onset of each observance is the instant zoneinfo changes the
offset, written as the wall-clock time just before the change, so ``DTSTART − TZOFFSETFROM`` is that instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

# The tz database never changes a zone's offset twice within six hours; a scan in such steps finds every change,
# and a bisection to the second finds its instant.
STEP = timedelta(hours=6)


@dataclass(frozen=True)
class Observance:
    """What a zone's clocks say from `onset` (UTC) on, and what they said before."""

    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_daylight: bool

    @property
    def local_onset(self) -> datetime:
        """The onset as RFC 5545 writes it in DTSTART: the wall-clock time before the change, without a zone."""
        return (self.onset + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, bool, str]:
    local = instant.astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname()


def observances(zone: ZoneInfo, first_date: date, last_date: date) -> list[Observance]:
    """The observance in force at local midnight of `first_date`, then one for each change of offset, summer
    time or zone name before local midnight of `last_date`."""
    start = datetime.combine(first_date, time(), tzinfo=zone).astimezone(dt_timezone.utc)
    end = datetime.combine(last_date, time(), tzinfo=zone).astimezone(dt_timezone.utc)
    offset, daylight, name = _state(zone, start)
    found = [Observance(start, offset, offset, name, daylight)]
    moment = start
    while moment < end:
        following = min(moment + STEP, end)
        state = _state(zone, following)
        if state != (offset, daylight, name):
            # The first second of the new state: after `low`, at or before `high` (whole seconds since the epoch).
            low, high = int(moment.timestamp()), int(following.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, datetime.fromtimestamp(middle, dt_timezone.utc)) == state:
                    high = middle
                else:
                    low = middle
            onset = datetime.fromtimestamp(high, dt_timezone.utc)
            found.append(Observance(onset, offset, state[0], state[2], state[1]))
            offset, daylight, name = state
        moment = following
    return found


def vtimezone(tzid: str, first_date: date, last_date: date) -> icalendar.Timezone | None:
    """The VTIMEZONE of an IANA zone between two dates; None for a name the tz database does not know."""
    try:
        zone = ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    component = icalendar.Timezone()
    component.add("tzid", tzid)
    for observance in observances(zone, first_date, last_date):
        part = icalendar.TimezoneDaylight() if observance.is_daylight else icalendar.TimezoneStandard()
        part.add("dtstart", observance.local_onset)
        part.add("tzoffsetfrom", observance.offset_from)
        part.add("tzoffsetto", observance.offset_to)
        part.add("tzname", observance.name)
        component.add_component(part)
    return component
