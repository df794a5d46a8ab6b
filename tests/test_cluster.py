"""The site on several machines, for real (issue 14): two gunicorn servers of the project on one PostgreSQL and one
Redis, HAProxy in front ending TLS and checking /readyz, as README.md, "Running on several machines" lays it out.

Everything goes over HTTPS through the balancer, which names the server that answered in `X-Served-By`, and the
tests show that nobody can tell which one did: an organizer stays logged in, a change saved through one is on the
next page of the other, both serve the same hashed static files, the registration rate limit counts across both
(per client, by the address the trusted balancer passes on), a rush never overbooks, two mail workers on one outbox
send each message once, and killing a server loses no confirmation while the health check takes it out. The servers
run as behind a real balancer (SECURE_SSL_REDIRECT on, TRUSTED_PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=1,
USE_X_FORWARDED_HOST=1): they know the visit is secure and under which public name, and believe none of the
X-Forwarded-* headers a client forges.

The cluster starts once for the module (a certificate, collectstatic twice, two servers, two mail workers, HAProxy)
and the database is emptied once after it, not after every test (each test makes its own event); the last test
kills a server.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection, transaction
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

# No django_db marker: the `cluster` fixture opens the database to the module and empties it once at the end (a
# transactional test's flush after each test cost seconds apiece); the servers see every row the tests commit.
pytestmark = [pytest.mark.postgres]

REDIS_URL = redis_url(CLUSTER)  # a database of its own, emptied before the servers start
SERVERS = ("first", "second")
WORKERS = 2  # per server: four processes on a two-core machine, beside the balancer and the test's clients
PASSWORD = "correct horse battery staple"
# Checked this often in the test (README: every 2 s), so that a server is taken out, or found up, within a second.
HEALTH_CHECK_INTERVAL_MS = 250
HEALTH_CHECK_FALL = 2  # failed checks before the balancer takes a server out
PUBLIC_HOST = "nanjingweek.example"  # the site's public name, which visitors ask for and the certificate names

# The balancer as README.md shows it, on loopback ports: TLS ends here; X-Forwarded-For appended (the app servers
# trust exactly one proxy), X-Forwarded-Proto and X-Forwarded-Host overwritten whatever the client sent; plain HTTP
# passed on too, for the app servers to redirect (SECURE_SSL_REDIRECT); a failed connection sent to the other server.
HAPROXY_CONFIG = """\
global
    stats socket {socket} mode 600 level admin
    maxconn 512

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 60s

frontend site
    bind 127.0.0.1:{https_port} ssl crt {certificate}
    bind 127.0.0.1:{http_port}
    option forwardfor
    http-request set-header X-Forwarded-Proto https if {{ ssl_fc }}
    http-request set-header X-Forwarded-Proto http if !{{ ssl_fc }}
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    default_backend app

backend app
    balance roundrobin
    retries 3
    option redispatch 1
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host {public_host}
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


def make_certificate(work: Path) -> tuple[Path, Path]:
    """A self-signed certificate for PUBLIC_HOST and 127.0.0.1: (HAProxy's PEM of certificate and key, the certificate
    alone for the clients to trust). Made with `cryptography` when installed, else with `openssl req`."""
    combined, certificate = work / "balancer.pem", work / "certificate.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        key = work / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            + ["-days", "2", "-subj", f"/CN={PUBLIC_HOST}", "-keyout", str(key), "-out", str(certificate)]
            + ["-addext", f"subjectAltName=DNS:{PUBLIC_HOST},IP:127.0.0.1"],
            check=True,
            capture_output=True,
        )
        combined.write_text(certificate.read_text() + key.read_text())
        return combined, certificate
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_HOST)])
    now = datetime.now(UTC)
    made = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(PUBLIC_HOST), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate.write_bytes(made.public_bytes(serialization.Encoding.PEM))
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    combined.write_bytes(certificate.read_bytes() + private)
    return combined, certificate


