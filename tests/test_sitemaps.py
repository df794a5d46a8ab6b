"""The sitemap (nanjingweek/sitemaps.py) at any size: `lastmod` everywhere, the latest change of what the page
shows; the same queries for one object as for hundreds; a large section split into the files the index lists.
With the demo, as a crawler reads it: tests/test_sitemaps_demo.py."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from events.models import Event, Speaker
from nanjingweek import sitemaps
from nanjingweek.models import NewsArticle, SiteOwner
from tests.factories import (
    make_city,
    make_edition,
    make_event,
    make_event_role,
    make_exhibition,
    make_news_article,
    make_organization,
    make_session,
    make_site_owner,
    make_speaker,
    make_venue,
)
from tests.sitemaps import NS, sitemap_files

LANGUAGES = ["en", "de", "zh-hans"]
SECTION_PATHS = [f"/sitemap-{name}.xml" for name in sitemaps.SECTIONS]


def lastmods(content: bytes) -> dict[str, str]:
    """{path of each URL (or listed sitemap): its lastmod} in one file."""
    root = etree.fromstring(content)
    entries = root.findall("sm:url", NS) or root.findall("sm:sitemap", NS)
    return {
        urlsplit(entry.findtext("sm:loc", namespaces=NS))._replace(scheme="", netloc="").geturl(): entry.findtext(
            "sm:lastmod", namespaces=NS
        )
        for entry in entries
    }


def w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


# --- lastmod: what the page shows ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lastmod_is_the_latest_change_of_what_each_page_shows(client):
    day = [datetime(2025, 10, 1, 12, 0, 30, 123456, tzinfo=UTC) + timedelta(days=n) for n in range(10)]
    current, earlier = make_edition(slug="current", is_current=True), make_edition(slug="earlier")
    city_a, city_b, city_empty = make_city(slug="city-a"), make_city(slug="city-b"), make_city(slug="city-empty")
    venue_a, venue_b = make_venue(slug="venue-a", city=city_a), make_venue(slug="venue-b", city=city_b)
    make_venue(slug="venue-empty", city=city_empty)
    first = make_event(slug="first", edition=current, venue=venue_a)
    second = make_event(slug="second", edition=current, venue=venue_a)
    third = make_event(slug="third", edition=earlier, venue=venue_b)
    draft = make_event(slug="draft", edition=current, venue=venue_b, status="draft")
    make_session(event=first).speakers.add(make_speaker(slug="speaker"))
    make_event_role(event=third, organization=make_organization(slug="partner"))
    make_event_role(event=draft, organization=make_organization(slug="draft-partner"))
    make_organization(slug="idle-partner")
    make_exhibition(slug="exhibition")
    article = make_news_article(slug="article", published_at=day[2])
    make_news_article(slug="scheduled", published_at=timezone.now() + timedelta(days=1))
    make_news_article(slug="unpublished", status=NewsArticle.Status.DRAFT)
    make_site_owner()
    # Saving sets updated_at to now: each record gets its own day (update() leaves auto_now alone).
    for event, moment in ((first, day[1]), (third, day[2]), (second, day[3]), (draft, day[9])):
        Event.objects.filter(pk=event.pk).update(updated_at=moment)
    NewsArticle.objects.filter(pk=article.pk).update(updated_at=day[1])
    NewsArticle.objects.exclude(pk=article.pk).update(updated_at=day[9])
    SiteOwner.objects.update(updated_at=day[4])
    site = day[4]  # the latest change of published content: the site owner's, after the events' and the news'

    found = {}
    for content in sitemap_files(client).values():
        found.update(lastmods(content))

    expected = {
        "/sitemap-pages.xml": site,
        "/sitemap-events.xml": day[3],
        "/sitemap-editions.xml": day[3],
        "/sitemap-venues.xml": site,
        "/sitemap-cities.xml": site,
        "/sitemap-exhibitions.xml": site,
        "/sitemap-partners.xml": site,
        "/sitemap-news.xml": day[2],
        "/sitemap-speakers.xml": day[1],
    }
    pages = {
        "": day[3],  # home: the current edition's events (day 3), and the news (day 2)
        "schedule/": day[3],  # the current edition's published events; the draft's day 9 is not shown
        "speakers/": day[1],  # events with sessions
        "news/": day[2],  # the published article's publication; the scheduled and the draft are not shown
        "privacy/": site,
        "contact/": site,
        "accessibility/": site,
        "exhibitions/": site,  # no record with a change time of its own
        "partners/": site,
        "cooperation/": site,
        "events/first/": day[1],
        "events/second/": day[3],
        "events/third/": day[2],
        "editions/current/": day[3],
        "editions/earlier/": day[2],
        "venues/venue-a/": day[3],
        "venues/venue-b/": day[2],  # the draft held there is not shown
        "venues/venue-empty/": site,
        "cities/city-a/": day[3],
        "cities/city-b/": day[2],
        "cities/city-empty/": site,
        "speakers/speaker/": day[1],
        "partners/partner/": day[2],
        "partners/draft-partner/": site,  # its only role is in a draft
        "partners/idle-partner/": site,
        "exhibitions/exhibition/": site,
        "news/article/": day[2],  # published after its last edit
    }
    for rest, moment in pages.items():
        for language in LANGUAGES:
            expected[f"/{language}/{rest}"] = moment
    assert found == {path: w3c(moment) for path, moment in expected.items()}


# --- Size: pagination and queries ---------------------------------------------------------------------------


def many_objects() -> None:
    """A generated programme of 300 events (its venues, speakers, partners, exhibitions) and 30 articles."""
    call_command("generate_programme", "--events", "300", "--seed", "2", stdout=io.StringIO())
    for _ in range(30):
        make_news_article()


@pytest.mark.django_db
def test_the_index_and_every_file_make_the_same_queries_for_one_object_as_for_hundreds(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False  # the sitemap's own work, as on every miss
    edition = make_edition(is_current=True)
    event = make_event(edition=edition)
    make_session(event=event).speakers.add(make_speaker())
    make_event_role(event=event)
    make_exhibition()
    make_news_article()
    make_site_owner()
    paths = ["/sitemap.xml", *SECTION_PATHS]
    queries = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        queries[path] = len(captured)

    many_objects()
    assert Event.objects.count() > 300 and Speaker.objects.public().count() > 100
    for path in paths:
        with django_assert_num_queries(queries[path]):
            assert client.get(path).status_code == 200, path

    # Changes of the site shared by a request's sections: the current edition, its events, news, site owner (4).
    # A section's file: count and page (2), after the changes it falls back on; the index: one for all sections.
    listing = 4 + 2
    assert queries == {
        "/sitemap.xml": 4 + 1,  # the changes, and one query for the counts of all sections
        "/sitemap-pages.xml": 4,
        "/sitemap-events.xml": 2,
        "/sitemap-editions.xml": listing,
        "/sitemap-venues.xml": listing,
        "/sitemap-cities.xml": listing,
        "/sitemap-exhibitions.xml": listing,
        "/sitemap-partners.xml": listing,
        "/sitemap-news.xml": 2,
        "/sitemap-speakers.xml": listing,
    }


@pytest.mark.django_db
def test_a_section_past_the_limit_is_split_into_files_that_the_index_lists(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    # A small limit and a programme of 250 events (750 event URLs, 375 of speakers) split the sections as 5,000
    # and a programme of tens of thousands would, at a quarter of the cost of generating and reading 1000 events.
    limit = 150
    monkeypatch.setattr(sitemaps.TranslatedSitemap, "limit", limit)
    call_command("generate_programme", "--events", "250", stdout=io.StringIO())
    events = list(Event.objects.published().values_list("slug", flat=True))
    file_count = math.ceil(len(events) * len(LANGUAGES) / limit)

    files = sitemap_files(client)
    event_files = [path for path in files if path.startswith("/sitemap-events.xml")]
    urls = {path: list(lastmods(files[path])) for path in event_files}

    assert file_count >= 4
    later_pages = [f"/sitemap-events.xml?p={page}" for page in range(2, file_count + 1)]
    assert event_files == ["/sitemap-events.xml", *later_pages]
    assert [len(listed) for listed in urls.values()] == [limit] * (file_count - 1) + [
        len(events) * len(LANGUAGES) - limit * (file_count - 1)
    ]
    listed = [path for file in urls.values() for path in file]
    assert sorted(listed) == sorted(f"/{language}/events/{slug}/" for slug in events for language in LANGUAGES)
    assert client.get(f"/sitemap-events.xml?p={file_count + 1}").status_code == 404
    # Each file reads its own slice: the first and the last cost the same.
    for page in (1, file_count):
        with django_assert_num_queries(2):
            client.get(f"/sitemap-events.xml?p={page}")
    # Speakers (375 URLs) are split too; the small sections are one file each.
    assert "/sitemap-speakers.xml?p=2" in files
    assert not any("?" in path for path in files if not path.startswith(("/sitemap-events", "/sitemap-speakers")))
    # The real limit keeps a full file at a tenth of the protocol's bounds (50,000 URLs, 50 MB) or less.
    bytes_per_url = max(len(files[path]) / len(listed) for path, listed in urls.items())
    assert sitemaps.URLS_PER_FILE <= 50_000 / 10
    assert sitemaps.URLS_PER_FILE * bytes_per_url < 50 * 1024 * 1024 / 10


# --- What is not a sitemap ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_sections_pages_and_empty_sections_are_404_and_not_listed(client):
    make_site_owner()  # no event, edition, venue, news …: only the fixed pages

    index = lastmods(sitemap_files(client)["/sitemap.xml"])

    assert list(index) == ["/sitemap-pages.xml"]
    for path in (
        "/sitemap-news.xml",
        "/sitemap-events.xml",
        "/sitemap-nothing.xml",
        "/sitemap-pages.xml?p=2",
        "/sitemap-pages.xml?p=0",
        "/sitemap-pages.xml?p=x",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/sitemap-pages.xml?p=1").status_code == 200
