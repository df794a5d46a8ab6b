"""Valid HTML (Nu Html Checker) and WCAG 2.1 AA (axe-core) for the site-wide pages in every language.

The pages are checked on an empty site (a fresh install) and with the demo programme loaded, where
the home page shows the edition, its events, exhibitions and key figures.
"""

import pytest
from django.conf import settings

from tests.browser.tools import axe_violations, format_problems, validate_html
from tests.demo_data import load_demo_committed

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = [
    (f"/{language}/{path}", status)
    for language in LANGUAGES
    for path, status in (("", 200), ("privacy/", 200), ("this-page-does-not-exist/", 404))
]


# Checked in the same JVM run as the pages: proves the validator really reports errors.
CANARY = "(canary, invalid on purpose)"
CANARY_HTML = "<!DOCTYPE html><html lang=en><title>x</title><p><div>unclosed</p>"


def load_demo_programme(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo draws its pictures there
    load_demo_committed()  # load_demo, or with the live server its rows copied back (tests/demo_data.py)


@pytest.fixture
def demo_programme(settings, tmp_path) -> None:
    load_demo_programme(settings, tmp_path)


@pytest.mark.rendering
@pytest.mark.django_db
def test_site_pages_are_valid_html(client, settings, tmp_path):
    documents = {CANARY: CANARY_HTML}
    for state in ("empty site", "demo programme"):
        if state == "demo programme":
            load_demo_programme(settings, tmp_path)
        for path, status in PAGES:
            response = client.get(path)
            assert response.status_code == status, f"{path} ({state})"
            documents[f"{path} ({state})"] = response.content

    problems = validate_html(documents)  # one Java run for all of them

    assert problems.pop(CANARY, []) != [], "vnu.jar found nothing wrong with a broken page: it is not validating"
    assert problems == {}, "HTML errors (Nu Html Checker):\n" + format_problems(problems)


@pytest.mark.rendering
@pytest.mark.browser
def test_site_pages_meet_wcag_21_aa(demo_programme, new_page):
    # bypass_csp: axe is injected as an inline script, which a Content-Security-Policy would rightly block.
    page, requests = new_page(bypass_csp=True)
    problems = {}
    for path, status in PAGES:
        response = page.goto(path)
        assert response.status == status, path
        violations = axe_violations(page)
        if violations:
            problems[path] = violations

    assert problems == {}, "Accessibility violations (axe-core, WCAG 2.1 A/AA):\n" + format_problems(problems)
    assert requests.foreign() == []


@pytest.mark.rendering
@pytest.mark.browser
def test_accessibility_check_reports_a_violation(new_page):
    page, _requests = new_page(bypass_csp=True)
    page.set_content('<!DOCTYPE html><html lang="en"><title>x</title><main><img src="data:,"></main></html>')

    violations = axe_violations(page)

    assert any(line.startswith("image-alt ") for line in violations), violations
