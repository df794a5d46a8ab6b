from django import template
from django.utils.translation import get_language

from nanjingweek.languages import language_versions

register = template.Library()


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
