"""Three languages: the redirect from `/`, the `lang` attribute, hreflang links, the switcher, the catalogs."""

import gettext
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import to_locale

from nanjingweek.management.commands import compilemessages_py
from tests.factories import make_event

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["en", "de", "zh-hans"]
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("de", "/de/"),
        ("de-DE,de;q=0.9,en;q=0.8", "/de/"),
        ("de-AT", "/de/"),
        ("zh", "/zh-hans/"),
        ("zh-CN", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("zh-SG", "/zh-hans/"),
        ("zh-TW", "/zh-hans/"),
        ("zh-HK", "/zh-hans/"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("en-GB", "/en/"),
        ("fr", "/en/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("xx-unknown", "/en/"),
        ("*", "/en/"),
        (None, "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_prefers_the_first_supported_language_in_order(client):
    response = client.get("/", headers={"Accept-Language": "fr;q=1.0,zh-CN;q=0.8,de;q=0.5"})

    assert response["Location"] == "/zh-hans/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_declares_its_language(client, parse_html, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert parse_html(response.content).find("html").attrs["lang"] == language
    assert response["Content-Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_link_every_language_version_with_absolute_urls(client, parse_html, language):
    document = parse_html(client.get(f"/{language}/privacy/").content)

    alternates = {link.attrs["hreflang"]: link.attrs["href"] for link in document.find_all("link", rel="alternate")}

    assert alternates == {
        "en": "http://testserver/en/privacy/",
        "de": "http://testserver/de/privacy/",
        "zh-hans": "http://testserver/zh-hans/privacy/",
        "x-default": "http://testserver/en/privacy/",
    }


def language_switcher(document) -> dict[str, str]:
    """Where each link of the switcher leads, by language: through the view that remembers the choice."""
    pages = {}
    for link in document.find("nav", class_="language-switcher").find_all("a"):
        href = urlsplit(link.attrs["href"])
        language = link.attrs["hreflang"]
        assert (href.path, link.attrs["rel"]) == (f"/language/{language}/", "nofollow")
        pages[language] = parse_qs(href.query)["next"][0]
    return pages


def test_language_switcher_keeps_the_page(client, parse_html):
    document = parse_html(client.get("/de/privacy/").content)

    assert language_switcher(document) == {
        "en": "/en/privacy/",
        "de": "/de/privacy/",
        "zh-hans": "/zh-hans/privacy/",
    }


def test_language_switcher_keeps_the_query_string(client, parse_html):
    document = parse_html(client.get("/en/privacy/?city=leipzig&kind=forum").content)

    assert language_switcher(document) == {
        "en": "/en/privacy/?city=leipzig&kind=forum",
        "de": "/de/privacy/?city=leipzig&kind=forum",
        "zh-hans": "/zh-hans/privacy/?city=leipzig&kind=forum",
    }
    # The page's own query string is one parameter of the switcher's link, not mixed into its query.
    german = document.find("nav", class_="language-switcher").find("a", hreflang="de")
    assert german.attrs["href"] == "/language/de/?next=%2Fde%2Fprivacy%2F%3Fcity%3Dleipzig%26kind%3Dforum"


def test_language_switcher_names_each_language_in_itself_and_marks_the_current_one(client, parse_html):
    switcher = parse_html(client.get("/zh-hans/").content).find("nav", class_="language-switcher")

    links = [(link.attrs["lang"], link.text, link.attrs.get("aria-current")) for link in switcher.find_all("a")]

    assert links == [("en", "English", None), ("de", "Deutsch", None), ("zh-hans", "简体中文", "true")]


def test_language_switcher_on_a_missing_page_keeps_the_path(client, parse_html):
    response = client.get("/de/no-such-page/?q=1")

    assert response.status_code == 404
    assert language_switcher(parse_html(response.content))["zh-hans"] == "/zh-hans/no-such-page/?q=1"


# --- The visitor's choice is remembered ----------------------------------------------------------------


def choose_in_switcher(client, parse_html, path: str, language: str):
    """Follow the switcher's link to ``language`` on ``path``, as a visitor without JavaScript would."""
    switcher = parse_html(client.get(path).content).find("nav", class_="language-switcher")
    return client.get(switcher.find("a", hreflang=language).attrs["href"], follow=True)


def test_language_chosen_on_an_event_page_is_where_root_leads_next_time(client, parse_html):
    event = make_event(title_en="Evening Talk", title_de="Abendgespräch")

    response = choose_in_switcher(client, parse_html, f"/en/events/{event.slug}/?tz=Asia/Shanghai", "de")

    assert response.redirect_chain == [(f"/de/events/{event.slug}/?tz=Asia/Shanghai", 302)]
    assert parse_html(response.content).find("html").attrs["lang"] == "de"
    # The browser still says English; the visitor's own choice wins.
    root = client.get("/", headers={"Accept-Language": "en"})
    assert (root.status_code, root["Location"]) == (302, "/de/")
    assert "Cookie" in root["Vary"]  # a cache must not give this redirect to another visitor


def test_language_choice_sets_djangos_language_cookie_for_a_year_and_lax(client, settings):
    response = client.get("/language/zh-hans/?next=/zh-hans/privacy/")

    assert (response.status_code, response["Location"]) == (302, "/zh-hans/privacy/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hans"
    assert (cookie["max-age"], cookie["path"], cookie["samesite"]) == (365 * 24 * 60 * 60, "/", "Lax")
    assert "no-cache" in response["Cache-Control"]


def test_first_visit_without_a_choice_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})

    assert response["Location"] == "/de/"
    assert client.cookies.get("django_language") is None


def test_a_later_choice_replaces_the_earlier_one(client):
    client.get("/language/de/?next=/de/")
    client.get("/language/en/?next=/en/")

    assert client.get("/", headers={"Accept-Language": "de"})["Location"] == "/en/"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/de/",
        "http://evil.example@testserver.example/",
        "javascript:alert(1)",
        "/\\evil.example/",
        "",
    ],
)
def test_language_choice_never_leads_off_the_site(client, next_url):
    response = client.get("/language/de/", {"next": next_url})

    assert (response.status_code, response["Location"]) == (302, "/de/")
    assert response.cookies["django_language"].value == "de"


def test_language_choice_without_next_leads_to_that_languages_home(client):
    assert client.get("/language/zh-hans/")["Location"] == "/zh-hans/"


@pytest.mark.parametrize("code", ["fr", "zh", "DE", "zh-Hans", "xx"])
def test_language_choice_of_an_unknown_language_is_not_found_and_remembers_nothing(client, code):
    response = client.get(f"/language/{code}/?next=/en/")

    assert response.status_code == 404
    assert "django_language" not in response.cookies


def test_hreflang_links_point_at_the_pages_not_the_switcher(client, parse_html):
    head = parse_html(client.get("/de/privacy/").content).find("head")

    assert all("/language/" not in link.attrs["href"] for link in head.find_all("link", rel="alternate"))


def test_robots_txt_keeps_crawlers_off_the_switchers_links(client):
    assert "Disallow: /language/" in client.get("/robots.txt").content.decode().splitlines()


# --- Catalogs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_catalog_is_compiled_for_language(language):
    # A missing .mo means an untranslated site, not a skipped test.
    mo_file = ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.mo"

    assert mo_file.exists(), f"{mo_file.relative_to(ROOT)} is missing: write the .po and run ./dev compilemessages"


def header_strings(document) -> dict[str, str]:
    """The texts every page shows around its content, wherever the page is."""
    return {
        "title": document.find("title").text,
        "skip link": document.find("a", class_="skip-link").text,
        "main navigation label": document.find("nav", class_="site-nav").attrs["aria-label"],
        "language navigation label": document.find("nav", class_="language-switcher").attrs["aria-label"],
        "description": document.find("meta", name="description").attrs["content"],
        "footer": document.find("footer").text,
    }


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_home_is_translated(client, parse_html, language):
    english = header_strings(parse_html(client.get("/en/").content))
    translated = header_strings(parse_html(client.get(f"/{language}/").content))

    untranslated = {name: text for name, text in translated.items() if text == english[name]}
    assert untranslated == {}, f"shown in English on /{language}/"
    if language == "zh-hans":
        assert {name: text for name, text in translated.items() if not CJK.search(text)} == {}


@pytest.mark.parametrize(
    ("language", "skip_link", "site_name", "privacy"),
    [
        ("en", "Skip to content", "China Nanjing Week", "Privacy notice"),
        ("de", "Zum Inhalt springen", "China-Nanjing-Woche", "Datenschutzhinweise"),
        ("zh-hans", "跳至正文", "中国南京周", "隐私声明"),
    ],
)
def test_home_speaks_the_language_of_its_prefix(client, parse_html, language, skip_link, site_name, privacy):
    document = parse_html(client.get(f"/{language}/").content)

    assert document.find("a", class_="skip-link").text == skip_link
    assert document.find("a", class_="site-name").text.startswith(site_name)
    assert document.find("footer").find("a", href=f"/{language}/privacy/").text == privacy


# --- compilemessages_py (Babel instead of GNU gettext) -----------------------------------------------

PO_HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def write_po(folder: Path, body: str, language: str = "de") -> Path:
    po_file = folder / language / "LC_MESSAGES" / "django.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_text(PO_HEADER + body, encoding="utf-8")
    return po_file


def test_compilemessages_writes_a_catalog_gettext_reads(tmp_path):
    po_file = write_po(
        tmp_path,
        'msgid "Home"\nmsgstr "Startseite"\n\n'
        '#, python-format\nmsgid "%(count)s event"\nmsgid_plural "%(count)s events"\n'
        'msgstr[0] "%(count)s Veranstaltung"\nmsgstr[1] "%(count)s Veranstaltungen"\n\n'
        '#, fuzzy\nmsgid "Schedule"\nmsgstr "Zeitplan?"\n',
    )

    result = compilemessages_py.compile_catalog(po_file)

    assert (result.translated, result.total, result.errors) == (2, 3, [])

    with po_file.with_suffix(".mo").open("rb") as mo_file:
        catalog = gettext.GNUTranslations(mo_file)
    assert catalog.gettext("Home") == "Startseite"
    assert catalog.ngettext("%(count)s event", "%(count)s events", 3) == "%(count)s Veranstaltungen"
    assert catalog.gettext("Schedule") == "Schedule"  # fuzzy entries are left out, as msgfmt does


def test_compilemessages_rejects_a_placeholder_the_msgid_lacks(tmp_path):
    po_file = write_po(tmp_path, '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(nom)s"\n')

    errors = compilemessages_py.compile_catalog(po_file).errors

    assert errors == [f"{po_file}:7: msgid 'Hello %(name)s': unknown named placeholder 'nom'"]
    assert not po_file.with_suffix(".mo").exists()


def test_compilemessages_rejects_a_syntax_error(tmp_path):
    po_file = write_po(tmp_path, 'msgid "Home"\nmsgstr "Startseite\n')

    assert compilemessages_py.compile_catalog(po_file).errors == [
        f'{po_file}:7: not a valid .po line: msgstr "Startseite'
    ]
    assert not po_file.with_suffix(".mo").exists()


def test_compilemessages_replaces_the_makemessages_plural_placeholder(tmp_path):
    # msgfmt accepts this header and writes a .mo that Python's gettext then refuses to load.
    po_file = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        '#, python-format\nmsgid "%(count)s event"\nmsgid_plural "%(count)s events"\nmsgstr[0] "%(count)s 场活动"\n',
        encoding="utf-8",
    )

    result = compilemessages_py.compile_catalog(po_file)

    assert result.errors == []
    assert "placeholder" in result.notes[0]
    with po_file.with_suffix(".mo").open("rb") as mo_file:
        assert gettext.GNUTranslations(mo_file).ngettext("%(count)s event", "%(count)s events", 5) == "%(count)s 场活动"


def test_compilemessages_command_fails_on_a_broken_catalog(tmp_path, monkeypatch):
    write_po(tmp_path, '#, python-format\nmsgid "%(n)s left"\nmsgstr "%(m)s übrig"\n')
    monkeypatch.setattr(compilemessages_py, "project_locale_dirs", lambda: [tmp_path])

    with pytest.raises(CommandError, match="nothing written"):
        call_command("compilemessages_py")


def test_compilemessages_command_succeeds_without_catalogs(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(compilemessages_py, "project_locale_dirs", lambda: [tmp_path])

    call_command("compilemessages_py")

    assert "nothing to compile" in capsys.readouterr().out


def test_compilemessages_check_writes_nothing(tmp_path, monkeypatch):
    po_file = write_po(tmp_path, 'msgid "Home"\nmsgstr "Startseite"\n', language="zh_Hans")
    monkeypatch.setattr(compilemessages_py, "project_locale_dirs", lambda: [tmp_path])

    call_command("compilemessages_py", "--check")

    assert not po_file.with_suffix(".mo").exists()


def test_compilemessages_ignores_empty_extra_plural_forms_but_not_filled_ones(tmp_path):
    header = PO_HEADER.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;")
    plural = (
        '#, python-format\nmsgid "%(count)s event"\nmsgid_plural "%(count)s events"\nmsgstr[0] "%(count)s 场活动"\n'
    )
    empty_extra = tmp_path / "empty"
    filled_extra = tmp_path / "filled"
    for folder, extra in ((empty_extra, ""), (filled_extra, "%(count)s 场")):
        po_file = write_po(folder, "", language="zh_Hans")
        po_file.write_text(header + plural + f'msgstr[1] "{extra}"\n', encoding="utf-8")

    assert compilemessages_py.compile_catalog(empty_extra / "zh_Hans/LC_MESSAGES/django.po").errors == []
    assert compilemessages_py.compile_catalog(filled_extra / "zh_Hans/LC_MESSAGES/django.po").errors != []
