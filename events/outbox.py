"""The outbox: how the e-mails owed to registrants leave, without any visitor waiting for a mail server.

The rules of registration (events/registrations.py) write a Notification row in the transaction of the change it
reports. From there the mail worker (`manage.py run_mail_worker`) sends it. Only the local backends (console, file,
locmem: the demo and the tests), which cannot hang, also send it right after the request's commit;
`sends_in_request()` decides that, in one place.

A worker first claims a row: it writes its name and the end of a lease into the row, in a short transaction that
locks the row with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (other workers pass over it instead of waiting) and
that SQLite serialises with BEGIN IMMEDIATE; the claim itself is a conditional UPDATE, so it holds on either.
The mail server is then talked to with no transaction open, and the outcome is written only where the claim is
still this worker's. A worker that dies mid-send leaves a claim whose lease runs out, and the message is tried
again; the lease is longer than the longest send a live worker is allowed (`send_time_limit()`), so a live worker's
message is never taken over. (A worker that dies after the server accepted the message but before recording it
causes the one duplicate SMTP cannot rule out.)

A failed attempt is retried after EMAIL_RETRY_SECONDS, doubling each time up to six hours; after EMAIL_MAX_ATTEMPTS
the message is marked failed and shown so in the admin, where an organizer can send it again (`retry`).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from events.emails import render_email
from events.models import Delegation, Notification, Registration

logger = logging.getLogger(__name__)

# Backends that write where this process is (the console, a folder, memory): they cannot keep a visitor waiting.
LOCAL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
MAX_RETRY_DELAY = timedelta(hours=6)

SENT = "sent"
RETRY = "retry"  # failed this time, tried again later
FAILED = "failed"  # failed for the last allowed time: given up
LOST = "lost"  # sent, but the claim had been taken over meanwhile (only after a send outlived its lease)
SENDING = "sending"  # a worker holds it right now
WAITING = "waiting"  # due, for the next free worker


def sends_in_request() -> bool:
    """Whether an e-mail is also sent right after the commit of the request that owes it.

    EMAIL_SEND_IN_REQUEST decides when set; otherwise only for the local backends. Any other backend talks to a
    server that may be slow or hang, and that must never be the visitor's wait: the mail worker sends for them.
    """
    if settings.EMAIL_SEND_IN_REQUEST is not None:
        return bool(settings.EMAIL_SEND_IN_REQUEST)
    return settings.EMAIL_BACKEND in LOCAL_BACKENDS


def owe(registration: Registration, kind: str) -> Notification:
    """Write the e-mail owed for a change, in the caller's transaction: it exists exactly when the change does."""
    notification = Notification.objects.create(registration=registration, kind=kind)
    if sends_in_request():
        transaction.on_commit(lambda: send_notification(notification.pk))
    return notification


def notification_columns(**values) -> dict[str, object]:
    """A new Notification's columns and their values, defaults included, for a statement of the caller's that writes
    the row itself (events.registrations._take_seat_or_queue, in the UPDATE that seats). owed() must follow."""
    notification = Notification(**values)
    return {
        field.column: field.get_db_prep_save(getattr(notification, field.attname), connection)
        for field in Notification._meta.concrete_fields
        if not field.primary_key
    }


def owed(notification_id: int) -> None:
    """What owe() does once the row is written, for a row the caller's own statement wrote."""
    if sends_in_request():
        transaction.on_commit(lambda: send_notification(notification_id))


def owe_delegation(delegation: Delegation, kind: str) -> Notification:
    """The same for an e-mail to a delegation's contact (the DELEGATION_* kinds)."""
    notification = Notification.objects.create(delegation=delegation, kind=kind)
    if sends_in_request():
        transaction.on_commit(lambda: send_notification(notification.pk))
    return notification


# --- Time limits -------------------------------------------------------------------------------------


def _email_timeout() -> float:
    return float(settings.EMAIL_TIMEOUT or 60)


def send_time_limit() -> timedelta:
    """The longest a worker spends on one message: SMTP waits up to EMAIL_TIMEOUT for each of its few exchanges
    (connect, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT), and six of them are plenty for a server that answers."""
    return timedelta(seconds=max(30.0, 6 * _email_timeout()))


