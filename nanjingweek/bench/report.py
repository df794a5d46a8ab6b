"""What `./dev bench` prints and saves: a table per database and size (text and Markdown) and an SVG chart of
each page's ratio to the ceiling. Pure functions of the results (the dictionaries saved in results.json)."""

from __future__ import annotations

from html import escape

COLUMNS = [
    ("page", "<"),
    ("status", ">"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p99 ms", ">"),
    ("bytes/resp", ">"),
    ("body sent", ">"),
    ("gzipped", ">"),
    ("SQL miss/hit", ">"),
    ("ms miss/hit", ">"),
    ("ratio", ">"),
]

# The targets at 300 events, as a share of the ceiling (drawn on the chart).
TARGETS = {
    "schedule": 0.5,
    "event": 0.7,
    "home": 0.7,
    "venue": 0.7,
    "schedule-ics": 0.5,
    "sitemap": 0.5,
    "schedule-304": 0.7,
    "schedule-ics-304": 0.7,
}


def size_text(size: float | None) -> str:
    if size is None:
        return "–"
    if size < 1024:
        return f"{size:.0f} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.2f} MB"


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.{digits}f}"


def percent(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return f"{ratio * 100:.1f} %" if ratio < 0.1 else f"{ratio * 100:.0f} %"


def row(page: dict) -> list[str]:
    """One table row of a page's results (wrk, one request, in-process)."""
    wrk = page.get("wrk") or {}
    local = page.get("inprocess") or {}
    encoding = page.get("encoding") or ""
    body = size_text(page.get("body_bytes")) + (f" {encoding}" if encoding else "")
    queries = (
        f"{local['queries_miss']}/{local['queries_hit']}" if "queries_miss" in local else local.get("skipped", "–")
    )
    times = f"{number(local['ms_miss'])}/{number(local['ms_hit'])}" if "ms_miss" in local else "–"
    status = str(page.get("status", "–"))
    errors = sum((wrk.get("errors") or {}).values())
    if errors:
        status += f" ({errors} errors)"
    return [
        page["label"],
        status,
        number(wrk.get("requests_per_second")),
        number(wrk["p50_us"] / 1000 if wrk else None),
        number(wrk["p99_us"] / 1000 if wrk else None),
        size_text(wrk.get("bytes_per_response")),
        body if page.get("body_bytes") is not None else "–",
        size_text(page.get("gzip_possible")),
        queries,
        times,
        percent(page.get("ratio")),
    ]


def heading(result: dict) -> str:
    ceiling = result["ceiling"]
    return (
        f"{result['title']}, {result['size']} events (edition {result['edition']}: {result['edition_events']} "
        f"published events), cache: {result['cache']} — ceiling {number(ceiling['requests_per_second'])} req/s "
        f"(median of {', '.join(number(rate) for rate in ceiling['samples'])}), load {result['load_text']}"
    )


def notes(result: dict) -> list[str]:
    lines = [f"{name}: {reason}" for name, reason in result.get("skipped", [])]
    lines += [f"{page['label']}: {page['note']}" for page in result["pages"] if page.get("note")]
    return lines


def text_table(result: dict) -> str:
    rows = [[name for name, _align in COLUMNS], *(row(page) for page in result["pages"])]
    widths = [max(len(cells[index]) for cells in rows) for index in range(len(COLUMNS))]
    lines = [heading(result)]
    for number_, cells in enumerate(rows):
        lines.append(
            "  ".join(
                f"{cell:{align}{width}}" for cell, (_name, align), width in zip(cells, COLUMNS, widths, strict=True)
            ).rstrip()
        )
        if number_ == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines += [f"  note: {line}" for line in notes(result)]
    return "\n".join(lines)


def markdown_table(result: dict) -> str:
    def cells(values: list[str]) -> str:
        return "| " + " | ".join(value.replace("|", "\\|") for value in values) + " |"

    lines = [f"### {heading(result)}", "", cells([name for name, _align in COLUMNS])]
    lines.append("|" + "|".join("---:" if align == ">" else "---" for _name, align in COLUMNS) + "|")
    lines += [cells(row(page)) for page in result["pages"]]
    extra = notes(result)
    if extra:
        lines += ["", *(f"- {line}" for line in extra)]
    return "\n".join(lines)


def rush_line(rush: dict | None) -> str:
    if not rush:
        return "registration rush: not run"
    if rush.get("skipped"):
        return f"registration rush: skipped — {rush['skipped']}"
    threads = f" of {rush['threads']} threads" if rush.get("threads", 1) > 1 else ""
    where = f"registration rush on {rush.get('database', 'PostgreSQL')} ({rush.get('workers', '?')} workers{threads})"
    if rush.get("summary"):
        return f"{where}: {rush['summary']}"
    expected = min(rush["seats"], rush["people"])
    verdict = "exactly the capacity" if rush["confirmed"] == expected else f"NOT the capacity ({expected})"
    return (
        f"{where}: {rush['people']} people, {rush['seats']} seats, {rush['clients']} clients → "
        f"{rush['confirmed']} confirmed ({verdict}), {rush['waiting']} waiting, in {rush['seconds']:.1f} s: "
        f"{rush['confirmations_per_second']:.1f} confirmations/s"
    )


def markdown(report: dict) -> str:
    meta = report["meta"]
    lines = [
        f"# Nanjing Week bench, {meta['started']}",
        "",
        f"- commit {meta['commit']}, {meta['cpus']} CPUs, load average before {meta['load_before']}, "
        f"after {meta['load_after']}",
        f"- gunicorn {meta['workers']} sync workers, production settings (DEBUG off, plain http), access log off",
        f"- {meta['wrk']}: {meta['threads']} threads, {meta['connections']} connections, {meta['seconds']:g} s per "
        f"page after one warm-up request, header `Accept-Encoding: gzip`",
        "- bytes/resp: what wrk read per response, headers included; body sent: one response's body as sent to "
        "`Accept-Encoding: gzip`; gzipped: that body gzipped (what it could be)",
        f"- SQL and ms: in-process (Django test Client, production settings), median of {meta['runs']} runs, "
        "cache emptied before the miss; ratio: req/s ÷ ceiling req/s (the median of the ceiling measured before the "
        "pages and after every few)",
        "",
    ]
    for result in report["results"]:
        lines += [markdown_table(result), ""]
    lines += [rush_line(report.get("rush")), ""]
    lines += [f"- {note}" for note in meta.get("notes", [])]
    return "\n".join(lines).rstrip() + "\n"


# --- chart ----------------------------------------------------------------------------------------------------

PALETTE = {
    "sqlite": ["#9ecae1", "#4292c6", "#084594", "#041f4a"],
    "postgresql": ["#fdae6b", "#f16913", "#a63603", "#5a1d02"],
}


def series_colour(database: str, index: int) -> str:
    colours = PALETTE.get(database, ["#999999", "#666666", "#333333"])
    return colours[min(index, len(colours) - 1)]


def chart_svg(results: list[dict]) -> str:
    """Horizontal bars: one group per page, one bar per database and size, the ratio to the ceiling (0–100 %,
    longer bars clipped with their value written), the issue's targets marked on the pages they are set for."""
    series = [(result, f"{result['title']} {result['size']}") for result in results]
    sizes_by_database: dict[str, list[int]] = {}
    for result in results:
        sizes_by_database.setdefault(result["database"], []).append(result["size"])
    pages: list[tuple[str, str]] = []
    for result in results:
        for page in result["pages"]:
            if page["key"] != "ceiling" and (page["key"], page["label"]) not in pages:
                pages.append((page["key"], page["label"]))
    bar, gap, left, width, top = 11, 12, 260, 520, 64
    group = max(1, len(series)) * bar + gap
    height = top + len(pages) * group + 40
    total = left + width + 80
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{height}" '
        f'viewBox="0 0 {total} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<rect width="{total}" height="{height}" fill="#ffffff"/>',
        '<text x="12" y="22" font-size="15" font-weight="bold">Requests per second as a share of the ceiling '
        "(a view returning “ok”)</text>",
    ]
    # Legend.
    x = 12
    for index, (result, name) in enumerate(series):
        colour = series_colour(result["database"], sizes_by_database[result["database"]].index(result["size"]))
        out.append(f'<rect x="{x}" y="34" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="44">{escape(name)} events</text>')
        x += 24 + 7 * len(name) + 48
        if index == len(series) - 1:
            out.append(f'<line x1="{x}" y1="40" x2="{x + 14}" y2="40" stroke="#d62728" stroke-width="2"/>')
            out.append(f'<text x="{x + 18}" y="44">target at 300 events</text>')
    # Grid.
    for tick in range(0, 101, 10):
        gx = left + width * tick / 100
        out.append(
            f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 34}" stroke="#e5e5e5" stroke-width="1"/>'
        )
        out.append(f'<text x="{gx:.1f}" y="{height - 18}" text-anchor="middle" fill="#555">{tick} %</text>')
    for row_index, (key, label) in enumerate(pages):
        y0 = top + row_index * group
        out.append(
            f'<text x="{left - 8}" y="{y0 + (group - gap) / 2 + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        # Under the bars and their values, which stay readable across it.
        if key in TARGETS:
            tx = left + width * TARGETS[key]
            out.append(
                f'<line x1="{tx:.1f}" y1="{y0 - 2}" x2="{tx:.1f}" y2="{y0 + group - gap + 1}" '
                'stroke="#d62728" stroke-width="2"/>'
            )
        for index, (result, _name) in enumerate(series):
            page = next((page for page in result["pages"] if page["key"] == key), None)
            ratio = page.get("ratio") if page else None
            y = y0 + index * bar
            colour = series_colour(result["database"], sizes_by_database[result["database"]].index(result["size"]))
            if ratio is None:
                out.append(f'<text x="{left + 4}" y="{y + bar - 2}" font-size="10" fill="#777">not measured</text>')
                continue
            length = width * min(ratio, 1.0)
            out.append(
                f'<rect x="{left}" y="{y}" width="{max(length, 1):.1f}" height="{bar - 1}" fill="{colour}">'
                f"<title>{escape(label)}, {escape(_name)}: {percent(ratio)}</title></rect>"
            )
            out.append(f'<text x="{left + length + 4:.1f}" y="{y + bar - 2}" font-size="10">{percent(ratio)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- --pool-compare: the same database served with persistent connections and with psycopg's pool ------------

POOL_COLUMNS = [
    ("page", "<"),
    ("persistent req/s", ">"),
    ("p50 ms", ">"),
    ("p99 ms", ">"),
    ("pool req/s", ">"),
    ("p50 ms ", ">"),
    ("p99 ms ", ">"),
    ("pool ÷ persistent", ">"),
]


def _wrk_cells(page: dict | None) -> list[str]:
    wrk = (page or {}).get("wrk") or {}
    errors = sum((wrk.get("errors") or {}).values())
    rate = number(wrk.get("requests_per_second")) + (f" ({errors} errors)" if errors else "")
    return [
        rate if wrk else "–",
        number(wrk["p50_us"] / 1000 if wrk else None),
        number(wrk["p99_us"] / 1000 if wrk else None),
    ]


def _share(pool: float | None, persistent: float | None) -> str:
    return f"{pool / persistent:.2f}" if pool and persistent else "–"


def _rush_rate(rush: dict | None) -> float | None:
    if not rush or rush.get("skipped"):
        return None
    return rush.get("confirmations_per_second")


def pool_rows(comparison: dict) -> list[list[str]]:
    """One row per page measured in both modes (in the persistent run's order), then the rush's."""
    persistent, pool = comparison["persistent"], comparison["pool"]
    pool_pages = {page["key"]: page for page in pool["pages"]}
    rows = []
    for page in persistent["pages"]:
        other = pool_pages.get(page["key"])
        mine, theirs = (page.get("wrk") or {}), ((other or {}).get("wrk") or {})
        share = _share(theirs.get("requests_per_second"), mine.get("requests_per_second"))
        rows.append([page["label"], *_wrk_cells(page), *_wrk_cells(other), share])
    rushes = comparison.get("rush") or {}
    if rushes:
        rates = [_rush_rate(rushes.get(mode)) for mode in ("persistent", "pool")]
        cells = []
        for mode, rate in zip(("persistent", "pool"), rates, strict=True):
            rush = rushes.get(mode) or {}
            verdict = "" if rate is None or rush.get("ok", True) else " WRONG"
            cells += [f"{number(rate)} conf/s{verdict}" if rate is not None else "–", number(rush.get("p50_ms")),
                      number(rush.get("p99_ms"))]  # fmt: skip
        rows.append(["registration rush", *cells, _share(rates[1], rates[0])])
    return rows


def pool_heading(comparison: dict) -> str:
    persistent, pool = comparison["persistent"], comparison["pool"]
    return (
        f"{persistent['title']} {persistent['name']}, {persistent['size']} events: persistent connections "
        f"({comparison['modes']['persistent']}) against psycopg's pool ({comparison['modes']['pool']}); "
        f"load {persistent['load_text']} and {pool['load_text']}"
    )


def pool_text_table(comparison: dict) -> str:
    rows = [[name.strip() for name, _align in POOL_COLUMNS], *pool_rows(comparison)]
    widths = [max(len(cells[index]) for cells in rows) for index in range(len(POOL_COLUMNS))]
    lines = [pool_heading(comparison)]
    for index, cells in enumerate(rows):
        lines.append(
            "  ".join(
                f"{cell:{align}{width}}"
                for cell, (_name, align), width in zip(cells, POOL_COLUMNS, widths, strict=True)
            ).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def pool_markdown(report: dict) -> str:
    """results.md of `--pool-compare`: the comparison per database, then each mode's own tables and rush."""
    meta = report["meta"]
    lines = [
        f"# Nanjing Week bench: connection pool compared, {meta['started']}",
        "",
        f"- commit {meta['commit']}, {meta['cpus']} CPUs, load average before {meta['load_before']}, "
        f"after {meta['load_after']}",
        f"- the same database served twice by gunicorn ({meta['workers']} sync workers for the pages, "
        f"{meta.get('rush_workers', '?')} for the rush), production settings; {meta['wrk']}: {meta['threads']} "
        f"threads, {meta['connections']} connections, {meta['seconds']:g} s per page",
        "- pool ÷ persistent: the pool's requests (or confirmations) per second divided by the persistent "
        "connections'; on a machine that is busy with something else, compare only figures of similar load",
        "",
    ]
    header = [name.strip() for name, _align in POOL_COLUMNS]
    for comparison in report["pool_compare"]:
        lines += [f"## {pool_heading(comparison)}", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "|".join("---:" if align == ">" else "---" for _name, align in POOL_COLUMNS) + "|")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |" for cells in
                  pool_rows(comparison)]  # fmt: skip
        lines.append("")
        for mode in ("persistent", "pool"):
            lines += [f"### {comparison['modes'][mode]}", "", markdown_table(comparison[mode]), ""]
            if comparison.get("rush"):
                lines += [rush_line(comparison["rush"].get(mode)), ""]
    lines += [f"- {note}" for note in meta.get("notes", [])]
    return "\n".join(lines).rstrip() + "\n"
