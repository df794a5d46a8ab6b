"""The site on several machines, for real (issue 14): two gunicorn servers of the project on one PostgreSQL and one
Redis, HAProxy in front with its health check on /readyz, as README.md, "Running on several machines" lays it out.

Everything goes over HTTP through the balancer, which names the server that answered in `X-Served-By`, and the
tests show that nobody can tell which one did: an organizer stays logged in, a change saved through one is on the
next page of the other, both serve the same hashed static files, the registration rate limit counts across both
(per client, by the address the trusted balancer passes on), a rush never overbooks, two mail workers on one outbox
send each message once, and killing a server loses no confirmation while the health check takes it out.

The cluster starts once for the module (collectstatic twice, two servers, HAProxy); the last test kills a server.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from events import registrations
from events.models import Notification, Registration
from nanjingweek.bench import rush
from tests.browser import unavailable
from tests.factories import make_event
from tests.gunicorn_server import ROOT, Server, free_port, production_environment, start_server
from tests.html_forms import form_values
from tests.redis_databases import CLUSTER, redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = redis_url(CLUSTER)  # a database of its own, emptied before the servers start
SERVERS = ("first", "second")
WORKERS = 2  # per server: four processes on a two-core machine, beside the balancer and the test's clients
PASSWORD = "correct horse battery staple"
HEALTH_CHECK_INTERVAL_MS = 500
HEALTH_CHECK_FALL = 2  # failed checks before the balancer takes a server out

# The balancer, as README.md shows it without the TLS line: X-Forwarded-For appended (the app servers trust exactly
# one proxy), X-Forwarded-Proto overwritten whatever the client sent, a failed connection sent to the other server.
HAPROXY_CONFIG = """\
global
    stats socket {socket} mode 600 level admin
    maxconn 512

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 60s
    retries 3
    option redispatch 1

frontend site
    bind 127.0.0.1:{port}
    option forwardfor
    http-request set-header X-Forwarded-Proto https if {{ ssl_fc }}
    http-request set-header X-Forwarded-Proto http if !{{ ssl_fc }}
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server check inter {interval}ms fall {fall} rise 1
    http-response set-header X-Served-By %s
{servers}
"""


def haproxy_program() -> str:
    program = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if program is None:
        unavailable("haproxy is missing: `./dev test` installs Debian's haproxy when run as root")
    return program


@dataclass
class Balancer:
    port: int
    process: subprocess.Popen
    socket_path: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, *, body=None, headers=None, source="127.0.0.1", timeout=30):
        """(status, headers, text) of one request on a connection of its own, from the loopback address `source`."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def stats(self) -> dict[str, dict[str, str]]:
        """The balancer's own view of each app server (`show stat` on its admin socket): status, sessions …"""
        with socket.socket(socket.AF_UNIX) as admin:
            admin.settimeout(5)
            admin.connect(str(self.socket_path))
            admin.sendall(b"show stat\n")
            answer = b""
            while chunk := admin.recv(65536):
                answer += chunk
        header, *rows = answer.decode().strip().splitlines()
        names = header.lstrip("# ").split(",")
        records = [dict(zip(names, row.split(","), strict=False)) for row in rows]
        return {record["svname"]: record for record in records if record["pxname"] == "app"}

    def states(self) -> dict[str, str]:
        return {name: record["status"] for name, record in self.stats().items() if name in SERVERS}

    def wait_for(self, states: dict[str, str], *, seconds: float = 10) -> float:
        started = time.monotonic()
        while (current := self.states()) != states:
            assert time.monotonic() - started < seconds, f"the balancer sees {current}, not {states}"
            time.sleep(0.05)
        return time.monotonic() - started


@dataclass
class Cluster:
    balancer: Balancer
    servers: dict[str, Server]
    environment: dict[str, str]
    work: Path
    static_roots: dict[str, Path] = field(default_factory=dict)


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )


