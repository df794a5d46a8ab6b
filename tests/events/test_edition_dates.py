"""The rule that holds editions together: a dated event lies within its edition's first and last day.

`Event.clean` refuses an event outside them, by the date at the venue (a Nanjing event at 06:30 on
1 November lies inside an edition that begins on 1 November although it is still 31 October in Leipzig);
`Edition.clean` refuses new dates that would leave one of its events outside. Undated events are exempt.
"""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import Edition, Event
from tests.factories import BERLIN, SHANGHAI, make_city, make_edition, make_event, make_venue

pytestmark = pytest.mark.django_db

MESSAGE = (
    "The event must take place within the dates of its edition, China Nanjing Week 2025: 1–30 November 2025. "
    "The date at the venue counts."
)


@pytest.fixture
def edition():
    return make_edition(name_en="China Nanjing Week 2025", start_date=date(2025, 11, 1), end_date=date(2025, 11, 30))


@pytest.fixture
def leipzig():
    return make_venue(city=make_city(slug="leipzig", timezone="Europe/Berlin"))


@pytest.fixture
def nanjing():
    return make_venue(city=make_city(slug="nanjing", country="CN", timezone="Asia/Shanghai"))


def unsaved_event(edition, venue, starts_at, ends_at=None) -> Event:
    return Event(
        edition=edition,
        venue=venue,
        slug="forum",
        title_en="Heritage forum",
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + timedelta(minutes=30),
    )


def errors_of(event) -> dict[str, list[str]]:
    try:
        event.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "errors"),
    [
        (datetime(2025, 10, 31, 23, 59, tzinfo=BERLIN), None, {"starts_at": [MESSAGE]}),  # a day before
        (datetime(2025, 11, 1, 0, 0, tzinfo=BERLIN), None, {}),  # the first day
        (datetime(2025, 11, 30, 23, 0, tzinfo=BERLIN), datetime(2025, 11, 30, 23, 59, tzinfo=BERLIN), {}),  # last
        (
            datetime(2025, 11, 30, 23, 0, tzinfo=BERLIN),
            datetime(2025, 12, 1, 0, 30, tzinfo=BERLIN),
            {"ends_at": [MESSAGE]},
        ),
        (datetime(2025, 12, 1, 9, 30, tzinfo=BERLIN), None, {"starts_at": [MESSAGE]}),  # a day after
    ],
    ids=["day before the first", "first day", "last day", "ending the day after", "day after the last"],
)
def test_event_date_inside_its_editions_days_on_both_sides_of_each_boundary(
    edition, leipzig, starts_at, ends_at, errors
):
    assert errors_of(unsaved_event(edition, leipzig, starts_at, ends_at)) == errors


def test_the_venues_date_decides_at_the_start_of_the_edition(edition, leipzig, nanjing):
    # 06:30 on 1 November in Nanjing is 23:30 on 31 October in Leipzig: one moment, two dates.
    moment = datetime(2025, 11, 1, 6, 30, tzinfo=SHANGHAI)
    assert moment == datetime(2025, 10, 31, 23, 30, tzinfo=BERLIN)

    assert errors_of(unsaved_event(edition, nanjing, moment)) == {}
    assert errors_of(unsaved_event(edition, leipzig, moment)) == {"starts_at": [MESSAGE]}


def test_the_venues_date_decides_at_the_end_of_the_edition(edition, leipzig, nanjing):
    # 23:00 on 30 November in Leipzig is 06:00 on 1 December in Nanjing.
    moment = datetime(2025, 11, 30, 23, 0, tzinfo=BERLIN)

    assert errors_of(unsaved_event(edition, leipzig, moment)) == {}
    assert errors_of(unsaved_event(edition, nanjing, moment)) == {"starts_at": [MESSAGE]}


def test_undated_event_is_exempt(edition, leipzig):
    event = Event(
        edition=edition,
        venue=leipzig,
        slug="later",
        title_en="Later",
        announced_period_en="in the coming months",
        status=Event.Status.PUBLISHED,
    )

    assert errors_of(event) == {}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "de",
            "Die Veranstaltung muss innerhalb der Daten ihrer Ausgabe „China-Nanjing-Woche 2025“ stattfinden: "
            "1.–30. November 2025. Maßgeblich ist das Datum am Veranstaltungsort.",
        ),
        ("zh-hans", "活动须在所属届次“中国南京周 2025”的日期内举行：2025年11月1日至30日。以活动场地的当地日期为准。"),
    ],
)
def test_message_names_the_editions_dates_in_the_readers_language(edition, leipzig, language, message):
    Edition.objects.filter(pk=edition.pk).update(name_de="China-Nanjing-Woche 2025", name_zh_hans="中国南京周 2025")
    edition.refresh_from_db()

    with translation.override(language):
        assert errors_of(unsaved_event(edition, leipzig, datetime(2025, 12, 1, 9, 30, tzinfo=BERLIN))) == {
            "starts_at": [message]
        }


# --- The edition's side -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "refused"),
    [
        (date(2025, 11, 7), date(2025, 11, 7), False),  # down to the event's own day
        (date(2025, 11, 8), date(2025, 11, 30), True),  # the first day a day after it
        (date(2025, 11, 1), date(2025, 11, 6), True),  # the last day a day before it
    ],
    ids=["just holds it", "begins after it", "ends before it"],
)
def test_edition_dates_that_would_leave_an_event_outside_are_refused(edition, leipzig, first, last, refused):
    make_event(
        edition=edition,
        venue=leipzig,
        title_en="Heritage forum",
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 17, 0, tzinfo=BERLIN),
    )
    make_event(edition=edition, venue=leipzig, starts_at=None)
    edition.start_date, edition.end_date = first, last

    if refused:
        with pytest.raises(ValidationError) as error:
            edition.full_clean()
        assert error.value.messages == [
            "This event would lie outside these dates: “Heritage forum”. Move it first, or choose dates that hold it."
        ]
    else:
        edition.full_clean()


def test_edition_dates_name_every_event_they_would_leave_outside(edition, nanjing):
    for day, title in ((2, "Opening"), (29, "Closing")):
        make_event(
            edition=edition, venue=nanjing, title_en=title, starts_at=datetime(2025, 11, day, 9, tzinfo=SHANGHAI)
        )
    edition.start_date, edition.end_date = date(2025, 11, 10), date(2025, 11, 20)

    with pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert error.value.messages == [
        "These events would lie outside these dates: “Opening” and “Closing”. Move them first, or choose dates that "
        "hold them."
    ]


def test_new_edition_has_no_events_to_hold():
    Edition(slug="next", name_en="Next", start_date=date(2026, 11, 1), end_date=date(2026, 11, 30)).full_clean()
