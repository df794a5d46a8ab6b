"""The mail worker and the outbox (events/outbox.py) against real mail servers on real sockets.

- A server that accepts TCP connections and never says a word (the one that stalled the site): a registration
  still returns at once, and a worker gives up on it after EMAIL_TIMEOUT and tries again later.
- aiosmtpd, a real SMTP server, for deliveries: exactly once, also with two worker processes at the same time
  (PostgreSQL: SKIP LOCKED is what lets them pass each other; SQLite serialises writers and proves nothing there).
- A closed port (connection refused) for a mail server that is down: backoff and the cap on attempts.

The worker's logic runs on SQLite too (claims, leases, backoff, exit codes, SIGTERM in this process); the tests with
subprocesses need a database another process can reach, so they run on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events import outbox
from events.models import Notification
from tests.events.test_registration_views import form_data, open_event
from tests.events.test_registrations import make_open_event, make_registration

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
SMTP = "django.core.mail.backends.smtp.EmailBackend"
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20  # seconds any wait in these tests may take before it counts as a hang


# --- Mail servers ------------------------------------------------------------------------------------


class HangingSMTPServer:
    """Accepts every TCP connection in a thread and never answers: no greeting, no reply, no close."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                peer, _address = self.listener.accept()
            except TimeoutError:
                continue
            self.connections.append(peer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(TIMEOUT)
        for peer in self.connections:
            peer.close()
        self.listener.close()


class Recorder:
    """An aiosmtpd handler keeping what arrived; `delay` holds every DATA that long (a slow server)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: list[tuple[str, ...]] = []
        self.data_started = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.data_started.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append(tuple(envelope.rcpt_tos))
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos in self.received for address in rcpt_tos)


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture
def hanging_smtp(settings):
    server = HangingSMTPServer()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_SEND_IN_REQUEST = None  # decided by the backend, as in production
    yield server
    server.close()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; `smtp_server.handler` is its Recorder."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_SEND_IN_REQUEST = None
    yield controller
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Nothing listens: every connection is refused at once."""
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_SEND_IN_REQUEST = None


def owe(count: int = 1, *, kind: str = Kind.CONFIRM_REQUEST) -> list[Notification]:
    event = make_open_event()
    return [Notification.objects.create(registration=make_registration(event), kind=kind) for _ in range(count)]


def addresses(notifications: list[Notification]) -> list[str]:
    return sorted(notification.registration.email for notification in notifications)


def fresh(notification: Notification) -> Notification:
    return Notification.objects.get(pk=notification.pk)


# --- Who sends: the request or the worker -----------------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "override", "in_request"),
    [
        ("django.core.mail.backends.locmem.EmailBackend", None, True),
        ("django.core.mail.backends.filebased.EmailBackend", None, True),
        ("django.core.mail.backends.console.EmailBackend", None, True),
        (SMTP, None, False),
        ("anymail.backends.mailgun.EmailBackend", None, False),  # an API over the network: not local either
        (SMTP, True, True),
        ("django.core.mail.backends.filebased.EmailBackend", False, False),
    ],
)
def test_only_local_backends_send_in_the_request_unless_the_setting_says(settings, backend, override, in_request):
    settings.EMAIL_BACKEND, settings.EMAIL_SEND_IN_REQUEST = backend, override

    assert outbox.sends_in_request() is in_request


