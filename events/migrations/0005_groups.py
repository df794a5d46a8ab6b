# The two roles of the organizing committee, as groups: add people to a group in the admin (Users) and give
# them "staff status"; no one needs to tick permissions by hand.
#
# - Organizers build the programme: every permission on every model of events, exhibitions and partners,
#   and they may read the admin's history (LogEntry).
# - Check-in staff work the door: they may look up events and where they are, nothing else.
#
# Forward is idempotent (get_or_create, add); backward deletes the two groups (the permissions stay: Django
# owns those). The permissions are listed by name rather than "everything in the app", so that this
# migration means the same on every database whatever later migrations add to these apps.

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

ORGANIZERS = "Organizers"
CHECK_IN_STAFF = "Check-in staff"

ACTIONS = ("add", "change", "delete", "view")
ORGANIZER_MODELS = {
    # Registrations (registration, notification) come with the registration issue, whose own migration
    # gives Organizers their permissions: managing registrations and waiting lists is an organizer's job.
    "events": ("edition", "city", "venue", "topic", "event", "session", "speaker"),
    "exhibitions": ("exhibition", "exhibitionrun", "exhibit", "comparison"),
    "partners": ("organization", "eventrole", "sistercitypartnership", "cooperationproject", "agreement", "keyfigure"),
}
ORGANIZER_PERMISSIONS = [
    *((app_label, f"{action}_{model}") for app_label, names in ORGANIZER_MODELS.items() for model in names for action in ACTIONS),
    ("admin", "view_logentry"),
]
CHECK_IN_PERMISSIONS = [
    ("events", "view_event"),
    ("events", "view_venue"),
    ("events", "view_city"),
    # The registration issue adds ("events", "view_registration") and its custom check-in permission
    # ("events", "check_in_registration") in its own migration.
]
GROUPS = {ORGANIZERS: ORGANIZER_PERMISSIONS, CHECK_IN_STAFF: CHECK_IN_PERMISSIONS}


def ensure_permissions(apps, using):
    """Create the permissions now: on a fresh database Django only makes them after all migrations (post_migrate)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None


def find_permissions(apps, using, pairs):
    Permission = apps.get_model("auth", "Permission")
    wanted = Q()
    for app_label, codename in pairs:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.using(using).filter(wanted).select_related("content_type"))
    missing = set(pairs) - {(permission.content_type.app_label, permission.codename) for permission in found}
    if missing:
        raise LookupError(f"Permissions not found: {sorted(missing)}")
    return found


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    for name, pairs in GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*find_permissions(apps, using, pairs))


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_registrations'),
        ('exhibitions', '0001_initial'),
        ('partners', '0002_iso_codes_to_end_of_string'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(create_groups, delete_groups),
    ]
