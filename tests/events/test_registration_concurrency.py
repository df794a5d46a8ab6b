"""The registration rules under a rush, on PostgreSQL: real threads, each with its own database connection.

Every thread connects first and then waits at one barrier, so all calls hit the database at the same
instant and the only thing that orders them is the locking in events/registrations.py. SQLite serialises
writers anyway (BEGIN IMMEDIATE) and proves nothing here, so these tests skip there with a reason; CI's
PostgreSQL pass runs them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.utils import timezone

from events.models import Event, Notification, Registration
from events.outbox import send_notification
from events.registrations import (
    AlreadyCheckedIn,
    RegistrationError,
    cancel,
    change_capacity,
    check_in,
    confirm,
    expire_unconfirmed,
    notify_event_cancelled,
    register,
)
from tests.events.test_registrations import (
    make_open_event,
    make_registration,
    make_registrations,
    make_waiting_list,
    statuses,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Kind = Notification.Kind
Status = Registration.Status

THREADS = 60
TIMEOUT = 30  # seconds; a deadlock fails the test instead of hanging the suite


def race(calls: list[Callable]) -> list:
    """Run every call in its own thread and connection, all released at once; the results in call order.

    A call that raises has the exception as its result, so a test can say which refusals it expects.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call: Callable) -> None:
        try:
            connection.ensure_connection()  # connect before the start: the race is about locks, not handshakes
            barrier.wait(timeout=TIMEOUT)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - whatever a caller would have seen is the result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert [thread.name for thread in threads if thread.is_alive()] == [], "threads still running: deadlock?"
    return results


def somebody_waits_for_a_lock() -> bool:
    """Whether another connection to this test database is waiting for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def wait_for_a_lock_wait(done: threading.Event | None = None) -> None:
    """Return once another connection waits for a row lock (the interleaving is set), or `done` is set."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if (done is not None and done.is_set()) or somebody_waits_for_a_lock():
            return
        time.sleep(0.01)
    raise AssertionError("nobody waited for a lock")


def errors(results: list) -> list[Exception]:
    return [result for result in results if isinstance(result, Exception)]


def confirmed_times(event: Event, status: str) -> list:
    return list(event.registrations.filter(status=status).values_list("confirmed_at", flat=True))


def test_a_rush_of_confirmations_gives_exactly_the_seats_there_are():
    event = make_open_event(capacity=10)
    people = make_registrations(event, THREADS)

    results = race([partial(confirm, person) for person in people])

    assert errors(results) == []
    assert Counter(result.status for result in results) == {Status.CONFIRMED: 10, Status.WAITLISTED: 50}
    assert statuses(event) == {Status.CONFIRMED: 10, Status.WAITLISTED: 50}  # nobody lost: 60 rows
    # What each caller was told is what was stored.
    assert dict(Registration.objects.values_list("pk", "status")) == {result.pk: result.status for result in results}
    # Everybody is told once, and told what happened to them.
    told = {Status.CONFIRMED: Kind.CONFIRMED, Status.WAITLISTED: Kind.WAITLISTED}
    assert sorted(Notification.objects.values_list("registration", "kind")) == sorted(
        (result.pk, told[result.status]) for result in results
    )
    # First confirmed, first served: nobody waiting confirmed before somebody seated.
    assert max(confirmed_times(event, Status.CONFIRMED)) < min(confirmed_times(event, Status.WAITLISTED))
    # And every one of those e-mails went out right after its commit, although others held the event's lock.
    assert (Notification.objects.owed().count(), len(mail.outbox)) == (0, THREADS)


def test_racing_cancellations_promote_exactly_as_many_as_were_freed_in_waiting_list_order():
    event = make_open_event(capacity=10)
    seated = make_registrations(event, 10, status=Status.CONFIRMED)
    waiting = make_waiting_list(event, 20, first_confirmed_at=timezone.now() - timedelta(days=1))
    leaving = seated[:6]

    results = race([partial(cancel, registration) for registration in leaving])

    assert errors(results) == []
    assert statuses(event) == {Status.CONFIRMED: 10, Status.WAITLISTED: 14, Status.CANCELLED: 6}
    assert set(event.registrations.confirmed()) == {*seated[6:], *waiting[:6]}
    assert list(event.registrations.waiting_list()) == waiting[6:]
    assert Counter(Notification.objects.values_list("registration", "kind")) == Counter(
        [(registration.pk, Kind.CANCELLED) for registration in leaving]
        + [(registration.pk, Kind.PROMOTED) for registration in waiting[:6]]
    )


