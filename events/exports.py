"""Registrations as a spreadsheet: the columns and the rules for every cell, for the CSV and the XLSX export alike.

Organizers open these files in Excel, often German Excel, so:

- every text cell a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab or carriage
  return, OWASP's rule for CSV injection) gets a single quote in front and is otherwise kept as typed; all cells
  are text or real dates, so no number is changed by this;
- the CSV is UTF-8 with a byte order mark, `;` between cells and CRLF line ends: what German Excel opens with a
  double click, umlauts and Chinese intact;
- the XLSX writes such cells as strings explicitly (openpyxl would store `=…` as a formula) and its times as real
  date-times;
- times are the venue's local times, the zone named in a column of its own (a selection may span venues);
- headers and labels are in the organizer's admin language; anonymized registrations stay anonymized.

One query, whatever the number of rows: the event, its venue's city (the zone) and the delegation are joined.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from events.models import Registration
from events.models.registrations import format_ticket_code
from events.timezones import zone_name
from nanjingweek.locales import country_name

# OWASP, "CSV Injection": the characters a spreadsheet takes as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The number format of the XLSX date-time cells: ISO order reads the same in every language and sorts as text too.
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Excel refuses these in a sheet's name, and more than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31

# Control characters an XML file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): removed from both files alike,
# before the formula check, so that "\x01=cmd" cannot hide its "=".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralized(text: str) -> str:
    """The text as a spreadsheet shows it and never runs it: a single quote before a formula's first character."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


Cell = str | datetime | None


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Registration, ZoneInfo], Cell]
    # Personal data: empty once the registration is anonymized (the erasure left placeholders in some fields).
    personal: bool = False


def _field_label(name: str) -> str:
    return Registration._meta.get_field(name).verbose_name


def _local(name: str) -> Callable[[Registration, ZoneInfo], datetime | None]:
    """A moment of the registration as the wall-clock time at the venue (naive: the zone is a column of its own)."""

    def value(registration: Registration, zone: ZoneInfo) -> datetime | None:
        moment = getattr(registration, name)
        return timezone.localtime(moment, zone).replace(tzinfo=None) if moment else None

    return value


def _country(registration: Registration, zone: ZoneInfo) -> str:
    return country_name(registration.country) if registration.country else ""


def _delegation(registration: Registration, zone: ZoneInfo) -> str:
    delegation = registration.delegation
    if delegation is None:
        return ""
    return delegation.organization or delegation.contact_name


def columns() -> tuple[Column, ...]:
    """The export's columns, labelled in the active language (the organizer's)."""
    return (
        Column(_field_label("event"), lambda r, zone: r.event.title),
        Column(gettext("event (slug)"), lambda r, zone: r.event.slug),
        Column(_field_label("ticket_code"), lambda r, zone: format_ticket_code(r.ticket_code)),
        Column(_field_label("status"), lambda r, zone: r.get_status_display()),
        Column(_field_label("created_at"), _local("created_at")),
        Column(_field_label("consent_at"), _local("consent_at")),
        Column(_field_label("confirmed_at"), _local("confirmed_at")),
        Column(_field_label("cancelled_at"), _local("cancelled_at")),
        Column(_field_label("checked_in_at"), _local("checked_in_at")),
        Column(gettext("time zone of the times"), lambda r, zone: zone_name(zone)),
        Column(_field_label("name"), lambda r, zone: r.name),
        Column(_field_label("name_romanized"), lambda r, zone: r.name_romanized, personal=True),
        Column(_field_label("email"), lambda r, zone: r.email, personal=True),
        Column(_field_label("organization"), lambda r, zone: r.organization, personal=True),
        Column(_field_label("organization_kind"), lambda r, zone: r.get_organization_kind_display()),
        Column(_field_label("country"), _country),
        Column(gettext("country code"), lambda r, zone: r.country),
        Column(_field_label("language"), lambda r, zone: r.get_language_display()),
        Column(_field_label("delegation"), _delegation, personal=True),
        Column(_field_label("anonymized_at"), _local("anonymized_at")),
    )


def export_rows(queryset) -> list[Registration]:
    """The selected registrations with what the columns read, in one query: by event, then as they came in."""
    return list(
        queryset.select_related("event__venue__city", "delegation").order_by(
            "event__starts_at", "event_id", "created_at", "pk"
        )
    )


