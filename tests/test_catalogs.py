"""The German and Chinese catalogs: every entry translated, none fuzzy, placeholders as in the msgid.

A fuzzy or empty entry shows English on a German or Chinese page; a renamed or dropped
placeholder raises KeyError or loses a value at run time. Both are checked here on the
committed .po files, and the checker itself on small catalogs that break each rule.
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = {
    "de": ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po",
    "zh_Hans": ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
}
PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "zh_Hans": "nplurals=1; plural=0;",
}

# printf-style conversions as Python's % operator reads them; "%%" is a literal percent sign.
PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")
NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def python_placeholders(text: str) -> tuple[frozenset[tuple[str, str]], tuple[str, ...]]:
    """Named placeholders as a set of (name, type), unnamed ones as their types in order."""
    named, unnamed = set(), []
    for match in PYTHON_FORMAT.finditer(text):
        kind = match["type"]
        if kind == "%":
            continue
        kind = "d" if kind in "di" else kind  # %i and %d are the same conversion
        if match["name"] is None:
            unnamed.append(kind)
        else:
            named.add((match["name"], kind))
    return frozenset(named), tuple(unnamed)


def describe(placeholders: frozenset[tuple[str, str]]) -> str:
    return ", ".join(sorted(f"%({name}){kind}" for name, kind in placeholders)) or "none"


def singular_only_forms(catalog: Catalog) -> set[int]:
    """Plural forms used for n == 1 and no other number: only there may a count go unsaid."""
    choose = gettext.c2py(catalog.plural_expr)
    numbers_by_form: dict[int, set[int]] = {}
    for number in range(1000):
        numbers_by_form.setdefault(choose(number), set()).add(number)
    return {form for form, numbers in numbers_by_form.items() if numbers == {1}}


def strings_of(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    context = f" (context {message.context!r})" if message.context else ""
    return f"line {message.lineno}: {msgid!r}{context}"


def placeholder_problems(message: Message, singular_forms: set[int]) -> list[str]:
    """Placeholders the code does not pass, or that the translation drops or converts differently.

    In a form used for n == 1 alone (German msgstr[0], never Chinese), one named placeholder of
    msgid_plural may go unsaid: that is the count ("eine Veranstaltung"). Unnamed ones never may,
    since "%d" % 1 needs its conversion.
    """
    problems: list[str] = []
    ids = list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]
    is_plural = len(ids) > 1
    if "python-format" in message.flags or any(NAMED_PLACEHOLDER.search(text) for text in ids):
        # What the code passes: both msgids' names (ngettext gets one mapping for every form).
        offered = frozenset().union(*(python_placeholders(text)[0] for text in ids))
        expected_named, expected_unnamed = python_placeholders(ids[-1])
        for form, translation in enumerate(strings_of(message)):
            where = f"{label(message)}: form {form}"
            named, unnamed = python_placeholders(translation)
            if unnamed != expected_unnamed:
                problems.append(f"{where} has unnamed placeholders {unnamed}, msgid has {expected_unnamed}")
            if named - offered:
                problems.append(f"{where} uses {describe(named - offered)}, which the msgid does not give")
            missing = expected_named - named
            if missing and not (is_plural and form in singular_forms and len(missing) == 1):
                problems.append(f"{where} lacks {describe(missing)}")
    if "python-brace-format" in message.flags:
        expected = sorted(set(BRACE_FORMAT.findall(ids[-1])))
        for form, translation in enumerate(strings_of(message)):
            found = sorted(set(BRACE_FORMAT.findall(translation)))
            if found != expected:
                problems.append(f"{label(message)}: form {form} has fields {found}, msgid has {expected}")
    return problems


def catalog_problems(catalog: Catalog) -> list[str]:
    """Every entry that would show English, or break or lose a value when formatted."""
    singular_forms = singular_only_forms(catalog)
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"{label(message)}: fuzzy (gettext ignores it)")
        strings = strings_of(message)
        if isinstance(message.id, (tuple, list)) and len(strings) != catalog.num_plurals:
            problems.append(f"{label(message)}: {len(strings)} plural forms, the language has {catalog.num_plurals}")
        if not all(strings):
            problems.append(f"{label(message)}: untranslated")
            continue
        problems.extend(placeholder_problems(message, singular_forms))
    return problems


def load(language: str) -> Catalog:
    with CATALOGS[language].open("rb") as po_file:
        return read_po(po_file, locale=language, abort_invalid=True)


def parse(language: str, body: str) -> Catalog:
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"\n\n'
    )
    return read_po(io.StringIO(header + body), locale=language, abort_invalid=True)


# --- The committed catalogs --------------------------------------------------------------------------


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_translates_every_entry_with_its_placeholders(language):
    catalog = load(language)

    assert len([message for message in catalog if message.id]) > 400  # the site's strings, not a stub
    assert catalog_problems(catalog) == []


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_header_names_language_plurals_and_charset(language):
    catalog = load(language)
    headers = dict(catalog.mime_headers)

    assert (headers["Language"], headers["Plural-Forms"]) == (language, PLURAL_FORMS[language])
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert not catalog.fuzzy


def test_catalogs_hold_the_same_entries():
    german, chinese = (load(language) for language in CATALOGS)

    assert {(message.context, str(message.id)) for message in german} == {
        (message.context, str(message.id)) for message in chinese
    }


# --- The checker on catalogs that break one rule each ------------------------------------------------


def test_checker_accepts_a_correct_catalog():
    catalog = parse(
        "de",
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(name)s"\n\n'
        '#, python-format\nmsgid "%d left"\nmsgstr "%d übrig"\n\n'
        'msgid "100%% sure"\nmsgstr "100 %% sicher"\n\n'
        '#, python-brace-format\nmsgid "Copied {copy}"\nmsgstr "{copy} kopiert"\n',
    )

    assert catalog_problems(catalog) == []


def test_checker_reports_untranslated_and_fuzzy_entries():
    catalog = parse(
        "de",
        'msgid "Home"\nmsgstr ""\n\n#, fuzzy\nmsgid "Schedule"\nmsgstr "Zeitplan"\n\n'
        'msgid "%(n)s event"\nmsgid_plural "%(n)s events"\nmsgstr[0] "%(n)s Veranstaltung"\nmsgstr[1] ""\n',
    )

    assert catalog_problems(catalog) == [
        "line 6: 'Home': untranslated",
        "line 10: 'Schedule': fuzzy (gettext ignores it)",
        "line 13: '%(n)s event': untranslated",
    ]


def test_checker_reports_renamed_dropped_and_retyped_placeholders():
    catalog = parse(
        "de",
        '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(nom)s"\n\n'
        '#, python-format\nmsgid "%(date)s at %(time)s"\nmsgstr "am %(date)s"\n\n'
        '#, python-format\nmsgid "%(count)d events"\nmsgstr "%(count)s Veranstaltungen"\n\n'
        '#, python-format\nmsgid "%s of %d"\nmsgstr "%d von %s"\n\n'
        '#, python-brace-format\nmsgid "Copied {copy}"\nmsgstr "{kopie} kopiert"\n',
    )

    problems = catalog_problems(catalog)

    assert [problem.split(":")[0] for problem in problems] == [
        "line 7",
        "line 7",
        "line 11",
        "line 15",
        "line 15",
        "line 19",
        "line 23",
    ]
    assert "uses %(nom)s" in problems[0] and "lacks %(name)s" in problems[1]
    assert "lacks %(time)s" in problems[2]
    assert "uses %(count)s" in problems[3] and "lacks %(count)d" in problems[4]
    assert "unnamed placeholders ('d', 's')" in problems[5]


def test_checker_lets_a_singular_form_omit_the_count_only():
    catalog = parse(
        "de",
        '#, python-format\nmsgid "next day"\nmsgid_plural "%(days)s days later"\n'
        'msgstr[0] "am nächsten Tag"\nmsgstr[1] "%(days)s Tage später"\n\n'
        '#, python-format\nmsgid "%(count)d event in %(city)s"\nmsgid_plural "%(count)d events in %(city)s"\n'
        'msgstr[0] "Eine Veranstaltung"\nmsgstr[1] "%(count)d Veranstaltungen in %(city)s"\n\n'
        '#, python-format\nmsgid "%(days)s day"\nmsgid_plural "%(days)s days"\n'
        'msgstr[0] "%(days)s Tag"\nmsgstr[1] "viele Tage"\n',
    )

    problems = catalog_problems(catalog)

    # Form 0 of the second entry drops the city as well as the count; form 1 of the third drops the count.
    assert [problem.split(":")[0] for problem in problems] == ["line 13", "line 19"]
    assert "form 0 lacks %(city)s, %(count)d" in problems[0]
    assert "form 1 lacks %(days)s" in problems[1]


def test_checker_requires_the_count_in_chinese_whose_one_form_serves_every_number():
    catalog = parse(
        "zh_Hans",
        '#, python-format\nmsgid "next day"\nmsgid_plural "%(days)s days later"\nmsgstr[0] "次日"\n',
    )

    assert catalog_problems(catalog) == ["line 7: 'next day': form 0 lacks %(days)s"]


def test_checker_reports_a_wrong_number_of_plural_forms():
    # Babel refuses such a .po on reading, so the committed files cannot carry one; a catalog built in code can.
    catalog = Catalog(locale="zh_Hans")
    catalog.add(("%(n)s day", "%(n)s days"), ("%(n)s 天", "%(n)s 天"), flags=["python-format"], lineno=9)

    assert catalog_problems(catalog) == ["line 9: '%(n)s day': 2 plural forms, the language has 1"]
