"""The schedule and an event page on paper: site.css's print block as Chromium applies it, and the PDF it prints.

Print media is emulated on one page at the width of A4's printable area, for a small programme of three days:
the site's chrome (menu, navigation, search, language switcher, footer) is not shown, every day after the first
begins a new page, a link to another site has its address written after it, nothing is wider than the paper; and
`page.pdf()` of the schedule gives a page per day with that day's heading on it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    BERLIN,
    make_city,
    make_edition,
    make_event,
    make_event_role,
    make_organization,
    make_session,
    make_speaker,
    make_venue,
)
from tests.pdfs import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.rendering]

# A4 is 210 mm wide; site.css's @page leaves 15 mm either side: 180 mm, in CSS pixels (96 per inch).
A4_CONTENT_WIDTH = round(180 / 25.4 * 96)
DAYS = 3

# What only serves a screen: the site's chrome, and the forms of each page.
CHROME = [".skip-link", ".site-menu", ".site-nav", ".site-search", ".language-switcher", ".site-footer"]
SCHEDULE_CHROME = [*CHROME, ".phase-switch", ".filters"]
EVENT_CHROME = [*CHROME, ".breadcrumbs", ".clock-form"]

# For each selector: how many elements match and how many of them take up room on the page.
SHOWN = """
selectors => Object.fromEntries(selectors.map(selector => {
    const elements = Array.from(document.querySelectorAll(selector));
    return [selector, [elements.length, elements.filter(element => element.getClientRects().length > 0).length]];
}))
"""
DAY_BREAKS = """
() => Array.from(document.querySelectorAll(".schedule-day")).map(day => {
    const style = getComputedStyle(day);
    return [day.querySelector("h2").textContent.trim(), style.breakBefore, style.pageBreakBefore];
})
"""
# What is written after each link in a part of the page, and where it leads.
AFTER_LINKS = """
selector => Array.from(document.querySelectorAll(selector + " a")).map(link =>
    [link.getAttribute("href"), getComputedStyle(link, "::after").content])
"""
# The elements that reach beyond the body's right edge (at most half a pixel of rounding).
OVERFLOWING = """
() => {
    const right = document.body.getBoundingClientRect().right + 0.5;
    const wide = [];
    for (const element of document.body.querySelectorAll("*")) {
        if (element.getClientRects().length && element.getBoundingClientRect().right > right) {
            wide.push(element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, wide};
}
"""
# No field of an event holds a link of its own (its description is plain text): one to another site in its prose,
# as a news article's body has them, shows what the stylesheet writes after such a link.
ADD_OUTSIDE_LINK = """
() => {
    const paragraph = document.querySelector(".prose p");
    const link = document.createElement("a");
    link.href = "https://www.leipzig.de/kultur";
    link.textContent = "Leipzig's culture pages";
    paragraph.append(" ", link);
}
"""


@pytest.fixture
def programme(transactional_db):
    """A current edition of three days ahead, an event a day in Leipzig; the first with prose, an organizer and a
    speaker."""
    first_day = timezone.localdate() + timedelta(days=10)
    edition = make_edition(
        slug="print-week", start_date=first_day, end_date=first_day + timedelta(days=DAYS), is_current=True
    )
    venue = make_venue(city=make_city(slug="leipzig", name_en="Leipzig"), name_en="Kongresshalle am Zoo")
    events = [
        make_event(
            edition=edition,
            venue=venue,
            slug=f"print-day-{number}",
            title_en=f"Forum of day {number}",
            starts_at=datetime.combine(first_day + timedelta(days=number), time(10, 0), tzinfo=BERLIN),
            description_en="Two cities, one heritage.\n\nTalks, walks and a concert.",
        )
        for number in range(DAYS)
    ]
    make_event_role(event=events[0], organization=make_organization(slug="city-of-leipzig", name_en="City of Leipzig"))
    opening = make_session(event=events[0], title_en="Welcome")
    opening.speakers.add(make_speaker(name_en="Anna Schreiber", bio_en="Advises cities on guided tours."))
    return events


def test_schedule_and_event_page_print_the_content_a_day_to_a_page(new_page, programme):
    page, requests = new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1123})
    page.emulate_media(media="print")

    page.goto("/en/schedule/")
    shown = page.evaluate(SHOWN, [*SCHEDULE_CHROME, ".schedule-day", ".event-card"])
    assert {selector: shown[selector] for selector in SCHEDULE_CHROME} == dict.fromkeys(SCHEDULE_CHROME, [1, 0])
    assert shown[".schedule-day"] == [DAYS, DAYS] and shown[".event-card"] == [DAYS, DAYS]
    # Of the header only the edition's name is left, as a letterhead.
    assert page.locator(".site-header").inner_text().strip() == programme[0].edition.name
    # The zone's full name after its abbreviation, one bracket only: "CET, Central European Standard Time (UTC+1)".
    title, after = page.locator("abbr.zone").first.evaluate(
        "abbr => [abbr.title, getComputedStyle(abbr, '::after').content]"
    )
    assert after == f'", {title}"' and title.count("(") == 1, after
    days = page.evaluate(DAY_BREAKS)
    headings = [heading for heading, _, _ in days]
    # The first day follows the page's heading; each later one begins a page of its own.
    assert [(after, before) for _, after, before in days[1:]] == [("page", "always")] * (DAYS - 1), days
    assert page.evaluate(OVERFLOWING) == {
        "scrollWidth": A4_CONTENT_WIDTH,
        "clientWidth": A4_CONTENT_WIDTH,
        "wide": [],
    }

    pdf = page.pdf(prefer_css_page_size=True)
    pages = [" ".join(text.split()) for text in pdf_text(pdf).rstrip("\f").split("\f")]
    assert len(pages) >= DAYS
    # Each day's heading on its own page, in order, with its event under it.
    where = [next((number for number, text in enumerate(pages) if heading in text), None) for heading in headings]
    assert None not in where and where == sorted(set(where)), (headings, pages)
    for number, heading in enumerate(headings):
        assert f"Forum of day {number}" in pages[where[number]].split(heading, 1)[1]
    assert "Skip to content" not in pages[0] and "Privacy notice" not in pages[-1]

    page.goto(programme[0].get_absolute_url())
    assert page.evaluate(SHOWN, EVENT_CHROME) == dict.fromkeys(EVENT_CHROME, [1, 0])
    page.evaluate(ADD_OUTSIDE_LINK)
    assert page.evaluate(AFTER_LINKS, ".prose") == [
        ["https://www.leipzig.de/kultur", '" (https://www.leipzig.de/kultur)"']
    ]
    # The site's own pages are reached from the schedule's address: no path after the organizer's name.
    assert {after for _, after in page.evaluate(AFTER_LINKS, ".roles")} == {"none"}
    # A speaker's card is one link stretched over it (::after): on paper that layer is clear, not white over the text.
    stretched = page.locator(".speaker__name a").evaluate("link => getComputedStyle(link, '::after').backgroundColor")
    assert stretched == "rgba(0, 0, 0, 0)"
    overflow = page.evaluate(OVERFLOWING)
    assert overflow["wide"] == [] and overflow["scrollWidth"] == A4_CONTENT_WIDTH, overflow
    assert "Forum of day 0" in page.locator("h1").inner_text()
    assert requests.foreign() == []
