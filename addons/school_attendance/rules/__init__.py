"""Pure attendance rules (standard library only, no Odoo import).

Submodules: ``calendar`` (school weeks, rolling windows, due dates), ``statistics`` (code
flags, summaries, bands, escalation thresholds) and ``lateness`` (register arrival codes).
The Odoo models call these; they are tested without a database in ``tests/rules``.
"""

from . import calendar, lateness, statistics

__all__ = ["calendar", "lateness", "statistics"]
