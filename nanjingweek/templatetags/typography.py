"""Template tags for composed text (``nanjingweek/typography.py``), built into every template (settings.TEMPLATES).

Values are escaped before they are joined, so a tag's output is safe HTML on pages and HTML e-mails; where
autoescaping is off (plain-text e-mails) the same tags give plain text.

    {% quoted edition.theme %}                  “…” / „…“ / “…”
    {% labelled _("Theme") event.theme %}       Theme: … / Thema: … / 主题：…
    {% annotated name name_romanized %}         张伟 (Zhang Wei) / 张伟（Zhang Wei）
    {% bracketed _("extension") %}              (extension) / （延展）
    {% for city in cities %}…{{ forloop|list_separator }}{% endfor %}     A, B and C / A、B和C
    {{ names|joined }}                          the same for a list of strings
    {% date_range run.first_day run.last_day %} 1–30 November 2025 / 2025年11月1日至30日
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from nanjingweek import typography

register = template.Library()


def compose(context, function, *parts) -> str:
    """`function(*parts)` with every part escaped first when the template escapes; the result is then safe."""
    if not context.autoescape:
        return function(*(str(part) for part in parts))
    return mark_safe(function(*(conditional_escape(part) for part in parts)))  # noqa: S308 - parts escaped


@register.simple_tag(takes_context=True)
def quoted(context, text):
    return compose(context, typography.quoted, text) if text else ""


@register.simple_tag(takes_context=True)
def bracketed(context, text):
    return compose(context, typography.bracketed, text) if text else ""


@register.simple_tag(takes_context=True)
def annotated(context, text, note):
    """`text (note)`, or just the text when there is no note."""
    if not note:
        return compose(context, str, text)
    return compose(context, typography.annotated, text, note)


@register.simple_tag(takes_context=True)
def labelled(context, label, value):
    return compose(context, typography.labelled, label, value)


@register.simple_tag(takes_context=True)
def role_at(context, role, organization):
    return compose(context, typography.role_at, role or "", organization or "")


@register.filter
def list_separator(forloop):
    """The separator after the current item of a ``{% for %}`` loop that writes a list; nothing after the last."""
    count = forloop["counter"] + forloop["revcounter"] - 1
    return typography.list_separator(forloop["counter"], count)


@register.filter(needs_autoescape=True)
def joined(items, autoescape=True):
    items = [conditional_escape(item) if autoescape else str(item) for item in items if item]
    text = typography.joined(items)
    return mark_safe(text) if autoescape else text  # noqa: S308 - items escaped


@register.simple_tag
def date_range(first, last):
    return typography.date_range(first, last) if first and last else ""
