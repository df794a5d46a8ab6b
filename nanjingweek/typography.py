"""Text the site composes, in the reader's language: quotes, brackets, labels, lists, dates, times and ranges.

Every piece of punctuation that joins two values lives here or in the catalogs, never in a template: Chinese
joins with full-width marks (``主题：``, ``（延展）``, ``南京、慕尼黑和斯图加特``), German quotes „so“ and writes
„9:30–17:00 Uhr“. Patterns that only a translator can judge are gettext strings with a ``typography`` context,
so a new language gets them with its catalog; what CLDR knows (lists, date ranges) comes from Babel.

Each function takes plain text and returns plain text. The template tags in ``site_tags`` escape the values
first and mark the result safe, so the same patterns serve HTML pages and plain-text e-mails.
"""

import re
from datetime import date, datetime
from datetime import time as time_of_day
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import FORMAT_SETTINGS, date_format
from django.utils.translation import get_language, npgettext, pgettext, to_locale

# English dates are British on this site (nanjingweek/formats/en): "7 November 2025", "1–30 November 2025".
_FORMAT_LOCALES = {"en": "en_GB"}


def format_locale(language: str | None = None) -> Locale:
    """The Babel locale whose dates and lists the site writes in a language (en → en_GB, zh-hans → zh_Hans)."""
    language = language or get_language() or "en"
    try:
        return Locale.parse(_FORMAT_LOCALES.get(language) or to_locale(language))
    except (ValueError, TypeError):
        return Locale.parse("en_GB")


def quoted(text: str) -> str:
    """A title or motto in the language's quotation marks: “…” in English and Chinese, „…“ in German."""
    return pgettext("typography: quotation marks around a title or motto", "“{text}”").format(text=text)


def bracketed(text: str) -> str:
    """A note in brackets: "(extension)", „(Verlängerung)“, “（延展）”."""
    return pgettext("typography: brackets around a note", "({text})").format(text=text)


def annotated(text: str, note: str) -> str:
    """A text followed by a note in brackets: "Zhang Wei (张伟)", „Rathaus (Verlängerung)“, “张伟（Zhang Wei）”."""
    return pgettext("typography: a text followed by a note in brackets", "{text} ({note})").format(text=text, note=note)


def labelled(label: str, value: str) -> str:
    """A label and its value: "Theme: …", "主题：…"."""
    return pgettext("typography: a label and its value", "{label}: {value}").format(label=label, value=value)


def role_at(role: str, organization: str) -> str:
    """A person's role at an organization: 'Director, Nanjing Museum', “南京博物院院长”; either alone if so given."""
    if not (role and organization):
        return role or organization
    return pgettext("typography: a person's role and their organization", "{role}, {organization}").format(
        role=role, organization=organization
    )


def joined(items) -> str:
    """A list as the language writes it: "A, B and C", „A, B und C“, “A、B和C”."""
    items = [item for item in items if item]
    return format_list(items, style="standard", locale=format_locale()) if items else ""


def list_separator(position: int, count: int) -> str:
    """What goes after item `position` (1-based) of `count` items in a written list: ", ", " and ", "、", "和"."""
    if position >= count:
        return ""
    patterns = format_locale().list_patterns["standard"]
    if count == 2:
        key = "2"
    elif position == count - 1:
        key = "end"
    else:
        key = "start" if position == 1 else "middle"
    pattern = patterns[key]
    return pattern[pattern.index("{0}") + 3 : pattern.index("{1}")]


def place_in_city(place: str, city: str) -> str:
    """A place and its city: 'House of Bavarian Business, Munich', “巴伐利亚经济之家（慕尼黑）”."""
    return pgettext("typography: a place and the city it is in", "{place}, {city}").format(place=place, city=city)


def address_line(parts) -> str:
    """The parts of an address on one line, as a calendar's LOCATION: 'Venue, Street 1, 04105 Leipzig'."""
    separator = pgettext("typography: between the parts of an address written on one line", "{first}, {next}")
    line = ""
    for part in (part for part in parts if part):
        line = separator.format(first=line, next=part) if line else part
    return line


