"""Check-in per event (issue 10, part 6): who may open an event's door, the rule at that door (another event's
ticket, a day the event does not take place, a second check-in), finding people without their ticket in either
script, the live counts, the page's fixed number of queries, the index of doors and the admin's links to them."""

from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from events import door, registrations
from events.models import Event, Registration, format_ticket_code
from nanjingweek.typography import date_range, long_date
from tests.events.test_registrations import make_registration, make_registrations
from tests.factories import make_city, make_event, make_venue
from tests.security_headers import header_problems, inline_code

pytestmark = pytest.mark.django_db

Status = Registration.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def event_today(**overrides) -> Event:
    """Running now (begun an hour ago, over in an hour): today at its venue is one of its days, whatever the hour."""
    now = timezone.now().replace(microsecond=0)
    values = {
        "registration_required": True,
        "capacity": 10,
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(hours=1),
        "title_en": "Forum on Common Heritage",
        "title_de": "Forum zum gemeinsamen Erbe",
        "title_zh_hans": "共同遗产论坛",
    }
    values.update(overrides)
    return make_event(**values)


def confirmed(event, **overrides) -> Registration:
    return make_registration(event, status=Status.CONFIRMED, **overrides)


def member_of(group: str, username: str, **names) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def door_staff():
    return member_of("Check-in staff", "jonas", first_name="Jonas", last_name="Weber")


