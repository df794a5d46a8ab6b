"""The organizers' dashboard: which events it shows and in what order, their fill, registrations per day in the
venue's days, who registered, who may see it, and a constant number of queries however much there is to show.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from events.admin_dashboard import chart, dashboard
from events.models import Event, Registration
from tests.factories import make_city, make_edition, make_event, make_venue

pytestmark = pytest.mark.django_db

Status = Registration.Status
DASHBOARD = reverse("admin:events_dashboard")
PASSWORD = "correct horse battery staple"
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=dt_timezone.utc)


def open_event(**overrides) -> Event:
    values = {
        "registration_required": True,
        "capacity": 10,
        "starts_at": timezone.now() + timedelta(days=20),
    }
    values.update(overrides)
    return make_event(**values)


def nanjing():
    return make_venue(city=make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"))


def register(event: Event, status: str = Status.CONFIRMED, **overrides) -> Registration:
    values = {
        "event": event,
        "name": "Anna Müller",
        "email": f"{Registration.objects.count() + 1}@example.org",
        "status": status,
    }
    if status in (Status.CONFIRMED, Status.WAITLISTED):
        values["confirmed_at"] = timezone.now()
    values.update(overrides)
    return Registration.objects.create(**values)


def staff(username: str, *permissions: str, group: str | None = None) -> User:
    user = User.objects.create_user(username, f"{username}@nanjingweek.example", PASSWORD, is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="events", codename=codename))
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


# --- Which events ----------------------------------------------------------------------------------------------


def test_dashboard_shows_open_events_newest_edition_first_each_by_start():
    soon = timezone.now() + timedelta(days=5)
    old_edition = make_edition(start_date=date(2024, 11, 1), end_date=date(2030, 12, 31))
    new_edition = make_edition(start_date=date(2025, 11, 1), end_date=date(2030, 12, 31))
    later = open_event(edition=new_edition, starts_at=soon + timedelta(days=2))
    earlier = open_event(edition=new_edition, starts_at=soon)
    undated = open_event(edition=new_edition, starts_at=None)
    previous = open_event(edition=old_edition, starts_at=soon)
    open_event(edition=new_edition, status=Event.Status.DRAFT)
    open_event(edition=new_edition, status=Event.Status.CANCELLED)
    open_event(edition=new_edition, status=Event.Status.POSTPONED)
    open_event(edition=new_edition, registration_required=False)
    open_event(edition=new_edition, starts_at=timezone.now() - timedelta(days=2))  # over

    assert [board.event for board in dashboard()] == [earlier, later, undated, previous]


def test_an_event_running_now_is_still_open_and_one_just_over_is_not():
    running = open_event(starts_at=timezone.now() - timedelta(hours=1))
    open_event(starts_at=timezone.now() - timedelta(hours=8, minutes=1))  # ended a minute ago

    assert [board.event for board in dashboard()] == [running]


# --- Fill, days and who ----------------------------------------------------------------------------------------


def test_fill_counts_confirmed_waiting_awaiting_and_checked_in_of_each_event():
    event, other = open_event(capacity=4), open_event(capacity=None)
    register(event, checked_in_at=timezone.now())
    register(event)
    register(event, Status.WAITLISTED)
    register(event, Status.AWAITING_CONFIRMATION)
    register(event, Status.CANCELLED)
    register(other)

    boards = {board.event: board for board in dashboard()}

    board = boards[event]
    assert (board.confirmed, board.waiting, board.awaiting, board.checked_in) == (2, 1, 1, 1)
    assert board.fill_percent == 50
    assert board.fill_label == "2 of 4 seats taken (50%)"
    unlimited = boards[other]
    assert (unlimited.confirmed, unlimited.fill_percent, unlimited.fill_label) == (1, None, "1 confirmed, no limit")


def test_registrations_count_on_the_venues_day_not_the_servers():
    event = open_event(venue=nanjing(), starts_at=NOW + timedelta(days=10))
    leipzig = open_event(starts_at=NOW + timedelta(days=10))
    # 17:30 UTC: 01:30 the next day in Nanjing, 18:30 the same day in Leipzig.
    evening = datetime(2025, 11, 18, 17, 30, tzinfo=dt_timezone.utc)
    register(event, created_at=evening)
    register(event, created_at=evening - timedelta(hours=10))
    register(leipzig, created_at=evening)
    register(event, created_at=NOW - timedelta(days=40))  # before the chart's days

    boards = {board.event: board for board in dashboard(now=NOW)}

    assert {day: count for day, count in boards[event].per_day.items() if day > date(2025, 10, 21)} == {
        date(2025, 11, 18): 1,
        date(2025, 11, 19): 1,
    }
    assert boards[leipzig].per_day == {date(2025, 11, 18): 1}
    bars = boards[event].chart.bars
    assert len(bars) == 30 and bars[-1].day == date(2025, 11, 20) and bars[0].day == date(2025, 10, 22)
    assert [bar.count for bar in bars[-3:]] == [1, 1, 0]
    assert boards[event].chart.total == 2


def test_chart_begins_the_day_registration_opened_when_that_is_less_than_thirty_days_ago():
    event = open_event(
        starts_at=NOW + timedelta(days=10), registration_opens_at=datetime(2025, 11, 15, 23, 30, tzinfo=dt_timezone.utc)
    )

    (board,) = dashboard(now=NOW)

    # 23:30 UTC is already the 16th in Leipzig.
    assert [bar.day for bar in board.chart.bars] == [date(2025, 11, day) for day in range(16, 21)]
    assert board.event == event


def test_chart_bars_scale_to_a_round_top_and_describe_themselves():
    drawn = chart({date(2025, 11, 2): 3, date(2025, 11, 3): 7}, date(2025, 11, 1), date(2025, 11, 3))

    assert [bar.count for bar in drawn.bars] == [0, 3, 7]
    assert drawn.scale_top == 10
    assert drawn.bars[0].height == 0
    assert drawn.bars[2].height == pytest.approx((drawn.baseline_y - drawn.scale_y) * 0.7, abs=0.01)
    assert drawn.description == "From 1 Nov to 3 Nov: 10 new registrations. Most on 3 Nov: 7."
    assert chart({}, date(2025, 11, 1), date(2025, 11, 1)).description == "From 1 Nov to 1 Nov: 0 new registrations."


def test_breakdowns_count_live_registrations_with_translated_labels_and_percentages():
    event = open_event()
    register(event, organization_kind="academia", country="CN", language="zh-hans")
    register(event, Status.WAITLISTED, organization_kind="academia", country="DE", language="de")
    register(event, Status.AWAITING_CONFIRMATION, organization_kind="", country="DE", language="de")
    register(event, organization_kind="enterprise", country="DE", language="en")
    register(event, Status.CANCELLED, organization_kind="media", country="FR", language="en")  # holds nothing

    (board,) = dashboard()

    assert board.live == 4
    assert [(share.label, share.count, share.percent) for share in board.by_kind] == [
        ("Academia", 2, "50%"),
        ("Enterprise", 1, "25%"),
        ("Not given", 1, "25%"),
    ]
    assert [(share.label, share.count) for share in board.by_country] == [("Germany", 3), ("China", 1)]
    assert [(share.label, share.count) for share in board.by_language] == [
        ("German", 2),
        ("English", 1),
        ("Simplified Chinese", 1),
    ]


# --- The page --------------------------------------------------------------------------------------------------


def test_page_shows_the_chart_with_title_description_and_a_table(organizer_client):
    event = open_event(title_en="Ming City Wall Forum", capacity=3)
    register(event)

    response = organizer_client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ming City Wall Forum" in html
    assert f'aria-labelledby="chart-title-{event.pk} chart-desc-{event.pk}"' in html
    assert f'<title id="chart-title-{event.pk}">New registrations per day for Ming City Wall Forum</title>' in html
    assert "<details" in html and "The same as a table" in html
    assert html.count('class="dashboard-chart__bar"') == 30
    assert '<rect class="dashboard-fill__bar" x="0" y="0" width="33" height="6"/>' in html
    assert "1 of 3 seats taken (33%)" in html
    # Numbers in SVG attributes stay numbers in every language (no decimal comma).
    german = organizer_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert german.count('class="dashboard-chart__bar"') == 30
    assert not [part for part in german.split('x="')[1:] if "," in part.split('"')[0]]


def test_page_says_so_when_no_event_is_open(organizer_client):
    open_event(registration_required=False)

    response = organizer_client.get(DASHBOARD)

    assert response.status_code == 200
    assert b"No event is open for registration" in response.content


def test_admin_index_links_the_dashboard_for_those_who_may_see_registrations(client, organizer_client):
    assert DASHBOARD.encode() in organizer_client.get(reverse("admin:index")).content

    client.force_login(staff("ines", "view_event"))
    assert DASHBOARD.encode() not in client.get(reverse("admin:index")).content


@pytest.mark.parametrize(
    ("permissions", "group", "status"),
    [((), "Check-in staff", 200), (("view_registration",), None, 200), (("view_event",), None, 403), ((), None, 403)],
)
def test_dashboard_is_for_staff_who_may_view_registrations(client, permissions, group, status):
    open_event()
    client.force_login(staff("vera", *permissions, group=group))

    assert client.get(DASHBOARD).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Queries ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("events", "per_event"), [(1, 1), (6, 25)])
def test_dashboard_makes_the_same_queries_for_one_event_as_for_many(
    organizer_client, django_assert_num_queries, events, per_event
):
    kinds, countries = ["academia", "enterprise", "media", ""], ["CN", "DE", "FR", ""]
    for index in range(events):
        # Two zones among the events: the day's CASE grows, the number of queries does not.
        event = open_event(venue=nanjing() if index % 2 else make_venue())
        for number in range(per_event):
            register(
                event,
                [Status.CONFIRMED, Status.WAITLISTED, Status.AWAITING_CONFIRMATION][number % 3],
                organization_kind=kinds[number % 4],
                country=countries[number % 4],
                language=["en", "de", "zh-hans"][number % 3],
                created_at=timezone.now() - timedelta(days=number % 35, hours=number),
            )

    # Session, user, two for the permissions, then the events and the three aggregates.
    with django_assert_num_queries(8):
        response = organizer_client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(response.context["boards"]) == events
