"""The registration rules (events/registrations.py), called directly as views, admin actions and commands call them.

Both sides of every boundary; whole results compared. E-mails are checked twice: as Notification rows owed in
the same transaction as the change, and in Django's outbox once `on_commit` has run. The concurrency guarantees
(real threads, PostgreSQL) are in test_registration_concurrency.py.
"""

from __future__ import annotations

import itertools
import smtplib
from collections import Counter
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from events import registrations
from events.emails import render_email
from events.models import Delegation, Event, Notification, Registration
from events.outbox import send_notification, send_owed_emails
from events.registrations import (
    ANONYMIZED_NAME,
    AlreadyCheckedIn,
    RegistrationError,
    RegistrationState,
    anonymize_past_registrations,
    cancel,
    change_capacity,
    check_in,
    confirm,
    erase_personal_data,
    expire_unconfirmed,
    move_to_waiting_list,
    notify_event_cancelled,
    register,
    registration_state,
)
from events.views_registration import find_registration
from nanjingweek import content_version
from tests.factories import BERLIN, SHANGHAI, make_city, make_event, make_venue

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
Status = Registration.Status
State = RegistrationState

SECOND = timedelta(seconds=1)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"

# A fixed programme for registration_state(), which takes `now`.
OPENS = datetime(2025, 10, 1, 10, 0, tzinfo=BERLIN)
CLOSES = datetime(2025, 11, 6, 18, 0, tzinfo=BERLIN)
STARTS = datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
ENDS = STARTS + timedelta(hours=8)  # make_event: eight hours long
DURING = datetime(2025, 10, 20, 12, 0, tzinfo=BERLIN)  # registration open


# --- Builders ----------------------------------------------------------------------------------------

_numbers = itertools.count(1)


def make_scheduled_event(**overrides) -> Event:
    """Registration from OPENS to CLOSES for an event on STARTS, with two seats."""
    values = {
        "registration_required": True,
        "capacity": 2,
        "registration_opens_at": OPENS,
        "registration_closes_at": CLOSES,
        "starts_at": STARTS,
    }
    values.update(overrides)
    return make_event(**values)


def make_open_event(**overrides) -> Event:
    """Registration open right now (the services that take no `now` ask the clock): a month ahead, ten seats."""
    starts_at = overrides.pop("starts_at", timezone.now() + timedelta(days=30))
    values = {"registration_required": True, "capacity": 10}
    values.update(overrides)
    return make_event(starts_at=starts_at, **values)


def _registration_values(overrides: dict) -> dict:
    number = next(_numbers)
    values = {
        "name": f"Attendee {number}",
        "email": f"attendee-{number}@example.org",
        "language": "en",
        "consent_at": timezone.now(),
    }
    values.update(overrides)
    if values.get("status") in (Status.CONFIRMED, Status.WAITLISTED):
        values.setdefault("confirmed_at", timezone.now())
    if values.get("status") == Status.CANCELLED:
        values.setdefault("cancelled_at", timezone.now())
    return values


def make_registration(event: Event, **overrides) -> Registration:
    """A registration stored as it is, without the rules: for setting up a situation."""
    return Registration.objects.create(event=event, **_registration_values(overrides))


def make_registrations(event: Event, count: int, **overrides) -> list[Registration]:
    """`count` registrations in one INSERT (a crowd, in creation order)."""
    crowd = [Registration(event=event, **_registration_values(overrides)) for _ in range(count)]
    return Registration.objects.bulk_create(crowd)


def make_waiting_list(event: Event, count: int, *, first_confirmed_at: datetime) -> list[Registration]:
    """`count` people waiting, one minute apart, created in the reverse order so that only confirmed_at orders them."""
    times = [first_confirmed_at + timedelta(minutes=minute) for minute in range(count)]
    made = [
        Registration(event=event, **_registration_values({"status": Status.WAITLISTED, "confirmed_at": when}))
        for when in reversed(times)
    ]
    return list(reversed(Registration.objects.bulk_create(made)))


def kinds(registration: Registration) -> list[str]:
    return list(Notification.objects.filter(registration=registration).values_list("kind", flat=True))


def statuses(event: Event) -> dict[str, int]:
    return dict(Counter(Registration.objects.filter(event=event).values_list("status", flat=True)))


def status_of(*regs: Registration) -> list[str]:
    return [Registration.objects.get(pk=registration.pk).status for registration in regs]


