"""The cooperation chart (partners/charts.py): rows by sector, bar lengths as shares of the row."""

from types import SimpleNamespace

from partners.charts import LONGEST_BAR, Bar, extent, sector_bar_chart


def sector(slug, projects, agreements):
    return SimpleNamespace(slug=slug, name=slug.title(), project_count=projects, agreement_count=agreements)


def test_bars_are_scaled_to_the_largest_count_with_room_left_for_its_number():
    chart = sector_bar_chart([sector("trade", 8, 0), sector("art", 0, 3), sector("digital", 4, 6)])
    assert chart.bars == [
        Bar(label="Digital", projects=4, agreements=6, project_extent="40.0%", agreement_extent="60.0%"),
        Bar(label="Trade", projects=8, agreements=0, project_extent="80.0%", agreement_extent="0%"),
        Bar(label="Art", projects=0, agreements=3, project_extent="0%", agreement_extent="30.0%"),
    ]
    assert extent(8, 8) == f"{LONGEST_BAR:.1f}%"


def test_no_chart_without_a_sector_that_has_something():
    assert sector_bar_chart([]) is None
    assert sector_bar_chart([sector("trade", 0, 0)]) is None
