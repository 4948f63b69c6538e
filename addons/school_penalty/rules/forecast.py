"""Penalty window forecast: when a pupil's unauthorised sessions leave the rolling window.

Pure standard-library helpers (no Odoo import). The threshold to consider a penalty
notice counts unauthorised sessions in the last 10 school weeks
(:func:`penalty.threshold_status`); as school weeks pass, the oldest weeks leave that
window and their sessions stop counting. :func:`window_forecast` tells an officer, for a
pupil who attends every session from now on, the count today and each date on which it
falls, so that they see who is one absence from the threshold and whose count clears by
itself.
"""

try:  # plain-Python use (tests): tests/rules/conftest.py registers this package name
    from school_attendance_rules import calendar as school_calendar
except ImportError:  # inside the Odoo server (school_penalty depends on school_attendance)
    from odoo.addons.school_attendance.rules import calendar as school_calendar

from . import penalty

__all__ = ["window_forecast"]


def window_forecast(
    marks,
    on_date,
    session_dates,
    weeks=penalty.THRESHOLD_WEEKS,
    threshold=penalty.THRESHOLD_SESSIONS,
):
    """The threshold status on ``on_date`` and the dates on which its count falls.

    ``marks`` and ``session_dates`` are as for :func:`penalty.threshold_status`;
    ``session_dates`` should include the school's sessions still to come (the forecast
    walks through them). Marks after ``on_date`` are ignored: the forecast assumes the
    pupil attends every session from now on.

    Returns a dict: ``sessions`` (counted today), ``threshold``, ``met``, ``to_threshold``
    (further unauthorised sessions that would meet the threshold today; 0 when met),
    ``window_start``/``window_end`` (today's window) and ``drops``: one dict per date on
    which the count falls, in order, with ``date`` (the first session of the school week
    from which they no longer count), ``sessions`` (the count from that date) and
    ``marks`` (the ``(date, period, code)`` triples that leave the window that day).
    The walk stops when the count reaches 0 or the known sessions run out.
    """
    marks = [mark for mark in marks if mark[0] <= on_date]
    session_dates = sorted(set(session_dates))
    now = penalty.threshold_status(marks, on_date, session_dates, weeks, threshold)
    first_day_by_week = {}
    for day in session_dates:
        if day > on_date:
            first_day_by_week.setdefault(school_calendar.week_start(day), day)
    drops = []
    counted = now["marks"]
    for monday in sorted(first_day_by_week):
        if not counted:
            break
        day = first_day_by_week[monday]
        status = penalty.threshold_status(marks, day, session_dates, weeks, threshold)
        if status["sessions"] < len(counted):
            still = set(status["marks"])
            drops.append(
                {
                    "date": day,
                    "sessions": status["sessions"],
                    "marks": [mark for mark in counted if mark not in still],
                }
            )
            counted = status["marks"]
    return {
        "sessions": now["sessions"],
        "threshold": threshold,
        "met": now["met"],
        "to_threshold": max(0, threshold - now["sessions"]),
        "window_start": now["window_start"],
        "window_end": now["window_end"],
        "drops": drops,
    }
