from odoo import fields, models


class SchoolPenaltyWithdrawWizard(models.TransientModel):
    _name = "school.penalty.withdraw.wizard"
    _description = "Withdraw Penalty Notice"

    notice_ids = fields.Many2many("school.penalty.notice", string="Notices", required=True)
    reason = fields.Text(required=True, help="Why the notice is withdrawn (kept on the notice).")

    def action_withdraw(self):
        self.ensure_one()
        self.notice_ids.action_withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}
