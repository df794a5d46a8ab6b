"""Fixtures for the admin tests: a superuser, an organizer, and the data a change form would post back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission, User

from tests.html_forms import form_values

ORGANIZER_APPS = ("events", "exhibitions", "partners")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("chief", "chief@nanjingweek.example", "correct horse battery staple")


@pytest.fixture
def organizers_group(db) -> Group:
    """The "Organizers" group of the data migration; until that migration exists, an equivalent one."""
    group = Group.objects.filter(name="Organizers").first()
    if group is None:
        group = Group.objects.create(name="Organizers")
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS))
    return group


@pytest.fixture
def organizer(organizers_group) -> User:
    user = User.objects.create_user(
        "mei", "mei@nanjingweek.example", "correct horse battery staple", first_name="Mei", last_name="Lin"
    )
    user.is_staff = True
    user.save()
    user.groups.add(organizers_group)
    return user


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def form_data() -> Callable[..., dict[str, list[str] | str]]:
    """`form_data(response, **changes)` → what the page's form posts back, with `changes` applied."""
    return lambda response, **changes: form_values(response.content.decode("utf-8"), **changes)
