"""Search with the demo programme (`manage.py load_demo`): each language's text finds what it names, Chinese
included (文化遗产 finds the Leipzig forum, "Stadtmauer" the exhibition), grouped by kind with counts, and a search
that finds nothing says what was searched. On SQLite and on PostgreSQL (DATABASE_URL=postgres://…).

The factory-built cases (hostile input, query counts, what is never found) are in tests/test_search.py: the demo
loaded for this module would be in their database too.
"""

from __future__ import annotations

import pytest

from events.demo import content
from nanjingweek import search
from tests.test_search import found

# --- The demo -------------------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_once, db, settings):
    settings.MEDIA_ROOT = demo_once


FORUM = f"/en/events/{content.FORUM_SLUG}/"
EXHIBITION = f"/en/exhibitions/{content.EXHIBITION['slug']}/"


@pytest.mark.parametrize(
    ("query", "kind", "path"),
    [
        ("文化遗产", "events", FORUM),  # Chinese, inside 文化遗产保护与旅游创新论坛: no word boundaries needed
        ("Heritage Protection & Tourism", "events", FORUM),  # English
        ("Kulturerbeschutz", "events", FORUM),  # German
        ("Stadtmauer", "exhibitions", EXHIBITION),  # German
        ("STADTMAUER", "exhibitions", EXHIBITION),  # case-insensitive for Latin text
        ("ming city wall", "exhibitions", EXHIBITION),  # English, lower case
        ("南京明城墙", "exhibits", None),  # Chinese exhibit titles
        ("刘海涛", "speakers", "/en/speakers/liu-haitao/"),  # a speaker by the Chinese name
        ("Wissenschaftlicher Mitarbeiter", "speakers", "/en/speakers/liu-haitao/"),  # by the German role
        ("城墙博物馆", "partners", "/en/partners/nanjing-city-wall-museum/"),
    ],
)
def test_demo_search_finds_by_each_languages_text(client, demo, query, kind, path):
    results = found(client, query)

    assert kind in results, results
    if path is not None:
        assert path in results[kind]
    else:
        assert results[kind]


def test_demo_search_shows_results_in_the_pages_language_whatever_language_matched(client, parse_html, demo):
    for language, title in (
        ("en", "Cultural Heritage Protection & Tourism Innovation Forum"),
        ("de", "Forum für Kulturerbeschutz und Tourismusinnovation"),
        ("zh-hans", "文化遗产保护与旅游创新论坛"),
    ):
        html = parse_html(client.get(f"/{language}/search/", {"q": "Kulturerbeschutz"}).content)
        events = html.find("section", **{"aria-labelledby": "results-events"})
        assert title in [link.text for link in events.find_all("a")], language


def test_demo_search_groups_by_kind_with_counts(client, parse_html, demo):
    response = client.get("/de/search/", {"q": "Leipzig"})
    groups = response.context["groups"]
    html = parse_html(response.content)

    order = [kind.key for kind in search.KINDS]
    assert [group.kind.key for group in groups] == sorted((group.kind.key for group in groups), key=order.index)
    assert len(groups) >= 4
    for group in groups:
        heading = html.find("h2", id=f"results-{group.kind.key}")
        assert heading.text.endswith(f"({group.count})")
        assert len(html.find("section", **{"aria-labelledby": f"results-{group.kind.key}"}).find_all("h3")) == min(
            group.count, search.RESULTS_PER_GROUP
        )
    total = sum(group.count for group in groups)
    assert html.find("p", class_="search-count").text == f"{total} Treffer für „Leipzig“"


@pytest.mark.parametrize(
    ("language", "empty", "searched"),
    [
        ("en", "Nothing was found for “Xylophon”.", "Searched in English, German and Chinese: Events, Exhibitions"),
        ("de", "Für „Xylophon“ wurde nichts gefunden.", "Auf Deutsch, Englisch und Chinesisch durchsucht: "),
        ("zh-hans", "未找到与“Xylophon”相关的内容。", "已在中文、英文和德文内容中搜索："),
    ],
)
def test_demo_search_that_finds_nothing_says_what_was_searched(client, parse_html, demo, language, empty, searched):
    html = parse_html(client.get(f"/{language}/search/", {"q": "Xylophon"}).content)
    main = html.find("main")

    assert main.find("p", class_="empty-state").text.startswith(empty)
    assert main.find_all("section") == []
    assert main.find_all("p", class_="muted")[-1].text.startswith(searched)


def test_demo_news_is_found_by_its_title_in_each_language(client, demo):
    from tests.test_search import news_model

    articles = list(news_model().objects.published())
    assert articles, "the demo loads the committee's press release as news"
    for article in articles:
        for language in ("en", "de", "zh_hans"):
            title = getattr(article, f"title_{language}")
            if title:
                assert article.get_absolute_url() in found(client, title).get("news", []), (language, title)
