"""wrk, the load generator: the command line, the Lua script that reports what we keep, and its parser.

wrk (Debian package `wrk`) prints its own summary for people; the script's `done()` adds one line of JSON for
us: requests, bytes read (headers included), the run's length and the latency percentiles in microseconds. The
parser takes text, so the tests need no wrk.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

MARKER = "BENCH-WRK "

# Integers as %.0f: LuaJIT's %d may not take a count beyond 32 bits (bytes of a long run).
LUA_SCRIPT = r"""-- Written by nanjingweek/bench/wrk.py: one line of JSON after the run, read by its parser.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %.0f, "bytes": %.0f, "duration_us": %.0f, "p50_us": %.1f, "p90_us": %.1f, '
      .. '"p99_us": %.1f, "mean_us": %.1f, "max_us": %.1f, "errors": {"connect": %.0f, "read": %.0f, '
      .. '"write": %.0f, "status": %.0f, "timeout": %.0f}}\n',
    "MARKER", summary.requests, summary.bytes, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
""".replace('"MARKER"', json.dumps(MARKER))


class WrkError(Exception):
    """wrk is missing, failed, or printed no result line."""


@dataclass
class WrkResult:
    requests: int
    bytes: int
    duration_us: int
    p50_us: float
    p90_us: float
    p99_us: float
    mean_us: float
    max_us: float
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def requests_per_second(self) -> float:
        return self.requests / (self.duration_us / 1_000_000) if self.duration_us else 0.0

    @property
    def bytes_per_response(self) -> float:
        """What one response took on the wire, headers included (as wrk counts what it read)."""
        return self.bytes / self.requests if self.requests else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(
            requests_per_second=round(self.requests_per_second, 1),
            bytes_per_response=round(self.bytes_per_response),
        )
        return data


def parse_output(text: str) -> WrkResult:
    """The result line of LUA_SCRIPT in wrk's output."""
    for line in text.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return WrkResult(
                requests=int(data["requests"]),
                bytes=int(data["bytes"]),
                duration_us=int(data["duration_us"]),
                p50_us=float(data["p50_us"]),
                p90_us=float(data["p90_us"]),
                p99_us=float(data["p99_us"]),
                mean_us=float(data["mean_us"]),
                max_us=float(data["max_us"]),
                errors={name: int(count) for name, count in data["errors"].items()},
            )
    raise WrkError(f"wrk printed no result line:\n{text.strip()[-2000:]}")


def find_wrk() -> str | None:
    return shutil.which("wrk")


def version(executable: str) -> str:
    completed = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)
    lines = (completed.stdout + completed.stderr).splitlines()
    # "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer" → "wrk debian/4.1.0-3+b2 [epoll]"
    return lines[0].split(" Copyright")[0].strip() if lines else "wrk"


@dataclass(frozen=True)
class Load:
    """How hard wrk pushes: the issue's 8 connections on 2 threads."""

    connections: int = 8
    threads: int = 2
    seconds: float = 5.0
    # A page slower than wrk's default 2 s must be measured, not counted as a timeout.
    timeout_seconds: int = 30

    def command(self, executable: str, url: str, script: Path, headers: dict[str, str]) -> list[str]:
        command = [
            executable,
            f"--threads={self.threads}",
            f"--connections={self.connections}",
            f"--duration={self.seconds:g}s",
            f"--timeout={self.timeout_seconds}s",
            f"--script={script}",
        ]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        return [*command, url]


def run(executable: str, url: str, *, load: Load, script: Path, headers: dict[str, str]) -> WrkResult:
    completed = subprocess.run(
        load.command(executable, url, script, headers),
        capture_output=True,
        text=True,
        check=False,
        timeout=load.seconds + load.timeout_seconds + 30,
    )
    if completed.returncode != 0:
        raise WrkError(f"wrk exited with {completed.returncode}: {(completed.stderr or completed.stdout).strip()}")
    return parse_output(completed.stdout)


def write_script(folder: Path) -> Path:
    path = folder / "report.lua"
    path.write_text(LUA_SCRIPT, encoding="utf-8")
    return path
