"""`manage.py run_mail_worker`: send the e-mails owed to registrants, as a long-running process (README, Production).

Stops gracefully on SIGTERM or SIGINT: the message in hand is finished and recorded, then the process exits 0; the
same signal a second time stops it at once (the message's claim then runs out and another worker sends it).
With --once it sends what is due and exits, non-zero if any of its messages failed: for cron, like
`send_owed_emails`.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from events import outbox


class Command(BaseCommand):
    help = "Send the e-mails owed to registrants until stopped (SIGTERM, SIGINT); --once: what is due, then exit."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Send what is due now, then exit.")
        parser.add_argument(
            "--poll",
            type=float,
            default=None,
            help="Seconds between looks when nothing is due (EMAIL_WORKER_POLL_SECONDS).",
        )
        parser.add_argument("--limit", type=int, default=None, help="Try at most this many e-mails, then exit.")

    def handle(self, *args, once=False, poll=None, limit=None, **options):
        stop = threading.Event()
        previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
        received = set()

        def request_stop(signum, frame):
            # The same signal twice (Ctrl-C, Ctrl-C): now. Another one (./dev demo's SIGTERM after the terminal's
            # SIGINT) only asks again.
            if signum in received:
                raise SystemExit(128 + signum)
            received.add(signum)
            if not stop.is_set():
                self.stderr.write(f"{signal.Signals(signum).name}: stopping after the e-mail in hand.")
            stop.set()

        for signum in previous:
            signal.signal(signum, request_stop)
        if not once:
            self.stdout.write("Mail worker: sending the e-mails owed to registrants (stop with SIGTERM or Ctrl-C).")
        try:
            tally = outbox.run_worker(stop=stop, once=once, poll=poll, limit=limit)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        report(self, tally.sent, tally.failed, once=once or limit is not None)


def report(command: BaseCommand, sent: int, failed: int, *, once: bool) -> None:
    """The counts on stdout; for a run meant to empty the queue, a failure is the exit status too (for cron)."""
    command.stdout.write(f"Sent {sent} e-mail(s), {failed} failed.")
    if failed and once:
        raise CommandError(
            f"{failed} e-mail(s) could not be sent; they are tried again later (see the admin's e-mails)."
        )
