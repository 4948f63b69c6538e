"""Tests for school_attendance rules/trend.py (weekly attendance and chart geometry)."""

import datetime

import pytest
from school_attendance_rules import statistics as stats
from school_attendance_rules import trend

D = datetime.date


def test_weekly_figures_by_hand():
    rows = [
        # Week of Mon 2 Sep: 8 present, 1 L, 1 I -> 9/10 = 90.0%
        (D(2024, 9, 2), "/", 4),
        (D(2024, 9, 2), "\\", 4),
        (D(2024, 9, 4), "L", 1),
        (D(2024, 9, 2), "I", 1),
        # Week of 9 Sep: B counts present, X and # not possible -> 5/6 = 83.3%
        (D(2024, 9, 9), "/", 3),
        (D(2024, 9, 9), "B", 2),
        (D(2024, 9, 9), "U", 1),
        (D(2024, 9, 9), "X", 2),
        (D(2024, 9, 9), "#", 2),
        # Week of 16 Sep: only Z -> no figure
        (D(2024, 9, 16), "Z", 10),
    ]
    assert trend.weekly_figures(rows) == [
        {"week_start": D(2024, 9, 2), "possible": 10, "present": 9, "attendance_pct": 90.0},
        {"week_start": D(2024, 9, 9), "possible": 6, "present": 5, "attendance_pct": 83.3},
    ]
    with pytest.raises(ValueError):
        trend.weekly_figures([(D(2024, 9, 2), "H", 1)])


def test_band_thresholds_from_default_bands():
    assert trend.band_thresholds(stats.DEFAULT_BANDS) == [
        (98.0, "98% - 100%"),
        (95.0, "95% - 97.9%"),
        (92.0, "92% - 94.9%"),
        (90.0, "90% - 91.9%"),
    ]


def test_y_axis_min():
    assert trend.y_axis_min([96.0, 99.0], [90.0]) == 85
    assert trend.y_axis_min([72.2], [90.0]) == 70
    assert trend.y_axis_min([1.0]) == 0
    assert trend.y_axis_min([]) == 0


def test_chart_geometry_by_hand():
    figures = [
        {"week_start": D(2024, 9, 2), "attendance_pct": 90.0},
        {"week_start": D(2024, 9, 9), "attendance_pct": 100.0},
        # half term: 2 weeks later
        {"week_start": D(2024, 9, 30), "attendance_pct": 85.0},
    ]
    geo = trend.chart_geometry(figures, [(95.0, "95%"), (90.0, "90%")])
    # y from 80 to 100 over the plot 12..212 (200 units): 10 units per point.
    assert (geo["y_min"], geo["y_max"]) == (80, 100)
    assert (geo["left"], geo["right"], geo["top"], geo["bottom"]) == (44, 520, 12, 212)
    # 4 week slots between the first and last week: (520 - 44) / 4 = 119 per week.
    assert geo["points"] == [(44.0, 112.0), (163.0, 12.0), (520.0, 162.0)]
    assert geo["band_lines"] == [(62.0, 95.0, "95%"), (112.0, 90.0, "90%")]
    assert geo["y_ticks"][0] == (212.0, 80) and geo["y_ticks"][-1] == (12.0, 100)


def test_chart_geometry_single_week_is_centred():
    geo = trend.chart_geometry([{"week_start": D(2024, 9, 2), "attendance_pct": 60.0}])
    # 58 rounds down to 55; a 45-point axis has ticks every 10 points, at multiples of 10.
    assert geo["y_min"] == 55
    assert [pct for _y, pct in geo["y_ticks"]] == [60, 70, 80, 90, 100]
    # Centred: (44 + 520) / 2; 60% is 40 of 45 points down 200 units: 12 + 177.8.
    assert geo["points"] == [(282.0, 189.8)]
    assert trend.chart_geometry([])["points"] == []
