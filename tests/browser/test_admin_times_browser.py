"""Venue-local times in a real browser far from the venue: the pickers add no "server time" note, "Now" stays."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User

from tests import factories
from tests.browser.test_admin_browser import PASSWORD, log_in
from tests.factories import SHANGHAI

pytestmark = pytest.mark.browser


def test_browser_in_another_zone_sees_the_venues_zone_and_no_server_time_note(new_page, live_server):
    from playwright.sync_api import expect

    User.objects.create_superuser("chief", "chief@nanjingweek.example", PASSWORD)
    venue = factories.make_venue(city=factories.make_city(country="CN", timezone="Asia/Shanghai"))
    event = factories.make_event(venue=venue, starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI))
    # An organizer in Leipzig, seven hours behind the venue.
    page, _requests = new_page(timezone_id="Europe/Berlin", locale="en-GB")
    log_in(page, live_server, "chief")

    page.goto(f"/admin/events/event/{event.pk}/change/")

    # The pickers ran (their clock and calendar links are there) and found the zone already named.
    expect(page.locator("#clocklink0")).to_be_attached()
    expect(page.locator("p.datetime:has(#id_starts_at_0) .local-zone")).to_have_text(
        "Local time of the venue: China Standard Time (Shanghai)."
    )
    assert "server time" not in page.locator("#content").inner_text()
