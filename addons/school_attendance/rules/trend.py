"""Attendance over time: weekly attendance percentages and the geometry of their chart.

Pure standard-library helpers (no Odoo import). A week runs Monday to Sunday and is named by
its Monday (:func:`.calendar.week_start`). A week's attendance is the sessions attended over
the possible sessions of its marks, counted with a *flags* mapping as in :mod:`.statistics`;
weeks with no possible session (holidays, or only X/Y/Z/# marks) have no figure.

The chart puts weeks on the x axis by date, so a half-term week leaves a gap, and attendance
from ``y_min`` to 100% on the y axis, with a horizontal line at the lower bound of each
attendance band (the school's configured bands, e.g. 98, 95, 92 and 90%).
"""

import math

from .calendar import week_start
from .statistics import CODE_FLAGS, check_flags, percentage

__all__ = [
    "CHART_HEIGHT",
    "CHART_MARGINS",
    "CHART_WIDTH",
    "band_thresholds",
    "chart_geometry",
    "weekly_figures",
    "y_axis_min",
]

CHART_WIDTH = 640
CHART_HEIGHT = 240
#: Space around the plot: left (y labels), right (band labels), top, bottom (x labels).
CHART_MARGINS = {"left": 44, "right": 120, "top": 12, "bottom": 28}


def weekly_figures(rows, flags=None):
    """Weekly attendance from grouped mark counts.

    ``rows`` is an iterable of ``(day, code, count)``: ``day`` is any ``datetime.date`` of
    the week (its Monday as a rule), ``count`` the number of marks with ``code`` that week.
    Returns one dict per week with a possible session, oldest first: ``week_start`` (the
    Monday), ``possible``, ``present`` and ``attendance_pct`` (rounded half-up to 1 dp).
    Unknown codes raise ValueError.
    """
    flags = check_flags(CODE_FLAGS if flags is None else flags)
    weeks = {}
    for day, code, count in rows:
        entry = flags.get(code)
        if entry is None:
            raise ValueError(f"unknown attendance code {code!r}")
        totals = weeks.setdefault(week_start(day), [0, 0])
        if entry["possible"]:
            totals[0] += count
        if entry["present"]:
            totals[1] += count
    return [
        {
            "week_start": monday,
            "possible": possible,
            "present": present,
            "attendance_pct": percentage(present, possible),
        }
        for monday, (possible, present) in sorted(weeks.items())
        if possible
    ]


def band_thresholds(bands):
    """Sorted (highest first) ``(min_pct, label)`` of the bands with a lower bound above 0.

    ``bands`` are dicts with ``min_pct`` and ``label`` (as ``get_bands_by_company`` gives
    them); the lowest band starts at 0% and needs no line.
    """
    lines = {}
    for band in bands:
        if band["min_pct"] > 0:
            lines.setdefault(float(band["min_pct"]), band.get("label") or "")
    return sorted(lines.items(), reverse=True)


def y_axis_min(percentages, thresholds=(), step=5):
    """Lowest value of the y axis: a multiple of ``step`` at least 2 points below every
    weekly percentage and band line, and not below 0."""
    values = [*percentages, *thresholds]
    if not values:
        return 0
    lowest = min(values) - 2
    return max(0, int(math.floor(lowest / step)) * step)


def chart_geometry(figures, thresholds=(), width=CHART_WIDTH, height=CHART_HEIGHT, margins=None):
    """Coordinates of a weekly attendance chart (SVG user units, y growing downwards).

    ``figures`` as :func:`weekly_figures` returns them, ``thresholds`` as
    :func:`band_thresholds`. Returns a dict with ``y_min``/``y_max`` (percent), the plot
    box ``left``, ``right``, ``top``, ``bottom``, ``points`` (one ``(x, y)`` per week,
    rounded to 0.1), ``band_lines`` (``(y, min_pct, label)``) and ``y_ticks``
    (``(y, percent)`` at the multiples of 5, or of 10 on a tall axis). Weeks sit at their
    date: x grows by one slot per calendar week from the first to the last week with a
    figure.
    """
    margins = dict(CHART_MARGINS, **(margins or {}))
    left, top = margins["left"], margins["top"]
    right, bottom = width - margins["right"], height - margins["bottom"]
    pcts = [row["attendance_pct"] for row in figures]
    y_min, y_max = y_axis_min(pcts, [pct for pct, _label in thresholds]), 100

    def y_of(pct):
        return round(top + (y_max - pct) * (bottom - top) / (y_max - y_min), 1)

    points = []
    if figures:
        first = figures[0]["week_start"]
        slots = (figures[-1]["week_start"] - first).days // 7
        for row in figures:
            slot = (row["week_start"] - first).days // 7
            x = (left + right) / 2 if slots == 0 else left + slot * (right - left) / slots
            points.append((round(x, 1), y_of(row["attendance_pct"])))
    tick_step = 5 if y_max - y_min <= 30 else 10
    first_tick = -(-y_min // tick_step) * tick_step  # the first multiple of the step
    ticks = [(y_of(pct), pct) for pct in range(first_tick, y_max + 1, tick_step)]
    return {
        "y_min": y_min,
        "y_max": y_max,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "points": points,
        "band_lines": [(y_of(pct), pct, label) for pct, label in thresholds if pct >= y_min],
        "y_ticks": ticks,
    }