def door_url(event, language="en", **query) -> str:
    with translation.override(language):
        url = reverse("events:check_in_event", kwargs={"slug": event.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def verdict(parse_html, response):
    return parse_html(response.content).find("div", class_="check-in-result")


# --- Who may open the door ---------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client):
    event = event_today()

    response = client.get(door_url(event))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={door_url(event)}"


def test_an_attendee_without_the_permission_is_forbidden_and_checks_nobody_in(client):
    event = event_today()
    registration = confirmed(event)
    client.force_login(User.objects.create_user("attendee", password="x"))

    shown = client.get(door_url(event))
    posted = client.post(door_url(event), {"code": registration.ticket_code})
    index = client.get("/en/check-in/")
    unknown = client.get("/en/check-in/no-such-event/")

    # The same 403 for an unknown event: nobody without the permission learns which events exist.
    assert (shown.status_code, posted.status_code, index.status_code, unknown.status_code) == (403, 403, 403, 403)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("group", ["Check-in staff", "Organizers"])
def test_check_in_staff_and_organizers_check_people_in(client, parse_html, group):
    event = event_today()
    registration = confirmed(event, name="张伟", name_romanized="Zhang Wei")
    user = member_of(group, "door")
    client.force_login(user)

    shown = client.get(door_url(event))
    posted = client.post(door_url(event), {"code": registration.ticket_code})

    assert (shown.status_code, posted.status_code) == (200, 200)
    result = verdict(parse_html, posted)
    assert "check-in-result--admitted" in result.classes
    assert result.attrs["role"] == "status"
    registration.refresh_from_db()
    assert registration.checked_in_by == user
    assert registration.checked_in_at is not None


def test_an_unknown_event_is_not_found_for_staff(client, door_staff):
    client.force_login(door_staff)

    assert client.get("/en/check-in/no-such-event/").status_code == 404


def test_the_door_is_never_cached_and_may_use_the_camera(client, door_staff):
    event = event_today()
    client.force_login(door_staff)

    page = client.get(door_url(event))
    posted = client.post(door_url(event, "de"), {"code": confirmed(event).ticket_code})

    for response in (page, posted):
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert header_problems(response, camera=True) == []
        assert inline_code(response.content) == []


# --- The rule at the door ----------------------------------------------------------------------------------------


def test_a_ticket_for_another_event_is_refused_naming_that_event_and_its_dates(client, parse_html, door_staff):
    here = event_today()
    starts = timezone.now().replace(microsecond=0) + timedelta(days=20)
    elsewhere = event_today(
        title_en="Dialogue on Low-Carbon Cities", starts_at=starts, ends_at=starts + timedelta(days=1, hours=2)
    )
    ticket = confirmed(elsewhere, name="Anna Schmidt")
    client.force_login(door_staff)

    response = client.post(door_url(here), {"code": format_ticket_code(ticket.ticket_code)})

    result = verdict(parse_html, response)
    assert "check-in-result--refused" in result.classes
    assert result.attrs["role"] == "alert"
    with translation.override("en"):
        days = date_range(elsewhere.local_start.date(), elsewhere.local_end.date())
    assert f"This ticket is for another event: “Dialogue on Low-Carbon Cities”, {days}." in result.text
    assert "Anna Schmidt" in result.text
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_a_day_that_is_not_the_events_is_refused_and_said_on_the_page(client, parse_html, door_staff):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
    event = event_today(starts_at=starts, ends_at=starts + timedelta(hours=8))
    ticket = confirmed(event)
    client.force_login(door_staff)

    shown = parse_html(client.get(door_url(event)).content)
    response = client.post(door_url(event), {"code": ticket.ticket_code})

    with translation.override("en"):
        today = long_date(timezone.localtime(timezone.now(), event.zone).date())
        # Eight hours from now may end on the next day at the venue: the page names both days then.
        days = date_range(event.local_start.date(), event.local_end.date())
        expected = f"Check-in is open only on the event's days: {days}. Today at the venue is {today}."
    assert shown.find("p", class_="door-closed").text == expected
    # No check-in buttons in the list on such a day, only the names.
    assert shown.find_all("form", class_="door-person__check-in") == []
    assert expected in verdict(parse_html, response).text
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_an_event_over_several_days_checks_in_on_each_of_them():
    now = timezone.now().replace(microsecond=0)
    event = event_today(starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1))
    ticket = confirmed(event)

    assert registrations.check_in(ticket.ticket_code, event=event).checked_in_at is not None


def test_the_days_are_the_venues_calendar_days():
    # 7 November at a venue in Nanjing: from 16:00 UTC on the 6th (midnight in Shanghai) to 15:59 UTC on the 7th.
    nanjing = make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"))
    event = make_event(
        venue=nanjing,
        registration_required=True,
        starts_at=datetime(2025, 11, 7, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2025, 11, 7, 17, 0, tzinfo=SHANGHAI),
    )
    early, late = confirmed(event), confirmed(event)
    utc = ZoneInfo("UTC")

    with pytest.raises(registrations.NotAnEventDay):
        registrations.check_in(early.ticket_code, event=event, now=datetime(2025, 11, 6, 15, 59, tzinfo=utc))
    first = registrations.check_in(early.ticket_code, event=event, now=datetime(2025, 11, 6, 16, 0, tzinfo=utc))
    last = registrations.check_in(late.ticket_code, event=event, now=datetime(2025, 11, 7, 15, 59, tzinfo=utc))

    assert (first.checked_in_at, last.checked_in_at) == (
        datetime(2025, 11, 6, 16, 0, tzinfo=utc),
        datetime(2025, 11, 7, 15, 59, tzinfo=utc),
    )


def test_an_event_without_a_date_has_no_check_in(client, parse_html, door_staff):
    event = event_today(starts_at=None, ends_at=None, announced_period_en="in spring")
    ticket = confirmed(event)
    client.force_login(door_staff)

    response = client.post(door_url(event), {"code": ticket.ticket_code})

    assert "This event has no date yet, so nobody can be checked in." in verdict(parse_html, response).text
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_a_cancelled_event_checks_nobody_in(client, parse_html, door_staff):
    event = event_today(status=Event.Status.CANCELLED)
    ticket = confirmed(event)
    client.force_login(door_staff)

    response = client.post(door_url(event), {"code": ticket.ticket_code})

    assert "This event has been cancelled." in verdict(parse_html, response).text
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_a_second_check_in_says_when_in_the_venues_zone_and_by_whom(client, parse_html, door_staff):
    nanjing = make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"))
    event = event_today(venue=nanjing)
    ticket = confirmed(event, name="张伟", name_romanized="Zhang Wei")
    client.force_login(door_staff)

    first = client.post(door_url(event), {"code": ticket.ticket_code})
    ticket.refresh_from_db()
    second = client.post(door_url(event), {"code": ticket.ticket_code.lower()})

    assert "check-in-result--admitted" in verdict(parse_html, first).classes
    refused = verdict(parse_html, second)
    assert "check-in-result--refused" in refused.classes
    local = ticket.checked_in_at.astimezone(SHANGHAI)
    with translation.override("en"):
        when = date_format(local, "DATE_FORMAT"), date_format(local, "TIME_FORMAT")
    assert f"Already checked in on {when[0]} at {when[1]} by Jonas Weber." in refused.text
    assert "Zhang Wei" in refused.text and "张伟" in refused.text


def test_a_second_check_in_without_a_known_person_says_only_when():
    event = event_today()
    ticket = confirmed(event)
    registrations.check_in(ticket.ticket_code, event=event)

    with pytest.raises(registrations.AlreadyCheckedIn) as refusal:
        registrations.check_in(ticket.ticket_code, event=event)

    assert str(refusal.value).startswith("Already checked in on ") and " by " not in str(refusal.value)


def test_the_rule_without_an_event_keeps_checking_in_as_before():
    # The admin's action names no door: the ticket's own event, on any day.
    starts = timezone.now() + timedelta(days=7)
    ticket = confirmed(event_today(starts_at=starts, ends_at=starts + timedelta(hours=2)))

    assert registrations.check_in(ticket.ticket_code).checked_in_at is not None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Dieses Ticket gilt für eine andere Veranstaltung: „Dialog über kohlenstoffarme Städte“, {days}."),
        ("zh-hans", "此票属于另一场活动：“低碳城市对话”，{days}。"),
    ],
)
def test_refusals_are_translated(client, parse_html, door_staff, language, expected):
    here = event_today()
    starts = timezone.now().replace(microsecond=0) + timedelta(days=20)
    elsewhere = event_today(
        title_en="Dialogue on Low-Carbon Cities",
        title_de="Dialog über kohlenstoffarme Städte",
        title_zh_hans="低碳城市对话",
        starts_at=starts,
        ends_at=starts,
    )
    client.force_login(door_staff)

    response = client.post(door_url(here, language), {"code": confirmed(elsewhere).ticket_code})

    with translation.override(language):
        days = long_date(elsewhere.local_start.date())
    assert expected.format(days=days) in verdict(parse_html, response).text


