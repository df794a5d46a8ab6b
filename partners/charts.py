"""A server-rendered bar chart of cooperation by sector (no chart library, no JavaScript).

Each sector is a row: its name as HTML text, then an SVG of two bars (projects, agreements) whose lengths are
percentages of the row's width. The SVG has no viewBox, so nothing in it is scaled: its numbers keep their CSS
size on a phone, and the names above the bars on a narrow screen beside them on a wide one (static/css/site.css,
"Maps and charts").
"""

from dataclasses import dataclass

# The longest bar's share of the row, in per cent: the rest keeps room for the number after it.
LONGEST_BAR = 80


@dataclass(frozen=True)
class Bar:
    label: str
    projects: int
    agreements: int
    project_extent: str  # an SVG length, e.g. "53.3%"
    agreement_extent: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]


def extent(count: int, largest: int) -> str:
    """The length of a bar of `count` as a percentage of the row; a bar of nothing has none."""
    return f"{LONGEST_BAR * count / largest:.1f}%" if count else "0%"


def sector_bar_chart(sectors) -> BarChart | None:
    """One row per sector with two bars (projects, agreements), scaled to the largest count; the sectors with the
    most first."""
    rows = [sector for sector in sectors if sector.project_count or sector.agreement_count]
    if not rows:
        return None
    rows.sort(key=lambda sector: (-(sector.project_count + sector.agreement_count), sector.slug))
    largest = max(max(sector.project_count, sector.agreement_count) for sector in rows)
    bars = [
        Bar(
            label=sector.name,
            projects=sector.project_count,
            agreements=sector.agreement_count,
            project_extent=extent(sector.project_count, largest),
            agreement_extent=extent(sector.agreement_count, largest),
        )
        for sector in rows
    ]
    return BarChart(bars=bars)
