"""A registrant's name in both scripts (events/names.py), for pages, e-mails and the admin."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from events.names import has_han, person_name
from nanjingweek.templatetags.typography import annotated

register = template.Library()


@register.simple_tag(takes_context=True, name="person_name")
def person_name_tag(context, name, romanized=""):
    """'Zhang Wei (<span lang="zh-Hans">张伟</span>)' on German and English pages, '张伟（Zhang Wei）' on Chinese
    ones; a name given in one script only, once. Characters on a page in another language carry their `lang`,
    so that screen readers read them in Chinese."""
    language = get_language() or "en"
    both = person_name(name, romanized, language=language)
    second = both.second
    if second and context.autoescape and has_han(second) and not language.startswith("zh"):
        second = format_html('<span lang="zh-Hans">{}</span>', second)
    return annotated(context, both.first, second)
