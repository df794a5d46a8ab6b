"""Error pages: in the visitor's language, in the site's frame, and never with technical detail."""

import pytest
from django.test import Client

from tests.urls_errors import SECRET_DETAIL

LANGUAGES = ["en", "de", "zh-hans"]
HEADINGS_404 = {
    "en": "We could not find this page",
    "de": "Wir konnten diese Seite nicht finden",
    "zh-hans": "我们找不到此页面",
}
ENGLISH_500_HEADING = "Something went wrong on our side"

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls_errors"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("language", HEADINGS_404)
def test_404_is_shown_in_the_visitors_language(client, parse_html, language):
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    document = parse_html(response.content)
    assert document.find("html").attrs["lang"] == language
    assert document.find("h1").text == HEADINGS_404[language]
    # In the site's frame: the visitor can go on from here.
    assert document.find("nav", class_="language-switcher")
    assert document.find("a", href=f"/{language}/", class_="button")


def test_404_outside_a_language_prefix_uses_the_browsers_language(client, parse_html):
    response = client.get("/no-such-page/", headers={"Accept-Language": "de"})

    # No redirect to a page that does not exist in any language: the 404 itself, in German.
    assert response.status_code == 404
    assert parse_html(response.content).find("html").attrs["lang"] == "de"


@pytest.mark.parametrize("language", LANGUAGES)
def test_500_shows_no_technical_detail(failing_site, parse_html, language):
    response = failing_site.get(f"/{language}/test-errors/500/")

    assert response.status_code == 500
    body = response.content.decode()
    for detail in (SECRET_DETAIL, "Traceback", "RuntimeError", "raise_error", "File &quot;", "site-packages"):
        assert detail not in body
    document = parse_html(body)
    assert document.find("html").attrs["lang"] == language
    heading = document.find("h1").text
    if language == "en":
        assert heading == ENGLISH_500_HEADING
    else:
        assert heading not in ("", ENGLISH_500_HEADING), f"500 heading not translated into {language}"
    assert document.find("a", href=f"/{language}/")


def test_500_with_debug_on_would_show_the_detail(settings):
    # The other side: proves the request above really raised and the page hid it.
    settings.ROOT_URLCONF = "tests.urls_errors"
    settings.DEBUG = True

    response = Client(raise_request_exception=False).get("/en/test-errors/500/")

    assert response.status_code == 500
    assert SECRET_DETAIL in response.content.decode()


@pytest.mark.parametrize(
    ("status", "english_heading"),
    [(400, "We could not understand that request"), (403, "You may not open this page")],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_400_and_403_render_their_templates(failing_site, parse_html, status, english_heading, language):
    response = failing_site.get(f"/{language}/test-errors/{status}/")

    assert response.status_code == status
    assert SECRET_DETAIL not in response.content.decode()
    document = parse_html(response.content)
    assert document.find("html").attrs["lang"] == language
    assert document.find("section", class_="error-page")
    heading = document.find("h1").text
    if language == "en":
        assert heading == english_heading
    else:
        assert heading not in ("", english_heading), f"{status} heading not translated into {language}"
