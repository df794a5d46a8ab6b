"""/schedule.json as c3voc's own tools read it: the `c3voc-schedule-tools` package from PyPI loads it
(voc.schedule.Schedule, as its from_file/from_url do) and converts it to the frab XML.

The package pins icalendar < 6, lxml < 5 and pytz < 2023, which conflict with the project's own, so it lives in a
virtual environment of its own under var/, made once per version: the package without its dependencies, and only
those its `voc` package imports on loading (requests, pytz, python-dateutil, lxml, beautifulsoup4, GitPython,
ics, icalendar), within its pins. Without the package index it skips on a developer's machine and fails under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from events.models import Event
from tests.browser import unavailable
from tests.factories import (
    BERLIN,
    SHANGHAI,
    make_city,
    make_edition,
    make_event,
    make_session,
    make_speaker,
    make_venue,
)

pytestmark = [pytest.mark.django_db, pytest.mark.rendering]

VERSION = "1.1.0"
ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "var" / f"c3voc-schedule-tools-{VERSION}"
# What `import voc` imports, within the package's own pins.
IMPORTS = [
    "requests>=2.32,<3",
    "pytz>=2022.6,<2023",
    "python-dateutil>=2.8.2,<3",
    "lxml>=4.9.1,<5",
    "beautifulsoup4>=4.12.3,<5",
    "GitPython>=3.1.41,<4",
    "ics>=0.7.2,<0.8",
    "icalendar>=5.0.12,<6",
    "six>=1.16,<2",
]
# Load the schedule as Schedule.from_file does, then print its frab XML and what it counted.
CONVERT = """
import json, sys
from voc.schedule import Schedule
schedule = Schedule.from_dict(json.load(sys.stdin))
print(json.dumps({"events": schedule.stats.events_count, "rooms": schedule.rooms(),
                  "start": schedule.conference_start().date().isoformat(), "zone": str(schedule.tz())}))
sys.stdout.write(schedule.xml())
"""


def venv_python() -> Path:
    return VENV / "bin" / "python"


def c3voc_tools() -> Path:
    """The virtual environment's Python, made the first time (half a minute) and reused after. A virtual
    environment names its own path in its scripts, so it is made where it stays; `ready` marks it complete."""
    ready = VENV / "ready"
    if ready.exists():
        return venv_python()
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True)
    pip = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for arguments in (["--no-deps", f"c3voc-schedule-tools=={VERSION}"], IMPORTS):
        result = subprocess.run([*pip, *arguments], capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            unavailable(f"pip could not install c3voc-schedule-tools {VERSION}: {result.stderr.strip()[-500:]}")
    ready.touch()
    return venv_python()


def test_c3voc_schedule_tools_load_the_json_and_write_frab_xml(client):
    edition = make_edition(slug="cnw-2025", is_current=True, start_date=date(2025, 11, 1), end_date=date(2025, 11, 30))
    hall = make_venue(city=make_city(), name_en="Kongresshalle")
    forum = make_event(edition=edition, venue=hall, slug="forum", starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    make_session(event=forum, room_en="Saal 1").speakers.set([make_speaker(name_en="Zhang San")])
    make_event(edition=edition, venue=hall, slug="dialogue", starts_at=datetime(2025, 11, 7, 14, tzinfo=BERLIN))
    gala = make_event(
        edition=edition,
        venue=make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"), name_en="Nanjing Hall"),
        slug="gala",
        kind=Event.Kind.PERFORMANCE,
        starts_at=datetime(2025, 11, 20, 19, tzinfo=SHANGHAI),
    )
    served = client.get(reverse("schedule_json"), {"lang": "de"}).content

    python = c3voc_tools()
    result = subprocess.run(
        [str(python), "-c", CONVERT],
        input=served,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr.decode()
    stats_line, xml = result.stdout.decode().split("\n", 1)

    assert json.loads(stats_line) == {
        "events": 3,
        "rooms": ["Kongresshalle: Saal 1", "Kongresshalle", "Nanjing Hall"],
        "start": "2025-11-01",
        "zone": "Europe/Berlin",
    }
    root = ElementTree.fromstring(xml.removeprefix('<?xml version="1.0"?>').strip())
    assert [day.get("date") for day in root.findall("day")] == ["2025-11-07", "2025-11-20"]
    events = {event.findtext("slug"): event for event in root.iter("event")}
    assert list(events) == ["forum", "dialogue", "gala"]
    assert events["gala"].get("id") == str(gala.pk)
    assert (events["gala"].findtext("date"), events["gala"].findtext("start")) == ("2025-11-20T19:00:00+08:00", "19:00")
    assert events["forum"].findtext("room") == "Kongresshalle: Saal 1"
    assert [person.text for person in events["forum"].iter("person")] == ["Zhang San"]
    assert events["forum"].findtext("language") == "de"
    guids = {event["slug"]: event["guid"] for day in json.loads(served)["schedule"]["conference"]["days"]
             for events in day["rooms"].values() for event in events}  # fmt: skip
    assert {slug: event.get("guid") for slug, event in events.items()} == guids
