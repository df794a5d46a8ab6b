"""Visibility and loading of events (events/querysets.py), on both sides of every boundary."""

from datetime import date, datetime, timedelta

import pytest

from events.models import Edition, Event
from events.timeline import current_edition, editions_over
from tests.factories import (
    BERLIN,
    make_city,
    make_edition,
    make_event,
    make_event_role,
    make_organization,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 11, 7, 12, 0, tzinfo=BERLIN)
SECOND = timedelta(seconds=1)


def make_event_ending(ends_at: datetime, hours: int = 2, **overrides) -> Event:
    return make_event(starts_at=ends_at - timedelta(hours=hours), ends_at=ends_at, **overrides)


# --- published() ------------------------------------------------------------------------------------


def test_published_excludes_drafts_and_keeps_cancelled_and_postponed():
    edition = make_edition()
    starts = [NOW + timedelta(days=day) for day in range(4)]
    make_event(edition=edition, starts_at=starts[0], status=Event.Status.DRAFT)
    published = make_event(edition=edition, starts_at=starts[1], status=Event.Status.PUBLISHED)
    cancelled = make_event(edition=edition, starts_at=starts[2], status=Event.Status.CANCELLED)
    postponed = make_event(edition=edition, starts_at=starts[3], status=Event.Status.POSTPONED)

    assert list(Event.objects.published()) == [published, cancelled, postponed]


def test_published_of_only_drafts_is_empty():
    make_event(status=Event.Status.DRAFT)
    make_event(status=Event.Status.DRAFT, starts_at=None)

    assert list(Event.objects.published()) == []


def test_published_includes_undated_events():
    undated = make_event(starts_at=None)
    make_event(starts_at=None, status=Event.Status.DRAFT)

    assert list(Event.objects.published()) == [undated]


# --- upcoming() and past() --------------------------------------------------------------------------


@pytest.fixture
def timeline():
    """Events around NOW, one on each side of each boundary."""
    return {
        "long_over": make_event_ending(NOW - timedelta(days=30)),
        "ended_a_second_ago": make_event_ending(NOW - SECOND),
        "ending_now": make_event_ending(NOW),
        "running": make_event(starts_at=NOW - timedelta(hours=1), ends_at=NOW + timedelta(hours=1)),
        "starting_now": make_event(starts_at=NOW, ends_at=NOW + timedelta(hours=3)),
        "tomorrow": make_event(starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=1, hours=2)),
        "undated": make_event(starts_at=None),
    }


def test_upcoming_includes_ending_now_running_future_and_undated(timeline):
    assert list(Event.objects.upcoming(NOW)) == [
        timeline["ending_now"],
        timeline["running"],
        timeline["starting_now"],
        timeline["tomorrow"],
        timeline["undated"],
    ]


def test_upcoming_excludes_an_event_that_ended_one_second_before_now(timeline):
    upcoming = set(Event.objects.upcoming(NOW))

    assert timeline["ended_a_second_ago"] not in upcoming
    assert timeline["ending_now"] in upcoming


def test_upcoming_one_second_later_drops_the_event_ending_now(timeline):
    assert timeline["ending_now"] not in set(Event.objects.upcoming(NOW + SECOND))


def test_past_is_only_what_ended_before_now(timeline):
    assert list(Event.objects.past(NOW)) == [timeline["long_over"], timeline["ended_a_second_ago"]]


def test_past_never_includes_undated_events(timeline):
    far_future = datetime(2999, 1, 1, tzinfo=BERLIN)

    past = list(Event.objects.past(far_future))

    assert timeline["undated"] not in past
    assert past == list(Event.objects.dated())


def test_past_and_upcoming_split_the_dated_events(timeline):
    upcoming = set(Event.objects.upcoming(NOW).dated())
    past = set(Event.objects.past(NOW))

    assert upcoming & past == set()
    assert upcoming | past == set(Event.objects.dated())
    assert set(Event.objects.upcoming(NOW)) - upcoming == {timeline["undated"]}


def test_upcoming_and_past_default_to_the_current_time():
    over = make_event(starts_at=datetime(2000, 1, 1, 10, tzinfo=BERLIN))
    ahead = make_event(starts_at=datetime(2999, 1, 1, 10, tzinfo=BERLIN))

    assert (list(Event.objects.upcoming()), list(Event.objects.past())) == ([ahead], [over])


