"""Text the site composes reads as the language writes it: Chinese punctuation next to Chinese, German quotes
around German, zone names instead of IANA IDs, the second clock with its day shift.

The page checks read what a visitor reads: text nodes and the attributes a browser shows or reads aloud
(title, alt, aria-label, placeholder) and the descriptions link previews show. Fragments marked with another
language (``lang="en"``, ``lang="de"``), code, URLs and option values are not Chinese text and are skipped.
A new template that types ", " or "(" next to Chinese fails here, whichever page it is on.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template import Context
from django.test import Client, override_settings
from django.utils import timezone, translation

from events import emails
from events.demo import content
from events.models import Event, Message, Notification, Registration
from events.templatetags.event_tags import second_clock, when
from events.timezones import zone_name
from nanjingweek import typography
from nanjingweek.locales import format_compact_money, format_count, format_money
from tests.test_demo_pages import add_varied_events, public_pages

Status = Registration.Status

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
ASCII_MARKS = r"[,:;()!?]"
# An ASCII mark directly before or after a Han character: "南京, 慕尼黑" has ", " after 京; "(延展)" both.
HAN_NEXT_TO_ASCII = re.compile(rf"{HAN}{ASCII_MARKS}|{ASCII_MARKS}{HAN}")
# German opens quotes with „: an English opening quote before a word is the English template showing through.
ENGLISH_OPENING_QUOTE = re.compile(r"(?:^|[\s(\[/–—-])“(?=\w)")
URL = re.compile(r"\b(?:https?|webcal|mailto):\S+|\bwww\.\S+")
# Zone IDs a visitor could meet: those of the demo's cities and of the second clock's list.
ZONE_ID = re.compile(r"\b(?:Europe|Asia|America|Africa|Australia|Pacific|Atlantic|Indian|Etc)/[A-Za-z_]+")

BLOCKS = {
    *"address article aside blockquote body br button caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol optgroup option p section select "
    "summary table tbody td th thead title tr ul".split(),
}
SKIPPED = {"script", "style", "code", "kbd", "samp", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
PREVIEW_METAS = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}


class ReadText(HTMLParser):
    """The text a reader meets, cut into runs of one language; other-language fragments become a neutral mark.

    `runs` holds (language, text) pairs: the running text of each language, with "§" where a fragment in
    another language or a code stood (so that "张伟（<span lang=en>Zhang</span>）" reads "张伟（§）").
    """

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = [("", language, False)]
        self.texts: dict[str, list[str]] = {}
        self.attributes: list[tuple[str, str]] = []

    @property
    def language(self) -> str:
        return self.stack[-1][1]

    @property
    def skipping(self) -> bool:
        return self.stack[-1][2]

    def _write(self, language: str, text: str) -> None:
        self.texts.setdefault(language, []).append(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = (attributes.get("lang") or self.language).lower()
        skipping = self.skipping or tag in SKIPPED
        if tag in BLOCKS:
            for texts in self.texts.values():
                texts.append("\n")
        if language != self.language and not self.skipping:
            # Where the other language's fragment stands, the surrounding text has a neutral mark.
            self._write(self.language, "§")
        if tag == "code" and not self.skipping:
            self._write(self.language, "§")
        if not skipping:
            for name in SHOWN_ATTRIBUTES:
                if attributes.get(name):
                    self.attributes.append((language, attributes[name]))
            if tag == "meta" and (attributes.get("name") or attributes.get("property")) in PREVIEW_METAS:
                self.attributes.append((language, attributes.get("content") or ""))
        if tag not in VOID:
            self.stack.append((tag, language, skipping))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in BLOCKS:
            for texts in self.texts.values():
                texts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self._write(self.language, URL.sub("§", data))

    def text_in(self, prefix: str) -> list[str]:
        """Lines of running text and shown attributes in languages starting with `prefix`."""
        lines = []
        for language, texts in self.texts.items():
            if language.startswith(prefix):
                lines += [line for line in re.split(r"\n+", "".join(texts)) if line.strip()]
        lines += [URL.sub("§", value) for language, value in self.attributes if language.startswith(prefix)]
        return lines


def read(html: str, language: str) -> ReadText:
    reader = ReadText(language)
    reader.feed(html)
    reader.close()
    return reader


def chinese_problems(html: str) -> list[str]:
    return [
        f"…{line[max(0, match.start() - 20) : match.end() + 20]}…"
        for line in read(html, "zh-hans").text_in("zh")
        for match in HAN_NEXT_TO_ASCII.finditer(line)
    ]


def german_problems(html: str) -> list[str]:
    return [
        f"…{line[max(0, match.start() - 20) : match.end() + 30]}…"
        for line in read(html, "de").text_in("de")
        for match in ENGLISH_OPENING_QUOTE.finditer(line)
    ]


def zone_id_problems(html: str, language: str) -> list[str]:
    reader = read(html, language)
    lines = [line for prefix in ("en", "de", "zh") for line in reader.text_in(prefix)]
    return [match.group() for line in lines for match in ZONE_ID.finditer(line)]


# --- The checks themselves catch what they are for --------------------------------------------------------


def test_chinese_check_catches_ascii_punctuation_next_to_han_and_spares_other_languages():
    assert chinese_problems("<p>南京, 慕尼黑</p>") != []
    assert chinese_problems("<p>展览 <strong>(延展)</strong></p>") != []
    assert chinese_problems("<p><a>南京</a>, <a>莱比锡</a></p>") != []
    assert chinese_problems('<p title="日程: 2025">x</p>') != []
    assert chinese_problems("<p>南京、慕尼黑和斯图加特（延展）：</p>") == []
    assert chinese_problems('<p>张伟 <span lang="en">(Zhang Wei)</span></p>') == []
    assert chinese_problems("<p>票号：<code>K7QX-M2PD</code></p>") == []
    assert chinese_problems("<p>见 https://example.org/a,b</p>") == []


def test_german_check_catches_english_opening_quotes_only():
    assert german_problems("<p>Das Motto “Gemeinsames Erbe”</p>") != []
    assert german_problems("<p>Das Motto „Gemeinsames Erbe“ gilt.</p>") == []
    assert german_problems('<p>Motto: <q lang="en">“Common Heritage”</q></p>') == []


def test_zone_id_check_reads_text_and_titles_but_not_option_values():
    assert zone_id_problems("<p>Europe/Berlin</p>", "en") == ["Europe/Berlin"]
    assert zone_id_problems('<abbr title="Asia/Shanghai">CST</abbr>', "en") == ["Asia/Shanghai"]
    assert zone_id_problems('<option value="Asia/Shanghai">China Standard Time</option>', "en") == []


# --- The helpers, one language at a time ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["“Motto”", "Theme: Heritage", "Nanjing, Munich and Stuttgart", "Zhang Wei (张伟)", "(extension)"]),
        ("de", ["„Motto“", "Theme: Heritage", "Nanjing, Munich und Stuttgart", "Zhang Wei (张伟)", "(extension)"]),
        ("zh-hans", ["“Motto”", "Theme：Heritage", "Nanjing、Munich和Stuttgart", "Zhang Wei（张伟）", "（extension）"]),
    ],
)
def test_composed_text_follows_the_language(language, expected):
    with translation.override(language):
        assert [
            typography.quoted("Motto"),
            typography.labelled("Theme", "Heritage"),
            typography.joined(["Nanjing", "Munich", "Stuttgart"]),
            typography.annotated("Zhang Wei", "张伟"),
            typography.bracketed("extension"),
        ] == expected


@pytest.mark.parametrize(
    ("language", "separators"),
    [("en", [", ", " and ", ""]), ("de", [", ", " und ", ""]), ("zh-hans", ["、", "和", ""])],
)
def test_list_separators_follow_the_language(language, separators):
    with translation.override(language):
        assert [typography.list_separator(position, 3) for position in (1, 2, 3)] == separators
        assert typography.list_separator(1, 2) == separators[1]


@pytest.mark.parametrize(
    ("language", "same_month", "across_months", "across_years"),
    [
        # CLDR sets the dash between two dates in thin spaces (U+2009).
        (
            "en",
            "1–30 November 2025",
            "7 November\u2009–\u20093 December 2025",
            "30 December 2025\u2009–\u20092 January 2026",
        ),
        (
            "de",
            "1.–30. November 2025",
            "7. November\u2009–\u20093. Dezember 2025",
            "30. Dezember 2025\u2009–\u20092. Januar 2026",
        ),
        ("zh-hans", "2025年11月1日至30日", "2025年11月7日至12月3日", "2025年12月30日至2026年1月2日"),
    ],
)
def test_date_ranges_are_written_as_cldr_writes_them_with_full_month_names(
    language, same_month, across_months, across_years
):
    with translation.override(language):
        assert typography.date_range(date(2025, 11, 1), date(2025, 11, 30)) == same_month
        assert typography.date_range(date(2025, 11, 7), date(2025, 12, 3)) == across_months
        assert typography.date_range(date(2025, 12, 30), date(2026, 1, 2)) == across_years
        assert typography.date_range(date(2025, 11, 7), date(2025, 11, 7)) == typography.long_date(date(2025, 11, 7))


@pytest.mark.parametrize(
    ("language", "usd", "cny", "count"),
    [
        ("en", "US$2.2 billion", "CN¥44 billion", "309"),
        # A no-break space keeps the number with its unit.
        ("de", "2,2\xa0Mrd. US-Dollar", "44\xa0Mrd. Renminbi Yuan", "309"),
        ("zh-hans", "22亿美元", "440亿人民币", "309个"),
    ],
)
def test_figures_read_as_people_say_them(language, usd, cny, count):
    with translation.override(language):
        assert format_compact_money(Decimal("2200000000"), "USD") == usd
        assert format_compact_money(Decimal("44000000000"), "CNY") == cny
        assert format_count(Decimal("309"), "个" if language == "zh-hans" else "") == count


def test_money_has_no_cents_unless_it_has_some():
    with translation.override("de"):
        assert format_money(Decimal("50000000.00"), "EUR") == "50.000.000\xa0€"
        assert format_money(Decimal("12.50"), "EUR") == "12,50\xa0€"


@pytest.mark.parametrize(
    ("language", "berlin", "shanghai"),
    [
        ("en", "Central European Time (Berlin)", "China Standard Time (Shanghai)"),
        ("de", "Mitteleuropäische Zeit (Berlin)", "Chinesische Normalzeit (Shanghai)"),
        ("zh-hans", "中欧时间（柏林）", "中国标准时间（上海）"),
    ],
)
def test_zones_are_named_in_the_readers_language(language, berlin, shanghai):
    with translation.override(language):
        assert (zone_name("Europe/Berlin"), zone_name("Asia/Shanghai")) == (berlin, shanghai)


# --- Pages, e-mails and the door, with the demo and with generated data ------------------------------------


@pytest.fixture(scope="module")
def site_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with its extra events, a registration on the culture day, and 40 generated events: loaded once
    for the module inside a transaction that is rolled back at its end (each test runs in a savepoint)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        add_varied_events()
        call_command("generate_programme", "--events", "40", stdout=io.StringIO())
        pages = public_pages(sample=3)
        pages["register"] = f"/{{lang}}/events/{content.CULTURE_DAY_SLUG}/register/"
        registration = Registration.objects.create(
            event=Event.objects.get(slug=content.CULTURE_DAY_SLUG),
            name="张伟",
            name_romanized="Zhang Wei",
            email="zhang.wei@example.org",
            organization="南京博物院",
            language="zh-hans",
            status=Status.CONFIRMED,
            consent_at=timezone.now(),
            confirmed_at=timezone.now(),
        )
        pages["registration"] = f"/{{lang}}/registration/{registration.token}/"
        yield media, pages
        transaction.set_rollback(True)


@pytest.fixture
def site(site_once, db, settings) -> dict[str, str]:
    """{name: path with {lang}} of every kind of public page, the attendee's own page included."""
    settings.MEDIA_ROOT, pages = site_once
    return pages


