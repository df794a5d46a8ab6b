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
import re
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
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


def compile_catalog(po_path: Path, *, check_only: bool = False) -> tuple[int, int, list[str]]:
    """Compile one catalog; return (translated, total, errors). Nothing is written when there are errors."""
    language = po_path.parent.parent.name
    try:
        text = po_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return 0, 0, [f"{po_path}: not UTF-8: {error}"]
    errors = syntax_errors(po_path, text)
    if errors:
        return 0, 0, errors
    try:
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language, domain=po_path.stem, abort_invalid=True)
    except PoFileError as error:
        return 0, 0, [f"{po_path}: {error}"]
    except (UnknownLocaleError, ValueError) as error:  # a folder name that is no locale
        return 0, 0, [f"{po_path}: {error}"]

    for message, message_errors in catalog.check():
        for error in message_errors:
            line = message.lineno or "?"
            errors.append(f"{po_path}:{line}: msgid {message.id!r}: {error}")
    messages = [message for message in catalog if message.id]
    translated = sum(1 for message in messages if message.string and not message.fuzzy)
    if errors or check_only:
        return translated, len(messages), errors

    mo_path = po_path.with_suffix(".mo")
    tmp_path = mo_path.with_suffix(".mo.tmp")
    with tmp_path.open("wb") as mo_file:
        write_mo(mo_file, catalog, use_fuzzy=False)
    # Read it back with the same module Django uses, so a broken file is caught here and not in production.
    with tmp_path.open("rb") as mo_file:
        gettext.GNUTranslations(mo_file)
    tmp_path.replace(mo_path)
    return translated, len(messages), []


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
            translated, total, errors = compile_catalog(po_path, check_only=check)
            failures.extend(errors)
            relative = display_path(po_path)
            if errors:
                self.stderr.write(f"{relative}: {len(errors)} error(s)")
            else:
                verb = "checked" if check else "compiled"
                self.stdout.write(f"{relative}: {verb}, {translated} of {total} messages translated")
        if failures:
            raise CommandError("Catalogs with errors, nothing written for them:\n" + "\n".join(failures))
