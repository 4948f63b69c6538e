from odoo import _, fields, models

from ..rules import patterns


class SchoolAttendanceRiskWizard(models.TransientModel):
    """Pupils at risk of persistent absence: above 90% now, below it by the end of the
    term at this term's rate — each with the figures behind the name."""

    _name = "school.attendance.risk.wizard"
    _description = "Pupils at Risk of Persistent Absence"
    _inherit = ["school.pupil.screen.mixin"]

    line_ids = fields.One2many(
        "school.attendance.risk.wizard.line", "wizard_id", string="Pupils", readonly=True
    )

    def action_compute(self):
        """List the pupils on roll whose projection crosses the 90% line this term."""
        self.ensure_one()
        kind_labels = dict(patterns.KINDS)
        lines = [(5, 0, 0)]
        for row in self._pupils_on_roll().get_persistent_absence_risk(self.date):
            if not row["at_risk"]:
                continue
            lines.append(
                (
                    0,
                    0,
                    {
                        "pupil_id": row["pupil_id"],
                        "attendance_pct": row["attendance_pct"],
                        "term_pct": 100.0 * row["term_present"] / row["term_possible"]
                        if row["term_possible"]
                        else 0.0,
                        "projected_pct": row["projected_pct"],
                        "remaining": row["remaining"],
                        "patterns": ", ".join(_(kind_labels[k]) for k in row["patterns"]),
                        "explanation": row["explanation"],
                    },
                )
            )
        self.write({"line_ids": lines})
        return self._reopen(_("Pupils at Risk of Persistent Absence"))
