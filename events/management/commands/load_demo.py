"""`manage.py load_demo`: the 2025 programme from the press release, in three languages, with pictures.

Idempotent: run it as often as you like (`./dev demo` runs it on every start). See events/demo/loader.py.
"""

from django.core.management.base import BaseCommand

from events.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Create or update the China Nanjing Week 2025 demo programme (editions, venues, events, agenda, "
        "exhibition, partners, figures) in English, German and Chinese. Safe to run again."
    )

    def handle(self, *args, **options):
        report = load_demo()
        self.stdout.write(self.style.SUCCESS(report.summary()))