def pages_in(client: Client, pages: dict[str, str], language: str) -> dict[str, str]:
    html = {}
    for name, path in pages.items():
        response = client.get(path.format(lang=language))
        assert response.status_code == 200, path
        html[name] = response.content.decode()
    return html


def test_chinese_pages_use_chinese_punctuation_next_to_chinese(client, site):
    problems = {
        name: found for name, page in pages_in(client, site, "zh-hans").items() if (found := chinese_problems(page))
    }

    assert problems == {}


def test_german_pages_quote_german_text_the_german_way(client, site):
    problems = {name: found for name, page in pages_in(client, site, "de").items() if (found := german_problems(page))}

    assert problems == {}


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_no_page_shows_a_time_zone_id(client, site, language):
    pages = dict(site)
    pages.update(
        {f"{name} with a second clock": f"{path}?tz=America/New_York" for name, path in site.items() if "?" not in path}
    )
    problems = {
        name: found
        for name, page in pages_in(client, pages, language).items()
        if (found := zone_id_problems(page, language))
    }

    assert problems == {}


@pytest.mark.parametrize(
    ("language", "second_clock"),
    [
        ("en", "China Standard Time: 16:30–00:00 (ends the next day)"),
        ("de", "Chinesische Normalzeit: 16:30–00:00 Uhr (Ende am Folgetag)"),
        ("zh-hans", "中国标准时间：16:30—00:00（次日结束）"),
    ],
)
def test_leipzig_forum_in_beijing_time_shows_the_end_on_the_next_day(client, parse_html, site, language, second_clock):
    response = client.get(f"/{language}/events/{content.FORUM_SLUG}/?tz=Asia/Shanghai")

    clocks = parse_html(response.content).find_all(class_="second-clock")
    assert clocks[0].text == second_clock
    times = [element.attrs["datetime"] for element in clocks[0].find_all("time")]
    assert times == ["2025-11-07T16:30:00+08:00", "2025-11-08T00:00:00+08:00"]
    # The agenda converts start and end too, and its last session ends at midnight in Beijing.
    assert clocks[-1].text.endswith(second_clock[second_clock.index("00:00") + 5 :])


