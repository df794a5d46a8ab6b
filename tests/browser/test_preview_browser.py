"""An organizer's day in a real browser: a new event with its agenda made in the admin, proofread in Chinese through
its preview (screenshots at phone and desktop widths in test-artifacts/), published, and then found on the public
schedule by a visitor who has never logged in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from events.models import Event
from tests import factories
from tests.browser.test_admin_browser import log_in, make_organizer
from tests.browser.test_public_browser import ARTIFACTS

pytestmark = pytest.mark.browser

TITLE_EN = "Ming City Wall Proofreading Forum"
TITLE_ZH = "明城墙校对论坛"
BANNER_ZH = "预览：尚未公开"


def choose_in_autocomplete(page, field: str, text: str) -> None:
    """Pick an option of an admin autocomplete (select2) field as a person does: open, type, click."""
    page.locator(f"[aria-labelledby='select2-id_{field}-container']").click()
    page.locator(f".select2-search__field[aria-controls='select2-id_{field}-results']").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def fill_session(page, index: int, title: str, starts: datetime, ends: datetime, *, dates: bool = True) -> None:
    """One agenda session of the event's inline: its title and its local start and end, as date and time, or as
    times alone (`dates=False`: the admin puts them on the event's first day)."""
    prefix = f"#id_sessions-{index}"
    # Choosing a language tab anywhere turns every tab of the page to it: back to English first.
    page.locator(f"a[href='#tab_id_sessions-{index}-title_en']").click()
    page.locator(f"{prefix}-title_en").fill(title)
    if dates:
        page.locator(f"{prefix}-starts_at_0").fill(starts.date().isoformat())
        page.locator(f"{prefix}-ends_at_0").fill(ends.date().isoformat())
    page.locator(f"{prefix}-starts_at_1").fill(starts.strftime("%H:%M"))
    page.locator(f"{prefix}-ends_at_1").fill(ends.strftime("%H:%M"))


def test_organizer_makes_previews_in_chinese_and_publishes_an_event_a_visitor_then_finds(new_page, live_server):
    from playwright.sync_api import expect

    day = datetime.now().date() + timedelta(days=20)
    edition = factories.make_edition(
        name_en="China Nanjing Week (preview test)",
        start_date=day - timedelta(days=10),
        end_date=day + timedelta(days=10),
        is_current=True,
    )
    venue = factories.make_venue(name_en="Kongresshalle am Zoo")
    make_organizer("mei")
    page, requests = new_page()
    log_in(page, live_server, "mei")

    page.goto("/admin/events/event/add/")
    choose_in_autocomplete(page, "edition", edition.name_en)
    page.locator("#id_title_en").press_sequentially(TITLE_EN)
    page.locator("a[href='#tab_id_title_zh_hans']").click()
    page.locator("#id_title_zh_hans").fill(TITLE_ZH)
    choose_in_autocomplete(page, "venue", venue.name_en)
    page.locator("#id_starts_at_0").fill(day.isoformat())
    page.locator("#id_starts_at_1").fill("09:30")
    page.locator("#id_ends_at_0").fill(day.isoformat())
    page.locator("#id_ends_at_1").fill("17:00")
    sessions = page.locator("#sessions-group")
    for index, (title, hours) in enumerate([("Opening", (9, 10)), ("Panel on heritage", (13, 15))]):
        sessions.locator(".add-row a").click()
        moments = (datetime.combine(day, datetime.min.time()).replace(hour=h) for h in hours)
        fill_session(page, index, title, *moments, dates=index == 0)
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    event = Event.objects.get(title_en=TITLE_EN)
    assert event.status == Event.Status.DRAFT
    # The second session was typed as times alone: it lies on the event's day, in the venue's time.
    assert [(session.local_start.date(), session.local_start.hour) for session in event.sessions.all()] == [
        (day, 9),
        (day, 13),
    ]

    # Proofreading in Chinese, from the change form's preview box.
    page.locator(f"table.preview-links a[href='/zh-hans/preview/event/{event.pk}/']").click()
    expect(page.locator(".preview-banner")).to_contain_text(BANNER_ZH)
    expect(page.locator("h1")).to_contain_text(TITLE_ZH)
    expect(page.get_by_text("Panel on heritage")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate("() => document.fonts.ready")
        target = ARTIFACTS / f"preview-zh-hans-event-{width}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 20_000, target
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the preview at {width}px is {overflow}px too wide"

    # Published with the status field; a visitor in a fresh browser finds it on the schedule.
    page.goto(f"/admin/events/event/{event.pk}/change/")
    page.locator("#id_status").select_option(Event.Status.PUBLISHED)
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    visitor, visitor_requests = new_page()
    visitor.goto("/zh-hans/schedule/")
    visitor.get_by_role("link", name=TITLE_ZH).click()
    expect(visitor.locator("h1")).to_contain_text(TITLE_ZH)
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    assert visitor.url == f"{live_server.url}/zh-hans/events/{event.slug}/"
    assert requests.foreign() == visitor_requests.foreign() == []
