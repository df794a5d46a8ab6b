"""The project served as in production, for tests that need real server processes: gunicorn with gunicorn.conf.py,
DEBUG off, hashed static files, on the test database (tests/test_availability.py, tests/test_cluster.py).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "k3y-for-tests-only-" + "x8Qz!" * 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(work: Path, **settings: str) -> dict[str, str]:
    """The environment of a production server, without the test run's own database and settings variables."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DJANGO_"))}
    environment.pop("REDIS_URL", None)
    environment.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(work / "static"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="nanjingweek.settings",
    )
    environment.update(settings)
    return environment


def collect_static(environment: dict[str, str]) -> subprocess.Popen:
    """collectstatic in the background: the workers read the manifest at the first page, not before."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment
    )


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen

    def request(self, method, path, *, body=None, headers=None, timeout=30):
        """(status, headers, text, seconds) of one request on a connection of its own."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        return response.status, response.headers, content, time.monotonic() - started

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def log_size(self) -> int:
        return len(self.log.read_text(encoding="utf-8"))

    def log_since(self, start: int, *, waiting_for: str = "") -> str:
        """The log from `start`; with `waiting_for`, once that appears (gunicorn logs a request after answering it)."""
        deadline = time.monotonic() + 10
        while waiting_for not in (log := self.log.read_text(encoding="utf-8")[start:]) and time.monotonic() < deadline:
            time.sleep(0.05)
        return log

    def stop(self) -> None:
        # Nothing is left to finish: the whole group at once (gunicorn's own shutdown waits seconds on its workers).
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def start_server(environment: dict[str, str], work: Path, *, workers: int, name: str = "gunicorn") -> Server:
    """gunicorn -c gunicorn.conf.py on a free port, once it answers /healthz."""
    port = free_port()
    log = work / f"{name}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "nanjingweek.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, log, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            if server.get("/healthz", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
