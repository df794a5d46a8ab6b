"""The bench's own process on one bench database: `python -m nanjingweek.bench.worker TASK INPUT OUTPUT`.

`manage.py bench` runs in the developer's settings; what must happen in the measured settings and database runs
here instead, with the environment of nanjingweek.bench.server.environment: picking the pages, the in-process
figures, the registration rush. INPUT and OUTPUT are JSON files (standard output belongs to the site's logging).
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

RUSH_FIELDS = ("people", "seats", "clients", "confirmed", "waiting", "seconds", "confirmations_per_second")


def pages(arguments: dict) -> dict:
    from django.core.cache import cache

    from nanjingweek.bench.pages import pick_pages

    picked = pick_pages()
    cache.clear()
    return picked.as_dict()


def inprocess(arguments: dict) -> dict:
    from nanjingweek.bench.inprocess import measure
    from nanjingweek.bench.pages import Page

    return measure([Page.from_dict(page) for page in arguments["pages"]], runs=arguments["runs"])


def rush(arguments: dict) -> dict:
    try:
        from nanjingweek.bench.rush import run_rush
    except ModuleNotFoundError as error:
        if error.name != "nanjingweek.bench.rush":
            raise
        return {"skipped": "nanjingweek/bench/rush.py is not there yet"}
    options = {name: arguments[name] for name in ("people", "seats", "clients")}
    accepted = inspect.signature(run_rush).parameters
    if "database_url" in accepted:
        options["database_url"] = arguments["database_url"]
    result = run_rush(arguments["base_url"], **options)
    data = result.as_dict() if hasattr(result, "as_dict") else {name: getattr(result, name) for name in RUSH_FIELDS}
    if hasattr(result, "summary"):
        data["summary"] = result.summary()
    return data


TASKS = {"pages": pages, "inprocess": inprocess, "rush": rush}


def main(argv: list[str]) -> int:
    task, source, target = argv
    import django

    django.setup()
    arguments = json.loads(Path(source).read_text(encoding="utf-8"))
    result = TASKS[task](arguments)
    Path(target).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
