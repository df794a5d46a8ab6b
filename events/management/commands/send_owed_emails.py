"""`manage.py send_owed_emails`: send every e-mail still owed to registrants (run it every few minutes).

E-mails are normally sent right after the change they report; this catches those the mail server refused.
"""

from django.core.management.base import BaseCommand

from events.registrations import send_owed_emails


class Command(BaseCommand):
    help = "Try every e-mail still owed to registrants, oldest first, and report how many were sent or failed."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Try at most this many e-mails.")

    def handle(self, *args, **options):
        sent, failed = send_owed_emails(limit=options["limit"])
        self.stdout.write(f"Sent {sent} e-mail(s), {failed} failed.")
        if failed:
            self.stderr.write(f"{failed} e-mail(s) could not be sent; they are tried again next time.")