def test_second_clock_follows_the_visitor_from_page_to_page(client, parse_html, site):
    html = parse_html(client.get("/zh-hans/schedule/?tz=Asia/Shanghai").content)

    event_links = [a.attrs["href"] for a in html.find_all("a") if "/events/" in a.attrs.get("href", "")]
    assert event_links and all(link.endswith("?tz=Asia%2FShanghai") for link in event_links)
    nav_schedule = [a.attrs["href"] for a in html.find("nav", class_="site-nav").find_all("a")]
    assert "/zh-hans/schedule/?tz=Asia%2FShanghai" in nav_schedule


# Unsaved: the e-mail of kind "message" reads the organizers' words from it in the registrant's language.
ORGANIZERS_WORDS = {
    "subject_en": "A word from the organizers",
    "subject_de": "Ein Wort der Veranstalter",
    "subject_zh_hans": "主办方的话",
    "body_en": "The doors open at 9:00.",
    "body_de": "Einlass ist ab 9:00 Uhr.",
    "body_zh_hans": "9:00开始入场。",
}


def emails_of(registration: Registration) -> dict[str, str]:
    """The e-mails a registrant can receive (those to a delegation's contact are tested in test_delegations.py)."""
    texts = {}
    for kind in Notification.Kind.values:
        if kind.startswith("delegation_"):
            continue
        words = Message(event=registration.event, **ORGANIZERS_WORDS) if kind == Notification.Kind.MESSAGE else None
        message = emails.render_email(Notification(registration=registration, kind=kind, message=words))
        texts[f"{kind} subject"] = f"<p>{message.subject}</p>"
        texts[f"{kind} text"] = "".join(f"<p>{line}</p>" for line in message.body.splitlines())
        texts[f"{kind} html"] = message.alternatives[0][0]
    return texts


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_emails_read_as_the_language_writes(site, language):
    registration = Registration.objects.get(email="zhang.wei@example.org")
    registration.language = language
    # The forum's venue names its city, the culture day's does not: both shapes of the place line.
    for slug in (content.CULTURE_DAY_SLUG, content.FORUM_SLUG):
        registration.event = Event.objects.get(slug=slug)
        emails = emails_of(registration)
        check = chinese_problems if language == "zh-hans" else german_problems
        problems = {name: found for name, text in emails.items() if (found := check(text))}
        assert problems == {}
        assert not any(ZONE_ID.search(text) for text in emails.values())


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_check_in_results_read_as_the_language_writes(client, django_user_model, site, language):
    user = django_user_model.objects.create_superuser("door", "door@example.org", "x")
    client.force_login(user)
    registration = Registration.objects.get(email="zhang.wei@example.org")
    # The door checks people in on the event's own day only: the event takes place now.
    now = timezone.now()
    Event.objects.filter(pk=registration.event_id).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1), registration_closes_at=None
    )
    door = f"/{language}/check-in/{registration.event.slug}/"
    check = chinese_problems if language == "zh-hans" else german_problems
    results = {
        "admitted": client.post(door, {"code": registration.ticket_code}),
        "twice": client.post(door, {"code": registration.ticket_code}),
        "unknown": client.post(door, {"code": "ZZZZ-ZZZZ-ZZ"}),
    }

    problems = {name: check(response.content.decode()) for name, response in results.items()}
    assert problems == {name: [] for name in results}
    assert all(response.status_code == 200 for response in results.values())
    if language == "zh-hans":
        # The characters first, bold, and the Latin letters beside them (events/templatetags/door_tags.py).
        assert (
            '<span class="person__name">张伟</span> <span class="person__other-script">Zhang Wei</span>'
            in results["admitted"].content.decode()
        )


