"""The two roles (events/migrations/0005_groups.py): Organizers build the programme, Check-in staff look events up.

0006_registration_permissions adds registrations: Organizers manage them, Check-in staff look them up and check in.
0013_messages_permissions lets Organizers write and send messages to registrants.

The groups come from the data migration that made the test database; the admin tests use them as they are.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import make_city, make_event, make_exhibition, make_organization, make_venue

groups_migration = importlib.import_module("events.migrations.0005_groups")
registrations_migration = importlib.import_module("events.migrations.0006_registration_permissions")
site_content_migration = importlib.import_module("nanjingweek.migrations.0002_organizer_permissions")
door_migration = importlib.import_module("events.migrations.0012_organizers_check_in")
messages_migration = importlib.import_module("events.migrations.0013_messages_permissions")

ACTIONS = ("add", "change", "delete", "view")
ORGANIZER_MODELS = {
    "events": ("city", "edition", "event", "session", "speaker", "topic", "venue"),
    "exhibitions": ("comparison", "exhibit", "exhibition", "exhibitionrun"),
    "partners": ("agreement", "cooperationproject", "eventrole", "keyfigure", "organization", "sistercitypartnership"),
}
# 0005_groups gives the programme; 0006_registration_permissions adds registrations and their e-mails.
PROGRAMME = {
    "Organizers": {
        *(
            f"{app}.{action}_{model}"
            for app, names in ORGANIZER_MODELS.items()
            for model in names
            for action in ACTIONS
        ),
        "admin.view_logentry",
    },
    "Check-in staff": {"events.view_event", "events.view_venue", "events.view_city"},
}
REGISTRATIONS = {
    "Organizers": {
        *(f"events.{action}_registration" for action in ACTIONS),
        "events.view_notification",
        "events.change_notification",
    },
    "Check-in staff": {"events.view_registration", "events.check_in_registration"},
}
# nanjingweek/migrations/0002_organizer_permissions: Organizers write the news and keep the site owner's record.
SITE_CONTENT = {
    "Organizers": {
        *(f"nanjingweek.{action}_newsarticle" for action in ACTIONS),
        *(f"nanjingweek.{action}_siteowner" for action in ("add", "change", "view")),
    },
    "Check-in staff": set(),
}
# 0012_organizers_check_in: Organizers check people in at the door too.
DOOR = {"Organizers": {"events.check_in_registration"}, "Check-in staff": set()}
# 0013_messages_permissions: Organizers write and send messages to registrants.
MESSAGES = {"Organizers": {f"events.{action}_message" for action in ACTIONS}, "Check-in staff": set()}
EXPECTED = {
    name: PROGRAMME[name] | REGISTRATIONS[name] | SITE_CONTENT[name] | DOOR[name] | MESSAGES[name] for name in PROGRAMME
}


def permission_names(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def migration_apps():
    """The models as the groups migration sees them (not the current ones)."""
    return MigrationExecutor(connection).loader.project_state(("events", "0005_groups")).apps


def registration_migration_apps():
    return MigrationExecutor(connection).loader.project_state(("events", "0006_registration_permissions")).apps


def site_content_migration_apps():
    return MigrationExecutor(connection).loader.project_state(("nanjingweek", "0002_organizer_permissions")).apps


def messages_migration_apps():
    return MigrationExecutor(connection).loader.project_state(("events", "0013_messages_permissions")).apps


# --- The migration ---------------------------------------------------------------------------------


def test_groups_exist_after_migrate_with_exactly_their_permissions(db):
    groups = {group.name: permission_names(group) for group in Group.objects.all()}

    assert groups == EXPECTED
    assert len(EXPECTED["Organizers"]) == 17 * 4 + 1 + 4 + 2 + 4 + 3 + 1 + 4


def test_groups_migration_is_reversible_and_idempotent(db):
    apps, schema_editor = migration_apps(), SimpleNamespace(connection=connection)

    groups_migration.delete_groups(apps, schema_editor)
    assert not Group.objects.filter(name__in=EXPECTED).exists()

    groups_migration.create_groups(apps, schema_editor)
    groups_migration.create_groups(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == PROGRAMME


def test_registration_permissions_migration_is_reversible_and_idempotent(db):
    apps, schema_editor = registration_migration_apps(), SimpleNamespace(connection=connection)

    registrations_migration.revoke(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == {
        name: EXPECTED[name] - REGISTRATIONS[name] for name in PROGRAMME
    }

    registrations_migration.grant(apps, schema_editor)
    registrations_migration.grant(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == EXPECTED


def test_site_content_permissions_migration_is_reversible_and_idempotent(db):
    apps, schema_editor = site_content_migration_apps(), SimpleNamespace(connection=connection)

    site_content_migration.revoke(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == {
        name: EXPECTED[name] - SITE_CONTENT[name] for name in PROGRAMME
    }

    site_content_migration.grant(apps, schema_editor)
    site_content_migration.grant(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == EXPECTED


def test_organizers_check_in_migration_is_reversible_and_idempotent(db):
    apps = MigrationExecutor(connection).loader.project_state(("events", "0012_organizers_check_in")).apps
    schema_editor = SimpleNamespace(connection=connection)

    door_migration.revoke(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == {
        name: EXPECTED[name] - DOOR[name] for name in PROGRAMME
    }

    door_migration.grant(apps, schema_editor)
    door_migration.grant(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == EXPECTED


def test_messages_permissions_migration_is_reversible_and_idempotent(db):
    apps, schema_editor = messages_migration_apps(), SimpleNamespace(connection=connection)

    messages_migration.revoke(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == {
        name: EXPECTED[name] - MESSAGES[name] for name in PROGRAMME
    }

    messages_migration.grant(apps, schema_editor)
    messages_migration.grant(apps, schema_editor)
    assert {group.name: permission_names(group) for group in Group.objects.all()} == EXPECTED


def test_groups_migration_creates_the_permissions_it_needs_on_a_fresh_database(db):
    # On a fresh database the permissions do not exist yet when the migration runs (post_migrate makes them).
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label__in=["events", "exhibitions", "partners", "nanjingweek"]).delete()

    groups_migration.create_groups(migration_apps(), SimpleNamespace(connection=connection))
    registrations_migration.grant(registration_migration_apps(), SimpleNamespace(connection=connection))
    site_content_migration.grant(site_content_migration_apps(), SimpleNamespace(connection=connection))
    door_migration.grant(
        MigrationExecutor(connection).loader.project_state(("events", "0012_organizers_check_in")).apps,
        SimpleNamespace(connection=connection),
    )
    messages_migration.grant(messages_migration_apps(), SimpleNamespace(connection=connection))

    assert {group.name: permission_names(group) for group in Group.objects.all()} == EXPECTED


# --- What each role can do in the admin -------------------------------------------------------------


def member_of(group_name: str, username: str) -> User:
    user = User.objects.create_user(username, f"{username}@nanjingweek.example", "correct horse battery staple")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def organizer_client(client, db):
    client.force_login(member_of("Organizers", "mei"))
    return client


@pytest.fixture
def check_in_client(client, db):
    client.force_login(member_of("Check-in staff", "jonas"))
    return client


@pytest.mark.parametrize("model", ["events_event", "exhibitions_exhibition", "partners_organization"])
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_organizer_opens_the_programme_in_the_admin(organizer_client, model, page):
    assert organizer_client.get(reverse(f"admin:{model}_{page}")).status_code == 200


@pytest.mark.parametrize("model", ["events_event", "exhibitions_exhibition", "partners_organization"])
def test_organizer_opens_the_change_page(organizer_client, model):
    obj = {
        "events_event": make_event,
        "exhibitions_exhibition": make_exhibition,
        "partners_organization": make_organization,
    }[model]()

    response = organizer_client.get(reverse(f"admin:{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    assert b'name="_save"' in response.content


@pytest.mark.parametrize("url", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"])
def test_organizer_cannot_manage_users_or_groups(organizer_client, url):
    assert organizer_client.get(reverse(url)).status_code == 403


def test_check_in_staff_view_events_venues_and_cities(check_in_client):
    event = make_event(venue=make_venue(city=make_city()))

    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_venue_change", args=[event.venue.pk]),
        reverse("admin:events_city_change", args=[event.venue.city.pk]),
    ):
        response = check_in_client.get(url)
        assert response.status_code == 200, url
        assert b'name="_save"' not in response.content, url  # read only


def test_check_in_staff_cannot_change_an_event(check_in_client):
    event = make_event(title_en="Heritage forum")

    response = check_in_client.post(
        reverse("admin:events_event_change", args=[event.pk]), {"title_en": "Changed", "_save": "Save"}
    )

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title_en == "Heritage forum"
    assert check_in_client.get(reverse("admin:events_event_add")).status_code == 403
    assert (
        check_in_client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )


@pytest.mark.parametrize(
    "url",
    [
        "admin:exhibitions_exhibition_changelist",
        "admin:partners_organization_changelist",
        "admin:events_speaker_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_check_in_staff_cannot_open_exhibitions_partners_or_users(check_in_client, url):
    assert check_in_client.get(reverse(url)).status_code == 403


def test_check_in_staff_see_only_the_programme_on_the_admin_index(check_in_client):
    response = check_in_client.get(reverse("admin:index"))

    models = {
        (app["app_label"], model["object_name"]) for app in response.context["app_list"] for model in app["models"]
    }
    assert models == {("events", "City"), ("events", "Event"), ("events", "Registration"), ("events", "Venue")}
