from django import template
from django.utils.formats import date_format

from events.timezones import day_shift, utc_offset_label, zone_label

register = template.Library()


@register.filter
def zone(moment):
    """The zone of an aware datetime as a reader can use it: 'CET', 'CEST', 'UTC+8'."""
    return zone_label(moment) if moment else ""


@register.filter
def utc_offset(moment):
    return utc_offset_label(moment) if moment else ""


@register.filter
def long_date(moment):
    """'7 November 2025', '7. November 2025', '2025年11月7日' — per the page's language."""
    return date_format(moment, "DATE_FORMAT") if moment else ""


@register.filter
def short_time(moment):
    return date_format(moment, "TIME_FORMAT") if moment else ""


@register.inclusion_tag("includes/second_clock.html")
def second_clock(moment, zone, local_zone):
    """The same moment on a second clock, with the day shift marked: '16:30 UTC+8 (+1 day)'."""
    if not moment or not zone:
        return {"moment": None}
    local = moment.astimezone(local_zone)
    other = moment.astimezone(zone)
    shift = day_shift(other, local)
    return {"moment": other, "shift": shift, "days": abs(shift), "zone_name": str(zone).replace("_", " ")}
