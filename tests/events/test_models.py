"""The programme's models: every invariant holds in the database itself, on SQLite and PostgreSQL alike.

Each refused write has a passing counterpart on the valid side of the same boundary, so a test fails
both when a constraint disappears and when it starts refusing good data.
"""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, connection, transaction

from events.models import City, Edition, Event, Session, Venue
from tests.constraints import refused_by
from tests.factories import (
    BERLIN,
    make_city,
    make_edition,
    make_event,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)

pytestmark = pytest.mark.django_db

START = datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
END = datetime(2025, 11, 7, 17, 30, tzinfo=BERLIN)
SECOND = timedelta(seconds=1)


@contextmanager
def refused_as_too_long(constraint: str):
    """PostgreSQL refuses a value longer than its column (DataError) before any CHECK runs; SQLite enforces no
    length, so there the CHECK constraint must do it."""
    if connection.vendor == "sqlite":
        with refused_by(constraint):
            yield
    else:
        with pytest.raises(DataError, match="too long"), transaction.atomic():
            yield


# --- Edition ----------------------------------------------------------------------------------------


def test_edition_may_last_a_single_day():
    edition = make_edition(start_date=date(2025, 11, 7), end_date=date(2025, 11, 7))

    assert Edition.objects.get(pk=edition.pk).end_date == date(2025, 11, 7)


def test_edition_ending_before_it_starts_is_refused():
    with refused_by("edition_ends_after_start"):
        make_edition(start_date=date(2025, 11, 7), end_date=date(2025, 11, 6))


def test_edition_moved_to_end_before_its_start_is_refused():
    edition = make_edition(start_date=date(2025, 11, 7), end_date=date(2025, 11, 8))

    with refused_by("edition_ends_after_start"):
        Edition.objects.filter(pk=edition.pk).update(end_date=date(2025, 11, 6))


def test_edition_only_one_can_be_current():
    make_edition(is_current=True)

    with refused_by("one_current_edition|events_edition.is_current"):
        make_edition(is_current=True)


def test_edition_marking_a_second_one_current_is_refused():
    make_edition(is_current=True)
    other = make_edition()

    with refused_by("one_current_edition|events_edition.is_current"):
        Edition.objects.filter(pk=other.pk).update(is_current=True)


def test_edition_many_may_be_not_current_beside_the_current_one():
    current = make_edition(is_current=True)
    others = [make_edition(), make_edition()]

    assert list(Edition.objects.filter(is_current=True)) == [current]
    assert Edition.objects.filter(is_current=False).count() == len(others)


# --- Unique slugs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [make_edition, make_city, make_venue, make_topic, make_event, make_speaker],
    ids=["edition", "city", "venue", "topic", "event", "speaker"],
)
def test_slug_taken_is_refused(build):
    build(slug="leipzig-2025")
    build(slug="leipzig-2026")

    with refused_by("slug"):
        build(slug="leipzig-2025")


# --- City -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["DE", "CN"])
def test_city_country_iso_code_accepted(country):
    city = make_city(country=country)

    assert City.objects.get(pk=city.pk).country == country


@pytest.mark.parametrize("country", ["de", "De", "D", "", "1A", "Ä1"])
def test_city_country_not_an_iso_code_is_refused(country):
    with refused_by("city_country_is_iso_code"):
        make_city(country=country)


@pytest.mark.parametrize("country", ["deu", "DEU"])
def test_city_country_three_letter_code_is_refused(country):
    with refused_as_too_long("city_country_is_iso_code"):
        make_city(country=country)


def test_city_country_with_trailing_newline_is_refused():
    with refused_as_too_long("city_country_is_iso_code"):
        make_city(country="DE\n")


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Shanghai"])
def test_city_iana_time_zone_passes_validation(zone):
    city = City(name_en="Leipzig", slug="leipzig", country="DE", timezone=zone)

    city.full_clean()

    assert city.zone.key == zone


@pytest.mark.parametrize("zone", ["Europe/Leipzig", "Berlin", "UTC+1", "europe/berlin", ""])
def test_city_unknown_time_zone_fails_validation(zone):
    city = City(name_en="Leipzig", slug="leipzig", country="DE", timezone=zone)

    with pytest.raises(ValidationError) as error:
        city.full_clean()

    assert list(error.value.message_dict) == ["timezone"]


# --- Venue ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(None, None), ("51.339700", "12.373100"), ("90", "180"), ("-90", "-180"), ("0", "0")],
)
def test_venue_coordinates_both_or_neither_within_range_accepted(latitude, longitude):
    venue = make_venue(latitude=latitude, longitude=longitude)

    stored = Venue.objects.get(pk=venue.pk)
    assert (stored.latitude is None, stored.longitude is None) == (latitude is None, longitude is None)


@pytest.mark.parametrize(("latitude", "longitude"), [("51.3397", None), (None, "12.3731")])
def test_venue_one_coordinate_without_the_other_is_refused(latitude, longitude):
    with refused_by("venue_coordinates_both_or_neither"):
        make_venue(latitude=latitude, longitude=longitude)


