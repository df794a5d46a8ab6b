"""The admin of the site-wide content: news articles (tabbed languages, search in all of them) and the one record
of the site's owner, which can be added once and then only edited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin

from nanjingweek.admin_site import NewsArticleAdmin
from nanjingweek.models import NewsArticle, SiteOwner
from tests.factories import image_file, make_event, make_news_article, make_site_owner

NEWS_LIST = reverse("admin:nanjingweek_newsarticle_changelist")
NEWS_ADD = reverse("admin:nanjingweek_newsarticle_add")
OWNER_LIST = reverse("admin:nanjingweek_siteowner_changelist")
OWNER_ADD = reverse("admin:nanjingweek_siteowner_add")


def owner_change_url(owner: SiteOwner) -> str:
    return reverse("admin:nanjingweek_siteowner_change", args=[owner.pk])


# --- News --------------------------------------------------------------------------------------------------


def test_news_admin_has_language_tabs_and_searches_every_language_column():
    assert issubclass(NewsArticleAdmin, TabbedTranslationAdmin)
    for field in ("title", "lead", "body"):
        for language in ("en", "de", "zh_hans"):
            assert f"{field}_{language}" in NewsArticleAdmin.search_fields


@pytest.mark.parametrize(
    ("query", "expected"),
    [("莱比锡", ["forum"]), ("Siebzig", ["forum"]), ("exhibition moves", ["forum", "other"]), ("Munich", ["other"])],
)
def test_news_search_finds_articles_by_any_language(superuser_client, query, expected):
    make_news_article(slug="forum", title_zh_hans="莱比锡论坛", lead_de="Siebzig Vertreter trafen sich.")
    make_news_article(slug="other", title_en="Dialogue in Munich")

    response = superuser_client.get(NEWS_LIST, {"q": query})

    assert sorted(article.slug for article in response.context["cl"].result_list) == expected


def test_news_article_is_written_and_published_in_the_admin(superuser_client, form_data):
    event = make_event(slug="forum")
    data = form_data(
        superuser_client.get(NEWS_ADD),
        title_en="Report from Leipzig",
        title_zh_hans="莱比锡报道",
        slug="",
        lead_en="Seventy representatives met.",
        body_en="First paragraph.\n\nSecond paragraph.",
        status="published",
        published_at_0="2025-11-12",
        published_at_1="03:00:00",
        related_events=[str(event.pk)],
    )

    response = superuser_client.post(NEWS_ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = NewsArticle.objects.get()
    assert (article.slug, article.status, article.title_zh_hans) == ("report-from-leipzig", "published", "莱比锡报道")
    assert list(article.related_events.all()) == [event]
    assert list(NewsArticle.objects.published()) == [article]


def test_news_article_image_without_alt_text_is_refused_next_to_the_field(
    superuser_client, form_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = form_data(superuser_client.get(NEWS_ADD), title_en="With a picture", slug="with-picture")

    response = superuser_client.post(NEWS_ADD, {**data, "image": image_file()})

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["image_alt_en"]
    assert not NewsArticle.objects.exists()


def test_organizers_write_the_news(organizer_client, form_data):
    article = make_news_article(slug="report")

    assert organizer_client.get(NEWS_LIST).status_code == 200
    assert organizer_client.get(NEWS_ADD).status_code == 200
    change = reverse("admin:nanjingweek_newsarticle_change", args=[article.pk])
    response = organizer_client.post(change, form_data(organizer_client.get(change), title_en="Corrected"))
    assert response.status_code == 302
    assert NewsArticle.objects.get().title_en == "Corrected"
    assert organizer_client.get(reverse("admin:nanjingweek_newsarticle_delete", args=[article.pk])).status_code == 200


# --- The site's owner: exactly one record ---------------------------------------------------------------------


def test_first_record_is_added_in_the_admin(superuser_client, form_data):
    data = form_data(
        superuser_client.get(OWNER_ADD),
        name_en="Nanjing Week Organizing Committee",
        name_zh_hans="南京周组委会",
        address_en="88 Zhongshan Road\n210005 Nanjing\nChina",
        email="info@nanjingweek.example",
        content_responsible_en="Wang Fang",
    )

    response = superuser_client.post(OWNER_ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    owner = SiteOwner.objects.get()
    assert (owner.pk, owner.name_zh_hans, owner.email) == (1, "南京周组委会", "info@nanjingweek.example")


def test_admin_refuses_a_second_record(superuser_client, form_data):
    owner = make_site_owner()
    data = {
        "name_en": "Someone else",
        "address_en": "Elsewhere",
        "email": "someone@example.org",
        "content_responsible_en": "Someone",
    }

    # Asking to add one, by a link or by posting the form, leads to the record there is.
    assert superuser_client.get(OWNER_ADD).url == owner_change_url(owner)
    response = superuser_client.post(OWNER_ADD, data, follow=True)
    assert response.redirect_chain == [(owner_change_url(owner), 302)]
    assert {str(message) for message in response.context["messages"]} == {
        "There is only one record of the site's owner: edit it instead."
    }
    assert list(SiteOwner.objects.values_list("name_en", flat=True)) == [owner.name_en]
    # The list offers no "Add" button, only the record.
    changelist = superuser_client.get(OWNER_LIST)
    assert changelist.status_code == 200
    assert OWNER_ADD.encode() not in changelist.content
    assert owner_change_url(owner).encode() in changelist.content


def test_record_is_edited_in_the_admin(superuser_client, form_data):
    owner = make_site_owner()
    url = owner_change_url(owner)

    response = superuser_client.post(url, form_data(superuser_client.get(url), phone="+49 341 1234567"))

    assert response.status_code == 302
    assert SiteOwner.objects.get().phone == "+49 341 1234567"


def test_organizers_edit_the_record_but_cannot_delete_it(organizer_client, form_data):
    owner = make_site_owner()
    url = owner_change_url(owner)

    response = organizer_client.post(url, form_data(organizer_client.get(url), email="press@nanjingweek.example"))

    assert response.status_code == 302
    assert SiteOwner.objects.get().email == "press@nanjingweek.example"
    delete = reverse("admin:nanjingweek_siteowner_delete", args=[owner.pk])
    assert organizer_client.get(delete).status_code == 403
    assert organizer_client.post(delete, {"post": "yes"}).status_code == 403
    assert SiteOwner.objects.exists()
