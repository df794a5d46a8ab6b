"""Check-in at an event's door in headless Chromium: a ticket typed in, a ticket read by the vendored jsQR from a
photo of its QR code (the path of iPhone Safari and Firefox, which have no BarcodeDetector), under the site's
Content-Security-Policy, accessible (axe), and screenshots at phone and desktop widths in every language, saved to
test-artifacts/ for people to look at."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from events.models import Registration, format_ticket_code
from tests.browser.test_security_headers_browser import COLLECT_VIOLATIONS
from tests.browser.tools import axe_violations, format_problems, preload_axe
from tests.events.test_registrations import make_registration
from tests.factories import make_event

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# What iPhone Safari and Firefox offer a page: no BarcodeDetector. The decoder is then the vendored jsQR.
NO_BARCODE_DETECTOR = "Object.defineProperty(window, 'BarcodeDetector', {value: undefined, configurable: true});"


@pytest.fixture
def door(live_server):
    now = timezone.now().replace(microsecond=0)
    event = make_event(
        registration_required=True,
        capacity=40,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
        title_en="Cultural Heritage Protection & Tourism Innovation Forum",
        title_de="Forum für Kulturerbeschutz und Tourismusinnovation",
        title_zh_hans="文化遗产保护与旅游创新论坛",
    )
    people = [
        make_registration(
            event,
            status=Registration.Status.CONFIRMED,
            name=name,
            name_romanized=romanized,
            organization=organization,
        )
        for name, romanized, organization in [
            ("张伟", "Zhang Wei", "南京市文化和旅游局"),
            ("Jörg Müller", "", "Stadt Leipzig"),
            ("欧阳娜娜", "Ouyang Nana", "南京大学"),
            ("Marie-Luise Schäfer", "", "Sächsische Staatskanzlei"),
            ("李娜", "Li Na", "Nanjing Museum"),
            ("Hans Becker", "", "IHK zu Leipzig"),
            ("王芳", "Wang Fang", "江苏省商务厅"),
            ("Anna Schmidt", "", "Universität Leipzig"),
            ("陈静", "Chen Jing", "南京博物院"),
            ("Thomas Wagner", "", "Leipziger Messe"),
        ]
    ]
    staff = User.objects.create_user("jonas", password="x", is_staff=True, first_name="Jonas", last_name="Weber")
    group, _created = Group.objects.get_or_create(name="Check-in staff")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="check_in_registration"))
    staff.groups.add(group)
    return event, people, staff


def door_url(event, language="en") -> str:
    with translation.override(language):
        return reverse("events:check_in_event", kwargs={"slug": event.slug})


def logged_in_page(new_page, live_server, staff, **options):
    client = Client()
    client.force_login(staff)
    page, requests = new_page(**options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    return page, requests


def test_a_ticket_typed_in_and_one_read_by_jsqr_from_a_photo_are_checked_in(new_page, live_server, door, tmp_path):
    event, people, staff = door
    typed, photographed = people[0], people[1]
    page, requests = logged_in_page(new_page, live_server, staff, viewport={"width": 390, "height": 844})
    preload_axe(page.context)
    page.add_init_script(NO_BARCODE_DETECTOR)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems = {}

    page.goto(door_url(event))
    problems["door"] = axe_violations(page)
    page.fill("#id_code", format_ticket_code(typed.ticket_code).lower())
    page.click("form.check-in-form button[type=submit]")
    page.wait_for_selector(".check-in-result--admitted")
    problems["typed"] = axe_violations(page)

    # A photo of the ticket's QR code, as on the ticket page and in the e-mail (segno, error correction M).
    photo = tmp_path / "ticket.png"
    segno.make_qr(photographed.ticket_code, error="m").save(photo, scale=10, border=6)
    with page.expect_navigation():
        # Decoded in the page, put into the code field and sent, as if typed.
        page.set_input_files("[data-scan-photo]", str(photo))
    page.wait_for_selector(".check-in-result--admitted")
    problems["photo"] = axe_violations(page)
    admitted = page.locator(".check-in-result").inner_text()

    # The same photo again: refused, saying when and by whom.
    with page.expect_navigation():
        page.set_input_files("[data-scan-photo]", str(photo))
    page.wait_for_selector(".check-in-result--refused")
    refused = page.locator(".check-in-result").inner_text()
    problems["refused"] = axe_violations(page)
    violations = page.evaluate("window.__violations")

    typed.refresh_from_db()
    photographed.refresh_from_db()
    assert (typed.checked_in_by, photographed.checked_in_by) == (staff, staff)
    assert "Jörg Müller" in admitted
    assert "Already checked in on" in refused and "by Jonas Weber" in refused
    assert page.locator(".door-counts__item--in .door-counts__number").inner_text() == "2"
    # The vendored decoder did it: loaded from this site, nothing from elsewhere, and under the site's policy.
    assert any(url.endswith("/static/vendor/jsqr/jsQR.js") for url in requests.urls)
    assert requests.foreign() == []
    assert violations == []
    assert errors == []
    assert {name: found for name, found in problems.items() if found} == {}, format_problems(problems)


def test_a_photo_without_a_qr_code_says_so_and_checks_nobody_in(new_page, live_server, door, tmp_path):
    event, _people, staff = door
    page, _requests = logged_in_page(new_page, live_server, staff)
    page.add_init_script(NO_BARCODE_DETECTOR)
    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 600), "white").save(blank)

    page.goto(door_url(event))
    page.set_input_files("[data-scan-photo]", str(blank))

    status = page.locator("[data-scan-status]")
    status.filter(has_text="No QR code was found").wait_for()
    assert page.locator(".check-in-result").count() == 0
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_door_screenshots_in_every_language(new_page, live_server, door, width):
    event, people, staff = door
    page, requests = logged_in_page(new_page, live_server, staff, viewport={"width": width, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    too_wide = {}
    for number, language in enumerate(["en", "de", "zh-hans"]):
        page.goto(door_url(event, language) + "?q=" + ("张" if language == "zh-hans" else "a"))
        page.fill("#id_code", people[number + 2].ticket_code)
        page.click("form.check-in-form button[type=submit]")
        page.wait_for_selector(".check-in-result")
        page.evaluate("() => document.fonts.ready")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            too_wide[language] = overflow
        target = ARTIFACTS / f"check-in-{language}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        with Image.open(target) as image:
            assert image.width == width
    # A refusal too: the second check-in of the last ticket, in red.
    page.fill("#id_code", people[4].ticket_code)
    page.click("form.check-in-form button[type=submit]")
    page.wait_for_selector(".check-in-result--refused")
    page.screenshot(path=str(ARTIFACTS / f"check-in-refused-zh-hans-{width}.png"), full_page=True)
    page.goto("/de/check-in/")
    page.screenshot(path=str(ARTIFACTS / f"check-in-index-de-{width}.png"), full_page=True)

    assert too_wide == {}
    assert requests.foreign() == []