@pytest.mark.django_db(transaction=True)  # commits for real, so an on_commit send would run inside the request
def test_a_registration_returns_at_once_while_the_mail_server_hangs(client, hanging_smtp, settings):
    settings.EMAIL_TIMEOUT = 10
    cache.clear()  # the registration rate limit counts per client address
    event = open_event()
    url = reverse("events:register", kwargs={"slug": event.slug})

    started = time.perf_counter()
    response = client.post(url, form_data())
    elapsed = time.perf_counter() - started

    print(f"registration POST while SMTP hangs: {elapsed:.3f} s")  # noqa: T201 - the figure the issue asks for
    assert response.status_code == 302
    assert elapsed < 2  # target 0.5 s; generous for a loaded CI machine, far below the 10 s of a hanging send
    (owed,) = Notification.objects.all()
    assert (owed.kind, owed.sent_at, owed.attempts, owed.claimed_by) == (Kind.CONFIRM_REQUEST, None, 0, "")
    assert hanging_smtp.connections == []  # nobody even tried: the worker's job
    # And the page the visitor lands on says no more than is true.
    page = client.get(response["Location"])
    assert "is on its way" in page.content.decode()
    assert "We have sent" not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_worker_gives_up_on_a_hanging_server_after_the_timeout_and_tries_again_later(hanging_smtp, settings):
    settings.EMAIL_TIMEOUT, settings.EMAIL_RETRY_SECONDS, settings.EMAIL_MAX_ATTEMPTS = 1, 60, 5
    (owed,) = owe()

    started = time.perf_counter()
    tally = outbox.run_worker(once=True)
    elapsed = time.perf_counter() - started

    assert (tally.sent, tally.failed) == (0, 1)
    assert 0.9 < elapsed < 5
    assert len(hanging_smtp.connections) == 1
    stored = fresh(owed)
    assert (stored.sent_at, stored.failed_at, stored.attempts, stored.claimed_by) == (None, None, 1, "")
    assert stored.last_error.startswith(("TimeoutError", "SMTPServerDisconnected"))
    assert timedelta(seconds=59) < stored.next_attempt_at - timezone.now() <= timedelta(seconds=60)


