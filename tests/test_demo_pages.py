"""The public site with the demo programme (`manage.py load_demo`) and with 1000 generated events.

Every page type answers in all three languages; the sitemap, robots.txt and the event page's metadata
say what search engines need; fallback-language text is marked; dates follow the page's language;
cancelled, postponed and undated events stay on the schedule; the second clock marks day shifts.

`public_pages()` and `feed_paths()` list the pages of whatever is in the database; tests/test_page_quality.py
and tests/browser/test_public_browser.py use them too.
"""

from __future__ import annotations

import io
import json
import re
import time
from datetime import date, datetime
from datetime import timezone as dt_timezone
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client

from events.demo import content
from events.models import City, Edition, Event, Speaker, Venue
from exhibitions.models import Exhibition
from nanjingweek.models import NewsArticle
from partners.models import EventRole, Organization
from tests.conftest import build_tree
from tests.factories import BERLIN, make_event, make_venue
from tests.libical import read_calendar
from tests.security_headers import header_problems, inline_code
from tests.sitemaps import sitemap_entries, sitemap_text

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The 1000-event test takes 10-20 s of this process's CPU time; the bound (generation included) catches a page
# gone quadratic. CPU time, not wall time: other jobs on a busy CI machine must not fail it.
GENERATED_BUDGET_CPU_SECONDS = 45


# --- Pages of the database ---------------------------------------------------------------------------


def spread(queryset, count: int | None) -> list:
    """All objects, or `count` of them spread over the whole list (first, last and some between)."""
    objects = list(queryset)
    if count is None or len(objects) <= count:
        return objects
    step = (len(objects) - 1) / (count - 1)
    return [objects[round(index * step)] for index in range(count)]