def reload(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


# --- registration_state ------------------------------------------------------------------------------


def test_registration_state_not_required():
    event = make_scheduled_event(registration_required=False)

    assert registration_state(event, now=DURING) == State(State.NOT_REQUIRED)


def test_registration_state_not_open_until_opens_at():
    event = make_scheduled_event()

    assert registration_state(event, now=OPENS - SECOND) == State(State.NOT_OPEN_YET, opens_at=OPENS)
    assert registration_state(event, now=OPENS) == State(State.OPEN, closes_at=CLOSES, seats_left=2)


def test_registration_state_opens_at_is_in_the_venue_time_zone():
    # The refusal message prints the opening day: a Nanjing event opening at 00:30 opens on the 1st, not on
    # the 30th (UTC) — the value read back from the database is in UTC.
    nanjing = make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"))
    opens = datetime(2025, 10, 1, 0, 30, tzinfo=SHANGHAI)
    event = Event.objects.get(pk=make_scheduled_event(venue=nanjing, registration_opens_at=opens).pk)

    state = registration_state(event, now=opens - SECOND)

    assert state == State(State.NOT_OPEN_YET, opens_at=opens)
    assert (state.opens_at.tzinfo, state.opens_at.day) == (SHANGHAI, 1)


@pytest.mark.parametrize(
    ("confirmed", "expected"),
    [
        (0, State(State.OPEN, closes_at=CLOSES, seats_left=2)),
        (1, State(State.OPEN, closes_at=CLOSES, seats_left=1)),
        (2, State(State.FULL, closes_at=CLOSES, seats_left=0)),
        (3, State(State.FULL, closes_at=CLOSES, seats_left=0)),  # after the capacity was lowered
    ],
)
def test_registration_state_counts_confirmed_seats_only(confirmed, expected):
    event = make_scheduled_event(capacity=2)
    for _ in range(confirmed):
        make_registration(event, status=Status.CONFIRMED)
    make_registration(event)  # awaiting confirmation: holds no seat
    make_registration(event, status=Status.CANCELLED)
    make_registration(make_scheduled_event(), status=Status.CONFIRMED)  # another event's seat

    assert registration_state(event, now=DURING) == expected


def test_registration_state_without_capacity_has_no_limit():
    event = make_scheduled_event(capacity=None)
    for _ in range(3):
        make_registration(event, status=Status.CONFIRMED)

    assert registration_state(event, now=DURING) == State(State.OPEN, closes_at=CLOSES, seats_left=None)


def test_registration_state_uses_a_count_given_without_querying(django_assert_num_queries):
    event = make_scheduled_event(capacity=2)

    with django_assert_num_queries(0):
        assert registration_state(event, confirmed_count=2, now=DURING) == State(
            State.FULL, closes_at=CLOSES, seats_left=0
        )


def test_registration_state_closed_from_closes_at():
    event = make_scheduled_event()

    assert registration_state(event, now=CLOSES - SECOND) == State(State.OPEN, closes_at=CLOSES, seats_left=2)
    assert registration_state(event, now=CLOSES) == State(State.CLOSED, closes_at=CLOSES)


def test_registration_state_closed_when_the_event_ends_without_a_closing_time():
    event = make_scheduled_event(registration_closes_at=None)

    assert registration_state(event, now=ENDS - SECOND) == State(State.OPEN, closes_at=ENDS, seats_left=2)
    assert registration_state(event, now=ENDS) == State(State.CLOSED, closes_at=ENDS)


def test_registration_state_of_an_undated_event_never_closes_by_itself():
    event = make_scheduled_event(starts_at=None, registration_closes_at=None)

    assert registration_state(event, now=ENDS + timedelta(days=365)) == State(State.OPEN, seats_left=2)


def test_registration_state_cancelled_event():
    assert registration_state(make_scheduled_event(status=Event.Status.CANCELLED), now=DURING) == State(State.CANCELLED)
    # Cancelled wins over "not required": people must not just come along to a cancelled event.
    cancelled_open_door = make_scheduled_event(status=Event.Status.CANCELLED, registration_required=False)
    assert registration_state(cancelled_open_door, now=DURING) == State(State.CANCELLED)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Event.Status.DRAFT, State(State.CLOSED, closes_at=CLOSES)),
        (Event.Status.POSTPONED, State(State.CLOSED, closes_at=CLOSES)),
        (Event.Status.PUBLISHED, State(State.OPEN, closes_at=CLOSES, seats_left=2)),
    ],
)
def test_registration_state_only_published_events_accept_registrations(status, expected):
    assert registration_state(make_scheduled_event(status=status), now=DURING) == expected


@pytest.mark.parametrize(
    ("code", "accepts"),
    [
        (State.OPEN, True),
        (State.FULL, True),
        (State.NOT_REQUIRED, False),
        (State.NOT_OPEN_YET, False),
        (State.CLOSED, False),
        (State.CANCELLED, False),
    ],
)
def test_registration_state_accepts_registrations_while_open_or_full(code, accepts):
    assert State(code).accepts_registrations is accepts


# --- register ----------------------------------------------------------------------------------------


def test_register_stores_awaiting_confirmation_with_consent_time():
    event = make_open_event()
    before = timezone.now()

    registration = register(
        event,
        name=" 张三 ",
        name_romanized=" Zhang San ",
        email=" \t zhang.san@example.cn \n",
        language="zh-hans",
        consent=True,
        organization=" Nanjing Museum ",
        organization_kind=Registration.OrganizationKind.CULTURAL_INSTITUTION,
        country="CN",
    )

    stored = reload(registration)
    assert before <= stored.consent_at <= timezone.now()
    assert {
        "event": stored.event,
        "name": stored.name,
        "name_romanized": stored.name_romanized,
        "email": stored.email,
        "organization": stored.organization,
        "organization_kind": stored.organization_kind,
        "country": stored.country,
        "language": stored.language,
        "status": stored.status,
        "confirmed_at": stored.confirmed_at,
        "cancelled_at": stored.cancelled_at,
        "checked_in_at": stored.checked_in_at,
    } == {
        "event": event,
        "name": "张三",
        "name_romanized": "Zhang San",
        "email": "zhang.san@example.cn",
        "organization": "Nanjing Museum",
        "organization_kind": "cultural_institution",
        "country": "CN",
        "language": "zh-hans",
        "status": Status.AWAITING_CONFIRMATION,
        "confirmed_at": None,
        "cancelled_at": None,
        "checked_in_at": None,
    }
    assert list(Registration.objects.all()) == [registration]
    assert kinds(registration) == [Kind.CONFIRM_REQUEST]


def test_register_refuses_without_consent_and_stores_nothing():
    event = make_open_event()

    with pytest.raises(RegistrationError) as refused:
        register(event, name="Anna", email="anna@example.org", language="de", consent=False)

    assert str(refused.value) == "Please agree to the privacy notice to register."
    assert (Registration.objects.count(), Notification.objects.count()) == (0, 0)


def _now_plus(**delta) -> datetime:
    return timezone.now() + timedelta(**delta)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"registration_opens_at": _now_plus(days=-2), "registration_closes_at": _now_plus(minutes=-1)},
            "Registration for this event is closed.",
        ),
        ({"starts_at": _now_plus(hours=-9)}, "Registration for this event is closed."),  # the event is over
        ({"status": Event.Status.DRAFT}, "Registration for this event is closed."),
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        ({"registration_required": False}, "No registration is needed for this event: just come along."),
    ],
    ids=["closed", "event-over", "draft", "cancelled", "not-required"],
)
def test_register_refuses_when_registration_is_not_open_and_stores_nothing(overrides, message):
    event = make_open_event(**overrides)

    with pytest.raises(RegistrationError) as refused:
        register(event, name="Anna", email="anna@example.org", language="de", consent=True)

    assert str(refused.value) == message
    assert (Registration.objects.count(), Notification.objects.count()) == (0, 0)


