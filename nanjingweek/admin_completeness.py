"""Translation completeness in the admin: which objects lack German or Chinese, as a list column and a filter.

An object "lacks" a language when one of its translated fields has English text and no text in that
language. English is always there (it is required), so only German and Chinese can be missing. The list
column reads the loaded object; the list filter is one database query over the ``_de`` / ``_zh_hans``
columns, so it works on thousands of objects without loading them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.typography import joined

COMPLETE = "complete"


def translated_fields(model: type[Model]) -> list[str]:
    """The model's translated fields as modeltranslation knows them (``title``, ``summary`` …)."""
    return list(translator.get_options_for_model(model).all_fields)


def other_languages() -> list[str]:
    """The languages that fall back to the default one and can therefore be missing: de, zh-hans."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != mt_settings.DEFAULT_LANGUAGE]


def language_columns(*fields: str) -> list[str]:
    """Each field in every language: ``("title",)`` → ``["title_en", "title_de", "title_zh_hans"]``.

    Lookups through relations work too: ``"venue__name"`` → ``"venue__name_en"`` …
    """
    return [build_localized_fieldname(field, code) for field in fields for code in mt_settings.AVAILABLE_LANGUAGES]


def _has_text(column: str) -> Q:
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


def _lacks_text(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_translation_q(model: type[Model], language: str) -> Q:
    """Objects lacking ``language``: some translated field has English text and none (NULL or "") in it."""
    default = mt_settings.DEFAULT_LANGUAGE
    conditions = [
        _has_text(build_localized_fieldname(field, default)) & _lacks_text(build_localized_fieldname(field, language))
        for field in translated_fields(model)
    ]
    return reduce(or_, conditions)


def missing_any_translation_q(model: type[Model]) -> Q:
    """Objects lacking at least one of the languages; ``exclude()`` it for the complete ones."""
    return reduce(or_, (missing_translation_q(model, language) for language in other_languages()))


def missing_languages(obj: Model) -> list[str]:
    """The language codes ``obj`` lacks, by the same rule as `missing_translation_q`, from its loaded fields."""
    default = mt_settings.DEFAULT_LANGUAGE
    fields = translated_fields(type(obj))
    missing = []
    for language in other_languages():
        for field in fields:
            if getattr(obj, build_localized_fieldname(field, default)) and not getattr(
                obj, build_localized_fieldname(field, language)
            ):
                missing.append(language)
                break
    return missing


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Missing translation: German / Simplified Chinese / complete", as one query over the language columns."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        choices = [(code, language_name(code)) for code in other_languages()]
        return [*choices, (COMPLETE, _("Complete"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == COMPLETE:
            return queryset.exclude(missing_any_translation_q(queryset.model))
        if value in other_languages():
            return queryset.filter(missing_translation_q(queryset.model, value))
        return queryset


class TranslationCompletenessMixin:
    """The "Missing translations" column: "German and Simplified Chinese" (in the admin's language), or ✓."""

    @admin.display(description=_("Missing translations"))
    def missing_translations(self, obj: Model) -> str:
        return joined(language_name(code) for code in missing_languages(obj)) or "✓"
