"""Applying the import: the dry run again inside one transaction, kept only if it is the one the organizer confirmed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Model

from events.programme_import.plan import CHANGE, CREATE, ImportPlan, RowError, RowPlan
from events.programme_import.planning import Planner, plan_import
from events.programme_import.reading import ImportFileError, read_records
from nanjingweek import history


class _Rollback(Exception):
    pass


def apply_import(content: bytes, name: str, *, expected_digest: str) -> ImportPlan:
    """Import the file, all or nothing, if it still does exactly what the dry run with `expected_digest` showed.

    Each object is saved through its model's ``save()``, events through services.save_event_edit as the event
    admin saves them. Nothing is kept when a row fails or the plan differs from the confirmed dry run (another
    organizer changed the programme meanwhile): `ImportPlan.stale` says so, and the plan is the new dry run.
    """
    try:
        columns, records = read_records(content, name)
    except ImportFileError as error:
        return ImportPlan(file_errors=[RowError(None, "", str(error))])
    try:
        # Every version the import saves says where it came from (the organizer comes from the request).
        with history.reason(history.IMPORTED.text(file=name)), transaction.atomic():
            plan = Planner(records, columns, apply=True).plan()
            if plan.errors or plan.digest != expected_digest:
                raise _Rollback
            plan.applied = True
    except (_Rollback, IntegrityError):
        # IntegrityError: another organizer saved the same slug between this plan's check and its save.
        fresh = plan_import(content, name)
        fresh.stale = not fresh.errors
        return fresh
    return plan


def changed_objects(plan: ImportPlan) -> Iterable[tuple[Model, RowPlan]]:
    """The objects an applied plan created or changed, with their rows (for the admin's log)."""
    for row in plan.rows:
        if row.action in (CREATE, CHANGE) and row.instance is not None:
            yield row.instance, row
