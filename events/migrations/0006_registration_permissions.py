# Registrations join the two roles of 0005_groups:
#
# - Organizers manage registrations and waiting lists, and see the e-mails owed to registrants (view, and
#   change for the "send now" action; e-mails are never added or deleted by hand).
# - Check-in staff look registrations up and check people in, and change nothing else.
#
# Forward is idempotent and creates the permissions first (on a fresh database Django makes them only after
# all migrations); backward takes exactly these permissions away from the two groups again.

import importlib

from django.db import migrations

groups = importlib.import_module("events.migrations.0005_groups")

ORGANIZER_PERMISSIONS = [
    *(("events", f"{action}_registration") for action in ("add", "change", "delete", "view")),
    ("events", "view_notification"),
    ("events", "change_notification"),
]
CHECK_IN_PERMISSIONS = [
    ("events", "view_registration"),
    ("events", "check_in_registration"),
]
GRANTS = {groups.ORGANIZERS: ORGANIZER_PERMISSIONS, groups.CHECK_IN_STAFF: CHECK_IN_PERMISSIONS}


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    groups.ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    for name, pairs in GRANTS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*groups.find_permissions(apps, using, pairs))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, pairs in GRANTS.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is None:
            continue
        codenames = [codename for _app_label, codename in pairs]
        group.permissions.remove(
            *Permission.objects.using(using).filter(content_type__app_label="events", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_groups"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