@pytest.mark.parametrize("latitude", ["90.000001", "-90.000001", "120"])
def test_venue_latitude_out_of_range_is_refused(latitude):
    with refused_by("venue_latitude_range"):
        make_venue(latitude=latitude, longitude="12.3731")


@pytest.mark.parametrize("longitude", ["180.000001", "-180.000001", "360"])
def test_venue_longitude_out_of_range_is_refused(longitude):
    with refused_by("venue_longitude_range"):
        make_venue(latitude="51.3397", longitude=longitude)


def test_venue_latitude_out_of_range_fails_validation():
    venue = Venue(name_en="Augusteum", slug="augusteum", city=make_city(), latitude="90.5", longitude="12")

    with pytest.raises(ValidationError) as error:
        venue.full_clean()

    assert list(error.value.message_dict) == ["latitude"]


# --- Event: dates -----------------------------------------------------------------------------------


def test_event_may_end_when_it_starts():
    event = make_event(starts_at=START, ends_at=START)

    stored = Event.objects.get(pk=event.pk)
    assert stored.starts_at == stored.ends_at == START


def test_event_ending_a_second_before_it_starts_is_refused():
    with refused_by("event_ends_after_start"):
        make_event(starts_at=START, ends_at=START - SECOND)


def test_event_moved_to_end_before_its_start_is_refused():
    event = make_event(starts_at=START, ends_at=END)

    with refused_by("event_ends_after_start"):
        Event.objects.filter(pk=event.pk).update(ends_at=START - SECOND)


def test_event_without_start_and_end_is_accepted():
    event = make_event(starts_at=None)

    stored = Event.objects.get(pk=event.pk)
    assert (stored.starts_at, stored.ends_at, stored.is_dated) == (None, None, False)


@pytest.mark.parametrize(("starts_at", "ends_at"), [(START, None), (None, END)], ids=["start-only", "end-only"])
def test_event_start_without_end_or_end_without_start_is_refused(starts_at, ends_at):
    with refused_by("event_start_and_end_together"):
        make_event(starts_at=starts_at, ends_at=ends_at)


# --- Event: registration window ----------------------------------------------------------------------


def test_event_registration_may_close_when_it_opens_and_when_the_event_ends():
    event = make_event(registration_opens_at=END, registration_closes_at=END)

    stored = Event.objects.get(pk=event.pk)
    assert stored.registration_opens_at == stored.registration_closes_at == stored.ends_at == END


def test_event_registration_closing_before_it_opens_is_refused():
    opens = START - timedelta(days=30)

    with refused_by("event_registration_closes_after_opening"):
        make_event(registration_opens_at=opens, registration_closes_at=opens - SECOND)


def test_event_registration_closing_after_the_event_ends_is_refused():
    with refused_by("event_registration_closes_by_end"):
        make_event(registration_closes_at=END + SECOND)


def test_event_registration_extended_past_the_event_end_is_refused():
    event = make_event(registration_closes_at=END)

    with refused_by("event_registration_closes_by_end"):
        Event.objects.filter(pk=event.pk).update(registration_closes_at=END + SECOND)


def test_event_undated_may_close_registration_at_any_time():
    closes = datetime(2026, 3, 1, 12, 0, tzinfo=BERLIN)
    event = make_event(starts_at=None, registration_closes_at=closes)

    assert Event.objects.get(pk=event.pk).registration_closes_at == closes


# --- Images need English alt text -------------------------------------------------------------------

IMAGES = [
    pytest.param(make_event, "image", "image_alt_en", "event_image_has_alt", id="event"),
    pytest.param(make_speaker, "photo", "photo_alt_en", "speaker_photo_has_alt", id="speaker"),
]


@pytest.mark.parametrize(("build", "image", "alt", "constraint"), IMAGES)
@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_image_without_english_alt_text_is_refused(build, image, alt, constraint, missing):
    # The stored name is what the constraint sees; no file needs to exist for it.
    with refused_by(constraint):
        build(**{image: "uploads/wall.png", f"{image}_width": 64, f"{image}_height": 48, alt: missing})


@pytest.mark.parametrize(("build", "image", "alt", "constraint"), IMAGES)
def test_image_added_later_without_alt_text_is_refused(build, image, alt, constraint):
    instance = build()

    with refused_by(constraint):
        type(instance).objects.filter(pk=instance.pk).update(**{image: "uploads/wall.png"})


@pytest.mark.parametrize(("build", "image", "alt", "constraint"), IMAGES)
def test_image_with_english_alt_text_or_no_image_is_accepted(build, image, alt, constraint):
    with_image = build(**{image: "uploads/wall.png", f"{image}_width": 64, f"{image}_height": 48, alt: "A wall"})
    without_image = build(**{alt: None})

    model = type(with_image)
    assert getattr(model.objects.get(pk=with_image.pk), image).name == "uploads/wall.png"
    assert getattr(model.objects.get(pk=without_image.pk), image).name == ""


# --- Event: status ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "published", "cancelled", "postponed"])
def test_event_known_status_accepted(status):
    event = make_event(status=status)

    assert Event.objects.get(pk=event.pk).status == status