# --- Finding people without their ticket -------------------------------------------------------------------------


@pytest.fixture
def crowd():
    event = event_today()
    people = {
        "zhang": confirmed(event, name="张伟", name_romanized="Zhang Wei", organization="南京市文化和旅游局"),
        "mueller": confirmed(event, name="Jörg Müller", organization="Stadt Leipzig"),
        "li": confirmed(event, name="李娜", name_romanized="Li Na", organization="Nanjing University"),
    }
    make_registration(event, name="张伟", name_romanized="Zhang Wei", status=Status.WAITLISTED)
    make_registration(event, name="Zhang Weiwei", status=Status.CANCELLED)
    return event, people


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("张伟", ["zhang"]),
        ("Zhang Wei", ["zhang"]),
        ("wei zhang", ["zhang"]),
        ("ZHANG", ["zhang"]),
        ("文化和旅游", ["zhang"]),
        ("muller", ["mueller"]),
        ("MÜLLER", ["mueller"]),
        ("jorg", ["mueller"]),
        ("leipzig", ["mueller"]),
        ("nanjing", ["li"]),
        ("南京", ["zhang"]),
        ("", ["mueller", "li", "zhang"]),  # by the name in Latin letters: Jörg, Li, Zhang
        ("nobody", []),
    ],
)
def test_search_finds_confirmed_attendees_in_either_script(crowd, query, found):
    event, people = crowd

    assert list(door.attendees(event, query)) == [people[key] for key in found]


def test_search_on_the_page_shows_both_scripts_in_the_pages_order(client, parse_html, door_staff, crowd):
    event, people = crowd
    client.force_login(door_staff)

    english = parse_html(client.get(door_url(event, q="Zhang")).content).find("ul", class_="door-people")
    chinese = parse_html(client.get(door_url(event, "zh-hans", q="张伟")).content).find("ul", class_="door-people")

    assert english.find("span", class_="person__name").text == "Zhang Wei"
    assert english.find("span", class_="person__other-script").attrs["lang"] == "zh-Hans"
    assert english.find("span", class_="person__other-script").text == "张伟"
    assert chinese.find("span", class_="person__name").text == "张伟"
    assert chinese.find("span", class_="person__other-script").text == "Zhang Wei"
    assert english.find("input", name="code").attrs["value"] == people["zhang"].ticket_code


