"""Security headers on every page type: the Content-Security-Policy, Permissions-Policy and the cross-origin policies.

Every public page of the demo in every language, the feeds, the admin (login, index, every change list and add
form, the event form with its language tabs), the error pages (400, 403, 404, 500, 503, the CSRF failure), the
probes and the check-in page: each response carries a policy without inline allowances and turns every browser
feature off, the camera excepted on the check-in page. The HTML of the pages holds no inline script, event
handler or style for the policy to block (tests/browser/test_security_headers_browser.py has Chromium enforce
it). Attendee-token pages keep Referrer-Policy same-origin, never no-referrer.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.demo import content
from events.models import Event
from nanjingweek.security_headers import format_policy, permissions_policy
from tests import factories, test_demo_pages
from tests.security_headers import header_problems, inline_code, permissions

# The demo loaded once for the module (tests/conftest.py's demo_once), each test in a savepoint.
demo = test_demo_pages.demo


def sweep(client: Client, paths: dict[str, str], *, statuses=(200,), camera: bool = False) -> dict[str, list[str]]:
    """{name: problems} of the pages whose headers or HTML are not right."""
    problems = {}
    for name, path in paths.items():
        response = client.get(path)
        found = header_problems(response, camera=camera)
        if response.status_code not in statuses:
            found.append(f"status {response.status_code}")
        if response.headers.get("Content-Type", "").startswith("text/html"):
            found += inline_code(response.content)
        if found:
            problems[f"{name} {path}"] = found
    return problems


@pytest.fixture
def chief(db) -> User:
    return User.objects.create_superuser("chief", "chief@nanjingweek.example", "correct horse battery staple")


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.urls_security_headers"
    return Client(raise_request_exception=False)


# --- Public pages, feeds, probes -------------------------------------------------------------------------


def test_public_pages_not_in_the_sitemap_carry_the_headers_and_no_inline_code(client, demo):
    # Every page and feed of public_pages() and feed_paths() is checked by tests/test_demo_pages.py (page_problems).
    forum = Event.objects.get(slug=content.FORUM_SLUG)
    pages = {
        "register": f"/en/events/{content.CULTURE_DAY_SLUG}/register/",
        **{f"news feed ({code})": f"/{code}/news/feed/" for code, _name in settings.LANGUAGES},
        "event with JSON-LD": f"/zh-hans/events/{forum.slug}/",
    }

    assert sweep(client, pages) == {}
    # JSON-LD is data, not inline code: the sweep saw one and let it be.
    assert b'<script type="application/ld+json">' in client.get(pages["event with JSON-LD"]).content


def test_the_checks_see_what_a_policy_would_block(client, db):
    page = client.get("/en/privacy/")
    assert header_problems(page) == inline_code(page.content) == []

    del page.headers["Permissions-Policy"]
    page.headers["Content-Security-Policy"] += "; script-src 'self' 'unsafe-inline'"
    page.headers["Referrer-Policy"] = "no-referrer"
    tampered = page.content.replace(b"<main", b'<main style="color: red" onclick="go()"').replace(
        b"</body>", b'<script>go()</script><style>p{}</style><a href="javascript:go()">x</a></body>'
    )

    assert len(header_problems(page)) == 4
    assert [line.split()[0] for line in inline_code(tampered)] == ["<main", "<main", "<script>", "<style>", "<a"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/", "/language/de/?next=/de/"])
def test_probes_and_redirects_carry_the_headers(client, db, path):
    response = client.get(path)

    assert response.status_code in (200, 302, 503), path
    assert header_problems(response) == []


# --- Error pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/no-such-page/", 404),
        ("/de/no-such-page/", 404),
        ("/zh-hans/no-such-page/", 404),
        ("/no-such-page/", 404),
        ("/en/test-errors/400/", 400),
        ("/de/test-errors/403/", 403),
        ("/zh-hans/test-errors/500/", 500),
        ("/en/test-errors/503/", 503),
    ],
)
def test_error_pages_carry_the_headers_and_no_inline_code(failing_site, db, path, status):
    response = failing_site.get(path)

    assert response.status_code == status
    assert header_problems(response) == []
    assert inline_code(response.content) == []


def test_csrf_failure_and_unknown_host_answers_carry_the_headers(db):
    refused = Client(enforce_csrf_checks=True).post("/en/check-in/", {"code": "ABCD"})
    unknown_host = Client(raise_request_exception=False).get("/en/", headers={"host": "evil.example"})

    assert refused.status_code == 403
    assert header_problems(refused) == []
    assert inline_code(refused.content) == []
    assert 400 <= unknown_host.status_code < 600
    assert header_problems(unknown_host) == []


# --- The admin ---------------------------------------------------------------------------------------------


def admin_pages(event: Event) -> dict[str, str]:
    """Index, the change list and add form of every registered model, and the event form with language tabs."""
    pages = {"admin index": reverse("admin:index")}
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages[f"{model_admin} list"] = reverse("admin:{}_{}_changelist".format(*info))
        pages[f"{model_admin} add"] = reverse("admin:{}_{}_add".format(*info))
    pages["event form"] = reverse("admin:events_event_change", args=[event.pk])
    pages["duplicate event"] = reverse("admin:events_event_duplicate", args=[event.pk])
    pages["event history"] = reverse("admin:events_event_history", args=[event.pk])
    pages["event deletion"] = reverse("admin:events_event_delete", args=[event.pk])
    return pages


def test_admin_login_carries_the_headers_and_no_inline_code(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 200
    assert header_problems(response) == []
    assert inline_code(response.content) == []


def test_every_admin_page_carries_the_headers_and_no_inline_code(client, demo, chief):
    client.force_login(chief)
    forum = Event.objects.get(slug=content.FORUM_SLUG)
    pages = admin_pages(forum)

    # Some models cannot be added by hand (403, in the site's frame; the one site owner: to its form), the headers
    # are there all the same.
    assert sweep(client, pages, statuses=(200, 302, 403)) == {}
    form = client.get(pages["event form"]).content.decode()
    assert "tabbed_translation_fields.js" in form and 'id="id_title_zh_hans"' in form
    assert len(pages) > 40


# --- Check-in and the attendee's pages ------------------------------------------------------------------------


def test_camera_is_allowed_on_the_check_in_page_only(client, chief):
    now = timezone.now()
    event = factories.make_event(
        registration_required=True, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    attendee = factories.make_attendee(event=event, checked_in_at=None)
    client.force_login(chief)

    page = client.get(f"/en/check-in/{event.slug}/")
    checked_in = client.post(f"/de/check-in/{event.slug}/", {"code": attendee.ticket_code})
    index = client.get("/en/check-in/")
    elsewhere = client.get("/en/")

    assert page.status_code == checked_in.status_code == index.status_code == 200
    assert b"check-in-result--admitted" in checked_in.content
    assert permissions(index)["camera"] == "()"
    assert header_problems(page, camera=True) == []
    assert header_problems(checked_in, camera=True) == []
    assert inline_code(page.content) == []
    assert permissions(elsewhere)["camera"] == "()"


def test_attendee_token_pages_keep_the_same_origin_referrer_policy(client, db):
    event = factories.make_event(starts_at=timezone.now() + timedelta(days=30))
    confirmed = factories.make_attendee(event=event, checked_in_at=None)
    unconfirmed = factories.make_attendee(event=event, checked_in_at=None, status="awaiting_confirmation")

    pages = {
        "ticket": client.get(confirmed.get_absolute_url()),
        "confirmation page": client.get(unconfirmed.get_absolute_url()),
        "confirm": client.post(reverse("events:registration_confirm", args=[unconfirmed.token])),
        "cancel": client.post(reverse("events:registration_cancel", args=[confirmed.token]), {"sure": "yes"}),
    }

    assert {name: header_problems(response) for name, response in pages.items()} == dict.fromkeys(pages, [])
    assert {name: response.status_code for name, response in pages.items()} == {
        "ticket": 200,
        "confirmation page": 200,
        "confirm": 302,
        "cancel": 302,
    }
    assert b'<meta name="referrer" content="same-origin">' in pages["ticket"].content
    assert inline_code(pages["ticket"].content) == []


# --- The decorator ---------------------------------------------------------------------------------------


def test_a_view_allows_a_feature_to_itself_or_to_named_origins(rf):
    @permissions_policy(camera=["self"], screen_wake_lock=["self", "https://scan.example"])
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = view(rf.get("/"))

    assert response.permissions_policy == {"camera": ("self",), "screen-wake-lock": ("self", "https://scan.example")}
    assert (
        format_policy({"camera": ["self"], "usb": [], "fullscreen": ["*"]}) == "camera=(self), usb=(), fullscreen=(*)"
    )
    assert format_policy(response.permissions_policy).endswith('screen-wake-lock=(self "https://scan.example")')


def test_static_files_carry_the_headers(settings):
    # WhiteNoise serves them inside the security middleware (in production from STATIC_ROOT; here from the
    # finders, as `runserver` does), so an SVG opened on its own is under the policy too.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = Client().get("/static/img/favicon.svg")

    assert response.status_code == 200
    assert header_problems(response) == []
