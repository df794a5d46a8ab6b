"""The public pages in headless Chromium with the demo programme: what a visitor clicks, and what they see.

Filtering the schedule (with and without JavaScript), switching the language on an event page, the second
clock, and full-page screenshots in Chinese at desktop and phone widths, saved to test-artifacts/ for people
to look at — with the Chinese text drawn in a CJK font, not as empty boxes.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from events.demo import content
from events.models import Event
from tests.demo_data import load_demo_committed
from tests.test_demo_pages import add_varied_events, public_pages
from tests.test_page_quality import BROWSER_PAGE_TYPES, LOAD_EVERY_IMAGE

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FORUM_PATH = f"/events/{content.FORUM_SLUG}/"
FORUM_TITLES = {
    "en": "Cultural Heritage Protection & Tourism Innovation Forum",
    "de": "Forum für Kulturerbeschutz und Tourismusinnovation",
    "zh-hans": "文化遗产保护与旅游创新论坛",
}
CJK = range(0x4E00, 0xA000)


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_committed()  # what load_demo writes, copied back quickly after the first time (tests/demo_data.py)
    add_varied_events()


def slugs_on(page) -> list[str]:
    """The slugs of the event cards on the page, in order."""
    hrefs = page.locator(".event-card h3 a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# --- The schedule's filters ---------------------------------------------------------------------------
#
# On the 2025 edition's page, whose programme (5 events in Leipzig) took place: the same filter form as the
# schedule of the current edition, which the demo dates to begin three weeks after loading.

ARCHIVE = f"/en/editions/{content.EDITION_SLUG}/"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_schedule_filtered_by_city_through_the_form_shows_only_that_city(new_page, live_server, demo, javascript):
    from playwright.sync_api import expect

    page, requests = new_page(java_script_enabled=javascript, timezone_id="America/New_York")
    leipzig = sorted(
        Event.objects.published()
        .filter(edition__slug=content.EDITION_SLUG, venue__city__slug="leipzig")
        .values_list("slug", flat=True)
    )
    page.goto(ARCHIVE)
    everything = slugs_on(page)

    page.get_by_label("City").select_option("leipzig")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(lambda url: query_of(url).get("city") == ["leipzig"])

    assert sorted(slugs_on(page)) == leipzig
    assert len(leipzig) == 5 < len(everything)
    expect(page.locator(".schedule-count")).to_contain_text(f"{len(leipzig)} events · filtered")
    for meta in page.locator(".event-card__meta").all():
        expect(meta).to_contain_text("Leipzig")
    # The form shows the filter in force, so the next choice adds to it.
    expect(page.get_by_label("City")).to_have_value("leipzig")
    # second-clock.js offers the visitor's own zone, and only when JavaScript runs.
    own_zone = page.locator("#id_tz option[value='America/New_York']")
    expect(own_zone).to_have_count(1 if javascript else 0)
    assert requests.foreign() == []


def test_schedule_filters_combine_and_reset(page, live_server, demo):
    from playwright.sync_api import expect

    page.goto(f"{ARCHIVE}?city=leipzig")
    page.get_by_label("Kind").select_option("forum")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(lambda url: query_of(url).get("kind") == ["forum"])

    assert query_of(page.url)["city"] == ["leipzig"]
    assert slugs_on(page) == [content.FORUM_SLUG]
    expect(page.locator(".schedule-count")).to_contain_text("1 event · filtered")

    page.get_by_role("link", name="Reset filters").click()
    page.wait_for_url(f"{live_server.url}{ARCHIVE}")
    assert len(slugs_on(page)) == Event.objects.published().filter(edition__slug=content.EDITION_SLUG).count()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_schedule_shows_what_took_place_through_the_form_and_leads_to_the_archive(new_page, demo, javascript):
    from playwright.sync_api import expect

    page, requests = new_page(java_script_enabled=javascript)
    page.goto("/en/schedule/")
    # The demo's next edition: what is to come, and nothing of it over yet.
    assert set(slugs_on(page)) == set(
        Event.objects.published()
        .filter(edition__slug__startswith="china-nanjing-week-")
        .exclude(edition__slug=content.EDITION_SLUG)
        .values_list("slug", flat=True)
    )

    page.get_by_label("Show", exact=True).select_option("past")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(lambda url: query_of(url).get("when") == ["past"])

    assert slugs_on(page) == []
    expect(page.locator(".phase-switch [aria-current='page']")).to_have_text("Past events (0)")
    page.get_by_role("link", name="See what took place at China Nanjing Week 2025").click()
    page.wait_for_url(lambda url: url.endswith(ARCHIVE))
    expect(page.locator(".edition-dates .badge--past")).to_have_text("Took place")
    assert content.FORUM_SLUG in slugs_on(page)
    assert requests.foreign() == []


# --- Language and second clock ---------------------------------------------------------------------------


def test_language_switcher_on_an_event_page_lands_on_the_same_event(page, page_requests, live_server, demo):
    from playwright.sync_api import expect

    page.goto(f"/en{FORUM_PATH}")
    expect(page.locator("h1")).to_contain_text(FORUM_TITLES["en"])

    for language, name in (("de", "Deutsch"), ("zh-hans", "简体中文"), ("en", "English")):
        page.locator(".language-switcher").get_by_role("link", name=name).click()
        page.wait_for_url(f"{live_server.url}/{language}{FORUM_PATH}")
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("h1")).to_contain_text(FORUM_TITLES[language])
        expect(page.locator(".language-switcher [aria-current='true']")).to_have_attribute("hreflang", language)
    assert page_requests.foreign() == []


def test_second_clock_on_the_event_page_shows_shanghai_time(page, live_server, demo):
    from playwright.sync_api import expect

    page.goto(f"/en{FORUM_PATH}")
    expect(page.locator(".facts .second-clock")).to_have_count(0)

    page.locator(".clock-form select").select_option("Asia/Shanghai")
    page.locator(".clock-form").get_by_role("button", name="Show").click()
    page.wait_for_url(f"{live_server.url}/en{FORUM_PATH}?tz=Asia%2FShanghai")

    clock = page.locator(".facts .second-clock")
    expect(clock).to_have_text("China Standard Time: 16:30–00:00 (ends the next day)")
    expect(page.locator(".facts time").first).to_contain_text("09:30")
    # Every agenda item gets its Shanghai time too: the opening at 09:30 in Leipzig is 16:30 there.
    expect(page.locator(".agenda__time .second-clock").first).to_contain_text("16:30")
    expect(page.locator(".clock-form select")).to_have_value("Asia/Shanghai")


def test_second_clock_on_the_schedule_marks_the_next_day(page, live_server, demo):
    from playwright.sync_api import expect

    page.goto(f"/zh-hans/editions/{content.EDITION_SLUG}/")
    page.locator("#id_tz").select_option("Asia/Shanghai")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url(lambda url: query_of(url).get("tz") == ["Asia/Shanghai"])

    forum = page.locator(".event-card", has=page.locator(f"a[href^='/zh-hans{FORUM_PATH}']"))
    # Start and end are both converted; the forum's end, midnight in Beijing, falls on the next day.
    expect(forum.locator(".second-clock time")).to_have_text(["16:30", "00:00"])
    expect(forum.locator(".second-clock")).to_have_text("中国标准时间：16:30—00:00（次日结束）")
    # The reception runs past midnight in Leipzig already: both dates are written out in Beijing time.
    evening = page.locator(".event-card", has=page.locator("a[href^='/zh-hans/events/evening-reception/']"))
    expect(evening.locator(".second-clock time")).to_have_text(["03:00", "11:00"])
    expect(evening.locator(".second-clock")).to_contain_text("2025年11月8日 03:00")


# --- Screenshots in Chinese --------------------------------------------------------------------------------


def rendering_fonts(page, selector: str) -> dict[str, int]:
    """{font family: glyphs} that Chromium really drew the element's own text with (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.rendering
