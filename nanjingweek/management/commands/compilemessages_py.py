"""Compile the gettext catalogs with Babel, so that no machine needs GNU gettext's msgfmt.

Django's own `compilemessages` shells out to msgfmt. This command reads every
`<locale dir>/<language>/LC_MESSAGES/<domain>.po` of the project (LOCALE_PATHS
and each installed app of ours that has a `locale` folder) and writes the `.mo`
beside it, like `msgfmt --check-format` would: fuzzy entries are left out, and a
catalog with a syntax error or a placeholder that does not match its msgid
stops the command with a non-zero exit, naming the file and line.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def project_locale_dirs() -> list[Path]:
    """LOCALE_PATHS plus the `locale` folders of the apps inside the project (never site-packages)."""
    base_dir = Path(settings.BASE_DIR).resolve()
    candidates = [Path(path) for path in settings.LOCALE_PATHS]
    for app_config in apps.get_app_configs():
        app_path = Path(app_config.path).resolve()
        if app_path.is_relative_to(base_dir) and ".venv" not in app_path.parts:
            candidates.append(app_path / "locale")
    seen: list[Path] = []
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_dir() and resolved not in seen:
            seen.append(resolved)
    return seen


def find_catalogs(locale_dirs: list[Path]) -> list[Path]:
    return sorted(po for locale_dir in locale_dirs for po in locale_dir.glob("*/LC_MESSAGES/*.po"))


# One quoted string, with backslash escapes; Babel's reader accepts a missing quote silently, msgfmt does not.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}|{_QUOTED})?\s*$")


def syntax_errors(po_path: Path, text: str) -> list[str]:
    """Lines that are neither a comment, a keyword with one quoted string, nor a continuation string."""
    return [
        f"{po_path}:{number}: not a valid .po line: {line.strip()[:80]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if not _PO_LINE.match(line)
    ]


def display_path(path: Path) -> Path:
    base_dir = Path(settings.BASE_DIR).resolve()
    return path.relative_to(base_dir) if path.is_relative_to(base_dir) else path


# makemessages writes this placeholder; msgfmt lets it through into a .mo that Python's gettext cannot load.
_PLACEHOLDER_PLURAL_FORMS = re.compile(r'^"Plural-Forms:[^"]*INTEGER[^"]*"\n', re.MULTILINE)


class _PoParser(PoFileParser):
    """Babel's strict parser, except for empty plural forms beyond the language's count.

    makemessages writes msgstr[0] and msgstr[1] for every plural message, also for Chinese with its
    single form; msgfmt ignores the empty extra one, and so does this. A non-empty extra form is
    still an error: the translator wrote a form the language does not have.
    """

    def _add_message(self) -> None:
        self.translations = [
            [index, text] for index, text in self.translations if index < self.catalog.num_plurals or text.denormalize()
        ]
        super()._add_message()


def read_catalog(text: str, *, locale: str, domain: str) -> Catalog:
    catalog = Catalog(locale=locale, domain=domain)
    _PoParser(catalog, abort_invalid=True).parse(io.StringIO(text))
    return catalog


@dataclass
class CompiledCatalog:
    translated: int = 0
    total: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def compile_catalog(po_path: Path, *, check_only: bool = False) -> CompiledCatalog:
    """Compile one catalog next to itself. Nothing is written when there are errors, or with check_only."""
    result = CompiledCatalog()
    language = po_path.parent.parent.name
    try:
        text = po_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        result.errors.append(f"{po_path}: not UTF-8: {error}")
        return result
    result.errors = syntax_errors(po_path, text)
    if result.errors:
        return result
    if _PLACEHOLDER_PLURAL_FORMS.search(text):
        text = _PLACEHOLDER_PLURAL_FORMS.sub('""\n', text)  # an empty string keeps the line numbers
        result.notes.append(f"{po_path}: Plural-Forms is makemessages' placeholder; using the rules for {language!r}")
    try:
        catalog = read_catalog(text, locale=language, domain=po_path.stem)
    except PoFileError as error:
        result.errors.append(f"{po_path}: {error}")
        return result
    except (UnknownLocaleError, ValueError) as error:  # a folder name that is no locale, a bad header value
        result.errors.append(f"{po_path}: {error}")
        return result

    for message, message_errors in catalog.check():
        for error in message_errors:
            result.errors.append(f"{po_path}:{message.lineno or '?'}: msgid {message.id!r}: {error}")
    messages = [message for message in catalog if message.id]
    result.total = len(messages)
    result.translated = sum(1 for message in messages if message.string and not message.fuzzy)

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    try:
        # Load it as Django will (this parses the plural formula too): a broken file fails here, not in production.
        gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))
    except (OSError, ValueError, SyntaxError) as error:
        result.errors.append(f"{po_path}: the compiled catalog does not load: {error}")
    if not result.errors and not check_only:
        mo_path = po_path.with_suffix(".mo")
        tmp_path = mo_path.with_suffix(".mo.tmp")
        tmp_path.write_bytes(buffer.getvalue())
        tmp_path.replace(mo_path)  # atomic: a running server never reads half a file
    return result


class Command(BaseCommand):
    help = "Compile the project's .po catalogs into .mo files with Babel (no GNU gettext needed)."
    # Compiling catalogs must not depend on the rest of the project being importable (URLs, models).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check that every catalog would compile; write nothing.",
        )

    def handle(self, *args, check: bool = False, **options):
        catalogs = find_catalogs(project_locale_dirs())
        if not catalogs:
            self.stdout.write("No .po catalogs in the project yet; nothing to compile.")
            return

        failures: list[str] = []
        for po_path in catalogs:
            result = compile_catalog(po_path, check_only=check)
            failures.extend(result.errors)
            for note in result.notes:
                self.stderr.write(f"note: {note}")
            if result.errors:
                self.stderr.write(f"{display_path(po_path)}: {len(result.errors)} error(s)")
            else:
                verb = "checked" if check else "compiled"
                self.stdout.write(
                    f"{display_path(po_path)}: {verb}, {result.translated} of {result.total} messages translated"
                )
        if failures:
            raise CommandError("Catalogs with errors, nothing written for them:\n" + "\n".join(failures))
