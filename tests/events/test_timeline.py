"""What is now (events/timeline.py): an event's phase, "today" at its venue, badges, and where an edition stands.

Around the boundaries of each rule, and across midnight: at 23:30 in Leipzig it is already 06:30 the next
morning in Nanjing, so "today" is a different date for the two cities' events at the same moment.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from events import timeline
from events.models import Event
from tests.factories import BERLIN, SHANGHAI, make_city, make_edition, make_event, make_venue

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
START = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
END = datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)
# 23:30 in Leipzig on 1 December is 06:30 on 2 December in Nanjing.
LEIPZIG_NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=BERLIN)


@pytest.fixture
def leipzig():
    return make_venue(city=make_city(slug="leipzig", timezone="Europe/Berlin"))


@pytest.fixture
def nanjing():
    return make_venue(city=make_city(slug="nanjing", country="CN", timezone="Asia/Shanghai"))


def event_at(venue, starts_at, ends_at, **overrides) -> Event:
    event = make_event(venue=venue, starts_at=starts_at, ends_at=ends_at, **overrides)
    return Event.objects.with_venue().get(pk=event.pk)


# --- phase() --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (START - SECOND, timeline.UPCOMING),
        (START, timeline.RUNNING),
        (END, timeline.RUNNING),
        (END + SECOND, timeline.PAST),
    ],
    ids=["a second before the start", "at the start", "at the end", "a second after the end"],
)
def test_phase_on_both_sides_of_start_and_end(leipzig, moment, expected):
    event = event_at(leipzig, START, END)

    assert timeline.phase(event, moment) == expected


def test_phase_of_an_undated_event_is_announced_at_any_time(leipzig):
    event = make_event(venue=leipzig, starts_at=None)

    assert {timeline.phase(event, moment) for moment in (START, datetime(2999, 1, 1, tzinfo=BERLIN))} == {
        timeline.ANNOUNCED
    }


def test_clock_is_the_current_aware_time():
    before = timezone.now()

    moment = timeline.now()

    assert timezone.is_aware(moment)
    assert before <= moment <= timezone.now()


# --- The QuerySets say what phase() says --------------------------------------------------------------


@pytest.fixture
def around_noon(leipzig, nanjing):
    """Events around NOON, on both sides of each boundary, in both cities."""
    return {
        "over": event_at(leipzig, NOON - timedelta(hours=3), NOON - SECOND),
        "ending_now": event_at(nanjing, NOON - timedelta(hours=1), NOON),
        "running": event_at(leipzig, NOON - timedelta(hours=1), NOON + timedelta(hours=1)),
        "starting_now": event_at(nanjing, NOON, NOON + timedelta(hours=2)),
        "later": event_at(leipzig, NOON + SECOND, NOON + timedelta(hours=2)),
        "undated": make_event(venue=leipzig, starts_at=None),
    }


NOON = datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)


def test_programme_split_agrees_with_the_querysets(around_noon):
    events = list(Event.objects.with_venue())

    programme = timeline.Programme.split(events, NOON)

    assert (
        programme.running
        == list(Event.objects.running(NOON))
        == [
            around_noon["ending_now"],
            around_noon["running"],
            around_noon["starting_now"],
        ]
    )
    assert programme.upcoming == list(Event.objects.to_come(NOON)) == [around_noon["later"]]
    assert programme.past == list(Event.objects.past(NOON)) == [around_noon["over"]]
    assert programme.announced == list(Event.objects.undated()) == [around_noon["undated"]]
    assert set(programme.ahead) == set(Event.objects.upcoming(NOON))


def test_running_and_to_come_on_both_sides_of_the_start(leipzig):
    event = event_at(leipzig, START, END)

    assert (list(Event.objects.running(START - SECOND)), list(Event.objects.to_come(START - SECOND))) == ([], [event])
    assert (list(Event.objects.running(START)), list(Event.objects.to_come(START))) == ([event], [])
    assert (list(Event.objects.running(END + SECOND)), list(Event.objects.past(END + SECOND))) == ([], [event])


def test_programme_keeps_a_cancelled_event_out_of_what_is_happening_now(around_noon):
    Event.objects.filter(pk=around_noon["running"].pk).update(status=Event.Status.CANCELLED)

    programme = timeline.Programme.split(Event.objects.with_venue(), NOON)

    assert around_noon["running"] not in programme.running
    assert around_noon["running"] in programme.upcoming


# --- "Today" is the venue's ------------------------------------------------------------------------------


def test_today_at_23_30_in_leipzig_is_already_tomorrow_in_nanjing(leipzig, nanjing):
    nanjing_morning = event_at(
        nanjing, datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), datetime(2026, 12, 2, 11, 0, tzinfo=SHANGHAI)
    )
    leipzig_morning = event_at(
        leipzig, datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN), datetime(2026, 12, 2, 11, 0, tzinfo=BERLIN)
    )

    assert LEIPZIG_NIGHT.astimezone(SHANGHAI) == datetime(2026, 12, 2, 6, 30, tzinfo=SHANGHAI)
    assert (
        timeline.local_today(nanjing_morning, LEIPZIG_NIGHT),
        timeline.is_today(nanjing_morning, LEIPZIG_NIGHT),
    ) == (
        date(2026, 12, 2),
        True,
    )
    assert (
        timeline.local_today(leipzig_morning, LEIPZIG_NIGHT),
        timeline.is_today(leipzig_morning, LEIPZIG_NIGHT),
    ) == (
        date(2026, 12, 1),
        False,
    )
    # An hour later it is 2 December in Leipzig too.
    assert timeline.is_today(leipzig_morning, LEIPZIG_NIGHT + timedelta(hours=1)) is True


@pytest.mark.parametrize(
    ("moment", "today"),
    [
        (datetime(2026, 12, 1, 16, 59, tzinfo=BERLIN), False),  # 23:59 on 1 December in Nanjing
        (datetime(2026, 12, 1, 17, 0, tzinfo=BERLIN), True),  # midnight in Nanjing
        (datetime(2026, 12, 2, 16, 59, tzinfo=BERLIN), True),  # 23:59 on 2 December in Nanjing
        (datetime(2026, 12, 2, 17, 0, tzinfo=BERLIN), False),  # 3 December in Nanjing
    ],
    ids=["before midnight in Nanjing", "midnight in Nanjing", "last minute of the day", "the next day"],
)
def test_today_of_a_nanjing_event_turns_at_midnight_in_nanjing(nanjing, moment, today):
    event = event_at(
        nanjing, datetime(2026, 12, 2, 19, 0, tzinfo=SHANGHAI), datetime(2026, 12, 2, 21, 0, tzinfo=SHANGHAI)
    )

    assert timeline.is_today(event, moment) is today


def test_today_includes_every_day_of_an_event_over_several_days(leipzig):
    event = event_at(leipzig, datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN), datetime(2026, 12, 3, 17, 0, tzinfo=BERLIN))

    days = {day: timeline.is_today(event, datetime(2026, 12, day, 12, 0, tzinfo=BERLIN)) for day in (1, 2, 3, 4)}

    assert days == {1: True, 2: True, 3: True, 4: False}


def test_undated_event_is_never_today(leipzig):
    assert timeline.is_today(make_event(venue=leipzig, starts_at=None), LEIPZIG_NIGHT) is False


# --- Badges ------------------------------------------------------------------------------------------------


def badge_of(event, moment):
    found = timeline.badge(event, moment)
    return None if found is None else (found.key, found.label)


def test_badges_happening_now_today_and_took_place(leipzig, nanjing):
    running = event_at(leipzig, LEIPZIG_NIGHT - timedelta(hours=2), LEIPZIG_NIGHT + timedelta(hours=1))
    over = event_at(leipzig, datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN), datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN))
    later_today_in_nanjing = event_at(
        nanjing, datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), datetime(2026, 12, 2, 11, 0, tzinfo=SHANGHAI)
    )
    tomorrow_in_leipzig = event_at(
        leipzig, datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN), datetime(2026, 12, 2, 11, 0, tzinfo=BERLIN)
    )
    undated = make_event(venue=leipzig, starts_at=None)

    assert [
        badge_of(event, LEIPZIG_NIGHT)
        for event in (running, over, later_today_in_nanjing, tomorrow_in_leipzig, undated)
    ] == [("running", "Happening now"), ("past", "Took place"), ("today", "Today"), None, None]


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.POSTPONED])
def test_cancelled_and_postponed_events_get_no_phase_badge(leipzig, status):
    running = event_at(leipzig, NOON - timedelta(hours=1), NOON + timedelta(hours=1), status=status)
    over = event_at(leipzig, NOON - timedelta(hours=3), NOON - timedelta(hours=2), status=status)

    assert (badge_of(running, NOON), badge_of(over, NOON)) == (None, None)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("de", ["Läuft gerade", "Hat stattgefunden", "Heute"]),
        ("zh-hans", ["正在进行", "已举办", "今天"]),
    ],
)
def test_badges_in_german_and_chinese(leipzig, language, labels):
    running = event_at(leipzig, NOON - timedelta(hours=1), NOON + timedelta(hours=1))
    over = event_at(leipzig, NOON - timedelta(hours=3), NOON - timedelta(hours=2))
    later_today = event_at(leipzig, NOON + timedelta(hours=3), NOON + timedelta(hours=4))

    with translation.override(language):
        assert [timeline.badge(event, NOON).label for event in (running, over, later_today)] == labels


# --- Editions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 30), timeline.UPCOMING),
        (date(2026, 12, 1), timeline.RUNNING),
        (date(2026, 12, 20), timeline.RUNNING),
        (date(2026, 12, 21), timeline.PAST),
    ],
    ids=["day before", "first day", "last day", "day after"],
)
def test_edition_phase_on_both_sides_of_its_first_and_last_day(today, expected):
    edition = make_edition(start_date=date(2026, 12, 1), end_date=date(2026, 12, 20))

    assert timeline.edition_phase(edition, today) == expected


def test_edition_today_is_the_date_in_the_sites_zone():
    # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin (settings.TIME_ZONE).
    assert timeline.edition_today(datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 12, 1)