def public_pages(*, sample: int | None = None) -> dict[str, str]:
    """{name: path with a {lang} placeholder} for every public page of what the database holds.

    Fixed pages, the schedule with each kind of filter and the second clock (what is to come, and what took
    place with `?when=past`), an edition's archive page with filters, and the page of every public object — or,
    with `sample`, of that many objects per kind, spread over the list (and for events, at least one of every
    status and one without a date).
    """
    edition = Edition.objects.current()
    events = Event.objects.published().select_related("venue__city").order_by("pk")
    chosen_events = spread(events, sample)
    if sample is not None:
        for extra in (
            events.filter(status="cancelled").first(),
            events.filter(status="postponed").first(),
            events.undated().first(),
        ):
            if extra is not None and extra not in chosen_events:
                chosen_events.append(extra)
    # The example for the schedule's filters: the current edition's dated event with the fullest agenda.
    example = (
        events.filter(edition=edition)
        .dated()
        .annotate(agenda_size=Count("sessions"))
        .order_by("-agenda_size", "pk")
        .first()
    )

    pages = {
        "home": "/{lang}/",
        "schedule": "/{lang}/schedule/",
        "privacy": "/{lang}/privacy/",
        "exhibitions": "/{lang}/exhibitions/",
        "partners": "/{lang}/partners/",
        "cooperation": "/{lang}/cooperation/",
        "news": "/{lang}/news/",
        "contact": "/{lang}/contact/",
        "accessibility": "/{lang}/accessibility/",
        "speakers": "/{lang}/speakers/",
        "search": "/{lang}/search/?q=Nanjing",
        "schedule of past events": "/{lang}/schedule/?when=past",
        "schedule with a when not understood": "/{lang}/schedule/?when=tomorrow",
    }
    # Whatever edition it is in (2025's is an archive now): the dated event with the fullest agenda.
    fullest = events.dated().annotate(agenda_size=Count("sessions")).order_by("-agenda_size", "pk").first()
    if fullest is not None:
        topic = fullest.topics.order_by("slug").first()
        pages["second clock on an event page"] = f"/{{lang}}/events/{fullest.slug}/?tz=Asia/Shanghai"
        pages["edition with every filter"] = (
            f"/{{lang}}/editions/{fullest.edition.slug}/?city={fullest.venue.city.slug}&kind={fullest.kind}"
            + (f"&topic={topic.slug}" if topic else "")
            + "&tz=Asia/Shanghai"
        )
    if example is not None:
        topic = example.topics.order_by("slug").first()
        pages.update(
            {
                "schedule by city": f"/{{lang}}/schedule/?city={example.venue.city.slug}",
                "schedule by kind": f"/{{lang}}/schedule/?kind={example.kind}",
                "schedule in Shanghai time": "/{lang}/schedule/?tz=Asia/Shanghai",
                "schedule with every filter": (
                    f"/{{lang}}/schedule/?city={example.venue.city.slug}&kind={example.kind}"
                    + (f"&topic={topic.slug}" if topic else "")
                    + "&tz=Asia/Shanghai"
                ),
            }
        )
        if topic is not None:
            pages["schedule by topic"] = f"/{{lang}}/schedule/?topic={topic.slug}"
        used_kinds = set(events.filter(edition=edition).values_list("kind", flat=True))
        unused_kind = next((kind for kind in Event.Kind.values if kind not in used_kinds), None)
        if unused_kind is not None:
            # The honest empty state, and the notice about a filter value that is not understood.
            pages["schedule filtered to nothing"] = f"/{{lang}}/schedule/?kind={unused_kind}&city=no-such-city"
    for event in chosen_events:
        pages[f"event {event.slug}"] = f"/{{lang}}/events/{event.slug}/"
    for venue in spread(Venue.objects.order_by("pk"), sample):
        pages[f"venue {venue.slug}"] = f"/{{lang}}/venues/{venue.slug}/"
    for city in spread(City.objects.order_by("pk"), sample):
        pages[f"city {city.slug}"] = f"/{{lang}}/cities/{city.slug}/"
    for other in Edition.objects.order_by("pk"):
        pages[f"edition {other.slug}"] = f"/{{lang}}/editions/{other.slug}/"
    for exhibition in spread(Exhibition.objects.published().order_by("pk"), sample):
        pages[f"exhibition {exhibition.slug}"] = f"/{{lang}}/exhibitions/{exhibition.slug}/"
    for organization in spread(Organization.objects.order_by("pk"), sample):
        pages[f"partner {organization.slug}"] = f"/{{lang}}/partners/{organization.slug}/"
    for article in spread(NewsArticle.objects.published().order_by("pk"), sample):
        pages[f"news {article.slug}"] = f"/{{lang}}/news/{article.slug}/"
    for speaker in spread(Speaker.objects.public().order_by("pk"), sample):
        pages[f"speaker {speaker.slug}"] = f"/{{lang}}/speakers/{speaker.slug}/"
    return pages


def feed_paths(*, sample: int | None = None) -> list[str]:
    """The pages outside the language prefix: sitemap, robots.txt and the calendars (of dated events only)."""
    dated = Event.objects.published().dated().order_by("pk")
    return [
        "/sitemap.xml",
        "/robots.txt",
        "/schedule.ics",
        "/schedule.ics?lang=zh-hans&tz=Asia/Shanghai",
        *(f"/events/{event.slug}.ics" for event in spread(dated, sample)),
        *(f"/cities/{city.slug}.ics" for city in spread(City.objects.order_by("pk"), sample)),
        *(f"/venues/{venue.slug}.ics" for venue in spread(Venue.objects.order_by("pk"), sample)),
    ]


def all_paths(pages: dict[str, str]) -> dict[str, str]:
    """{"<name> (<lang>)": path} for every page in every language."""
    return {
        f"{name} ({language})": path.format(lang=language) for name, path in pages.items() for language in LANGUAGES
    }


