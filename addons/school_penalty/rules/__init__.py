"""Pure penalty notice rules (standard library only, no Odoo import).

Submodule ``penalty``: unauthorised-absence threshold, notice ordinals, amounts and
deadlines; ``forecast``: the dates on which a pupil's unauthorised sessions leave the
rolling window. They reuse ``school_attendance.rules.calendar`` for rolling school weeks.
"""

from . import forecast, penalty

__all__ = ["forecast", "penalty"]
