# Organizers may check attendees in at the door too (issue 10: the per-event check-in page is for check-in staff
# and organizers, behind the one permission events.check_in_registration). Forward is idempotent; backward takes
# exactly this permission away from Organizers again. No change to any table.

import importlib

from django.db import migrations

groups = importlib.import_module("events.migrations.0005_groups")

CHECK_IN = [("events", "check_in_registration")]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    groups.ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.using(using).get_or_create(name=groups.ORGANIZERS)
    group.permissions.add(*groups.find_permissions(apps, using, CHECK_IN))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(using).filter(name=groups.ORGANIZERS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(using).filter(content_type__app_label="events", codename="check_in_registration")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_delegations_messages_reminders"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