def page_problems(client: Client, pages: dict[str, str], feeds: list[str]) -> dict[str, str]:
    """{page: what is wrong} for the pages that do not answer 200 or lack what every HTML page must have:
    its language, one meta description and one canonical URL (the path without the query string); and, feeds too,
    the security headers with no inline code for the Content-Security-Policy to block (tests/security_headers.py)."""
    problems = {}
    for path in feeds:
        response = client.get(path)
        if response.status_code != 200:
            problems[path] = f"status {response.status_code}"
        elif security := header_problems(response):
            problems[path] = f"security headers: {security}"
    for name, path in all_paths(pages).items():
        response = client.get(path)
        if response.status_code != 200:
            problems[name] = f"status {response.status_code}"
            continue
        document = build_tree(response.content)
        head = document.find("head")
        language = path.split("/")[1]
        descriptions = [
            meta.attrs.get("content", "") for meta in head.find_all("meta") if meta.attrs.get("name") == "description"
        ]
        canonical = [link.attrs["href"] for link in head.find_all("link", rel="canonical")]
        if f'<html lang="{language}">' not in response.content.decode():
            problems[name] = "no lang attribute"
        elif len(descriptions) != 1 or not descriptions[0].strip():
            problems[name] = f"meta descriptions: {descriptions}"
        elif canonical != [f"http://testserver{urlsplit(path).path}"]:
            problems[name] = f"canonical: {canonical}"
        elif security := header_problems(response) + inline_code(document):
            problems[name] = f"security: {security}"
    return problems


def add_varied_events() -> dict[str, Event]:
    """Beside the demo: a cancelled and a postponed event, and one in English only at 20:00 in Leipzig
    (03:00 the next day in Shanghai), so that pages show every state and a fallback language."""
    forum_event = forum()
    place = {"edition": forum_event.edition, "venue": forum_event.venue}
    return {
        "cancelled": make_event(
            slug="cancelled-concert",
            kind="performance",
            title_en="Guqin concert",
            title_de="Guqin-Konzert",
            title_zh_hans="古琴音乐会",
            status="cancelled",
            starts_at=datetime(2025, 11, 6, 19, 0, tzinfo=BERLIN),
            **place,
        ),
        "postponed": make_event(
            slug="postponed-walk",
            kind="visit",
            title_en="Walk along the city wall",
            title_de="Spaziergang an der Stadtmauer",
            title_zh_hans="城墙漫步",
            status="postponed",
            starts_at=datetime(2025, 11, 8, 10, 0, tzinfo=BERLIN),
            **place,
        ),
        "english only": make_event(
            slug="evening-reception",
            kind="ceremony",
            title_en="Evening reception",
            summary_en="Green tea from the Purple Mountain, brewed the Nanjing way.",
            starts_at=datetime(2025, 11, 7, 20, 0, tzinfo=BERLIN),
            **place,
        ),
    }


# --- Fixtures ------------------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_once, db, settings):
    settings.MEDIA_ROOT = demo_once


def forum() -> Event:
    return Event.objects.select_related("venue__city", "edition").get(slug=content.FORUM_SLUG)


