"""Home, schedule and an edition's archive page at different moments: what they lead with, "today", "happening
now" and "took place" — before, during and after an edition, and across midnight in Nanjing and Leipzig.

The pages read the time from `events.timeline.now` only; `travel_to` (tests/conftest.py) sets it. The demo gets
the same treatment: loaded on any day, it has a past edition and one to come.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from events.demo import content, upcoming
from events.demo.loader import load_demo
from events.models import Edition
from nanjingweek import page_clock
from tests.factories import BERLIN, SHANGHAI, make_city, make_edition, make_event, make_session, make_venue

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]
# 23:30 in Leipzig on 1 December 2026 is 06:30 on 2 December in Nanjing.
LEIPZIG_NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=BERLIN)


def build(extra: int = 0) -> dict:
    """Three editions — 2025 (over), December 2026 (the one around LEIPZIG_NIGHT), March 2027 — and in the
    December one an event on each side of now, in both cities; `extra` more events to come, for query counts."""
    leipzig = make_venue(slug="leipzig-hall", city=make_city(slug="leipzig", name_en="Leipzig"))
    nanjing = make_venue(
        slug="nanjing-hall", city=make_city(slug="nanjing", name_en="Nanjing", country="CN", timezone="Asia/Shanghai")
    )
    old = make_edition(
        slug="cnw-2025", name_en="China Nanjing Week 2025", start_date=date(2025, 11, 1), end_date=date(2025, 11, 30)
    )
    december = make_edition(
        slug="cnw-2026", name_en="China Nanjing Week 2026", start_date=date(2026, 12, 1), end_date=date(2026, 12, 20)
    )
    spring = make_edition(
        slug="cnw-2027", name_en="China Nanjing Week 2027", start_date=date(2027, 3, 1), end_date=date(2027, 3, 31)
    )

    def event(slug, venue, start, end, edition=december, **overrides):
        if end is not None:
            overrides["ends_at"] = end
        return make_event(slug=slug, title_en=slug, edition=edition, venue=venue, starts_at=start, **overrides)

    events = {
        "old-forum": event("old-forum", leipzig, datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN), None, old),
        "spring-forum": event("spring-forum", nanjing, datetime(2027, 3, 3, 9, 0, tzinfo=SHANGHAI), None, spring),
        # Over by LEIPZIG_NIGHT: this morning in Leipzig, and yesterday evening in Nanjing's calendar.
        "leipzig-morning": event(
            "leipzig-morning",
            leipzig,
            datetime(2026, 12, 1, 10, tzinfo=BERLIN),
            datetime(2026, 12, 1, 12, tzinfo=BERLIN),
        ),
        "nanjing-evening": event(
            "nanjing-evening",
            nanjing,
            datetime(2026, 12, 1, 19, tzinfo=SHANGHAI),
            datetime(2026, 12, 1, 21, tzinfo=SHANGHAI),
        ),
        # Happening at LEIPZIG_NIGHT, until after midnight.
        "leipzig-night": event(
            "leipzig-night",
            leipzig,
            datetime(2026, 12, 1, 20, tzinfo=BERLIN),
            datetime(2026, 12, 2, 0, 30, tzinfo=BERLIN),
        ),
        # Within its times, but cancelled: not happening.
        "cancelled-concert": event(
            "cancelled-concert",
            leipzig,
            datetime(2026, 12, 1, 22, tzinfo=BERLIN),
            datetime(2026, 12, 2, 1, tzinfo=BERLIN),
            status="cancelled",
        ),
        # Still to come: later today in Nanjing (already 2 December there), and tomorrow in Leipzig.
        "nanjing-morning": event(
            "nanjing-morning",
            nanjing,
            datetime(2026, 12, 2, 9, tzinfo=SHANGHAI),
            datetime(2026, 12, 2, 11, tzinfo=SHANGHAI),
        ),
        "leipzig-tomorrow": event(
            "leipzig-tomorrow",
            leipzig,
            datetime(2026, 12, 2, 9, tzinfo=BERLIN),
            datetime(2026, 12, 2, 11, tzinfo=BERLIN),
        ),
        "announced": make_event(
            slug="announced", title_en="announced", edition=december, venue=leipzig, starts_at=None
        ),
    }
    for index in range(extra):
        start = datetime(2026, 12, 10, 9, tzinfo=BERLIN) + timedelta(days=index % 5, hours=index)
        extra_event = event(f"extra-{index}", nanjing if index % 2 else leipzig, start, start + timedelta(hours=2))
        make_session(event=extra_event)
    return {"editions": {"old": old, "december": december, "spring": spring}, "events": events}


def main_of(client, parse_html, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_html(response.content).find("main")


def section_ids(main) -> list[str]:
    return [heading.attrs["id"] for heading in main.find_all("h2") if "id" in heading.attrs]


def cards_in(element) -> dict[str, list[str]]:
    """{event slug: the badges on its card} for the cards inside `element`, in order."""
    cards = {}
    for card in element.find_all("article", class_="event-card"):
        slug = card.find("a").attrs["href"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        cards[slug] = [badge.text for badge in card.find_all(class_="badge")]
    return cards


def section(main, heading_id):
    return next(element for element in main.find_all("section") if element.attrs.get("aria-labelledby") == heading_id)


# --- Home -------------------------------------------------------------------------------------------------------


def test_home_at_night_in_leipzig_leads_with_what_is_happening_then_what_comes(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, "/en/")

    assert main.find("h1").text == "China Nanjing Week 2026"
    assert section_ids(main)[:4] == ["running-now", "next-events", "announced", "took-place"]
    assert cards_in(section(main, "running-now")) == {"leipzig-night": ["Happening now"]}
    # Venue-local "today": it is 2 December in Nanjing already, still 1 December in Leipzig.
    assert cards_in(section(main, "next-events")) == {
        "cancelled-concert": ["Cancelled"],
        "nanjing-morning": ["Today"],
        "leipzig-tomorrow": [],
    }
    assert cards_in(section(main, "announced")) == {"announced": []}
    links = [(link.text, link.attrs["href"]) for link in section(main, "took-place").find_all("a")]
    assert links == [
        ("2 events of this edition took place", "/en/schedule/?when=past"),
        ("China Nanjing Week 2025 (1–30 November 2025)", "/en/editions/cnw-2025/"),
    ]


def test_home_an_hour_later_it_is_tomorrow_in_leipzig_too(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT + timedelta(hours=1, minutes=1))

    main = main_of(client, parse_html, "/en/")

    # 00:31: the night event has just ended, the cancelled one would still run, both mornings are today.
    assert "running-now" not in section_ids(main)
    assert cards_in(section(main, "next-events")) == {
        "cancelled-concert": ["Cancelled"],
        "nanjing-morning": ["Today"],
        "leipzig-tomorrow": ["Today"],
    }
    assert section(main, "took-place").find("a").text == "3 events of this edition took place"


def test_home_before_the_edition_shows_what_comes_and_the_last_edition(client, parse_html, travel_to):
    build()
    travel_to(datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN))

    main = main_of(client, parse_html, "/en/")

    assert main.find("h1").text == "China Nanjing Week 2026"
    assert section_ids(main)[:3] == ["next-events", "announced", "took-place"]
    assert list(cards_in(section(main, "next-events"))) == [
        "leipzig-morning",
        "nanjing-evening",
        "leipzig-night",
        "cancelled-concert",
        "nanjing-morning",
        "leipzig-tomorrow",
    ]
    assert [link.attrs["href"] for link in section(main, "took-place").find_all("a")] == ["/en/editions/cnw-2025/"]
    assert main.find_all(class_="badge--past") == []


def test_home_after_every_edition_shows_the_most_recent_one_as_past(client, parse_html, travel_to):
    build()
    travel_to(datetime(2027, 6, 1, 12, 0, tzinfo=BERLIN))

    main = main_of(client, parse_html, "/en/")

    assert main.find("h1").text == "China Nanjing Week 2027"
    assert main.find("p", class_="hero__dates").find("strong", class_="badge--past").text == "Took place"
    assert section_ids(main)[:2] == ["next-events", "took-place"]
    assert main.find("h2", id="next-events").text == "Recent events"
    assert cards_in(section(main, "next-events")) == {"spring-forum": ["Took place"]}


@pytest.mark.parametrize(
    ("language", "happening", "today", "took_place"),
    [
        ("en", "Happening now", "Today", "Took place"),
        ("de", "Läuft gerade", "Heute", "Hat stattgefunden"),
        ("zh-hans", "正在进行", "今天", "已举办"),
    ],
)
def test_badges_in_every_language(client, parse_html, travel_to, language, happening, today, took_place):
    build()
    travel_to(LEIPZIG_NIGHT)

    home = main_of(client, parse_html, f"/{language}/")
    past = main_of(client, parse_html, f"/{language}/schedule/?when=past")

    assert cards_in(home)["leipzig-night"] == [happening]
    assert cards_in(home)["nanjing-morning"] == [today]
    assert set(map(tuple, cards_in(past).values())) == {(took_place,)}


# --- Schedule -----------------------------------------------------------------------------------------------


def test_schedule_at_night_leads_with_what_is_happening_then_the_days_to_come_then_the_undated(
    client, parse_html, travel_to
):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, "/en/schedule/")

    assert section_ids(main)[:4] == ["running-now", "day-2026-12-01", "day-2026-12-02", "day-undated"]
    assert cards_in(section(main, "running-now")) == {"leipzig-night": ["Happening now"]}
    assert cards_in(section(main, "day-2026-12-01")) == {"cancelled-concert": ["Cancelled"]}
    assert cards_in(section(main, "day-2026-12-02")) == {"nanjing-morning": ["Today"], "leipzig-tomorrow": []}
    assert cards_in(section(main, "day-undated")) == {"announced": []}
    # What took place is not mixed in, but one link away, and counted.
    assert "leipzig-morning" not in cards_in(main)
    switch = main.find("nav", class_="phase-switch")
    assert [(link.text, link.attrs["href"], link.attrs.get("aria-current")) for link in switch.find_all("a")] == [
        ("Current and upcoming events (5)", "/en/schedule/", "page"),
        ("Past events (2)", "/en/schedule/?when=past", None),
    ]
    assert main.find("p", class_="schedule-count").text.startswith("5 events")


def test_schedule_of_past_events_marks_each_as_took_place(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, "/en/schedule/?when=past")

    assert section_ids(main)[:1] == ["day-2026-12-01"]
    assert cards_in(main) == {"leipzig-morning": ["Took place"], "nanjing-evening": ["Took place"]}
    assert main.find("p", class_="schedule-count").text.startswith("2 events")
    assert main.find("nav", class_="phase-switch").find("a", **{"aria-current": "page"}).text == "Past events (2)"
    assert main.find("select", id="id_when").find("option", selected="").attrs["value"] == "past"


def test_schedule_keeps_when_with_the_other_filters_and_the_second_clock(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, "/en/schedule/?city=nanjing&tz=Asia/Shanghai&when=past")

    assert cards_in(main) == {"nanjing-evening": ["Took place"]}
    assert [link.attrs["href"] for link in main.find("nav", class_="phase-switch").find_all("a")] == [
        "/en/schedule/?city=nanjing&tz=Asia%2FShanghai",
        "/en/schedule/?city=nanjing&tz=Asia%2FShanghai&when=past",
    ]
    # The calendar feeds take the filters, not `when`: a subscription is to the edition, to come and past.
    feed = main.find("p", class_="schedule-count").find_all("a")[1].attrs["href"]
    assert "when" not in feed and "city=nanjing" in feed


@pytest.mark.parametrize("value", ["tomorrow", "PAST", "1"])
def test_schedule_reports_a_when_it_does_not_understand_and_shows_what_is_to_come(client, parse_html, travel_to, value):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, f"/en/schedule/?when={value}")

    assert main.find("p", role="alert").text == "Some filters were not understood and have been ignored."
    assert "leipzig-night" in cards_in(main) and "leipzig-morning" not in cards_in(main)


def test_schedule_with_a_nul_in_when_is_a_bad_request(client):
    # Refused before the view by nanjingweek.request_guards, in the page's language.
    response = client.get("/de/schedule/?when=past%00")

    assert response.status_code == 400
    assert response["Content-Language"] == "de"


def test_schedule_before_anything_took_place_points_to_the_last_edition(client, parse_html, travel_to):
    build()
    travel_to(datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN))

    main = main_of(client, parse_html, "/en/schedule/?when=past")

    empty = main.find("p", class_="empty-state")
    assert empty.text == "No event of this edition has taken place yet. See what took place at China Nanjing Week 2025"
    assert empty.find("a").attrs["href"] == "/en/editions/cnw-2025/"


def test_schedule_after_the_last_edition_says_all_took_place(client, parse_html, travel_to):
    build()
    travel_to(datetime(2027, 6, 1, 12, 0, tzinfo=BERLIN))

    main = main_of(client, parse_html, "/en/schedule/")

    empty = main.find("p", class_="empty-state")
    assert empty.text == "Every event of this edition has taken place. See what took place"
    assert empty.find("a").attrs["href"] == "/en/schedule/?when=past"
    assert cards_in(main_of(client, parse_html, "/en/schedule/?when=past")) == {"spring-forum": ["Took place"]}


def test_the_same_address_answers_for_the_day_it_is_asked_and_is_never_kept_stale(client, parse_html, travel_to):
    build()

    travel_to(LEIPZIG_NIGHT - timedelta(days=2))
    before = client.get("/en/schedule/")
    travel_to(LEIPZIG_NIGHT)
    during = client.get("/en/schedule/")

    assert "running-now" not in section_ids(parse_html(before.content).find("main"))
    assert "running-now" in section_ids(parse_html(during.content).find("main"))
    # Browsers and CDNs may keep these pages but must ask again before each use (the page cache answers 304).
    for response in (before, during, client.get("/en/")):
        assert {"max-age=0", "must-revalidate"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        assert not response.has_header("Expires")


# --- An edition's archive ------------------------------------------------------------------------------------


def test_past_edition_page_is_its_programme_by_day_marked_as_past(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT)

    response = client.get("/en/editions/cnw-2025/")
    main = parse_html(response.content).find("main")

    assert main.find("p", class_="edition-dates").text == "1–30 November 2025 Took place"
    assert main.find("p", class_="lead").text.startswith("This edition has taken place.")
    assert cards_in(main) == {"old-forum": ["Took place"]}
    assert section_ids(main)[0] == "day-2025-11-07"
    # The place where the edition's outcomes are summed up.
    assert "includes/edition_outcomes.html" in [template.name for template in response.templates]


def test_running_edition_page_shows_its_whole_programme_each_event_marked(client, parse_html, travel_to):
    build()
    travel_to(LEIPZIG_NIGHT)

    main = main_of(client, parse_html, "/en/editions/cnw-2026/")

    assert main.find("p", class_="edition-dates").find("strong").text == "Happening now"
    assert cards_in(main) == {
        "leipzig-morning": ["Took place"],
        "nanjing-evening": ["Took place"],
        "leipzig-night": ["Happening now"],
        "cancelled-concert": ["Cancelled"],
        "nanjing-morning": ["Today"],
        "leipzig-tomorrow": [],
        "announced": [],
    }
    assert main.find("p", class_="schedule-count").text.startswith("7 events")
    assert main.find_all("select", id="id_when") == []


@pytest.mark.parametrize(
    ("slug", "badges"),
    [
        ("leipzig-morning", ["Took place"]),
        ("leipzig-night", ["Happening now"]),
        ("nanjing-morning", ["Today"]),
        ("leipzig-tomorrow", []),
        ("cancelled-concert", ["Cancelled"]),
    ],
)
def test_event_page_says_where_the_event_stands(client, parse_html, travel_to, slug, badges):
    build()
    travel_to(LEIPZIG_NIGHT)

    heading = main_of(client, parse_html, f"/en/events/{slug}/").find("h1")

    assert [badge.text for badge in heading.find_all(class_="badge")] == badges


# --- Every page in three languages, at a constant number of queries --------------------------------------------

PAGES = {
    "home": "/{lang}/",
    "schedule": "/{lang}/schedule/",
    "schedule of past events": "/{lang}/schedule/?when=past",
    "schedule filtered": "/{lang}/schedule/?city=leipzig&tz=Asia/Shanghai&when=past",
    "running edition": "/{lang}/editions/cnw-2026/",
    "past edition": "/{lang}/editions/cnw-2025/",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_now_aware_pages_answer_in_every_language(client, travel_to, language):
    build()
    travel_to(LEIPZIG_NIGHT)

    for name, path in PAGES.items():
        response = client.get(path.format(lang=language))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode(), name


# The same for a programme of 9 and of 21 events, with their sessions.
QUERY_BUDGET = {
    "home": 8,  # the map of the city stops reads the edition's venues: one query
    "schedule": 7,
    "schedule of past events": 7,
    "schedule filtered": 8,
    "running edition": 9,
    "past edition": 9,
}


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_now_aware_page_queries_do_not_grow_with_the_programme(
    client, django_assert_num_queries, travel_to, extra, page
):
    build(extra)
    travel_to(LEIPZIG_NIGHT)

    with django_assert_num_queries(QUERY_BUDGET[page] + page_clock.QUERIES):
        response = client.get(PAGES[page].format(lang="de"))

    assert response.status_code == 200


# --- The demo on any day ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 12, 1), date(2031, 6, 15)])
def test_demo_loaded_on_any_day_has_a_past_edition_and_one_to_come(
    client, parse_html, travel_to, settings, tmp_path, day
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(today=day)
    travel_to(datetime(day.year, day.month, day.day, 12, 0, tzinfo=BERLIN))
    coming = Edition.objects.current(day)

    home = main_of(client, parse_html, "/en/")
    schedule = main_of(client, parse_html, "/en/schedule/")
    archive = main_of(client, parse_html, f"/en/editions/{content.EDITION_SLUG}/")

    assert coming.slug == f"{upcoming.SLUG_PREFIX}{coming.start_date.year}"
    assert home.find("h1").text == coming.name_en
    assert list(cards_in(section(home, "next-events"))) == [
        upcoming.OPENING_SLUG,
        content.CULTURE_DAY_SLUG,
        upcoming.LEIPZIG_DIALOGUE_SLUG,
    ]
    assert cards_in(section(home, "announced")) == {content.DIETFURT_SLUG: []}
    assert section(home, "took-place").find("a").attrs["href"] == f"/en/editions/{content.EDITION_SLUG}/"
    assert set(cards_in(schedule)) == {*upcoming.EVENT_SLUGS}
    assert archive.find("p", class_="edition-dates").find("strong").text == "Took place"
    assert set(map(tuple, cards_in(archive).values())) == {("Took place",)}
    assert content.FORUM_SLUG in cards_in(archive)
