"""tests/demo_data.py: the demo copied back for committed tests is what `manage.py load_demo` makes, row for row."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import Event
from tests.demo_data import load_demo_committed

pytestmark = pytest.mark.django_db(transaction=True)


def drawn_when_saved(field) -> bool:
    """A token drawn at random, or the time of saving (a callable default, auto_now)."""
    return callable(field.default) or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def contents() -> dict[str, list[tuple]]:
    """Every table's rows in creation order, with each id (own or referenced) replaced by its row's position
    (many-to-many links as sorted pairs).

    Two loads on different ids compare equal exactly when they made the same rows pointing at the same rows.
    Values drawn when a row is saved (tokens at random, times of saving) are only required to be there.
    """
    chosen = apps.get_models(include_auto_created=True)
    positions = {
        model: {pk: number for number, pk in enumerate(model._base_manager.order_by("pk").values_list("pk", flat=True))}
        for model in chosen
    }
    tables = {}
    for model in chosen:
        fields = model._meta.concrete_fields
        rows = []
        for values in model._base_manager.order_by("pk").values_list(*(field.attname for field in fields)):
            row = []
            for field, value in zip(fields, values, strict=True):
                if field.primary_key:
                    value = positions[model][value]
                elif field.is_relation and value is not None and field.related_model in positions:
                    value = positions[field.related_model].get(value, ("missing", value))
                elif drawn_when_saved(field):
                    value = value not in (None, "")
                row.append(value)
            rows.append(tuple(row))
        if model._meta.auto_created:
            # A many-to-many link is a pair, not a record: `set()` adds a row's links in no fixed order (on
            # PostgreSQL it differed between two loads), so they compare as sorted pairs without their own id.
            rows = sorted(row[1:] for row in rows)
        tables[model._meta.db_table] = rows
    return tables


def media_files(root) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_the_database() -> None:
    # What TransactionTestCase does after each test (the groups of the data migrations go too).
    call_command("flush", interactive=False, verbosity=0)


def test_demo_copied_back_is_the_demo_loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "loaded"
    empty_the_database()
    call_command("load_demo", stdout=io.StringIO())
    loaded, loaded_files = contents(), media_files(settings.MEDIA_ROOT)

    # The first call may load (and keep the copy) or, later in a session, already copy back.
    for number in range(2):
        empty_the_database()
        settings.MEDIA_ROOT = tmp_path / f"copied-{number}"
        copied = load_demo_committed()
    assert copied, "the second call in a row should copy the demo back"

    assert contents() == loaded
    assert media_files(settings.MEDIA_ROOT) == loaded_files
    assert sum(len(rows) for rows in loaded.values()) > 300
    assert len(loaded_files) > 30
    # Committed and whole: the objects behave as loaded ones do, and new rows get fresh ids.
    forum = Event.objects.get(slug="heritage-tourism-forum-leipzig-2025")
    assert forum.sessions.count() > 5
    assert forum.image.storage.exists(forum.image.name)
    copy = Event.objects.get(pk=forum.pk)
    copy.pk, copy.slug = None, "a-new-event"
    copy.save()
    assert copy.pk > max(Event.objects.exclude(pk=copy.pk).values_list("pk", flat=True))


def test_demo_is_loaded_when_a_table_it_writes_is_not_empty(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    empty_the_database()
    load_demo_committed()
    empty_the_database()
    call_command("generate_programme", "--events", "1", stdout=io.StringIO())

    assert load_demo_committed() is False
    assert Event.objects.filter(slug="heritage-tourism-forum-leipzig-2025").exists()
    assert Event.objects.filter(edition__slug="synthetic-1").count() == 1