def test_cancellations_racing_with_confirmations_never_overbook_nor_leave_a_seat_empty():
    event = make_open_event(capacity=10)
    seated = make_registrations(event, 10, status=Status.CONFIRMED)
    waiting = make_waiting_list(event, 5, first_confirmed_at=timezone.now() - timedelta(days=1))
    newcomers = make_registrations(event, 30)

    calls = [partial(confirm, person) for person in newcomers]
    calls[5:5] = [partial(cancel, registration) for registration in seated[:8]]
    results = race(calls)

    assert errors(results) == []
    assert statuses(event) == {Status.CONFIRMED: 10, Status.WAITLISTED: 27, Status.CANCELLED: 8}
    # The five who were already waiting come first, whatever order the threads ran in.
    assert set(waiting) <= set(event.registrations.confirmed())
    assert max(confirmed_times(event, Status.CONFIRMED)) < min(confirmed_times(event, Status.WAITLISTED))


def test_a_capacity_raise_racing_with_confirmations_never_overbooks():
    event = make_open_event(capacity=5)
    make_registrations(event, 3, status=Status.CONFIRMED)
    people = make_registrations(event, 30)

    calls = [partial(confirm, person) for person in people]
    calls[15:15] = [partial(change_capacity, event, 12)]
    results = race(calls)

    assert errors(results) == []
    assert Event.objects.get(pk=event.pk).capacity == 12
    assert statuses(event) == {Status.CONFIRMED: 12, Status.WAITLISTED: 21}
    assert max(confirmed_times(event, Status.CONFIRMED)) < min(confirmed_times(event, Status.WAITLISTED))


def test_racing_duplicate_submissions_make_one_live_registration_and_raise_nothing():
    event = make_open_event()
    address = "anna.schmidt@example.org"
    # The same address as twenty hurried people might type it: other letters in capitals, stray spaces.
    typed = [
        " " * (number % 3)
        + "".join(
            letter.upper() if (number >> (position % 5)) & 1 else letter for position, letter in enumerate(address)
        )
        + "\n" * (number % 2)
        for number in range(20)
    ]

    results = race([partial(register, event, name="Anna", email=email, language="de", consent=True) for email in typed])

    assert errors(results) == []
    (registration,) = Registration.objects.all()
    assert (registration.status, registration.email.lower()) == (Status.AWAITING_CONFIRMATION, address)
    assert {result.pk for result in results} == {registration.pk}  # every caller got the same answer
    assert Counter(Notification.objects.values_list("kind", flat=True)) == {
        Kind.CONFIRM_REQUEST: 1,
        Kind.LINK_RESENT: 19,
    }


def test_racing_check_ins_of_one_ticket_let_one_in():
    registration = make_registration(make_open_event(), status=Status.CONFIRMED, ticket_code="KM7P3XR9TA")

    results = race([partial(check_in, typed) for typed in ["KM7P3XR9TA", "km7p3-xr9ta"] * 5])

    checked_in_at = Registration.objects.get(pk=registration.pk).checked_in_at
    assert [result for result in results if not isinstance(result, AlreadyCheckedIn)] == [registration]
    assert [(type(result), result.when) for result in errors(results)] == [(AlreadyCheckedIn, checked_in_at)] * 9


class SlowBackend(LocmemBackend):
    """A mail server that takes its time: wide enough a window for two senders to collide, were they not locked out."""

    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


def test_racing_retries_send_an_owed_email_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    registration = make_registration(make_open_event())
    owed = Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST)

    results = race([partial(send_notification, owed.pk)] * 10)

    assert errors(results) == []
    assert Counter(results) == {True: 1, False: 9}
    assert [message.to for message in mail.outbox] == [[registration.email]]
    owed.refresh_from_db()
    assert (owed.attempts, owed.sent_at is not None) == (1, True)


