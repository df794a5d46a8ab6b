"""gunicorn in production settings for one bench database, and single requests to it.

The settings are the site's, as production runs them (DEBUG off, a secret key, ALLOWED_HOSTS, the static files
collected and hashed), with two changes a benchmark on one machine needs: plain http without the redirect to
https (SECURE_SSL_REDIRECT=0; HSTS is only ever sent over https), and the URLconf of nanjingweek.bench.settings,
which adds the ceiling view. The access log is off, for the ceiling and the pages alike.
"""

from __future__ import annotations

import gzip
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nanjingweek.bench.databases import BenchDatabase

HOST = "127.0.0.1"
REDIS_URL = "redis://127.0.0.1:6379/5"
SETTINGS_MODULE = "nanjingweek.bench.settings"


def redis_answers(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def flush_redis(url: str = REDIS_URL) -> None:
    """Empty the bench's Redis database: a page cached from one bench database must not answer for the next."""
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5).flushdb()


def environment(
    database: BenchDatabase, *, var: Path, redis_url: str | None, secret_key: str, extra: dict | None = None
) -> dict[str, str]:
    """The environment of every process that touches `database`: build, worker and app servers."""
    env = {name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SITE_URL=f"http://{HOST}",
        DATABASE_URL=database.url,
        MEDIA_ROOT=str(database.media_root),
        STATIC_ROOT=str(var / "staticfiles"),
        # E-mails wait in the outbox, as in production; nothing is sent anywhere.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        EMAIL_SEND_IN_REQUEST="0",
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra or {})
    return env


def new_secret_key() -> str:
    return "bench-" + secrets.token_urlsafe(40)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent

    @property
    def encoding(self) -> str:
        return self.headers.get("content-encoding", "")

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.body) if self.encoding == "gzip" else self.body

    @property
    def gzip_possible(self) -> int:
        """The size the content would have gzipped (level 6, as Django's GZipMiddleware)."""
        return len(gzip.compress(self.content, compresslevel=6, mtime=0)) if self.content else 0


def fetch(port: int, path: str, headers: dict[str, str] | None = None, *, timeout: float = 60) -> Response:
    """One GET, nothing followed, nothing decoded."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {name.lower(): value for name, value in response.getheaders()}, body)
    finally:
        connection.close()


@dataclass
class Server:
    """A gunicorn with `workers` sync workers serving one bench database."""

    root: Path
    env: dict[str, str]
    workers: int
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, *, wait_seconds: float = 60) -> Server:
        env = {**self.env, "WEB_CONCURRENCY": str(self.workers), "GUNICORN_BIND": f"{HOST}:{self.port}"}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(self.root / "gunicorn.conf.py"),
                "--access-logfile",
                "/dev/null",
                "nanjingweek.wsgi",
            ],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                if fetch(self.port, "/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {wait_seconds:g} s; see {self.log_path}")

    def stop(self) -> None:
        """SIGTERM to our own gunicorn master (it stops its workers), SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
