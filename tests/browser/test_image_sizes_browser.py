"""Every <img srcset> on the pages with pictures, measured in Chromium on a phone and a desktop: its `sizes`
(nanjingweek/image_slots.py) says the width the stylesheet draws it at, and the picture the browser chose has at
least as many pixels as it is drawn with (what Lighthouse's image-size-responsive audit asks)."""

from __future__ import annotations

import pytest

from events.models import Event, EventPhoto
from exhibitions.models import Exhibition
from nanjingweek.models import NewsArticle
from tests.demo_data import load_demo_committed
from tests.test_page_quality import LOAD_EVERY_IMAGE

pytestmark = [pytest.mark.browser, pytest.mark.rendering]

# For each img[srcset]: the width it is drawn at (for object-fit: cover, the picture's, not its box's), the slot
# `sizes` gave it (with w descriptors the browser reports the slot as naturalWidth) and the chosen file's width.
MEASURE = """
() => Array.from(document.querySelectorAll("img[srcset]")).map(img => {
    const box = img.getBoundingClientRect();
    const cover = getComputedStyle(img).objectFit === "cover";
    const drawn = cover ? Math.max(box.width, box.height * img.naturalWidth / img.naturalHeight) : box.width;
    const chosen = img.srcset.split(",").map(c => c.trim().split(/\\s+/))
        .find(([url]) => new URL(url, document.baseURI).href === img.currentSrc);
    return {src: img.currentSrc, sizes: img.sizes, drawn, slot: img.naturalWidth,
            file: parseInt(chosen[1]), stored: parseInt(img.getAttribute("width"))};
})
"""


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_committed()


def pages_with_pictures() -> list[str]:
    event = Event.objects.published().filter(pk__in=EventPhoto.objects.values("event")).first()
    exhibition = Exhibition.objects.published().exclude(cover_image="").first()
    article = NewsArticle.objects.published().exclude(image="").first()
    return ["/en/", "/en/partners/", event.get_absolute_url(), exhibition.get_absolute_url(), "/en/news/",
            article.get_absolute_url()]  # fmt: skip


@pytest.mark.parametrize("width", [390, 1280])
def test_every_srcset_image_gets_a_slot_its_drawn_width_and_enough_pixels(new_page, demo, width):
    page, _log = new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
    problems, measured = [], 0
    for path in pages_with_pictures():
        page.goto(path)
        assert page.evaluate(LOAD_EVERY_IMAGE) == [], path
        for image in page.evaluate(MEASURE):
            if not image["drawn"]:
                continue
            measured += 1
            # The slot may be wider than drawn where the stored picture itself is narrower (max-width: 100%),
            # or by the scroll bar (100vw counts it): 16 px.
            too_wide = image["slot"] > image["drawn"] * 1.05 + 16 and image["stored"] >= image["slot"]
            if image["slot"] < image["drawn"] - 1 or too_wide or image["file"] < image["drawn"] - 1:
                problems.append(f"{path} {image}")
    assert measured >= 8
    assert problems == []
