"""The design as visitors see it, measured in Chromium on the demo: screenshots of every page type in the three
languages at a phone's and a desktop's width, kept for people to look at; no page wider than a 320 px screen; and
every text's colour against what is behind it meeting WCAG AA, in the light scheme and in the dark one.

The screenshots go to var/screenshots/ (CI keeps that folder as an artefact): <language>-<page>-<width>.png.
One page load for the three widths of a page: the browser's window is resized, and the stylesheet follows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.tools import format_problems
from tests.test_demo_pages import LANGUAGES
from tests.test_page_quality import BROWSER_PAGE_TYPES, LOAD_EVERY_IMAGE, load_site

pytestmark = [pytest.mark.browser, pytest.mark.rendering]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# One page of each template that lays out more than running text (the schedule's filtered variants, the error-free
# text pages and the city page look like one of these; the contrast check and the German 320 px check in
# test_public_browser.py see them all). 15 pages x 3 languages x 2 widths: about a minute.
SCREENSHOT_PAGE_TYPES = [
    "home",
    "schedule",
    "edition with every filter",
    "second clock on an event page",
    "venue kongresshalle-leipzig",
    "exhibitions",
    *[name for name in BROWSER_PAGE_TYPES if name.startswith(("exhibition ", "partner ", "news "))],
    "partners",
    "cooperation",
    "news",
    "speakers",
    "speaker liu-haitao",
    "register",
]
WIDTHS = {"phone": 390, "desktop": 1280}
NARROWEST = 320

# Every element that has text of its own, with the colour of that text and of what lies behind it: the first
# background colour that is not transparent, going outwards, with the translucent ones on the way laid over it.
# Text in SVG (the chart, drawn with fill) and text hidden from sight (the visually-hidden class) is left out.
TEXT_CONTRAST = """
() => {
    const rgba = value => {
        const parts = value.match(/[\\d.]+/g).map(Number);
        return parts.length === 3 ? [...parts, 1] : parts;
    };
    const over = (top, bottom) => {
        const alpha = top[3] + bottom[3] * (1 - top[3]);
        const mix = i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / alpha;
        return [mix(0), mix(1), mix(2), alpha];
    };
    const luminance = ([r, g, b]) => {
        const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = element => {
        const layers = [];
        for (let node = element; node; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour[3] > 0) layers.push(colour);
            if (colour[3] >= 1) break;
        }
        let result = [255, 255, 255, 1];  // the canvas, if nothing is opaque
        if (layers.length && layers[layers.length - 1][3] >= 1) result = layers.pop();
        while (layers.length) result = over(layers.pop(), result);
        return result;
    };
    const found = [];
    let checked = 0;
    for (const element of document.body.querySelectorAll("*")) {
        if (element.closest("svg, .visually-hidden, option, script, style, noscript")) continue;
        const text = Array.from(element.childNodes)
            .filter(node => node.nodeType === Node.TEXT_NODE).map(node => node.textContent).join("").trim();
        if (!text || !element.getClientRects().length) continue;
        const style = getComputedStyle(element);
        if (style.visibility !== "visible" || Number(style.opacity) === 0) continue;
        checked += 1;
        const behind = background(element);
        const colour = over(rgba(style.color), behind);
        const [light, dark] = [luminance(colour), luminance(behind)].sort((a, b) => b - a);
        const ratio = (light + 0.05) / (dark + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        const needed = large ? 3 : 4.5;
        if (ratio < needed - 0.005) {
            found.push(`${ratio.toFixed(2)}:1 < ${needed}:1 for ${element.tagName.toLowerCase()}`
                + `.${Array.from(element.classList).join(".")} "${text.slice(0, 40)}" (${style.color} on ${behind})`);
        }
    }
    return {found, checked};
}
"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
DECODE_EVERY_IMAGE = "() => Promise.all(Array.from(document.images).map(image => image.decode().catch(() => null)))"


@pytest.fixture
def live_site(settings, tmp_path, transactional_db) -> dict[str, str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    return load_site()


def shot_name(language: str, page: str, width: int) -> str:
    return f"{language}-{re.sub(r'[^a-z0-9]+', '-', page.lower()).strip('-')}-{width}.png"


def test_screenshots_of_every_page_type_in_three_languages_and_nothing_wider_than_320_px(new_page, live_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide, broken, written = {}, {}, []
    page, requests = new_page(viewport={"width": WIDTHS["desktop"], "height": 900})
    for language in LANGUAGES:
        for name in SCREENSHOT_PAGE_TYPES:
            path = live_site[name].format(lang=language)
            assert page.goto(path).status == 200, path
            # Each width in turn on the page as loaded: the stylesheet's media queries apply at once.
            for width in (*WIDTHS.values(), NARROWEST):
                page.set_viewport_size({"width": width, "height": 900})
                overflow = page.evaluate(PAGE_WIDTH) - width
                if overflow > 0:
                    too_wide.setdefault(f"{name} ({language})", []).append(f"{overflow}px too wide at {width}px")
                if width == NARROWEST:
                    continue
                # Lazy images below the fold would be blank in a full-page picture: load them all, and decode
                # them (a picture taken before that shows their boxes empty).
                if page.evaluate(LOAD_EVERY_IMAGE):
                    broken.setdefault(f"{name} ({language})", []).append(f"an image did not load at {width}px")
                page.evaluate(DECODE_EVERY_IMAGE)
                page.evaluate("() => document.fonts.ready")
                target = SCREENSHOTS / shot_name(language, name, width)
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    assert too_wide == {}, "Pages that scroll sideways:\n" + format_problems(too_wide)
    assert broken == {}, format_problems(broken)
    assert requests.foreign() == []
    assert len(written) == len(SCREENSHOT_PAGE_TYPES) * len(LANGUAGES) * len(WIDTHS)
    for target in written[:: len(WIDTHS) * 5]:  # a sample: pictures of pages, not of blank ones
        with Image.open(target) as image:
            assert image.width in WIDTHS.values()
            assert image.height >= 900
            assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 100


def test_every_text_meets_wcag_aa_contrast_on_its_background_in_light_and_dark(new_page, live_site):
    # At a phone's width, where the cards' date badges sit above their text; the same page is measured again after
    # the browser switches to the dark scheme (prefers-color-scheme), without loading it again.
    problems, checked = {}, 0
    page, _requests = new_page(viewport={"width": 390, "height": 900})
    for name in BROWSER_PAGE_TYPES:
        page.goto(live_site[name].format(lang="en"))
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            result = page.evaluate(TEXT_CONTRAST)
            checked += result["checked"]
            if result["found"]:
                problems[f"{name} ({scheme})"] = result["found"]

    assert problems == {}, "Text below WCAG AA contrast:\n" + format_problems(problems)
    assert checked > 2 * 50 * len(BROWSER_PAGE_TYPES)
