"""When the public pages change by the clock alone, with nobody saving anything.

A page shows the programme at a moment (events.timeline): an event is upcoming, then happening now, then took
place; registration opens and closes; a news article scheduled for later appears; "today" at a venue and the
site's own date (the current edition, an exhibition on show) turn at midnight in their zones; the list of zones
to choose a second clock from is sorted by their offsets, which move when summer time begins or ends.

Between two such moments every page stays the same, so the page cache keys a page on the window it was rendered
in: `window(now, token)` gives its start and end. The moments come from the database once per content version and
process (a change of content may move them), the midnights and offset changes from the zones themselves.
"""

from __future__ import annotations

import bisect
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings

# An event is running up to and including its end: it took place from the next instant on.
AFTER = timedelta(microseconds=1)
# What reading the moments costs: one query, once per content version and process, on the first page rendered
# after a change (the query budgets of the page tests, which each begin with a new version, count it).
QUERIES = 1
# How far ahead summer time changes are looked for; beyond it a window simply ends.
OFFSET_HORIZON_DAYS = 400


@dataclass(frozen=True)
class Window:
    start: float  # seconds since the epoch: the last moment at or before `now` when something changed
    end: float  # the next moment after `now` when something changes (infinity: none known)


@dataclass
class _Moments:
    token: str
    moments: list[float]
    zones: list[zoneinfo.ZoneInfo]


_moments: _Moments | None = None
_zone_windows: dict[str, Window] = {}


def window(now: datetime, token: str) -> Window:
    """The window around `now` in which no page changes by the clock, for the content of version `token`."""
    global _moments
    if _moments is None or _moments.token != token:
        _moments = _Moments(token, *_load())
    timestamp = now.timestamp()
    moments = _moments.moments
    index = bisect.bisect_right(moments, timestamp)
    start = moments[index - 1] if index else float("-inf")
    end = moments[index] if index < len(moments) else float("inf")
    for zone in _moments.zones:
        around = _zone_window(zone, now)
        start, end = max(start, around.start), min(end, around.end)
    return Window(start, end)


def _load() -> tuple[list[float], list[zoneinfo.ZoneInfo]]:
    """Every event's start, end and registration times, every article's publication, and every city's zone: one
    query (a UNION), so that a page rendered after a change costs one query more, not three."""
    from django.db.models import CharField, DateTimeField, F, Value

    from events.forms import COMMON_ZONES
    from events.models import City, Event
    from nanjingweek.models import NewsArticle

    # Every column an annotation, named and added in the same order, so the three SELECTs line up column by column.
    def columns(queryset, first=None, second=None, third=None, fourth=None, zone=None):
        def moment(name):
            return F(name) if name else Value(None, output_field=DateTimeField())

        return (
            queryset.annotate(
                moment_1=moment(first),
                moment_2=moment(second),
                moment_3=moment(third),
                moment_4=moment(fourth),
                zone_key=F(zone) if zone else Value("", output_field=CharField()),
            )
            .values_list("moment_1", "moment_2", "moment_3", "moment_4", "zone_key")
            .order_by()
        )

    events = columns(Event.objects.all(), "starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    articles = columns(NewsArticle.objects.all(), "published_at")
    zones = columns(City.objects.all(), zone="timezone")
    moments, keys = set(), {settings.TIME_ZONE, *COMMON_ZONES}
    for starts_at, ends_at, opens_at, closes_at, zone in events.union(articles, zones, all=True):
        moments.update(moment.timestamp() for moment in (starts_at, opens_at, closes_at) if moment is not None)
        if ends_at is not None:
            moments.add((ends_at + AFTER).timestamp())
        if zone:
            keys.add(zone)
    return sorted(moments), [zoneinfo.ZoneInfo(key) for key in sorted(keys)]


def _zone_window(zone: zoneinfo.ZoneInfo, now: datetime) -> Window:
    """From the zone's last midnight to its next midnight or change of offset, whichever comes first."""
    known = _zone_windows.get(zone.key)
    timestamp = now.timestamp()
    if known is not None and known.start <= timestamp < known.end:
        return known
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date(), datetime.min.time(), tzinfo=zone)
    next_midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    ends = [next_midnight.timestamp()]
    change = _next_offset_change(zone, now)
    if change is not None:
        ends.append(change.timestamp())
    known = Window(midnight.timestamp(), min(ends))
    _zone_windows[zone.key] = known
    return known


def _next_offset_change(zone: zoneinfo.ZoneInfo, now: datetime) -> datetime | None:
    """The first moment after `now` at which the zone's UTC offset differs from now's, to the second."""
    now = now.astimezone(dt_timezone.utc)
    offset = now.astimezone(zone).utcoffset()
    for day in range(1, OFFSET_HORIZON_DAYS + 1):
        later = now + timedelta(days=day)
        if later.astimezone(zone).utcoffset() != offset:
            low, high = later - timedelta(days=1), later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            return high.replace(microsecond=0)
    return None


def forget() -> None:
    """Drop what this process remembers (tests that travel in time between content versions call it)."""
    global _moments
    _moments = None
    _zone_windows.clear()
