"""An organizer's save in the admin is on the next anonymous visitor's page: the page cache never lags behind."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_an_organizers_admin_save_is_on_the_next_visitors_page(superuser_client, form_data):
    event = make_event(title_en="Forum on the Grand Canal")
    visitor = Client()
    with translation.override("en"):
        page = reverse("events:detail", kwargs={"slug": event.slug})
    assert "Forum on the Grand Canal" in visitor.get(page).content.decode()
    change = reverse("admin:events_event_change", args=[event.pk])

    response = superuser_client.post(change, form_data(superuser_client.get(change), title_en="Forum on the Yangtze"))
    assert response.status_code == 302, response.content.decode()[:2000]

    seen = visitor.get(page).content.decode()
    assert "Forum on the Yangtze" in seen and "Forum on the Grand Canal" not in seen


def test_a_delete_in_the_admin_is_on_the_next_visitors_page(superuser_client):
    event = make_event()
    visitor = Client()
    page = reverse("events:detail", kwargs={"slug": event.slug})
    assert visitor.get(page).status_code == 200

    delete = reverse("admin:events_event_delete", args=[event.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302

    assert visitor.get(page).status_code == 404
