"""The template files to download (XLSX and CSV): every column and two example rows that import as they are."""

from __future__ import annotations

import csv
import io
from datetime import date, time

from events.models import Edition, Topic, Venue
from events.programme_import.columns import COLUMNS, EVENT, SESSION


def template_rows() -> list[list[object]]:
    """The header and two example rows (an event and a session of it) that import as they are into this programme.

    The examples name the current edition, a venue and a topic that exist, and a day of the edition.
    """
    edition = Edition.objects.current()
    venue = Venue.objects.select_related("city").order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    day = edition.start_date if edition else date(2025, 11, 12)
    header = [column.name for column in COLUMNS]
    event = {column.name: column.example for column in COLUMNS if column.for_events}
    event.update(
        type=EVENT,
        slug="example-forum",
        edition=edition.slug if edition else "",
        venue=venue.name_en if venue else "",
        start_date=day,
        start_time=time(9, 30),
        end_date=day,
        end_time=time(12, 0),
        topics=topic.slug if topic else "",
        summary_en="One or two sentences for the schedule.",
        summary_de="Ein oder zwei Sätze für das Programm.",
        summary_zh_hans="用于日程的一两句话。",
    )
    session = {column.name: column.example for column in COLUMNS if column.for_sessions}
    session.update(
        type=SESSION,
        event="example-forum",
        start_date=day,
        start_time=time(9, 30),
        end_date=day,
        end_time=time(10, 0),
        title_en="Opening remarks",
        title_de="Eröffnungsworte",
        title_zh_hans="开幕致辞",
        room_en="Great Hall",
        room_de="Großer Saal",
        room_zh_hans="大厅",
        order=1,
    )
    session["description_en"] = session["description_de"] = session["description_zh_hans"] = ""
    return [header, [event.get(name, "") for name in header], [session.get(name, "") for name in header]]


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Programme"
    header, *examples = template_rows()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in examples:
        sheet.append(values)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, time):
                cell.number_format = "hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(delimiter: str = ",") -> bytes:
    """The template as CSV in UTF-8 with a byte-order mark, so that Excel opens the special characters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for values in template_rows():
        writer.writerow(
            [
                value.strftime("%H:%M")
                if isinstance(value, time)
                else value.isoformat()
                if isinstance(value, date)
                else value
                for value in values
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
