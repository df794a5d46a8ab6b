"""Who changed the programme, when, and which fields, old and new: django-simple-history, set up once for all apps.

Every tracked model is registered in its app's ``translation.py`` with `track`, after modeltranslation's
registration, so that its historical table gets the language columns (``title_en``, ``title_de``,
``title_zh_hans``). The plain ``title`` is left out: modeltranslation fills that column with whatever language
was active at the save, and a history of it would show changes no one made.

A record is written on every ``save()``, wherever it is called: the admin's forms, admin actions, services,
``load_demo``, imports. Who made it comes from the request (``HistoryRequestMiddleware``) or from `reason`;
why, from `reason`, which services and commands wrap around their writes::

    with history.reason(IMPORT.text(file="programme.xlsx"), user=organizer):
        ...

``QuerySet.update()`` and ``bulk_create()`` write no record: services save each object instead.

Reasons are stored in English, as Django's admin log stores its messages, and shown in the reader's language:
`describe_reason` matches a stored reason against the known `Reason` patterns.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history import register
from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class _Cause:
    reason: str
    user: object | None


_cause: contextvars.ContextVar[_Cause | None] = contextvars.ContextVar("history_cause", default=None)


@contextmanager
def reason(text: str, *, user=None) -> Iterator[None]:
    """Record `text` (and `user`, when there is no request to say who) on every change saved inside the block.

    The outermost reason wins: an import that publishes through a service is recorded as the import.
    """
    if _cause.get() is not None:
        yield
        return
    token = _cause.set(_Cause(text, user))
    try:
        yield
    finally:
        _cause.reset(token)


class ProgrammeHistory(HistoricalRecords):
    """Simple-history's records, with the reason and user of an enclosing `reason` block."""

    def get_change_reason_for_object(self, instance, history_type, using):
        own = super().get_change_reason_for_object(instance, history_type, using)
        if own:
            return own
        cause = _cause.get()
        return cause.reason if cause else None

    def get_history_user(self, instance):
        user = super().get_history_user(instance)
        if user is None:
            cause = _cause.get()
            if cause is not None and cause.user is not None and cause.user.pk is not None:
                return cause.user
        return user


def track(model: type[models.Model], **options) -> None:
    """Keep the history of `model`'s rows; call it in translation.py, after the model's modeltranslation options."""
    left_out = list(options.pop("excluded_fields", ()))
    if model in translator.get_registered_models():
        left_out += translator.get_options_for_model(model).all_fields
    register(
        model,
        # The historical model lives in "<app>.models", where the shell and migrations look for it.
        app=model._meta.app_label,
        records_class=ProgrammeHistory,
        excluded_fields=left_out,
        # Import file names and restore dates can make a long reason; Django's 100 characters would cut it.
        history_change_reason_field=models.TextField(null=True),
        **options,
    )


def is_tracked(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


# --- Reasons ----------------------------------------------------------------------------------------------------


class Reason:
    """A reason with placeholders, stored in English (``text``) and read back in any language (``describe``)."""

    def __init__(self, msgid: str):
        self.msgid = msgid
        names = re.findall(r"%\((\w+)\)s", msgid)
        pattern = re.escape(msgid)
        for name in names:
            pattern = pattern.replace(re.escape(f"%({name})s"), f"(?P<{name}>.+)")
        self.pattern = re.compile(f"^{pattern}$", re.S)

    def text(self, **params) -> str:
        return self.msgid % params

    def describe(self, stored: str) -> str | None:
        match = self.pattern.match(stored)
        if match is None:
            return None
        params = match.groupdict()
        if "date" in params:
            params["date"] = _readable_moment(params["date"])
        return gettext(self.msgid) % params


def _readable_moment(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    from nanjingweek.history_display import format_moment

    return format_moment(timezone.localtime(moment))


PUBLISHED = Reason(gettext_noop("published"))
UNPUBLISHED = Reason(gettext_noop("set back to draft"))
CANCELLED = Reason(gettext_noop("cancelled"))
DUPLICATED = Reason(gettext_noop("copy of %(original)s"))
RESTORED = Reason(gettext_noop("restored texts of %(date)s"))
IMPORTED = Reason(gettext_noop("import of %(file)s"))
REASONS = (PUBLISHED, UNPUBLISHED, CANCELLED, DUPLICATED, RESTORED, IMPORTED)


def restored_reason(moment: datetime) -> str:
    """The reason of a restore, with the restored version's moment (ISO, so it reads back in any language)."""
    return RESTORED.text(date=moment.isoformat(timespec="seconds"))


def describe_reason(stored: str | None) -> str:
    """A stored reason in the reader's language; one we do not know (typed by a script) as it was stored."""
    if not stored:
        return ""
    for known in REASONS:
        described = known.describe(stored)
        if described is not None:
            return described
    return stored


# --- Restoring texts --------------------------------------------------------------------------------------------


def text_columns(model: type[models.Model]) -> list[str]:
    """The language columns of `model`'s translated fields: what "restore these texts" brings back."""
    if model not in translator.get_registered_models():
        return []
    fields = translator.get_options_for_model(model).all_fields
    return [build_localized_fieldname(field, code) for field in fields for code in mt_settings.AVAILABLE_LANGUAGES]


def texts_differ(record, obj: models.Model) -> bool:
    """Whether the texts of a historical `record` are not those `obj` has now."""
    return any(getattr(record, column) != getattr(obj, column) for column in text_columns(type(obj)))


def restore_texts(obj: models.Model, record) -> list[str]:
    """Bring back the texts of `record` (a historical version of `obj`) in every language, and nothing else.

    Dates, status, venue and every other field keep their present values. The restore is a change like any
    other: saved once, with its own history record ("restored texts of <the version's moment>"). Returns the
    columns that changed; none when the texts are those of the version already. A version whose texts break a
    rule that holds today (an image added since that has no alt text then) is refused with ValidationError.
    """
    model = type(obj)
    with transaction.atomic(), reason(restored_reason(record.history_date)):
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        changed = [column for column in text_columns(model) if getattr(current, column) != getattr(record, column)]
        if not changed:
            return []
        for column in changed:
            setattr(current, column, getattr(record, column))
        current.validate_constraints()
        current.save()
    return changed
