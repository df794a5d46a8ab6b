"""Content versions: tokens that change whenever what the public pages show changes, so cached pages never go stale.

The page cache (nanjingweek/page_cache.py) keys every stored page on these tokens. A token lives in the default
cache, which every app server shares in production (Redis, or the database cache): when one server saves a change
and replaces the token, the next request on any server looks for its page under the new token and renders afresh.

- **content**: every published thing a page may show. It changes with every write to a table of the content
  apps (events, exhibitions, partners, nanjingweek), whoever writes: the admin, services, `load_demo`,
  `generate_programme`, imports, `QuerySet.update()` and `bulk_create()` alike. No signal sees all of those, so
  the database connection reports them: an execute wrapper looks at each statement that writes and names its table.
- **registrations:<slug>**: the seats and registration state of one event, shown on its own page. Registrations
  change during a rush many times a second; they make only that event's page render again, not the whole site.
- **seats**: whether events have seats left, shown on the event cards of every list ("Full – waiting list": the
  schedule, editions, home, venues, cities). Changed by a registration that may take or free a seat of an event
  with a limit (confirmed, moved to the waiting list, cancelled, deleted), not by one that only awaits its
  confirmation: those lists then render again, the rest of the site does not.

A write inside a transaction replaces the token twice: at once (so the writer's own next page, and a test in a
rolled-back transaction, sees the change) and again after the commit (a page another server rendered between the
first replacement and the commit read the old rows; its token is then a dead one). A token missing from the cache
(evicted, or a cache that restarted) is replaced by a new one, never by a value used before.

Tokens are "<seconds since the epoch, whole>-<random>": the time is when the content last changed (the pages'
`Last-Modified`); it grows with each version, by a second when two come within one second (more than two in one
second may share a date: clients that send If-None-Match, as browsers and calendar apps do, are never misled).
"""

from __future__ import annotations

import math
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save

CONTENT = "content"
SEATS = "seats"
KEY_PREFIX = "content-version:"
# The apps whose tables hold what the public pages show; within them, the tables that are not content.
CONTENT_APPS = ("events", "exhibitions", "partners", "nanjingweek")
NOT_CONTENT = {
    "events.Registration",
    "events.Notification",
    "events.Delegation",
    "events.RegistrationChange",
    "events.Message",
    "events.ProgrammeImport",
    # Marks for translators in the admin; public pages show the texts, never the marks.
    "nanjingweek.TranslationReview",
}

WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)', re.I)


def seat_versions(event) -> list[str]:
    """What a seat taken or freed at `event` (its slug and capacity loaded) changes: its own page's registration
    state and, for an event with a limit, whether the lists' cards say it is full."""
    names = [registrations_key(event.slug)]
    if event.capacity is not None:
        names.append(SEATS)
    return names


def registrations_key(event_slug: str) -> str:
    return f"registrations:{event_slug}"


def current(names: list[str]) -> dict[str, str]:
    """The tokens of `names`, one round trip to the cache; a missing token is created first."""
    keys = [KEY_PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add(): of two servers finding the token gone at once, both end up with the one that was added first.
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key)
    return {name: found[KEY_PREFIX + name] for name in names}


def changed_at(token: str) -> int:
    """When the content behind a token last changed, in whole seconds since the epoch."""
    return int(token.split("-", 1)[0])


def bump(name: str, *, using: str = "default") -> None:
    """Say that what `name` covers changed: now, and once more when the current transaction commits."""
    if name not in _bumped_ahead.get():
        _replace(name)
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not _bump_pending(connection, name):
        transaction.on_commit(AfterCommit(name), using=using)


# The names whose token bumped_ahead() replaced before the writes of the block it wraps.
_bumped_ahead: ContextVar[frozenset[str]] = ContextVar("bumped_ahead", default=frozenset())