def page_of(client, parse_html, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_html(response.content)


# --- Every page answers --------------------------------------------------------------------------------


def test_demo_every_public_page_answers_in_every_language(client, demo):
    pages = public_pages()

    problems = page_problems(client, pages, feed_paths())

    assert problems == {}
    # Every kind of page was visited, each object of the demo included.
    assert {name.split(" ")[0] for name in pages} >= {
        "home",
        "schedule",
        "event",
        "venue",
        "city",
        "edition",
        "exhibitions",
        "exhibition",
        "partners",
        "partner",
        "cooperation",
        "privacy",
    }
    # The 2025 programme (5 events) and the next edition (the opening, two in Dietfurt, the Leipzig dialogue).
    assert sum(name.startswith("event ") for name in pages) == Event.objects.published().count() == 9
    assert (
        len(feed_paths())
        == 4 + Event.objects.published().dated().count() + City.objects.count() + Venue.objects.count()
    )


def test_generated_programme_of_1000_events_answers_in_every_language(client, demo):
    # Slow but bounded: generating 1000 events beside the demo and ~130 pages, among them the archive page of
    # the generated edition (all 1000 events on one page) and a sitemap of ~1900 objects. It takes 10-20 s.
    started = time.process_time()
    call_command("generate_programme", "--events", "1000", stdout=io.StringIO())
    # Fresh tables have no planner statistics, and autovacuum cannot see rows this test's transaction has not
    # committed: without ANALYZE, PostgreSQL guesses one row per table and nests loops over a million row pairs
    # (a partner page took 6 s). A database that has lived for a minute has its statistics; so has this one now.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generated = Edition.objects.get(slug="synthetic-1")
    assert generated.events.count() == 1000

    pages = public_pages(sample=4)
    problems = page_problems(client, pages, feed_paths(sample=4))

    assert problems == {}
    assert {"cancelled", "postponed", "published"} <= {
        Event.objects.get(slug=name.split(" ", 1)[1]).status for name in pages if name.startswith("event ")
    }
    assert any(
        Event.objects.get(slug=name.split(" ", 1)[1]).starts_at is None for name in pages if name.startswith("event ")
    )
    archive = client.get(f"/en/editions/{generated.slug}/")
    # What the page says, not its context: the page may come from the page cache, which keeps no context.
    shown = re.search(r'<p class="schedule-count" role="status">([\d,]+) events', archive.content.decode())
    assert int(shown[1].replace(",", "")) == generated.events.published().count() > 900
    assert time.process_time() - started < GENERATED_BUDGET_CPU_SECONDS


def test_draft_event_is_found_on_no_public_page(client, demo):
    forum_event = forum()
    draft = make_event(slug="secret-draft", edition=forum_event.edition, venue=forum_event.venue, status="draft")

    assert client.get(f"/en/events/{draft.slug}/").status_code == 404
    assert client.get(f"/events/{draft.slug}.ics").status_code == 404
    for path in ("/en/", "/en/schedule/", f"/en/venues/{forum_event.venue.slug}/", "/schedule.ics"):
        assert b"secret-draft" not in client.get(path).content, path
    assert b"secret-draft" not in sitemap_text(client)


def test_home_names_each_city_and_partner_once_however_many_venues_and_roles_they_have(client, parse_html, demo):
    # Home finds them by semi-joins on ids (nanjingweek/views.py), not by joins: a city with two venues of the
    # edition, or a partner with two roles, is still one entry.
    from events import timeline

    edition = Edition.objects.current(timeline.edition_today(timeline.now()))
    event = edition.events.published().exclude(starts_at=None).select_related("venue__city").first()
    make_event(edition=edition, venue=make_venue(city=event.venue.city), starts_at=event.starts_at)
    role = EventRole.objects.filter(event__edition=edition, organization__logo__gt="").first()
    EventRole.objects.create(
        event=edition.events.exclude(pk=role.event_id).first(), organization=role.organization, role=role.role
    )

    page = parse_html(client.get("/en/").content)
    cities = [link.text for link in page.find("span", class_="hero__cities").find_all("a")]
    logos = [image.attrs["alt"] for image in page.find_all("img") if "/logos/" in image.attrs.get("src", "")]

    assert event.venue.city.name_en in cities and len(cities) == len(set(cities))
    assert logos and len(logos) == len(set(logos))


# --- Search engines -------------------------------------------------------------------------------------


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client, demo):
    entries = sitemap_entries(client)

    expected = {
        path.format(lang=language)
        for name, path in public_pages().items()
        if "?" not in path  # filtered views of the schedule are the schedule, not pages of their own
        for language in LANGUAGES
    }
    assert set(entries) == expected
    for location, alternates in entries.items():
        rest = location.split("/", 2)[2]  # "/de/events/x/" → "events/x/"
        # x-default is the English page, as the pages' own links say (templates/base.html).
        assert alternates == {
            **{code: f"/{code}/{rest}" for code in LANGUAGES},
            "x-default": f"/en/{rest}",
        }, location
    # The page without a language prefix still redirects by the browser's languages.
    forum_default = f"/events/{content.FORUM_SLUG}/"
    assert client.get(forum_default, headers={"accept-language": "de"}).url == f"/de{forum_default}"
    assert client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"}).url == "/zh-hans/"


