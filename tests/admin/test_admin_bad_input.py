"""Junk a browser can send to the admin is answered as an invalid form or a 4xx, never a 500 (issue 12, point 5).

The cases tests/test_hostile_sweep.py found (issue 12, "Bad requests are 4xx"), by name:

- an invalid value in an autocomplete field is shown again with the form's error: Django's AutocompleteSelect
  looked the raw value up in the database (``ValueError: Field 'id' expected a number``; on SQLite a number beyond
  64 bits was an ``OverflowError``);
- a primary key beyond 64 bits in a many-to-many choice (the auth Group admin's permissions) reached SQLite as
  an ``OverflowError``;
- a 10 KB user name at the login page made django-axes store it in a varchar(255): a ``DataError`` on PostgreSQL,
  for anyone, logged in or not;
- a key ticked for an action in a change list (``_selected_action``) went into ``filter(pk__in=…)`` unchecked;
- ``?_to_field=`` left empty on a change or delete page asked the model for a field named "".
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from events.models import City
from nanjingweek.admin_input import AdminInputMixin
from partners.models import EventRole
from tests import factories

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = str(2**63)  # 9223372036854775808: SQLite's INTEGER ends at 2**63 - 1
NOT_A_NUMBER = "not-a-number"


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


def error_codes(form, name: str) -> list[str]:
    return [error.code for error in form.errors.as_data().get(name, [])]


def field_error_codes(response, name: str) -> list[str]:
    return error_codes(response.context["adminform"].form, name)


# --- Autocomplete fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [NOT_A_NUMBER, BEYOND_64_BITS, "-1"])
def test_a_junk_value_in_an_autocomplete_foreign_key_is_an_invalid_choice(superuser_client, value):
    response = superuser_client.post(
        reverse("admin:events_venue_add"), {"name_en": "Hall", "slug": "hall", "city": value}
    )

    assert response.status_code == 200
    # Said next to the field, as for any key that names no city.
    assert field_error_codes(response, "city") == ["invalid_choice"]


@pytest.mark.parametrize("value", [NOT_A_NUMBER, BEYOND_64_BITS])
def test_a_junk_value_in_an_autocomplete_many_to_many_is_refused_and_the_real_ones_shown_again(superuser_client, value):
    event = factories.make_event()

    response = superuser_client.post(
        reverse("admin:nanjingweek_newsarticle_add"),
        {"title_en": "News", "slug": "news", "related_events": [str(event.pk), value]},
    )

    assert response.status_code == 200
    assert field_error_codes(response, "related_events") == [
        "invalid_pk_value" if value == NOT_A_NUMBER else "invalid_choice"
    ]
    # The real event is still selected in the widget: only the junk was dropped from the lookup.
    assert f'<option value="{event.pk}" selected>' in response.content.decode()


def test_a_junk_value_in_an_inlines_autocomplete_field_is_an_invalid_choice(superuser_client, form_data):
    event = factories.make_event()
    address = reverse("admin:events_event_change", args=[event.pk])
    page = superuser_client.get(address)
    roles = next(inline.formset for inline in page.context["inline_admin_formsets"] if inline.opts.model is EventRole)
    data = form_data(page, **{f"{roles.prefix}-TOTAL_FORMS": "1", f"{roles.prefix}-0-organization": NOT_A_NUMBER})

    response = superuser_client.post(address, data)

    assert response.status_code == 200
    formset = next(formset for formset in response.context["inline_admin_formsets"] if formset.opts.model is EventRole)
    assert error_codes(formset.formset.forms[0], "organization") == ["invalid_choice"]


# --- Many-to-many choices beyond 64 bits -------------------------------------------------------------------


def test_a_primary_key_beyond_64_bits_in_the_group_admins_permissions_is_an_invalid_choice(superuser_client):
    response = superuser_client.post(
        reverse("admin:auth_group_add"), {"name": "Helpers", "permissions": [BEYOND_64_BITS]}
    )

    assert response.status_code == 200
    assert field_error_codes(response, "permissions") == ["invalid_choice"]
    assert f"{BEYOND_64_BITS} is not one of the available choices" in response.content.decode()
    assert not Group.objects.filter(name="Helpers").exists()


def test_every_admin_and_inline_of_the_site_guards_its_related_choices():
    # Django's own (auth), the third-party ones (axes, otp) and ours: the site mixes the guard into each.
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, AdminInputMixin), type(model_admin)
        for inline in model_admin.inlines:
            assert issubclass(inline, AdminInputMixin), inline


@pytest.mark.parametrize("value", [NOT_A_NUMBER, BEYOND_64_BITS])
def test_an_impossible_key_ticked_for_an_action_selects_nothing(superuser_client, value):
    city = factories.make_city()
    address = reverse("admin:events_city_changelist")

    response = superuser_client.post(
        address, {"action": "delete_selected", "_selected_action": [value], "index": "0", "post": "yes"}
    )

    assert response.status_code == 302
    messages = [str(message) for message in superuser_client.get(address).context["messages"]]
    assert messages == ["Items must be selected in order to perform actions on them. No items have been changed."]
    assert City.objects.filter(pk=city.pk).exists()


def test_a_real_key_ticked_for_an_action_beside_an_impossible_one_is_acted_on(superuser_client):
    city = factories.make_city()

    response = superuser_client.post(
        reverse("admin:events_city_changelist"),
        {"action": "delete_selected", "_selected_action": [str(city.pk), BEYOND_64_BITS], "index": "0", "post": "yes"},
    )

    assert response.status_code == 302
    assert not City.objects.filter(pk=city.pk).exists()


# --- The login -------------------------------------------------------------------------------------------


def test_an_overlong_user_name_at_the_login_is_refused_by_the_form_and_counted():
    client = Client(raise_request_exception=False)
    username = "x" * 10_240

    response = client.post(reverse("admin:login"), {"username": username, "password": "wrong"}, REMOTE_ADDR="192.0.2.9")

    assert response.status_code == 200
    assert response.context["form"].errors
    attempt = AccessAttempt.objects.get(ip_address="192.0.2.9")
    assert attempt.username == username[:255]
    assert attempt.failures_since_start == 1


# --- ?_to_field= -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["change", "delete"])
def test_an_empty_to_field_on_a_change_or_delete_page_names_the_primary_key(superuser_client, page):
    city = factories.make_city()

    response = superuser_client.get(reverse(f"admin:events_city_{page}", args=[city.pk]) + "?_to_field=")

    assert response.status_code == 200
    assert response.context["original" if page == "change" else "object"] == city