def lease() -> timedelta:
    """How long a claim keeps other workers off a message: twice the send time limit, and some."""
    return 2 * send_time_limit() + timedelta(seconds=30)


def retry_delay(attempts: int) -> timedelta:
    """After the first failure EMAIL_RETRY_SECONDS, then twice as long each time, never more than six hours."""
    delay = timedelta(seconds=settings.EMAIL_RETRY_SECONDS) * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_RETRY_DELAY)


class SendTimeLimit(TimeoutError):
    """The mail server kept this worker longer than send_time_limit() allows."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Abort what runs inside after `seconds` (SIGALRM; only in a process's main thread, as in the worker)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise SendTimeLimit(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- Claim, send, record -----------------------------------------------------------------------------


def new_worker_name() -> str:
    """Host, process and a random part: unique per claim, and says in the admin who is sending."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def claim(
    *, worker: str, notification_id: int | None = None, exclude: set | None = None, now: datetime | None = None
) -> Notification | None:
    """Take the oldest due message (or the one asked for, if due) for this worker, or None if there is none free."""
    now = now or timezone.now()
    due = Notification.objects.due(now)
    if notification_id is not None:
        due = due.filter(pk=notification_id)
    if exclude:
        due = due.exclude(pk__in=exclude)
    with transaction.atomic():
        # Only the notification's row (of=self), and skipping rows another worker is claiming right now: a worker
        # never waits for another, and never locks the registration or event a confirmation may be holding.
        picked = due.select_for_update(skip_locked=True, of=("self",)).order_by("created_at", "pk").only("pk").first()
        if picked is None:
            return None
        # Conditional, so that two claims can never both win, whatever the database's locking.
        claimed = (
            Notification.objects.due(now).filter(pk=picked.pk).update(claimed_by=worker, claimed_until=now + lease())
        )
        if not claimed:
            return None
    return (
        # Either a registrant's e-mail or one to a delegation's contact: the other side's joins find nothing.
        Notification.objects.select_related(
            "registration__event__venue__city",
            "registration__event__edition",
            "registration__delegation",
            "delegation__event__venue__city",
            "delegation__event__edition",
        )
        .filter(pk=picked.pk)
        .first()
    )


def _mine(notification: Notification, worker: str) -> QuerySet:
    return Notification.objects.filter(pk=notification.pk, claimed_by=worker, sent_at__isnull=True)


def deliver(
    notification: Notification,
    *,
    worker: str,
    time_limit: float | None = None,
    clock: Callable[[], datetime] = timezone.now,
) -> str:
    """Send a message this worker has claimed, then record the outcome: SENT, RETRY, FAILED (given up) or LOST.

    The outcome is recorded at clock() after the send (the next attempt is counted from the end of this one).
    """
    try:
        with _time_limit(time_limit):
            render_email(notification).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail system is recorded and retried later
        return _record_failure(notification, worker=worker, error=error, now=clock())
    recorded = _mine(notification, worker).update(
        sent_at=clock(), attempts=F("attempts") + 1, last_error="", claimed_by="", claimed_until=None
    )
    if not recorded:
        # Only if a send outlived its lease: another worker may have sent it too. Loud, since it should not happen.
        logger.error("E-mail %s was sent after its claim ran out; it may have been sent twice.", notification.pk)
        return LOST
    logger.info("E-mail %s sent.", notification.pk)
    return SENT


def _record_failure(notification: Notification, *, worker: str, error: Exception, now: datetime) -> str:
    attempts = notification.attempts + 1
    given_up = attempts >= settings.EMAIL_MAX_ATTEMPTS
    changes = {
        "attempts": F("attempts") + 1,
        "last_error": f"{type(error).__name__}: {error}"[:1000],
        "claimed_by": "",
        "claimed_until": None,
    }
    if given_up:
        changes["failed_at"] = now
    else:
        changes["next_attempt_at"] = now + retry_delay(attempts)
    _mine(notification, worker).update(**changes)
    # No address or name in the log: the notification's number is enough to find it.
    if given_up:
        logger.error(
            "E-mail %s failed for the last time (attempt %s of %s): %s; see the admin's e-mails.",
            notification.pk,
            attempts,
            settings.EMAIL_MAX_ATTEMPTS,
            type(error).__name__,
        )
        return FAILED
    logger.warning(
        "E-mail %s could not be sent (attempt %s of %s): %s; next attempt in %s.",
        notification.pk,
        attempts,
        settings.EMAIL_MAX_ATTEMPTS,
        type(error).__name__,
        retry_delay(attempts),
    )
    return RETRY