def test_robots_txt_keeps_admin_out_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)


def test_event_page_has_canonical_url_open_graph_and_description(client, parse_html, demo):
    html = page_of(client, parse_html, f"/de/events/{content.FORUM_SLUG}/")
    head = html.find("head")
    title_de = "Forum für Kulturerbeschutz und Tourismusinnovation"

    assert head.find("link", rel="canonical").attrs["href"] == f"http://testserver/de/events/{content.FORUM_SLUG}/"
    assert head.find("meta", property="og:title").attrs["content"] == title_de
    assert head.find("meta", property="og:url").attrs["content"] == f"http://testserver/de/events/{content.FORUM_SLUG}/"
    assert head.find("meta", property="og:locale").attrs["content"] == "de_DE"
    descriptions = [meta.attrs["content"] for meta in head.find_all("meta") if meta.attrs.get("name") == "description"]
    summary_de = forum().summary_de
    assert len(descriptions) == 1
    assert descriptions[0][:60] == summary_de[:60]
    assert len(descriptions[0]) <= 300
    assert {link.attrs["hreflang"] for link in head.find_all("link", rel="alternate")} == {*LANGUAGES, "x-default"}


def test_event_page_json_ld_describes_the_leipzig_forum(client, parse_html, demo):
    html = page_of(client, parse_html, f"/en/events/{content.FORUM_SLUG}/")
    scripts = html.find_all("script", type="application/ld+json")

    assert [json.loads(script.text)["@type"] for script in scripts] == ["Event", "BreadcrumbList"]
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Cultural Heritage Protection & Tourism Innovation Forum"
    assert data["startDate"] == "2025-11-07T09:30:00+01:00"
    assert data["endDate"] == "2025-11-07T17:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["inLanguage"] == "en"
    assert data["url"] == f"http://testserver/en/events/{content.FORUM_SLUG}/"
    location = data["location"]
    assert location["@type"] == "Place"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["addressLocality"] == "Leipzig"
    assert location["address"]["addressCountry"] == "DE"
    assert location["address"]["streetAddress"]
    assert data["superEvent"]["name"] == forum().edition.name_en
    assert data["superEvent"]["url"] == f"http://testserver/en/editions/{content.EDITION_SLUG}/"
    assert data["organizer"]


def test_event_page_json_ld_follows_language_and_cancellation(client, parse_html, demo):
    Event.objects.filter(slug=content.FORUM_SLUG).update(status="cancelled")

    html = page_of(client, parse_html, f"/zh-hans/events/{content.FORUM_SLUG}/")
    data = json.loads(html.find("script", type="application/ld+json").text)

    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["inLanguage"] == "zh-hans"
    assert data["name"] == "文化遗产保护与旅游创新论坛"
    assert data["startDate"] == "2025-11-07T09:30:00+01:00"


# --- Languages ------------------------------------------------------------------------------------------


