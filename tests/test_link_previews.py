"""Link previews (nanjingweek/link_previews.py): the Open Graph and Twitter card tags of a page, its picture at
the stored size nearest 1200 px, and the default share image for pages without one. Every page in the sitemap
carries them: tests/test_sitemaps_demo.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from lxml import html
from PIL import Image

from nanjingweek import renditions
from tests.factories import image_file, make_event

DEFAULT_IMAGE = Path(settings.BASE_DIR) / "static" / "img" / "share-default.png"


def preview_tags(response) -> dict[str, list[str]]:
    """{property or name: [content, …]} of the page's og: and twitter: meta tags, in document order."""
    tags: dict[str, list[str]] = {}
    for meta in html.fromstring(response.content).head.iterfind("meta"):
        key = meta.get("property") or meta.get("name") or ""
        if key.startswith(("og:", "twitter:")):
            tags.setdefault(key, []).append(meta.get("content"))
    return tags


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.connect_rendition_signals()


def test_event_with_a_large_image_previews_its_1280_rendition_with_its_size(client, media, db):
    event = make_event(image=image_file("wall.jpg", size=(2000, 1000), image_format="JPEG"), image_alt_en="The wall")

    with translation.override("de"):
        path = event.get_absolute_url()
    tags = preview_tags(client.get(path))

    assert tags == {
        "og:type": ["website"],
        "og:title": [event.title_en],  # no German title: the English one
        "og:description": tags["og:description"],
        "og:url": [f"http://testserver{path}"],
        "og:site_name": ["China-Nanjing-Woche"],
        "og:locale": ["de_DE"],
        "og:locale:alternate": ["en_GB", "zh_CN"],
        "og:image": [f"http://testserver/media/renditions/{event.image.name}-1280w.webp"],
        "og:image:width": ["1280"],
        "og:image:height": ["640"],
        "og:image:alt": ["The wall"],
        "twitter:card": ["summary_large_image"],
    }
    assert tags["og:description"][0]


def test_event_with_a_small_image_previews_the_original(client, media, db):
    event = make_event(image=image_file("small.png", size=(500, 300)), image_alt_en="Small")

    tags = preview_tags(client.get(event.get_absolute_url()))

    assert tags["og:image"] == [f"http://testserver/media/{event.image.name}"]
    assert (tags["og:image:width"], tags["og:image:height"]) == (["500"], ["300"])


def test_page_without_an_image_previews_the_default_share_image(client, db):
    tags = preview_tags(client.get("/zh-hans/partners/"))

    assert tags["og:image"] == ["http://testserver/static/img/share-default.png"]
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:locale"] == ["zh_CN"]
    assert tags["og:locale:alternate"] == ["en_GB", "de_DE"]
    assert tags["og:title"] == ["合作伙伴"]  # the page's title without the site's name
    assert tags["og:site_name"] == ["中国南京周"]
    assert tags["twitter:card"] == ["summary"]


def test_default_share_image_is_1200_by_630_and_small():
    with Image.open(DEFAULT_IMAGE) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert DEFAULT_IMAGE.stat().st_size < 80_000
