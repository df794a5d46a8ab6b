"""The sitemap of the demo (`manage.py load_demo`) read as a crawler reads it: the index, one file per section,
each keeping to the protocol (tests/sitemaps.py); every URL a page that answers 200, links the same alternates
and x-default as the sitemap lists and has its link-preview tags (Open Graph, Twitter card). The demo lives for
the whole module: its own module."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils.http import parse_http_date
from lxml import html

from tests.security_headers import header_problems
from tests.sitemaps import NS, sitemap_files, sitemap_urls
from tests.test_link_previews import preview_tags
from tests.test_sitemaps import LANGUAGES, SECTION_PATHS, lastmods

OG_LOCALES = {"en": "en_GB", "de": "de_DE", "zh-hans": "zh_CN"}
PREVIEW_TAGS = {
    *("og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale", "og:locale:alternate"),
    *("og:image", "og:image:width", "og:image:height", "og:image:alt", "twitter:card"),
}


@pytest.fixture
def demo(demo_once, db, settings):
    settings.MEDIA_ROOT = demo_once


def test_index_lists_a_file_per_section_with_the_latest_lastmod_of_each(client, demo):
    files = sitemap_files(client)  # each answers 200 as XML that keeps to the protocol
    index = lastmods(files["/sitemap.xml"])

    assert list(index) == SECTION_PATHS  # the demo fills every section, and none passes one file
    for path, lastmod in index.items():
        in_file = lastmods(files[path])
        assert lastmod == max(in_file.values()), path
        response = client.get(path)
        # Never earlier than the newest lastmod; the page cache dates it by the content version, a moment later.
        assert parse_http_date(response["Last-Modified"]) >= int(datetime.fromisoformat(lastmod).timestamp()), path
        assert header_problems(response) == [], path
    assert header_problems(client.get("/sitemap.xml")) == []
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode().splitlines()


def test_every_url_is_a_page_answering_200_that_links_the_same_alternates_and_x_default(client, demo):
    urls = sitemap_urls(client)

    assert len(urls) == len({url.findtext("sm:loc", namespaces=NS) for url in urls}) > 100
    for url in urls:
        location = url.findtext("sm:loc", namespaces=NS)
        assert url.findtext("sm:lastmod", namespaces=NS), location
        listed = {link.get("hreflang"): link.get("href") for link in url.iterfind("xhtml:link", NS)}
        response = client.get(location)
        assert response.status_code == 200, location  # the page itself, not a redirect to it
        head = html.fromstring(response.content).head
        assert head.xpath("link[@rel='canonical']/@href") == [location]
        linked = {link.get("hreflang"): link.get("href") for link in head.xpath("link[@rel='alternate'][@hreflang]")}
        assert listed == linked, location
        assert set(listed) == {*LANGUAGES, "x-default"}
        assert listed["x-default"] == listed["en"]
        language = next(code for code, href in listed.items() if href == location and code != "x-default")
        preview = preview_tags(response)
        assert set(preview) == PREVIEW_TAGS, location
        assert preview["og:url"] == [location]
        assert preview["og:locale"] == [OG_LOCALES[language]]
        assert sorted(preview["og:locale:alternate"]) == sorted(set(OG_LOCALES.values()) - {OG_LOCALES[language]})
        assert preview["og:image"][0].startswith("http://testserver/"), location
        assert int(preview["og:image:width"][0]) >= 200 and int(preview["og:image:height"][0]) > 0, location
        assert all(value for values in preview.values() for value in values), location
