"""Bank holidays in England and Wales, and working days that skip them.

Pure helpers with no Odoo import. The bank holidays come from the maintained ``holidays``
package (PyPI), subdivision England: England and Wales share the same bank holidays, and
substitute days (e.g. Boxing Day on a Saturday moved to Monday) and one-off holidays (a
coronation, a jubilee) are the package's to keep up to date, not ours.
"""

import datetime

import holidays

from . import calendar

__all__ = ["bank_holidays", "working_days_after"]


def bank_holidays(date_from, date_to):
    """Sorted England and Wales bank holidays from ``date_from`` to ``date_to`` inclusive."""
    years = range(date_from.year, date_to.year + 1)
    table = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return sorted(day for day in table if date_from <= day <= date_to)


def working_days_after(d, n, closed=()):
    """The date ``n`` working days after ``d``: Monday to Friday, bank holidays skipped.

    ``d`` itself is never counted (``n == 0`` returns ``d``). ``closed``: further dates
    that are not working days. A notice posted on Tuesday 23 December 2025 with 2 working
    days is received on Monday 29 December (25 and 26 December are bank holidays).
    """
    # n working days never span more than n weeks plus a fortnight of holidays.
    horizon = d + datetime.timedelta(weeks=n + 2)
    return calendar.working_days_after(d, n, [*bank_holidays(d, horizon), *closed])
