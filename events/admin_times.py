"""Venue-local times in the admin: inputs that name their zone, and agenda times typed without a date.

Django's date and time pickers compare the browser's clock with the page's (``data-admin-utc-offset``, the venue's
on a change page, see ``VenueClockMixin``) and add "Note: You are 1 hour behind server time." beside every input.
For a venue-local field that note contradicts the field: the time typed is the venue's, whatever the browser's
zone. ``LocalSplitDateTime`` renders the venue's zone beside the inputs as the element that note would be
(``.timezonewarning``): it is there without JavaScript, and the pickers see it and add no note of their own. Their
"Now" still reads the page's offset, so it gives the venue's current time.

Sessions take a time alone (``DayOptionalSplitDateTimeField``); the rule for the missing date is ``session_day``.
"""

from __future__ import annotations

from datetime import date, datetime
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from events.timezones import zone_long_name
from nanjingweek.typography import annotated


class LocalSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's date and time inputs with the place's zone named beside them (``zone_note``)."""

    zone_note = ""

    class Media:
        css = {"all": ["css/admin-times.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.zone_note:
            return html
        # Inside Django's <p class="datetime">, the inputs' parent, where the pickers look for a note.
        # (Django's form renderer reads only apps' templates, so the note is added here, not in a template.)
        head, _closing, tail = html.rpartition("</p>")
        note = format_html('<span class="help timezonewarning local-zone">{}</span>', self.zone_note)
        return mark_safe(f"{head}{note}</p>{tail}")  # noqa: S308 - both parts are escaped HTML


class LocalSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date + time inputs, kept naive: the form attaches the place's zone, not the server's."""

    widget = LocalSplitDateTime

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.combine(*data_list)


class DayOptionalSplitDateTimeField(LocalSplitDateTimeField):
    """As above, but a time without a date is kept as a bare time: the form supplies the day (``session_day``)."""

    def compress(self, data_list):
        if data_list and data_list[0] in self.empty_values and data_list[1] not in self.empty_values:
            return data_list[1]
        return super().compress(data_list)


def local_date(moment: datetime | None, zone: ZoneInfo | None) -> date | None:
    return moment.astimezone(zone).date() if moment is not None and zone is not None else None


def session_day(
    name: str, *, event_start: datetime | None, session_start: datetime | None, zone: ZoneInfo
) -> date | None:
    """The day of a session time typed without a date, in the venue's `zone`.

    The rule, kept simple so that an organizer can predict it: a start without a date is on the event's first
    (local) day; an end without a date is on the day the session starts, or the event's first day if the start
    has no date either. A session on a later day, or one past midnight, needs its date typed; an end that would
    come before its start is refused as any such session is. None when the event has no date yet.
    """
    if name == "ends_at" and session_start is not None:
        return local_date(session_start, zone)
    return local_date(event_start, zone)


def is_bare_time(value) -> bool:
    return isinstance(value, time_of_day)


def format_local(moment: datetime | None) -> str:
    """An aware moment in its own zone, short, with the zone's name in the reader's language.

    "7 Nov 2025, 09:30 (Central European Standard Time)", „7. Nov. 2025, 09:30 (Mitteleuropäische Normalzeit)“,
    “2025年11月7日 09:30（中国标准时间）”: the name the public pages give the zone, never an abbreviation to decode.
    """
    if moment is None:
        return ""
    # Translators: date and time in admin lists, Django date format syntax (e.g. "j. M Y, H:i", "Y年n月j日 H:i").
    pattern = pgettext("admin list date and time", "j M Y, H:i")
    return annotated(date_format(moment, pattern), zone_long_name(moment))