@pytest.mark.parametrize("status", ["archived", "Published", ""])
def test_event_unknown_status_is_refused(status):
    with refused_by("event_status_known"):
        make_event(status=status)


# --- Event: validation ------------------------------------------------------------------------------


def _unsaved_event(**overrides) -> Event:
    values = {
        "edition": make_edition(),
        "venue": make_venue(),
        "title_en": "Dialogue on the Ming City Wall",
        "slug": "dialogue",
        "starts_at": None,
        "ends_at": None,
    }
    values.update(overrides)
    return Event(**values)


def test_event_undated_without_announced_period_fails_validation():
    event = _unsaved_event()

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert list(error.value.message_dict) == ["announced_period"]


def test_event_undated_with_announced_period_passes_validation():
    event = _unsaved_event(announced_period_en="in the coming months")

    event.full_clean()

    assert event.is_dated is False


def test_event_dated_needs_no_announced_period():
    event = _unsaved_event(starts_at=START, ends_at=END)

    event.full_clean()

    assert event.is_dated is True


# --- Session ----------------------------------------------------------------------------------------


def test_session_may_end_when_it_starts():
    session = make_session(event=make_event(), starts_at=START, ends_at=START)

    stored = Session.objects.get(pk=session.pk)
    assert stored.starts_at == stored.ends_at == START


def test_session_ending_a_second_before_it_starts_is_refused():
    event = make_event()

    with refused_by("session_ends_after_start"):
        make_session(event=event, starts_at=START, ends_at=START - SECOND)


@pytest.mark.parametrize(("starts_at", "ends_at"), [(START, None), (None, END), (None, None)])
def test_session_with_an_open_time_is_accepted(starts_at, ends_at):
    session = make_session(event=make_event(), starts_at=starts_at, ends_at=ends_at)

    stored = Session.objects.get(pk=session.pk)
    assert (stored.starts_at, stored.ends_at) == (starts_at, ends_at)


@pytest.mark.parametrize(
    "starts_at",
    [
        START - timedelta(days=1),  # the welcome dinner the evening before
        END + timedelta(days=1),  # the excursion the day after
        START,
    ],
    ids=["day-before", "day-after", "during"],
)
def test_session_within_a_day_of_its_event_passes_validation(starts_at):
    session = Session(event=make_event(), title_en="Welcome", starts_at=starts_at, ends_at=starts_at)

    session.full_clean()

    assert session.event.starts_at == START


@pytest.mark.parametrize(
    "starts_at",
    [START - timedelta(days=2), END + timedelta(days=2), START + timedelta(days=365)],
    ids=["two-days-before", "two-days-after", "a-year-later"],
)
def test_session_far_outside_its_event_fails_validation(starts_at):
    session = Session(event=make_event(), title_en="Lost", starts_at=starts_at, ends_at=starts_at)

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert list(error.value.message_dict) == ["starts_at"]


def test_session_of_an_undated_event_passes_validation():
    session = Session(event=make_event(starts_at=None), title_en="Keynote", starts_at=START, ends_at=END)

    session.full_clean()

    assert session.event.starts_at is None


# --- Times: stored in UTC, shown in the venue's zone ---------------------------------------------------


def test_event_time_in_berlin_is_stored_in_utc_and_shown_in_winter_time():
    event = make_event(starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))

    stored = Event.objects.select_related("venue__city").get(pk=event.pk)

    assert stored.starts_at == datetime(2025, 11, 7, 8, 30, tzinfo=dt_timezone.utc)
    assert stored.starts_at.utcoffset() == timedelta(0)
    assert (stored.local_start.hour, stored.local_start.minute) == (9, 30)
    assert stored.local_start.tzname() == "CET"
    assert stored.local_start.utcoffset() == timedelta(hours=1)
    assert (stored.local_end.hour, stored.local_end.tzname()) == (17, "CET")


def test_event_time_in_nanjing_is_shown_at_utc_plus_eight():
    nanjing = make_venue(city=make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"))
    event = make_event(venue=nanjing, starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))

    stored = Event.objects.select_related("venue__city").get(pk=event.pk)

    assert stored.starts_at == datetime(2025, 11, 7, 8, 30, tzinfo=dt_timezone.utc)
    assert stored.local_start.replace(tzinfo=None) == datetime(2025, 11, 7, 16, 30)
    assert stored.local_start.utcoffset() == timedelta(hours=8)
    assert stored.local_start.tzname() == "CST"


def test_event_time_in_berlin_summer_is_shown_in_summer_time():
    event = make_event(starts_at=datetime(2025, 7, 10, 9, 30, tzinfo=BERLIN))

    stored = Event.objects.get(pk=event.pk)

    assert stored.starts_at == datetime(2025, 7, 10, 7, 30, tzinfo=dt_timezone.utc)
    assert stored.local_start.replace(tzinfo=None) == datetime(2025, 7, 10, 9, 30)
    assert stored.local_start.tzname() == "CEST"
    assert stored.local_start.utcoffset() == timedelta(hours=2)


def test_event_undated_has_no_local_times():
    event = make_event(starts_at=None)

    assert (event.local_start, event.local_end) == (None, None)
