"""Make outlines.json, the land and country outlines the maps of events/maps.py draw, from Natural Earth.

Run by hand when the regions change, never by the site (nothing is fetched at run time):

    npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    .venv/bin/python events/geodata/make_outlines.py /tmp/world-atlas/node_modules/world-atlas

world-atlas (ISC, Mike Bostock) carries Natural Earth 4.1.0 (public domain) as TopoJSON, quantized and in
degrees. For each region this keeps the land inside the region's box (clipped to it), and for the regions that
highlight one, that country's outline; simplified (Douglas–Peucker) to a tolerance fit for a map some 300 px
wide, and rounded to 0.01°.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("outlines.json")

# Box (west, south, east, north) in degrees; the country drawn stronger (ISO 3166 numeric id), if any;
# tolerance of simplification in degrees. China's region is drawn as land only: its land borders include
# disputed ones that a locator map of one city has no reason to take a side on.
REGIONS = {
    "DE": {"box": (5.4, 47.0, 15.6, 55.2), "country": "276", "tolerance": 0.02},
    "CN": {"box": (103.0, 19.0, 131.0, 42.0), "country": None, "tolerance": 0.06},
}
MIN_RING_AREA = {"DE": 0.002, "CN": 0.02}  # square degrees: islets below this are left out


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring_points(ring, arcs) for ring in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_points(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    if geometry["type"] == "GeometryCollection":
        return [polygon for part in geometry["geometries"] for polygon in polygons(part, arcs)]
    return []


def clip(ring, box):
    """Sutherland–Hodgman: the part of `ring` inside the box (a filled shape stays filled along the box's edge)."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: cross_y(a, b, north)),
    ]
    points = ring
    for inside, crossing in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(crossing(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(crossing(previous, point))
            previous = point
        points = clipped
    return points


def cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas–Peucker, iterative; the first and last point are kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def outline(rings, box, tolerance, min_area):
    result = []
    for ring in rings:
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        clipped = clip(ring, box)
        if len(clipped) < 3 or area(clipped) < min_area:
            continue
        # A ring is closed: simplify it as two halves, so that its first point is not the only one kept on its side.
        middle = len(clipped) // 2
        simple = (
            simplify(clipped[: middle + 1], tolerance)[:-1] + simplify(clipped[middle:] + clipped[:1], tolerance)[:-1]
        )
        rounded = []
        for lon, lat in simple:
            point = [round(lon, 2), round(lat, 2)]
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) >= 3:
            result.append(rounded)
    return result


def main(atlas: Path) -> None:
    land = json.loads((atlas / "land-50m.json").read_text())
    countries = json.loads((atlas / "countries-50m.json").read_text())
    land_arcs, country_arcs = decode_arcs(land), decode_arcs(countries)
    land_rings = [ring for polygon in polygons(land["objects"]["land"], land_arcs) for ring in polygon]
    regions = {}
    for code, region in REGIONS.items():
        box, tolerance = region["box"], region["tolerance"]
        entry = {"box": list(box), "land": outline(land_rings, box, tolerance, MIN_RING_AREA[code]), "country": []}
        if region["country"]:
            geometry = next(
                g for g in countries["objects"]["countries"]["geometries"] if g.get("id") == region["country"]
            )
            rings = [ring for polygon in polygons(geometry, country_arcs) for ring in polygon]
            entry["country"] = outline(rings, box, tolerance, MIN_RING_AREA[code])
        regions[code] = entry
    document = {
        "source": "Natural Earth 4.1.0, 1:50m land and admin-0 countries, via the npm package world-atlas 2.0.2",
        "licence": "Natural Earth: public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "made_by": "events/geodata/make_outlines.py",
        "regions": regions,
    }
    OUTPUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    sys.stdout.write(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
