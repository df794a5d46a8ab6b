"""Form widgets that write their HTML in Python instead of through a template per option.

Django's `Select` renders `select.html`, which includes `select_option.html` (and `attrs.html` in it) once per
option. The country list has some 250 options: written so, it took 4 ms of the attendee page's 20, which every
person in a registration rush opens (issue 15), and of the registration form.

`Select` here writes the same bytes as Django's templates (tests/test_widgets.py compares them). Given
`options_depend_on`, a function naming all the options depend on (`get_language`, for names read in the page's
language), it writes the options once per value of it and process, and then only marks the selected one.
"""

import html

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def text(value) -> str:
    """As `{{ value }}` writes it: localized (a number), escaped unless marked safe."""
    return conditional_escape(localize(value))


def formatted(value) -> str:
    """As `{{ value|stringformat:'s' }}` writes it: made a plain string, then always escaped."""
    return html.escape(str(value))  # Django's escape(), without its check for lazy strings


def attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"` each, a True value as the bare name, False left out."""
    return "".join(
        f" {text(name)}" if value is True else f' {text(name)}="{formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def options_html(optgroups) -> str:
    """The options of select.html, from ChoiceWidget.optgroups()."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.extend(
            f'\n  <option value="{formatted(option["value"])}"{attributes(option["attrs"])}>'
            f"{text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


class Select(forms.Select):
    def __init__(self, attrs=None, choices=(), *, options_depend_on=None):
        super().__init__(attrs, choices)
        self.options_depend_on = options_depend_on
        # Options written, by the value of options_depend_on: (HTML with nothing selected, first choice empty).
        # Shared with the copies every form makes of its fields (ChoiceWidget.__deepcopy__ is shallow for it).
        self._written: dict = {}

    def render(self, name, value, attrs=None, renderer=None):
        if self.options_depend_on is None or self.allow_multiple_selected:
            widget = self.get_context(name, value, attrs)["widget"]
            options = options_html(widget["optgroups"])
        else:
            # Widget's context, not ChoiceWidget's: that would build every option again.
            widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
            options = self._selected(self._options()[0], widget["value"])
        return mark_safe(f'<select name="{text(widget["name"])}"{attributes(widget["attrs"])}>{options}\n</select>')

    def use_required_attribute(self, initial):
        if self.options_depend_on is None or self.allow_multiple_selected:
            return super().use_required_attribute(initial)
        return forms.Widget.use_required_attribute(self, initial) and self._options()[1]

    def _options(self) -> tuple[str, bool]:
        key = self.options_depend_on()
        written = self._written.get(key)
        if written is None:
            first = next(iter(self.choices), None)
            written = self._written[key] = (
                options_html(self.optgroups("", [])),
                first is not None and self._choice_has_empty_value(first),
            )
        return written

    @staticmethod
    def _selected(options: str, values: list[str]) -> str:
        """The first option whose value is among `values` marked selected, as ChoiceWidget.optgroups marks it."""
        found = [
            (at, marker)
            for marker in (f'<option value="{formatted(value)}">' for value in values)
            if (at := options.find(marker)) >= 0
        ]
        if not found:
            return options
        at, marker = min(found)
        return f"{options[:at]}{marker[:-1]} selected>{options[at + len(marker) :]}"
