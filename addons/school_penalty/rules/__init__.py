"""Pure penalty notice rules (standard library only, no Odoo import).

Submodule ``penalty``: unauthorised-absence threshold, notice ordinals, amounts and
deadlines. It reuses ``school_attendance.rules.calendar`` for rolling school weeks.
"""

from . import penalty

__all__ = ["penalty"]
