"""Where the programme takes place: maps of the city stops and venues, drawn on the server as inline SVG.

No tiles and no map service: the land and country outlines are a small committed file made from Natural Earth
(events/geodata/, public domain), projected here (Mercator, per region) together with the venues' coordinates.
The stops are continents apart, so each country with a region of its own (Germany, China) is a panel of its
own. A venue without coordinates, or outside every region, is left out of the drawing and stays in the list of
stops, which is the map's real content (templates/includes/stops_map.html).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language

from events.models import Event, Venue
from nanjingweek.locales import country_name, sort_key

OUTLINES = Path(__file__).resolve().parent / "geodata" / "outlines.json"

# The width of a panel in SVG units, its height following from its region's box: drawn 1:1 on the narrowest phone
# (320 px less the margins), larger on wider screens (static/css/site.css).
PANEL_WIDTH = 288
# The regions in the order of their panels; the country (ISO 3166) whose cities each one shows.
REGION_ORDER = ("DE", "CN")
MARKER_RADIUS = 5
# City labels, in SVG units; CSS gives them the same size (static/css/site.css, "Maps and charts").
LABEL_SIZE = 13
LOCATOR_LABEL_SIZE = 18


def mercator_y(latitude: float) -> float:
    """Mercator's northing in degrees of longitude: equal on the map, equal angles on the ground."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


@dataclass(frozen=True)
class Projection:
    """A region's box (degrees) onto a panel `width` units wide, north up; the height follows."""

    west: float
    south: float
    east: float
    north: float
    width: float = PANEL_WIDTH

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def height(self) -> float:
        return (mercator_y(self.north) - mercator_y(self.south)) * self.scale

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        """(x, y) in the panel of a place, y downwards as in SVG."""
        return (longitude - self.west) * self.scale, (mercator_y(self.north) - mercator_y(latitude)) * self.scale

    def path(self, rings) -> str:
        """SVG path data of closed rings of [longitude, latitude] points, to one decimal (a tenth of a pixel)."""
        parts = []
        for ring in rings:
            points = [self.point(latitude, longitude) for longitude, latitude in ring]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(parts)


@dataclass(frozen=True)
class Region:
    code: str
    projection: Projection
    land: str
    country: str


@functools.cache
def regions() -> dict[str, Region]:
    """The committed outlines, projected once per process: the same drawing for every page."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))["regions"]
    result = {}
    for code in REGION_ORDER:
        entry = data[code]
        projection = Projection(*entry["box"])
        result[code] = Region(code, projection, projection.path(entry["land"]), projection.path(entry["country"]))
    return result


@dataclass(frozen=True)
class Marker:
    venue: object
    x: float
    y: float


@dataclass(frozen=True)
class Label:
    city: object
    text: str
    x: float
    y: float
    anchor: str  # SVG text-anchor: start, end or middle


@dataclass
class Panel:
    """One region's drawing: its outlines, a marker per venue in it, a label per city."""

    region: Region
    markers: list[Marker] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def name(self) -> str:
        """The region's country as the page's language names it."""
        return country_name(self.region.code)

    @property
    def width(self) -> int:
        return round(self.region.projection.width)

    @property
    def height(self) -> int:
        return round(self.region.projection.height)


@dataclass(frozen=True)
class CityStop:
    city: object
    venues: list


@dataclass(frozen=True)
class StopsMap:
    panels: list[Panel]
    stops: list[CityStop]  # every city with its venues, drawn or not: the text the map stands for


def has_coordinates(venue) -> bool:
    return venue.latitude is not None and venue.longitude is not None


def draw(venues, *, label_size: int = LABEL_SIZE) -> list[Panel]:
    """The panels that show at least one of `venues` (with `city` loaded), in REGION_ORDER."""
    panels: dict[str, Panel] = {}
    places: dict[str, dict[int, list[Marker]]] = {}
    for venue in venues:
        region = regions().get(venue.city.country)
        if region is None or not has_coordinates(venue):
            continue
        latitude, longitude = float(venue.latitude), float(venue.longitude)
        if not region.projection.contains(latitude, longitude):
            continue
        x, y = region.projection.point(latitude, longitude)
        marker = Marker(venue, round(x, 1), round(y, 1))
        panels.setdefault(region.code, Panel(region)).markers.append(marker)
        places.setdefault(region.code, {}).setdefault(venue.city.pk, []).append(marker)
    for code, panel in panels.items():
        panel.labels = place_labels(panel, places[code], label_size)
    return [panels[code] for code in REGION_ORDER if code in panels]


