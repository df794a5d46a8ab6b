"""Reading calendar files back with libical, the C library behind Evolution, GNOME Calendar and many servers:
software nobody here wrote. Debian's gir1.2-ical-3.0 binds it for Python (ICalGLib) and python3-gi loads the
binding, both for the system's Python only, so libical runs in a subprocess of /usr/bin/python3. ./dev test
installs both packages; without them these tests skip locally and fail in CI (tests.browser.unavailable).

`read_calendar(ics, instants=...)` parses the file, runs libical's iTIP restriction check (what METHOD:PUBLISH
requires of each component), and gives every complaint libical wrote into the file (X-LIC-ERROR), each event's
start in UTC as libical computes it from the file's own VTIMEZONE, and the local time libical gives an instant
in a zone of the file.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from tests.browser import unavailable

SYSTEM_PYTHON = Path("/usr/bin/python3")
UTC_FORMAT = "%Y%m%dT%H%M%SZ"

# Runs in the system's Python: reads {"ics": text, "instants": [[tzid, "YYYYMMDDTHHMMSSZ"], ...]} on standard input
# and writes {"errors": [...], "starts": {uid: "YYYYMMDDTHHMMSSZ"}, "local": ["YYYYMMDDTHHMMSS", ...]}.
SCRIPT = r"""
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal

request = json.load(sys.stdin)
root = ICal.Component.new_from_string(request["ics"])
if root is None:
    json.dump({"errors": ["libical could not parse the file at all"], "starts": {}, "local": []}, sys.stdout)
    sys.exit()
ICal.restriction_check(root)

def components(component):
    yield component
    child = component.get_first_component(ICal.ComponentKind.ANY_COMPONENT)
    while child is not None:
        yield from components(child)
        child = component.get_next_component(ICal.ComponentKind.ANY_COMPONENT)

everything = list(components(root))
errors = []
for component in everything:
    found = component.get_first_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    while found is not None:
        errors.append(ICal.Component.kind_to_string(component.isa()) + ": " + found.get_xlicerror())
        found = component.get_next_property(ICal.PropertyKind.XLICERROR_PROPERTY)

# Zones made from the file's own VTIMEZONEs, never libical's built-in copies of the tz database.
zones = {}
for component in everything:
    if component.isa() == ICal.ComponentKind.VTIMEZONE_COMPONENT:
        zone = ICal.Timezone.new()
        zone.set_component(component.clone())
        zones[zone.get_tzid()] = zone
utc = ICal.Timezone.get_utc_timezone()

starts = {}
for component in everything:
    if component.isa() != ICal.ComponentKind.VEVENT_COMPONENT:
        continue
    start = component.get_first_property(ICal.PropertyKind.DTSTART_PROPERTY)
    tzid = start.get_first_parameter(ICal.ParameterKind.TZID_PARAMETER)
    local = ICal.Time.new_from_string(start.get_value_as_string())
    local.set_timezone(zones[tzid.get_tzid()] if tzid is not None else utc)
    starts[component.get_uid()] = local.convert_to_zone(utc).as_ical_string()

local_times = []
for tzid, instant in request["instants"]:
    moment = ICal.Time.new_from_string(instant)
    local_times.append(moment.convert_to_zone(zones[tzid]).as_ical_string())

json.dump({"errors": errors, "starts": starts, "local": local_times}, sys.stdout)
"""


@dataclass(frozen=True)
class Reading:
    """What libical made of a calendar file."""

    errors: list[str]  # every X-LIC-ERROR, prefixed with its component: "VEVENT: Failed iTIP restrictions …"
    starts: dict[str, datetime]  # each VEVENT's DTSTART in UTC, by UID
    local_times: list[datetime]  # the `instants`, each in its zone: naive local times


def read_calendar(ics: bytes, *, instants: list[tuple[str, datetime]] = ()) -> Reading:
    """libical's reading of `ics`; `instants` are (TZID, aware datetime) pairs to show in that VTIMEZONE."""
    if not SYSTEM_PYTHON.exists():
        unavailable(f"{SYSTEM_PYTHON} is missing: libical's Python binding lives in the system's Python")
    request = {
        "ics": ics.decode("utf-8"),
        "instants": [[tzid, moment.astimezone(dt_timezone.utc).strftime(UTC_FORMAT)] for tzid, moment in instants],
    }
    result = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", SCRIPT], input=json.dumps(request), capture_output=True, text=True, timeout=60
    )
    if result.returncode != 0:
        # python3-gi missing, or the ICalGLib typelib of gir1.2-ical-3.0.
        if "No module named 'gi'" in result.stderr or "Namespace ICalGLib not available" in result.stderr:
            unavailable("libical's binding is missing: apt-get install gir1.2-ical-3.0 python3-gi (./dev test does)")
        raise AssertionError(f"libical's reader failed:\n{result.stderr}")
    answer = json.loads(result.stdout)
    return Reading(
        errors=answer["errors"],
        starts={uid: parse_utc(value) for uid, value in answer["starts"].items()},
        local_times=[datetime.strptime(value, "%Y%m%dT%H%M%S") for value in answer["local"]],
    )


def parse_utc(value: str) -> datetime:
    return datetime.strptime(value, UTC_FORMAT).replace(tzinfo=dt_timezone.utc)
