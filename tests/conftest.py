"""Fixtures shared by the whole suite.

- `parse_html`: a small DOM of a response, to assert on elements instead of substrings.
- `browser`, `new_page`, `page`, `page_requests`: headless Chromium against pytest-django's
  `live_server` (helpers in tests/browser/__init__.py).
- `postgres`: for tests that need PostgreSQL; they skip on SQLite with a reason and run in CI's PostgreSQL pass.
- `travel_to`: the public pages at another moment (`events.timeline.now`), for tests of what is now.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation
from pytest_django.fixtures import validate_django_db

from tests import browser as browser_tools

# --- HTML -------------------------------------------------------------------------------------------

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The element's text with whitespace collapsed, as a reader sees it."""
        parts: list[str] = []

        def collect(node: Element | str) -> None:
            if isinstance(node, str):
                parts.append(node)
            else:
                for child in node.children:
                    collect(child)

        collect(self)
        return " ".join("".join(parts).split())

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> list[Element]:
        """Descendants with this tag, class and attribute values (`rel="alternate"`, `hreflang="de"`)."""
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and all(element.attrs.get(name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag or '*'}> with class={class_!r} {attrs} in the page"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag is ignored, as browsers do.
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def build_tree(html: str | bytes) -> Element:
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@pytest.fixture
def parse_html() -> Callable[[str | bytes], Element]:
    """`parse_html(response.content)` → the document's root Element (find, find_all, text, attrs)."""
    return build_tree


# --- Speed -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # The production hasher is slow on purpose (about half a second a password); tests only need it to work.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_page_from_another_test():
    # The page cache (nanjingweek/page_cache.py) lives in the process's memory and outlasts a test's rolled-back
    # transaction: every test starts with no page stored, a new content version and no remembered moments.
    from django.core.cache import caches

    from nanjingweek import content_version, page_clock

    caches["pages"].clear()
    caches["default"].delete(content_version.KEY_PREFIX + content_version.CONTENT)
    page_clock.forget()


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread (LocaleMiddleware activates and nothing deactivates), so a
    # lazy message turned into text after a Chinese page would come out in Chinese: every test starts in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# --- Time ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for a module whose tests only read it, inside a transaction rolled back after it.

    Ask for it through a module's `demo` fixture that also takes `db`: each test then runs in a savepoint inside
    this transaction, so whatever a test adds or changes is gone before the next. Yields the demo's media folder.
    """
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def travel_to(monkeypatch) -> Callable:
    """`travel_to(moment)`: from now on in the test, the public pages show the programme as at `moment`.

    The pages read the time from `events.timeline.now` only; this replaces it, no clock library needed.
    """
    from events import timeline

    def travel(moment):
        monkeypatch.setattr(timeline, "now", lambda: moment)
        return moment

    return travel


# --- Databases --------------------------------------------------------------------------------------

# Fixtures with which pytest-django runs a test as a TransactionTestCase, which empties every table
# afterwards, including the rows data migrations made (the Organizers and Check-in staff groups).
TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})


def db_order(item: pytest.Item) -> int:
    """0: tests in a rolled-back transaction, 1: tests whose tables are emptied afterwards, 2: no database."""
    fixtures = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(fixtures & TRANSACTIONAL_FIXTURES)
    if marker is not None:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("NANJINGWEEK_SKIP_RENDERING_CHECKS") == "1":
        # CI's second pass (PostgreSQL): what these check is the same whatever the database (README, "Tests").
        checks = [item for item in items if item.get_closest_marker("rendering")]
        if checks:
            config.hook.pytest_deselected(items=checks)
            items[:] = [item for item in items if not item.get_closest_marker("rendering")]
    # pytest-django puts transactional tests after the others, as Django's runner does, but misses those
    # that get a live_server under a plain django_db marker; one of them in the middle of the suite
    # empties the groups every later test expects from the migrations. Sorting is stable: file order
    # is kept within each kind.
    items.sort(key=db_order)


@pytest.fixture
def postgres() -> None:
    """For tests that need PostgreSQL (row locks, real concurrency): they skip on SQLite with a reason.

    Request it as a fixture or mark the test `@pytest.mark.postgres`. It opens no connection itself,
    so it combines with `db`, `transactional_db` or `django_db(transaction=True)` alike. CI runs the
    suite a second time with DATABASE_URL=postgres://..., where these tests run for real; a
    DATABASE_URL that asks for PostgreSQL but gets something else fails instead of skipping.
    """
    if connection.vendor == "postgresql":
        return
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.fail(f"DATABASE_URL asks for PostgreSQL but the tests run on {connection.vendor}")
    pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/nanjingweek ./dev test")


@pytest.fixture(autouse=True)
def _postgres_marker(request) -> None:
    # `@pytest.mark.postgres` alone is enough: the marker brings the fixture above.
    if request.node.get_closest_marker("postgres"):
        request.getfixturevalue("postgres")


# --- Browser ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (starting it takes seconds)."""
    browser_tools.require_chromium()
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django then refuses
    # database access from it (SynchronousOnlyOperation). The test code is synchronous, so Django's
    # documented escape hatch is right here; it stays set until the session ends, like the loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = browser_tools.launch_chromium(playwright)
    except Exception as error:  # noqa: BLE001 - any launch failure means "no usable browser"
        playwright.stop()
        browser_tools.unavailable(f"Chromium did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(**context_options)` → (page, request_log), in a fresh browser context on the live server."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(browser_tools.ACTION_TIMEOUT_MS)
        contexts.append(context)
        log = browser_tools.RequestLog().attach(context)
        return context.new_page(), log

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def _page_and_requests(new_page):
    return new_page()


@pytest.fixture
def page(_page_and_requests):
    """A page in a fresh context whose requests are logged (`page_requests`). Relative URLs go to live_server."""
    return _page_and_requests[0]


@pytest.fixture
def page_requests(_page_and_requests) -> browser_tools.RequestLog:
    """Every URL `page` requested so far; `.foreign()` lists those that tried to leave this machine."""
    return _page_and_requests[1]
