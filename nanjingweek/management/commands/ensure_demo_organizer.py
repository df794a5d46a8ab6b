"""Create or reset the demo organizer account that `./dev demo` prints (README.md, "Quick start").

Idempotent: a second run resets the password and permissions of the same user, and lifts what would stop the
printed login from working: lockouts after failed logins, and a two-factor device someone set up for it.
It refuses to run with DEBUG off, because its password is published in the README.
"""

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_USERNAME = "organizer"
DEMO_PASSWORD = "nanjing-week-demo"
ORGANIZERS_GROUP = "Organizers"


class Command(BaseCommand):
    help = "Create or update the demo organizer account (organizer / nanjing-week-demo). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=DEMO_USERNAME)
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument("--email", default="organizer@nanjingweek.example")

    def handle(self, *args, username: str, password: str, email: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo organizer with DEBUG off: its password is public. "
                "Use `manage.py createsuperuser` for a real account."
            )
        user_model = get_user_model()
        with transaction.atomic():
            user, created = user_model._default_manager.get_or_create(**{user_model.USERNAME_FIELD: username})
            user.email = email
            user.is_active = True
            user.is_staff = True
            # Superuser until the Organizers group with its permissions exists; then both.
            user.is_superuser = True
            user.set_password(password)
            user.save()
            group = Group.objects.filter(name=ORGANIZERS_GROUP).first()
            if group is not None:
                user.groups.add(group)
            TOTPDevice.objects.filter(user=user).delete()
        # Development only: every lockout goes, also of the address (127.0.0.1) the demo's visitor comes from.
        reset_lockouts()
        action = "Created" if created else "Updated"
        in_group = f", in group {ORGANIZERS_GROUP!r}" if group is not None else ""
        self.stdout.write(f"{action} demo organizer {username!r}{in_group}.")
