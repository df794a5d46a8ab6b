"""The cooperation chart, the key figures and the map of the city stops read on a phone: at 390 px every text of
theirs is drawn at 12 CSS px or more, measured in Chromium (an SVG's text at its font size times the scale the
SVG is drawn at), and none of them reaches past the screen's edge."""

import pytest

from events.demo import content
from tests.demo_data import load_demo_committed

pytestmark = [pytest.mark.browser, pytest.mark.rendering]

PHONE = {"width": 390, "height": 844}
SMALLEST_TEXT_PX = 12

# Every element of the selector's parts that holds text of its own, with the size it is drawn at and how far right
# it reaches.
_TEXT_SIZES = """
selector => {
    const sizes = [];
    for (const element of document.querySelectorAll(selector)) {
        const own = [...element.childNodes].filter(node => node.nodeType === Node.TEXT_NODE && node.data.trim());
        if (!own.length) continue;
        const box = element.getBoundingClientRect();
        if (!box.width) continue;  // not drawn (hidden)
        let size = parseFloat(getComputedStyle(element).fontSize);
        if (element instanceof SVGElement) {
            const matrix = element.getScreenCTM();
            size *= Math.hypot(matrix.a, matrix.b);
        }
        sizes.push({text: own.map(node => node.data.trim()).join(" "), px: size, right: box.right});
    }
    return sizes;
}
"""


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_committed()


@pytest.mark.parametrize(
    ("path", "parts", "least"),
    [
        ("/cooperation/", ".chart *, .figures *", 20),  # 5 sectors with 2 numbers each, 3 figures
        (f"/editions/{content.EDITION_SLUG}/", ".stops-map *", 8),  # 4 cities on the map, then the list
    ],
    ids=["cooperation chart and figures", "map of the stops"],
)
def test_chart_figure_and_map_text_is_at_least_12_px_on_a_phone(new_page, demo, path, parts, least):
    page, requests = new_page(viewport=PHONE)
    for language in ("en", "de", "zh-hans"):
        page.goto(f"/{language}{path}")
        sizes = page.evaluate(_TEXT_SIZES, parts)
        assert len(sizes) >= least, (language, sizes)
        small = [size for size in sizes if size["px"] < SMALLEST_TEXT_PX - 0.05]
        assert small == [], language
        beyond = [size for size in sizes if size["right"] > PHONE["width"]]
        assert beyond == [], language
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], language
    assert requests.foreign() == []
