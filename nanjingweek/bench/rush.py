"""The registration rush: many people confirm their registration for one event through the site at the same time.

`run_rush()` prepares an event with `seats` seats and `people` registrations awaiting confirmation, made by the
rules themselves (`events.registrations.register`, so every token and owed e-mail is real) in the database the
server uses: the caller has pointed DATABASE_URL at it and called django.setup(). Then `clients` threads, each a
stream of browsers, confirm their share of the people over HTTP as a person does: open the attendee page from the
e-mail's link and send its confirmation form with the CSRF cookie and hidden field the page gave; the answer must
send them back to their page with a message. With `follow`, each browser also opens that page, as a real one does,
and reads whether it says "confirmed" or "waiting list" (three requests a person instead of two; issue 15 counts
two). Only this part is timed.

Afterwards the database is asked what happened: exactly min(seats, people) confirmed and everybody else waiting,
each told once by an owed e-mail of the right kind, nobody waiting who confirmed before somebody seated, and every
person's page said what the database holds. Whatever is wrong is listed in `RushResult.problems`.

    python -m nanjingweek.bench.rush --base-url http://127.0.0.1:8000 --people 500 --seats 100 --clients 50

The standard library only (http.client, threads): the numbers are the server's, not a client library's.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import re
import secrets
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

PROBLEMS_KEPT = 20  # a broken server would otherwise fill a screen with the same line
REQUEST_TIMEOUT = 60  # seconds; above gunicorn's worker timeout, so a stuck request ends on the server's side


@dataclass
class RushResult:
    people: int
    seats: int
    clients: int
    confirmed: int
    waiting: int
    seconds: float
    confirmations_per_second: float
    errors: int  # people whose confirmation went wrong on the way (an HTTP error, a page without its form …)
    problems: list[str] = field(default_factory=list)  # what went wrong, and every rule the outcome broke
    event_slug: str = ""
    follow: bool = False  # whether each person also opened the page the confirmation sent them back to
    requests: int = 0  # HTTP requests sent in the timed part (two a person, three with follow)
    p50_ms: float = 0.0  # one person's whole confirmation: page and form (and the page after, with follow)
    p99_ms: float = 0.0
    client_cpu_seconds: float = 0.0  # what this process spent in the timed part: the client's share of the machine

    @property
    def expected_confirmed(self) -> int:
        return min(self.seats, self.people)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.errors

    def as_dict(self) -> dict:
        return {**asdict(self), "expected_confirmed": self.expected_confirmed, "ok": self.ok}

    def summary(self) -> str:
        verdict = "correct" if self.ok else f"WRONG ({len(self.problems)} problems)"
        return (
            f"{self.people} people, {self.seats} seats, {self.clients} clients"
            f"{' (each also opening the page after)' if self.follow else ''}: {self.confirmed} confirmed, "
            f"{self.waiting} waiting, {self.errors} errors in {self.seconds:.2f} s = "
            f"{self.confirmations_per_second:.1f} confirmations/s (p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms "
            f"a person; client CPU {self.client_cpu_seconds:.1f} s); {verdict}"
        )


# --- Preparing the event -----------------------------------------------------------------------------


def prepare_event(*, people: int, seats: int, event_slug: str | None = None, language: str = "en"):
    """An open event with `seats` seats and `people` registrations awaiting confirmation: (event, tokens, made).

    Without `event_slug` a new event is made (slug `registration-rush-…`) in the current edition at an existing
    venue, where there are any. With one, that event is used (made if it does not exist); it must be published
    and have no registrations yet, since the counts afterwards are its counts.
    """
    from django.db import transaction
    from django.test import override_settings

    from events import registrations
    from events.models import Event

    with transaction.atomic():
        slug = event_slug or f"registration-rush-{secrets.token_hex(4)}"
        event = Event.objects.filter(slug=slug).first()
        made = event is None
        if made:
            event = _new_event(slug, seats)
        else:
            if event.status != Event.Status.PUBLISHED:
                raise ValueError(f"The event {slug!r} is not published; a rush needs one that is.")
            if event.registrations.exists():
                raise ValueError(f"The event {slug!r} has registrations already; a rush needs one without.")
            event.capacity, event.registration_required = seats, True
            event.registration_opens_at = event.registration_closes_at = None
            event.save(update_fields=["capacity", "registration_required", "registration_opens_at",
                                      "registration_closes_at", "updated_at"])  # fmt: skip
        # The owed e-mails wait in the outbox, as in production with a mail worker: never sent from here.
        with override_settings(EMAIL_SEND_IN_REQUEST=False):
            people_made = [
                registrations.register(
                    event, name=f"Rush {number}", email=f"rush-{number}@example.org", language=language, consent=True
                )
                for number in range(1, people + 1)
            ]
    return event, [registration.token for registration in people_made], made


def _new_event(slug: str, seats: int):
    from django.utils import timezone

    from events.models import City, Edition, Event, Venue

    edition = Edition.objects.current()
    if edition is None:
        today = timezone.localdate()
        edition = Edition.objects.create(
            slug=f"{slug}-edition", name_en="Registration rush", start_date=today, end_date=today + timedelta(days=60)
        )
    venue = Venue.objects.select_related("city").order_by("pk").first()
    if venue is None:
        city = City.objects.create(slug=f"{slug}-city", name_en="Leipzig", country="DE", timezone="Europe/Berlin")
        venue = Venue.objects.create(slug=f"{slug}-venue", name_en="Rush hall", city=city)
    starts_at = _a_future_day(edition, venue, timezone.localdate())
    return Event.objects.create(
        slug=slug,
        edition=edition,
        venue=venue,
        title_en="Registration rush",
        kind=Event.Kind.FORUM,
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=8),
        capacity=seats,
        registration_required=True,
    )


def _a_future_day(edition, venue, today: date) -> datetime:
    """10:00 at the venue on the edition's last day if still to come, else in a month: open for registration."""
    day = edition.end_date if edition.end_date > today else today + timedelta(days=30)
    return datetime.combine(day, clock_time(10), tzinfo=venue.city.zone)


