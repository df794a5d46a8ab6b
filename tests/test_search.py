"""Search (nanjingweek/search.py, /<lang>/search/?q=): any language's text finds events, exhibitions, exhibits,
partners, speakers and news, Chinese by substring; one query per kind whatever is found; no input answers
with a server error, and nothing typed is shown unescaped. With the demo programme: tests/test_search_demo.py.

Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the matching must be the same on both.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.utils import timezone

from nanjingweek import page_clock, search
from tests.factories import (
    make_event,
    make_exhibit,
    make_exhibition,
    make_organization,
    make_session,
    make_speaker,
)
from tests.sitemaps import sitemap_text

LANGUAGES = ["en", "de", "zh-hans"]


def news_model():
    return apps.get_model("nanjingweek", "NewsArticle")


def make_news(**overrides):
    values = {"slug": f"news-{timezone.now().timestamp()}", "title_en": "News", "status": "published"}
    values.update(overrides)
    return news_model().objects.create(**values)


def found(client, query: str, language: str = "en") -> dict[str, list[str]]:
    """{kind: [paths of the results]} of the search page for `query`."""
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return {
        group.kind.key: [hit.object.get_absolute_url() for hit in group.hits] for group in response.context["groups"]
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_without_query_invites_one_and_searches_nothing(client, parse_html, db, language):
    response = client.get(f"/{language}/search/")
    html = parse_html(response.content)

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert html.find("main").find("p", class_="empty-state").text
    assert html.find("main").find_all("section") == []


def test_search_page_is_kept_out_of_search_engines(client, parse_html, db):
    response = client.get("/en/search/", {"q": "Nanjing"})

    assert response["X-Robots-Tag"] == "noindex"
    assert parse_html(response.content).find("meta", name="robots").attrs["content"] == "noindex"
    assert b"/search/" not in sitemap_text(client)


def test_every_page_has_the_search_box_in_its_header(client, parse_html, db):
    html = parse_html(client.get("/de/").content)

    form = html.find("header").find("form", class_="site-search")
    assert form.attrs["method"] == "get"
    assert form.attrs["action"] == "/de/search/"
    field = form.find("input", name="q")
    assert form.find("label", **{"for": field.attrs["id"]}).text == "Im Programm suchen"
    assert form.find("button").attrs["type"] == "submit"


# --- What is searched, and what is not --------------------------------------------------------------------


@pytest.mark.django_db
def test_search_finds_every_translated_text_column_of_every_kind():
    event = make_event(description_zh_hans="这是一段中文描述。", theme_de="Gemeinsames Erbe")
    exhibition = make_exhibition(description_de="Eine Ausstellung über Ziegelsteine.")
    exhibit = make_exhibit(exhibition=exhibition, credit_en="Photo: the brick archive")
    organization = make_organization(description_zh_hans="一家位于南京的机构。")
    speaker = make_speaker(bio_de="Forscht über Ziegelinschriften.")
    make_session(event=event).speakers.add(speaker)

    def kinds_found(query):
        return {group.kind.key: [hit.object for hit in group.hits] for group in search.search(query) if group.count}

    assert kinds_found("中文描述") == {"events": [event]}
    assert kinds_found("gemeinsames erbe") == {"events": [event]}
    assert kinds_found("Ziegelsteine") == {"exhibitions": [exhibition]}
    assert kinds_found("brick archive") == {"exhibits": [exhibit]}
    assert kinds_found("位于南京") == {"partners": [organization]}
    assert kinds_found("Ziegelinschriften") == {"speakers": [speaker]}


@pytest.mark.django_db
def test_search_never_finds_what_visitors_may_not_see():
    draft = make_event(title_en="Secret rehearsal", status="draft")
    make_exhibition(title_en="Secret exhibition", is_published=False)
    hidden_speaker = make_speaker(name_en="Secret Speaker")
    make_session(event=draft).speakers.add(hidden_speaker)
    if news_model() is not None:
        make_news(slug="secret-draft-news", title_en="Secret news", status="draft")
        make_news(slug="secret-future-news", title_en="Secret plan", published_at=timezone.now() + timedelta(days=1))

    assert [group.count for group in search.search("Secret")] == [0] * len(search.search("Secret"))


@pytest.mark.django_db
def test_search_needs_every_word_somewhere_in_any_language_and_ranks_titles_first():
    in_description = make_event(slug="a-description", title_en="Evening", description_de="Ein Abend über Ziegel.")
    in_title = make_event(slug="z-title", title_en="Brick evening", title_de="Ziegelabend")
    make_event(slug="only-one-word", title_en="Ziegel")

    (events,) = [group for group in search.search("Ziegel Abend") if group.kind.key == "events"]

    # "Ziegel" and "Abend" both in the German title of one, in the German description of the other.
    assert [hit.object for hit in events.hits] == [in_title, in_description]


@pytest.mark.django_db
def test_search_shows_the_first_results_of_a_kind_and_counts_the_rest(client, parse_html):
    for index in range(search.RESULTS_PER_GROUP + 5):
        make_event(slug=f"walk-{index:02}", title_en=f"City wall walk {index}")

    response = client.get("/en/search/", {"q": "wall walk"})
    (events,) = response.context["groups"]
    html = parse_html(response.content)

    assert (events.count, len(events.hits), events.more) == (25, 20, 5)
    section = html.find("section", **{"aria-labelledby": "results-events"})
    assert len(section.find_all("li", class_="search-hit")) == 20
    assert section.find("p", class_="muted").text == "And 5 more. Add a word to narrow the search."


@pytest.mark.django_db
def test_news_is_searched_once_the_site_has_news():
    article = make_news(slug="forum-report", title_en="Report", lead_de="Das Forum in Leipzig war ein Erfolg.")

    results = {group.kind.key: group for group in search.search("ein Erfolg")}

    assert [hit.object for hit in results["news"].hits] == [article]


# --- Cleaning the query -----------------------------------------------------------------------------------


def test_clean_query_drops_what_is_no_text_and_collapses_spaces():
    assert search.clean_query("  Stadt\x00mauer \t\n Leipzig\u202e ") == "Stadtmauer Leipzig"
    assert search.clean_query("\x00\x01\x7f") == ""
    assert search.clean_query(None) == ""
    # Decomposed umlauts (as some keyboards send them) are composed, as the stored text is.
    assert search.clean_query("Mu\u0308nchen") == "München"
    assert search.clean_query("x" * search.MAX_QUERY_LENGTH) == "x" * search.MAX_QUERY_LENGTH
    with pytest.raises(search.QueryTooLong):
        search.clean_query("x" * (search.MAX_QUERY_LENGTH + 1))


@pytest.mark.django_db
def test_percent_and_underscore_match_only_themselves():
    percent = make_event(slug="percent", title_en="100% renewable")
    underscore = make_event(slug="underscore", title_en="snake_case workshop")
    make_event(slug="plain", title_en="Plain forum")

    def events(query):
        return next(group for group in search.search(query) if group.kind.key == "events").hits

    assert [hit.object for hit in events("%")] == [percent]
    assert [hit.object for hit in events("_")] == [underscore]


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        "\x00",
        "Leipzig\x00",
        "%",
        "_",
        "%%__",
        "\\",
        "'",
        '"',
        "' OR 1=1 --",
        '"; DROP TABLE events_event; --',
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7|add:7 }}{% debug %}",
        "\u202e\u200b\ufeff",
        "\ud800",
        "城墙 " * 60,
        "a " * 100,
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_queries_never_cause_a_server_error_and_are_shown_escaped(client, db, query, language):
    make_event(title_en="Leipzig forum")

    response = client.get(f"/{language}/search/?q={quote(query, safe='', errors='surrogatepass')}")

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("{{ 7|add:7 }}", "{{ 7|add:7 }}"),  # text, never a template
    ],
)
def test_query_is_shown_as_the_text_typed(client, db, query, shown):
    html = client.get("/en/search/", {"q": query}).content.decode()

    assert f'value="{shown}"' in html  # in the search boxes
    assert f"“{shown}”" in html  # in "Nothing was found for …"


def test_raw_bytes_that_are_no_utf8_do_not_cause_a_server_error(client, db):
    for raw in ("%FF", "%ED%A0%80", "%C0%80", "%00%00", "%E5%9F"):
        response = client.get(f"/en/search/?q={raw}")
        assert response.status_code in (200, 400), raw


@pytest.mark.django_db
def test_too_long_query_is_not_searched_and_says_so(client, parse_html, django_assert_num_queries):
    with django_assert_num_queries(1 + page_clock.QUERIES):  # the header's current edition: no search at all
        response = client.get("/de/search/", {"q": "Stadtmauer " * 30})
    html = parse_html(response.content)

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert html.find("p", role="alert").text == (
        "Die Suche wurde nicht ausgeführt: Sie war länger als 200 Zeichen. Bitte verwenden Sie weniger Wörter."
    )


# --- Queries do not grow with what is found ---------------------------------------------------------------


def matching_programme(size: int) -> None:
    """`size` objects of every kind whose text holds the word "Heritage" somewhere."""
    for index in range(size):
        event = make_event(title_en=f"Heritage forum {index}")
        exhibition = make_exhibition(description_en="Heritage on show.")
        make_exhibit(exhibition=exhibition, title_en=f"Heritage piece {index}")
        make_organization(name_en=f"Heritage office {index}")
        speaker = make_speaker(bio_en="Works on heritage.", organization=make_organization())
        make_session(event=event).speakers.add(speaker)
        if news_model() is not None:
            make_news(slug=f"heritage-{index}", title_en=f"Heritage news {index}")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 1, 6])
def test_search_queries_do_not_grow_with_the_results(client, django_assert_num_queries, size):
    matching_programme(size)
    per_kind = len(search.searched_kinds())

    # The header's current edition, then one per kind.
    with django_assert_num_queries(1 + per_kind + page_clock.QUERIES):
        response = client.get("/zh-hans/search/", {"q": "heritage"})

    assert response.status_code == 200
    assert sum(group.count for group in response.context["groups"]) == size * per_kind
