"""The schedule page's links to the conference-app formats (events/conference_schedule.py)."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nanjingweek import typography

register = template.Library()


@register.simple_tag
def conference_app_links(edition) -> str:
    """ "For conference apps: XML · JSON", linking `edition`'s schedule in the page's language."""
    query = urlencode({"edition": edition.slug, "lang": get_language()})
    links = format_html(
        '<a href="{}?{}" type="application/xml">XML</a> · <a href="{}?{}" type="application/json">JSON</a>',
        reverse("schedule_xml"),
        query,
        reverse("schedule_json"),
        query,
    )
    # The label is escaped and the links are safe HTML: the composed text is too.
    return mark_safe(typography.labelled(conditional_escape(_("For conference apps")), links))  # noqa: S308
