"""Every admin page opens for a superuser and for an organizer, with the three language tabs and nothing foreign."""

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from modeltranslation.translator import translator

from events.models import City, Edition, Event, Session, Speaker, Topic, Venue
from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from nanjingweek.admin import MissingTranslationFilter, TranslatedAdmin
from partners.models import (
    Agreement,
    CooperationProject,
    EventRole,
    KeyFigure,
    Organization,
    SisterCityPartnership,
)
from tests import factories

BUILDERS = {
    Edition: factories.make_edition,
    City: factories.make_city,
    Venue: factories.make_venue,
    Topic: factories.make_topic,
    Event: factories.make_event,
    Session: factories.make_session,
    Speaker: factories.make_speaker,
    Exhibition: factories.make_exhibition,
    ExhibitionRun: factories.make_exhibition_run,
    Exhibit: factories.make_exhibit,
    Comparison: factories.make_comparison,
    Organization: factories.make_organization,
    EventRole: factories.make_event_role,
    SisterCityPartnership: factories.make_partnership,
    CooperationProject: factories.make_project,
    Agreement: factories.make_agreement,
    KeyFigure: factories.make_key_figure,
}
MODELS = list(BUILDERS)
USERS = ["superuser", "organizer"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def first_translated_field(model):
    return next(iter(translator.get_options_for_model(model).all_fields))


def test_every_model_of_the_programme_is_registered():
    assert [model for model in MODELS if not admin.site.is_registered(model)] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_translated_admins_show_language_tabs_and_completeness(model):
    model_admin = admin.site._registry[model]
    if model not in translator.get_registered_models():
        assert not isinstance(model_admin, TranslatedAdmin)
        return
    assert isinstance(model_admin, TranslatedAdmin)
    assert "missing_translations" in model_admin.list_display
    assert MissingTranslationFilter in model_admin.list_filter
    # Search names every language column of whatever it searches, so a Chinese title finds its object.
    searched = set(model_admin.search_fields)
    english = {name.removesuffix("_en") for name in searched if name.endswith("_en")}
    assert english
    assert [name for name in english if not {f"{name}_de", f"{name}_zh_hans"} <= searched] == []


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_for_staff(client, request, model, user):
    client.force_login(request.getfixturevalue(user))
    obj = BUILDERS[model]()

    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize(
    "model", [model for model in MODELS if model in translator.get_registered_models()], ids=lambda m: m.__name__
)
def test_change_and_add_forms_have_every_language(client, request, parse_html, model, user):
    client.force_login(request.getfixturevalue(user))
    obj = BUILDERS[model]()
    field = first_translated_field(model)

    for url in (admin_url(model, "change", obj.pk), admin_url(model, "add")):
        page = parse_html(client.get(url).content)
        names = {element.attrs.get("name") for element in page.iter() if element.tag in {"input", "textarea"}}
        assert {f"{field}_en", f"{field}_de", f"{field}_zh_hans"} <= names, url
        scripts = [element.attrs["src"] for element in page.find_all("script") if "src" in element.attrs]
        assert "/static/modeltranslation/js/tabbed_translation_fields.js" in scripts


def test_event_change_form_loads_nothing_from_another_host(superuser_client, parse_html):
    event = factories.make_event()

    page = parse_html(superuser_client.get(admin_url(Event, "change", event.pk)).content)

    sources = [element.attrs["src"] for element in page.find_all("script") if element.attrs.get("src")]
    sources += [element.attrs["href"] for element in page.find_all("link") if element.attrs.get("href")]
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in sources
    assert [url for url in sources if urlsplit(url).netloc or url.startswith("//")] == []


def test_event_change_form_offers_history_duplicate_and_view_on_site(superuser_client, parse_html):
    event = factories.make_event(slug="heritage-forum")

    page = parse_html(superuser_client.get(admin_url(Event, "change", event.pk)).content)

    links = {element.text: element.attrs["href"] for element in page.find("ul", class_="object-tools").find_all("a")}
    assert links["History"] == admin_url(Event, "history", event.pk)
    assert links["Duplicate"] == reverse("admin:events_event_duplicate", args=[event.pk])
    assert links["View on site"] == "/en/events/heritage-forum/"


def test_draft_event_has_no_view_on_site_link(superuser_client, parse_html):
    event = factories.make_event(status=Event.Status.DRAFT)

    page = parse_html(superuser_client.get(admin_url(Event, "change", event.pk)).content)

    texts = [element.text for element in page.find("ul", class_="object-tools").find_all("a")]
    assert texts == ["Duplicate", "Name badges (PDF)", "History"]


def test_slug_is_prefilled_from_the_english_title(superuser_client):
    response = superuser_client.get(admin_url(Event, "add"))

    fields = response.context["prepopulated_fields"]
    assert [(field["field"].name, [dep.name for dep in field["dependencies"]]) for field in fields] == [
        ("slug", ["title_en"])
    ]


def test_admin_site_is_named_in_the_visitors_language(superuser_client, parse_html):
    english = parse_html(superuser_client.get("/admin/", headers={"accept-language": "en"}).content)

    assert english.find("div", id="site-name").text == "Nanjing Week administration"
    assert english.find("title").text.endswith("Nanjing Week administration")


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, model):
    BUILDERS[model]()
    with CaptureQueriesContext(connection) as one_row:
        superuser_client.get(admin_url(model, "changelist"))
    for _number in range(4):
        BUILDERS[model]()
    with CaptureQueriesContext(connection) as five_rows:
        response = superuser_client.get(admin_url(model, "changelist"))

    assert response.context["cl"].result_count == model.objects.count() >= 5
    assert len(five_rows) == len(one_row), [query["sql"] for query in five_rows.captured_queries]
