"""Reading an XLSX or CSV file into numbered rows of cells by column: the limits, the header row, the delimiter."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.programme_import.columns import COLUMNS_BY_NAME
from nanjingweek.typography import joined, quoted

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_ROWS = 1000
EMPTY_ROWS_AT_END = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the organizer as is."""


@dataclass
class Record:
    """One row of the spreadsheet: its number as the spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, object]


def read_records(content: bytes, name: str) -> tuple[list[str], list[Record]]:
    """The columns and the non-empty rows of an XLSX or CSV file; ImportFileError if it cannot be read."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than %(size)d MB. Split the programme into several files.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."))
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(NOT_A_SPREADSHEET)
    else:
        rows = _csv_rows(content)
    header: list[str] | None = None
    records: list[Record] = []
    for number, values in rows:
        if all(is_empty(value) for value in values):
            continue
        if header is None:
            header = _header(values)
            continue
        if len(records) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)d rows. Split the programme into several files.")
                % {"count": MAX_ROWS}
            )
        extra = [value for value in values[len(header) :] if not is_empty(value)]
        if extra:
            raise ImportFileError(
                _("Row %(row)d has more cells than the header row has column names.") % {"row": number}
            )
        cells = {column: value for column, value in zip(header, values, strict=False) if column}
        records.append(Record(number, cells))
    if header is None:
        raise ImportFileError(_("The file has no header row naming the columns."))
    return [column for column in header if column], records


NOT_A_SPREADSHEET = _(
    "This file is not a spreadsheet that can be read. Save it as an Excel workbook (.xlsx) or as CSV (UTF-8)."
)


def _xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows, filled, empty_in_a_row = [], 0, 0
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                if all(is_empty(value) for value in values):
                    # A sheet formatted down to its last row reports a million empty ones: they end the data.
                    empty_in_a_row += 1
                    if empty_in_a_row > EMPTY_ROWS_AT_END:
                        break
                    continue
                empty_in_a_row = 0
                rows.append((number, list(values)))
                filled += 1
                if filled > MAX_ROWS + 1:
                    break  # the header and one row too many: read_records says the file is too long
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - a broken file makes openpyxl's parsers raise anything at all
        raise ImportFileError(NOT_A_SPREADSHEET) from error
    return rows


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”; the "
                "special characters (ä, ö, ü, Chinese) are then kept."
            )
        ) from error
    if "\x00" in text:
        raise ImportFileError(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    # German Excel separates with semicolons, English Excel with commas: the header row tells which.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    except csv.Error as error:
        raise ImportFileError(NOT_A_SPREADSHEET) from error


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(values: list) -> list[str]:
    header = [re.sub(r"[\s-]+", "_", str(value).strip().lower()) if not is_empty(value) else "" for value in values]
    unknown = [name for name in header if name and name not in COLUMNS_BY_NAME]
    if unknown:
        raise ImportFileError(
            ngettext(
                "Unknown column: %(columns)s. The columns are listed on this page.",
                "Unknown columns: %(columns)s. The columns are listed on this page.",
                len(unknown),
            )
            % {"columns": joined([quoted(name) for name in unknown])}
        )
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise ImportFileError(
            _("These columns appear more than once: %(columns)s.") % {"columns": joined([quoted(n) for n in twice])}
        )
    if "type" not in header:
        raise ImportFileError(_("The column “type” is missing: it says whether a row is an event or a session."))
    return header
