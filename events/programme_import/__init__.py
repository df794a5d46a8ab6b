"""Bring in a season's programme from a spreadsheet: one row per event or agenda session (XLSX or CSV).

The rules, in the order an organizer meets them:

- The file is read whole (at most MAX_FILE_SIZE bytes and MAX_ROWS rows), its first row naming the columns
  (COLUMNS: English keys, described in the organizer's language on the import page). A column the file leaves
  out leaves that field as it is; an empty cell empties it, except where COLUMNS says what empty means.
- Events are found again by `slug`, sessions by their event and `order`, or, without an order, by their English
  title: importing the same file twice changes nothing the second time.
- Each row is checked by a model form with the models' own rules (lengths, English required, an event within
  its edition's days, a session during its event); dates and times are the venue's local time, given a zone by
  events.timezones.attach_zone as the admin's own forms do.
- Unknown venues, editions and topics are errors: a topic is not created on the fly, because it needs its name in
  three languages and a typo would otherwise become a new topic.
- `plan_import` is the dry run and writes nothing. `apply_import` runs the same plan inside one transaction,
  saving each object through its normal ``save()`` (so history and signals see every change), and keeps it only
  if nothing failed and the changes are exactly those of the dry run the organizer confirmed (`ImportPlan.digest`).
"""

from events.programme_import.applying import apply_import, changed_objects
from events.programme_import.columns import COLUMNS, column_meaning
from events.programme_import.plan import CHANGE, CREATE, INVALID, UNCHANGED, ImportPlan
from events.programme_import.planning import plan_import
from events.programme_import.reading import MAX_FILE_SIZE, MAX_ROWS, ImportFileError
from events.programme_import.templates import template_csv, template_xlsx

__all__ = [
    "CHANGE",
    "COLUMNS",
    "CREATE",
    "INVALID",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "UNCHANGED",
    "ImportFileError",
    "ImportPlan",
    "apply_import",
    "changed_objects",
    "column_meaning",
    "plan_import",
    "template_csv",
    "template_xlsx",
]