@contextmanager
def bumped_ahead(*names: str, using: str = "default") -> Iterator[None]:
    """Bump `names` now, ahead of the writes inside the block, which then leave their replacement to the commit.

    For a rule that writes under a lock every other writer queues for (events.registrations.confirm): the cache's
    round trips come before the lock rather than inside it. It is the same as bumping at each write, since no page
    is rendered between here and the writes (only the rule's own code runs inside): a page this transaction renders
    afterwards finds a token that no page of before the writes was stored under, and a page another server rendered
    meanwhile read the rows of before the commit and is made dead by the commit's replacement, as always. Outside a
    transaction there is no commit to wait for: the writes bump as usual.
    """
    if not transaction.get_connection(using).in_atomic_block:
        yield
        return
    for name in names:
        bump(name, using=using)
    ahead = _bumped_ahead.set(_bumped_ahead.get() | set(names))
    try:
        yield
    finally:
        _bumped_ahead.reset(ahead)


def _replace(name: str) -> None:
    key = KEY_PREFIX + name
    previous = cache.get(key)
    cache.set(key, _new_token(after=changed_at(previous) if previous else 0), timeout=None)


def _new_token(*, after: int = 0) -> str:
    # A second later than the previous version if that is at most a second ahead of the clock: two changes in one
    # second still get different Last-Modified dates, and a burst of writes does not push the date into the future.
    now = math.ceil(time.time())
    return f"{max(now, min(after + 1, now + 1))}-{secrets.token_hex(8)}"


class AfterCommit:
    """The commit-time replacement; one per name and transaction (a transaction of a thousand inserts bumps twice)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self):
        _replace(self.name)


def _bump_pending(connection, name: str) -> bool:
    return any(isinstance(func, AfterCommit) and func.name == name for _ids, func, _robust in connection.run_on_commit)


# --- Noticing writes ----------------------------------------------------------------------------------------------


def content_tables() -> frozenset[str]:
    """The database tables of the content apps, many-to-many tables included, less those that are not content."""
    tables = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label not in NOT_CONTENT:
                tables.add(model._meta.db_table)
    return frozenset(tables)


class ContentWriteWatcher:
    """An execute wrapper (Django's `connection.execute_wrapper`) that bumps the content version after a statement
    writes to a content table. Reads pass with a look at their first letter."""

    def __init__(self, alias: str):
        self.alias = alias
        self.tables = content_tables()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql[:1] in "IUDRiudr":
            match = WRITE.match(sql)
            if match and match.group(1).strip('"') in self.tables:
                bump(CONTENT, using=self.alias)
        return result


def watch_connection(sender, connection, **kwargs):
    """Signal receiver (connection_created): every new connection reports its writes, once."""
    if not any(isinstance(wrapper, ContentWriteWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(ContentWriteWatcher(connection.alias))


def registration_changed(sender, instance, using, **kwargs):
    """Signal receiver (post_save, post_delete of Registration): that event's seats may have changed, and with
    them whether it is full (`SEATS`)."""
    if sender.event.is_cached(instance):
        slug = instance.event.slug
    else:
        # An event deleted with its registrations is gone already: the content version says so.
        events = sender.event.field.related_model.objects.using(using)
        slug = events.filter(pk=instance.event_id).values_list("slug", flat=True).first()
    if slug:
        bump(registrations_key(slug), using=using)
        if _may_move_seats(sender, instance, kwargs):
            bump(SEATS, using=using)


def _may_move_seats(sender, instance, signal_kwargs) -> bool:
    """Whether a saved or deleted registration may have taken or freed a seat of an event with a limit. A new
    registration awaiting confirmation, or a save that leaves the status alone (a check-in, a correction), does
    not; an event loaded without a limit has no seats to count (one not loaded is assumed to have one)."""
    if sender.event.is_cached(instance) and "capacity" in vars(instance.event) and instance.event.capacity is None:
        return False
    awaiting = instance.status == sender.Status.AWAITING_CONFIRMATION
    if "update_fields" not in signal_kwargs:  # post_delete
        return not awaiting
    update_fields = signal_kwargs["update_fields"]
    if update_fields is not None and "status" not in update_fields:
        return False
    return not (awaiting and signal_kwargs.get("created"))


def connect() -> None:
    """Connect the receivers (NanjingWeekConfig.ready); connections opened before are watched from now on too."""
    from django.db import connections

    connection_created.connect(watch_connection, dispatch_uid="nanjingweek.content_version.watch")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
    registration = apps.get_model("events", "Registration")
    post_save.connect(registration_changed, sender=registration, dispatch_uid="nanjingweek.content_version.saved")
    post_delete.connect(registration_changed, sender=registration, dispatch_uid="nanjingweek.content_version.deleted")