def test_a_confirmation_racing_with_the_expiry_cleanup_is_kept(settings):
    # The link is clicked at its last valid instant while the cleanup, a second later by its clock, deletes
    # what has expired: the confirmation commits while the cleanup waits, and must survive it.
    settings.REGISTRATION_CONFIRMATION_HOURS = 48
    created_at = timezone.now() - timedelta(hours=48)
    registration = make_registration(make_open_event(), created_at=created_at)
    confirmed, release = threading.Event(), threading.Event()

    def confirm_and_hold_the_commit():
        with transaction.atomic():
            result = confirm(registration, now=created_at + timedelta(hours=48))
            confirmed.set()
            release.wait(TIMEOUT)
        return result

    def clean_up():
        confirmed.wait(TIMEOUT)
        return expire_unconfirmed(now=created_at + timedelta(hours=48, seconds=1))

    def commit_once_the_cleanup_waits():
        confirmed.wait(TIMEOUT)
        wait_for_a_lock_wait()
        release.set()

    results = race([confirm_and_hold_the_commit, clean_up, commit_once_the_cleanup_waits])

    assert errors(results) == []
    assert results[1] == 0  # nothing deleted
    assert list(Registration.objects.values_list("pk", "status")) == [(registration.pk, Status.CONFIRMED)]
    assert list(Notification.objects.values_list("kind", flat=True)) == [Kind.CONFIRMED]


def test_cancelling_registrations_while_the_event_is_called_off_does_not_deadlock():
    # An organizer cancels two registrations in one transaction (an admin action) while the event is being
    # called off and its live registrations told. Each must wait for the other, never for each other.
    event = make_open_event(capacity=2)
    first, second = (make_registration(event, status=Status.CONFIRMED) for _ in range(2))
    (waiting,) = make_waiting_list(event, 1, first_confirmed_at=timezone.now() - timedelta(days=1))
    halfway, go_on = threading.Event(), threading.Event()

    def cancel_both():
        with transaction.atomic():
            cancel(second)
            halfway.set()
            go_on.wait(TIMEOUT)
            cancel(first)

    def tell_everybody():
        halfway.wait(TIMEOUT)
        return notify_event_cancelled(event)

    def go_on_once_the_notifier_waits():
        halfway.wait(TIMEOUT)
        wait_for_a_lock_wait()
        go_on.set()

    results = race([cancel_both, tell_everybody, go_on_once_the_notifier_waits])

    assert errors(results) == []
    assert statuses(event) == {Status.CANCELLED: 2, Status.CONFIRMED: 1}
    # The notifier ran after the cancellations: only the one still live (promoted) hears of the cancelled event.
    assert results[1] == 1
    assert kinds_by_registration() == {
        first.pk: [Kind.CANCELLED],
        second.pk: [Kind.CANCELLED],
        waiting.pk: [Kind.PROMOTED, Kind.EVENT_CANCELLED],
    }


def kinds_by_registration() -> dict[int, list[str]]:
    told: dict[int, list[str]] = {}
    for registration, kind in Notification.objects.order_by("pk").values_list("registration", "kind"):
        told.setdefault(registration, []).append(kind)
    return told


def test_a_check_in_racing_with_a_cancellation_of_the_same_ticket_does_not_deadlock():
    # At the door, staff scan a ticket while its holder cancels on the phone. cancel() locks the event, then
    # the registration; a check-in needs the registration only, and must never hold it while waiting for the event.
    event = make_open_event()
    registration = make_registration(event, status=Status.CONFIRMED, ticket_code="KM7P3XR9TA")
    event_locked, scanned, go_on = threading.Event(), threading.Event(), threading.Event()

    def cancel_halfway():
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)  # where cancel() is when the scan comes in
            event_locked.set()
            go_on.wait(TIMEOUT)
            return cancel(registration)

    def scan():
        event_locked.wait(TIMEOUT)
        try:
            return check_in("KM7P3XR9TA")
        finally:
            scanned.set()

    def go_on_once_the_scan_is_done_or_waits():
        event_locked.wait(TIMEOUT)
        wait_for_a_lock_wait(done=scanned)
        go_on.set()

    cancelling, scanning, _ = race([cancel_halfway, scan, go_on_once_the_scan_is_done_or_waits])

    assert scanning == registration  # the scan did not wait for the event
    assert (type(cancelling), str(cancelling)) == (RegistrationError, "This attendee has already been checked in.")
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.status, stored.checked_in_at is not None) == (Status.CONFIRMED, True)


def test_an_email_is_sent_at_once_while_its_event_is_locked(settings):
    # Sending must not wait for, nor skip because of, a confirmation in progress for the same event.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = make_open_event()
    registration = make_registration(event)
    owed = Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST)
    event_locked, sent = threading.Event(), threading.Event()

    def hold_the_event():
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            event_locked.set()
            sent.wait(TIMEOUT)

    def send():
        event_locked.wait(TIMEOUT)
        try:
            return send_notification(owed.pk)
        finally:
            sent.set()

    results = race([hold_the_event, send])

    assert results == [None, True]
    assert [message.to for message in mail.outbox] == [[registration.email]]
