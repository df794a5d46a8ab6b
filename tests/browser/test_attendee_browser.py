"""The attendee's page with the form to correct their details, in headless Chromium: submitted without JavaScript,
checked by axe, no sideways scrolling on a phone, and screenshots in three languages saved to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from events.models import Registration, RegistrationChange
from tests.browser.tools import axe_violations
from tests.factories import make_event

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def registration(transactional_db):
    now = timezone.now()
    event = make_event(
        registration_required=True,
        capacity=10,
        starts_at=now + timedelta(days=7),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=6),
        title_en="Forum on Common Heritage",
        title_de="Forum zum gemeinsamen Erbe",
        title_zh_hans="共同遗产论坛",
    )
    return Registration.objects.create(
        event=event,
        name="欧阳娜娜",
        name_romanized="Ouyang Nana",
        email="nana@example.cn",
        organization="南京市文化和旅游局",
        organization_kind="government",
        country="CN",
        language="zh-hans",
        status=Registration.Status.CONFIRMED,
        confirmed_at=now,
        consent_at=now,
    )


def test_details_are_corrected_without_javascript(new_page, registration):
    page, requests = new_page(java_script_enabled=False)
    page.goto(registration.get_absolute_url())

    page.fill("#personal-name", "欧阳娜")
    page.fill("#personal-name_romanized", "")
    page.select_option("#personal-country", "DE")
    page.click("text=Save my details")

    assert page.locator(".message--success").inner_text() == "Thank you. Your details have been updated."
    registration.refresh_from_db()
    assert (registration.name, registration.name_romanized, registration.country) == ("欧阳娜", "Ouyang Na", "DE")
    assert RegistrationChange.objects.filter(registration=registration).count() == 1
    assert requests.foreign() == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_page_with_the_form_and_its_errors_passes_axe(new_page, registration, language):
    # bypass_csp: axe is injected as an inline script, which the Content-Security-Policy would rightly block.
    page, _requests = new_page(bypass_csp=True)
    page.goto(f"/{language}/registration/{registration.token}/")
    assert axe_violations(page) == []

    page.fill("#personal-name", "")
    page.locator("#personal-data-heading ~ form button[type=submit]").click()

    assert page.locator("#personal-name").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_attendee_page_screenshots(new_page, registration, language, width):
    page, requests = new_page(viewport={"width": width, "height": 900})
    page.goto(f"/{language}/registration/{registration.token}/")
    page.evaluate("() => document.fonts.ready")

    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px too wide at {width}px"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"attendee-details-{language}-{width}.png"
    target.unlink(missing_ok=True)
    page.locator("#personal-data-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 20_000
    assert requests.foreign() == []
