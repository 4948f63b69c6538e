from odoo import fields, models


class SchoolPolicyDryRunWorkload(models.TransientModel):
    """The activities a dry run would have given one member of staff."""

    _name = "school.policy.dry.run.workload"
    _description = "Dry Run Workload"
    _order = "activity_count desc, id"

    dry_run_id = fields.Many2one("school.policy.dry.run", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Who", readonly=True)
    activity_count = fields.Integer(string="Activities", readonly=True)
    kinds = fields.Char(string="Kinds of Activity", readonly=True)