def test_register_before_opening_says_the_opening_day_in_the_venue_time_zone():
    nanjing = make_venue(city=make_city(timezone="Asia/Shanghai", country="CN"))
    # 00:30 in Nanjing is still the previous day in UTC (and in Berlin).
    opens = (timezone.now() + timedelta(days=3)).astimezone(SHANGHAI).replace(hour=0, minute=30, second=0)
    event = Event.objects.get(pk=make_open_event(venue=nanjing, registration_opens_at=opens).pk)

    with pytest.raises(RegistrationError) as refused:
        register(event, name="Anna", email="anna@example.org", language="en", consent=True)

    assert str(refused.value) == f"Registration opens on {date_format(opens, 'DATE_FORMAT')}."
    assert Registration.objects.count() == 0


def test_register_again_with_the_same_address_returns_the_same_registration_and_resends_the_link():
    event = make_open_event()
    first = register(event, name="Anna Schmidt", email="anna@example.org", language="de", consent=True)

    again = register(event, name="Somebody Else", email="  ANNA@Example.ORG \n", language="en", consent=True)

    assert again == first
    assert list(Registration.objects.all()) == [first]
    assert (reload(first).name, reload(first).language) == ("Anna Schmidt", "de")  # a repeat changes nothing
    assert kinds(first) == [Kind.CONFIRM_REQUEST, Kind.LINK_RESENT]


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED])
def test_register_again_while_live_keeps_the_status(status):
    event = make_open_event()
    existing = make_registration(event, email="anna@example.org", status=status)

    again = register(event, name="Anna", email="Anna@example.org", language="de", consent=True)

    assert again == existing
    assert status_of(existing) == [status]
    assert list(Registration.objects.all()) == [existing]
    assert kinds(existing) == [Kind.LINK_RESENT]


def test_register_after_cancelling_makes_a_new_registration():
    event = make_open_event()
    cancelled = make_registration(event, email="anna@example.org", status=Status.CANCELLED)

    new = register(event, name="Anna", email="ANNA@example.org", language="de", consent=True)

    assert new != cancelled
    assert status_of(cancelled, new) == [Status.CANCELLED, Status.AWAITING_CONFIRMATION]
    assert (kinds(cancelled), kinds(new)) == ([], [Kind.CONFIRM_REQUEST])


def test_register_the_same_address_for_another_event_is_another_registration():
    first_event, second_event = make_open_event(), make_open_event()

    first = register(first_event, name="Anna", email="anna@example.org", language="de", consent=True)
    second = register(second_event, name="Anna", email="anna@example.org", language="de", consent=True)

    assert first != second
    assert (kinds(first), kinds(second)) == ([Kind.CONFIRM_REQUEST], [Kind.CONFIRM_REQUEST])


