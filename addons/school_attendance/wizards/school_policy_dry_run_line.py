from odoo import fields, models

from ..rules import escalation


class SchoolPolicyDryRunLine(models.TransientModel):
    """One step a policy would have taken in a dry run."""

    _name = "school.policy.dry.run.line"
    _description = "Dry Run Step"
    _order = "date, id"

    dry_run_id = fields.Many2one("school.policy.dry.run", required=True, ondelete="cascade")
    date = fields.Date(readonly=True, help="Day the step would have fired.")
    pupil_id = fields.Many2one("school.pupil", string="Pupil", readonly=True)
    concern = fields.Selection(escalation.CONCERNS, readonly=True)
    step_name = fields.Char(string="Step", readonly=True)
    explanation = fields.Text(
        readonly=True, help="Why it fires and what it does, as the case says."
    )