def test_upcoming_and_published_combine():
    make_event_ending(NOW + timedelta(hours=1), status=Event.Status.DRAFT)
    visible = make_event_ending(NOW + timedelta(hours=2))
    make_event_ending(NOW - timedelta(hours=2))

    assert list(Event.objects.published().upcoming(NOW)) == [visible]


def test_dated_and_undated_partition_the_events():
    dated = make_event()
    undated = make_event(starts_at=None)

    assert (list(Event.objects.dated()), list(Event.objects.undated())) == ([dated], [undated])


# --- Default ordering -------------------------------------------------------------------------------


def test_default_ordering_is_by_start_with_undated_events_last():
    undated_b = make_event(slug="b-undated", starts_at=None)
    later = make_event(slug="a-later", starts_at=NOW + timedelta(days=2))
    undated_a = make_event(slug="a-undated", starts_at=None)
    earlier = make_event(slug="z-earlier", starts_at=NOW)
    same_time = make_event(slug="y-same-time", starts_at=NOW)

    assert list(Event.objects.all()) == [same_time, earlier, later, undated_a, undated_b]


# --- Edition.objects.current() and over() -------------------------------------------------------------
#
# The one running on `today`, else the next to begin, else (none running or coming) the most recent; an edition
# an organizer marked `is_current` overrides the dates.


def edition_in(year: int, first=(11, 1), last=(11, 30), **overrides) -> Edition:
    return make_edition(start_date=date(year, *first), end_date=date(year, *last), **overrides)


def test_current_edition_is_the_one_marked_current_even_if_older():
    marked = edition_in(2024, is_current=True)
    edition_in(2025)

    assert Edition.objects.current(date(2025, 11, 15)) == marked


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 10, 31), "2025"),  # the day before it begins: it is the next one
        (date(2025, 11, 1), "2025"),  # its first day
        (date(2025, 11, 30), "2025"),  # its last day: still running, although 2026 is next
        (date(2025, 12, 1), "2026"),  # the day after: 2026 is next
        (date(2026, 11, 30), "2026"),
        (date(2026, 12, 1), "2026"),  # nothing is running or coming: the most recent
    ],
)
def test_current_edition_is_running_else_next_else_most_recent(today, expected):
    editions = {"2024": edition_in(2024), "2025": edition_in(2025), "2026": edition_in(2026)}

    assert Edition.objects.current(today) == editions[expected]


def test_current_edition_of_two_coming_is_the_sooner_whatever_the_order_they_were_made():
    later = edition_in(2027)
    sooner = edition_in(2026)

    assert Edition.objects.current(date(2025, 12, 24)) == sooner
    assert later != sooner


def test_current_edition_of_two_running_is_the_one_that_began_first():
    year_long = make_edition(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    make_edition(start_date=date(2026, 11, 1), end_date=date(2026, 11, 30))

    assert Edition.objects.current(date(2026, 11, 15)) == year_long


def test_current_edition_when_none_is_coming_is_the_one_that_ended_last():
    edition_in(2024)
    latest = edition_in(2025)
    edition_in(2023)

    assert Edition.objects.current(date(2026, 6, 1)) == latest


def test_current_edition_defaults_to_today_in_the_sites_zone():
    edition_in(2024)
    coming = make_edition(start_date=date(2999, 1, 1), end_date=date(2999, 1, 2))

    assert Edition.objects.current() == coming


def test_current_edition_is_none_without_editions():
    assert Edition.objects.current() is None


def test_over_is_the_editions_past_their_last_day_latest_first():
    old, recent, running = edition_in(2024), edition_in(2025), edition_in(2026)

    assert list(Edition.objects.over(date(2026, 11, 30))) == [recent, old]
    assert list(Edition.objects.over(date(2026, 12, 1))) == [running, recent, old]


# Pages that load every edition anyway choose the current one in Python (events.timeline.current_edition), and
# an event page reads it off its own row (with_current_edition): both must choose as current() does, on any day.


@pytest.mark.parametrize("marked", [None, 2024, 2026])
def test_current_edition_is_chosen_alike_in_python_and_by_the_event_annotation(marked):
    for year in (2024, 2025, 2026):
        edition_in(year, is_current=year == marked)
    make_edition(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))  # runs beside 2025, began first
    make_edition(start_date=date(2026, 11, 1), end_date=date(2026, 11, 30))  # the same days as 2026
    event = make_event()
    days = [date(2023, 12, 1) + timedelta(days=offset) for offset in range(0, 1200, 9)]
    days += [date(year, month, day) for year in (2024, 2025, 2026) for month, day in ((10, 31), (11, 1), (11, 30))]
    days += [date(2025, 1, 1), date(2025, 12, 31), date(2026, 12, 1)]

    editions = list(Edition.objects.all())
    for today in days:
        expected = Edition.objects.current(today)
        assert current_edition(editions, today) == expected, today
        loaded = Event.objects.with_current_edition(today).get(pk=event.pk)
        assert loaded.current_edition_id == expected.pk, today
        assert editions_over(editions, today) == list(Edition.objects.over(today)), today