def long_date(moment: date | datetime) -> str:
    """'7 November 2025', '7. November 2025', '2025年11月7日'."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return _long_date(get_language(), day)


def clock_time(moment: datetime) -> str:
    """'09:30' in every language: the 24-hour clock is what all three readers expect."""
    return _clock_time(get_language(), moment.time())


# The settings that change how text is written: the memos of composed text forget it when a test changes one.
TEXT_SETTINGS = FORMAT_SETTINGS | {"FORMAT_MODULE_PATH", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}


# Django's date_format costs tens of microseconds a call, and a schedule writes hundreds of dates and times that
# repeat (a few days, a few times of day). DATE_FORMAT names only the day and TIME_FORMAT only the time (the zone
# is written by `with_zone`), so the text depends on the language and that day or time alone.
@lru_cache(maxsize=4096)
def _long_date(language: str | None, day: date) -> str:
    return date_format(day, "DATE_FORMAT")


@lru_cache(maxsize=4096)
def _clock_time(language: str | None, moment: time_of_day) -> str:
    return date_format(moment, "TIME_FORMAT")


@receiver(setting_changed)
def _forget_formats(*, setting, **kwargs):
    # When a test changes the formats or the languages, as Django forgets its own (reset_format_cache).
    if setting in TEXT_SETTINGS:
        _long_date.cache_clear()
        _clock_time.cache_clear()


def at_time(time: str) -> str:
    """A time of day as a sentence uses it: '09:30', '09:30 Uhr', '09:30'."""
    return pgettext("typography: a time of day", "{time}").format(time=time)


def time_range(start: str, end: str) -> str:
    """Two times of one day: '09:30–17:00', '09:30–17:00 Uhr', '09:30—17:00'."""
    return pgettext("typography: a range of two times", "{start}–{end}").format(start=start, end=end)


def date_and_time(day: str, time: str) -> str:
    """'7 November 2025, 09:30', '7. November 2025, 09:30 Uhr', '2025年11月7日 09:30'."""
    return pgettext("typography: a date and a time", "{date}, {time}").format(date=day, time=time)


def day_and_time_range(day: str, start: str, end: str) -> str:
    """'7 November 2025, 09:30–17:00', '7. November 2025, 09:30–17:00 Uhr', '2025年11月7日 09:30—17:00'."""
    return pgettext("typography: a date and a range of two times", "{date}, {start}–{end}").format(
        date=day, start=start, end=end
    )


def moments_range(start: str, end: str) -> str:
    """Two date-and-times on different days: '7 November 2025, 09:30 – 8 November 2025, 12:00'."""
    return pgettext("typography: a range of two dates with times", "{start} – {end}").format(start=start, end=end)


def with_zone(when: str, zone: str) -> str:
    """A time followed by its zone: '09:30–17:00 CET', '09:30–17:00 Uhr MEZ', '09:30—17:00（中欧标准时间）'."""
    return pgettext("typography: a time and its time zone", "{when} {zone}").format(when=when, zone=zone)


def on_other_days(when: str, start_shift: int, end_shift: int) -> str | None:
    """A range of times on a second clock, noting the days it falls on: '16:30–00:00 (ends the next day)'.

    Shifts count days from the reader's reference dates (the venue's); (0, 0) needs no note. None when the
    two ends fall on days too different for one note: write both dates then. One day has its own words
    (“次日”, „am Folgetag“), which a plural form cannot give in a language with a single form (Chinese).
    """
    if start_shift == end_shift == 0:
        return when
    if start_shift == end_shift:
        kind, days = ("later", start_shift) if start_shift > 0 else ("earlier", -start_shift)
    elif start_shift == 0 and end_shift > 0:
        kind, days = "ends later", end_shift
    elif end_shift == 0 and start_shift < 0:
        kind, days = "starts earlier", -start_shift
    else:
        return None
    if days == 1:
        pattern = {
            "later": pgettext("typography: times on the next day", "{when} (next day)"),
            "earlier": pgettext("typography: times on the previous day", "{when} (previous day)"),
            "ends later": pgettext("typography: a range of times that ends the next day", "{when} (ends the next day)"),
            "starts earlier": pgettext(
                "typography: a range of times that starts the previous day", "{when} (starts the previous day)"
            ),
        }[kind]
    else:
        pattern = {
            "later": npgettext(
                "typography: times some days later", "{when} ({days} day later)", "{when} ({days} days later)", days
            ),
            "earlier": npgettext(
                "typography: times some days earlier",
                "{when} ({days} day earlier)",
                "{when} ({days} days earlier)",
                days,
            ),
            "ends later": npgettext(
                "typography: a range of times that ends some days later",
                "{when} (ends {days} day later)",
                "{when} (ends {days} days later)",
                days,
            ),
            "starts earlier": npgettext(
                "typography: a range of times that starts some days earlier",
                "{when} (starts {days} day earlier)",
                "{when} (starts {days} days earlier)",
                days,
            ),
        }[kind]
    return pattern.format(when=when, days=days)


def date_range(first: date, last: date) -> str:
    """Two days as CLDR writes their interval: '1–30 November 2025', '1.–30. November 2025', '2025年11月1日至30日'."""
    if first == last:
        return long_date(first)
    locale = format_locale()
    formats = locale.interval_formats
    # CLDR's widest date interval is the abbreviated month (yMMMd); the site names months in full.
    skeleton = formats.get("yMMMMd") or formats["yMMMd"]
    greatest = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    if greatest not in skeleton:
        fallback = formats[None]
        return fallback.format(long_date(first), long_date(last))
    start_pattern, end_pattern = (_full_month(part) for part in skeleton[greatest])
    return format_date(first, start_pattern, locale=locale) + format_date(last, end_pattern, locale=locale)


def _full_month(pattern: str) -> str:
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)
