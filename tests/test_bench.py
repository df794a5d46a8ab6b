"""`./dev bench`'s parts that can be checked without timing anything (nanjingweek/bench/): wrk's result line, the
tables and the chart, the pages it picks from a small database, its databases' names and stamps, the ceiling.
No wrk and no gunicorn here; the benchmark itself is not a test."""

import gzip
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import resolve
from django.utils import timezone

from events.demo.synthetic import generate_programme
from nanjingweek.bench import databases, report, server, wrk
from nanjingweek.bench.pages import Picked, pick_pages
from tests.factories import make_news_article

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:40123/en/schedule/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.11ms    5.02ms  61.20ms   80.00%
    Req/Sec   199.50     20.11   250.00     70.00%
  1197 requests in 3.00s, 4.79MB read
Requests/sec:    398.91
Transfer/sec:      1.60MB
BENCH-WRK {"requests": 1197, "bytes": 5025000, "duration_us": 3000600, "p50_us": 19234.0, "p90_us": 26011.5, \
"p99_us": 48211.0, "mean_us": 20110.2, "max_us": 61200.0, "errors": {"connect": 0, "read": 0, "write": 0, \
"status": 2, "timeout": 0}}
"""


def test_wrk_result_line_is_parsed_from_the_output():
    result = wrk.parse_output(WRK_OUTPUT)

    assert (result.requests, result.bytes, result.p50_us, result.p99_us) == (1197, 5025000, 19234.0, 48211.0)
    assert round(result.requests_per_second, 1) == 398.9
    assert round(result.bytes_per_response) == 4198
    assert result.error_count == 2
    assert result.as_dict()["requests_per_second"] == 398.9


def test_wrk_output_without_the_result_line_is_an_error_that_shows_the_output():
    with pytest.raises(wrk.WrkError, match="unable to connect"):
        wrk.parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_lua_script_writes_the_line_the_parser_reads():
    assert "done = function(summary, latency, requests)" in wrk.LUA_SCRIPT
    assert '"BENCH-WRK "' in wrk.LUA_SCRIPT
    assert "latency:percentile(99)" in wrk.LUA_SCRIPT
    # Every name the Lua line writes is one the parser reads.
    for name in ("requests", "bytes", "duration_us", "p50_us", "p90_us", "p99_us", "mean_us", "max_us", "timeout"):
        assert f'"{name}": %' in wrk.LUA_SCRIPT


def test_wrk_command_line_has_the_load_and_the_headers():
    load = wrk.Load(connections=8, threads=2, seconds=3)
    command = load.command("wrk", "http://127.0.0.1:1/x", Path("/tmp/r.lua"), {"Accept-Encoding": "gzip"})

    assert command == [
        "wrk",
        "--threads=2",
        "--connections=8",
        "--duration=3s",
        "--timeout=30s",
        "--script=/tmp/r.lua",
        "--header",
        "Accept-Encoding: gzip",
        "http://127.0.0.1:1/x",
    ]


def page_row(key, label, rate, **extra):
    return {
        "key": key,
        "label": label,
        "path": f"/{key}/",
        "status": 200,
        "encoding": "gzip",
        "body_bytes": 11_000,
        "content_bytes": 160_000,
        "gzip_possible": 10_900,
        "wrk": {
            "requests_per_second": rate,
            "p50_us": 20_000.0,
            "p99_us": 48_000.0,
            "bytes_per_response": 11_500,
            "errors": {"status": 0},
        },
        "ratio": rate / 1000,
        "inprocess": {"queries_miss": 9, "queries_hit": 1, "ms_miss": 42.5, "ms_hit": 0.8},
        **extra,
    }


def bench_result(database="sqlite", size=300):
    return {
        "database": database,
        "title": {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[database],
        "size": size,
        "edition": "synthetic-1",
        "edition_events": 285,
        "cache": "Redis redis://127.0.0.1:6379/5",
        "ceiling": {"requests_per_second": 1000.0, "samples": [990.0, 1000.0, 1010.0]},
        "load_text": "1.00 → 1.50",
        "pages": [
            page_row("ceiling", "ceiling", 990.0),
            page_row("schedule", "schedule", 512.0),
            {"key": "schedule-304", "label": "schedule (304)", "path": "/s/", "wrk": None, "note": "no ETag yet"},
        ],
        "skipped": [["a news article", "no published article"]],
    }


def test_text_table_has_a_row_per_page_with_its_figures_and_the_notes():
    table = report.text_table(bench_result())
    lines = table.splitlines()

    assert lines[0].startswith("SQLite, 300 events (edition synthetic-1: 285 published events), cache: Redis")
    assert "ceiling 1 000 req/s (median of 990, 1 000, 1 010)" in lines[0]
    schedule = next(line for line in lines if line.startswith("schedule "))
    assert schedule.split() == [
        "schedule",
        "200",
        "512",
        "20.0",
        "48.0",
        "11.2",
        "KB",
        "10.7",
        "KB",
        "gzip",
        "10.6",
        "KB",
        "9/1",
        "42.5/0.8",
        "51",
        "%",
    ]
    assert "  note: a news article: no published article" in lines
    assert "  note: schedule (304): no ETag yet" in lines


def test_markdown_report_has_the_run_the_tables_and_the_rush():
    data = {
        "meta": {
            "started": "2026-12-02T06:00:00+01:00",
            "commit": "abc1234",
            "cpus": 2,
            "load_before": [0.5, 0.4, 0.3],
            "load_after": [1.5, 1.0, 0.5],
            "workers": 2,
            "wrk": "wrk 4.1.0",
            "threads": 2,
            "connections": 8,
            "seconds": 5.0,
            "runs": 5,
            "notes": ["PostgreSQL not measured"],
        },
        "results": [bench_result()],
        "rush": {
            "people": 500,
            "seats": 100,
            "clients": 50,
            "confirmed": 100,
            "waiting": 400,
            "seconds": 2.5,
            "confirmations_per_second": 40.0,
            "database": "PostgreSQL x_bench_rush",
            "workers": 4,
        },
    }
    text = report.markdown(data)

    assert "header `Accept-Encoding: gzip`" in text
    assert "| schedule | 200 | 512 | 20.0 | 48.0 | 11.2 KB | 10.7 KB gzip | 10.6 KB | 9/1 | 42.5/0.8 | 51 % |" in text
    assert (
        "registration rush on PostgreSQL x_bench_rush (4 workers): 500 people, 100 seats, 50 clients → 100 "
        "confirmed (exactly the capacity), 400 waiting, in 2.5 s: 40.0 confirmations/s"
    ) in text
    assert "- PostgreSQL not measured" in text


def test_rush_line_says_when_it_was_skipped_or_uses_the_rush_summary():
    assert report.rush_line({"skipped": "it runs on PostgreSQL only"}) == (
        "registration rush: skipped — it runs on PostgreSQL only"
    )
    line = report.rush_line({"summary": "500 people …; correct", "database": "PostgreSQL r", "workers": 4})
    assert line == "registration rush on PostgreSQL r (4 workers): 500 people …; correct"


def test_chart_is_svg_with_a_bar_per_page_and_series_and_the_targets():
    svg = report.chart_svg([bench_result("sqlite", 300), bench_result("postgresql", 300)])
    root = ET.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    bars = [rect for rect in root.iter(f"{namespace}rect") if rect.find(f"{namespace}title") is not None]
    texts = [text.text for text in root.iter(f"{namespace}text")]

    # Two pages besides the ceiling; the 304 row has no figure, so one bar per series for the schedule.
    assert [bar.find(f"{namespace}title").text for bar in bars] == [
        "schedule, SQLite 300: 51 %",
        "schedule, PostgreSQL 300: 51 %",
    ]
    assert float(bars[0].get("width")) == pytest.approx(520 * 0.512, abs=0.1)
    assert texts.count("not measured") == 2
    assert "target at 300 events" in texts
    target_lines = [line for line in root.iter(f"{namespace}line") if line.get("stroke") == "#d62728"]
    assert len(target_lines) == 3  # the legend, the schedule and its 304 row


def test_response_knows_its_sizes_sent_and_gzipped():
    content = ("<li>Forum 17: Tourism</li>" * 400).encode()
    response = server.Response(200, {"content-encoding": "gzip"}, gzip.compress(content))

    assert response.content == content
    assert response.gzip_possible == len(gzip.compress(content, compresslevel=6, mtime=0))
    assert server.Response(200, {}, content).encoding == ""


@pytest.mark.django_db
def test_pages_are_picked_from_the_current_edition_of_a_small_database():
    today = timezone.localdate()
    generate_programme(events=6, seed=41, start=today + timedelta(days=7))
    article = make_news_article(slug="bench-news")

    picked = Picked.from_dict(json.loads(json.dumps(pick_pages().as_dict())))
    paths = {page.key: page.path for page in picked.pages}

    assert picked.edition == "synthetic-41"
    assert picked.skipped == []
    assert 0 < picked.edition_events <= 6
    event_slug = paths["event"].removeprefix("/en/events/").removesuffix("/")
    assert event_slug.startswith("synthetic-41-event-")
    assert paths["event-ics"] == f"/events/{event_slug}.ics"
    assert paths["venue"].startswith("/en/venues/synthetic-41-venue-")
    assert paths["edition"] == "/en/editions/synthetic-41/"
    assert paths["exhibition"].startswith("/en/exhibitions/synthetic-41-exhibition-")
    assert paths["news-article"] == article.get_absolute_url()
    assert paths["schedule-kind"] == "/en/schedule/?kind=forum"
    assert paths["schedule-tz"] == "/en/schedule/?tz=Asia/Shanghai"
    assert paths["schedule-zh"] == "/zh-hans/schedule/"
    assert paths["search"] == "/en/search/?q=forum"
    assert paths["schedule-ics"] == "/schedule.ics"
    conditional = {page.key: page.conditional for page in picked.pages if page.conditional}
    assert conditional == {"schedule-304": "schedule", "schedule-ics-304": "schedule-ics"}


@pytest.mark.django_db
def test_pages_missing_from_an_empty_database_are_skipped_with_the_reason():
    picked = pick_pages()

    assert ("a news article", "no published article") in picked.skipped
    assert ("event page", "no published event") in picked.skipped
    assert "event" not in {page.key for page in picked.pages}


def test_databases_are_sqlite_always_and_postgresql_beside_database_url(tmp_path):
    plan = databases.plan([10, 300], var=tmp_path, database_url="postgres://postgres@127.0.0.1:5432/nanjingweek")

    assert [(database.label, database.name) for database in plan] == [
        ("sqlite-10", str(tmp_path / "sqlite-10.sqlite3")),
        ("sqlite-300", str(tmp_path / "sqlite-300.sqlite3")),
        ("postgresql-10", "nanjingweek_bench_10"),
        ("postgresql-300", "nanjingweek_bench_300"),
    ]
    assert plan[3].url == "postgres://postgres@127.0.0.1:5432/nanjingweek_bench_300"
    assert [database.label for database in databases.plan([10], var=tmp_path, database_url=None)] == ["sqlite-10"]
    assert databases.postgres_name("nanjingweek_bench", 300) == "nanjingweek_bench_300"
    assert databases.with_name("postgres://u@h:5432/a?sslmode=require", "b") == "postgres://u@h:5432/b?sslmode=require"


def test_a_built_database_is_reused_only_while_its_stamp_holds(tmp_path):
    root = Path(settings.BASE_DIR)
    (database,) = databases.plan([10], var=tmp_path, database_url=None)
    today = date(2026, 12, 2)

    assert databases.reusable(root, tmp_path, database, today) == (False, "not built yet")
    Path(database.name).write_bytes(b"")
    stamp = databases.stamp_path(tmp_path, database)
    stamp.parent.mkdir(parents=True)
    inputs = databases.inputs_digest(root, database)
    stamp.write_text(json.dumps({"inputs": inputs, "start": "2026-12-09", "built": "2026-12-02"}))

    assert databases.reusable(root, tmp_path, database, today) == (True, "built 2026-12-02")
    assert databases.reusable(root, tmp_path, database, date(2026, 12, 9)) == (False, "its synthetic edition has begun")
    (bigger,) = databases.plan([300], var=tmp_path, database_url=None)
    assert databases.inputs_digest(root, bigger) != inputs
    stamp.write_text(json.dumps({"inputs": "old", "start": "2026-12-09", "built": "2026-12-02"}))
    assert databases.reusable(root, tmp_path, database, today) == (False, "migrations or demo code changed")
    databases.remove(tmp_path, database)
    assert not Path(database.name).exists() and not stamp.exists()


@override_settings(ROOT_URLCONF="nanjingweek.bench.urls")
def test_ceiling_answers_ok_beside_the_site(client):
    response = client.get("/bench/ceiling")

    assert (response.status_code, response.content) == (200, b"ok")
    # The site's own URLs stay as they are.
    assert resolve("/en/schedule/").view_name == "events:schedule"
    assert resolve("/schedule.ics").url_name == "schedule_ics"


# --- --pool-compare ------------------------------------------------------------------------------------------


def pool_comparison():
    persistent, pool = bench_result("postgresql"), bench_result("postgresql")
    persistent["name"] = pool["name"] = "x_bench_300"
    pool["pages"] = [page_row("ceiling", "ceiling", 1100.0), page_row("schedule", "schedule", 640.0)]
    pool["load_text"] = "1.50 → 1.70"
    rush = {"confirmations_per_second": 80.0, "p50_ms": 500.0, "p99_ms": 900.0, "ok": True, "summary": "500 people …"}
    return {
        "modes": {"persistent": "CONN_MAX_AGE 600 s", "pool": "DATABASE_POOL=1"},
        "persistent": persistent,
        "pool": pool,
        "rush": {"persistent": rush, "pool": {**rush, "confirmations_per_second": 100.0, "ok": False}},
    }


def test_pool_comparison_has_both_modes_side_by_side_per_page_and_for_the_rush():
    lines = report.pool_text_table(pool_comparison()).splitlines()

    assert lines[0] == (
        "PostgreSQL x_bench_300, 300 events: persistent connections (CONN_MAX_AGE 600 s) against psycopg's pool "
        "(DATABASE_POOL=1); load 1.00 → 1.50 and 1.50 → 1.70"
    )
    rows = {line.split("  ")[0]: line.split() for line in lines[3:]}
    assert rows["ceiling"] == ["ceiling", "990", "20.0", "48.0", "1", "100", "20.0", "48.0", "1.11"]
    assert rows["schedule"] == ["schedule", "512", "20.0", "48.0", "640", "20.0", "48.0", "1.25"]
    # Measured in one mode only: the other's cells stay empty rather than wrong.
    assert rows["schedule (304)"][-7:] == ["–", "–", "–", "–", "–", "–", "–"]
    assert rows["registration rush"] == ["registration", "rush", "80.0", "conf/s", "500", "900", "100", "conf/s",
                                         "WRONG", "500", "900", "1.25"]  # fmt: skip


def test_pool_comparison_markdown_has_the_table_and_each_modes_own_figures():
    data = {
        "meta": {
            "started": "2026-12-04T04:00:00+01:00",
            "commit": "abc1234",
            "cpus": 2,
            "load_before": [0.5, 0.4, 0.3],
            "load_after": [1.5, 1.0, 0.5],
            "workers": 2,
            "rush_workers": 4,
            "wrk": "wrk 4.1.0",
            "threads": 2,
            "connections": 8,
            "seconds": 3.0,
            "notes": [],
        },
        "pool_compare": [pool_comparison()],
    }
    text = report.pool_markdown(data)

    assert "| page | persistent req/s | p50 ms | p99 ms | pool req/s | p50 ms | p99 ms | pool ÷ persistent |" in text
    assert "| schedule | 512 | 20.0 | 48.0 | 640 | 20.0 | 48.0 | 1.25 |" in text
    assert "### CONN_MAX_AGE 600 s" in text and "### DATABASE_POOL=1" in text
    assert "registration rush on PostgreSQL (? workers): 500 people …" in text
    assert "| schedule | 200 | 512 | 20.0 | 48.0 | 11.2 KB | 10.7 KB gzip | 10.6 KB | 9/1 | 42.5/0.8 | 51 % |" in text


def test_pool_compare_is_refused_on_sqlite(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(CommandError, match=r"--pool-compare needs PostgreSQL: DATABASE_URL=postgres://"):
        call_command("bench", "--pool-compare")


def test_pool_compare_serves_the_same_database_with_each_way_of_connecting(tmp_path, monkeypatch):
    from nanjingweek.bench import runner

    seen = []

    def measure(self, database):
        seen.append((database.name, dict(self.environment(database))))
        return {"mode": self.mode_env}

    monkeypatch.setattr(runner.Bench, "start", lambda self: ([*plan], {"notes": []}))
    monkeypatch.setattr(runner.Bench, "collect_static", lambda self, database: None)
    monkeypatch.setattr(runner.Bench, "measure", measure)
    monkeypatch.setattr(runner.report, "pool_text_table", lambda comparison: "")
    monkeypatch.setattr(runner.report, "pool_markdown", lambda data: "")
    url = "postgres://postgres@127.0.0.1:5432/x"
    plan = databases.plan([10], var=tmp_path, database_url=url)
    bench = runner.Bench(runner.Options(sizes=[10], rush=False, pool_compare=True, var=tmp_path, database_url=url),
                         root=tmp_path, say=lambda line: None)  # fmt: skip
    bench.folder, bench.redis_url = tmp_path, None

    data, _folder = bench.run()

    assert [name for name, _env in seen] == ["x_bench_10", "x_bench_10"]
    persistent, pool = (env for _name, env in seen)
    assert (persistent["DATABASE_POOL"], persistent["DATABASE_CONN_MAX_AGE"], pool["DATABASE_POOL"]) == (
        "0",
        "600",
        "1",
    )
    assert [comparison["persistent"]["mode"]["DATABASE_POOL"] for comparison in data["pool_compare"]] == ["0"]
    assert bench.mode_env == {}
    assert json.loads((tmp_path / "results.json").read_text())["pool_compare"][0]["pool"] == {
        "mode": {"DATABASE_POOL": "1"}
    }


def test_the_rush_is_served_by_sync_workers_as_production_unless_asked_for_threads(monkeypatch):
    import runpy

    from nanjingweek.bench import runner

    assert runner.Options().rush_threads == 1
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))["threads"] == 1
    monkeypatch.setenv("GUNICORN_THREADS", "4")  # what --rush-threads 4 passes to the rush's server
    assert runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))["threads"] == 4
    assert report.rush_line({"summary": "…", "database": "PostgreSQL r", "workers": 4, "threads": 1}) == (
        "registration rush on PostgreSQL r (4 workers): …"
    )
    line = report.rush_line({"summary": "…", "database": "PostgreSQL r", "workers": 4, "threads": 4})
    assert line == "registration rush on PostgreSQL r (4 workers of 4 threads): …"
