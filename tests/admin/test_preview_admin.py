"""The "Preview" box on the change forms of events, news articles and exhibitions (nanjingweek/admin_preview.py):
per language a link to the staff preview and a proofreading link that works for someone without a login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_previews import LANGUAGES, TITLES, draft

ADMIN_NAMES = {"event": "events_event", "news": "nanjingweek_newsarticle", "exhibition": "exhibitions_exhibition"}


@pytest.mark.parametrize("kind", ["event", "news", "exhibition"])
def test_change_form_offers_the_preview_and_a_proofreading_link_in_every_language(
    organizer_client, form_data, parse_html, settings, kind
):
    obj = draft(kind)
    url = reverse(f"admin:{ADMIN_NAMES[kind]}_change", args=[obj.pk])

    response = organizer_client.get(url)

    assert response.status_code == 200
    box = parse_html(response.content).find("table", class_="preview-links")
    previews = [link.attrs["href"] for link in box.find_all("a")]
    assert previews == [f"/{language}/preview/{kind}/{obj.pk}/" for language in LANGUAGES]
    proofreading = {field.attrs["data-preview-link"]: field.attrs["value"] for field in box.find_all("input")}
    assert list(proofreading) == LANGUAGES
    anonymous = Client()
    for language, link in proofreading.items():
        assert link.startswith(f"{settings.SITE_URL}/{language}/preview/")
        page = anonymous.get(link.removeprefix(settings.SITE_URL))
        assert page.status_code == 200
        assert TITLES[language] in page.content.decode()
    # The box is read-only: the form still saves as it did.
    assert organizer_client.post(url, form_data(response)).status_code == 302


@pytest.mark.parametrize("kind", ["event", "news", "exhibition"])
def test_add_form_has_no_preview_box(organizer_client, kind):
    response = organizer_client.get(reverse(f"admin:{ADMIN_NAMES[kind]}_add"))

    assert response.status_code == 200
    assert b"preview-links" not in response.content