def test_a_venue_that_names_its_city_is_not_followed_by_the_city_again(client, parse_html, site):
    html = parse_html(client.get(f"/en/events/{content.FORUM_SLUG}/").content)

    where = html.find("dd", class_="facts__where").text
    assert where.startswith("Congress Hall at the Zoo, Leipzig") and "Leipzig, Leipzig" not in where
    assert "Leipzig, Leipzig" not in client.get("/en/schedule/").content.decode()


def test_day_notes_name_one_day_in_words_and_more_days_by_number():
    # 06:00–08:00 in Nanjing is 23:00 the day before until 01:00 in Leipzig; 20:00 in Leipzig is 03:00 next day.
    with translation.override("de"):
        assert typography.on_other_days("23:00–01:00", -1, 0) == "23:00–01:00 (Beginn am Vortag)"
        assert typography.on_other_days("03:00", 1, 1) == "03:00 (am Folgetag)"
        assert typography.on_other_days("01:00–02:00", 2, 2) == "01:00–02:00 (2 Tage später)"
    with translation.override("zh-hans"):
        assert typography.on_other_days("03:00", 1, 1) == "03:00（次日）"
        assert typography.on_other_days("03:00", 2, 2) == "03:00（2天后）"
    # Ends on days too far apart for one note: the caller writes both dates instead.
    assert typography.on_other_days("x", -1, 1) is None
    assert typography.on_other_days("09:30", 0, 0) == "09:30"


