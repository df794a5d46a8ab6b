"""The printable programme, /<lang>/schedule.pdf, read back: its text in each language and local time, its page
size and fonts, its queries, the cache, and what it does without an edition, events or fonts.

Each PDF costs some 4 s (fpdf2 reads and subsets the CJK font), so the tests make as few as they can."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import translation

from events.forms import ScheduleFilterForm
from events.models import Event
from events.views_programme import selection_text
from tests.factories import make_city, make_edition, make_event, make_venue
from tests.pdfs import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

BERLIN, SHANGHAI = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Shanghai")


def page_size(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size"))


def programme(extra_forums: int = 0):
    """An edition in Leipzig and Nanjing: a forum in each, a cancelled visit, one announced without a date."""
    edition = make_edition(
        slug="cnw-2025", name_de="China-Nanjing-Woche 2025", name_zh_hans="中国南京周 2025", is_current=True
    )
    leipzig = make_city(slug="leipzig", name_en="Leipzig", name_zh_hans="莱比锡", timezone="Europe/Berlin")
    nanjing = make_city(slug="nanjing", name_en="Nanjing", name_zh_hans="南京", country="CN", timezone="Asia/Shanghai")
    hall = make_venue(city=leipzig, name_en="Kongresshalle am Zoo", name_zh_hans="动物园会议中心")
    museum = make_venue(city=nanjing, name_en="City Wall Museum", name_de="Stadtmauermuseum", name_zh_hans="城墙博物馆")
    make_event(
        edition=edition,
        venue=hall,
        title_en="Forum on Common Heritage",
        title_de="Forum zum gemeinsamen Erbe",
        title_zh_hans="共同遗产论坛",
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 17, 0, tzinfo=BERLIN),
    )
    make_event(
        edition=edition,
        venue=museum,
        kind=Event.Kind.VISIT,
        status=Event.Status.CANCELLED,
        title_en="A walk on the wall",
        title_de="Spaziergang auf der Mauer",
        title_zh_hans="城墙漫步",
        starts_at=datetime(2025, 11, 10, 14, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2025, 11, 10, 16, 0, tzinfo=SHANGHAI),
    )
    make_event(
        edition=edition,
        venue=museum,
        title_en="Heritage dialogue",
        title_de="Dialog über das Erbe",
        title_zh_hans="遗产对话",
        kind=Event.Kind.DIALOGUE,
        starts_at=None,
        announced_period_en="in the coming months",
        announced_period_de="in den kommenden Monaten",
        announced_period_zh_hans="未来几个月内",
    )
    make_event(edition=edition, venue=hall, status=Event.Status.DRAFT, title_en="A draft nobody may see")
    for number in range(extra_forums):
        make_event(
            edition=edition,
            venue=hall if number % 2 else museum,
            title_en=f"Extra forum {number}",
            starts_at=datetime(2025, 11, 3 + number % 20, 10, 0, tzinfo=BERLIN),
        )
    return edition


def in_order(lines: list[str], *expected: str) -> bool:
    """Whether each of `expected` is one of `lines`, in this order (pdftotext reads a row's columns in turn)."""
    position = 0
    for text in expected:
        if text not in lines[position:]:
            raise AssertionError(f"{text!r} not found after {lines[position - 1] if position else 'the start'!r}")
        position = lines.index(text, position) + 1
    return True


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.rendering
def test_the_programme_is_an_a4_pdf_in_the_language_of_its_address_with_local_times(client):
    programme()
    texts = {}
    for language in ("en", "de", "zh-hans"):
        response = client.get(f"/{language}/schedule.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="nanjing-week-cnw-2025-{language}.pdf"'
        texts[language] = lines(pdf_text(response.content))
    data = response.content

    english, german, chinese = texts["en"], texts["de"], texts["zh-hans"]
    # Each row in reading order: time, zone, title, kind (and status), venue and city.
    assert in_order(
        english,
        "Friday, 7 November 2025",
        "09:30–17:00",
        "CET",
        "Forum on Common Heritage",
        "FORUM",
        "Kongresshalle am Zoo, Leipzig",
        "Monday, 10 November 2025",
        "14:00–16:00",  # Nanjing's own clock, not Berlin's
        "China Standard Time",
        "A walk on the wall",
        "VISIT",
        "Cancelled",
        "City Wall Museum, Nanjing",
        "Dates to be announced",
        "Heritage dialogue",
        "DIALOGUE",
        "in the coming months",
    )
    assert not any("draft" in line for line in english)
    assert english[-2].startswith("http://testserver/en/schedule/ · As of ")
    assert english[-1] == "Page 1 of 1"
    assert in_order(
        german,
        "China-Nanjing-Woche 2025",
        "1.–30. November 2025 · Leipzig und Nanjing",
        "Freitag, 7. November 2025",
        "09:30–17:00 Uhr Forum zum gemeinsamen Erbe",
        "MEZ",
        "FORUM",
        "Montag, 10. November 2025",
        "14:00–16:00 Uhr Spaziergang auf der Mauer",
        "BESUCH",
        "Abgesagt",
        "Stadtmauermuseum, Nanjing",
        "Termine werden noch bekannt gegeben",
        "Dialog über das Erbe",
        "in den kommenden Monaten",
    )
    # The programme's own words too, not only the events' (read from the same German PDF: each costs a second).
    assert "Programm" in " ".join(german)
    assert any("Stand: " in line for line in german)
    assert any(line.endswith("Seite 1 von 1") for line in german)
    assert "Alle Zeiten sind Ortszeiten am Veranstaltungsort, mit ihrer Zeitzone." in german
    assert in_order(
        chinese,
        "中国南京周 2025",
        "2025年11月1日至30日 · 莱比锡和南京",
        "2025年11月7日 星期五",
        "09:30—17:00",
        "中欧标准时间",
        "共同遗产论坛",
        "论坛",
        "动物园会议中心（莱比锡）",
        "14:00—16:00",
        "中国标准时间",
        "城墙漫步",
        "参观访问",
        "已取消",
        "城墙博物馆（南京）",
        "日期待定",
        "遗产对话",
        "未来几个月内",
    )

    assert page_size(data).endswith("(A4)")
    fonts = pdf_fonts(data)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" and font["uni"] == "yes" for font in fonts)


@pytest.mark.rendering
@pytest.mark.parametrize("extra_forums", [0, 30])
def test_the_programme_costs_the_same_queries_for_few_and_many_events_and_keeps_the_filters(
    client, django_assert_num_queries, extra_forums
):
    programme(extra_forums)

    with django_assert_num_queries(5):
        response = client.get("/en/schedule.pdf?kind=forum")

    text = lines(pdf_text(response.content))
    assert in_order(text, "Selection: Forum", "09:30–17:00", "CET", "Forum on Common Heritage")
    assert not any("walk on the wall" in line or "Heritage dialogue" in line for line in text)
    assert sum("Extra forum" in line for line in text) == extra_forums


@pytest.mark.rendering
def test_an_edition_without_events_gives_a_programme_that_says_so(client):
    make_edition(name_en="China Nanjing Week 2031", is_current=True)

    response = client.get("/en/schedule.pdf")

    assert response.status_code == 200
    assert "No events have been published for this edition yet." in lines(pdf_text(response.content))


def test_without_any_edition_there_is_no_programme(client):
    assert client.get("/en/schedule.pdf").status_code == 404


def test_the_programme_comes_from_the_page_cache_the_second_time(client, django_assert_num_queries):
    programme()
    first = client.get("/en/schedule.pdf")

    with django_assert_num_queries(0):  # the content version is in the cache too
        again = client.get("/en/schedule.pdf", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert again.status_code == 304


def test_without_the_font_the_programme_is_refused_with_a_retry(client, tmp_path):
    programme()

    with override_settings(TICKET_FONT_DIRS=[str(tmp_path)]):
        response = client.get("/de/schedule.pdf")

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "private" in response["Cache-Control"]


def test_the_schedule_page_links_the_programme_with_its_filters(client):
    programme()

    page = client.get("/de/schedule/?city=leipzig&tz=UTC&when=past").content.decode()

    assert '<a href="/de/schedule.pdf?city=leipzig" type="application/pdf">' in page


def test_the_selection_names_the_filters_in_the_language():
    leipzig = make_city(slug="leipzig", name_en="Leipzig", name_zh_hans="莱比锡")
    form = ScheduleFilterForm({"city": leipzig.slug, "kind": "forum"}, offer_when=False)
    form.is_valid()

    with translation.override("zh-hans"):
        assert selection_text(form) == "筛选条件：莱比锡 · 论坛"
    assert selection_text(ScheduleFilterForm({}, offer_when=False)) == ""
