"""`manage.py expire_registrations`: delete registrations never confirmed in time (run it every hour)."""

from django.core.management.base import BaseCommand

from events.registrations import expire_unconfirmed


class Command(BaseCommand):
    help = "Delete registrations whose e-mail address was not confirmed in time. They held no seat."

    def handle(self, *args, **options):
        count = expire_unconfirmed()
        self.stdout.write(f"Expired {count} unconfirmed registration(s).")
