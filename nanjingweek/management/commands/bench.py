"""`manage.py bench` (`./dev bench`): how fast the public pages and the registration rush are (issue 15).

Builds databases with `generate_programme` at each size (SQLite, and PostgreSQL when DATABASE_URL points at it),
serves each with gunicorn in production settings, measures every public page type and a trivial view (the ceiling)
with wrk in the same run, adds SQL queries and in-process time, runs the registration rush on PostgreSQL, and
saves results.json, results.md and ratios.svg under var/bench/<timestamp>/. The parts: nanjingweek/bench/.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nanjingweek.bench.databases import is_postgres
from nanjingweek.bench.runner import POOL_COMPARE_PAGES, RUSH_THREADS, Bench, BenchError, Options


def sizes(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise ValueError(f"sizes are whole numbers separated by commas: {text!r}") from error
    if not values or any(value < 1 for value in values):
        raise ValueError(f"sizes are whole numbers of at least 1: {text!r}")
    return values


def keys(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Benchmark the public pages against a trivial view on the same server (wrk, gunicorn, production "
        "settings) at several programme sizes, and the registration rush; results in var/bench/<timestamp>/."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=sizes,
            default=None,
            help="Events per database, e.g. 10,300 (default 10,300,1000; with --pool-compare 300).",
        )
        parser.add_argument("--duration", type=float, default=5.0, help="Seconds of wrk per page (default 5).")
        parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8).")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
        parser.add_argument(
            "--runs", type=int, default=5, help="In-process runs per page, the median kept (default 5)."
        )
        parser.add_argument("--rebuild", action="store_true", help="Build the databases again even if unchanged.")
        parser.add_argument(
            "--cache",
            choices=["auto", "redis", "database"],
            default="auto",
            help="The app servers' cache: Redis (db 5 on 127.0.0.1:6379) or the database cache; "
            "auto: Redis when it answers (default).",
        )
        parser.add_argument(
            "--pages",
            type=keys,
            default=None,
            help="Only these pages (keys as in results.json, e.g. home,schedule; with --pool-compare "
            f"default {','.join(POOL_COMPARE_PAGES)}).",
        )
        parser.add_argument(
            "--pool-compare",
            action="store_true",
            help="PostgreSQL only: serve each database once with persistent connections (CONN_MAX_AGE, as "
            "production) and once with psycopg's pool (DATABASE_POOL=1), measure --pages and the rush with each, "
            "and save both side by side.",
        )
        parser.add_argument(
            "--drop",
            action="store_true",
            help="Only remove the bench databases of --sizes (SQLite files, PostgreSQL databases) and exit.",
        )
        parser.add_argument("--no-rush", dest="rush", action="store_false", help="Leave out the registration rush.")
        parser.add_argument("--rush-people", type=int, default=500, help="People confirming in the rush (500).")
        parser.add_argument("--rush-seats", type=int, default=100, help="Seats of the rush's event (100).")
        parser.add_argument("--rush-clients", type=int, default=50, help="Clients confirming at once (50).")
        parser.add_argument(
            "--rush-threads",
            type=int,
            default=RUSH_THREADS,
            help=f"Threads per rush worker, GUNICORN_THREADS ({RUSH_THREADS}: sync workers, as production runs).",
        )

    def handle(self, *args, **options):
        database_url = os.environ.get("DATABASE_URL")
        if options["pool_compare"] and not options["drop"] and not is_postgres(database_url):
            raise CommandError(
                "--pool-compare needs PostgreSQL: DATABASE_URL=postgres://… (SQLite has no connection pool to compare)."
            )
        default_sizes = [300] if options["pool_compare"] else [10, 300, 1000]
        bench = Bench(
            Options(
                sizes=options["sizes"] or default_sizes,
                seconds=options["duration"],
                connections=options["connections"],
                threads=options["threads"],
                runs=options["runs"],
                rebuild=options["rebuild"],
                cache=options["cache"],
                rush=options["rush"],
                rush_people=options["rush_people"],
                rush_seats=options["rush_seats"],
                rush_clients=options["rush_clients"],
                rush_threads=options["rush_threads"],
                pages=options["pages"],
                pool_compare=options["pool_compare"],
                database_url=database_url,
            ),
            root=Path(settings.BASE_DIR),
            say=self.stdout.write,
        )
        if options["drop"]:
            for name in bench.drop():
                self.stdout.write(f"Removed {name}")
            return
        try:
            _data, folder = bench.run()
        except BenchError as error:
            raise CommandError(str(error)) from error
        saved = "results.json and results.md" if options["pool_compare"] else "results.json, results.md and ratios.svg"
        self.stdout.write(self.style.SUCCESS(f"Saved {folder}/{saved}."))
