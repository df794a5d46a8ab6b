"""Stale translations: when the English text of a translated field changes, its German and Chinese texts are marked
as needing review, per field and language (`nanjingweek.models.TranslationReview`).

The rules, for each translated field and each language other than English:

- A save that changes the English text marks the language, if that language has text. An empty translation is
  "missing", not "stale": the admin's completeness column already says so.
- A save that changes the language's own text (the translator's) clears its mark, also when the English changed in
  the same save: the translator saw the new English.
- The English changed again before anyone reviewed: the mark keeps its previous text (what the translator last saw)
  and takes the new current text, who changed it and when. Changed back to that previous text, the mark goes.
- "Still correct" (`mark_reviewed`) clears marks without saving the object, so its `updated_at`, and with it the
  sitemap's `lastmod`, stays where the English change put it.

The marks are made in the model layer, wherever a save happens: the admin, services, imports and commands
(`pre_save`/`post_save` of every model registered with modeltranslation). The values an object was loaded with are
kept when it is made (`post_init`) and again after each save, so a save asks the database nothing more; a column
that was not loaded (a deferred field) is read in one query. `QuerySet.update()` and `bulk_*()` send no signals
and make no marks. Who changed the English is the request's user (nanjingweek.current_user), None outside requests.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.current_user import current_user
from nanjingweek.models import TranslationReview

# Kept on the instance's __dict__: the translated columns as stored, and the marks its save is about to change.
LOADED = "_translation_review_loaded"
PENDING = "_translation_review_pending"


def source_language() -> str:
    return mt_settings.DEFAULT_LANGUAGE


def review_languages() -> list[str]:
    """The languages translated from English, whose text can go stale: de, zh-hans."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != source_language()]


@cache
def translated_columns(model: type[models.Model]) -> dict[str, dict[str, str]]:
    """``{"title": {"en": "title_en", "de": "title_de", "zh-hans": "title_zh_hans"}, …}`` for a registered model,
    in the order its translation options name the fields."""
    fields = translator.get_options_for_model(model).all_fields
    return {
        field: {code: build_localized_fieldname(field, code) for code in mt_settings.AVAILABLE_LANGUAGES}
        for field in fields
    }


@cache
def _all_columns(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(column for by_language in translated_columns(model).values() for column in by_language.values())


def _text(value) -> str:
    return value or ""


# --- Marks on the queryset and the object ---------------------------------------------------------------------


def reviews_of(model: type[models.Model]) -> QuerySet[TranslationReview]:
    """The marks of `model`'s objects, selected by the content type's natural key: a join, not a lookup first.

    Marks belong to the concrete model, as `apply_marks` makes them (a proxy's admin sees them too).
    """
    meta = model._meta.concrete_model._meta
    return TranslationReview.objects.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name)


def needs_review_q(model: type[models.Model], language: str) -> Q:
    """Objects with at least one field marked for `language`: a subquery, so the list filter stays one query."""
    return Q(Exists(reviews_of(model).filter(object_id=OuterRef("pk"), language=language)))


def needs_any_review_q(model: type[models.Model]) -> Q:
    return Q(Exists(reviews_of(model).filter(object_id=OuterRef("pk"))))


def reviews_for(obj: models.Model) -> list[TranslationReview]:
    """The marks of one object, with who changed the English, in field and language order."""
    return list(reviews_of(type(obj)).filter(object_id=obj.pk).select_related("changed_by"))


def reviews_by_object(model: type[models.Model], pks: Iterable) -> dict[object, list[TranslationReview]]:
    """The marks of many objects of one model in one query (the admin's list page)."""
    found: dict[object, list[TranslationReview]] = {}
    for review in reviews_of(model).filter(object_id__in=list(pks)):
        found.setdefault(review.object_id, []).append(review)
    return found


def mark_reviewed(obj: models.Model, *, language: str, field: str | None = None) -> int:
    """Says the `language` text of `field` (or of every field) is still correct for the English: clears the marks.

    The object itself is not saved. Returns how many marks went.
    """
    reviews = reviews_of(type(obj)).filter(object_id=obj.pk, language=language)
    if field is not None:
        reviews = reviews.filter(field_name=field)
    deleted, _by_model = reviews.delete()
    return deleted


# --- Making the marks as objects are saved --------------------------------------------------------------------


@dataclass
class PendingMarks:
    """What one save changes: marks to set or refresh, marks to clear, and the texts the marks need."""

    to_mark: list[tuple[str, str]]  # (field, language)
    to_clear: list[tuple[str, str]]
    previous: dict[str, str]  # field → English before the save
    current: dict[str, str]  # field → English after it


def _remember_loaded(sender, instance, **kwargs) -> None:
    values = instance.__dict__
    values[LOADED] = {column: values[column] for column in _all_columns(sender) if column in values}


def _stored_values(instance: models.Model, columns: list[str], using: str) -> dict[str, object] | None:
    loaded = instance.__dict__.get(LOADED, {})
    missing = [column for column in columns if column not in loaded]
    if not missing:
        return loaded
    stored = type(instance)._base_manager.using(using).filter(pk=instance.pk).values(*missing).first()
    return None if stored is None else {**loaded, **stored}


