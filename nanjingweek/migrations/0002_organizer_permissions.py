# Organizers (events/migrations/0005_groups.py) write the news and keep the site owner's record up to date:
# every permission on news articles; add, change and view on the record, but not delete (the Impressum must
# not vanish by a click; a superuser can still remove it).
#
# Forward is idempotent and creates the permissions first (on a fresh database Django makes them only after
# all migrations); backward takes exactly these permissions away from the group again.

import importlib

from django.db import migrations

groups = importlib.import_module("events.migrations.0005_groups")

ORGANIZER_PERMISSIONS = [
    *(("nanjingweek", f"{action}_newsarticle") for action in ("add", "change", "delete", "view")),
    *(("nanjingweek", f"{action}_siteowner") for action in ("add", "change", "view")),
]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    groups.ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.using(using).get_or_create(name=groups.ORGANIZERS)
    group.permissions.add(*groups.find_permissions(apps, using, ORGANIZER_PERMISSIONS))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(using).filter(name=groups.ORGANIZERS).first()
    if group is None:
        return
    codenames = [codename for _app_label, codename in ORGANIZER_PERMISSIONS]
    group.permissions.remove(
        *Permission.objects.using(using).filter(content_type__app_label="nanjingweek", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("nanjingweek", "0001_initial"),
        ("events", "0005_groups"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