def start_balancer(work: Path, servers: dict[str, Server]) -> Balancer:
    port, socket_path, log = free_port(), work / "haproxy.sock", work / "haproxy.log"
    config = work / "haproxy.cfg"
    config.write_text(
        HAPROXY_CONFIG.format(
            socket=socket_path,
            port=port,
            interval=HEALTH_CHECK_INTERVAL_MS,
            fall=HEALTH_CHECK_FALL,
            servers="\n".join(f"    server {name} 127.0.0.1:{server.port}" for name, server in servers.items()),
        )
    )
    with log.open("w") as output:
        process = subprocess.Popen(
            [haproxy_program(), "-f", str(config), "-db"], stdout=output, stderr=subprocess.STDOUT
        )
    balancer = Balancer(port, process, socket_path, log)
    deadline = time.monotonic() + 15
    while not socket_path.exists():
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    balancer.wait_for(dict.fromkeys(SERVERS, "UP"))
    return balancer


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the servers share the test database")
    haproxy_program()
    redis.Redis.from_url(REDIS_URL).flushdb()
    work = tmp_path_factory.mktemp("cluster")
    environment = production_environment(
        work,
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        TRUSTED_PROXY_COUNT="1",
        SECURE_PROXY_SSL_HEADER="1",
        REGISTRATION_RATE_LIMIT="5/m",
        # The e-mails wait in the outbox for the mail workers, as with a real mail server.
        EMAIL_SEND_IN_REQUEST="0",
        PYTHONUNBUFFERED="1",
    )
    # Each machine collects its own static files, as a deploy does on each; the names must come out the same.
    static_roots = {name: work / f"static-{name}" for name in SERVERS}
    collecting = [
        subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**environment, "STATIC_ROOT": str(root)},
        )
        for root in static_roots.values()
    ]
    assert [process.wait(timeout=120) for process in collecting] == [0, 0]
    with ThreadPoolExecutor(max_workers=len(SERVERS)) as pool:
        started = {
            name: pool.submit(
                start_server, {**environment, "STATIC_ROOT": str(static_roots[name])}, work, workers=WORKERS, name=name
            )
            for name in SERVERS
        }
        servers = {name: future.result() for name, future in started.items()}
    balancer = start_balancer(work, servers)
    yield Cluster(balancer, servers, environment, work, static_roots)
    stop(balancer.process)
    for server in servers.values():
        if server.process.poll() is None:
            server.stop()


