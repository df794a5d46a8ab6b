"""`manage.py anonymize_registrations [--days N]`: forget the people of events that ended long enough ago.

The registrations stay (the numbers of the event remain true); names, addresses and organizations go.
Run it daily.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.registrations import anonymize_past_registrations


class Command(BaseCommand):
    help = "Anonymize the registrations of events that ended more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after an event's end (default: the setting REGISTRATION_RETENTION_DAYS, "
            f"{settings.REGISTRATION_RETENTION_DAYS}).",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days must not be negative.")
        count = anonymize_past_registrations(days=days)
        self.stdout.write(f"Anonymized {count} registration(s).")
