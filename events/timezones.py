"""Showing a moment in a place's own time, and naming the zone so nobody has to guess."""

from datetime import datetime, timedelta

# Abbreviations that name several zones (China / US Central, India / Israel / Ireland): show the offset instead.
AMBIGUOUS_ABBREVIATIONS = {"CST", "IST", "BST", "AST", "EST", "ADT"}


def utc_offset_label(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(moment: datetime) -> str:
    """'CET' or 'CEST' where the abbreviation is unambiguous, else the offset: 'UTC+8'."""
    name = moment.tzname() or ""
    if name.isalpha() and name.isupper() and name not in AMBIGUOUS_ABBREVIATIONS:
        return name
    return utc_offset_label(moment)


def day_shift(moment: datetime, reference: datetime) -> int:
    """How many calendar days `moment`'s local date lies after `reference`'s (-1, 0, +1 …)."""
    return (moment.date() - reference.date()).days
