"""The forms' renderer: Django's, with its most used templates written in Python.

Django renders every form field through templates: `field.html`, in it `label.html` (and `attrs.html`), the
errors' `default.html` (also when there are none) and the widget's own. Each costs a tenth to a third of a
millisecond; the attendee page's form of six fields took 5 ms of its 14 (issue 15: the registration rush opens it
once per person). The writers here produce the same bytes (tests/test_form_renderer.py compares them with
Django's templates for every form of the site), from the same context.

A template a project or an app overrides is rendered as the override says: a writer is used only for a name that
resolves to Django's own file.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates

from nanjingweek.widgets import attributes, formatted, options_html, text

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"
INPUTS = ("input", "text", "email", "hidden", "number", "password", "search", "url", "tel", "date", "datetime",
          "time", "color", "checkbox")  # fmt: skip


def input_html(context) -> str:
    widget = context["widget"]
    value = f' value="{formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{attributes(widget["attrs"])}>'


def select_html(context) -> str:
    widget = context["widget"]
    options = options_html(widget["optgroups"])
    return f'<select name="{text(widget["name"])}"{attributes(widget["attrs"])}>{options}\n</select>'


def label_html(context) -> str:
    if not context["use_tag"]:
        return text(context["label"])
    tag = text(context["tag"])
    return f"<{tag}{attributes(context['attrs'] or {})}>{text(context['label'])}</{tag}>"


def error_list_html(context) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    identifier = f' id="{text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{text(error)}</li>" for error in errors)
    return f'<ul class="{text(context["error_class"])}"{identifier}>{items}</ul>'


def field_html(context) -> str:
    field = context["field"]
    if field.use_fieldset:
        describedby = field.aria_describedby
        described = f' aria-describedby="{text(describedby)}"' if describedby else ""
        head = f"\n  <fieldset{described}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        identifier = f' id="{text(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{identifier}>{field.help_text}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_text}\n{text(field.errors)}\n{text(field)}{end}"


WRITERS = {
    **{f"django/forms/widgets/{name}.html": input_html for name in INPUTS},
    "django/forms/widgets/select.html": select_html,
    "django/forms/label.html": label_html,
    "django/forms/errors/list/default.html": error_list_html,
    "django/forms/errors/list/ul.html": error_list_html,
    "django/forms/field.html": field_html,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        writer = self.writers.get(template_name)
        if writer is None:
            return super().render(template_name, context, request)
        return writer(context).strip()

    @cached_property
    def writers(self) -> dict:
        """The writers whose template is Django's own here (no app overrides it), and whose includes are too."""
        own = {name: writer for name, writer in WRITERS.items() if self._is_djangos(name)}
        if not self._is_djangos("django/forms/attrs.html") or not self._is_djangos("django/forms/widgets/attrs.html"):
            return {}
        if not self._is_djangos("django/forms/widgets/input.html"):
            own = {name: writer for name, writer in own.items() if writer is not input_html}
        if not self._is_djangos("django/forms/widgets/select_option.html"):
            own.pop("django/forms/widgets/select.html", None)
        if not self._is_djangos("django/forms/errors/list/ul.html"):
            own.pop("django/forms/errors/list/default.html", None)
        return own

    def _is_djangos(self, template_name: str) -> bool:
        origin = Path(self.get_template(template_name).origin.name)
        return origin.is_relative_to(DJANGO_FORM_TEMPLATES)