def test_chinese_text_is_drawn_with_a_cjk_font(page, demo):
    page.goto(f"/zh-hans{FORUM_PATH}")
    heading = page.locator("h1 span, h1").first.inner_text()
    chinese = sum(ord(character) in CJK for character in heading)

    fonts = rendering_fonts(page, "h1")

    cjk_glyphs = sum(count for family, count in fonts.items() if "CJK" in family)
    # Without fonts-noto-cjk Chromium falls back to a font without these characters and draws empty boxes.
    assert chinese >= 10
    assert cjk_glyphs >= chinese, fonts


@pytest.mark.rendering
@pytest.mark.parametrize(("viewport", "width"), [("desktop", 1280), ("phone", 320)])
def test_chinese_pages_screenshots(new_page, demo, viewport, width):
    page, requests = new_page(viewport={"width": width, "height": 800})
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "home": "/zh-hans/",
        "schedule": "/zh-hans/schedule/?tz=Asia/Shanghai",
        "event": f"/zh-hans{FORUM_PATH}",
    }
    for name, path in shots.items():
        page.goto(path)
        # Lazy images below the fold would be blank in a full-page picture: load them all first.
        assert page.evaluate(LOAD_EVERY_IMAGE) == [], f"images of {name} that did not load at {width}px"
        page.evaluate("() => document.fonts.ready")
        # Nothing sticks out sideways: no horizontal scrolling at any width down to 320 pixels.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width}px is {overflow}px too wide"
        target = ARTIFACTS / f"zh-hans-{name}-{viewport}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True)

        assert target.stat().st_size > 20_000, target
        with Image.open(target) as image:
            assert image.width == width
            assert image.height > 800
            # A picture of a page, not of a blank one: many colours are in use.
            assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 100
    assert requests.foreign() == []


