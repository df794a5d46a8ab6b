"""A person's name in both scripts at the door, in the order the page's language reads it (events.names)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from events.names import has_han, person_name

register = template.Library()


def _part(text: str, css_class: str, language: str):
    # Chinese characters on a page in another language: a screen reader then reads them in Chinese.
    if has_han(text) and not language.startswith("zh"):
        return format_html('<span class="{}" lang="zh-Hans">{}</span>', css_class, text)
    return format_html('<span class="{}">{}</span>', css_class, text)


@register.simple_tag
def person(registration):
    """张伟 Zhang Wei on a Chinese page, Zhang Wei 张伟 on the others: the first one bold, the other beside it."""
    language = get_language() or "en"
    name = person_name(registration.name, registration.name_romanized, language=language)
    first = _part(name.first, "person__name", language)
    if not name.second:
        return first
    return format_html("{} {}", first, _part(name.second, "person__other-script", language))
