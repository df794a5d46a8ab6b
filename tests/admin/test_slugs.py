"""Prepopulated slugs in the admin (nanjingweek/admin.py `PrepopulatedSlugsMixin`): the script that keeps words
apart is loaded after Django's URLify, and a slug left empty is made on the server or asked for in plain words."""

from __future__ import annotations

import re
import sys

import pytest

from events.models import Topic
from partners.models import Organization
from tests import factories

PREPOPULATED = [
    "events/event",
    "events/edition",
    "events/city",
    "events/venue",
    "events/topic",
    "events/speaker",
    "partners/organization",
    "exhibitions/exhibition",
]
NO_SLUG = (
    "Please type a slug: it cannot be made from a name without Latin letters or digits. Use lowercase letters, "
    "digits and hyphens, for example the name in pinyin."
)


def scripts(response) -> list[str]:
    return re.findall(r'<script src="/static/([^"]+)"', response.content.decode())


@pytest.mark.parametrize("model", PREPOPULATED)
def test_admins_with_prepopulated_slugs_wrap_urlify_after_django_defines_it(organizer_client, model):
    loaded = scripts(organizer_client.get(f"/admin/{model}/add/"))

    assert "js/admin-slugs.js" in loaded
    assert loaded.index("admin/js/urlify.js") < loaded.index("js/admin-slugs.js")


def test_admins_without_prepopulated_slugs_leave_urlify_alone(organizer_client):
    assert "js/admin-slugs.js" not in scripts(organizer_client.get("/admin/partners/keyfigure/add/"))


def test_slug_left_empty_is_made_from_the_name_keeping_words_apart(organizer_client, form_data):
    url = "/admin/events/topic/add/"
    data = form_data(organizer_client.get(url), name_en="Nanjing–Leipzig Evening Talk", slug="")

    response = organizer_client.post(url, data)

    assert response.status_code == 302
    assert list(Topic.objects.filter(name_en="Nanjing–Leipzig Evening Talk").values_list("slug", flat=True)) == [
        "nanjing-leipzig-evening-talk"
    ]


def test_slug_typed_by_the_organizer_is_kept(organizer_client, form_data):
    url = "/admin/partners/organization/add/"
    data = form_data(
        organizer_client.get(url), name_en="Universität Leipzig", slug="uni-leipzig", kind="university", country="DE"
    )

    assert organizer_client.post(url, data).status_code == 302
    assert Organization.objects.get(name_en="Universität Leipzig").slug == "uni-leipzig"


def test_name_only_in_chinese_gets_its_pinyin_as_slug(organizer_client, form_data):
    pytest.importorskip("pypinyin")
    url = "/admin/events/topic/add/"

    response = organizer_client.post(url, form_data(organizer_client.get(url), name_en="文化遗产保护", slug=""))

    assert response.status_code == 302
    assert Topic.objects.get(name_en="文化遗产保护").slug == "wen-hua-yi-chan-bao-hu"


def test_name_only_in_chinese_asks_for_a_slug_in_plain_words_without_pypinyin(organizer_client, form_data, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # `import pypinyin` now raises ImportError
    url = "/admin/events/topic/add/"
    data = form_data(organizer_client.get(url), name_en="文化遗产保护", slug="")

    response = organizer_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"slug": [NO_SLUG]}
    assert not Topic.objects.filter(name_en="文化遗产保护").exists()


def test_empty_name_asks_for_the_name_and_the_slug(organizer_client, form_data):
    url = "/admin/events/topic/add/"

    response = organizer_client.post(url, form_data(organizer_client.get(url), name_en="", slug=""))

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"name_en", "slug"}
    assert NO_SLUG not in errors["slug"]


def test_slug_made_on_the_server_is_still_unique(organizer_client, form_data):
    factories.make_topic(slug="heritage", name_en="Heritage")
    url = "/admin/events/topic/add/"

    response = organizer_client.post(url, form_data(organizer_client.get(url), name_en="Heritage!", slug=""))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["slug"]
    assert Topic.objects.filter(slug="heritage").count() == 1
