"""A server-rendered bar chart (inline SVG, no chart library) of cooperation by sector."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 190
BAR_AREA = 300
VALUE_WIDTH = 50


@dataclass(frozen=True)
class Bar:
    label: str
    projects: int
    agreements: int
    y: int
    project_width: int
    agreement_width: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def sector_bar_chart(sectors) -> BarChart | None:
    """One row per sector with two bars (projects, agreements), scaled to the largest count."""
    rows = [sector for sector in sectors if sector.project_count or sector.agreement_count]
    if not rows:
        return None
    rows.sort(key=lambda sector: (-(sector.project_count + sector.agreement_count), sector.slug))
    largest = max(max(sector.project_count, sector.agreement_count) for sector in rows)
    row_height = 2 * BAR_HEIGHT + GAP

    def scaled(count: int) -> int:
        return round(BAR_AREA * count / largest) if count else 0

    bars = [
        Bar(
            label=sector.name,
            projects=sector.project_count,
            agreements=sector.agreement_count,
            y=index * row_height,
            project_width=scaled(sector.project_count),
            agreement_width=scaled(sector.agreement_count),
        )
        for index, sector in enumerate(rows)
    ]
    return BarChart(bars=bars, width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height=len(rows) * row_height)