def test_fallback_summary_carries_its_own_language(client, parse_html, demo):
    forum_event = forum()
    english_only = make_event(
        slug="english-only",
        edition=forum_event.edition,
        venue=forum_event.venue,
        title_en="Tea ceremony",
        title_de="Teezeremonie",
        summary_en="Green tea from the Purple Mountain, brewed the Nanjing way.",
        starts_at=datetime(2025, 11, 8, 15, 0, tzinfo=BERLIN),
    )

    for path in (f"/de/events/{english_only.slug}/", f"/de/editions/{content.EDITION_SLUG}/"):
        html = page_of(client, parse_html, path)
        holders = [element for element in html.iter() if element.text == english_only.summary_en]
        assert holders, path
        # The innermost element holding the summary declares English; the page itself stays German.
        assert holders[-1].attrs.get("lang") == "en", path
        assert html.find("html").attrs["lang"] == "de"
    # The German title needs no marking; on the English page nothing is marked either.
    html = page_of(client, parse_html, f"/de/events/{english_only.slug}/")
    assert html.find("h1").find_all(lang="en") == []
    html = page_of(client, parse_html, f"/en/events/{english_only.slug}/")
    assert [element for element in html.find("main").iter() if element.attrs.get("lang") == "en"] == []


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", "7 November 2025"), ("de", "7. November 2025"), ("zh-hans", "2025年11月7日")],
)
def test_event_date_is_written_the_way_the_language_writes_it(client, parse_html, demo, language, day):
    html = page_of(client, parse_html, f"/{language}/events/{content.FORUM_SLUG}/")
    when = html.find("dl", class_="facts").find("dd")

    assert when.text.startswith(f"{day}{' ' if language == 'zh-hans' else ', '}09:30"), when.text
    assert when.find("time").attrs["datetime"] == "2025-11-07T09:30:00+01:00"


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "7 November 2025"), ("de", "7. November 2025"), ("zh-hans", "2025年11月7日")],
)
def test_schedule_day_headings_are_written_the_way_the_language_writes_them(
    client, parse_html, demo, language, heading
):
    html = page_of(client, parse_html, f"/{language}/editions/{content.EDITION_SLUG}/")

    assert heading in html.find("h2", id="day-2025-11-07").text


# --- The schedule ---------------------------------------------------------------------------------------


def event_cards(html) -> dict[str, object]:
    """{slug: card element} of the event cards on a page."""
    cards = {}
    for card in html.find_all("article", class_="event-card"):
        href = card.find("a").attrs["href"]
        cards[href.rstrip("/").rsplit("/", 1)[-1]] = card
    return cards


def test_schedule_marks_cancelled_and_postponed_events_and_keeps_them(client, parse_html, demo):
    Event.objects.filter(slug=content.MUNICH_SLUG).update(status="cancelled")
    Event.objects.filter(slug=content.STUTTGART_SLUG).update(status="postponed")

    html = page_of(client, parse_html, f"/en/editions/{content.EDITION_SLUG}/")
    cards = event_cards(html)

    assert set(cards) == set(
        Event.objects.published().filter(edition__slug=content.EDITION_SLUG).values_list("slug", flat=True)
    )
    assert "event-card--cancelled" in cards[content.MUNICH_SLUG].classes
    assert cards[content.MUNICH_SLUG].find("strong", class_="badge--cancelled").text == "Cancelled"
    assert cards[content.STUTTGART_SLUG].find("strong", class_="badge--postponed").text == "Postponed"
    # The forum went ahead: it is neither cancelled nor postponed, only over. The others did not take place.
    assert [badge.text for badge in cards[content.FORUM_SLUG].find_all(class_="badge")] == ["Took place"]
    assert [badge.text for badge in cards[content.MUNICH_SLUG].find_all(class_="badge")] == ["Cancelled"]
    assert [badge.text for badge in cards[content.STUTTGART_SLUG].find_all(class_="badge")] == ["Postponed"]
    assert html.find("p", class_="schedule-count").text.startswith("5 events")


def test_schedule_groups_undated_events_apart(client, parse_html, demo):
    # The Dietfurt encounters belong to the edition to come: the schedule shows it.
    html = page_of(client, parse_html, "/en/schedule/")
    undated_section = next(
        section
        for section in html.find_all("section", class_="schedule-day")
        if section.find("h2").attrs.get("id") == "day-undated"
    )
    dated_sections = [
        section for section in html.find_all("section", class_="schedule-day") if section is not undated_section
    ]

    assert undated_section.find("h2").text == "Dates to be announced"
    assert list(event_cards(undated_section)) == [content.DIETFURT_SLUG]
    assert "In the coming months" in event_cards(undated_section)[content.DIETFURT_SLUG].text
    assert all(content.DIETFURT_SLUG not in event_cards(section) for section in dated_sections)
    # The undated group comes after every day.
    sections = html.find_all("section", class_="schedule-day")
    assert sections[-1] is undated_section
    assert [section.find("h2").attrs["id"] for section in sections[:-1]] == sorted(
        section.find("h2").attrs["id"] for section in sections[:-1]
    )