def text_width(text: str, size: float) -> float:
    """A generous guess of a label's width: CJK characters are square, Latin ones about 0.6 of the size."""
    return sum(size if ord(character) >= 0x2E80 else 0.6 * size for character in text)


def place_labels(panel: Panel, markers_by_city: dict, size: float) -> list[Label]:
    """A label per city beside the middle of its markers: to the right, else left, above or below, where it
    stays inside the panel and clear of the labels placed before it and of every marker (cities from west to
    east; the first place that fits, else the first one inside the panel)."""

    def marker_box(m: Marker):
        return (m.x - MARKER_RADIUS, m.y - MARKER_RADIUS, m.x + MARKER_RADIUS, m.y + MARKER_RADIUS)

    placed = []
    labels = []
    cities = sorted(markers_by_city.values(), key=lambda markers: sum(m.x for m in markers) / len(markers))
    for markers in cities:
        city = markers[0].venue.city
        x = sum(m.x for m in markers) / len(markers)
        y = sum(m.y for m in markers) / len(markers)
        width, gap = text_width(city.name, size), MARKER_RADIUS + 3
        # (anchor, text x, baseline y, box) for each place, the box as (left, top, right, bottom).
        candidates = [
            ("start", x + gap, y + size * 0.35, (x + gap, y - size * 0.6, x + gap + width, y + size * 0.5)),
            ("end", x - gap, y + size * 0.35, (x - gap - width, y - size * 0.6, x - gap, y + size * 0.5)),
            ("middle", x, y - gap, (x - width / 2, y - gap - size, x + width / 2, y - gap + size * 0.25)),
            ("middle", x, y + gap + size * 0.8, (x - width / 2, y + gap - size * 0.1, x + width / 2, y + gap + size)),
        ]
        inside = [c for c in candidates if within(c[3], panel.width, panel.height)] or candidates[:1]
        # Clear of the labels placed and of the other cities' markers (a city's own lie beside its label).
        obstacles = placed + [marker_box(m) for m in panel.markers if m.venue.city.pk != city.pk]
        anchor, text_x, text_y, box = next(
            (c for c in inside if not any(overlaps(c[3], other) for other in obstacles)), inside[0]
        )
        placed.append(box)
        labels.append(Label(city, city.name, round(text_x, 1), round(text_y, 1), anchor))
    return labels


def within(box, width, height) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def stops_of(venues) -> list[CityStop]:
    """Cities with their venues, Germany's first (the regions' order), then by name as the page's language
    sorts it (pinyin in Chinese)."""
    key = sort_key(get_language())
    by_city: dict[int, CityStop] = {}
    for venue in sorted(venues, key=lambda venue: key(venue.name)):
        by_city.setdefault(venue.city.pk, CityStop(venue.city, [])).venues.append(venue)

    def order(stop: CityStop):
        country = stop.city.country
        return (REGION_ORDER.index(country) if country in REGION_ORDER else len(REGION_ORDER), key(stop.city.name))

    return sorted(by_city.values(), key=order)


def edition_stops_map(edition) -> StopsMap | None:
    """The map of an edition's stops: every venue of its published events, in one query; None without any."""
    if edition is None:
        return None
    # A semi-join on the venues' ids rather than a join made DISTINCT: PostgreSQL sorted every published event's
    # wide venue row to drop the repeats (13 ms at 300 events, against well under one).
    events = Event.objects.published().filter(edition=edition)
    venues = list(Venue.objects.filter(pk__in=events.values("venue_id")).select_related("city"))
    if not venues:
        return None
    return StopsMap(panels=draw(venues), stops=stops_of(venues))


def venue_locator(venue) -> Panel | None:
    """A small map of the venue's country with the venue on it; None where it cannot be drawn."""
    panels = draw([venue], label_size=LOCATOR_LABEL_SIZE)
    return panels[0] if panels else None