# --- Delivery ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_each_due_message_once_to_a_real_smtp_server(smtp_server):
    owed = owe(3)
    not_yet = owe(1)[0]
    Notification.objects.filter(pk=not_yet.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    first = outbox.run_worker(once=True)
    second = outbox.run_worker(once=True)

    assert ((first.sent, first.failed), (second.sent, second.failed)) == ((3, 0), (0, 0))
    assert smtp_server.handler.recipients() == addresses(owed)
    assert [fresh(notification).attempts for notification in owed] == [1, 1, 1]
    assert all(fresh(notification).sent_at is not None for notification in owed)
    assert fresh(not_yet).sent_at is None


def test_backoff_doubles_between_attempts_and_the_cap_marks_the_message_failed(smtp_down, settings):
    settings.EMAIL_RETRY_SECONDS, settings.EMAIL_MAX_ATTEMPTS = 60, 3
    (owed,) = owe()
    start = timezone.now()
    second = timedelta(seconds=1)

    assert outbox.send_owed_emails(now=start) == (0, 1)
    stored = fresh(owed)
    assert (stored.attempts, stored.next_attempt_at, stored.failed_at) == (1, start + timedelta(seconds=60), None)
    assert stored.last_error.startswith("ConnectionRefusedError")

    assert outbox.send_owed_emails(now=start + timedelta(seconds=60) - second) == (0, 0)  # not before its time
    assert outbox.send_owed_emails(now=start + timedelta(seconds=60)) == (0, 1)
    stored = fresh(owed)
    assert (stored.attempts, stored.next_attempt_at) == (2, start + timedelta(seconds=60 + 120))  # doubled

    assert outbox.send_owed_emails(now=start + timedelta(seconds=180) - second) == (0, 0)
    assert outbox.send_owed_emails(now=start + timedelta(seconds=180)) == (0, 1)
    stored = fresh(owed)
    assert (stored.attempts, stored.failed_at) == (3, start + timedelta(seconds=180))
    assert list(Notification.objects.failed()) == [stored]
    assert list(Notification.objects.owed()) == []
    assert outbox.send_owed_emails(now=start + timedelta(days=30)) == (0, 0)  # given up: never tried again


def test_retry_delay_doubles_up_to_six_hours(settings):
    settings.EMAIL_RETRY_SECONDS = 60

    assert [outbox.retry_delay(attempts).total_seconds() for attempts in (1, 2, 3, 9, 10, 30)] == [
        60,
        120,
        240,
        15360,
        21600,
        21600,
    ]


def test_an_organizer_sends_a_failed_message_again_with_a_fresh_set_of_attempts(smtp_down, settings):
    settings.EMAIL_MAX_ATTEMPTS = 1
    failed, other = owe(2)
    outbox.send_owed_emails()
    assert list(Notification.objects.failed()) == [failed, other]

    assert outbox.retry(Notification.objects.filter(pk=failed.pk)) == [failed.pk]

    stored = fresh(failed)
    assert (stored.attempts, stored.failed_at, stored.next_attempt_at <= timezone.now()) == (0, None, True)
    assert stored.last_error.startswith("ConnectionRefusedError")  # what happened last time stays readable
    assert list(Notification.objects.failed()) == [other]
    assert list(Notification.objects.due()) == [stored]


# --- Claims ----------------------------------------------------------------------------------------------


def test_a_claimed_message_is_left_to_its_worker_and_not_counted_as_failed(smtp_down):
    (owed,) = owe()
    held = outbox.claim(worker="other-host:1:abcd")
    assert held == owed

    assert outbox.send_owed_emails() == (0, 0)
    assert outbox.send_notification(owed.pk) is False
    out = StringIO()
    call_command("run_mail_worker", "--once", stdout=out, stderr=StringIO())  # exits 0: nothing of its own failed
    assert out.getvalue().strip() == "Sent 0 e-mail(s), 0 failed."
    stored = fresh(owed)
    assert (stored.attempts, stored.last_error, stored.claimed_by) == (0, "", "other-host:1:abcd")


@pytest.mark.django_db(transaction=True)
def test_the_claim_of_a_worker_that_died_runs_out_and_the_message_is_sent(smtp_server, settings):
    settings.EMAIL_TIMEOUT = 10
    (owed,) = owe()
    claimed_at = timezone.now()
    dead = outbox.claim(worker="crashed:1:dead", now=claimed_at)
    assert fresh(dead).claimed_until == claimed_at + outbox.lease()
    # Long enough for a live worker's longest send: it is never taken over while still being sent.
    assert outbox.lease() > outbox.send_time_limit() >= timedelta(seconds=6 * settings.EMAIL_TIMEOUT)

    assert outbox.send_owed_emails(now=claimed_at + outbox.lease() - timedelta(seconds=1)) == (0, 0)
    assert outbox.send_owed_emails(now=claimed_at + outbox.lease()) == (1, 0)

    assert smtp_server.handler.recipients() == addresses([owed])
    stored = fresh(owed)
    assert (stored.attempts, stored.claimed_by, stored.claimed_until, stored.sent_at is not None) == (1, "", None, True)
    # Were the dead worker to come back and finish, it would not overwrite what the other one recorded.
    assert outbox.deliver(dead, worker="crashed:1:dead") == outbox.LOST
    assert fresh(owed).attempts == 1


# --- The command ---------------------------------------------------------------------------------------


def test_run_mail_worker_once_exits_non_zero_when_one_of_its_messages_failed(smtp_down):
    owe(2)

    with pytest.raises(CommandError, match=r"^2 e-mail\(s\) could not be sent") as failure:
        call_command("run_mail_worker", "--once", stdout=StringIO(), stderr=StringIO())

    assert failure.value.returncode == 1


@pytest.mark.django_db(transaction=True)
def test_run_mail_worker_once_reports_what_it_sent(smtp_server):
    owed = owe(2)
    out = StringIO()

    call_command("run_mail_worker", "--once", stdout=out, stderr=StringIO())

    assert out.getvalue().strip() == "Sent 2 e-mail(s), 0 failed."
    assert smtp_server.handler.recipients() == addresses(owed)


def signal_when(event: threading.Event, signum: int = signal.SIGTERM) -> threading.Thread:
    """SIGTERM to this very process once `event` is set (it lands in the main thread, where the worker runs)."""

    def send() -> None:
        if event.wait(TIMEOUT):
            os.kill(os.getpid(), signum)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_worker_finish_the_message_in_hand_and_stop(smtp_server):
    smtp_server.handler.delay = 0.5
    in_hand, next_one = owe(2)
    sender = signal_when(smtp_server.handler.data_started)
    err = StringIO()

    started = time.perf_counter()
    call_command("run_mail_worker", "--poll", "0.05", stdout=StringIO(), stderr=err)  # returns: exit status 0
    elapsed = time.perf_counter() - started
    sender.join(TIMEOUT)

    assert "SIGTERM: stopping after the e-mail in hand." in err.getvalue()
    assert smtp_server.handler.recipients() == [in_hand.registration.email]
    assert fresh(in_hand).sent_at is not None
    stored = fresh(next_one)
    assert (stored.sent_at, stored.attempts, stored.claimed_by) == (None, 0, "")  # not started: left for later
    assert elapsed < 5
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL or callable(signal.getsignal(signal.SIGTERM))


def test_sigint_wakes_an_idle_worker_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    waiting = threading.Event()
    sender = signal_when(waiting, signal.SIGINT)
    previous = signal.getsignal(signal.SIGINT)

    threading.Timer(0.3, waiting.set).start()
    started = time.perf_counter()
    call_command("run_mail_worker", "--poll", "60", stdout=StringIO(), stderr=StringIO())
    elapsed = time.perf_counter() - started
    sender.join(TIMEOUT)

    assert 0.3 <= elapsed < 3  # not the 60 s poll
    assert signal.getsignal(signal.SIGINT) is previous  # the command put the handler back


# --- Real worker processes (PostgreSQL) -----------------------------------------------------------------


def worker_env(smtp_port: int) -> dict[str, str]:
    """This test database and this SMTP server, for `manage.py` in another process."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "PYTHONUNBUFFERED": "1",
    }


def worker_command(*args: str) -> list[str]:
    return [sys.executable, "manage.py", "run_mail_worker", "--poll", "0.1", *args]


@pytest.fixture
def start_worker():
    """`start_worker(*args, smtp_port=...)`: a worker process; any still running when the test ends is killed."""
    started: list[subprocess.Popen] = []

    def start(*args: str, smtp_port: int) -> subprocess.Popen:
        process = subprocess.Popen(
            worker_command(*args),
            cwd=ROOT,
            env=worker_env(smtp_port),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=TIMEOUT)


def wait_until_ready(process: subprocess.Popen) -> None:
    """Until the worker says it is sending (log lines of other apps may come first)."""
    lines = []
    while not (lines and lines[-1].startswith("Mail worker:")):
        line = process.stdout.readline()
        assert line, ("the worker ended before it was ready", lines, process.poll())
        lines.append(line)


def stop(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out, err


def sent_count(out: str) -> int:
    """N from the worker's last line, "Sent N e-mail(s), 0 failed." (a failure there fails the test)."""
    report = out.strip().splitlines()[-1]
    match = re.fullmatch(r"Sent (\d+) e-mail\(s\), 0 failed\.", report)
    assert match, report
    return int(match[1])


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.05)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_deliver_each_message_exactly_once(smtp_server, start_worker):
    smtp_server.handler.delay = 0.04  # wide enough for the two to meet at every message, were they not kept apart
    workers = [start_worker(smtp_port=smtp_server.port) for _ in range(2)]
    for worker in workers:
        wait_until_ready(worker)

    owed = owe(40)  # both are polling when the messages arrive
    wait_for(lambda: not Notification.objects.filter(sent_at__isnull=True).exists(), "every message to be sent")
    results = [stop(worker) for worker in workers]

    assert [returncode for returncode, _out, _err in results] == [0, 0]
    assert smtp_server.handler.recipients() == addresses(owed)  # each exactly once
    counts = [sent_count(out) for _returncode, out, _err in results]
    assert sum(counts) == 40
    assert min(counts) > 0, f"one worker sent everything ({counts}): the test did not make them meet"
    assert set(Notification.objects.values_list("attempts", "claimed_by")) == {(1, "")}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_stopped_by_sigterm_finishes_the_message_in_hand_and_exits_0(smtp_server, start_worker):
    smtp_server.handler.delay = 1.0
    worker = start_worker(smtp_port=smtp_server.port)
    wait_until_ready(worker)
    in_hand, next_one = owe(2)
    assert smtp_server.handler.data_started.wait(TIMEOUT)

    started = time.perf_counter()
    returncode, out, err = stop(worker)
    elapsed = time.perf_counter() - started

    assert returncode == 0
    assert "SIGTERM: stopping after the e-mail in hand." in err
    assert out.strip().splitlines()[-1] == "Sent 1 e-mail(s), 0 failed."
    assert smtp_server.handler.recipients() == [in_hand.registration.email]
    assert fresh(in_hand).sent_at is not None
    stored = fresh(next_one)
    assert (stored.sent_at, stored.attempts, stored.claimed_by) == (None, 0, "")
    assert elapsed < 5