def test_schedule_filtered_to_nothing_says_so_and_names_the_filter_it_ignored(client, parse_html, demo):
    path = public_pages()["schedule filtered to nothing"].format(lang="en")

    html = page_of(client, parse_html, path)

    assert html.find("main").find_all("article", class_="event-card") == []
    assert html.find("p", class_="schedule-count").text.startswith("0 events · filtered")
    assert html.find("p", class_="empty-state").text.startswith("No event matches these filters.")
    assert html.find("p", role="alert").text == "Some filters were not understood and have been ignored."


def test_second_clock_marks_the_next_day_in_shanghai(client, parse_html, demo):
    forum_event = forum()
    evening = make_event(
        slug="evening-concert",
        edition=forum_event.edition,
        venue=forum_event.venue,
        title_en="Evening concert",
        starts_at=datetime(2025, 11, 7, 20, 0, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 22, 0, tzinfo=BERLIN),
    )

    archive = f"/en/editions/{content.EDITION_SLUG}/?tz=Asia/Shanghai"
    for path in (archive, f"/en/events/{evening.slug}/?tz=Asia/Shanghai"):
        html = page_of(client, parse_html, path)
        main = html.find("main")
        clocks = [
            clock
            for clock in main.find_all("span", class_="second-clock")
            if clock.find_all("time", datetime="2025-11-08T03:00:00+08:00")
        ]
        assert len(clocks) == 1, path
        assert clocks[0].text == "China Standard Time: 03:00–05:00 (next day)"
    # The forum starts the same day in Shanghai and ends at midnight there: only the end is on the next day.
    html = page_of(client, parse_html, f"/en/events/{content.FORUM_SLUG}/?tz=Asia/Shanghai")
    clock = html.find("dl", class_="facts").find("span", class_="second-clock")
    assert clock.find("time").attrs["datetime"] == "2025-11-07T16:30:00+08:00"
    assert clock.text == "China Standard Time: 16:30–00:00 (ends the next day)"
    # Its first agenda session lies wholly within the day in both places: no day is marked.
    session = html.find("ol", class_="agenda").find("span", class_="second-clock")
    assert session.text == "China Standard Time: 16:30–17:00"


def test_schedule_without_second_clock_shows_only_local_times(client, parse_html, demo):
    html = page_of(client, parse_html, "/en/schedule/")

    assert html.find("main").find_all("span", class_="second-clock") == []


# --- Calendars ------------------------------------------------------------------------------------------


def test_demo_calendars_parse_and_put_the_forum_on_7_november_in_berlin(client, demo):
    failures = {}
    for path in feed_paths():
        if ".ics" not in path:
            continue
        response = client.get(path)
        try:
            icalendar.Calendar.from_ical(response.content)
        except ValueError as error:
            failures[path] = str(error)
    assert failures == {}

    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{content.FORUM_SLUG}.ics").content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    # libical, software nobody here wrote, has nothing to say about the whole programme, and starts every event
    # where icalendar does (tests/events/test_calendar_interop.py reads each kind of feed).
    programme = client.get("/schedule.ics?alarm=60").content
    reading = read_calendar(programme)
    assert reading.errors == []
    assert reading.starts == {
        str(item["UID"]): item.decoded("DTSTART").astimezone(dt_timezone.utc)
        for item in icalendar.Calendar.from_ical(programme).walk("VEVENT")
    }
    assert start == datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.date() == date(2025, 11, 7)
