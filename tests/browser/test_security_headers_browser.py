"""The security headers as Chromium enforces them: every page type works under its Content-Security-Policy.

One browser context walks the public page types (in the three languages in turn), the error pages, the admin
(login, index, change lists, the new event form, the duplicate form with its date pickers, the event form whose
language tabs are clicked and which is saved) and the check-in page, collecting every `securitypolicyviolation`
event and every console message about the policy: there must be none, so nothing of ours or of Django's and
modeltranslation's admin relies on inline script or style. And an attendee posts the form of their own page,
which Django's CSRF check accepts only because the page keeps Referrer-Policy same-origin.

tests/test_security_headers.py checks the headers and the HTML of every page type without a browser.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from events.demo import content
from events.models import Event, Registration
from tests import factories
from tests.browser.test_admin_browser import PASSWORD, log_in, save_in_translation_tab
from tests.demo_data import load_demo_committed
from tests.test_demo_pages import LANGUAGES, add_varied_events, public_pages
from tests.test_page_quality import BROWSER_PAGE_TYPES

pytestmark = pytest.mark.browser

# Kept in the page by an init script, which the page's policy does not govern; read after each page load.
COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || document.URL}:${event.lineNumber} ${event.sample || ""}`);
});
"""


class PolicyWatch:
    """Violations of the policy seen on each page, from the DOM event and from Chromium's console."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.found: dict[str, list[str]] = {}
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            self.console.append(text)

    def visit(self, name: str, path: str, status: int = 200):
        response = self.page.goto(path)
        assert response.status == status, f"{name}: {path} answered {response.status}"
        self.check(name)
        return response

    def check(self, name: str) -> None:
        """What the page in the tab reported since the last check, under `name`."""
        seen = self.page.evaluate("window.__violations || []") + self.console
        self.console = []
        if seen:
            self.found.setdefault(name, []).extend(seen)


@pytest.fixture
def live_demo(settings, tmp_path, transactional_db):
    """The demo with the extra events, committed for the live server; {name: path with {lang}} of its pages."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The real URLconf plus views that fail on purpose, for the 500 page.
    settings.ROOT_URLCONF = "tests.urls_errors"
    load_demo_committed()  # load_demo, or its rows copied back after the first time (tests/demo_data.py)
    add_varied_events()
    pages = public_pages()
    pages["register"] = f"/{{lang}}/events/{content.CULTURE_DAY_SLUG}/register/"
    return pages


@pytest.mark.rendering
def test_every_page_type_keeps_to_its_content_security_policy(new_page, live_server, live_demo):
    from playwright.sync_api import expect

    page, requests = new_page()
    watch = PolicyWatch(page)
    User.objects.create_superuser("chief", "chief@nanjingweek.example", PASSWORD)
    forum = Event.objects.get(slug=content.FORUM_SLUG)

    # Each page type in one of the languages in turn (scripts and styles do not depend on it), the event page with
    # its JSON-LD and second clock in all three.
    for number, name in enumerate(BROWSER_PAGE_TYPES):
        language = LANGUAGES[number % len(LANGUAGES)]
        watch.visit(f"{name} ({language})", live_demo[name].format(lang=language))
    for language in LANGUAGES:
        watch.visit(f"event page ({language})", live_demo["second clock on an event page"].format(lang=language))
    for language in LANGUAGES:
        watch.visit(f"not found ({language})", f"/{language}/no-such-page/", status=404)
        watch.visit(f"server error ({language})", f"/{language}/test-errors/500/", status=500)
    # Camera for the check-in page only: Chromium says what the header allows the document.
    camera_on_home = page.evaluate("document.featurePolicy.allowsFeature('camera')")

    page.goto("/admin/login/?next=/admin/")
    watch.check("admin login")
    log_in(page, live_server, "chief")
    watch.check("admin index")
    for name, path in [
        ("admin event list", "/admin/events/event/?status__exact=published&q=Forum"),
        ("admin registrations", "/admin/events/registration/"),
        ("admin new event", "/admin/events/event/add/"),
    ]:
        watch.visit(name, path)
    # The date and time pickers of the duplicate form are drawn by script when opened.
    watch.visit("admin duplicate event", f"/admin/events/event/{forum.pk}/duplicate/")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.locator("#clocklink0").click()
    expect(page.locator("#clockbox0")).to_be_visible()
    watch.check("admin date and time pickers")
    # The event form's language tabs (modeltranslation, jQuery UI) work under the policy, and so does saving.
    watch.visit("admin event form", f"/admin/events/event/{forum.pk}/change/")
    save_in_translation_tab(page, "title", "de", "Forum für Kulturerbe und Tourismus")
    watch.check("admin event form, saved")

    watch.visit("check-in", f"/en/check-in/{forum.slug}/")
    camera_on_check_in = page.evaluate("document.featurePolicy.allowsFeature('camera')")

    assert watch.found == {}, "Content-Security-Policy violations:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(lines) for name, lines in watch.found.items()
    )
    forum.refresh_from_db()
    assert forum.title_de == "Forum für Kulturerbe und Tourismus"
    assert (camera_on_home, camera_on_check_in) == (False, True)
    # The walk saw the pages' own scripts and styles run, so a blocked one would have been reported.
    assert any(url.endswith("/static/js/second-clock.js") for url in requests.urls)
    assert any(url.endswith("/modeltranslation/js/tabbed_translation_fields.js") for url in requests.urls)
    assert requests.foreign() == []


def no_referrer(route) -> None:
    """The attendee's page as it would be with `Referrer-Policy: no-referrer`: what must never be sent."""
    # Fetched by Playwright's own client, which would otherwise keep the connection and the live server's thread
    # with its database connection open past the end of the test.
    response = route.fetch(headers={**route.request.headers, "connection": "close"})
    headers = {**response.headers, "referrer-policy": "no-referrer"}
    body = response.text().replace('<meta name="referrer" content="same-origin">', "")
    route.fulfill(response=response, headers=headers, body=body)


@pytest.mark.parametrize("policy", ["same-origin", "no-referrer"])
def test_attendee_cancels_through_their_own_page_form(new_page, live_server, policy):
    from datetime import timedelta

    from django.utils import timezone
    from playwright.sync_api import expect

    page, _requests = new_page()
    watch = PolicyWatch(page)
    event = factories.make_event(starts_at=timezone.now() + timedelta(days=30))
    registration = factories.make_attendee(event=event, checked_in_at=None)
    path = f"/en/registration/{registration.token}/"
    if policy == "no-referrer":
        page.route(f"**{path}", no_referrer)

    response = page.goto(path)
    assert response.headers["referrer-policy"] == policy
    page.get_by_label("Yes, cancel my registration.").check()
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.get_by_role("button", name="Cancel registration").click()

    registration.refresh_from_db()
    if policy == "same-origin":
        # The page's own form, posted with its real Origin: the CSRF check passes and the registration is cancelled.
        assert posted.value.request.headers["origin"] == live_server.url
        assert posted.value.status == 302
        expect(page.locator(".message--success")).to_contain_text("Your registration has been cancelled.")
        assert registration.status == Registration.Status.CANCELLED
        watch.check("attendee page")
    else:
        # The other side: under no-referrer Chromium sends `Origin: null`, and Django refuses the form.
        assert posted.value.request.headers["origin"] == "null"
        assert posted.value.status == 403
        assert registration.status == Registration.Status.CONFIRMED
        page.wait_for_load_state()
        watch.check("CSRF failure page")
    assert watch.found == {}
