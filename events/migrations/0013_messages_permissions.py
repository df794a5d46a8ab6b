# Messages to registrants join the Organizers of 0005_groups: they write, send and delete (drafts only, as the
# admin allows) the messages to an event's registrants. The e-mails a message becomes are Notifications, which
# Organizers see already (0006_registration_permissions). Check-in staff get nothing here.
#
# Forward is idempotent and creates the permissions first (on a fresh database Django makes them only after
# all migrations); backward takes exactly these permissions away from Organizers again.

import importlib

from django.db import migrations

groups = importlib.import_module("events.migrations.0005_groups")

ORGANIZER_PERMISSIONS = [("events", f"{action}_message") for action in ("add", "change", "delete", "view")]
GRANTS = {groups.ORGANIZERS: ORGANIZER_PERMISSIONS}


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
        ("events", "0012_organizers_check_in"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