class Visitor:
    """One browser's cookies, through the balancer; remembers which server answered each request."""

    def __init__(self, balancer: Balancer):
        self.balancer = balancer
        self.cookies = SimpleCookie()
        self.served_by: list[str] = []

    def request(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = self.balancer.request(method, path, body=body, headers=headers)
        self.served_by.append(response_headers["X-Served-By"])
        for cookie in response_headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return status, response_headers, text

    def get(self, path):
        return self.request("GET", path)

    def submit(self, path, *, action=None, **changes):
        """GET the page, then POST its form back as a browser would, with `changes` (to `action`, else the page)."""
        _status, _headers, page = self.get(path)
        return self.request("POST", action or path, form_values(page, **changes))


def pages_served(balancer: Balancer, path: str, times: int) -> list[tuple[str, str]]:
    """(server, text) of `times` anonymous visits; each must answer 200."""
    seen = []
    for _visit in range(times):
        status, headers, text = balancer.get(path)
        assert status == 200, text[:2000]
        seen.append((headers["X-Served-By"], text))
    return seen


def make_organizer() -> None:
    # Hashed as the servers hash (the tests' own hasher is a fast one the servers do not know).
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.create(username="chief", password=password, is_staff=True, is_superuser=True)


# --- Static files -------------------------------------------------------------------------------------


def test_every_server_collects_and_serves_the_same_hashed_static_files(cluster):
    manifests = [json.loads((root / "staticfiles.json").read_text()) for root in cluster.static_roots.values()]
    hashed = manifests[0]["paths"]["css/site.css"]

    assert manifests[0]["paths"] == manifests[1]["paths"] and len(manifests[0]["paths"]) > 50
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    answers = [cluster.balancer.get(f"/static/{hashed}") for _visit in range(4)]
    assert {headers["X-Served-By"] for _status, headers, _text in answers} == set(SERVERS)
    assert {(status, text) for status, _headers, text in answers} == {(200, (ROOT / "static/css/site.css").read_text())}
    # The page names the same file whichever server rendered it.
    assert {hashed in text for _server, text in pages_served(cluster.balancer, "/en/privacy/", 4)} == {True}


# --- Sessions and caches --------------------------------------------------------------------------------


def test_an_organizer_stays_logged_in_and_a_save_is_on_the_next_page_of_either_server(cluster):
    event = make_event(title_en="Forum on the Grand Canal")
    make_organizer()
    page = f"/en/events/{event.slug}/"
    # Each server's workers keep the page rendered in their memory.
    assert {server for server, _text in pages_served(cluster.balancer, page, 4 * WORKERS)} == set(SERVERS)

    organizer = Visitor(cluster.balancer)
    status, headers, _text = organizer.submit("/admin/login/?next=/admin/", username="chief", password=PASSWORD)
    assert (status, headers["Location"]) == (302, "/admin/")
    for _visit in range(4):
        status, _headers, text = organizer.get("/admin/")
        assert status == 200 and 'id="logout-form"' in text
    change = f"/admin/events/event/{event.pk}/change/"
    status, _headers, text = organizer.submit(change, title_en="Forum on the Yangtze")
    assert status == 302, text[:2000]
    assert set(organizer.served_by) == set(SERVERS)  # logged in on one, recognised and saving on the other

    seen = pages_served(cluster.balancer, page, 4 * WORKERS)
    assert {server for server, _text in seen} == set(SERVERS)
    assert {("Forum on the Yangtze" in text, "Forum on the Grand Canal" in text) for _server, text in seen} == {
        (True, False)
    }


# --- The registration rate limit --------------------------------------------------------------------------


def test_the_rate_limit_counts_across_both_servers_per_client_whatever_it_forges(cluster):
    now = timezone.now()
    event = make_event(registration_required=True, capacity=100, starts_at=now + timedelta(days=7))
    with translation.override("en"):
        path = reverse("events:register", kwargs={"slug": event.slug})
    visitor = Visitor(cluster.balancer)
    _status, _headers, page = visitor.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    cookie = visitor.cookies["csrftoken"].value

    def post(number, source="127.0.0.1"):
        # Only the CSRF token: the limit is counted before the form is looked at (200: the form again, with errors).
        status, headers, _text = cluster.balancer.request(
            "POST",
            path,
            body=f"csrfmiddlewaretoken={token}",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                # Forged: a different address each time, which the app servers must not take for the client's.
                "X-Forwarded-For": f"203.0.113.{number}",
            },
            source=source,
        )
        return status, headers["X-Served-By"]

    for _attempt in range(3):  # again if the posts straddled two fixed minutes
        redis.Redis.from_url(REDIS_URL).flushdb()
        window = int(time.time() // 60)
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(post, range(1, 21)))
        other_client = post(99, source="127.0.0.3")[0]
        if int(time.time() // 60) == window:
            break

    assert sorted(status for status, _server in answers) == [200] * 5 + [429] * 15
    assert {server for _status, server in answers} == set(SERVERS)
    # Another address reaching the balancer has a counter of its own: the servers count the client the balancer
    # names, not the balancer (whose address every request shares) nor what the client wrote.
    assert other_client == 200


# --- A registration rush --------------------------------------------------------------------------------


def sessions_per_server(balancer: Balancer) -> dict[str, int]:
    return {name: int(record["stot"]) for name, record in balancer.stats().items() if name in SERVERS}


def test_a_rush_through_the_balancer_seats_exactly_the_seats(cluster, record_property):
    before = sessions_per_server(cluster.balancer)

    result = rush.run_rush(cluster.balancer.url, people=48, seats=18, clients=8, follow=True)

    assert (result.problems, result.errors) == ([], 0)
    assert (result.confirmed, result.waiting, result.ok) == (18, 30, True)
    after = sessions_per_server(cluster.balancer)
    assert all(after[name] - before[name] > result.requests // 4 for name in SERVERS)  # both took a share
    # And the event page says "full" on both servers at once.
    seen = pages_served(cluster.balancer, f"/en/events/{result.event_slug}/", 2 * WORKERS)
    assert {server for server, _text in seen} == set(SERVERS)
    assert {"registration-state--full" in text for _server, text in seen} == {True}
    for name in ("people", "seats", "confirmed", "waiting", "seconds", "confirmations_per_second", "p99_ms"):
        record_property(f"rush_{name}", getattr(result, name))
    print(f"Rush through the balancer: {result.summary()}")  # noqa: T201


# --- Mail workers ---------------------------------------------------------------------------------------


@dataclass
class MailWorker:
    process: subprocess.Popen
    log: Path
    folder: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def start_mail_worker(cluster: Cluster, name: str) -> MailWorker:
    """`manage.py run_mail_worker` as on a machine of its own: its own folder of sent messages (file backend)."""
    folder, log = cluster.work / f"mail-{name}", cluster.work / f"mail-worker-{name}.log"
    environment = {
        **cluster.environment,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_mail_worker", "--poll", "0.2"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return MailWorker(process, log, folder)


def wait_until_ready(worker: MailWorker) -> MailWorker:
    deadline = time.monotonic() + 30
    while "Mail worker: sending" not in worker.output():
        assert worker.process.poll() is None and time.monotonic() < deadline, worker.output()
        time.sleep(0.05)
    return worker


def owe_confirmation_requests(event, numbers) -> None:
    with override_settings(EMAIL_SEND_IN_REQUEST=False), transaction.atomic():
        for number in numbers:
            registrations.register(
                event, name=f"Guest {number}", email=f"guest-{number}@example.org", language="en", consent=True
            )


def sent_recipients(folder: Path) -> list[str]:
    """The To: of every message the file backend wrote (one file per connection, several messages possible)."""
    if not folder.exists():
        return []
    text = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    return re.findall(r"^To: (.+)$", text, re.M)


def test_two_mail_workers_on_one_outbox_send_every_message_once(cluster):
    event = make_event(registration_required=True, capacity=500, starts_at=timezone.now() + timedelta(days=7))
    # Both processes start at once (Django's start-up is the slow part); the first has the outbox to itself until
    # it has sent, then the second is waited for and more messages come in for both.
    first, second = start_mail_worker(cluster, "first"), start_mail_worker(cluster, "second")
    wait_until_ready(first)
    owe_confirmation_requests(event, range(1, 21))
    deadline = time.monotonic() + 30
    while not Notification.objects.filter(sent_at__isnull=False).exists():
        assert time.monotonic() < deadline, first.output()
        time.sleep(0.05)
    wait_until_ready(second)
    owe_confirmation_requests(event, range(21, 81))
    while Notification.objects.filter(sent_at__isnull=True).exists():
        assert time.monotonic() < deadline, first.output() + second.output()
        time.sleep(0.1)
    for worker in (first, second):
        worker.process.send_signal(signal.SIGTERM)
    assert [worker.process.wait(timeout=30) for worker in (first, second)] == [0, 0]

    counts = [int(re.search(r"Sent (\d+) e-mail\(s\), 0 failed\.", worker.output())[1]) for worker in (first, second)]
    by_worker = [sent_recipients(worker.folder) for worker in (first, second)]
    assert [len(recipients) for recipients in by_worker] == counts
    assert all(count > 0 for count in counts), counts  # both sent: they shared the outbox
    assert Counter(by_worker[0] + by_worker[1]) == {f"guest-{number}@example.org": 1 for number in range(1, 81)}
    assert Notification.objects.filter(sent_at__isnull=False, attempts=1).count() == 80


# --- A server dies --------------------------------------------------------------------------------------


def test_killing_a_server_loses_no_confirmation_and_the_health_check_takes_it_out(cluster, record_property):
    people, seats = 40, 25
    event, tokens, _made = rush.prepare_event(people=people, seats=seats)
    pages = {token: rush.attendee_path(token) for token in tokens}
    told: dict[str, str] = {}  # token → the status the person's page showed after confirming
    failed_attempts: list[str] = []
    taken_out: list[float] = []  # seconds from the kill until the balancer's health check took the server out

    def confirm(token: str) -> None:
        """One person, as a browser with a reload button: a failed attempt is tried again, up to five times."""
        client = rush.Client(cluster.balancer.url)
        try:
            for _attempt in range(5):
                try:
                    told[token] = rush.Browser(client).confirm(pages[token], follow=True)
                    return
                except (rush.RushError, OSError, http.client.HTTPException) as error:
                    client.close()
                    failed_attempts.append(f"{type(error).__name__}: {error}")
                # The server may have confirmed and died before answering: the page tells.
                try:
                    status, _headers, page = rush.Browser(client).request("GET", pages[token])
                except (OSError, http.client.HTTPException) as error:
                    client.close()
                    failed_attempts.append(f"{type(error).__name__}: {error}")
                    continue
                if status == 200 and rush.shown_status(page) in ("confirmed", "waitlisted"):
                    told[token] = rush.shown_status(page)
                    return
                time.sleep(0.2)
        finally:
            client.close()

    def kill_when_a_quarter_is_through() -> None:
        while len(told) < people // 4:
            time.sleep(0.01)
        cluster.servers["second"].stop()  # SIGKILL to the whole server: the machine is gone
        killed = time.monotonic()
        cluster.balancer.wait_for({"first": "UP", "second": "DOWN"})
        taken_out.append(time.monotonic() - killed)

    killer = threading.Thread(target=kill_when_a_quarter_is_through)
    killer.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(confirm, tokens))
    killer.join(timeout=30)

    # Everybody got through, and whoever was told "confirmed" is confirmed: no seat lost, none given twice.
    assert len(told) == people
    stored = dict(Registration.objects.filter(event=event).values_list("token", "status"))
    assert stored == told
    Status = Registration.Status
    assert Counter(stored.values()) == {Status.CONFIRMED: seats, Status.WAITLISTED: people - seats}
    # Out of the balancer within its checks (and some slack on a loaded machine); from then on all goes to "first".
    assert taken_out[0] < HEALTH_CHECK_FALL * HEALTH_CHECK_INTERVAL_MS / 1000 + 3
    assert pages_served(cluster.balancer, "/en/", 10) and {
        server for server, _text in pages_served(cluster.balancer, f"/en/events/{event.slug}/", 10)
    } == {"first"}
    record_property("kill_failed_attempts", len(failed_attempts))
    record_property("kill_seconds_until_taken_out", round(taken_out[0], 2))
    print(  # noqa: T201
        f"Kill: {people} people, {seats} seats, one server killed after {people // 4} confirmations: "
        f"{len(failed_attempts)} attempts failed and were tried again, all {people} answered, "
        f"{Counter(stored.values())}; taken out {taken_out[0]:.2f} s after the kill"
    )
