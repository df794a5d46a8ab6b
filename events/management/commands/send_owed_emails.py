"""`manage.py send_owed_emails`: send the e-mails due now and exit; `run_mail_worker --once` by another name.

For cron where no mail worker runs. Exits non-zero when an e-mail it tried failed; e-mails another worker is
sending at the same moment are left to it and not counted.
"""

from django.core.management.base import BaseCommand

from events.management.commands.run_mail_worker import report
from events.outbox import send_owed_emails


class Command(BaseCommand):
    help = "Try every e-mail owed to registrants that is due, oldest first; exit non-zero if any failed."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Try at most this many e-mails.")

    def handle(self, *args, **options):
        sent, failed = send_owed_emails(limit=options["limit"])
        report(self, sent, failed, once=True)
