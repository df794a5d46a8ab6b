"""Organizers record what came of an event in its admin page: report, participants, the photo gallery inline;
and link a cooperation project to the event where it was announced."""

import pytest
from django.urls import reverse

from events.models import EventPhoto
from nanjingweek.images import MESSAGE_ALT_REQUIRED
from partners.models import CooperationProject
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def post_with_photo(client, form_data, event, **photo):
    url = change_url(event)
    data = form_data(
        client.get(url),
        **{"photos-TOTAL_FORMS": "1", "photos-0-event": str(event.pk), "photos-0-order": "1"},
        **{f"photos-0-{name}": value for name, value in photo.items()},
    )
    return client.post(url, data)


def test_event_admin_has_outcomes_and_the_gallery(superuser_client, parse_html):
    event = factories.make_event()

    page = parse_html(superuser_client.get(change_url(event)).content)

    names = {element.attrs.get("name") for element in page.iter()}
    assert {"outcome_report_en", "outcome_report_de", "outcome_report_zh_hans", "participant_count"} <= names
    assert {"photos-TOTAL_FORMS", "photos-__prefix__-image", "photos-__prefix__-image_alt_en"} <= names
    assert {"photos-__prefix__-caption_zh_hans", "photos-__prefix__-credit_de"} <= names


def test_event_admin_saves_a_photo_with_its_alt_text(superuser_client, form_data, media):
    event = factories.make_event()

    response = post_with_photo(
        superuser_client,
        form_data,
        event,
        image=factories.image_file("panel.png", size=(800, 400)),
        image_alt_en="Panel on stage",
        caption_en="The panel",
        caption_zh_hans="圆桌讨论",
        credit_en="Photo: Li Na",
    )

    assert response.status_code == 302
    photo = EventPhoto.objects.get(event=event)
    assert (photo.image_alt_en, photo.caption_zh_hans, photo.image_width) == ("Panel on stage", "圆桌讨论", 800)
    assert (media / "renditions/events/photos/panel.png-640w.webp").exists()


def test_event_admin_refuses_a_photo_without_alt_text_next_to_the_field(superuser_client, form_data, media):
    event = factories.make_event()

    response = post_with_photo(
        superuser_client, form_data, event, image=factories.image_file("panel.png"), caption_en="The panel"
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][-1].formset
    assert formset.errors[0]["image_alt_en"] == [str(MESSAGE_ALT_REQUIRED)]
    assert EventPhoto.objects.count() == 0


def test_event_admin_refuses_a_photo_entry_without_a_picture(superuser_client, form_data, media):
    event = factories.make_event()

    response = post_with_photo(superuser_client, form_data, event, image_alt_en="Panel on stage")

    assert response.status_code == 200
    assert "image" in response.context["inline_admin_formsets"][-1].formset.errors[0]
    assert EventPhoto.objects.count() == 0


def test_project_admin_links_the_event_where_it_was_announced(superuser_client, form_data):
    project = factories.make_project()
    event = factories.make_event()
    url = reverse("admin:partners_cooperationproject_change", args=[project.pk])

    response = superuser_client.post(url, form_data(superuser_client.get(url), event=str(event.pk)))

    assert response.status_code == 302
    assert CooperationProject.objects.get(pk=project.pk).event == event
    assert list(event.announced_projects.all()) == [project]