def test_the_button_of_a_person_found_checks_them_in_and_the_list_shows_the_time(client, parse_html, door_staff, crowd):
    event, people = crowd
    client.force_login(door_staff)

    response = client.post(door_url(event, q="Li"), {"code": people["li"].ticket_code})

    people["li"].refresh_from_db()
    page = parse_html(response.content)
    assert "check-in-result--admitted" in page.find("div", class_="check-in-result").classes
    (row,) = page.find("ul", class_="door-people").find_all("li", class_="door-person")
    local = people["li"].checked_in_at.astimezone(event.zone)
    with translation.override("en"):
        when = f"checked in on {long_date(local)} at {date_format(local, 'TIME_FORMAT')} by Jonas Weber"
    assert when in row.text
    assert row.find_all("form") == []


# --- Counts ------------------------------------------------------------------------------------------------------


def test_counts_say_checked_in_confirmed_expected_and_capacity(client, parse_html, door_staff):
    event = event_today(capacity=10)
    first, _second, _third = (confirmed(event) for _ in range(3))
    make_registration(event, status=Status.WAITLISTED)
    make_registration(event, status=Status.CANCELLED)
    make_registration(event, status=Status.AWAITING_CONFIRMATION)
    registrations.check_in(first.ticket_code, event=event)
    client.force_login(door_staff)

    page = parse_html(client.get(door_url(event)).content)

    items = page.find("ul", class_="door-counts").find_all("li")
    assert [item.text for item in items] == [
        "1 checked in",
        "3 confirmed",
        "2 still expected",
        "10 capacity, 7 seats free",
    ]
    assert door.counts(door.door_event(event.slug)) == door.Counts(checked_in=1, confirmed=3, capacity=10)


def test_counts_of_an_event_without_a_limit(client, parse_html, door_staff):
    event = event_today(capacity=None)
    confirmed(event)
    client.force_login(door_staff)

    page = parse_html(client.get(door_url(event)).content)

    assert page.find("ul", class_="door-counts").find_all("li")[-1].text == "∞ capacity: no limit"


def test_a_check_in_counts_at_once(client, parse_html, door_staff):
    event = event_today()
    ticket = confirmed(event)
    client.force_login(door_staff)

    page = parse_html(client.post(door_url(event), {"code": ticket.ticket_code}).content)

    assert page.find("ul", class_="door-counts").find_all("li")[0].text == "1 checked in"


# --- A fixed number of queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 80])
@pytest.mark.parametrize("query", [{}, {"q": "attendee"}, {"page": "2"}])
def test_the_page_costs_the_same_queries_for_one_person_and_many(
    client, door_staff, django_assert_num_queries, count, query
):
    event = event_today(capacity=None)
    people = make_registrations(event, count, status=Status.CONFIRMED)
    for person in people[: count // 2 or 1]:
        registrations.check_in(person.ticket_code, by=door_staff, event=event)
    client.force_login(door_staff)
    client.get(door_url(event))  # the session and the user's permissions, as on every page after the first

    # Session, user, the user's own and group permissions, the event with its counts, the list's count, the
    # header's current edition and the list's page.
    with django_assert_num_queries(8):
        response = client.get(door_url(event, **query))

    assert response.status_code == 200


def test_the_list_shows_a_page_of_people_at_a_time(client, parse_html, door_staff):
    event = event_today(capacity=None)
    make_registrations(event, door.PAGE_SIZE + 5, status=Status.CONFIRMED)
    client.force_login(door_staff)

    first = parse_html(client.get(door_url(event)).content)
    second = parse_html(client.get(door_url(event, page="2")).content)

    assert len(first.find("ul", class_="door-people").find_all("li")) == door.PAGE_SIZE
    assert len(second.find("ul", class_="door-people").find_all("li")) == 5
    assert first.find("nav", class_="pagination").find("a", rel="next").attrs["href"] == "?page=2"


# --- The index of doors ------------------------------------------------------------------------------------------


def test_the_index_lists_todays_and_coming_events_with_registration(client, parse_html, door_staff):
    now = timezone.now().replace(microsecond=0)
    today = event_today(title_en="Today's Forum")
    coming = event_today(title_en="Coming Dialogue", starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3))
    event_today(title_en="Past Forum", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3))
    event_today(title_en="Free Concert", registration_required=False)
    event_today(title_en="Draft Workshop", status=Event.Status.DRAFT)
    event_today(title_en="Cancelled Visit", status=Event.Status.CANCELLED)
    event_today(title_en="Undated Fair", starts_at=None, ends_at=None, announced_period_en="in spring")
    confirmed(today)
    client.force_login(door_staff)

    page = parse_html(client.get("/en/check-in/").content)

    links = page.find("ul", class_="door-events").find_all("a")
    assert [(link.find("span", class_="door-events__title").text, link.attrs["href"]) for link in links] == [
        ("Today's Forum", door_url(today)),
        ("Coming Dialogue", door_url(coming)),
    ]
    assert "Today" in links[0].text and "0 of 1 checked in" in links[0].text
    assert "Today" not in links[1].text


