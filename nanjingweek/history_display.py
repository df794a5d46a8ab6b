"""The programme's history as organizers read it: fields by name and language, values as the admin shows them.

simple-history's own page lists ``title_de: Alt → Neu``; here the same change reads "Title (German): Alt → Neu"
(„Titel (Deutsch)“, “标题（德语）”), a venue by its name, a choice by its label, a start in the venue's local time
with its zone ("12 Nov 2025, 09:00 CET → 10:00 CET"), and a long text as the few words that changed.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from difflib import SequenceMatcher
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from modeltranslation.fields import TranslationField
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from events.timezones import zone_label
from nanjingweek.admin_completeness import language_name
from nanjingweek.typography import annotated, with_zone

EMPTY = "—"
# Longer values are shown as the words that changed with a few around them, not in full.
LONG_TEXT = 120
CONTEXT_TOKENS = 12
# Words in Latin script, single Han characters (Chinese has no spaces to split at), spaces, punctuation.
TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


def format_moment(moment: datetime) -> str:
    """An aware moment in its own zone, short, with the zone named: "7 Nov 2025, 09:30 CET"."""
    # The same pattern as the admin's lists (events/admin.py format_local).
    pattern = pgettext("admin list date and time", "j M Y, H:i")
    return with_zone(date_format(moment, pattern), zone_label(moment))


def format_time(moment: datetime) -> str:
    """Only the time of day, with the zone: for a new value on the same day as the old one."""
    return with_zone(date_format(moment, pgettext("admin history time of day", "H:i")), zone_label(moment))


def field_label(field: models.Field) -> str:
    """ "Title", or for one language of a translated field "Title (German)"."""
    if isinstance(field, TranslationField):
        return annotated(capfirst(field.translated_field.verbose_name), language_name(field.language))
    return capfirst(field.verbose_name)


def text_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The two texts shortened to what changed: removed words in <del>, added ones in <ins>, a few around them."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    opcodes = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    old_parts: list[str] = []
    new_parts: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            head = [] if index == 0 else same[:CONTEXT_TOKENS]
            tail = [] if index == len(opcodes) - 1 else same[-CONTEXT_TOKENS:]
            if len(head) + len(tail) < len(same):
                shown = conditional_escape("".join(head)) + "…" + conditional_escape("".join(tail))
            else:
                shown = conditional_escape("".join(same))
            old_parts.append(shown)
            new_parts.append(shown)
            continue
        if i2 > i1:
            old_parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # escaped above


def _is_empty(value) -> bool:
    return value is None or value == ""


class ReadableChanges(HistoricalRecordContextHelper):
    """The "Changes" of one historical record, in the reader's language; times in `zone` (the venue's)."""

    def __init__(self, model, historical_record, *, zone: ZoneInfo | None = None):
        super().__init__(model, historical_record)
        self.zone = zone or timezone.get_current_timezone()

    def context_for_delta_changes(self, delta):
        # In the order of the form (the model's fields), not simple-history's alphabetical one.
        order = {field.name: index for index, field in enumerate(self.model._meta.fields)}
        changes = sorted(
            # Empty is empty: a language column saved as "" where it was NULL is no change anyone made.
            (change for change in delta.changes if not (_is_empty(change.old) and _is_empty(change.new))),
            key=lambda change: order.get(change.field, len(order)),
        )
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def format_delta_change(self, change: ModelChange) -> ModelChange:
        field = self.model._meta.get_field(change.field)
        old, new = change.old, change.new
        if isinstance(old, datetime) and isinstance(new, datetime):
            old, new = old.astimezone(self.zone), new.astimezone(self.zone)
            shown_new = format_time(new) if old.date() == new.date() else format_moment(new)
            return ModelChange(field_label(field), format_moment(old), shown_new)
        old_text, new_text = self.value_text(field, old), self.value_text(field, new)
        if max(len(old_text), len(new_text)) > LONG_TEXT and EMPTY not in (old_text, new_text):
            old_html, new_html = text_diff(old_text, new_text)
        else:
            old_html, new_html = conditional_escape(old_text), conditional_escape(new_text)
        return ModelChange(field_label(field), old_html, new_html)

    def value_text(self, field: models.Field, value) -> str:
        if value is None or value == "" or isinstance(value, DeletedObject) and value.pk is None:
            # A foreign key that was empty comes as a "deleted object" without key: it was simply not set.
            return EMPTY
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if isinstance(value, datetime):
            return format_moment(value.astimezone(self.zone))
        if isinstance(value, date):
            return date_format(value, "DATE_FORMAT")
        if isinstance(value, FieldFile):
            return value.name or EMPTY
        return str(localize(value))
