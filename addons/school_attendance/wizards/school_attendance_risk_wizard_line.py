from odoo import fields, models


class SchoolAttendanceRiskWizardLine(models.TransientModel):
    """One pupil at risk of persistent absence, with the figures of the projection."""

    _name = "school.attendance.risk.wizard.line"
    _description = "Pupil at Risk of Persistent Absence"
    _order = "projected_pct, id"

    wizard_id = fields.Many2one("school.attendance.risk.wizard", required=True, ondelete="cascade")
    pupil_id = fields.Many2one("school.pupil", string="Pupil", required=True, readonly=True)
    group_id = fields.Many2one(related="pupil_id.group_id", string="Group", readonly=True)
    attendance_pct = fields.Float(
        string="Now (%)", digits=(5, 1), readonly=True, help="Attendance this school year to date."
    )
    term_pct = fields.Float(
        string="This Half Term (%)",
        digits=(5, 1),
        readonly=True,
        help="Attendance this half term (since the first school day after the last holiday "
        "in the term): the rate of the projection.",
    )
    projected_pct = fields.Float(
        string="End of Term (%)",
        digits=(5, 1),
        readonly=True,
        help="This year's attendance at the end of the term if the pupil goes on at this "
        "term's rate.",
    )
    remaining = fields.Integer(
        string="Sessions Left", readonly=True, help="Sessions left until the term ends."
    )
    patterns = fields.Char(
        string="Patterns", readonly=True, help="The pupil's patterns of absence this year."
    )
    explanation = fields.Text(readonly=True, help="The figures in a sentence.")