def test_register_treats_a_duplicate_refused_by_the_database_as_a_repeat(monkeypatch):
    # Two submissions racing: both looked, found nothing, and the database let only one through. The real race
    # runs on PostgreSQL in test_registration_concurrency.py; here the look-up misses once, deterministically.
    event = make_open_event()
    existing = make_registration(event, email="anna@example.org")
    real_lookup = registrations._live_registration
    misses = iter([None])
    monkeypatch.setattr(registrations, "_live_registration", lambda *args: next(misses, None) or real_lookup(*args))

    again = register(event, name="Anna", email="Anna@Example.org", language="de", consent=True)

    assert again == existing
    assert list(Registration.objects.all()) == [existing]
    assert kinds(existing) == [Kind.LINK_RESENT]


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED])
def test_registration_constraint_refuses_two_live_rows_differing_only_in_case(status):
    event = make_open_event()
    make_registration(event, email="anna@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(event, email="Anna@Example.ORG", status=status)

    assert Registration.objects.count() == 1


def test_registration_constraint_allows_cancelled_duplicates_and_other_events():
    event, other_event = make_open_event(), make_open_event()
    make_registration(event, email="anna@example.org", status=Status.CANCELLED)
    make_registration(event, email="ANNA@example.org", status=Status.CANCELLED)
    make_registration(event, email="Anna@Example.org", status=Status.CONFIRMED)
    make_registration(other_event, email="anna@example.org")

    assert statuses(event) == {Status.CANCELLED: 2, Status.CONFIRMED: 1}
    assert statuses(other_event) == {Status.AWAITING_CONFIRMATION: 1}


# --- confirm -----------------------------------------------------------------------------------------


def test_confirm_takes_a_free_seat():
    event = make_open_event(capacity=2)
    make_registration(event, status=Status.CONFIRMED)
    registration = make_registration(event)
    now = timezone.now()

    confirmed = confirm(registration, now=now)

    assert (confirmed.status, confirmed.confirmed_at) == (Status.CONFIRMED, now)
    assert (reload(registration).status, reload(registration).confirmed_at) == (Status.CONFIRMED, now)
    assert kinds(registration) == [Kind.CONFIRMED]
    assert registration_state(event) == State(State.FULL, closes_at=event.ends_at, seats_left=0)


def test_confirm_at_capacity_joins_the_waiting_list():
    event = make_open_event(capacity=2)
    make_registration(event, status=Status.CONFIRMED)
    make_registration(event, status=Status.CONFIRMED)
    registration = make_registration(event)
    now = timezone.now()

    waiting = confirm(registration, now=now)

    assert (waiting.status, waiting.confirmed_at) == (Status.WAITLISTED, now)
    assert statuses(event) == {Status.CONFIRMED: 2, Status.WAITLISTED: 1}
    assert kinds(registration) == [Kind.WAITLISTED]


def test_confirm_without_capacity_always_takes_a_seat():
    event = make_open_event(capacity=None)
    for _ in range(5):
        make_registration(event, status=Status.CONFIRMED)

    assert confirm(make_registration(event)).status == Status.CONFIRMED
    assert statuses(event) == {Status.CONFIRMED: 6}


def test_confirm_first_confirmed_first_served():
    event = make_open_event(capacity=1)
    # Registered in one order, confirmed in another: confirming is what counts.
    anna, bernd, chen = (make_registration(event) for _ in range(3))
    now = timezone.now()

    confirm(bernd, now=now)
    confirm(chen, now=now + SECOND)
    confirm(anna, now=now + 2 * SECOND)

    assert list(event.registrations.confirmed()) == [bernd]
    assert list(event.registrations.waiting_list()) == [chen, anna]

    cancel(bernd, now=now + 3 * SECOND)

    assert list(event.registrations.confirmed()) == [chen]
    assert list(event.registrations.waiting_list()) == [anna]


@pytest.mark.parametrize("full", [False, True], ids=["seat", "waiting-list"])
def test_confirm_twice_changes_nothing(full):
    event = make_open_event(capacity=0 if full else 1)
    registration = make_registration(event)
    now = timezone.now()
    first = confirm(registration, now=now)

    again = confirm(registration, now=now + timedelta(hours=1))

    assert (again.status, again.confirmed_at) == (first.status, now)
    assert (reload(registration).status, reload(registration).confirmed_at) == (first.status, now)
    assert kinds(registration) == [Kind.WAITLISTED if full else Kind.CONFIRMED]


@pytest.mark.parametrize("hours", [48, 2])
def test_confirm_refuses_a_registration_older_than_the_confirmation_time(settings, hours):
    settings.REGISTRATION_CONFIRMATION_HOURS = hours
    event = make_open_event()
    now = timezone.now()
    just_in_time = make_registration(event, created_at=now - timedelta(hours=hours))
    too_late = make_registration(event, created_at=now - timedelta(hours=hours) - SECOND)

    assert confirm(just_in_time, now=now).status == Status.CONFIRMED
    with pytest.raises(RegistrationError) as refused:
        confirm(too_late, now=now)

    assert str(refused.value) == "This link has expired. Please register again."
    assert (reload(too_late).status, reload(too_late).confirmed_at, kinds(too_late)) == (
        Status.AWAITING_CONFIRMATION,
        None,
        [],
    )


def test_confirm_and_expiry_agree_on_the_boundary(settings):
    # What confirm() still accepts, expire_unconfirmed() must not delete, and the other way round.
    settings.REGISTRATION_CONFIRMATION_HOURS = 48
    event = make_open_event()
    now = timezone.now()
    on_the_boundary = make_registration(event, created_at=now - timedelta(hours=48))

    assert expire_unconfirmed(now=now) == 0
    assert confirm(on_the_boundary, now=now).status == Status.CONFIRMED


def test_confirm_refuses_a_cancelled_registration():
    event = make_open_event()
    registration = make_registration(event, status=Status.CANCELLED)

    with pytest.raises(RegistrationError) as refused:
        confirm(registration)

    assert str(refused.value) == "This registration has been cancelled. You are welcome to register again."
    assert (status_of(registration), kinds(registration)) == ([Status.CANCELLED], [])


def test_confirm_refuses_when_the_event_is_cancelled():
    event = make_open_event(status=Event.Status.CANCELLED)
    registration = make_registration(event)

    with pytest.raises(RegistrationError) as refused:
        confirm(registration)

    assert str(refused.value) == "This event has been cancelled."
    assert (status_of(registration), kinds(registration)) == ([Status.AWAITING_CONFIRMATION], [])


def test_unconfirmed_registrations_never_hold_a_seat():
    event = make_open_event(capacity=1)
    waiting_for_mail = [make_registration(event) for _ in range(5)]

    assert registration_state(event) == State(State.OPEN, closes_at=event.ends_at, seats_left=1)
    assert confirm(waiting_for_mail[-1]).status == Status.CONFIRMED
    assert confirm(waiting_for_mail[0]).status == Status.WAITLISTED
    assert statuses(event) == {Status.AWAITING_CONFIRMATION: 3, Status.CONFIRMED: 1, Status.WAITLISTED: 1}


@pytest.mark.parametrize("from_the_view", [True, False], ids=["event-at-hand", "registration-alone"])
def test_confirm_replaces_the_event_pages_registration_version_and_never_under_the_lock(from_the_view, monkeypatch):
    # Under a rush every confirmation waits for the holder of the event's lock: the cache is asked before it,
    # when the registration comes with its event (as the views find it), and the page's version changes either way.
    event = make_open_event(capacity=1)
    registration = make_registration(event)
    if from_the_view:
        registration = find_registration(registration.token)
    else:
        registration = Registration.objects.only("pk", "event_id").get(pk=registration.pk)
    key = content_version.registrations_key(event.slug)
    before = content_version.current([key])[key]
    replaced_after_statements = []
    replace = content_version._replace

    def counted_replace(name):
        replaced_after_statements.append((name, len(queries)))
        replace(name)

    monkeypatch.setattr(content_version, "_replace", counted_replace)
    with CaptureQueriesContext(connection) as queries:
        assert confirm(registration).status == Status.CONFIRMED

    locked_at = next(index for index, query in enumerate(queries.captured_queries) if "events_event" in query["sql"])
    assert content_version.current([key])[key] != before
    # The seat taken filled the event (capacity 1): the lists' cards say so too.
    assert sorted(name for name, _count in replaced_after_statements) == sorted([key, content_version.SEATS])
    for _name, statements_before in replaced_after_statements:
        if from_the_view:
            assert statements_before <= locked_at
        else:
            assert statements_before > locked_at


@pytest.mark.parametrize("full", [False, True], ids=["seat", "waiting-list"])
def test_confirm_owes_the_email_of_its_outcome_as_any_new_one(full):
    # On PostgreSQL the row is written by the statement that seats (events.registrations._owing_the_email).
    event = make_open_event(capacity=0 if full else 1)
    registration = find_registration(make_registration(event).token)
    before = timezone.now()

    confirm(registration)

    owed = Notification.objects.get(registration=registration)
    assert (owed.kind, owed.delegation, owed.message, owed.sent_at, owed.attempts, owed.last_error) == (
        Kind.WAITLISTED if full else Kind.CONFIRMED, None, None, None, 0, "",
    )  # fmt: skip
    assert (owed.failed_at, owed.claimed_by, owed.claimed_until) == (None, "", None)
    assert before <= owed.created_at <= timezone.now() and before <= owed.next_attempt_at <= timezone.now()
    assert list(Notification.objects.due()) == [owed]


# --- cancel, promotion, capacity ---------------------------------------------------------------------


def test_cancel_frees_the_seat_for_the_first_person_waiting_only():
    event = make_open_event(capacity=2)
    leaving, staying = (
        make_registration(event, status=Status.CONFIRMED),
        make_registration(event, status=Status.CONFIRMED),
    )
    first, second, third = make_waiting_list(event, 3, first_confirmed_at=timezone.now() - timedelta(days=1))
    now = timezone.now()

    cancelled = cancel(leaving, now=now)

    assert (cancelled.status, cancelled.cancelled_at) == (Status.CANCELLED, now)
    assert status_of(leaving, staying, first, second, third) == [
        Status.CANCELLED,
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert list(event.registrations.waiting_list()) == [second, third]
    assert [kinds(leaving), kinds(staying), kinds(first), kinds(second), kinds(third)] == [
        [Kind.CANCELLED],
        [],
        [Kind.PROMOTED],
        [],
        [],
    ]


def test_cancel_promotes_in_the_promoted_persons_language(settings):
    settings.EMAIL_BACKEND = LOCMEM
    event = make_open_event(
        capacity=1, title_en="Heritage Forum", title_de="Forum Kulturerbe", title_zh_hans="遗产论坛"
    )
    leaving = make_registration(event, status=Status.CONFIRMED, language="en")
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=timezone.now())
    Registration.objects.filter(pk=waiting.pk).update(language="de")

    cancel(leaving)

    promoted = Notification.objects.get(registration=waiting)
    assert (promoted.kind, promoted.registration.language) == (Kind.PROMOTED, "de")
    message = render_email(promoted)
    html = message.alternatives[0][0]
    assert message.to == [waiting.email]
    assert f"/de/registration/{waiting.token}/" in message.body
    assert ("Forum Kulturerbe" in message.body, "Heritage Forum" in message.body) == (True, False)
    assert ("Forum Kulturerbe" in html, "Heritage Forum" in html) == (True, False)


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.WAITLISTED])
def test_cancel_without_a_seat_promotes_nobody(status):
    event = make_open_event(capacity=1)
    make_registration(event, status=Status.CONFIRMED)
    registration = make_registration(event, status=status, confirmed_at=timezone.now() - timedelta(days=2))
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=timezone.now() - timedelta(days=1))

    cancel(registration)

    assert status_of(registration, waiting) == [Status.CANCELLED, Status.WAITLISTED]
    assert kinds(waiting) == []