def pending_marks(instance: models.Model, *, using: str, update_fields=None) -> PendingMarks | None:
    """The marks a save of `instance` sets and clears, by the rules above; None when it changes no translated text."""
    if instance._state.adding:
        return None  # A new object: nothing was translated from an earlier English.
    columns = translated_columns(type(instance))
    saved = set(update_fields) if update_fields is not None else None
    if saved is not None:
        columns = {field: by_language for field, by_language in columns.items() if saved & set(by_language.values())}
    if not columns:
        return None
    stored = _stored_values(instance, [column for by in columns.values() for column in by.values()], using)
    if stored is None:
        return None
    pending = PendingMarks(to_mark=[], to_clear=[], previous={}, current={})
    source = source_language()
    for field, by_language in columns.items():

        def changed(code: str, by_language=by_language) -> bool:
            column = by_language[code]
            if saved is not None and column not in saved:
                return False
            return _text(stored[column]) != _text(getattr(instance, column))

        english_changed = changed(source)
        for code in review_languages():
            if changed(code):
                pending.to_clear.append((field, code))
            elif english_changed and _text(getattr(instance, by_language[code])):
                pending.to_mark.append((field, code))
        if english_changed:
            pending.previous[field] = _text(stored[by_language[source]])
            pending.current[field] = _text(getattr(instance, by_language[source]))
    if not pending.to_mark and not pending.to_clear:
        return None
    return pending


def apply_marks(instance: models.Model, pending: PendingMarks, *, using: str) -> None:
    """Writes what `pending_marks` found, after the object's row is saved."""
    content_type = ContentType.objects.db_manager(using).get_for_model(instance)
    reviews = TranslationReview.objects.using(using).filter(content_type=content_type, object_id=instance.pk)
    with transaction.atomic(using=using):
        if pending.to_clear:
            cleared = Q()
            for field, code in pending.to_clear:
                cleared |= Q(field_name=field, language=code)
            reviews.filter(cleared).delete()
        if not pending.to_mark:
            return
        existing = {
            (review.field_name, review.language): review
            for review in reviews.filter(field_name__in={field for field, _code in pending.to_mark})
        }
        user, now = current_user(), timezone.now()
        for field, code in pending.to_mark:
            review = existing.get((field, code))
            if review is None:
                TranslationReview.objects.using(using).create(
                    content_type=content_type,
                    object_id=instance.pk,
                    field_name=field,
                    language=code,
                    previous_text=pending.previous[field],
                    current_text=pending.current[field],
                    changed_by=user,
                    changed_at=now,
                )
            elif review.previous_text == pending.current[field]:
                review.delete()  # The English is back to what the translator saw.
            else:
                review.current_text, review.changed_by, review.changed_at = pending.current[field], user, now
                review.save(update_fields=["current_text", "changed_by", "changed_at"])


def _note_changes(sender, instance, raw=False, using="default", update_fields=None, **kwargs) -> None:
    if raw:
        return  # loaddata: fixtures carry their own marks.
    instance.__dict__[PENDING] = pending_marks(instance, using=using, update_fields=update_fields)


def _make_marks(sender, instance, raw=False, using="default", update_fields=None, **kwargs) -> None:
    pending = instance.__dict__.pop(PENDING, None)
    if pending is not None:
        apply_marks(instance, pending, using=using)
    # What is stored now is what the next save compares with.
    values, columns = instance.__dict__, _all_columns(sender)
    if update_fields is not None:
        columns = [column for column in columns if column in update_fields]
    values.setdefault(LOADED, {}).update({column: values[column] for column in columns if column in values})


def _forget_marks(sender, instance, using="default", **kwargs) -> None:
    # Marks point at objects by content type and id, without a foreign key: they go with the object by hand.
    reviews_of(sender).using(using).filter(object_id=instance.pk).delete()


def connect() -> None:
    """Connect the receivers for every model registered with modeltranslation (NanjingWeekConfig.ready)."""
    for model in translator.get_registered_models(abstract=False):
        uid = f"nanjingweek.translation_review.{model._meta.label}"
        post_init.connect(_remember_loaded, sender=model, dispatch_uid=f"{uid}.loaded")
        pre_save.connect(_note_changes, sender=model, dispatch_uid=f"{uid}.changes")
        post_save.connect(_make_marks, sender=model, dispatch_uid=f"{uid}.marks")
        post_delete.connect(_forget_marks, sender=model, dispatch_uid=f"{uid}.deleted")


# --- Showing what changed -------------------------------------------------------------------------------------

# Words and punctuation with the spaces after them, so that a changed phrase is one <del>/<ins>, not one per word.
WORDS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def _words(tokens: list[str]) -> list[str]:
    return [token.rstrip() or token for token in tokens]


def word_diff(previous: str, current: str) -> tuple[SafeString, SafeString]:
    """The two English texts as escaped HTML, word by word: what went in ``<del>``, what came in ``<ins>``."""
    old, new = WORDS.findall(previous), WORDS.findall(current)
    before, after = [], []
    # Compared without their trailing spaces: "Wall." and "Wall and" share an unchanged "Wall".
    matcher = difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if tag == "equal":
            before.append(removed)
            after.append(added)
            continue
        if removed:
            before.append(f"<del>{removed}</del>")
        if added:
            after.append(f"<ins>{added}</ins>")
    return mark_safe("".join(before)), mark_safe("".join(after))  # noqa: S308 (every piece escaped above)
