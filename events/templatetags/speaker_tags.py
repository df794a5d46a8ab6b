"""A speaker's name in both scripts: the page language's first, the other beside it with its own `lang`."""

from django import template
from django.utils.html import format_html

from nanjingweek.templatetags.site_tags import translated
from nanjingweek.templatetags.typography import annotated, role_at

register = template.Library()


@register.simple_tag(takes_context=True)
def speaker_name(context, speaker):
    """'Zhang Wei (<span lang="zh-hans">张伟</span>)' on German and English pages, '张伟（<span lang="en">Zhang
    Wei</span>）' on Chinese ones; the name alone where the other script gives none or the same."""
    name = translated(speaker, "name")
    other = speaker.name_in_other_script()
    if other is None:
        return annotated(context, name, "")
    text, language = other
    if not context.autoescape:
        return annotated(context, name, text)
    return annotated(context, name, format_html('<span lang="{}">{}</span>', language, text))


@register.simple_tag(takes_context=True)
def speaker_role(context, speaker, link=False):
    """Role at organization ('Director, Nanjing Museum', “南京博物院院长”), the organization a link if `link`."""
    role = translated(speaker, "role")
    organization = ""
    if speaker.organization is not None:
        organization = translated(speaker.organization, "name")
        if link and context.autoescape:
            organization = format_html('<a href="{}">{}</a>', speaker.organization.get_absolute_url(), organization)
    return role_at(context, role, organization)