def test_cancel_twice_is_harmless():
    event = make_open_event(capacity=1)
    registration = make_registration(event, status=Status.CONFIRMED)
    make_waiting_list(event, 2, first_confirmed_at=timezone.now())
    now = timezone.now()
    cancel(registration, now=now)

    again = cancel(registration, now=now + timedelta(hours=1))

    assert (again.status, again.cancelled_at) == (Status.CANCELLED, now)
    assert statuses(event) == {Status.CANCELLED: 1, Status.CONFIRMED: 1, Status.WAITLISTED: 1}
    assert Counter(Notification.objects.values_list("kind", flat=True)) == {Kind.CANCELLED: 1, Kind.PROMOTED: 1}


def test_cancel_without_notifying_owes_no_cancellation_mail():
    event = make_open_event(capacity=1)
    registration = make_registration(event, status=Status.CONFIRMED)

    cancel(registration, notify=False)

    assert (status_of(registration), kinds(registration)) == ([Status.CANCELLED], [])


def test_cancel_refuses_a_checked_in_attendee():
    event = make_open_event()
    registration = make_registration(event, status=Status.CONFIRMED, checked_in_at=timezone.now())

    with pytest.raises(RegistrationError) as refused:
        cancel(registration)

    assert str(refused.value) == "This attendee has already been checked in."
    assert (status_of(registration), kinds(registration)) == ([Status.CONFIRMED], [])


def test_cancel_on_a_cancelled_event_promotes_nobody():
    # Telling someone "you have a seat" for an event that will not take place would be wrong.
    event = make_open_event(capacity=1, status=Event.Status.CANCELLED)
    registration = make_registration(event, status=Status.CONFIRMED)
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=timezone.now())

    cancel(registration)

    assert status_of(registration, waiting) == [Status.CANCELLED, Status.WAITLISTED]
    assert kinds(waiting) == []


def test_cancel_after_the_event_is_over_promotes_nobody():
    now = timezone.now()
    event = make_event(registration_required=True, capacity=1, starts_at=now - timedelta(hours=8, seconds=1))
    registration = make_registration(event, status=Status.CONFIRMED)
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=now - timedelta(days=1))

    cancel(registration, now=now)

    assert status_of(registration, waiting) == [Status.CANCELLED, Status.WAITLISTED]
    assert kinds(waiting) == []


def test_cancel_just_before_the_event_ends_still_promotes():
    now = timezone.now()
    event = make_event(registration_required=True, capacity=1, starts_at=now - timedelta(hours=8))  # ends now
    registration = make_registration(event, status=Status.CONFIRMED)
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=now - timedelta(days=1))

    cancel(registration, now=now)

    assert status_of(registration, waiting) == [Status.CANCELLED, Status.CONFIRMED]
    assert kinds(waiting) == [Kind.PROMOTED]


def test_change_capacity_raised_promotes_as_many_as_new_seats_in_order():
    event = make_open_event(capacity=2)
    seated = [make_registration(event, status=Status.CONFIRMED) for _ in range(2)]
    waiting = make_waiting_list(event, 5, first_confirmed_at=timezone.now() - timedelta(days=1))

    promoted = change_capacity(event, 5)

    assert promoted == waiting[:3]
    assert Event.objects.get(pk=event.pk).capacity == 5
    assert set(event.registrations.confirmed()) == {*seated, *waiting[:3]}
    assert list(event.registrations.waiting_list()) == waiting[3:]
    assert [kinds(registration) for registration in waiting] == [[Kind.PROMOTED]] * 3 + [[]] * 2


def test_change_capacity_to_no_limit_promotes_everybody_waiting():
    event = make_open_event(capacity=1)
    make_registration(event, status=Status.CONFIRMED)
    waiting = make_waiting_list(event, 3, first_confirmed_at=timezone.now())

    assert change_capacity(event, None) == waiting
    assert statuses(event) == {Status.CONFIRMED: 4}


