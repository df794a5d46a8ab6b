"""The language an API request asks for, and translated fields read in it with English as the fallback."""

from __future__ import annotations

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.languages import browser_language

FALLBACK = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
CODES = tuple(code for code, _name in settings.LANGUAGES)


def requested_language(request) -> str:
    """`?lang=` when it names one of our languages, else the first of Accept-Language we have, else English.
    Unlike the pages, the language cookie plays no part: an API client says what it wants in every request."""
    asked = request.GET.get("lang")
    if asked in CODES:
        return asked
    return browser_language(request) or settings.LANGUAGE_CODE


def translated(obj, fields: tuple[str, ...], language: str) -> dict:
    """Each of `fields` in `language`, an empty one in English instead, with `language` and `fallback` (the
    fields shown in English because `language` has no text for them)."""
    values, fallback = {}, []
    for name in fields:
        value = getattr(obj, build_localized_fieldname(name, language)) or ""
        if not value and language != FALLBACK:
            value = getattr(obj, build_localized_fieldname(name, FALLBACK)) or ""
            if value:
                fallback.append(name)
        values[name] = value
    return {"language": language, "fallback": fallback, **values}
