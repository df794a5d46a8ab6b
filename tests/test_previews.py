"""Previews of drafts (nanjingweek/previews.py): staff see a draft event, news article and exhibition in every
language through the public page's own view, marked as a preview; nobody else finds it; a signed proofreading link
works for anyone until it expires; no preview is ever stored in the page cache, indexed or listed in the sitemap."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import signing
from django.core.cache import caches
from django.test import Client

from events.models import Event
from nanjingweek import previews
from nanjingweek.models import NewsArticle
from tests.factories import make_event, make_exhibition, make_news_article
from tests.sitemaps import sitemap_text

LANGUAGES = ["en", "de", "zh-hans"]
BANNER = {"en": "Preview — not public", "de": "Vorschau – nicht öffentlich", "zh-hans": "预览：尚未公开"}
PUBLIC_BANNER = {"en": "Preview — this page is public", "de": "Vorschau – diese Seite ist öffentlich"}
TITLES = {"en": "Dialogue on the Ming City Wall", "de": "Dialog über die Ming-Stadtmauer", "zh-hans": "明城墙对话"}
TRANSLATED_TITLES = {"title_en": TITLES["en"], "title_de": TITLES["de"], "title_zh_hans": TITLES["zh-hans"]}
PASSWORD = "correct horse battery staple"


def draft(kind: str):
    if kind == "event":
        return make_event(status=Event.Status.DRAFT, **TRANSLATED_TITLES)
    if kind == "news":
        return make_news_article(status=NewsArticle.Status.DRAFT, **TRANSLATED_TITLES)
    return make_exhibition(is_published=False, **TRANSLATED_TITLES)


@pytest.fixture
def staff_client(db) -> Client:
    """An organizer: staff, in the Organizers group of the migrations (view permission on all three models)."""
    user = User.objects.create_user("mei", "mei@nanjingweek.example", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client = Client()
    client.force_login(user)
    return client


def assert_private_preview(response) -> None:
    assert response["Cache-Control"].replace(" ", "").split(",").count("no-store") == 1
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("kind", ["event", "news", "exhibition"])
def test_staff_see_a_draft_in_every_language_marked_as_a_preview(staff_client, kind):
    obj = draft(kind)
    assert client_status(Client(), obj.get_absolute_url()) == 404  # visitors do not see it

    for language in LANGUAGES:
        path = f"/{language}/preview/{kind}/{obj.pk}/"
        response = staff_client.get(path)

        assert response.status_code == 200, path
        html = response.content.decode()
        assert f"{TITLES[language]} · " in html  # the page's <title>, from the public template
        assert BANNER[language] in html
        assert 'class="preview-banner"' in html
        assert '<meta name="robots" content="noindex">' in html
        assert_private_preview(response)
        # The language switcher leads to the preview in the other languages.
        for other in set(LANGUAGES) - {language}:
            assert "next=" + quote(f"/{other}/preview/{kind}/{obj.pk}/", safe="") in html


@pytest.mark.parametrize("kind", ["event", "news", "exhibition"])
def test_nobody_but_staff_with_view_permission_opens_the_staff_preview(db, kind):
    obj = draft(kind)
    path = f"/en/preview/{kind}/{obj.pk}/"
    attendee = User.objects.create_user("ada", "ada@example.org", PASSWORD)
    staff_without_permission = User.objects.create_user("bo", "bo@example.org", PASSWORD, is_staff=True)
    signed_in = {}
    for user in (attendee, staff_without_permission):
        signed_in[user.username] = Client()
        signed_in[user.username].force_login(user)

    assert client_status(Client(), path) == 404
    assert client_status(signed_in["ada"], path) == 404
    assert client_status(signed_in["bo"], path) == 404
    # The same page for someone who may see it: what the others got was a refusal, not a broken page.
    staff_without_permission.user_permissions.add(Permission.objects.get(codename=f"view_{type(obj)._meta.model_name}"))
    assert client_status(signed_in["bo"], path) == 200


def client_status(client: Client, path: str) -> int:
    return client.get(path).status_code


def test_a_preview_is_never_stored_in_the_page_cache_nor_listed_in_the_sitemap(staff_client, settings):
    settings.PAGE_CACHE_ENABLED = True
    event = draft("event")
    anonymous = Client()
    link = previews.link_url(event, "en").removeprefix(settings.SITE_URL)
    pages = caches["pages"]

    assert staff_client.get(f"/en/preview/event/{event.pk}/").status_code == 200
    assert anonymous.get(link).status_code == 200
    assert anonymous.get(link).status_code == 200  # the second time rendered again, not served from a store

    assert len(pages._cache) == 0
    assert anonymous.get(event.get_absolute_url()).status_code == 404
    # The page cache works meanwhile: the public schedule is stored, the previews are still not.
    assert anonymous.get("/en/schedule/").status_code == 200
    assert len(pages._cache) == 1
    sitemap = sitemap_text(anonymous)
    assert b"preview" not in sitemap
    assert event.slug.encode() not in sitemap
    assert b"preview" not in anonymous.get("/robots.txt").content


def test_a_proofreading_link_opens_the_draft_for_anyone_until_it_expires(db, settings, monkeypatch):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    exhibition = draft("exhibition")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 3600 + 60)
    almost_expired = previews.make_token(exhibition)
    monkeypatch.setattr(time, "time", lambda: now - 3600 - 60)
    expired = previews.make_token(exhibition)
    monkeypatch.undo()
    anonymous = Client()

    for language in LANGUAGES:
        response = anonymous.get(f"/{language}/preview/{almost_expired}/")
        assert response.status_code == 200
        assert TITLES[language] in response.content.decode()
        assert BANNER[language] in response.content.decode()
        assert_private_preview(response)

    response = anonymous.get(f"/de/preview/{expired}/")
    assert response.status_code == 410
    assert "Dieser Vorschaulink ist abgelaufen" in response.content.decode()
    assert TITLES["de"] not in response.content.decode()
    assert_private_preview(response)


def test_a_changed_or_foreign_token_is_refused_with_a_page_that_says_so(db):
    news = draft("news")
    token = previews.make_token(news)
    value, signature = token.rsplit(":", 1)
    changed_signature = f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    other_object = token.replace(f"news.{news.pk}:", f"news.{news.pk + 1}:")
    other_purpose = signing.TimestampSigner(salt="nanjingweek.something-else").sign(f"news.{news.pk}")
    anonymous = Client()

    for bad in (changed_signature, other_object, other_purpose, f"news.{news.pk}", "x"):
        response = anonymous.get(f"/zh-hans/preview/{bad}/")
        assert response.status_code == 404, bad
        assert "此预览链接无效" in response.content.decode()
        assert TITLES["zh-hans"] not in response.content.decode()
    assert anonymous.get(f"/zh-hans/preview/{token}/").status_code == 200


def test_the_preview_of_a_published_object_shows_it_and_says_it_is_public(staff_client):
    event = make_event(**TRANSLATED_TITLES)

    for language in ("en", "de"):
        response = staff_client.get(f"/{language}/preview/event/{event.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert PUBLIC_BANNER[language] in html
        assert BANNER[language] not in html
        assert TITLES[language] in html
        assert f'href="/{language}/events/{event.slug}/"' in html