@pytest.mark.rendering
def test_no_page_type_scrolls_sideways_on_a_phone_in_german(new_page, demo):
    # German has the longest words ("Kulturerbeschutz"); wide tables scroll inside their own box instead.
    page, _requests = new_page(viewport={"width": 320, "height": 640})
    pages = {**public_pages(), "register": f"/{{lang}}/events/{content.CULTURE_DAY_SLUG}/register/"}
    too_wide = {}
    for name in BROWSER_PAGE_TYPES:
        page.goto(pages[name].format(lang="de"))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            too_wide[name] = overflow

    assert too_wide == {}
    page.goto("/de/cooperation/")
    projects = page.locator(".table-scroll", has=page.locator("th", has_text="Organisation"))
    assert projects.evaluate("box => box.scrollWidth > box.clientWidth")
    assert projects.get_attribute("tabindex") == "0"


# --- German and Chinese at phone and desktop widths: nothing cut, no needless wraps (issue 11's screenshot review) --

# Each select's width against a copy of it holding only the chosen option, sized to its content: narrower means the
# chosen text is cut off at the select's edge.
CUT_SELECTS = """() => [...document.querySelectorAll("select")].flatMap(select => {
  const copy = select.cloneNode(false);
  copy.append(select.selectedOptions[0].cloneNode(true));
  copy.style.cssText = "position: absolute; width: auto; min-width: 0; max-width: none";
  document.body.append(copy);
  const needed = copy.offsetWidth;
  copy.remove();
  return select.offsetWidth < needed ? [`${select.name}: ${select.offsetWidth}px < ${needed}px`] : [];
})"""
# The lines an element's text takes: the distinct tops of its text's boxes.
LINES = """element => {
  const text = document.createRange();
  text.selectNodeContents(element);
  return new Set([...text.getClientRects()].map(box => Math.round(box.top))).size;
}"""


@pytest.mark.rendering
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "zh-hans"])
def test_schedule_filters_show_their_chosen_text_whole(new_page, demo, lang, width):
    page, _requests = new_page(viewport={"width": width, "height": 800}, timezone_id="UTC")
    # On a phone a zone's name with "· your time zone" after it can be wider than the screen, in German as in
    # English: only a shorter name would help there, so the phone is spared that one.
    queries = ("", "?when=past", "?tz=Europe/Berlin", *(("?tz=UTC",) if width > 400 else ()))
    for query in queries:
        page.goto(f"/{lang}/schedule/{query}")
        page.locator("#id_tz").focus()  # second-clock.js names the visitor's own zone in the list ("· Ihre Zeitzone")
        assert page.evaluate(CUT_SELECTS) == [], f"{lang}/schedule/{query} at {width}px"
        pills = page.locator(".phase-switch a").evaluate_all(f"pills => pills.map({LINES})")
        assert pills == [1, 1], f"{lang}/schedule/{query} at {width}px: lines of the phase switch's pills"


@pytest.mark.rendering
@pytest.mark.parametrize("lang", ["en", "de", "zh-hans"])
def test_home_hero_button_stays_on_one_line_on_a_phone(new_page, demo, lang):
    page, _requests = new_page(viewport={"width": 390, "height": 800})
    page.goto(f"/{lang}/")
    assert page.locator(".hero__actions .button").evaluate(LINES) == 1
