"""Printed attendance: dates, percentages and the day-by-day register grid.

Pure standard-library helpers (no Odoo import), shared by the pupil attendance
report of ``school_attendance`` and the letters and certificates of
``school_letters``. Dates are ``datetime.date`` or 'YYYY-MM-DD' strings (Odoo 11
Date fields); month and day names are English whatever the server's locale.
"""

import datetime

__all__ = ["format_date", "format_day", "format_numeric_date", "format_pct", "session_days"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value[:10])


def format_date(value):
    """'4 March 2025' for a date or 'YYYY-MM-DD' string; '' for nothing."""
    if not value:
        return ""
    day = _as_date(value)
    return "%d %s %d" % (day.day, _MONTHS[day.month - 1], day.year)


def format_numeric_date(value):
    """'30/12/2026' (DD/MM/YYYY, as English (UK) writes it) for a date or string; '' for nothing."""
    if not value:
        return ""
    day = _as_date(value)
    return "%02d/%02d/%d" % (day.day, day.month, day.year)


def format_day(value):
    """'Tue 03/09/2024': a register day as printed in session grids; '' for nothing."""
    if not value:
        return ""
    day = _as_date(value)
    return "%s %02d/%02d/%d" % (_WEEKDAYS[day.weekday()], day.day, day.month, day.year)


def format_pct(value):
    """'87.5' for 87.5, '100' for 100.0: one decimal, none when whole."""
    value = round(float(value or 0.0), 1)
    return ("%d" % value) if value == int(value) else ("%.1f" % value)


def session_days(entries, empty="-"):
    """One row per day from session entries, in date order.

    ``entries`` are ``(date, period, code)`` or ``(date, period, code,
    minutes_late)`` with period 'am'/'pm' (any case). Returns dicts with
    ``date`` ('YYYY-MM-DD'), ``day`` ('Tue 03/09/2024'), ``am`` and ``pm``
    (the code, ``empty`` for a session without a code or without an entry)
    and ``minutes_late`` (the day's total, 0 when on time).
    """
    days = {}
    for entry in entries:
        date, period, code = entry[0], entry[1], entry[2]
        minutes = entry[3] if len(entry) > 3 else 0
        key = _as_date(date).isoformat()
        row = days.setdefault(key, {"am": empty, "pm": empty, "minutes_late": 0})
        row["am" if (period or "").lower() == "am" else "pm"] = code or empty
        row["minutes_late"] += int(minutes or 0)
    return [dict(row, date=date, day=format_day(date)) for date, row in sorted(days.items())]
