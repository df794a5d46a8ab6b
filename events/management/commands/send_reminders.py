"""`manage.py send_reminders`: owe the reminder with the ticket to everyone confirmed for an event that begins
within REGISTRATION_REMINDER_HOURS (run it every few minutes, from cron or a systemd timer).

Each person is reminded once, however often it runs and if two runs overlap (events/messaging.py); the mail
worker sends the e-mails.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.messaging import send_reminders


class Command(BaseCommand):
    help = (
        "Owe a reminder e-mail to each confirmed registrant of every published event that begins within "
        f"REGISTRATION_REMINDER_HOURS (now {settings.REGISTRATION_REMINDER_HOURS}); each person once."
    )

    def handle(self, *args, **options):
        reminded = send_reminders()
        self.stdout.write(f"Owed {reminded.count} reminder(s).")
        if reminded.skipped:
            self.stdout.write(f"{reminded.skipped} confirmed registrant(s) have no e-mail address and get none.")
