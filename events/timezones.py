"""Showing a moment in a place's own time, and naming the zone in the reader's language so nobody has to guess.

Names come from CLDR through Babel: "Central European Time", „Mitteleuropäische Zeit“, “中欧时间”. Visible text
never shows an IANA ID (``Europe/Berlin``): those stay in ``<option value>`` and machine-readable attributes.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache

from babel.dates import get_timezone_location, get_timezone_name
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nanjingweek.typography import TEXT_SETTINGS, annotated, format_locale

# Abbreviations CLDR offers that name several zones (China / US Central, India / Israel / Ireland): never shown.
AMBIGUOUS_ABBREVIATIONS = {"CST", "IST", "BST", "AST", "EST", "ADT"}


def utc_offset_label(moment: datetime) -> str:
    """'UTC+1', 'UTC+5:30', 'UTC−3': the same in every language."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_long_name(moment: datetime) -> str:
    """The zone's full name at that moment: 'Central European Summer Time', „Chinesische Normalzeit“, “中欧标准时间”."""
    return _names(moment).long_name


def zone_label(moment: datetime) -> str:
    """The zone to write after a time: the abbreviation the language uses ('CET', 'MEZ'), else the full name.

    Chinese has no abbreviations for European zones, so a Chinese reader sees 中欧标准时间; an ambiguous
    abbreviation is replaced by the full name too.
    """
    return _names(moment).label


def zone_title(moment: datetime) -> str:
    """What a reader may want to know besides the label: the full name and the offset, or just the offset."""
    return _names(moment).title


@dataclass(frozen=True)
class _ZoneNames:
    label: str
    long_name: str
    title: str


# The names of a zone at a moment depend only on the zone, its offset and summer time then, and the language
# (Babel reads the zone's ID and whether summer time applies; the fallback is the offset): a schedule of 300
# events needs a handful, asked for again and again. Bounded by the zones, their few offsets and the languages.
_NAMES: dict[tuple, _ZoneNames] = {}


def _names(moment: datetime) -> _ZoneNames:
    zone = moment.tzinfo
    key = (getattr(zone, "key", None) or zone.tzname(moment), moment.utcoffset(), moment.dst(), get_language())
    names = _NAMES.get(key)
    if names is None:
        names = _NAMES[key] = _zone_names(moment)
    return names


@receiver(setting_changed)
def _forget_names(*, setting, **kwargs):
    if setting in TEXT_SETTINGS:
        _NAMES.clear()


def _zone_names(moment: datetime) -> _ZoneNames:
    locale = format_locale()
    long_name = get_timezone_name(moment, width="long", locale=locale)
    if not _is_name(long_name):
        long_name = utc_offset_label(moment)
    short = get_timezone_name(moment, width="short", locale=locale)
    label = short if _is_name(short) and short not in AMBIGUOUS_ABBREVIATIONS else long_name
    offset = utc_offset_label(moment)
    title = offset if long_name in (label, offset) else annotated(long_name, offset)
    return _ZoneNames(label=label, long_name=long_name, title=title)


def zone_name(zone: zoneinfo.ZoneInfo | str) -> str:
    """A zone's name for a list to choose from: 'Central European Time (Berlin)', “中国标准时间（上海）”."""
    return _zone_name(str(zone), get_language() or "en", timezone.now().year)


@lru_cache(maxsize=1024)
def _zone_name(key: str, language: str, year: int) -> str:
    zone = zoneinfo.ZoneInfo(key)
    locale = format_locale(language)
    winter, summer = (datetime(year, month, 15, 12, tzinfo=dt_timezone.utc).astimezone(zone) for month in (1, 7))
    if winter.utcoffset() == summer.utcoffset():
        # No summer time: the standard name says exactly what the clock shows ("China Standard Time").
        name = get_timezone_name(winter, width="long", locale=locale)
    else:
        name = get_timezone_name(zone, width="long", zone_variant="generic", locale=locale)
        # Without a generic name CLDR falls back to the country ("United Kingdom Time"); the standard name is better.
        if name == get_timezone_location(zone, locale=locale):
            name = get_timezone_name(winter, width="long", locale=locale)
    if not _is_name(name):
        name = utc_offset_label(winter)
    city = get_timezone_location(zone, locale=locale, return_city=True)
    # Several zones share a name (Berlin and Paris are both Central European Time): the city tells them apart.
    if city and city != key and not key.startswith(("UTC", "Etc/")) and city not in name:
        return annotated(name, city)
    return name


def zone_sort_key(key: str) -> tuple:
    """West to east, then by name: the order of a list of zones people scan for their own."""
    offset = timezone.now().astimezone(zoneinfo.ZoneInfo(key)).utcoffset() or timedelta(0)
    return (offset, zone_name(key))


def requested_zone(key: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone a visitor asked for (``?tz=Asia/Shanghai``), or None for anything that is not an IANA zone."""
    if not key or key not in _available_zones():
        return None
    return zoneinfo.ZoneInfo(key)


@lru_cache(maxsize=1)
def _available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def day_shift(moment: datetime, reference: datetime) -> int:
    """How many calendar days `moment`'s local date lies after `reference`'s (-1, 0, +1 …)."""
    return (moment.date() - reference.date()).days


def _is_name(text: str) -> bool:
    # Babel falls back to "+0800" or "GMT+08:00" where CLDR has no name; those are offsets, not names.
    return bool(text) and not any(character.isdigit() for character in text)


def attach_zone(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The naive wall-clock `value` as an aware moment in `zone`; an hour skipped by the clock change is refused.

    An hour that happens twice (the night the clocks go back) means its first occurrence.
    """
    aware = value.replace(tzinfo=zone)
    if aware.astimezone(dt_timezone.utc).astimezone(zone).replace(tzinfo=None) != value:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s: the clocks are put forward that night."),
            code="nonexistent_time",
            params={"time": value.strftime("%H:%M"), "zone": zone_name(zone)},
        )
    return aware