def attendee_path(token: str, language: str = "en") -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("events:registration", kwargs={"token": token})


# --- One person's confirmation, as a browser makes it ------------------------------------------------

# Django renders the hidden field as <input type="hidden" name="csrfmiddlewaretoken" value="…">; any order of its
# attributes is accepted. Regular expressions rather than an HTML parser: the client must stay cheap next to the
# server it measures on the same machine, and these are the two things a browser needs from the page.
_CONFIRM_FORM = re.compile(r"<form\b[^>]*\baction=\"([^\"]*/confirm/)\"[^>]*>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_CSRF_NAME = re.compile(r"\bname=\"csrfmiddlewaretoken\"")
_VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")
_STATUS = re.compile(r"\bregistration-status--([a-z_]+)\b")


def confirm_form(html: str) -> tuple[str, str] | None:
    """The confirmation form's action and CSRF field of an attendee page, or None if the page has no such form."""
    form = _CONFIRM_FORM.search(html)
    if form is None:
        return None
    for tag in _INPUT.findall(form[2]):
        if _CSRF_NAME.search(tag):
            value = _VALUE.search(tag)
            return (form[1], value[1]) if value else None
    return None


def shown_status(html: str) -> str | None:
    """The status the attendee page shows (`confirmed`, `waitlisted` …), from its status badge."""
    found = _STATUS.search(html)
    return found[1] if found else None


class RushError(Exception):
    """One person's confirmation did not go as a browser would have it."""