@dataclass
class Balancer:
    https_port: int
    http_port: int
    process: subprocess.Popen
    socket_path: Path
    log: Path
    certificate: Path

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @cached_property
    def trust(self) -> ssl.SSLContext:
        """A client's TLS settings that trust the balancer's certificate (and check it names the host)."""
        return ssl.create_default_context(cafile=self.certificate)

    def request(self, method, path, *, body=None, headers=None, source="127.0.0.1", timeout=30, secure=True):
        """(status, headers, text) of one request on a connection of its own, from the loopback address `source`:
        over HTTPS, trusting the balancer's certificate, or with `secure=False` over plain HTTP."""
        if secure:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=timeout, source_address=(source, 0), context=self.trust
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.http_port, timeout=timeout, source_address=(source, 0)
            )
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
class MailWorker:
    process: subprocess.Popen
    log: Path
    folder: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def start_mail_worker(environment: dict[str, str], work: Path, name: str) -> MailWorker:
    """`manage.py run_mail_worker` as on a machine of its own: its own folder of sent messages (file backend)."""
    folder, log = work / f"mail-{name}", work / f"mail-worker-{name}.log"
    environment = {
        **environment,
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


@dataclass
class Cluster:
    balancer: Balancer
    servers: dict[str, Server]
    environment: dict[str, str]
    work: Path
    static_roots: dict[str, Path] = field(default_factory=dict)
    mail_workers: dict[str, MailWorker] = field(default_factory=dict)


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )


def start_balancer(work: Path, servers: dict[str, Server], certificates: tuple[Path, Path]) -> Balancer:
    https_port, http_port, socket_path, log = free_port(), free_port(), work / "haproxy.sock", work / "haproxy.log"
    config = work / "haproxy.cfg"
    config.write_text(
        HAPROXY_CONFIG.format(
            socket=socket_path,
            https_port=https_port,
            http_port=http_port,
            certificate=certificates[0],
            public_host=PUBLIC_HOST,
            interval=HEALTH_CHECK_INTERVAL_MS,
            fall=HEALTH_CHECK_FALL,
            servers="\n".join(f"    server {name} 127.0.0.1:{server.port}" for name, server in servers.items()),
        )
    )
    with log.open("w") as output:
        process = subprocess.Popen(
            [haproxy_program(), "-f", str(config), "-db"], stdout=output, stderr=subprocess.STDOUT
        )
    balancer = Balancer(https_port, http_port, process, socket_path, log, certificates[1])
    deadline = time.monotonic() + 15
    while not socket_path.exists():
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    balancer.wait_for(dict.fromkeys(SERVERS, "UP"))
    return balancer


