"""`manage.py generate_programme --events N [--seed S] [--start YYYY-MM-DD]`: volume for load tests.

Adds a synthetic edition ("synthetic-<seed>", never the current one) with N events across two weeks in
venues on three continents, their agenda, speakers, partners, exhibitions, agreements and projects, in
all three languages. See events/demo/synthetic.py.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.demo.synthetic import ProgrammeExists, generate_programme


class Command(BaseCommand):
    help = "Add a synthetic edition with N events (and their sessions, partners, exhibitions) for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="How many events to create (at least 1).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; also names the edition synthetic-<seed> (default 1)."
        )
        parser.add_argument(
            "--start",
            type=date.fromisoformat,
            default=None,
            help="First day of the programme, YYYY-MM-DD (default: 30 days from today).",
        )

    def handle(self, *args, events: int, seed: int, start: date | None, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        start = start or timezone.localdate() + timedelta(days=30)
        try:
            result = generate_programme(events=events, seed=seed, start=start)
        except ProgrammeExists as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(result.summary()))