class Browser:
    """One person's browser over a client's connection: its own cookies, the headers browsers send."""

    def __init__(self, client: Client):
        self.client = client
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: str | None = None, referer: str | None = None):
        headers = {
            "Host": self.client.host,
            "User-Agent": "nanjingweek-bench-rush",
            "Accept": "text/html",
            "Accept-Encoding": "gzip",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.client.origin
        if referer:
            headers["Referer"] = self.client.origin + referer
        status, response_headers, content = self.client.send(method, path, body, headers)
        for line in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)  # deleted, as messages' cookie is once shown
                else:
                    self.cookies[name] = morsel.value
        if response_headers.get("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        return status, response_headers, content.decode("utf-8", "replace")

    def confirm(self, page: str, *, follow: bool = False) -> str | None:
        """Open the attendee page and send its confirmation form; the answer must lead back to the page with a message.

        With `follow`, the browser then opens the page it is sent to, and this returns the status that page shows.
        """
        status, _headers, html = self.request("GET", page)
        if status != 200:
            raise RushError(f"GET {_masked(page)}: {status}")
        form = confirm_form(html)
        if form is None:
            raise RushError(f"GET {_masked(page)}: no confirmation form (status shown: {shown_status(html)})")
        action, csrf = form
        if "csrftoken" not in self.cookies:
            raise RushError(f"GET {_masked(page)}: no CSRF cookie")
        status, headers, html = self.request(
            "POST", action, body=urlencode({"csrfmiddlewaretoken": csrf}), referer=page
        )
        if status not in (302, 303):
            raise RushError(f"POST {_masked(action)}: {status} instead of a redirect")
        location = urlsplit(urljoin(self.client.origin + action, headers.get("Location", "")))
        answer = location.path + (f"?{location.query}" if location.query else "")
        if location.path != page:
            raise RushError(f"POST {_masked(action)}: redirected to {_masked(answer)}, not back to the page")
        if "messages" not in self.cookies:
            raise RushError(f"POST {_masked(action)}: no message for the page it redirects to")
        if not follow:
            return None
        status, _headers, html = self.request("GET", answer, referer=page)
        if status != 200:
            raise RushError(f"GET {_masked(answer)} after confirming: {status}")
        shown = shown_status(html)
        if shown not in ("confirmed", "waitlisted"):
            raise RushError(f"after confirming the page shows {shown!r}")
        return shown


def _masked(path: str) -> str:
    """Tokens out of messages, as the site's own logs keep them out (nanjingweek/log_privacy.py)."""
    return re.sub(r"/registration/[A-Za-z0-9_-]+/", "/registration/…/", path)


class Client:
    """One keep-alive connection to the server, reopened when the server closes it (as gunicorn's sync workers do)."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.scheme, self.host = parts.scheme or "http", parts.netloc
        self.origin = f"{self.scheme}://{self.host}"
        self.requests = 0
        self._connection_class = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        self._connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, body: str | None, headers: dict):
        for attempt in (1, 2):
            reused = self._connection is not None and self._connection.sock is not None
            if self._connection is None:
                self._connection = self._connection_class(self.host, timeout=REQUEST_TIMEOUT)
            try:
                self._connection.request(method, path, body=body, headers=headers)
                response = self._connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had closed meanwhile: a browser sends again on a new one. A
                # repeated confirmation changes nothing (events.registrations.confirm), so this is safe for the POST.
                self.close()
                if attempt == 2 or not reused:
                    raise
                continue
            self.requests += 1
            if response.will_close:
                self.close()
            return response.status, response.headers, content
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# --- The rush ----------------------------------------------------------------------------------------


@dataclass
class _Outcome:
    shown: dict[str, str] = field(default_factory=dict)  # token → status the page showed
    errors: list[str] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    requests: int = 0
    cpu_seconds: float = 0.0


def confirm_all(base_url: str, pages: dict[str, str], *, clients: int, follow: bool = False) -> tuple[float, _Outcome]:
    """`clients` threads confirm the people behind `pages` (token → attendee page path) at once; (seconds, outcome).

    Each thread first opens its first person's page once, untimed (a GET changes nothing): connections are up and
    the server's workers warm when the clock starts, as on a server that has been running.
    """
    tokens = list(pages)
    shares = [tokens[index::clients] for index in range(clients)]
    shares = [share for share in shares if share]
    start = threading.Barrier(len(shares) + 1)
    outcome = _Outcome()
    lock = threading.Lock()

    def run(share: list[str]) -> None:
        client = Client(base_url)
        shown, errors, durations = {}, [], []
        try:
            try:
                Browser(client).request("GET", pages[share[0]])
            except Exception as error:  # noqa: BLE001 - reported; the thread must still reach the start line
                errors.append(f"warm-up: {type(error).__name__}: {_masked(str(error))}")
            client.requests = 0  # the warm-up is not part of the rush
            start.wait()
            for token in share:
                began = time.perf_counter()
                try:
                    seen = Browser(client).confirm(pages[token], follow=follow)
                    if seen is not None:
                        shown[token] = seen
                except (RushError, OSError, http.client.HTTPException, UnicodeError, ValueError) as error:
                    client.close()
                    errors.append(f"{type(error).__name__}: {_masked(str(error))}")
                durations.append(time.perf_counter() - began)
        finally:
            client.close()
            with lock:
                outcome.shown.update(shown)
                outcome.errors.extend(errors)
                outcome.durations.extend(durations)
                outcome.requests += client.requests

    threads = [threading.Thread(target=run, args=(share,), name=f"rush-{index}") for index, share in enumerate(shares)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu_began = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    outcome.cpu_seconds = time.process_time() - cpu_began
    return time.perf_counter() - began, outcome


def check_outcome(event, tokens: list[str], shown: dict[str, str], *, seats: int) -> tuple[int, int, list[str]]:
    """What the database holds after the rush: (confirmed, waiting, broken rules)."""
    from events.models import Notification, Registration

    Status, Kind = Registration.Status, Notification.Kind
    rows = list(Registration.objects.filter(event=event).values_list("pk", "token", "status", "confirmed_at"))
    counts = Counter(status for _pk, _token, status, _at in rows)
    confirmed, waiting = counts[Status.CONFIRMED], counts[Status.WAITLISTED]
    problems = []
    expected = min(seats, len(tokens))
    if (confirmed, waiting) != (expected, len(tokens) - expected) or len(rows) != len(tokens):
        problems.append(
            f"expected {expected} confirmed and {len(tokens) - expected} waiting of {len(tokens)}, "
            f"the database has {dict(counts)} in {len(rows)} rows"
        )
    seated = [at for _pk, _token, status, at in rows if status == Status.CONFIRMED]
    queued = [at for _pk, _token, status, at in rows if status == Status.WAITLISTED]
    if seated and queued and max(seated) > min(queued):
        problems.append("somebody waits who confirmed before somebody seated: first confirmed, first served broken")
    told: dict[int, list[str]] = {}
    for registration, kind in Notification.objects.filter(registration__event=event).values_list(
        "registration", "kind"
    ):
        told.setdefault(registration, []).append(kind)
    answer = {Status.CONFIRMED: Kind.CONFIRMED, Status.WAITLISTED: Kind.WAITLISTED}
    # Everybody was asked to confirm; whoever confirmed was told the outcome once, and nobody else anything.
    mistold = [
        pk for pk, _token, status, _at in rows
        if sorted(told.get(pk, [])) != sorted([Kind.CONFIRM_REQUEST, *([answer[status]] if status in answer else [])])
    ]  # fmt: skip
    if mistold:
        problems.append(f"{len(mistold)} people are not owed exactly their request and their one answer by e-mail")
    stored = {token: status for _pk, token, status, _at in rows}
    misshown = [token for token, status in shown.items() if stored.get(token) != status]
    if misshown:
        problems.append(f"{len(misshown)} people were shown a status that is not the one stored")
    return confirmed, waiting, problems


def run_rush(
    base_url: str,
    *,
    people: int = 500,
    seats: int = 100,
    clients: int = 50,
    event_slug: str | None = None,
    cleanup: bool = False,
    follow: bool = False,
    language: str = "en",
) -> RushResult:
    """Prepare an event, let `clients` threads confirm its `people` through the server at `base_url`, check, count.

    With `cleanup`, the event's registrations (and the event, if this run made it) are deleted afterwards, so that
    a database measured for its public pages next holds no rush.
    """
    if people < 1 or clients < 1 or seats < 0:
        raise ValueError("A rush needs at least one person and one client, and no negative number of seats.")
    event, tokens, made = prepare_event(people=people, seats=seats, event_slug=event_slug, language=language)
    pages = {token: urlsplit(base_url).path.rstrip("/") + attendee_path(token, language) for token in tokens}
    try:
        seconds, outcome = confirm_all(base_url, pages, clients=clients, follow=follow)
        confirmed, waiting, problems = check_outcome(event, tokens, outcome.shown, seats=seats)
    finally:
        if cleanup:
            _delete(event, delete_event=made)
    durations = sorted(outcome.durations)
    problems = [*outcome.errors[:PROBLEMS_KEPT], *problems]
    if len(outcome.errors) > PROBLEMS_KEPT:
        problems.insert(PROBLEMS_KEPT, f"… and {len(outcome.errors) - PROBLEMS_KEPT} more errors")
    return RushResult(
        people=people,
        seats=seats,
        clients=clients,
        confirmed=confirmed,
        waiting=waiting,
        seconds=round(seconds, 3),
        confirmations_per_second=round(people / seconds, 1) if seconds else 0.0,
        errors=len(outcome.errors),
        problems=problems,
        event_slug=event.slug,
        follow=follow,
        requests=outcome.requests,
        p50_ms=round(_percentile(durations, 0.50) * 1000, 1),
        p99_ms=round(_percentile(durations, 0.99) * 1000, 1),
        client_cpu_seconds=round(outcome.cpu_seconds, 2),
    )


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _delete(event, *, delete_event: bool) -> None:
    from django.db import transaction

    from events.models import Registration

    with transaction.atomic():
        Registration.objects.filter(event=event).delete()  # their e-mails go with them (CASCADE)
        if delete_event:
            event.delete()


# --- Standalone --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nanjingweek.bench.rush",
        description="Confirm many registrations at once through a running server, then check the counts. "
        "DATABASE_URL must name the server's database.",
    )
    parser.add_argument("--base-url", required=True, help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--event-slug", default=None, help="an event to use (published, no registrations yet)")
    parser.add_argument("--cleanup", action="store_true", help="delete the rush's registrations (and event) after")
    parser.add_argument("--follow", action="store_true", help="each person also opens the page they are sent back to")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    options = parser.parse_args(argv)

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nanjingweek.settings")
    django.setup()
    result = run_rush(
        options.base_url,
        people=options.people,
        seats=options.seats,
        clients=options.clients,
        event_slug=options.event_slug,
        cleanup=options.cleanup,
        follow=options.follow,
    )
    print(json.dumps(result.as_dict(), indent=2) if options.json else result.summary())  # noqa: T201
    if not options.json:
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)  # noqa: T201
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