def test_change_capacity_lowered_demotes_nobody():
    event = make_open_event(capacity=3)
    seated = [make_registration(event, status=Status.CONFIRMED) for _ in range(3)]
    waiting = make_waiting_list(event, 1, first_confirmed_at=timezone.now())

    assert change_capacity(event, 1) == []
    assert list(event.registrations.confirmed()) == seated
    assert list(event.registrations.waiting_list()) == waiting
    assert registration_state(Event.objects.get(pk=event.pk)) == State(
        State.FULL, closes_at=event.ends_at, seats_left=0
    )
    assert Notification.objects.count() == 0

    # Raising it again to 3 frees no seat: three people still hold them.
    assert change_capacity(event, 3) == []
    assert change_capacity(event, 4) == waiting


def test_change_capacity_of_a_cancelled_event_promotes_nobody():
    event = make_open_event(capacity=1, status=Event.Status.CANCELLED)
    make_registration(event, status=Status.CONFIRMED)
    make_waiting_list(event, 2, first_confirmed_at=timezone.now())

    assert change_capacity(event, 3) == []
    assert statuses(event) == {Status.CONFIRMED: 1, Status.WAITLISTED: 2}


def test_move_to_waiting_list_passes_the_seat_on_and_queues_at_the_end():
    event = make_open_event(capacity=1)
    moved = make_registration(event, status=Status.CONFIRMED)
    first, second = make_waiting_list(event, 2, first_confirmed_at=timezone.now() - timedelta(days=1))
    now = timezone.now()

    waiting = move_to_waiting_list(moved, now=now)

    assert (waiting.status, waiting.confirmed_at) == (Status.WAITLISTED, now)
    assert list(event.registrations.confirmed()) == [first]
    assert list(event.registrations.waiting_list()) == [second, moved]
    assert (kinds(moved), kinds(first), kinds(second)) == ([Kind.WAITLISTED], [Kind.PROMOTED], [])


def test_move_to_waiting_list_the_only_confirmed_person_keeps_nobody_waiting_longer():
    # With nobody else waiting, the freed seat stays free: the person just moved is not promoted straight back.
    event = make_open_event(capacity=1)
    moved = make_registration(event, status=Status.CONFIRMED)

    move_to_waiting_list(moved)

    assert statuses(event) == {Status.WAITLISTED: 1}
    assert kinds(moved) == [Kind.WAITLISTED]


def test_move_to_waiting_list_an_unconfirmed_registration():
    event = make_open_event(capacity=1)
    registration = make_registration(event)
    now = timezone.now()

    move_to_waiting_list(registration, now=now)

    assert (reload(registration).status, reload(registration).confirmed_at) == (Status.WAITLISTED, now)
    assert kinds(registration) == [Kind.WAITLISTED]


def test_move_to_waiting_list_twice_changes_nothing():
    event = make_open_event(capacity=1)
    registration = make_registration(event, status=Status.WAITLISTED)
    confirmed_at = registration.confirmed_at

    move_to_waiting_list(registration, now=timezone.now() + timedelta(hours=1))

    assert (reload(registration).status, reload(registration).confirmed_at) == (Status.WAITLISTED, confirmed_at)
    assert kinds(registration) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": Status.CANCELLED}, "A cancelled registration cannot be put on the waiting list."),
        (
            {"status": Status.CONFIRMED, "checked_in_at": datetime(2025, 11, 7, 9, 0, tzinfo=BERLIN)},
            "This attendee has already been checked in.",
        ),
    ],
    ids=["cancelled", "checked-in"],
)
def test_move_to_waiting_list_refused(overrides, message):
    event = make_open_event(capacity=1)
    registration = make_registration(event, **overrides)

    with pytest.raises(RegistrationError) as refused:
        move_to_waiting_list(registration)

    assert str(refused.value) == message
    assert (status_of(registration), kinds(registration)) == ([overrides["status"]], [])


def test_notify_event_cancelled_tells_every_live_registration_once():
    event = make_open_event(capacity=1, status=Event.Status.CANCELLED)
    live = [
        make_registration(event),
        make_registration(event, status=Status.CONFIRMED),
        make_registration(event, status=Status.WAITLISTED),
    ]
    gone = make_registration(event, status=Status.CANCELLED)
    make_registration(make_open_event(), status=Status.CONFIRMED)  # another event's

    assert notify_event_cancelled(event) == 3

    assert sorted(Notification.objects.values_list("registration", "kind")) == sorted(
        (registration.pk, Kind.EVENT_CANCELLED) for registration in live
    )
    assert kinds(gone) == []


# --- check_in ----------------------------------------------------------------------------------------

TICKET = "KM7P3XR9TA"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("door", password="unused-in-these-tests")


def test_check_in_a_confirmed_ticket(staff):
    registration = make_registration(make_open_event(), status=Status.CONFIRMED, ticket_code=TICKET)
    now = timezone.now()

    checked_in = check_in(TICKET, by=staff, now=now)

    assert checked_in == registration
    assert (reload(registration).checked_in_at, reload(registration).checked_in_by) == (now, staff)


@pytest.mark.parametrize("typed", ["km7p3xr9ta", "KM7P3-XR9TA", " km7p3-xr9ta\n", "KM7 P3X R9TA"])
def test_check_in_accepts_the_code_as_people_type_it(typed):
    registration = make_registration(make_open_event(), status=Status.CONFIRMED, ticket_code=TICKET)

    assert check_in(typed) == registration
    assert reload(registration).checked_in_at is not None