def test_the_index_says_when_there_is_no_door(client, parse_html, door_staff):
    client.force_login(door_staff)

    page = parse_html(client.get("/en/check-in/").content)

    assert page.find("p", class_="empty-state").text == "No event with registration takes place today or later."


# --- The admin's links -------------------------------------------------------------------------------------------


def test_the_admin_links_each_event_with_registration_to_its_door(client, parse_html):
    with_registration = event_today(title_en="Forum with seats")
    without = event_today(title_en="Open-air concert", registration_required=False)
    organizer = member_of("Organizers", "olga")
    client.force_login(organizer)

    changelist = parse_html(client.get(reverse("admin:events_event_changelist")).content)
    form = parse_html(client.get(reverse("admin:events_event_change", args=[with_registration.pk])).content)
    other_form = parse_html(client.get(reverse("admin:events_event_change", args=[without.pk])).content)

    cells = {
        row.find("th", class_="field-title").text: row.find("td", class_="field-check_in_link")
        for row in changelist.find("table", id="result_list").find("tbody").find_all("tr")
    }
    assert cells["Forum with seats"].find("a").attrs["href"] == door_url(with_registration)
    assert cells["Open-air concert"].text == "—"
    tools = form.find("ul", class_="object-tools")
    assert door_url(with_registration) in [link.attrs.get("href") for link in tools.find_all("a")]
    assert door_url(without) not in other_form.find("ul", class_="object-tools").text


def test_html_of_the_door_is_valid(client, door_staff, crowd):
    from tests.browser.tools import format_problems, validate_html

    event, people = crowd
    client.force_login(door_staff)
    pages = {
        "index": client.get("/en/check-in/").content,
        "door": client.get(door_url(event, "de")).content,
        "search": client.get(door_url(event, "zh-hans", q="张伟")).content,
        "checked in": client.post(door_url(event), {"code": people["zhang"].ticket_code}).content,
        "refused": client.post(door_url(event), {"code": "ZZZZ-ZZZZ-ZZ"}).content,
    }

    problems = validate_html(pages)

    assert problems == {}, format_problems(problems)


# --- Two doors at once (PostgreSQL) -----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_doors_checking_in_the_same_ticket_at_once_let_it_in_once():
    from tests.events.test_registration_concurrency import errors, race

    event = event_today()
    ticket = confirmed(event, ticket_code="KM7P3XR9TA")
    # Users of their own: a transactional test starts without the groups the migrations made.
    staff = [User.objects.create_user(f"door-{number}", password="x", is_staff=True) for number in range(2)]
    calls = [
        partial(registrations.check_in, typed, by=staff[number % 2], event=event)
        for number, typed in enumerate(["KM7P3XR9TA", "km7p-3xr9-ta"] * 4)
    ]

    results = race(calls)

    ticket.refresh_from_db()
    assert [result for result in results if isinstance(result, Registration)] == [ticket]
    refusals = errors(results)
    assert [type(refusal) for refusal in refusals] == [registrations.AlreadyCheckedIn] * 7
    assert {refusal.when for refusal in refusals} == {ticket.checked_in_at}
    by = ticket.checked_in_by.get_username()
    assert [str(refusal).endswith(f" by {by}.") for refusal in refusals] == [True] * 7, [str(r) for r in refusals]
