"""Quality bars of the public site with the demo programme, in all three languages.

- valid HTML: the Nu Html Checker (vnu.jar) finds no error on any page (one Java run for all of them);
- accessible: axe-core in headless Chromium finds no WCAG 2.1 A/AA violation on any page type;
- self-contained: no page type makes the browser ask another host for anything, images below the fold
  included (tests/test_third_party.py looks for foreign URLs in the HTML of every page); and every
  image the browser picks from a srcset is there.

The demo gets a cancelled, a postponed and an English-only event beside its own, so that the badges, the
notices, the fallback-language markup and the second clock's day shift are checked too.
"""

from __future__ import annotations

import pytest

from events.demo import content
from events.demo.news import LEIPZIG_FORUM_ARTICLE_SLUG
from events.models import Event
from nanjingweek import previews
from tests.browser import is_local
from tests.browser.tools import axe_violations, format_problems, preload_axe, start_axe, validate_html
from tests.demo_data import load_demo_committed
from tests.factories import make_event
from tests.test_demo_pages import LANGUAGES, add_varied_events, all_paths, public_pages

# One of each kind of page for the browser, where every page costs a second or so. The filtered schedules
# differ from one another only in content; the forum with the second clock has everything the plain one has.
BROWSER_PAGE_TYPES = [
    "home",
    "schedule",
    "schedule with every filter",  # and the second clock
    "schedule filtered to nothing",
    "schedule of past events",  # the current edition's: none yet in the demo, and the way to the archive
    "edition with every filter",  # the 2025 archive: every event took place
    "privacy",
    "exhibitions",
    "partners",
    "cooperation",
    "second clock on an event page",  # the forum: picture, agenda, speakers, partners, clock form
    f"event {content.DIETFURT_SLUG}",  # no date
    "event cancelled-concert",
    "event evening-reception",  # English only
    f"edition {content.EDITION_SLUG}",
    "venue kongresshalle-leipzig",
    "city leipzig",
    f"exhibition {content.EXHIBITION['slug']}",
    f"partner {content.COMMITTEE}",
    f"event {content.FORUM_SLUG}",  # took place: outcomes with report, participation breakdown and gallery
    f"event {content.MAY_EVENT_SLUG}",  # took place: the projects announced there
    "news",
    f"news {LEIPZIG_FORUM_ARTICLE_SLUG}",  # picture, body, related events, exhibition and partners
    "contact",
    "accessibility",
    "speakers",
    "speaker liu-haitao",
    "search",
    "register",
]
# Checked here only (other browser tests share the list above and their own demo): a draft's proofreading link,
# the page with the preview banner (nanjingweek/previews.py), which anonymous visitors and axe can open.
PREVIEW_PAGE_TYPES = ["preview of a draft event"]
# And the API's docs page (nanjingweek/api/docs.py), outside the language prefix and the pages' navigation.
API_PAGE_TYPES = ["api docs"]

# Lazy images load only when scrolled to: load them all, so that every request a visitor may cause is seen.
# Returns the sources of the images that did not load (a missing file, a srcset candidate that is not there).
LOAD_EVERY_IMAGE = """
async () => {
    const images = Array.from(document.images);
    await Promise.all(images.map(image => {
        image.loading = "eager";
        return image.complete ? null : new Promise(done => { image.onload = image.onerror = done; });
    }));
    return images.filter(image => image.naturalWidth === 0).map(image => image.currentSrc || image.src);
}
"""


def load_site() -> dict[str, str]:
    load_demo_committed()  # load_demo, or for live_site after the first time its rows copied back (demo_data.py)
    varied = add_varied_events()
    pages = public_pages()
    pages["register"] = f"/{{lang}}/events/{content.CULTURE_DAY_SLUG}/register/"
    place = varied["cancelled"]
    draft = make_event(
        slug="draft-reading",
        title_en="Poetry reading",
        title_de="Lyriklesung",
        title_zh_hans="诗歌朗诵会",
        status=Event.Status.DRAFT,
        starts_at=place.starts_at,
        edition=place.edition,
        venue=place.venue,
    )
    pages["preview of a draft event"] = f"/{{lang}}/preview/{previews.make_token(draft)}/"
    pages["api docs"] = "/api/v1/docs?lang={lang}"
    return pages


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(media, db) -> dict[str, str]:
    """The demo with the extra events; {name: path with {lang}} of every public page."""
    return load_site()


@pytest.fixture
def live_site(media, transactional_db) -> dict[str, str]:
    """The same, committed, for the live server that the browser talks to."""
    return load_site()


@pytest.mark.rendering
def test_every_page_is_valid_html_in_every_language(client, site):
    documents = {}
    for name, path in all_paths(site).items():
        response = client.get(path)
        assert response.status_code == 200, path
        documents[name] = response.content
    for language in LANGUAGES:
        response = client.get(f"/{language}/no-such-page/")
        assert response.status_code == 404
        documents[f"not found ({language})"] = response.content

    problems = validate_html(documents)

    assert problems == {}, "HTML errors (Nu Html Checker):\n" + format_problems(problems)
    assert len(documents) == 3 * (len(site) + 1) > 100


@pytest.mark.rendering
def test_every_page_type_meets_wcag_21_aa_and_shows_every_image_from_this_site_only(new_page, live_site):
    assert live_site["second clock on an event page"] == f"/{{lang}}/events/{content.FORUM_SLUG}/?tz=Asia/Shanghai"
    # bypass_csp: axe is injected as an inline script, which a Content-Security-Policy would rightly block.
    # Two browser contexts take turns, so that one loads its next page while axe checks the other's (start_axe);
    # each has its own request log, and each page's requests are those its context made while it was shown.
    tabs = [new_page(bypass_csp=True) for _ in range(2)]
    for page, _requests in tabs:
        preload_axe(page.context)
    checking: list[tuple[str, int] | None] = [None, None]  # each context's page under axe, and its first request
    violations, foreign, broken = {}, {}, {}

    def finish(tab: int) -> None:
        (page, requests), (name, first_request) = tabs[tab], checking[tab]
        found = axe_violations(page)
        if found:
            violations[name] = found
        elsewhere = [url for url in requests.urls[first_request:] if not is_local(url)]
        if elsewhere:
            foreign[name] = elsewhere
        checking[tab] = None

    checked = {name: live_site[name] for name in [*BROWSER_PAGE_TYPES, *PREVIEW_PAGE_TYPES, *API_PAGE_TYPES]}
    for number, (name, path) in enumerate(all_paths(checked).items()):
        tab = number % 2
        page, requests = tabs[tab]
        if checking[tab] is not None:
            finish(tab)
        first_request = len(requests.urls)
        response = page.goto(path)
        assert response.status == 200, path
        not_loaded = page.evaluate(LOAD_EVERY_IMAGE)
        if not_loaded:
            broken[name] = not_loaded
        start_axe(page)
        checking[tab] = (name, first_request)
    for tab in range(2):
        if checking[tab] is not None:
            finish(tab)

    assert violations == {}, "Accessibility violations (axe-core, WCAG 2.1 A/AA):\n" + format_problems(violations)
    assert foreign == {}
    assert broken == {}, "Images that did not load:\n" + format_problems(broken)
    # The logs saw the pages' own resources, pictures included, so they would have seen a foreign one.
    urls = [url for _page, requests in tabs for url in requests.urls]
    assert any(url.endswith("/static/css/site.css") for url in urls)
    assert sum("/media/" in url for url in urls) > 20
