"""What a dry run found: each row's action, its changes and errors, and the checksum the confirmation must match."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.translation import ngettext

from events.programme_import.columns import EVENT, SESSION
from nanjingweek.admin import TranslatedModelForm
from nanjingweek.typography import joined

CREATE, CHANGE, UNCHANGED, INVALID = "create", "change", "unchanged", "invalid"


@dataclass
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class Change:
    field: str
    old: str
    new: str
    # The same values, independent of the language shown: what `ImportPlan.digest` compares.
    neutral: tuple = ()


@dataclass
class RowPlan:
    number: int
    kind: str
    key: str
    action: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    instance: Model | None = None
    form: TranslatedModelForm | None = None

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, str(message)))
        self.action = INVALID


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    stale: bool = False

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def has_changes(self) -> bool:
        return any(row.action in (CREATE, CHANGE) for row in self.rows)

    def count(self, kind: str, action: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind and row.action == action)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            kind: {action: self.count(kind, action) for action in (CREATE, CHANGE, UNCHANGED)}
            for kind in (EVENT, SESSION)
        }

    def fingerprint(self) -> list:
        """What the plan would do, as plain JSON values that do not depend on the language shown."""
        return [
            [row.number, row.kind, row.key, row.action, [list(change.neutral) for change in row.changes]]
            for row in self.rows
        ]

    @property
    def digest(self) -> str:
        """A short checksum of `fingerprint`: the dry run's page sends it, the confirmation must match it."""
        data = json.dumps(self.fingerprint(), sort_keys=True, ensure_ascii=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()

    def summary(self) -> dict:
        return {"counts": self.counts(), "errors": len(self.errors), "fingerprint": self.fingerprint()}

    def summary_text(self) -> str:
        """One sentence for the organizer: how many events and sessions are created, changed, left as they are."""
        counts = self.counts()
        unchanged = counts[EVENT][UNCHANGED] + counts[SESSION][UNCHANGED]
        parts = [
            (counts[EVENT][CREATE], ngettext("%(count)d new event", "%(count)d new events", counts[EVENT][CREATE])),
            (
                counts[EVENT][CHANGE],
                ngettext("%(count)d event changed", "%(count)d events changed", counts[EVENT][CHANGE]),
            ),
            (
                counts[SESSION][CREATE],
                ngettext("%(count)d new session", "%(count)d new sessions", counts[SESSION][CREATE]),
            ),
            (
                counts[SESSION][CHANGE],
                ngettext("%(count)d session changed", "%(count)d sessions changed", counts[SESSION][CHANGE]),
            ),
            (unchanged, ngettext("%(count)d row unchanged", "%(count)d rows unchanged", unchanged)),
        ]
        # Only what happens: "2 new events and 3 new sessions", not a list of zeros.
        said = [text % {"count": count} for count, text in parts if count]
        return joined(said) or parts[-1][1] % {"count": 0}
