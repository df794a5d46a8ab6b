"""The admin keeps editions together: an event's date inside its edition's days, typed in the venue's local time.

Both forms refuse what the model refuses (`Event.clean`, `Edition.clean`): the event form on both sides of the
first and the last day, the edition form when new dates would leave an event outside.
"""

from datetime import date, datetime

import pytest
from django.urls import reverse

from events.models import Edition, Event
from tests import factories
from tests.factories import BERLIN

ADD = reverse("admin:events_event_add")
MESSAGE = (
    "The event must take place within the dates of its edition, China Nanjing Week 2025: 1–30 November 2025. "
    "The date at the venue counts."
)


@pytest.fixture
def edition(db):
    return factories.make_edition(
        name_en="China Nanjing Week 2025", start_date=date(2025, 11, 1), end_date=date(2025, 11, 30)
    )


def venue_in(timezone: str):
    country = "CN" if timezone == "Asia/Shanghai" else "DE"
    return factories.make_venue(city=factories.make_city(timezone=timezone, country=country))


def add_event(client, form_data, edition, venue, start: str, end: str):
    """Post the admin's add form as an organizer fills it in: dates and times local to the venue."""
    start_day, start_time = start.split(" ")
    end_day, end_time = end.split(" ")
    changes = {
        "edition": str(edition.pk),
        "venue": str(venue.pk),
        "kind": Event.Kind.FORUM,
        "status": Event.Status.DRAFT,
        "title_en": "Heritage forum",
        "slug": "heritage-forum",
        "starts_at_0": start_day,
        "starts_at_1": start_time,
        "ends_at_0": end_day,
        "ends_at_1": end_time,
    }
    return client.post(ADD, form_data(client.get(ADD), **changes))


def form_errors(response) -> dict:
    return dict(response.context["adminform"].form.errors) if response.status_code == 200 else {}


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        ("2025-10-31 18:00", "2025-10-31 20:00", {"starts_at": [MESSAGE]}),
        ("2025-11-01 09:30", "2025-11-01 17:00", {}),
        ("2025-11-30 09:30", "2025-11-30 17:00", {}),
        ("2025-11-30 22:00", "2025-12-01 01:00", {"ends_at": [MESSAGE]}),
        ("2025-12-01 09:30", "2025-12-01 17:00", {"starts_at": [MESSAGE]}),
    ],
    ids=["day before the first", "first day", "last day", "into the day after", "day after the last"],
)
def test_event_form_refuses_a_date_outside_the_edition_on_both_sides(
    superuser_client, form_data, edition, start, end, errors
):
    response = add_event(superuser_client, form_data, edition, venue_in("Europe/Berlin"), start, end)

    assert form_errors(response) == errors
    assert Event.objects.filter(slug="heritage-forum").exists() is not bool(errors)


@pytest.mark.parametrize(
    ("zone", "saved"),
    [("Asia/Shanghai", True), ("Europe/Berlin", False)],
    ids=["Nanjing: already 1 November there", "Leipzig: still 31 October"],
)
def test_event_form_goes_by_the_venues_date(superuser_client, form_data, edition, zone, saved):
    # Typed in the venue's local time: 06:30 on 1 November in Nanjing is 23:30 on 31 October in Leipzig.
    start = "2025-11-01 06:30" if zone == "Asia/Shanghai" else "2025-10-31 23:30"

    response = add_event(superuser_client, form_data, edition, venue_in(zone), start, start.replace("30", "45"))

    assert form_errors(response) == ({} if saved else {"starts_at": [MESSAGE]})
    if saved:
        assert Event.objects.get(slug="heritage-forum").starts_at == datetime(2025, 10, 31, 23, 30, tzinfo=BERLIN)


def test_event_form_says_it_in_german(superuser_client, form_data, edition):
    Edition.objects.filter(pk=edition.pk).update(name_de="China-Nanjing-Woche 2025")
    superuser_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"

    response = add_event(
        superuser_client, form_data, edition, venue_in("Europe/Berlin"), "2025-12-01 09:30", "2025-12-01 17:00"
    )

    assert form_errors(response) == {
        "starts_at": [
            "Die Veranstaltung muss innerhalb der Daten ihrer Ausgabe „China-Nanjing-Woche 2025“ stattfinden: "
            "1.–30. November 2025. Maßgeblich ist das Datum am Veranstaltungsort."
        ]
    }


def test_event_form_accepts_an_undated_event_in_any_edition(superuser_client, form_data, edition):
    changes = {
        "edition": str(edition.pk),
        "venue": str(venue_in("Europe/Berlin").pk),
        "kind": Event.Kind.FORUM,
        "status": Event.Status.DRAFT,
        "title_en": "Dietfurt encounters",
        "slug": "dietfurt-encounters",
        "announced_period_en": "in the coming months",
    }

    response = superuser_client.post(ADD, form_data(superuser_client.get(ADD), **changes))

    assert response.status_code == 302
    assert Event.objects.get(slug="dietfurt-encounters").starts_at is None


@pytest.mark.parametrize(
    ("first", "last", "refused"),
    [("2025-11-07", "2025-11-07", False), ("2025-11-08", "2025-11-30", True), ("2025-11-01", "2025-11-06", True)],
    ids=["the event's own day", "begins a day after it", "ends a day before it"],
)
def test_edition_form_refuses_dates_that_leave_an_event_outside(
    superuser_client, form_data, edition, first, last, refused
):
    factories.make_event(
        edition=edition,
        venue=venue_in("Europe/Berlin"),
        title_en="Heritage forum",
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
    )
    url = reverse("admin:events_edition_change", args=[edition.pk])

    response = superuser_client.post(url, form_data(superuser_client.get(url), start_date=first, end_date=last))

    edition.refresh_from_db()
    if refused:
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors() == [
            "This event would lie outside these dates: “Heritage forum”. Move it first, or choose dates that hold it."
        ]
        assert (edition.start_date, edition.end_date) == (date(2025, 11, 1), date(2025, 11, 30))
    else:
        assert response.status_code == 302
        assert (edition.start_date, edition.end_date) == (date(2025, 11, 7), date(2025, 11, 7))
