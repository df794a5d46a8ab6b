"""Writes the sample programme spreadsheets the import tests read (tests/events/test_programme_import.py).

Run from the project root when the samples must change: .venv/bin/python tests/data/make_programme_samples.py
The files are committed; the tests never write them. They name the programme `programme_fixture` builds: the
edition "cnw-2025", the venues "kongresshalle" (Leipzig) and "nanjing-expo" (Nanjing), the topics "heritage"
and "tourism".
"""

import csv
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent

XLSX_HEADER = [
    "type", "event", "slug", "edition", "venue", "start_date", "start_time", "end_date", "end_time", "kind",
    "status", "title_en", "title_de", "title_zh_hans", "summary_de", "room_de", "topics", "capacity",
    "registration_required", "order",
]  # fmt: skip
XLSX_ROWS = [
    # Real date and time cells, venues named in German and in Chinese, topics by slug and by German name.
    ["event", None, "leipzig-heritage-forum", "cnw-2025", "Kongresshalle am Zoo Leipzig", date(2025, 11, 12),
     time(9, 30), date(2025, 11, 12), time(17, 0), "forum", "published", "Common Heritage, Common World",
     "Gemeinsames Erbe, gemeinsame Welt – Forum für Denkmalpflege", "共同遗产，共同世界",
     "Über Stadtmauern, Brücken und die Leipziger Altstadt.", None, "heritage; Tourismus", 300, "ja", None],
    ["session", "leipzig-heritage-forum", None, None, None, None, time(9, 30), None, time(10, 0), None, None,
     "Opening and greetings", "Eröffnung und Grußworte", "开幕式及致辞", None, "Großer Saal", None, None, None, 1],
    ["session", "leipzig-heritage-forum", None, None, None, None, time(10, 0), None, time(11, 30), None, None,
     "Panel: the Ming City Wall and Leipzig's old town", "Podium: Ming-Stadtmauer und Leipziger Altstadt",
     "圆桌论坛：明城墙与莱比锡老城", None, "Großer Saal", None, None, None, 2],
    ["event", None, "nanjing-trade-dialogue", None, "南京国际博览中心", datetime(2025, 11, 20, 14, 0), None,
     None, time(16, 0), "Dialog", None, "Nanjing Trade Dialogue", "Handelsdialog Nanjing", "南京贸易对话",
     "Gespräche über Handel und Tourismus zwischen Nanjing und Sachsen.", None, "旅游", None, "nein", None],
    ["session", "nanjing-trade-dialogue", None, None, None, "2025-11-20", "14:00", None, "15:00", None, None,
     "Keynote", "Grundsatzrede", "主旨演讲", None, None, None, None, None, None],
]  # fmt: skip

# German Excel's CSV: semicolons, dates as 13.11.2025, a byte-order mark; a session before its event's row.
CSV_ROWS = [
    ["type", "event", "slug", "venue", "start_date", "start_time", "end_date", "end_time", "kind", "title_en",
     "title_de", "title_zh_hans", "description_de", "room_en", "topics", "capacity", "registration_required",
     "announced_period_en", "order"],
    ["session", "munich-craft-workshop", "", "", "", "14:00", "", "15:30", "", "Paper cutting", "Scherenschnitt",
     "剪纸", "Für Anfänger und Fortgeschrittene.", "Room 2", "", "", "", "", "1"],
    ["event", "", "munich-craft-workshop", "kongresshalle", "13.11.2025", "14:00", "13.11.2025", "18:00",
     "Workshop", "Nanjing crafts", "Nanjinger Handwerkskunst: Brokat und Schnitzerei", "南京手工艺：云锦与雕刻",
     "Yunjin-Brokat zum Anfassen.", "", "Heritage preservation, tourism", "40", "ja", "", ""],
    ["event", "", "future-exchange", "nanjing-expo", "", "", "", "", "", "Youth exchange", "Jugendaustausch",
     "青年交流", "", "", "", "", "", "in the coming months", ""],
]  # fmt: skip

# Four mistakes, each in its own row and column, and one good row that must not be imported either.
ERROR_ROWS = [
    ["type", "slug", "venue", "start_date", "start_time", "end_time", "title_en", "title_zh_hans"],
    ["event", "unknown-venue", "Gewandhaus zu Leipzig", "12.11.2025", "10:00", "12:00", "Concert", "音乐会"],
    ["event", "backwards", "kongresshalle", "12.11.2025", "17:00", "09:00", "Backwards", "倒序"],
    ["event", "bad-date", "kongresshalle", "31.11.2025", "10:00", "12:00", "Bad date", "错误日期"],
    ["event", "long-chinese", "kongresshalle", "12.11.2025", "10:00", "12:00", "Long title", "长" * 201],
    ["event", "fine-event", "kongresshalle", "14.11.2025", "10:00", "12:00", "A fine event", "好活动"],
]


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(XLSX_HEADER)
    for row in XLSX_ROWS:
        sheet.append(row)
    workbook.save(HERE / "programme.xlsx")
    with open(HERE / "programme.csv", "w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows(CSV_ROWS)
    with open(HERE / "programme-errors.csv", "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(ERROR_ROWS)


if __name__ == "__main__":
    main()
