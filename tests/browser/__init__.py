"""Headless Chromium for the browser tests: launching it, and recording where a page sends requests.

The fixtures that use these helpers (`browser`, `page`, `new_page`, `page_requests`) live in
tests/conftest.py so that tests anywhere under tests/ can use them. Chromium is Debian's
/usr/bin/chromium (`./dev test` installs it); Playwright is only the driver, it downloads no browser.

Browser tests skip with a reason when Chromium is missing on a developer's machine, and fail
under CI=true, where a skipped browser test would hide a broken page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# --disable-background-networking and friends: Chromium must not phone home (update checks, sync,
# safe browsing), both because this is a GDPR-minded project and because such requests would make
# the "nothing leaves this machine" assertions meaningless. The rest make it run as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Schemes that never reach a network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome-error"})

# Seconds for any single browser action; a hang fails the test instead of the whole run.
ACTION_TIMEOUT_MS = 15_000


def unavailable(reason: str) -> None:
    """Skip the test on a developer's machine; fail it under CI, where everything must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set)", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: `./dev test` installs Debian's chromium when run as root")


def is_local(url: str) -> bool:
    """True for a URL that stays on this machine: loopback hosts, data:, blob:, about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class RequestLog:
    """Every request a browser context makes, in order. Requests to other hosts are blocked and kept."""

    urls: list[str] = field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        return sorted({urlsplit(url).hostname or urlsplit(url).scheme for url in self.urls})

    def foreign(self) -> list[str]:
        """The requests that tried to leave this machine (they were aborted, not sent)."""
        return [url for url in self.urls if not is_local(url)]

    def attach(self, context) -> RequestLog:
        context.on("request", lambda request: self.urls.append(request.url))
        # Abort anything foreign right away: the test then fails on the log, not on a network timeout.
        context.route("**/*", self._route)
        return self

    @staticmethod
    def _route(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")


def launch_chromium(playwright):
    """Headless Debian Chromium. Playwright's launch() gives it a fresh temporary profile each time."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
    )
