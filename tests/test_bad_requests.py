"""Bad requests are answered 4xx, with the site's translated page: an unknown Host, a media name that cannot be a
file, NUL in the path, query, form or session cookie, a form whose CSRF token is missing.

Each of these answered 500 before (issue 12): the 400 page itself built an absolute URL from the unknown host;
Django's static `serve` let the file system's exceptions through; PostgreSQL refused NUL inside a view.
tests/test_hostile_sweep.py sends such values to every URL pattern; the cases here are the ones found, by name.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from events.models import Event, Registration
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
HEADINGS_400 = {
    "en": "We could not understand that request",
    "de": "Wir konnten diese Anfrage nicht verarbeiten",
    "zh-hans": "我们无法处理该请求",
}
HEADINGS_CSRF = {
    "en": "We could not accept this form",
    "de": "Wir konnten dieses Formular nicht annehmen",
    "zh-hans": "我们无法接受这份表单",
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["nanjingweek.example"]
    return Client(raise_request_exception=False, headers={"host": "nanjingweek.example"})


def assert_error_page(parse_html, response, *, status: int, language: str, heading: str) -> None:
    assert response.status_code == status
    document = parse_html(response.content)
    assert document.find("html").attrs["lang"] == language
    assert document.find("h1").text == heading
    # In the site's frame: the visitor can go on from here.
    assert document.find("nav", class_="language-switcher")
    assert document.find("a", href=f"/{language}/", class_="button")


# --- An unknown Host ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_host_answers_400_in_the_language_of_the_address(production, parse_html, language):
    response = production.get(f"/{language}/", headers={"host": "evil.example"})

    assert_error_page(parse_html, response, status=400, language=language, heading=HEADINGS_400[language])
    # Nothing on the page was built from the host it refused.
    assert b"evil.example" not in response.content
    assert parse_html(response.content).find_all("link", rel="canonical") == []


def test_unknown_host_refused_before_the_language_is_chosen_still_speaks_the_address(production, settings, parse_html):
    # With SECURE_SSL_REDIRECT, SecurityMiddleware asks for the host before LocaleMiddleware has run: the page must
    # not come out in whatever language the previous request left in the thread.
    settings.SECURE_SSL_REDIRECT = True
    translation.activate("zh-hans")

    response = production.get("/de/schedule/", headers={"host": "evil.example"})

    assert_error_page(parse_html, response, status=400, language="de", heading=HEADINGS_400["de"])


def test_known_host_is_served(production):
    # The other side: the same request with the configured host is answered.
    assert production.get("/de/").status_code == 200


# --- Media names -------------------------------------------------------------------------------------

needs_media_route = pytest.mark.skipif(not settings.SERVE_MEDIA, reason="SERVE_MEDIA is off: no media route")


@needs_media_route
@pytest.mark.parametrize(
    "name",
    [
        "a" * 256 + ".jpg",  # one segment over NAME_MAX (255 bytes)
        "南" * 86 + ".jpg",  # 258 bytes in UTF-8, 87 characters
        "uploads/" + "b" * 300 + "/c.jpg",
        "/".join(["d" * 200] * 8),  # every segment short, the whole too long
        "../nanjingweek/settings.py",
        "%2e%2e/%2e%2e/etc/passwd",
        "uploads/..%2f..%2fsecret",
        "..\\..\\windows",
        "uploads/",  # a directory
        "no-such-file.jpg",
    ],
    ids=lambda name: name[:24],
)
def test_media_name_that_cannot_be_a_file_is_not_found(production, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")

    assert production.get(f"/media/{name}").status_code == 404


@needs_media_route
def test_media_file_is_served(production, settings, tmp_path):
    # The other side: a real file next to those names is served.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "photo.jpg").write_bytes(b"\xff\xd8\xff")

    response = production.get("/media/uploads/photo.jpg")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff"


# --- NUL -----------------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(production):
    user = User.objects.create_superuser("chief", "chief@nanjingweek.example", "correct horse battery staple")
    production.force_login(user)
    return production


@pytest.mark.parametrize(
    "path",
    [
        # Each of these answered 500 on PostgreSQL: a text column cannot hold NUL.
        "/admin/events/event/?status=%00",
        "/admin/events/event/?status__exact=%00",
        "/admin/events/registration/?status__exact=pub%00lished",
        "/admin/events/event/?q=%00",
        "/admin/events/event/?_changelist_filters=status%3D%00",
        "/admin/events/event/%00/change/",
        "/admin/%00/",
    ],
)
def test_nul_in_an_admin_address_is_a_bad_request(staff_client, path):
    assert staff_client.get(path).status_code == 400


@pytest.mark.parametrize("path", ["/admin/events/event/?status=published", "/admin/events/event/?q=forum"])
def test_admin_filters_without_nul_are_served(staff_client, path):
    assert staff_client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/de/search/?q=Nanjing%00", "/de/schedule/?city=%00", "/de/events/forum%00/", "/de/%00/", "/de/?%00=1"]
)
def test_nul_in_a_public_address_is_a_bad_request_in_its_language(production, parse_html, path):
    response = production.get(path)

    assert_error_page(parse_html, response, status=400, language="de", heading=HEADINGS_400["de"])


def open_event() -> Event:
    """A published event a month from now that takes registrations."""
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=30)
    return factories.make_event(registration_required=True, starts_at=starts_at)


def registration_form(event_slug: str, **changes) -> dict[str, str]:
    data = {
        "name": "Anna Schmidt",
        "email": "anna@example.org",
        "organization": "Stadt Leipzig",
        "organization_kind": "government",
        "country": "DE",
        "language": "de",
        "consent": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
@pytest.mark.parametrize("field", ["name", "email", "organization", "country"])
def test_nul_in_a_form_field_is_refused_and_nothing_is_stored(production, field, content_type):
    event = open_event()
    data = registration_form(event.slug)
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    path = f"/de/events/{event.slug}/register/"

    if content_type == "multipart":
        response = production.post(path, data)
    else:
        response = production.post(path, urlencode(data), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_nul_in_the_session_cookie_is_a_bad_request(production):
    production.cookies[settings.SESSION_COOKIE_NAME] = "a" * 20 + "\x00" + "b" * 11

    assert production.get("/admin/").status_code == 400


def test_a_session_cookie_that_names_no_session_is_ignored(production):
    # The other side: a well-formed key of no session is an anonymous visitor, sent to the login page.
    production.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32

    assert production.get("/admin/").status_code == 302


# --- CSRF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_csrf_failure_page_is_translated_and_in_the_sites_frame(settings, parse_html, language):
    settings.DEBUG = False
    event = open_event()
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"/{language}/events/{event.slug}/register/", registration_form(event.slug))

    assert_error_page(parse_html, response, status=403, language=language, heading=HEADINGS_CSRF[language])
    body = response.content.decode()
    # What to do, and no technical detail (Django's page names the reason and the CSRF_* settings).
    for detail in ("CSRF", "Referer", "csrf_token", "DEBUG", "CSRF cookie not set"):
        assert detail not in body
    assert Registration.objects.count() == 0
    assert Event.objects.get(pk=event.pk).slug == event.slug


def test_csrf_failure_page_says_to_reload_and_allow_cookies(settings, parse_html):
    settings.DEBUG = False
    event = open_event()

    response = Client(enforce_csrf_checks=True).post(f"/en/events/{event.slug}/register/", {"name": "Anna"})

    text = parse_html(response.content).find("section", class_="error-page").text
    assert "reload the page" in text
    assert "allow cookies" in text


def test_form_with_its_csrf_token_is_accepted(settings):
    # The other side: the same form, fetched first so that it carries its token, is not refused.
    settings.DEBUG = False
    event = open_event()
    client = Client(enforce_csrf_checks=True)
    client.get(f"/en/events/{event.slug}/register/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        f"/en/events/{event.slug}/register/", registration_form(event.slug, csrfmiddlewaretoken=token)
    )

    assert response.status_code != 403