def empty_the_database() -> None:
    """What TransactionTestCase leaves after a test, for the next module: every table empty, then what post_migrate
    makes (content types, permissions). Its flush truncates every table, which takes PostgreSQL seconds; deleting the
    few rows the module wrote takes milliseconds, in any order, since Django's foreign keys are checked at commit."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)


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
    certificates = make_certificate(work)
    environment = production_environment(
        work,
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
        # Behind the balancer as README.md says: it ends TLS, sets X-Forwarded-Proto and -Host, appends -For.
        SECURE_SSL_REDIRECT="1",
        TRUSTED_PROXY_COUNT="1",
        SECURE_PROXY_SSL_HEADER="1",
        USE_X_FORWARDED_HOST="1",
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
    failed = [future.exception() for future in started.values() if future.exception()]
    servers = {name: future.result() for name, future in started.items() if not future.exception()}
    if failed:  # the one that did start must not outlive the test run
        for server in servers.values():
            server.stop()
        raise failed[0]
    # Started now, not in their test: Django's start-up, their slow part, runs while the first tests wait on the
    # network rather than on the processor (beside collectstatic and the servers it would only slow them).
    mail_workers = {name: start_mail_worker(environment, work, name) for name in SERVERS}
    processes = [worker.process for worker in mail_workers.values()]
    # The rush's clients (nanjingweek/bench/rush.py) open their HTTPS connections with Python's default trust store.
    trust_store = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(certificates[1])
    try:
        balancer = start_balancer(work, servers, certificates)
        processes.append(balancer.process)
        with django_db_blocker.unblock():
            yield Cluster(balancer, servers, environment, work, static_roots, mail_workers)
    finally:
        for process in processes:
            stop(process)
        for server in servers.values():
            if server.process.poll() is None:
                server.stop()
        if trust_store is None:
            os.environ.pop("SSL_CERT_FILE", None)
        else:
            os.environ["SSL_CERT_FILE"] = trust_store
        with django_db_blocker.unblock():
            empty_the_database()


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
            # A browser's form post names its origin, which Django's CSRF check compares with the (secure) host.
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.balancer.url})
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


# --- The balancer's configuration -----------------------------------------------------------------------------


def balancer_lines(config: str) -> list[str]:
    """The frontend and backend of an HAProxy configuration, addresses, file names and check timings left out, and
    without what only the test needs (its servers and the X-Served-By header)."""
    lines = []
    for line in config.split("frontend site", 1)[1].splitlines():
        line = line.strip()
        if not line or line.startswith(("server ", "http-response set-header X-Served-By")):
            continue
        line = re.sub(r"^bind \S+", "bind ADDRESS", line)
        line = re.sub(r"crt \S+", "crt FILE", line)
        line = re.sub(r"inter \S+ fall \d+ rise \d+", "inter … fall … rise …", line)
        lines.append(line.replace(PUBLIC_HOST, "NAME"))
    return ["frontend site", *lines]


# Marked for pytest-django, which creates the test database the servers share only if some test asks for it (the
# cluster's tests do not: the `cluster` fixture opens the database to them itself).
@pytest.mark.django_db
def test_the_balancer_is_configured_as_readme_says():
    shown = re.search(r"```\n(frontend site\n.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[1]
    used = HAPROXY_CONFIG.format(
        socket="admin.sock",
        https_port=443,
        http_port=80,
        certificate="site.pem",
        public_host=PUBLIC_HOST,
        interval=HEALTH_CHECK_INTERVAL_MS,
        fall=HEALTH_CHECK_FALL,
        servers="",
    )
    assert balancer_lines(used) == balancer_lines(shown)


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


# --- TLS and the forwarded headers --------------------------------------------------------------------------


def test_tls_ends_at_the_balancer_and_the_servers_believe_its_headers_not_the_clients(cluster):
    # What a client may write itself; the balancer overwrites the first two and appends to the third.
    forged = {"X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "203.0.113.9"}
    visit = {"Host": PUBLIC_HOST, **forged}
    served = []
    for path, address in [
        ("/en/", f'<link rel="canonical" href="https://{PUBLIC_HOST}/en/">'),
        ("/robots.txt", f"Sitemap: https://{PUBLIC_HOST}/sitemap.xml"),
        ("/sitemap.xml", f"<loc>https://{PUBLIC_HOST}/sitemap-"),
        ("/en/", f'<link rel="canonical" href="https://{PUBLIC_HOST}/en/">'),
    ]:
        status, headers, text = cluster.balancer.get(path, headers=visit)
        served.append(headers["X-Served-By"])
        # Answered, not redirected to itself (SECURE_SSL_REDIRECT is on): the server knows the visit came over HTTPS,
        # so it sends HSTS, and the addresses it writes are https and on the name the visitor asked for.
        assert status == 200, (path, status, headers)
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert address in text and "evil.example" not in text, (path, text[:2000])
    assert set(served) == set(SERVERS)

    # Over plain HTTP, whatever the client claims, the server hears "http" and redirects to the public name.
    status, headers, _text = cluster.balancer.get("/en/", headers={**visit, "X-Forwarded-Proto": "https"}, secure=False)
    assert (status, headers["Location"], headers["X-Served-By"] in SERVERS) == (301, f"https://{PUBLIC_HOST}/en/", True)
    assert "Strict-Transport-Security" not in headers
    # Health checks need no TLS (SECURE_REDIRECT_EXEMPT).
    assert cluster.balancer.get("/readyz", headers={"Host": PUBLIC_HOST}, secure=False)[0] == 200

    # The servers do take scheme and name from the headers, not from the connection and Host: asked past the balancer,
    # as only the balancer may (README: the app servers are reachable from it only), they believe what it would say.
    status, _headers, text, _seconds = cluster.servers["first"].get(
        "/en/", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-Host": PUBLIC_HOST}
    )
    assert status == 200 and f'<link rel="canonical" href="https://{PUBLIC_HOST}/en/">' in text


# --- Sessions and caches --------------------------------------------------------------------------------


def test_an_organizer_stays_logged_in_and_a_save_is_on_the_next_page_of_either_server(cluster):
    event = make_event(title_en="Forum on the Grand Canal")
    make_organizer()
    page = f"/en/events/{event.slug}/"
    # Each server's workers keep the page rendered in their memory.
    assert {server for server, _text in pages_served(cluster.balancer, page, 4 * WORKERS)} == set(SERVERS)

    organizer = Visitor(cluster.balancer)
    status, headers, _text = organizer.submit("/admin/login/?next=/admin/", username="chief", password=PASSWORD)
    # Accepted over HTTPS: the form's Origin https://… matched what the server took for its own scheme and host.
    assert (status, headers["Location"]) == (302, "/admin/")
    assert organizer.cookies["sessionid"]["secure"] and organizer.cookies["csrftoken"]["secure"]
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
                "Origin": cluster.balancer.url,
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

    result = rush.run_rush(cluster.balancer.url, people=32, seats=12, clients=8, follow=True)

    assert (result.problems, result.errors) == ([], 0)
    assert (result.confirmed, result.waiting, result.ok) == (12, 20, True)
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
    # Both have run since the cluster started, sending what the earlier tests' registrations owed (the rush's
    # confirmations); now 40 messages come in at once, and both are polling for them.
    first, second = (wait_until_ready(worker) for worker in cluster.mail_workers.values())
    owe_confirmation_requests(event, range(1, 41))
    ours = Notification.objects.filter(registration__event=event)
    deadline = time.monotonic() + 30
    while ours.filter(sent_at__isnull=True).exists():
        assert time.monotonic() < deadline, first.output() + second.output()
        time.sleep(0.1)
    for worker in (first, second):
        worker.process.send_signal(signal.SIGTERM)
    assert [worker.process.wait(timeout=30) for worker in (first, second)] == [0, 0]

    counts = [int(re.search(r"Sent (\d+) e-mail\(s\), 0 failed\.", worker.output())[1]) for worker in (first, second)]
    by_worker = [sent_recipients(worker.folder) for worker in (first, second)]
    assert [len(recipients) for recipients in by_worker] == counts
    guests = [[recipient for recipient in recipients if recipient.startswith("guest-")] for recipients in by_worker]
    assert all(guests), counts  # both sent of these: they shared the outbox
    assert Counter(guests[0] + guests[1]) == {f"guest-{number}@example.org": 1 for number in range(1, 41)}
    assert ours.filter(sent_at__isnull=False, attempts=1).count() == 40
    # And every message of the module (what the rush's registrations owed too): sent once, by one of them.
    sent = Notification.objects.filter(sent_at__isnull=False)
    assert sum(counts) == sent.count() == sent.filter(attempts=1).count()


# --- A server dies --------------------------------------------------------------------------------------


def test_killing_a_server_loses_no_confirmation_and_the_health_check_takes_it_out(cluster, record_property):
    people, seats = 24, 15
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