def send_notification(notification_id: int, *, now: datetime | None = None) -> bool:
    """Send one owed e-mail now, if it is due and no worker holds it. True if this call sent it."""
    worker = new_worker_name()
    notification = claim(worker=worker, notification_id=notification_id, now=now)
    if notification is None:
        return False  # already sent, not due yet, given up, or another worker is sending it right now
    return deliver(notification, worker=worker, clock=(lambda: now) if now else timezone.now) in (SENT, LOST)


# --- The worker --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What one run did with the messages it claimed; others' messages are never counted."""

    sent: int = 0
    failed: int = 0  # tried and failed, whether to be retried or given up
    given_up: int = 0
    tried: set = field(default_factory=set)  # in a run --once only: each message is tried once

    @property
    def count(self) -> int:
        return self.sent + self.failed

    def add(self, notification: Notification, outcome: str, *, once: bool) -> None:
        if once:
            self.tried.add(notification.pk)
        if outcome in (SENT, LOST):
            self.sent += 1
        else:
            self.failed += 1
            self.given_up += outcome == FAILED


def run_worker(
    *,
    stop: threading.Event | None = None,
    once: bool = False,
    poll: float | None = None,
    limit: int | None = None,
    time_limit: float | None = None,
    clock: Callable[[], datetime] = timezone.now,
) -> Tally:
    """Send due messages until `stop` is set; with `once`, until none is due (each message tried once at most).

    Between messages it does not wait; with nothing due it looks again every `poll` seconds (or as soon as `stop` is
    set). A database that is away is waited for, not a reason to stop. `clock` is for tests that move time.
    """
    stop = stop or threading.Event()
    poll = settings.EMAIL_WORKER_POLL_SECONDS if poll is None else poll
    time_limit = send_time_limit().total_seconds() if time_limit is None else time_limit
    tally = Tally()
    while not stop.is_set() and (limit is None or tally.count < limit):
        if not connection.in_atomic_block:  # never inside a caller's transaction (a test's), which it would end
            close_old_connections()  # what a request does: a broken or too old connection is replaced
        worker = new_worker_name()
        try:
            notification = claim(worker=worker, exclude=tally.tried, now=clock())
        except DatabaseError as error:
            if once:
                raise
            logger.warning("The mail worker cannot reach the database (%s); trying again.", type(error).__name__)
            stop.wait(max(poll, 1))
            continue
        if notification is None:
            if once:
                break
            stop.wait(poll)
            continue
        outcome = deliver(notification, worker=worker, time_limit=time_limit, clock=clock)
        tally.add(notification, outcome, once=once)
    return tally


def send_owed_emails(*, limit: int | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Try every e-mail that is due once, oldest first. Returns (sent, failed), counting only this run's own."""
    tally = run_worker(once=True, limit=limit, clock=(lambda: now) if now else timezone.now)
    return tally.sent, tally.failed


# --- For organizers ----------------------------------------------------------------------------------


def retry(queryset: QuerySet, *, now: datetime | None = None) -> list[int]:
    """An organizer's "send again": unsent messages no worker holds get a fresh set of attempts, due now.

    Returns their ids. Where e-mails are sent in the request (local backends) they are sent at once: the message
    was written long ago, so nothing can roll it back.
    """
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    with transaction.atomic():
        ids = list(queryset.filter(free, sent_at__isnull=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(attempts=0, failed_at=None, next_attempt_at=now)
    if sends_in_request():
        for notification_id in ids:
            send_notification(notification_id, now=now)
    return ids


def delivery_state(notification: Notification, *, now: datetime | None = None) -> str:
    """Where an e-mail stands, for organizers: SENT, FAILED, SENDING, WAITING or RETRY (waits for its next attempt)."""
    now = now or timezone.now()
    if notification.sent_at is not None:
        return SENT
    if notification.failed_at is not None:
        return FAILED
    if notification.claimed_until is not None and notification.claimed_until > now:
        return SENDING
    if notification.next_attempt_at > now:
        return RETRY
    return WAITING
