"""Speaker pages: everyone who speaks at a published event, their names in both scripts, their sessions across
events (upcoming first, then those that took place), ordered as the page's language orders names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Speaker
from nanjingweek import page_clock
from tests.factories import (
    SHANGHAI,
    make_city,
    make_edition,
    make_event,
    make_organization,
    make_session,
    make_speaker,
    make_venue,
)
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]


def speaking(speaker, **event_overrides):
    """A session of `speaker` in a new event (published, in Leipzig, unless told otherwise)."""
    session = make_session(event=make_event(**event_overrides))
    session.speakers.add(speaker)
    return session


def zhang_wei(**overrides) -> Speaker:
    values = {
        "slug": "zhang-wei",
        "name_en": "Zhang Wei",
        "name_de": "Zhang Wei",
        "name_zh_hans": "张伟",
        "role_en": "Director",
        "role_de": "Direktor",
        "role_zh_hans": "院长",
        "bio_en": "Has led the museum since 2019.",
        "bio_de": "Leitet das Museum seit 2019.",
        "bio_zh_hans": "自2019年起担任博物馆院长。",
        "organization": make_organization(
            slug="nanjing-museum", name_en="Nanjing Museum", name_de="Nanjing-Museum", name_zh_hans="南京博物院"
        ),
    }
    values.update(overrides)
    return make_speaker(**values)


# --- Who is public ---------------------------------------------------------------------------------------


def test_public_speakers_are_those_with_a_session_in_a_published_event():
    published = make_speaker(slug="published")
    speaking(published)
    cancelled = make_speaker(slug="cancelled")
    speaking(cancelled, status="cancelled")  # cancelled events stay visible, marked: so do their speakers
    only_draft = make_speaker(slug="only-draft")
    speaking(only_draft, status="draft")
    make_speaker(slug="no-session")
    both = make_speaker(slug="both")
    speaking(both, status="draft")
    speaking(both)

    assert list(Speaker.objects.public().order_by("slug")) == [
        Speaker.objects.get(slug="both"),
        cancelled,
        published,
    ]


def test_speaker_without_published_sessions_has_no_page_and_is_not_listed(client, parse_html):
    draft_only = make_speaker(slug="draft-only", name_en="Hidden Person")
    speaking(draft_only, status="draft")
    make_speaker(slug="no-sessions", name_en="Nobody Yet")
    visible = make_speaker(slug="visible", name_en="Visible Person")
    speaking(visible)

    for language in LANGUAGES:
        assert client.get(f"/{language}/speakers/draft-only/").status_code == 404
        assert client.get(f"/{language}/speakers/no-sessions/").status_code == 404
        listed = parse_html(client.get(f"/{language}/speakers/").content).find("main")
        assert [a.attrs["href"] for a in listed.find_all("a")] == [f"/{language}/speakers/visible/"]
    assert b"draft-only" not in sitemap_text(client)


# --- Names in both scripts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", 'Zhang Wei (<span lang="zh-hans">张伟</span>)'),
        ("de", 'Zhang Wei (<span lang="zh-hans">张伟</span>)'),
        ("zh-hans", '张伟（<span lang="en">Zhang Wei</span>）'),
    ],
)
def test_speaker_name_in_the_pages_script_first_and_the_other_beside_it(client, language, heading):
    speaking(zhang_wei())

    detail = client.get(f"/{language}/speakers/zhang-wei/").content.decode()
    listing = client.get(f"/{language}/speakers/").content.decode()

    assert f"<h1>{heading}</h1>" in detail
    assert f'<a href="/{language}/speakers/zhang-wei/">{heading}</a>' in listing


@pytest.mark.parametrize(
    ("language", "anna", "li_na"),
    [
        ("en", "<h1>Anna Schreiber</h1>", "<h1>Li Na</h1>"),
        ("de", "<h1>Anna Schreiber</h1>", "<h1>Li Na</h1>"),
        # No Chinese name: the English one is the fallback, marked as English, with nothing beside it.
        ("zh-hans", '<h1><span lang="en">Anna Schreiber</span></h1>', "<h1>Li Na</h1>"),
    ],
)
def test_speaker_name_alone_where_the_other_script_gives_nothing_else(client, language, anna, li_na):
    speaking(make_speaker(slug="anna", name_en="Anna Schreiber", name_de="Anna Schreiber"))
    speaking(make_speaker(slug="li-na", name_en="Li Na", name_de="Li Na", name_zh_hans="Li Na"))

    assert anna in client.get(f"/{language}/speakers/anna/").content.decode()
    assert li_na in client.get(f"/{language}/speakers/li-na/").content.decode()


def test_speaker_page_shows_photo_role_at_organization_and_bio_in_the_pages_language(client, parse_html):
    speaking(zhang_wei())

    english = parse_html(client.get("/en/speakers/zhang-wei/").content)
    chinese = parse_html(client.get("/zh-hans/speakers/zhang-wei/").content)

    assert english.find("p", class_="lead").text == "Director, Nanjing Museum"
    assert english.find("p", class_="lead").find("a").attrs["href"] == "/en/partners/nanjing-museum/"
    assert chinese.find("p", class_="lead").text == "南京博物院院长"
    assert english.find("div", class_="prose").text == "Has led the museum since 2019."
    assert chinese.find("div", class_="prose").text == "自2019年起担任博物馆院长。"


# --- Sessions across events -------------------------------------------------------------------------------


def test_speaker_sessions_across_events_upcoming_first_then_took_place(client, parse_html):
    speaker = zhang_wei()
    now = timezone.now()
    edition = make_edition()
    nanjing = make_venue(slug="nanjing-hall", city=make_city(slug="nanjing", country="CN", timezone="Asia/Shanghai"))
    soon = speaking(speaker, slug="soon", edition=edition, starts_at=now + timedelta(days=3), title_en="Soon")
    later = speaking(speaker, slug="later", edition=edition, starts_at=now + timedelta(days=40), venue=nanjing)
    undated = speaking(speaker, slug="undated", edition=edition, starts_at=None)
    long_ago = speaking(speaker, slug="long-ago", edition=edition, starts_at=now - timedelta(days=400))
    recent = speaking(speaker, slug="recent", edition=edition, starts_at=now - timedelta(days=10))
    speaking(speaker, slug="secret", edition=edition, status="draft")

    html = parse_html(client.get("/en/speakers/zhang-wei/").content)
    upcoming = html.find("section", **{"aria-labelledby": "upcoming-sessions"})
    past = html.find("section", **{"aria-labelledby": "past-sessions"})

    def links(section):
        return [card.find("a").attrs["href"] for card in section.find_all("li", class_="event-card")]

    assert html.find("h2", id="upcoming-sessions").text == "Upcoming"
    assert html.find("h2", id="past-sessions").text == "Took place"
    assert links(upcoming) == [session.get_absolute_url() for session in (soon, later, undated)]
    assert links(past) == [session.get_absolute_url() for session in (recent, long_ago)]
    assert "/en/events/secret/" not in str(client.get("/en/speakers/zhang-wei/").content)
    # Times in the venue's zone: the session in Nanjing in China Standard Time.
    nanjing_card = upcoming.find_all("li", class_="event-card")[1]
    start = nanjing_card.find("time").attrs["datetime"]
    assert start == later.starts_at.astimezone(SHANGHAI).isoformat()
    assert upcoming.find_all("li", class_="event-card")[2].find_all("p")[1].text == "in the coming months"


def test_speaker_with_only_past_sessions_has_no_upcoming_section(client, parse_html):
    speaker = zhang_wei()
    speaking(speaker, starts_at=timezone.now() - timedelta(days=30))

    html = parse_html(client.get("/de/speakers/zhang-wei/").content)

    assert html.find_all("section", **{"aria-labelledby": "upcoming-sessions"}) == []
    assert html.find("h2", id="past-sessions").text == "Hat stattgefunden"


def test_agenda_links_speakers_to_their_pages(client, parse_html):
    session = speaking(zhang_wei())

    html = parse_html(client.get(f"/de{session.event.get_absolute_url()[3:]}").content)

    agenda_links = [a.attrs["href"] for a in html.find("p", class_="agenda__speakers").find_all("a")]
    assert agenda_links == ["/de/speakers/zhang-wei/"]
    on_page = html.find("li", class_="speaker", id=f"speaker-{session.speakers.get().pk}")
    assert on_page.find("h3").find("a").attrs["href"] == "/de/speakers/zhang-wei/"


# --- Order per language -----------------------------------------------------------------------------------


def test_speaker_list_orders_names_as_the_pages_language_does(client, parse_html):
    names = [
        ("oeztuerk", "Öztürk Ayşe", "Öztürk Ayşe"),
        ("zhou", "Zhou Min", "周敏"),
        ("an", "An Qi", "安琪"),
        ("liu", "Liu Haitao", "刘海涛"),
        ("oberg", "Oberg Lena", "奥贝格"),
        ("becker", "Becker Jan", "贝克尔"),
    ]
    for slug, latin, chinese in names:
        speaking(make_speaker(slug=slug, name_en=latin, name_zh_hans=chinese))

    def order(language):
        html = parse_html(client.get(f"/{language}/speakers/").content)
        return [a.attrs["href"].rstrip("/").rsplit("/", 1)[-1] for a in html.find("main").find_all("a")]

    # Ö beside O (DIN 5007-1), not after Z.
    assert order("de") == order("en") == ["an", "becker", "liu", "oberg", "oeztuerk", "zhou"]
    # By pinyin: 安 ān, 奥 ào, 贝 bèi, 刘 liú, 周 zhōu; a name in Latin letters by its letters (Ö after any syllable).
    assert order("zh-hans") == ["an", "oberg", "becker", "liu", "zhou", "oeztuerk"]


# --- Every language, and queries that do not grow ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_speaker_pages_answer_in_every_language(client, language):
    speaking(zhang_wei())

    for path in ("/{lang}/speakers/", "/{lang}/speakers/zhang-wei/"):
        response = client.get(path.format(lang=language))
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.content.decode()


def speakers_and_sessions(size: int) -> Speaker:
    """`size` speakers, each with `size` sessions in `size` events, half of them past; the first one returned."""
    now = timezone.now()
    edition = make_edition()
    nanjing = make_venue(city=make_city(country="CN", timezone="Asia/Shanghai"))
    leipzig = make_venue()
    events = [
        make_event(
            edition=edition,
            venue=nanjing if index % 2 else leipzig,
            starts_at=now + timedelta(days=10 * (index - size // 2)) if index else None,
        )
        for index in range(size)
    ]
    speakers = []
    for index in range(size):
        speaker = make_speaker(name_zh_hans=f"张{index}", organization=make_organization(), photo_alt_en="Portrait")
        for event in events:
            make_session(event=event).speakers.add(speaker)
        speakers.append(speaker)
    return speakers[0]


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize(("page", "budget"), [("list", 2), ("detail", 4)])
def test_speaker_page_queries_do_not_grow_with_speakers_or_sessions(
    client, django_assert_num_queries, size, page, budget
):
    speaker = speakers_and_sessions(size)
    path = "/de/speakers/" if page == "list" else f"/de/speakers/{speaker.slug}/"

    with django_assert_num_queries(budget + page_clock.QUERIES):
        response = client.get(path)

    assert response.status_code == 200
