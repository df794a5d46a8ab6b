"""The news: what the public sees (published, never drafts), the Atom feed per language, the sanitiser, pagination,
the article page's metadata, the links from home and from events, and the demo's first article."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.demo import content
from events.demo.news import LEIPZIG_FORUM_ARTICLE_SLUG
from events.models import Event
from exhibitions.models import Exhibition
from nanjingweek import page_clock
from nanjingweek.html import clean_html
from nanjingweek.models import NewsArticle
from partners.models import Organization
from tests.constraints import refused_by
from tests.factories import (
    SHANGHAI,
    image_file,
    make_edition,
    make_event,
    make_exhibition,
    make_news_article,
    make_organization,
    make_site_owner,
)
from tests.sitemaps import sitemap_entries
from tests.test_third_party import foreign_urls

LANGUAGES = ["en", "de", "zh-hans"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def trilingual(slug: str, **overrides) -> NewsArticle:
    values = {
        "title_en": "Forum in Leipzig",
        "title_de": "Forum in Leipzig",
        "title_zh_hans": "莱比锡论坛",
        "lead_en": "Seventy representatives met.",
        "lead_de": "Siebzig Vertreter trafen sich.",
        "lead_zh_hans": "70位代表齐聚一堂。",
        "body_en": "English body.",
        "body_de": "Deutscher Text.",
        "body_zh_hans": "中文正文。",
    }
    values.update(overrides)
    return make_news_article(slug=slug, **values)


# --- The sanitiser -----------------------------------------------------------------------------------------

HOSTILE = [
    '<script>alert("x")</script>Text',
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>Text",
    '<p onclick="alert(1)" onmouseover="alert(2)">Text</p>',
    '<img src="x" onerror="alert(1)">Text',
    '<a href="javascript:alert(1)">Text</a>',
    '<a href="JaVaScRiPt:alert(1)">Text</a>',
    '<a href=" javascript:alert(1)">Text</a>',
    '<a href="java&#x09;script:alert(1)">Text</a>',
    '<a href="&#106;avascript:alert(1)">Text</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Text</a>',
    '<a href="vbscript:msgbox(1)">Text</a>',
    "<style>body { display: none }</style>Text",
    '<p style="background: url(javascript:alert(1))">Text</p>',
    '<iframe src="https://evil.example/"></iframe>Text',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>Text',
    '<form action="https://evil.example/"><input name="x"></form>Text',
    '<object data="x.swf"></object><embed src="x.swf">Text',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>Text",
    "<!-- <script>alert(1)</script> -->Text",
    '<a href="/en/events/" target="_blank" onfocus="alert(1)" autofocus>Text</a>',
    "<p><scr<script>ipt>alert(1)</scr</script>ipt>Text</p>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">Text',
    '<base href="https://evil.example/">Text',
    '<h2 id="x" class="y" data-x="1">Text</h2>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sanitiser_strips_scripts_handlers_and_script_urls(hostile):
    cleaned = clean_html(hostile).lower()

    assert "Text".lower() in cleaned
    for trace in ("<script", "javascript", "vbscript", "data:", "onerror", "onclick", "onload", "onmouseover"):
        assert trace not in cleaned, trace
    for trace in ("onfocus", "style", "<iframe", "<svg", "<form", "<input", "<img", "<object", "<embed", "<meta"):
        assert trace not in cleaned, trace
    for trace in ("<base", "<math", "autofocus", "target=", "class=", "id=", "data-x", "evil.example"):
        assert trace not in cleaned, trace


def test_sanitiser_keeps_the_allowed_subset_exactly():
    written = (
        "<h2>The forum</h2>\n\n"
        '<p>Read <a href="https://www.leipzig.de/">Leipzig</a>, <a href="/en/events/">the events</a> and '
        '<a href="mailto:info@nanjingweek.example">write</a>: <strong>70</strong> <em>guests</em>.</p>\n\n'
        "<ul><li>One</li></ul>\n\n<ol><li>Two</li></ol>\n\n<h3>Quote</h3>\n\n<blockquote>Common heritage</blockquote>"
    )

    assert clean_html(written) == (
        "<h2>The forum</h2>\n"
        '<p>Read <a href="https://www.leipzig.de/">Leipzig</a>, <a href="/en/events/">the events</a> and '
        '<a href="mailto:info@nanjingweek.example">write</a>: <strong>70</strong> <em>guests</em>.</p>\n'
        "<ul><li>One</li></ul>\n<ol><li>Two</li></ol>\n<h3>Quote</h3>\n<blockquote>Common heritage</blockquote>"
    )


def test_sanitiser_turns_plain_paragraphs_into_paragraphs_and_escapes_text():
    assert clean_html("First line\nsecond line\n\nA < B & C\r\n\r\n\r\n") == (
        "<p>First line<br>\nsecond line</p>\n<p>A &lt; B &amp; C</p>"
    )
    assert clean_html("") == ""
    assert clean_html('<img src="x">') == ""


def test_sanitiser_drops_the_href_of_a_script_link_and_keeps_its_text():
    assert clean_html('<a href="javascript:alert(1)">Read more</a>') == "<p><a>Read more</a></p>"


@pytest.mark.django_db
def test_hostile_body_is_cleaned_on_the_page_and_in_the_feed(client):
    make_news_article(
        slug="hostile",
        body_en='<p onclick="steal()">Hello</p><script>steal()</script><a href="javascript:steal()">link</a>',
    )

    page = client.get("/en/news/hostile/").content.decode()
    feed = client.get("/en/news/feed/").content.decode()

    assert "<p>Hello</p>" in page
    for text in (page, feed):
        assert "steal()" not in text
        assert "javascript:" not in text


# --- What the public sees --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_published_articles_are_public_and_drafts_and_future_ones_are_not():
    now = timezone.now()
    public = make_news_article(slug="public", published_at=now - timedelta(minutes=1))
    make_news_article(slug="draft", status=NewsArticle.Status.DRAFT, published_at=now - timedelta(days=1))
    make_news_article(slug="scheduled", published_at=now + timedelta(minutes=1))

    assert list(NewsArticle.objects.published(now)) == [public]
    assert set(NewsArticle.objects.published(now + timedelta(minutes=2)).values_list("slug", flat=True)) == {
        "public",
        "scheduled",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_draft_and_scheduled_articles_are_404_and_absent_from_list_feed_sitemap_and_home(client, language):
    make_edition(is_current=True)
    make_news_article(slug="public-article")
    make_news_article(slug="secret-draft", status=NewsArticle.Status.DRAFT)
    make_news_article(slug="secret-scheduled", published_at=timezone.now() + timedelta(days=1))

    assert client.get(f"/{language}/news/public-article/").status_code == 200
    assert client.get(f"/{language}/news/secret-draft/").status_code == 404
    assert client.get(f"/{language}/news/secret-scheduled/").status_code == 404
    for path in (f"/{language}/news/", f"/{language}/news/feed/", "/sitemap-news.xml", f"/{language}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"public-article" in response.content, path
        assert b"secret-" not in response.content, path


@pytest.mark.django_db
def test_news_list_is_newest_first(client):
    for day in (3, 1, 2):
        make_news_article(slug=f"day-{day}", published_at=datetime(2025, 11, day, 12, 0, tzinfo=SHANGHAI))

    response = client.get("/en/news/")

    assert [article.slug for article in response.context["articles"]] == ["day-3", "day-2", "day-1"]


@pytest.mark.django_db
def test_news_list_says_so_when_there_is_nothing(client, parse_html):
    html = parse_html(client.get("/de/news/").content)

    assert html.find("p", class_="empty-state").text == "Es wurden noch keine Nachrichten veröffentlicht."


# --- Pagination ----------------------------------------------------------------------------------------------


@pytest.fixture
def eleven_articles(db):
    start = datetime(2025, 11, 1, 12, 0, tzinfo=SHANGHAI)
    return [
        make_news_article(slug=f"article-{index:02d}", published_at=start + timedelta(days=index))
        for index in range(11)
    ]


def test_news_pages_hold_ten_articles_each(client, parse_html, eleven_articles):
    first = client.get("/en/news/")
    second = client.get("/en/news/?page=2")

    assert [article.slug for article in first.context["articles"]] == [f"article-{i:02d}" for i in range(10, 0, -1)]
    assert [article.slug for article in second.context["articles"]] == ["article-00"]
    nav = parse_html(first.content).find("nav", class_="pagination")
    assert nav.text == "Page 1 of 2 Older articles"
    assert nav.find("a", rel="next").attrs["href"] == "?page=2"
    back = parse_html(second.content).find("nav", class_="pagination").find("a", rel="prev")
    assert back.attrs["href"] == "/en/news/"
    # The second page is a page of its own for search engines, the first is the list itself.
    assert parse_html(second.content).find("link", rel="canonical").attrs["href"] == "http://testserver/en/news/?page=2"
    assert parse_html(first.content).find("link", rel="canonical").attrs["href"] == "http://testserver/en/news/"


@pytest.mark.parametrize("page", ["0", "3", "-1", "abc", "1.5", "99999999999999999999999", "1%27%20OR%201=1"])
def test_news_page_that_does_not_exist_is_404(client, eleven_articles, page):
    assert client.get(f"/en/news/?page={page}").status_code == 404


@pytest.mark.parametrize("page", ["%00", "last%00"])
def test_news_page_with_a_nul_is_a_bad_request(client, eleven_articles, page):
    # Refused before the view by nanjingweek.request_guards: no text with NUL reaches a query.
    assert client.get(f"/en/news/?page={page}").status_code == 400


@pytest.mark.parametrize("page", ["1", "2", "last", ""])
def test_news_pages_that_exist_answer(client, eleven_articles, page):
    assert client.get(f"/en/news/?page={page}").status_code == 200


# --- The Atom feed ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "lead", "author"),
    [
        ("en", "Forum in Leipzig", "Seventy representatives met.", "China Nanjing Week"),
        ("de", "Forum in Leipzig", "Siebzig Vertreter trafen sich.", "China-Nanjing-Woche"),
        ("zh-hans", "莱比锡论坛", "70位代表齐聚一堂。", "中国南京周"),
    ],
)
def test_feed_parses_and_carries_its_language_and_entries_in_it(client, language, title, lead, author):
    trilingual("forum-report", body_zh_hans="中文正文。\n\n<script>x()</script>第二段。")
    make_news_article(
        slug="english-only", title_en="Only in English", published_at=datetime(2025, 11, 1, tzinfo=SHANGHAI)
    )

    response = client.get(f"/{language}/news/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == language
    assert ElementTree.fromstring(response.content).get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert feed.feed.link == f"http://testserver/{language}/news/"
    assert [entry.title for entry in feed.entries] == [title, "Only in English"]
    first = feed.entries[0]
    assert first.link == f"http://testserver/{language}/news/forum-report/"
    assert first.summary == lead
    assert first.published_parsed[:5] == (2025, 11, 12, 2, 0)  # 10:00 in Nanjing
    assert feed.feed.author == author
    if language == "zh-hans":
        assert first.content[0].value == "<p>中文正文。</p>\n<p>第二段。</p>"
    # A self link, so that readers find the feed again.
    assert any(
        link.rel == "self" and link.href == f"http://testserver/{language}/news/feed/" for link in feed.feed.links
    )


@pytest.mark.django_db
def test_feed_without_articles_is_a_valid_empty_feed(client):
    feed = feedparser.parse(client.get("/de/news/feed/").content)

    assert not feed.bozo
    assert feed.entries == []
    assert feed.feed.title == "China-Nanjing-Woche: Aktuelles"


@pytest.mark.django_db
def test_feed_author_is_the_site_owner_once_entered(client):
    make_site_owner()
    make_news_article()

    feed = feedparser.parse(client.get("/zh-hans/news/feed/").content)

    assert feed.feed.author == "南京周组委会"


# --- The article page ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_shows_its_text_and_what_it_relates_to(client, parse_html, media):
    make_edition(is_current=True)
    event = make_event(slug="forum", title_en="Heritage forum", title_de="Forum für Kulturerbe")
    draft_event = make_event(slug="draft-event", title_en="Secret event", status="draft")
    exhibition = make_exhibition(slug="wall", title_en="The wall")
    hidden_exhibition = make_exhibition(slug="hidden", title_en="Hidden show", is_published=False)
    partner = make_organization(slug="committee", name_en="Committee", name_de="Komitee")
    article = trilingual(
        "forum-report",
        body_de="<h2>Bericht</h2>\n\nErster Absatz.\n\n<ul><li>Punkt</li></ul>",
        image=image_file("forum.png", size=(800, 600)),
        image_alt_en="The hall",
        image_alt_de="Der Saal",
    )
    article.related_events.set([event, draft_event])
    article.related_exhibitions.set([exhibition, hidden_exhibition])
    article.related_partners.set([partner])

    response = client.get("/de/news/forum-report/")
    html = parse_html(response.content)

    assert response.status_code == 200
    main = html.find("main")
    assert main.find("h1").text == "Forum in Leipzig"
    assert main.find("time").attrs["datetime"] == "2025-11-12T03:00:00+01:00"
    assert main.find("time").text == "12. November 2025"
    assert main.find("p", class_="lead").text == "Siebzig Vertreter trafen sich."
    assert main.find("img").attrs["alt"] == "Der Saal"
    prose = main.find("div", class_="prose")
    assert [child.tag for child in prose.children if not isinstance(child, str)] == ["h2", "p", "ul"]
    related = main.find("section", class_="news-article__related")
    assert [link.text for link in related.find_all("a")] == ["Forum für Kulturerbe", "The wall", "Komitee"]
    assert b"Secret event" not in response.content
    assert b"Hidden show" not in response.content


@pytest.mark.django_db
def test_article_page_marks_text_in_the_fallback_language(client, parse_html):
    make_news_article(slug="english", title_en="In English", lead_en="Only English.", body_en="English text.")

    html = parse_html(client.get("/zh-hans/news/english/").content)
    main = html.find("main")

    assert main.find("h1").find("span", lang="en").text == "In English"
    assert main.find("p", class_="lead").attrs["lang"] == "en"
    assert main.find("div", class_="prose").attrs["lang"] == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_article_page_has_news_article_json_ld_open_graph_and_the_feed_link(client, parse_html, language, media):
    trilingual("forum-report", image=image_file("forum.png"), image_alt_en="The hall")

    html = parse_html(client.get(f"/{language}/news/forum-report/").content)
    head = html.find("head")

    article, breadcrumbs = (json.loads(script.text) for script in head.find_all("script", type="application/ld+json"))
    assert breadcrumbs["@type"] == "BreadcrumbList"
    data = article
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == {"zh-hans": "莱比锡论坛"}.get(language, "Forum in Leipzig")
    assert data["inLanguage"] == language
    assert data["url"] == f"http://testserver/{language}/news/forum-report/"
    assert data["datePublished"] == "2025-11-12T02:00:00+00:00"
    assert data["image"].startswith("http://testserver/media/news/")
    assert data["publisher"]["@type"] == "Organization"
    metas = {
        meta.attrs.get("property"): meta.attrs["content"]
        for meta in head.find_all("meta")
        if meta.attrs.get("property")
    }
    assert metas["og:type"] == "article"
    assert metas["og:url"] == f"http://testserver/{language}/news/forum-report/"
    assert metas["og:image"].startswith("http://testserver/media/news/")
    assert metas["article:published_time"] == "2025-11-12T02:00:00+00:00"
    (feed,) = head.find_all("link", type="application/atom+xml")
    assert feed.attrs["rel"] == "alternate"
    assert feed.attrs["href"] == f"/{language}/news/feed/"


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client, parse_html):
    make_news_article(slug="sneaky", title_en="</script><script>alert(1)</script>", lead_en="<!-- & -->")

    response = client.get("/en/news/sneaky/")

    assert b"<script>alert(1)" not in response.content
    script = parse_html(response.content).find("head").find("script", type="application/ld+json")
    assert json.loads(script.text)["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_news_list_has_the_feed_link_in_its_head(client, parse_html):
    head = parse_html(client.get("/de/news/").content).find("head")

    (feed,) = head.find_all("link", type="application/atom+xml")
    assert (feed.attrs["rel"], feed.attrs["href"]) == ("alternate", "/de/news/feed/")


@pytest.mark.django_db
def test_news_is_in_the_main_navigation_in_every_language(client, parse_html):
    for language, word in (("en", "News"), ("de", "Aktuelles"), ("zh-hans", "新闻")):
        nav = parse_html(client.get(f"/{language}/news/").content).find("nav", class_="site-nav")
        (link,) = [link for link in nav.find_all("a") if link.attrs["href"] == f"/{language}/news/"]
        assert (link.text, link.attrs.get("aria-current")) == (word, "page")


# --- Home and events link to the news ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_shows_the_latest_three_articles(client, parse_html):
    make_edition(is_current=True)
    for day in range(1, 6):
        make_news_article(slug=f"day-{day}", published_at=datetime(2025, 11, day, tzinfo=SHANGHAI))
    make_news_article(
        slug="draft", status=NewsArticle.Status.DRAFT, published_at=datetime(2025, 11, 9, tzinfo=SHANGHAI)
    )

    section = parse_html(client.get("/en/").content).find("section", **{"aria-labelledby": "latest-news"})

    assert [link.attrs["href"] for link in section.find_all("a")] == [
        "/en/news/day-5/",
        "/en/news/day-4/",
        "/en/news/day-3/",
        "/en/news/",
    ]


@pytest.mark.django_db
def test_event_page_links_its_news(client, parse_html):
    event = make_event(slug="forum")
    other = make_event(slug="other")
    report = make_news_article(slug="report", title_en="Report from the forum")
    report.related_events.set([event])
    make_news_article(slug="unrelated").related_events.set([other])
    make_news_article(slug="draft", status=NewsArticle.Status.DRAFT).related_events.set([event])

    section = parse_html(client.get("/en/events/forum/").content).find("section", **{"aria-labelledby": "related-news"})

    assert [link.attrs["href"] for link in section.find_all("a")] == ["/en/news/report/"]
    other_section = parse_html(client.get("/en/events/other/").content).find(
        "section", **{"aria-labelledby": "related-news"}
    )
    assert [link.attrs["href"] for link in other_section.find_all("a")] == ["/en/news/unrelated/"]
    lonely = make_event(slug="lonely")
    assert b"related-news" not in client.get(f"/en/events/{lonely.slug}/").content


# --- Queries do not grow with the news ---------------------------------------------------------------------------


def build_news(size: int) -> NewsArticle:
    make_edition(is_current=True)
    events = [make_event(slug=f"event-{index}") for index in range(size)]
    exhibitions = [make_exhibition(slug=f"exhibition-{index}") for index in range(size)]
    partners = [make_organization(slug=f"partner-{index}") for index in range(size)]
    articles = []
    for index in range(size * 4):
        article = make_news_article(
            slug=f"article-{index}", published_at=datetime(2025, 11, 1, tzinfo=SHANGHAI) + timedelta(hours=index)
        )
        article.related_events.set(events)
        article.related_exhibitions.set(exhibitions)
        article.related_partners.set(partners)
        articles.append(article)
    return articles[0]


# Queries per page, the same for 1 and for many articles: the current edition (header), then the page's own.
NEWS_QUERY_BUDGET = {
    "/de/news/": 3,  # edition, count for the paginator, the page of articles
    "/de/news/?page=1": 3,
    "/de/news/{slug}/": 6,  # edition, article, its events, exhibitions, partners, the site's owner
    "/de/news/feed/": 2,  # the site's owner, the articles
}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
@pytest.mark.parametrize("path", list(NEWS_QUERY_BUDGET))
def test_news_page_queries_do_not_grow_with_articles(client, django_assert_num_queries, size, path):
    article = build_news(size)
    with django_assert_num_queries(NEWS_QUERY_BUDGET[path] + page_clock.QUERIES):
        response = client.get(path.format(slug=article.slug))
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_and_event_page_need_the_same_queries_with_1_and_many_articles(client):
    article = build_news(1)
    event = article.related_events.get()

    def counts():
        found = {}
        for path in ("/de/", f"/de/events/{event.slug}/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found[path] = len(queries)
        return found

    with_one = counts()
    for index in range(8):
        make_news_article(slug=f"more-{index}").related_events.set([event])

    assert counts() == with_one


# --- The sitemap ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sitemap_lists_the_news_in_every_language_with_alternates(client):
    make_news_article(slug="report")

    entries = sitemap_entries(client)

    for language in LANGUAGES:
        assert entries[f"/{language}/news/report/"] == {
            "en": "/en/news/report/",
            "de": "/de/news/report/",
            "zh-hans": "/zh-hans/news/report/",
            "x-default": "/en/news/report/",
        }
        assert f"/{language}/news/" in entries


# --- The database's rules -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("missing", [None, ""])
def test_article_without_english_title_is_refused(missing):
    with refused_by("news_article_title_in_english"):
        make_news_article(title_en=missing, title_de="Nur Deutsch")


@pytest.mark.django_db
def test_article_image_without_alt_text_is_refused(media):
    with refused_by("news_article_image_has_alt"):
        make_news_article(image=image_file())


@pytest.mark.django_db
def test_article_slug_feed_is_refused():
    with refused_by("news_article_slug_not_feed"):
        make_news_article(slug="feed")


# --- Nothing from elsewhere ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_pages_reference_no_other_host(client, language, media):
    article = trilingual("report", image=image_file(), image_alt_en="The hall")
    article.related_partners.set([make_organization(website="https://www.leipzig.de/")])

    for path in (f"/{language}/news/", f"/{language}/news/report/"):
        response = client.get(path)
        assert response.status_code == 200
        assert foreign_urls(response.content) == [], path


# --- The demo ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_has_the_press_release_as_news_in_three_languages(client, parse_html, media):
    call_command("load_demo", stdout=io.StringIO())

    article = NewsArticle.objects.get(slug=LEIPZIG_FORUM_ARTICLE_SLUG)

    assert article.status == NewsArticle.Status.PUBLISHED
    assert timezone.localtime(article.published_at, SHANGHAI).date().isoformat() == "2025-11-12"
    for language in ("en", "de", "zh_hans"):
        for field in ("title", "lead", "body", "image_alt"):
            assert getattr(article, f"{field}_{language}"), f"{field}_{language}"
    assert "70" in article.body_en and "70" in article.body_de and "70" in article.body_zh_hans
    assert "Leipzig University" in article.body_en
    assert "莱比锡大学" in article.body_zh_hans
    assert article.image and article.image_width == 720
    assert set(article.related_events.values_list("slug", flat=True)) >= {content.FORUM_SLUG}
    assert list(article.related_exhibitions.values_list("slug", flat=True)) == [content.EXHIBITION["slug"]]
    assert content.COMMITTEE in article.related_partners.values_list("slug", flat=True)
    # The forum's page links the article.
    forum = parse_html(client.get(f"/zh-hans/events/{content.FORUM_SLUG}/").content)
    section = forum.find("section", **{"aria-labelledby": "related-news"})
    assert section.find("a").attrs["href"] == f"/zh-hans/news/{LEIPZIG_FORUM_ARTICLE_SLUG}/"


@pytest.mark.django_db
def test_demo_news_loads_again_without_new_rows_or_pictures(media):
    call_command("load_demo", stdout=io.StringIO())
    first = {path: path.stat().st_mtime_ns for path in media.rglob("news/*")}
    counts = (
        NewsArticle.objects.count(),
        NewsArticle.related_events.through.objects.count(),
        NewsArticle.related_exhibitions.through.objects.count(),
        NewsArticle.related_partners.through.objects.count(),
    )

    call_command("load_demo", stdout=io.StringIO())

    assert first
    assert {path: path.stat().st_mtime_ns for path in media.rglob("news/*")} == first
    assert counts == (
        NewsArticle.objects.count(),
        NewsArticle.related_events.through.objects.count(),
        NewsArticle.related_exhibitions.through.objects.count(),
        NewsArticle.related_partners.through.objects.count(),
    )
    assert counts[0] == 1
    assert Event.objects.filter(news_articles__isnull=False).exists()
    assert Exhibition.objects.filter(news_articles__isnull=False).count() == 1
    assert Organization.objects.filter(news_articles__isnull=False).count() == 3