def _cells(registration: Registration, table: tuple[Column, ...]) -> list[Cell]:
    zone = registration.event.zone
    anonymized = registration.anonymized_at is not None
    cells = []
    for column in table:
        value = "" if anonymized and column.personal else column.value(registration, zone)
        cells.append(neutralized(CONTROL_CHARACTERS.sub("", value)) if isinstance(value, str) else value)
    return cells


def _headers(table: tuple[Column, ...]) -> list[str]:
    return [neutralized(capfirst(str(column.header))) for column in table]


def _filename(rows: list[Registration], extension: str) -> str:
    """`<event-slug>-registrations-<date of the export>.csv`; without a slug when several events are in it."""
    slugs = {registration.event.slug for registration in rows}
    stem = f"{slugs.pop()}-registrations" if len(slugs) == 1 else "registrations"
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def _attachment(content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    # Slugs and dates are ASCII: no RFC 5987 encoding needed.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- CSV -------------------------------------------------------------------------------------------------------


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime(CSV_DATETIME_FORMAT)
    return cell


def registrations_csv(queryset) -> HttpResponse:
    """The registrations as a CSV file German Excel opens directly: `;`, UTF-8 with a BOM, CRLF."""
    rows = export_rows(queryset)
    table = columns()
    response = _attachment(CSV_CONTENT_TYPE, _filename(rows, "csv"))
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers(table))
    writer.writerows([_csv_text(cell) for cell in _cells(registration, table)] for registration in rows)
    return response


# --- XLSX ------------------------------------------------------------------------------------------------------


def sheet_name(rows: list[Registration]) -> str:
    """The event's title when the rows are of one event, else "Registrations", as Excel allows a sheet's name."""
    titles = {registration.event.title for registration in rows}
    name = titles.pop() if len(titles) == 1 else capfirst(str(Registration._meta.verbose_name_plural))
    # Nor may it begin or end with an apostrophe, or be empty.
    name = SHEET_NAME_FORBIDDEN.sub(" ", name)[:SHEET_NAME_LENGTH].strip().strip("'").strip()
    return name or capfirst(str(Registration._meta.verbose_name_plural))[:SHEET_NAME_LENGTH]


def _display_width(text: str) -> int:
    # Chinese characters take two columns of Excel's width unit, Latin letters one.
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _column_widths(header: list[str], body: Iterable[list[Cell]]) -> list[int]:
    widths = [_display_width(text) for text in header]
    for cells in body:
        for index, cell in enumerate(cells):
            if isinstance(cell, datetime):
                widths[index] = max(widths[index], len(XLSX_DATETIME_FORMAT))
            elif cell:
                widths[index] = max(widths[index], _display_width(cell))
    # A little air, and no column so wide that the sheet cannot be read on a laptop.
    return [min(width + 2, 50) for width in widths]


def registrations_xlsx(queryset) -> HttpResponse:
    """The same columns and cells as the CSV in an Excel workbook: bold frozen header, widths, real date-times."""
    rows = export_rows(queryset)
    table = columns()
    header = _headers(table)
    body = [_cells(registration, table) for registration in rows]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(rows)
    bold = Font(bold=True)
    for column_index, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column_index, value=text)
        cell.data_type = "s"
        cell.font = bold
    for row_index, cells in enumerate(body, start=2):
        for column_index, value in enumerate(cells, start=1):
            if value is None:
                continue
            if isinstance(value, datetime):
                cell = sheet.cell(row=row_index, column=column_index, value=value)
                cell.number_format = XLSX_DATETIME_FORMAT
            else:
                cell = sheet.cell(row=row_index, column=column_index, value=value)
                # Text, whatever it begins with: openpyxl would make a formula of a string starting with "=".
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column_index, width in enumerate(_column_widths(header, body), start=1):
        sheet.column_dimensions[get_column_letter(column_index)].width = width

    output = io.BytesIO()
    workbook.save(output)
    response = _attachment(XLSX_CONTENT_TYPE, _filename(rows, "xlsx"))
    response.write(output.getvalue())
    return response


# --- Admin actions (RegistrationAdmin.actions) -------------------------------------------------------------------
# Everyone who may see registrations may export them: Organizers, and Check-in staff for their lists at the door.


@admin.action(description=_("Export as CSV (Excel)"), permissions=("view",))
def export_csv(modeladmin, request, queryset):
    return registrations_csv(queryset)


@admin.action(description=_("Export as XLSX"), permissions=("view",))
def export_xlsx(modeladmin, request, queryset):
    return registrations_xlsx(queryset)