# --- Remembered texts ---------------------------------------------------------------------------------------
#
# Dates, times, zone names and whole spans are composed once and then looked up (a schedule writes the same
# ones on every rendering). What they are looked up by must tell apart everything the text shows.

WINTER = datetime(2026, 1, 15, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
SUMMER = datetime(2026, 7, 15, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
SHANGHAI_ZONE = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("language", "winter", "summer", "in_shanghai", "second_clock_text"),
    [
        (
            "en",
            "15 January 2026, 09:30–11:30 CET",
            "15 July 2026, 09:30–11:30 CEST",
            "15 January 2026, 16:30–18:30 China Standard Time",
            "China Standard Time: 16:30–18:30",
        ),
        (
            "de",
            "15. Januar 2026, 09:30–11:30 Uhr MEZ",
            "15. Juli 2026, 09:30–11:30 Uhr MESZ",
            "15. Januar 2026, 16:30–18:30 Uhr Chinesische Normalzeit",
            "Chinesische Normalzeit: 16:30–18:30 Uhr",
        ),
        (
            "zh-hans",
            "2026年1月15日 09:30—11:30（中欧标准时间）",
            "2026年7月15日 09:30—11:30（中欧夏令时间）",
            "2026年1月15日 16:30—18:30（中国标准时间）",
            "中国标准时间：16:30—18:30",
        ),
    ],
)
def test_remembered_spans_follow_language_zone_and_summer_time(
    language, winter, summer, in_shanghai, second_clock_text
):
    plain = Context(autoescape=False)
    two_hours = timedelta(hours=2)
    for _time in range(2):  # composed, then looked up: the same text both times
        with translation.override(language):
            assert when(plain, WINTER, WINTER + two_hours) == winter
            assert when(plain, SUMMER, SUMMER + two_hours) == summer
            # The same moments in another zone are another text.
            shanghai = WINTER.astimezone(SHANGHAI_ZONE)
            assert when(plain, shanghai, shanghai + two_hours) == in_shanghai
            assert second_clock(plain, WINTER, WINTER + two_hours, SHANGHAI_ZONE, WINTER.tzinfo) == second_clock_text
    # And on a page, the same span is HTML, not the plain text remembered for e-mails.
    with translation.override("en"):
        assert when(Context(), WINTER, WINTER + two_hours) == (
            '15 January 2026, <time datetime="2026-01-15T09:30:00+01:00">09:30</time>–'
            '<time datetime="2026-01-15T11:30:00+01:00">11:30</time> '
            '<abbr class="zone" title="Central European Standard Time (UTC+1)">CET</abbr>'
        )


def test_remembered_dates_are_forgotten_when_a_test_changes_the_formats():
    with translation.override("en"):
        assert typography.long_date(WINTER) == "15 January 2026"
        assert typography._long_date.cache_info().currsize > 0
        with override_settings(FORMAT_MODULE_PATH=None):
            # As Django forgets its own formats on such a change: nothing written before is looked up after it.
            assert typography._long_date.cache_info().currsize == 0