def test_check_in_twice_is_refused_with_the_time_of_the_first(staff):
    registration = make_registration(make_open_event(), status=Status.CONFIRMED, ticket_code=TICKET)
    first = datetime(2025, 11, 7, 8, 15, tzinfo=dt_timezone.utc)  # 09:15 in Leipzig
    check_in(TICKET, by=staff, now=first)

    with pytest.raises(AlreadyCheckedIn) as refused, translation.override("en"):
        check_in(TICKET, now=first + timedelta(minutes=5))

    assert (refused.value.registration, refused.value.when) == (registration, first)
    assert refused.value.when.utcoffset() == timedelta(hours=1)  # shown in the venue's time (CET)
    # Who let the person in, too (issue 10): the door staff know each other by name.
    assert str(refused.value) == "Already checked in on 7 November 2025 at 09:15 by door."
    assert isinstance(refused.value, RegistrationError)  # callers catching the general error see it too
    assert (reload(registration).checked_in_at, reload(registration).checked_in_by) == (first, staff)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.CANCELLED, "This ticket has been cancelled."),
        (Status.WAITLISTED, "This registration is not confirmed, so it has no valid ticket."),
        (Status.AWAITING_CONFIRMATION, "This registration is not confirmed, so it has no valid ticket."),
    ],
)
def test_check_in_refuses_a_ticket_without_a_seat(status, message):
    registration = make_registration(make_open_event(), status=status, ticket_code=TICKET)

    with pytest.raises(RegistrationError) as refused:
        check_in(TICKET)

    assert str(refused.value) == message
    assert reload(registration).checked_in_at is None


@pytest.mark.parametrize("typed", ["KM7P3XR9TB", "", "   ", "KM7P3XR9T"])
def test_check_in_refuses_an_unknown_code(typed):
    make_registration(make_open_event(), status=Status.CONFIRMED, ticket_code=TICKET)

    with pytest.raises(RegistrationError) as refused:
        check_in(typed)

    assert str(refused.value) == "No ticket has this code."
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


# --- expiry, retention, erasure ----------------------------------------------------------------------


def test_expire_unconfirmed_deletes_only_expired_unconfirmed_registrations(settings):
    settings.REGISTRATION_CONFIRMATION_HOURS = 48
    event = make_open_event()
    now = timezone.now()
    limit = now - timedelta(hours=48)
    expired = make_registration(event, created_at=limit - SECOND)
    Notification.objects.create(registration=expired, kind=Kind.CONFIRM_REQUEST)
    kept = [
        make_registration(event, created_at=limit),
        make_registration(event, created_at=limit - SECOND, status=Status.CONFIRMED),
        make_registration(event, created_at=limit - SECOND, status=Status.WAITLISTED),
        make_registration(event, created_at=limit - SECOND, status=Status.CANCELLED),
    ]

    assert expire_unconfirmed(now=now) == 1

    assert list(Registration.objects.order_by("pk")) == kept
    assert Notification.objects.count() == 0
    assert expire_unconfirmed(now=now) == 0


def _ended_event(ends_at: datetime) -> Event:
    return make_event(registration_required=True, starts_at=ends_at - timedelta(hours=8))


def test_anonymize_past_registrations_after_the_retention_days():
    now = timezone.now()
    due = _ended_event(now - timedelta(days=90) - SECOND)
    not_yet = _ended_event(now - timedelta(days=90))
    undated = make_event(registration_required=True, starts_at=None)
    seated = make_registration(due, status=Status.CONFIRMED, name="张三", organization="Nanjing Museum")
    gone = make_registration(due, status=Status.CANCELLED)
    Notification.objects.create(registration=seated, kind=Kind.CONFIRMED)
    kept = [make_registration(not_yet, status=Status.CONFIRMED), make_registration(undated)]
    Notification.objects.create(registration=kept[0], kind=Kind.CONFIRMED)
    kept_values = list(Registration.objects.filter(pk__in=[r.pk for r in kept]).values())

    assert anonymize_past_registrations(days=90, now=now) == 2

    assert list(due.registrations.values_list("name", "name_romanized", "email", "organization", "status")) == [
        (ANONYMIZED_NAME, "", f"anonymized-{seated.pk}@invalid", "", Status.CONFIRMED),
        (ANONYMIZED_NAME, "", f"anonymized-{gone.pk}@invalid", "", Status.CANCELLED),
    ]
    assert set(due.registrations.values_list("anonymized_at", flat=True)) == {now}
    assert statuses(due) == {Status.CONFIRMED: 1, Status.CANCELLED: 1}  # the counts stay
    assert list(Notification.objects.values_list("registration", flat=True)) == [kept[0].pk]
    assert list(Registration.objects.filter(pk__in=[r.pk for r in kept]).values()) == kept_values
    assert anonymize_past_registrations(days=90, now=now) == 0  # once is enough


def test_anonymize_past_registrations_erases_the_contact_of_a_group_too():
    now = timezone.now()
    due, not_yet = _ended_event(now - timedelta(days=90) - SECOND), _ended_event(now - timedelta(days=90))
    contact = {"contact_name": "王芳", "contact_email": "wang.fang@example.cn", "organization": "Nanjing Museum"}
    group = Delegation.objects.create(event=due, **contact)
    Notification.objects.create(delegation=group, kind=Kind.DELEGATION_CONFIRMED)
    kept = Delegation.objects.create(event=not_yet, **contact)

    anonymize_past_registrations(days=90, now=now)

    group.refresh_from_db()
    assert (group.contact_name, group.contact_email, group.organization, group.anonymized_at) == (
        ANONYMIZED_NAME,
        f"anonymized-delegation-{group.pk}@invalid",
        "",
        now,
    )
    assert not group.notifications.exists()
    kept.refresh_from_db()
    assert (kept.contact_name, kept.contact_email, kept.anonymized_at) == ("王芳", "wang.fang@example.cn", None)


def test_anonymize_past_registrations_days_come_from_settings(settings):
    settings.REGISTRATION_RETENTION_DAYS = 7
    now = timezone.now()
    due = make_registration(_ended_event(now - timedelta(days=7) - SECOND))
    kept = make_registration(_ended_event(now - timedelta(days=7)))

    assert anonymize_past_registrations(now=now) == 1
    assert (reload(due).name, reload(kept).name) == (ANONYMIZED_NAME, kept.name)


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED])
def test_erase_personal_data_refused_while_live_before_the_event_ends(status):
    now = timezone.now()
    event = _ended_event(now)  # ends exactly now: not over yet
    registration = make_registration(event, status=status, name="Anna")
    Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST)

    with pytest.raises(RegistrationError) as refused:
        erase_personal_data(registration, now=now)

    assert str(refused.value) == "Please cancel your registration first; then you can delete your data."
    assert (reload(registration).name, reload(registration).anonymized_at, len(kinds(registration))) == (
        "Anna",
        None,
        1,
    )


