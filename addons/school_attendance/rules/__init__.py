"""Pure attendance rules (standard library only, no Odoo import).

Submodules: ``calendar`` (school weeks, rolling windows, due dates), ``statistics`` (code
flags, summaries, bands, escalation thresholds), ``lateness`` (register arrival codes),
``escalation`` (runs of unexplained absence, school weeks since a step, wording),
``report`` (printed dates, percentages and the day-by-day register grid),
``census`` (census attendance export counts), ``trend`` (weekly attendance and its chart),
``school_age`` (compulsory school age), ``bank_holidays`` (England and Wales bank
holidays, working days; uses the ``holidays`` package) and ``registration`` (leaving
grounds, returns to the local authority), ``foresight`` (absences to each attendance line
and sessions to get back above it), ``patterns`` (patterns of absence: a weekday, long
weekends, term-time holidays every year, repeated illness), ``effect`` (attendance
before and after each step of the work: does the work help?).
The Odoo models call these; they are tested without a database in ``tests/rules``.
"""

from . import (
    bank_holidays,
    calendar,
    census,
    effect,
    escalation,
    foresight,
    lateness,
    patterns,
    registration,
    report,
    school_age,
    statistics,
    trend,
)

__all__ = [
    "bank_holidays",
    "calendar",
    "census",
    "effect",
    "escalation",
    "foresight",
    "lateness",
    "patterns",
    "registration",
    "report",
    "school_age",
    "statistics",
    "trend",
]
