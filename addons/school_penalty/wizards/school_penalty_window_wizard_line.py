from odoo import fields, models


class SchoolPenaltyWindowWizardLine(models.TransientModel):
    """One pupil near the penalty threshold: the count today and when it falls."""

    _name = "school.penalty.window.wizard.line"
    _description = "Pupil Near the Penalty Threshold"
    _order = "to_threshold, next_drop_date desc, id"

    wizard_id = fields.Many2one("school.penalty.window.wizard", required=True, ondelete="cascade")
    pupil_id = fields.Many2one("school.pupil", string="Pupil", required=True, readonly=True)
    group_id = fields.Many2one(related="pupil_id.group_id", string="Group", readonly=True)
    sessions = fields.Integer(
        string="Unauthorised Sessions",
        readonly=True,
        help="G, N, O and U sessions in the last 10 school weeks.",
    )
    to_threshold = fields.Integer(
        string="More to Meet the Threshold",
        readonly=True,
        help="Further unauthorised sessions that would meet the threshold of 10.",
    )
    next_drop_date = fields.Date(
        string="Count Falls On",
        readonly=True,
        help="First day on which some of the sessions leave the window, if the pupil has no "
        "further unauthorised absence.",
    )
    next_drop_sessions = fields.Integer(
        string="Count From Then", readonly=True, help="Unauthorised sessions counted from that day."
    )
    explanation = fields.Text(readonly=True, help="The figures in a sentence.")
