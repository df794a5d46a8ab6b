"""The maps of the city stops (events/maps.py): projection, what is drawn and what is listed, the SVG, queries."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from events import maps
from events.maps import Projection, mercator_y
from tests.factories import make_city, make_edition, make_event, make_venue

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)

LEIPZIG = (Decimal("51.348900"), Decimal("12.371500"))
MUNICH = (Decimal("48.143200"), Decimal("11.570100"))
STUTTGART = (Decimal("48.780200"), Decimal("9.173300"))
DIETFURT = (Decimal("49.036300"), Decimal("11.587300"))
NANJING = (Decimal("32.008700"), Decimal("118.731100"))


def test_mercator_northing_of_known_latitudes():
    assert mercator_y(0) == pytest.approx(0, abs=1e-9)
    # The northing of 45° is asinh(tan 45°) = asinh(1) radians, 50.499°.
    assert mercator_y(45) == pytest.approx(math.degrees(math.asinh(1)))
    assert mercator_y(-45) == pytest.approx(-math.degrees(math.asinh(1)))
    assert mercator_y(60) == pytest.approx(math.degrees(math.asinh(math.tan(math.radians(60)))))


def test_projection_puts_the_box_corners_on_the_panel_corners_north_up():
    projection = Projection(west=10, south=0, east=20, north=45, width=200)
    assert projection.scale == 20
    assert projection.height == pytest.approx(math.degrees(math.asinh(1)) * 20)
    assert projection.point(45, 10) == pytest.approx((0, 0))
    assert projection.point(0, 20) == pytest.approx((200, projection.height))
    # Halfway in longitude is halfway across; halfway in latitude lies below the middle (Mercator stretches north).
    x, y = projection.point(22.5, 15)
    assert x == pytest.approx(100)
    assert y > projection.height / 2


def test_projection_of_leipzig_and_nanjing_on_their_regions():
    germany, china = maps.regions()["DE"].projection, maps.regions()["CN"].projection
    assert germany.contains(*map(float, LEIPZIG)) and not germany.contains(*map(float, NANJING))
    assert china.contains(*map(float, NANJING)) and not china.contains(*map(float, LEIPZIG))
    x, y = germany.point(51.3489, 12.3715)
    assert x == pytest.approx((12.3715 - germany.west) * germany.scale)
    assert y == pytest.approx((mercator_y(germany.north) - mercator_y(51.3489)) * germany.scale)
    # Leipzig lies north-east of Munich: to the right of it and above it.
    munich_x, munich_y = germany.point(48.1432, 11.5701)
    assert x > munich_x and y < munich_y


def test_projection_path_is_closed_rings_in_panel_units():
    projection = Projection(west=0, south=0, east=10, north=10, width=100)
    assert projection.path([[[0, 10], [10, 10], [10, 0]]]) == (f"M0.0 0.0L100.0 0.0L100.0 {projection.height:.1f}Z")


def test_outlines_are_drawn_for_both_regions():
    germany, china = maps.regions()["DE"], maps.regions()["CN"]
    assert germany.land.startswith("M") and germany.country.startswith("M")
    assert china.land.startswith("M")
    # China's region is land only: no border is drawn there (events/geodata/make_outlines.py says why).
    assert china.country == ""


def stops_edition():
    edition = make_edition(slug="stops")
    places = {
        "leipzig": ("Leipzig", "DE", LEIPZIG),
        "munich": ("Munich", "DE", MUNICH),
        "stuttgart": ("Stuttgart", "DE", STUTTGART),
        "dietfurt": ("Dietfurt an der Altmühl", "DE", DIETFURT),
        "nanjing": ("Nanjing", "CN", NANJING),
    }
    venues = {}
    for slug, (name, country, (latitude, longitude)) in places.items():
        zone = "Asia/Shanghai" if country == "CN" else "Europe/Berlin"
        city = make_city(slug=slug, name_en=name, country=country, timezone=zone)
        venues[slug] = make_venue(slug=f"{slug}-hall", city=city, latitude=latitude, longitude=longitude)
        make_event(edition=edition, venue=venues[slug])
    return edition, venues


@pytest.mark.django_db
def test_edition_map_draws_a_panel_per_country_with_a_marker_per_venue_and_a_label_per_city():
    edition, venues = stops_edition()
    second_leipzig = make_venue(
        slug="augusteum", city=venues["leipzig"].city, latitude=Decimal("51.3385"), longitude=Decimal("12.3797")
    )
    make_event(edition=edition, venue=second_leipzig)

    stops_map = maps.edition_stops_map(edition)

    assert [panel.code for panel in stops_map.panels] == ["DE", "CN"]
    germany, china = stops_map.panels
    assert sorted(marker.venue.slug for marker in germany.markers) == sorted(
        ["leipzig-hall", "augusteum", "munich-hall", "stuttgart-hall", "dietfurt-hall"]
    )
    assert [marker.venue.slug for marker in china.markers] == ["nanjing-hall"]
    assert sorted(label.text for label in germany.labels) == [
        "Dietfurt an der Altmühl",
        "Leipzig",
        "Munich",
        "Stuttgart",
    ]
    # Germany's stops first, then by name; each city with its venues.
    assert [stop.city.slug for stop in stops_map.stops] == ["dietfurt", "leipzig", "munich", "stuttgart", "nanjing"]
    assert [venue.slug for venue in stops_map.stops[1].venues] == ["augusteum", "leipzig-hall"]


@pytest.mark.django_db
def test_labels_stay_inside_their_panel_and_clear_of_each_other():
    edition, _ = stops_edition()
    for panel in maps.edition_stops_map(edition).panels:
        boxes = []
        for label in panel.labels:
            width = maps.text_width(label.text, maps.LABEL_SIZE)
            left = {"start": label.x, "end": label.x - width, "middle": label.x - width / 2}[label.anchor]
            box = (left, label.y - 0.75 * maps.LABEL_SIZE, left + width, label.y + 0.2 * maps.LABEL_SIZE)
            assert maps.within(box, panel.width, panel.height), label
            assert not any(maps.overlaps(box, other) for other in boxes), label
            boxes.append(box)


@pytest.mark.django_db
def test_venue_without_coordinates_or_outside_every_region_is_listed_but_not_drawn():
    edition = make_edition(slug="stops")
    leipzig = make_city(slug="leipzig", name_en="Leipzig")
    drawn = make_venue(slug="drawn", city=leipzig, latitude=LEIPZIG[0], longitude=LEIPZIG[1])
    unplaced = make_venue(slug="unplaced", city=leipzig)
    vienna = make_city(slug="vienna", name_en="Vienna", country="AT")
    abroad = make_venue(slug="abroad", city=vienna, latitude=Decimal("48.2082"), longitude=Decimal("16.3738"))
    for venue in (drawn, unplaced, abroad):
        make_event(edition=edition, venue=venue)

    stops_map = maps.edition_stops_map(edition)

    assert [(panel.code, [marker.venue for marker in panel.markers]) for panel in stops_map.panels] == [("DE", [drawn])]
    assert [(stop.city, stop.venues) for stop in stops_map.stops] == [(leipzig, [drawn, unplaced]), (vienna, [abroad])]
    html = render_to_string("includes/stops_map.html", {"edition": edition})
    assert 'href="/en/venues/unplaced/"' in html and 'href="/en/venues/abroad/"' in html


@pytest.mark.django_db
def test_edition_map_leaves_out_drafts_and_other_editions_and_is_none_without_venues():
    edition = make_edition(slug="stops")
    assert maps.edition_stops_map(edition) is None
    assert maps.edition_stops_map(None) is None
    make_event(edition=edition, venue=make_venue(slug="draft-only"), status="draft")
    make_event(venue=make_venue(slug="elsewhere"))
    assert maps.edition_stops_map(edition) is None
    assert render_to_string("includes/stops_map.html", {"edition": edition}).strip() == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_map_panels_are_well_formed_svg_with_numbers_not_localized(language):
    edition, _ = stops_edition()
    with translation.override(language):
        html = render_to_string("includes/stops_map.html", {"edition": edition})
    svgs = SVG.findall(html)
    assert len(svgs) == 2
    for svg in svgs:
        root = ET.fromstring(svg)  # raises on markup that is not XML
        assert root.get("aria-hidden") == "true"
        circles = root.findall(".//circle")
        assert circles
        # German writes 12,5: numbers in SVG must keep their point.
        assert all(re.fullmatch(r"\d+(\.\d+)?", circle.get("cx")) for circle in circles)
        assert all(link.get("tabindex") == "-1" for link in root.findall("a"))
    assert f'href="/{language}/cities/nanjing/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_edition_map_costs_one_query_for_one_or_many_venues(django_assert_num_queries, count):
    edition = make_edition(slug="stops")
    for index in range(count):
        city = make_city(slug=f"city-{index}", country="DE" if index % 2 else "CN", timezone="Europe/Berlin")
        venue = make_venue(slug=f"venue-{index}", city=city, latitude=LEIPZIG[0], longitude=LEIPZIG[1])
        make_event(edition=edition, venue=venue)
    with django_assert_num_queries(1):
        html = render_to_string("includes/stops_map.html", {"edition": edition})
    assert html.count('class="stops-list__city"') == count


@pytest.mark.django_db
def test_venue_locator_shows_the_venue_in_its_country_and_nothing_without_coordinates():
    venue = make_venue(slug="augusteum", latitude=LEIPZIG[0], longitude=LEIPZIG[1])
    panel = maps.venue_locator(venue)
    assert (panel.code, [marker.venue for marker in panel.markers], len(panel.labels)) == ("DE", [venue], 1)
    html = render_to_string("includes/venue_locator.html", {"venue": venue})
    ET.fromstring(SVG.search(html).group())
    assert "<a " not in html  # a locator links nowhere: the page is the venue's

    assert maps.venue_locator(make_venue(slug="unplaced")) is None
    assert render_to_string("includes/venue_locator.html", {"venue": make_venue(slug="unplaced-2")}).strip() == ""


@pytest.mark.django_db
def test_venue_page_shows_the_locator_and_the_openstreetmap_link_only_with_coordinates(client):
    placed = make_venue(slug="augusteum", latitude=LEIPZIG[0], longitude=LEIPZIG[1])
    unplaced = make_venue(slug="unplaced")

    html = client.get(f"/de/venues/{placed.slug}/").content.decode()
    assert html.count('class="locator"') == 1 and "map--locator" in html
    assert 'href="https://www.openstreetmap.org/?mlat=51.348900&amp;mlon=12.371500#map=17/51.348900/12.371500"' in html

    html = client.get(f"/de/venues/{unplaced.slug}/").content.decode()
    assert "locator" not in html and "openstreetmap" not in html
