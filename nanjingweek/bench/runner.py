"""`manage.py bench`, the whole run: for each database and size build (or reuse), serve, measure, report.

For every database (nanjingweek.bench.databases) in turn: pick the pages from it (worker), start gunicorn with 2
sync workers on it, measure the ceiling, every page and the ceiling again with wrk (each after one warm-up
request, which also gives the page's status, ETag and size), stop the server, then take the in-process figures
(worker) while nothing else of ours runs. Then the registration rush on a copy of a PostgreSQL database, with 4
sync workers (`--rush-threads` for threaded ones). Results go to var/bench/<timestamp>/: results.json, results.md
and ratios.svg.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from nanjingweek.bench import databases, report, server, wrk
from nanjingweek.bench.pages import CEILING, Page, Picked, ceiling_page

ACCEPT_ENCODING = {"Accept-Encoding": "gzip"}
PAGE_WORKERS = 2
# The ceiling is measured before the pages and again after every so many, and read as the median: on a machine
# that is busy with something else its speed drifts during a run.
CEILING_EVERY = 8
RUSH_WORKERS = 4
# Threads per rush worker by default (GUNICORN_THREADS, gunicorn.conf.py): 1, sync workers, as production runs.
# On the idle 2-core bench machine 4 sync workers confirmed 149-151 people a second and 4 workers of 4 threads
# 98-109 (gthread's own loop and the GIL cost more than a thread waiting for the event's lock frees); threads
# only came out ahead when other work overloaded the machine (README.md "Production"). --rush-threads compares.
RUSH_THREADS = 1
# --pool-compare: the two ways the site can hold its PostgreSQL connections (nanjingweek/settings.py, README.md
# "Configuration"), each as production sets it. Django refuses a pool with persistent connections, so the pool's
# run has CONN_MAX_AGE 0 from the settings themselves.
POOL_MODES = {
    "persistent": ("CONN_MAX_AGE 600 s", {"DATABASE_POOL": "0", "DATABASE_CONN_MAX_AGE": "600"}),
    "pool": ("DATABASE_POOL=1, 1 to 4 connections a worker", {"DATABASE_POOL": "1"}),
}
POOL_COMPARE_PAGES = ["home", "schedule", "event"]


class BenchError(Exception):
    """Something the person running the bench must fix (wrk missing, Redis asked for but away …)."""


@dataclass
class Options:
    sizes: list[int] = field(default_factory=lambda: [10, 300, 1000])
    seconds: float = 5.0
    connections: int = 8
    threads: int = 2
    runs: int = 5
    rebuild: bool = False
    cache: str = "auto"  # auto, redis or database
    rush: bool = True
    rush_people: int = 500
    rush_seats: int = 100
    rush_clients: int = 50
    rush_threads: int = RUSH_THREADS  # threads per rush worker (GUNICORN_THREADS)
    pages: list[str] | None = None  # page keys to measure (the ceiling always)
    pool_compare: bool = False  # serve each PostgreSQL database with persistent connections, then with the pool
    var: Path | None = None
    database_url: str | None = None


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def git_commit(root: Path) -> str:
    def git(*args: str) -> str:
        completed = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return completed.stdout.strip() if completed.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


class Bench:
    def __init__(self, options: Options, *, root: Path, say) -> None:
        self.options = options
        self.root = root
        self.var = options.var or root / "var" / "bench"
        self.say = say
        self.secret_key = server.new_secret_key()
        self.load = wrk.Load(connections=options.connections, threads=options.threads, seconds=options.seconds)
        self.notes: list[str] = []
        self.mode_env: dict[str, str] = {}  # the connection settings of a --pool-compare run (POOL_MODES)

    # --- the run --------------------------------------------------------------------------------------------

    def run(self) -> tuple[dict, Path]:
        if self.options.pool_compare:
            return self.run_pool_compare()
        plan, meta = self.start()
        self.collect_static(plan[0])
        results = []
        for database in plan:
            result = self.measure(database)
            results.append(result)
            self.say("\n" + report.text_table(result) + "\n")
        rush = self.rush(plan) if self.options.rush else None
        if rush is not None:
            self.say(report.rush_line(rush))
        meta["load_after"] = load_average()
        meta["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
        data = {"meta": meta, "results": results, "rush": rush}
        folder = self.folder
        (folder / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        (folder / "results.md").write_text(report.markdown(data), encoding="utf-8")
        (folder / "ratios.svg").write_text(report.chart_svg(results), encoding="utf-8")
        for note in self.notes:
            self.say(f"note: {note}")
        return data, folder

    def start(self) -> tuple[list, dict]:
        """What every run begins with: wrk, the cache, the folder, the databases' plan and the run's facts."""
        self.wrk = wrk.find_wrk()
        if not self.wrk:
            raise BenchError("wrk is not installed: `sudo apt-get install wrk` (./dev bench installs it as root).")
        self.redis_url = self.choose_cache()
        self.cache_text = f"Redis {self.redis_url}" if self.redis_url else "database (table nanjingweek_cache)"
        started = datetime.now().astimezone()
        folder = self.var / started.strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.script = wrk.write_script(folder)
        plan = databases.plan(self.options.sizes, var=self.var, database_url=self.options.database_url)
        if not databases.is_postgres(self.options.database_url):
            self.notes.append("PostgreSQL not measured: DATABASE_URL does not point at PostgreSQL.")
        meta = {
            "started": started.isoformat(timespec="seconds"),
            "commit": git_commit(self.root),
            "cpus": os.cpu_count(),
            "load_before": load_average(),
            "python": sys.version.split()[0],
            "wrk": wrk.version(self.wrk),
            "workers": PAGE_WORKERS,
            "threads": self.load.threads,
            "connections": self.load.connections,
            "seconds": self.load.seconds,
            "headers": ACCEPT_ENCODING,
            "runs": self.options.runs,
            "cache": self.cache_text,
            "notes": self.notes,
        }
        what = "Connection pool compared" if self.options.pool_compare else "Bench"
        self.say(
            f"{what}: sizes {', '.join(map(str, self.options.sizes))}; "
            f"{', '.join(sorted({database.title for database in plan}))}; cache {self.cache_text}; "
            f"{meta['wrk']} with {self.load.threads} threads, {self.load.connections} connections, "
            f"{self.load.seconds:g} s per page, Accept-Encoding: gzip; load average {meta['load_before']}"
        )
        return plan, meta

    def run_pool_compare(self) -> tuple[dict, Path]:
        """Each PostgreSQL database of the plan served twice, as POOL_MODES say: the pages and the rush in each."""
        if not databases.is_postgres(self.options.database_url):
            raise BenchError(
                "--pool-compare needs PostgreSQL: DATABASE_URL=postgres://… (SQLite has no connection pool to compare)."
            )
        plan, meta = self.start()
        postgres = [database for database in plan if database.engine == "postgresql"]
        meta.update(rush_workers=RUSH_WORKERS, modes={mode: text for mode, (text, _env) in POOL_MODES.items()})
        self.collect_static(postgres[0])
        comparisons = []
        for database in postgres:
            comparison = {"modes": meta["modes"], "rush": {}}
            for mode, (text, env) in POOL_MODES.items():
                self.say(f"{database.label}: {mode} ({text})")
                self.mode_env = env
                try:
                    comparison[mode] = self.measure(database)
                    if self.options.rush:
                        comparison["rush"][mode] = self.rush([database])
                        self.say(report.rush_line(comparison["rush"][mode]))
                finally:
                    self.mode_env = {}
            comparisons.append(comparison)
            self.say("\n" + report.pool_text_table(comparison) + "\n")
        meta["load_after"] = load_average()
        meta["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
        data = {"meta": meta, "pool_compare": comparisons}
        folder = self.folder
        (folder / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        (folder / "results.md").write_text(report.pool_markdown(data), encoding="utf-8")
        for note in self.notes:
            self.say(f"note: {note}")
        return data, folder

    def drop(self) -> list[str]:
        """Remove the bench's databases of these sizes (SQLite files; PostgreSQL databases beside DATABASE_URL)."""
        plan = databases.plan(self.options.sizes, var=self.var, database_url=self.options.database_url)
        for database in plan:
            databases.remove(self.var, database)
        return [database.name for database in plan]

    def choose_cache(self) -> str | None:
        choice = self.options.cache
        if choice == "database":
            return None
        if server.redis_answers():
            return server.REDIS_URL
        if choice == "redis":
            raise BenchError(f"--cache redis, but Redis does not answer at {server.REDIS_URL}.")
        self.notes.append(f"Redis does not answer at {server.REDIS_URL}: the database cache was used.")
        return None

    def environment(self, database, **extra) -> dict[str, str]:
        return server.environment(
            database,
            var=self.var,
            redis_url=self.redis_url,
            secret_key=self.secret_key,
            extra={**self.mode_env, **extra},
        )

    def collect_static(self, database) -> None:
        self.say("Collecting static files (hashed names, as in production)")
        self.manage(database, ["collectstatic", "--no-input", "-v", "0"])

    def manage(self, database, arguments: list[str]) -> None:
        completed = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=self.root,
            env=self.environment(database),
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise BenchError(f"manage.py {arguments[0]} failed:\n{(completed.stderr or completed.stdout)[-3000:]}")

    def worker(self, database, task: str, arguments: dict, **extra) -> dict:
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            source, target = Path(scratch) / "in.json", Path(scratch) / "out.json"
            source.write_text(json.dumps(arguments), encoding="utf-8")
            completed = subprocess.run(
                [sys.executable, "-m", "nanjingweek.bench.worker", task, str(source), str(target)],
                cwd=self.root,
                env=self.environment(database, **extra),
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0 or not target.exists():
                output = (completed.stderr or completed.stdout)[-4000:]
                raise BenchError(f"The bench's {task} step failed on {database.label}:\n{output}")
            return json.loads(target.read_text(encoding="utf-8"))

    def prepare(self, database) -> str:
        today = timezone.localdate()
        if not self.options.rebuild:
            ok, why = databases.reusable(self.root, self.var, database, today)
            if ok:
                return f"reused ({why})"
            self.say(f"{database.label}: building ({why})")
        else:
            self.say(f"{database.label}: building (--rebuild)")
        databases.build(
            self.root, self.var, database, env=self.environment(database), today=today, log=lambda line: self.say(line)
        )
        return f"built {today.isoformat()}"

    # --- one database -----------------------------------------------------------------------------------------

    def measure(self, database) -> dict:
        build = self.prepare(database)
        picked = Picked.from_dict(self.worker(database, "pages", {}))
        wanted = self.options.pages or (POOL_COMPARE_PAGES if self.options.pool_compare else None)
        pages = [page for page in picked.pages if not wanted or page.key in wanted]
        if picked.edition_events < database.size * 0.8:
            self.notes.append(
                f"{database.label}: the current edition {picked.edition!r} has only {picked.edition_events} "
                f"published events — not the synthetic one?"
            )
        self.say(
            f"{database.label}: {build}; schedule shows edition {picked.edition} "
            f"({picked.edition_events} published events); measuring {len(pages)} pages and the ceiling"
        )
        load_before = load_average()
        if self.redis_url:
            server.flush_redis(self.redis_url)
        log = self.folder / f"gunicorn-{database.label}.log"
        rows: list[dict] = []
        ceilings: list[dict] = []
        with server.Server(self.root, self.environment(database), PAGE_WORKERS, log) as app:
            ceilings.append(self.wrk_row(app, ceiling_page(), {}))
            etags: dict[str, str] = {}
            for number, page in enumerate(pages, start=1):
                rows.append(self.wrk_row(app, page, etags))
                if number % CEILING_EVERY == 0 or number == len(pages):
                    ceilings.append(self.wrk_row(app, ceiling_page(), {}))
        load_after = load_average()
        self.say(f"{database.label}: in-process figures ({self.options.runs} runs a page)")
        local = self.worker(
            database,
            "inprocess",
            {"pages": [page.as_dict() for page in [ceiling_page(), *pages]], "runs": self.options.runs},
        )
        ceiling_rates = [row["wrk"]["requests_per_second"] for row in ceilings]
        ceiling = statistics.median(ceiling_rates)
        # The ceiling's row: its first measurement, read against the median like every page.
        ceiling_row = ceilings[0]
        for row in [ceiling_row, *rows]:
            rate = row["wrk"]["requests_per_second"] if row.get("wrk") else None
            row["ratio"] = round(rate / ceiling, 4) if rate is not None and ceiling else None
            row["inprocess"] = local.get(row["key"], {})
        return {
            "database": database.engine,
            "title": database.title,
            "name": database.name,
            "size": database.size,
            "build": build,
            "cache": self.cache_text,
            "edition": picked.edition,
            "edition_events": picked.edition_events,
            "ceiling": {
                "requests_per_second": round(ceiling, 1),
                "samples": ceiling_rates,
            },
            "load": [load_before, load_after],
            "load_text": f"{load_before[0]:.2f} → {load_after[0]:.2f}",
            "pages": [ceiling_row, *rows],
            "skipped": [list(item) for item in picked.skipped],
        }

    def wrk_row(self, app: server.Server, page: Page, etags: dict[str, str]) -> dict:
        """The warm-up request (status, ETag, sizes), then wrk on the page."""
        row = page.as_dict()
        headers = dict(ACCEPT_ENCODING)
        if page.conditional:
            if page.conditional not in etags:
                first = server.fetch(app.port, page.path, headers)
                etags[page.conditional] = first.headers.get("etag", "")
            if not etags[page.conditional]:
                row.update(wrk=None, note="the page sends no ETag yet: not measured")
                return row
            headers["If-None-Match"] = etags[page.conditional]
        response = server.fetch(app.port, page.path, headers)
        if not page.conditional and page.key != CEILING:
            etags[page.key] = response.headers.get("etag", "")
        row.update(
            status=response.status,
            encoding=response.encoding,
            etag=response.headers.get("etag", ""),
            body_bytes=len(response.body),
            content_bytes=len(response.content),
            gzip_possible=response.gzip_possible,
            cache_control=response.headers.get("cache-control", ""),
        )
        if response.status >= 400:
            row["note"] = f"answers {response.status}"
        result = wrk.run(self.wrk, app.base_url + page.path, load=self.load, script=self.script, headers=headers)
        row["wrk"] = result.as_dict()
        return row

    # --- the registration rush --------------------------------------------------------------------------------

    def rush(self, plan: list) -> dict:
        import importlib.util

        postgres = [database for database in plan if database.engine == "postgresql"]
        if not postgres:
            return {"skipped": "it runs on PostgreSQL only (DATABASE_URL=postgres://…)"}
        if importlib.util.find_spec("nanjingweek.bench.rush") is None:
            return {"skipped": "nanjingweek/bench/rush.py is not there yet"}
        template = min(postgres, key=lambda database: database.size)
        base = databases.dj_database_url.parse(self.options.database_url)["NAME"]
        name = databases.postgres_name(base, "rush")
        copy = databases.BenchDatabase(
            "postgresql", template.size, databases.with_name(template.url, name), name, template.media_root
        )
        threads = self.options.rush_threads
        self.say(
            f"Registration rush: {name} (a copy of {template.name}), gunicorn with {RUSH_WORKERS} "
            + (f"workers of {threads} threads" if threads > 1 else "sync workers")
        )
        databases.postgres_create(copy.url, name, template=template.name)
        extra = {"REGISTRATION_RATE_LIMIT": "off", "GUNICORN_THREADS": str(self.options.rush_threads)}
        try:
            if self.redis_url:
                server.flush_redis(self.redis_url)
            log = self.folder / "gunicorn-rush.log"
            env = self.environment(copy, **extra)
            with server.Server(self.root, env, RUSH_WORKERS, log) as app:
                result = self.worker(
                    copy,
                    "rush",
                    {
                        "base_url": app.base_url,
                        "people": self.options.rush_people,
                        "seats": self.options.rush_seats,
                        "clients": self.options.rush_clients,
                        "database_url": copy.url,
                    },
                    **extra,
                )
        finally:
            databases.postgres_drop(copy.url, name)
        result.update(database=f"PostgreSQL {name}", workers=RUSH_WORKERS, threads=self.options.rush_threads)
        return result
