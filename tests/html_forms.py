"""What a browser would post back with a page's main form, for tests that submit forms without a browser."""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "reset", "file", "image"}


class FormFields(HTMLParser):
    """The values a browser would submit with a page's main form (no files): not the logout form in the header."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.done = False
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.select_options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = {key: value if value is not None else "" for key, value in attrs}
        if (
            tag == "form"
            and not self.done
            and attributes.get("method", "").lower() == "post"
            and attributes.get("id") != "logout-form"
        ):
            self.in_form = True
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.add(name, attributes.get("value", "on"))
                return
            self.add(name, attributes.get("value", ""))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attributes)
            self.select_options = []
        elif tag == "option" and self.select is not None:
            self.select_options.append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self.textarea = name
            self.text = []

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "form":
            self.in_form = False
            self.done = True
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [value for value, selected in self.select_options if selected]
            if not chosen and not multiple and self.select_options:
                chosen = [self.select_options[0][0]]
            for value in chosen:
                self.add(name, value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            text = "".join(self.text)
            self.add(self.textarea, text[1:] if text.startswith("\n") else text)
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)


def form_values(html: str, **changes) -> dict[str, list[str] | str]:
    """The page's main form (the first POST form but the logout form) as a browser posts it, `changes` applied."""
    parser = FormFields()
    parser.feed(html)
    data: dict[str, list[str] | str] = {
        name: values if len(values) > 1 else values[0] for name, values in parser.data.items()
    }
    data.update(changes)
    return data
