from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from nanjingweek import links
from nanjingweek.languages import language_versions

register = template.Library()


@register.simple_tag
def page_url(viewname):
    """`{% url viewname %}` for a page without arguments, reversed once a language (nanjingweek.links): the frame of
    every page links a dozen of them, and a page the cache does not keep renders its frame on every request."""
    return links.page_url(viewname)


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The page's versions in all languages, for the switcher and the hreflang links."""
    request = context.get("request")
    if request is None:
        return []
    return language_versions(request, get_language())


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """An absolute URL for canonical and alternate links."""
    return context["request"].build_absolute_uri(path)


def _shown_language(obj, field: str, current: str | None = None) -> str | None:
    """The language a translated field is shown in, or None when it is the page's own language (`current`, by
    default the active one)."""
    current = current or get_language()
    if getattr(obj, build_localized_fieldname(field, current), None):
        return None
    for fallback in settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]:
        if getattr(obj, build_localized_fieldname(field, fallback), None):
            return fallback if fallback != current else None
    return None


@register.simple_tag
def lang_attr(obj, field, current=None):
    """` lang="en"` on an element whose text falls back to another language, so screen readers switch voice."""
    language = _shown_language(obj, field, current)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def translated(obj, field, current=None):
    """A translated field's text; wrapped in <span lang="…"> when it falls back to another language. `current`:
    the active language, for callers that know it (a list asks once rather than for every item)."""
    value = getattr(obj, field, "") or ""
    language = _shown_language(obj, field, current)
    if language and value:
        return format_html('<span lang="{}">{}</span>', language, value)
    return value