def test_current_edition_in_python_is_none_without_editions():
    assert current_edition([], date(2025, 11, 1)) is None


# --- with_venue() and with_details() --------------------------------------------------------------


def test_with_venue_loads_venue_city_and_edition_in_one_query(django_assert_num_queries):
    make_event()
    make_event()

    with django_assert_num_queries(1):
        events = list(Event.objects.with_venue())
        places = [(event.venue.city.zone.key, event.edition.name, event.local_start.tzname()) for event in events]

    assert len(places) == 2


def _detailed_event(index: int) -> tuple[Event, dict]:
    """An event with everything its page shows, and what the page should find."""
    event = make_event(
        slug=f"event-{index:02d}", venue=make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"))
    )
    event.topics.add(make_topic(slug=f"{event.slug}-art"), make_topic(slug=f"{event.slug}-trade"))
    host = make_organization(name_en="Nanjing Municipal People's Government")
    guest, chair = make_speaker(name_en="Zhang San", organization=host), make_speaker(name_en="Anna Weber")
    make_session(event=event, order=2, title_en="Signing").speakers.add(guest, chair)
    make_session(event=event, order=1, title_en="Welcome").speakers.add(guest)
    make_event_role(event=event, organization=host, role="organizer")
    make_event_role(event=event, organization=make_organization(name_en="Sparkasse"), role="sponsor")
    return event, {
        "city": ("Asia/Shanghai", event.venue.city.name),
        "topics": [f"{event.slug}-art", f"{event.slug}-trade"],
        "agenda": [
            ("Welcome", [("Zhang San", host.name)]),
            ("Signing", [("Anna Weber", None), ("Zhang San", host.name)]),
        ],
        "roles": [("organizer", host.name), ("sponsor", "Sparkasse")],
    }


def _page_of(event: Event) -> dict:
    return {
        "city": (event.venue.city.zone.key, event.venue.city.name),
        "topics": sorted(topic.slug for topic in event.topics.all()),
        "agenda": [
            (
                session.title,
                sorted(
                    (speaker.name, speaker.organization.name if speaker.organization else None)
                    for speaker in session.speakers.all()
                ),
            )
            for session in event.agenda
        ],
        "roles": sorted((role.role, role.organization.name) for role in event.partner_roles),
    }


# events with venue, city and edition; topics; sessions; their speakers with their organizations; roles with
# their organizations.
WITH_DETAILS_QUERIES = 5


@pytest.mark.parametrize("count", [1, 5])
def test_with_details_loads_a_page_in_a_fixed_number_of_queries(count, django_assert_num_queries):
    built = [_detailed_event(index) for index in range(count)]

    with django_assert_num_queries(WITH_DETAILS_QUERIES):
        loaded = list(Event.objects.with_details())

    with django_assert_num_queries(0):
        pages = [_page_of(event) for event in loaded]
        editions = [event.edition.name for event in loaded]

    assert loaded == [event for event, _ in built]
    assert pages == [expected for _, expected in built]
    assert editions == [event.edition.name for event, _ in built]


def test_with_details_agenda_is_in_order_and_belongs_to_its_event():
    event = make_event()
    second = make_session(event=event, order=2, title_en="Signing")
    first = make_session(event=event, order=1, title_en="Welcome")
    make_session(event=make_event(), title_en="Elsewhere")

    loaded = Event.objects.with_details().get(pk=event.pk)

    assert loaded.agenda == [first, second]
    assert loaded.partner_roles == []
