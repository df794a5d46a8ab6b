"""Image uploads through the admin: our check and messages, and alt text asked for next to the field."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from exhibitions.models import Exhibit
from nanjingweek.images import MESSAGE_UNREADABLE
from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_event_image_without_alt_text_is_refused_at_the_english_alt_field(superuser_client, form_data):
    event = factories.make_event()
    url = reverse("admin:events_event_change", args=[event.pk])

    response = superuser_client.post(url, {**form_data(superuser_client.get(url)), "image": factories.image_file()})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["image_alt_en"]
    event.refresh_from_db()
    assert not event.image


def test_event_image_with_alt_text_is_saved(superuser_client, form_data):
    event = factories.make_event()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(superuser_client.get(url), image_alt_en="The Ming city wall at dusk")

    response = superuser_client.post(url, {**data, "image": factories.image_file("wall.png", size=(640, 480))})

    assert response.status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert (event.image_width, event.image_alt_en) == (640, "The Ming city wall at dusk")


def test_impostor_upload_is_refused_with_our_message(superuser_client, form_data):
    # Django's own image field would answer "Upload a valid image …"; the admin uses our field and words.
    event = factories.make_event()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(superuser_client.get(url), image_alt_en="A seal")
    impostor = SimpleUploadedFile("seal.jpg", b"this is text, not a picture", content_type="image/jpeg")

    response = superuser_client.post(url, {**data, "image": impostor})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"image": [str(MESSAGE_UNREADABLE)]}


def test_exhibit_inline_asks_for_alt_text(superuser_client, form_data):
    exhibit = factories.make_exhibit()
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibit.exhibition_id])

    response = superuser_client.post(
        url, {**form_data(superuser_client.get(url)), "exhibits-0-image": factories.image_file()}
    )

    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "exhibits")
    assert list(formset.forms[0].errors) == ["image_alt_en"]
    assert not Exhibit.objects.get(pk=exhibit.pk).image
