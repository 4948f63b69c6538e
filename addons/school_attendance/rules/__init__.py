"""Pure attendance rules (standard library only, no Odoo import).

Submodules: ``calendar`` (school weeks, rolling windows, due dates), ``statistics`` (code
flags, summaries, bands, escalation thresholds), ``lateness`` (register arrival codes) and
``escalation`` (runs of unexplained absence, school weeks since a step, wording) and
``report`` (printed dates, percentages and the day-by-day register grid).
The Odoo models call these; they are tested without a database in ``tests/rules``.
"""

from . import calendar, escalation, lateness, report, statistics

__all__ = ["calendar", "escalation", "lateness", "report", "statistics"]