def test_erase_personal_data_once_cancelled():
    registration = make_registration(make_open_event(), status=Status.CANCELLED, name="Anna")
    Notification.objects.create(registration=registration, kind=Kind.CANCELLED)
    now = timezone.now()

    erase_personal_data(registration, now=now)

    erased = reload(registration)
    assert (erased.name, erased.email, erased.status, erased.anonymized_at) == (
        ANONYMIZED_NAME,
        f"anonymized-{registration.pk}@invalid",
        Status.CANCELLED,
        now,
    )
    assert kinds(registration) == []


def test_erase_personal_data_once_the_event_is_over():
    now = timezone.now()
    registration = make_registration(_ended_event(now - SECOND), status=Status.CONFIRMED, name="Anna")

    erase_personal_data(registration, now=now)
    erase_personal_data(registration, now=now + timedelta(days=1))  # twice is harmless

    erased = reload(registration)
    assert (erased.name, erased.status, erased.anonymized_at) == (ANONYMIZED_NAME, Status.CONFIRMED, now)


# --- e-mail reliability ------------------------------------------------------------------------------


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


FAILING = f"{__name__}.FailingBackend"


def sending(callbacks) -> list:
    """The commit-time callbacks that send e-mail, without the page cache's (nanjingweek/content_version.py)."""
    return [callback for callback in callbacks if not isinstance(callback, content_version.AfterCommit)]


def test_email_failure_keeps_the_registration_and_a_retry_sends_it_exactly_once(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_SEND_IN_REQUEST = (
        True  # a backend of its own would be left to the worker (tests/events/test_outbox.py)
    )
    settings.EMAIL_RETRY_SECONDS = 60
    event = make_open_event()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = register(event, name="Anna", email="anna@example.org", language="de", consent=True)

    assert len(sending(callbacks)) == 1
    assert list(Registration.objects.all()) == [registration]
    owed = Notification.objects.get()
    assert (owed.registration, owed.kind, owed.sent_at, owed.attempts, owed.last_error) == (
        registration,
        Kind.CONFIRM_REQUEST,
        None,
        1,
        "SMTPServerDisconnected: mail server down",
    )
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    assert send_owed_emails() == (0, 0)  # not before its next attempt
    assert send_owed_emails(now=timezone.now() + timedelta(seconds=61)) == (1, 0)

    sent = Notification.objects.get()
    assert (sent.attempts, sent.last_error, sent.sent_at is not None) == (2, "", True)
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert f"/de/registration/{registration.token}/" in mail.outbox[0].body

    assert send_owed_emails() == (0, 0)
    assert len(mail.outbox) == 1


def test_email_failing_again_is_counted_and_stays_owed(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_RETRY_SECONDS = 60
    registration = make_registration(make_open_event())
    owed = Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST)

    assert send_owed_emails() == (0, 1)
    assert send_owed_emails(now=timezone.now() + timedelta(minutes=2)) == (0, 1)

    owed.refresh_from_db()
    assert (owed.sent_at, owed.attempts, owed.last_error) == (None, 2, "SMTPServerDisconnected: mail server down")
    assert mail.outbox == []


def test_send_owed_emails_sends_the_oldest_first_up_to_the_limit(settings):
    settings.EMAIL_BACKEND = LOCMEM
    now = timezone.now()
    people = [make_registration(make_open_event()) for _ in range(3)]
    for minutes, registration in zip([2, 0, 1], people, strict=True):
        Notification.objects.create(
            registration=registration, kind=Kind.CONFIRMED, created_at=now - timedelta(minutes=minutes)
        )

    assert send_owed_emails(limit=2) == (2, 0)
    assert [message.to for message in mail.outbox] == [[people[0].email], [people[2].email]]
    assert list(Notification.objects.owed().values_list("registration", flat=True)) == [people[1].pk]


def test_email_is_sent_only_after_commit(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = LOCMEM
    event = make_open_event()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = register(event, name="Anna", email="anna@example.org", language="en", consent=True)

    assert (len(sending(callbacks)), mail.outbox, Notification.objects.get().sent_at) == (1, [], None)

    sending(callbacks)[0]()

    assert [message.to for message in mail.outbox] == [[registration.email]]
    assert Notification.objects.get().sent_at is not None


def test_email_is_never_sent_for_a_change_rolled_back(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = LOCMEM
    event = make_open_event()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        with transaction.atomic():
            register(event, name="Anna", email="anna@example.org", language="en", consent=True)
            raise RuntimeError("the caller failed after registering")

    assert (callbacks, mail.outbox) == ([], [])
    assert (Registration.objects.count(), Notification.objects.count()) == (0, 0)


def test_send_notification_sends_an_owed_email_only_once(settings):
    settings.EMAIL_BACKEND = LOCMEM
    registration = make_registration(make_open_event())
    owed = Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST)

    assert [send_notification(owed.pk), send_notification(owed.pk)] == [True, False]
    assert len(mail.outbox) == 1


def test_every_change_owes_its_email_in_order(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = LOCMEM
    event = make_open_event(capacity=1, title_en="Heritage Forum", title_de="Forum Kulturerbe")
    with django_capture_on_commit_callbacks(execute=True):
        anna = register(event, name="Anna", email="anna@example.org", language="de", consent=True)
        bernd = register(event, name="Bernd", email="bernd@example.org", language="en", consent=True)
        confirm(anna)
        confirm(bernd)
        cancel(anna)

    assert list(Notification.objects.values_list("registration", "kind", "attempts")) == [
        (anna.pk, Kind.CONFIRM_REQUEST, 1),
        (bernd.pk, Kind.CONFIRM_REQUEST, 1),
        (anna.pk, Kind.CONFIRMED, 1),
        (bernd.pk, Kind.WAITLISTED, 1),
        (anna.pk, Kind.CANCELLED, 1),
        (bernd.pk, Kind.PROMOTED, 1),
    ]
    assert Notification.objects.owed().count() == 0
    assert [message.to for message in mail.outbox] == [[registration.email] for registration in (anna, bernd) * 3]
