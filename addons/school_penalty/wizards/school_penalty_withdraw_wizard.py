from odoo import fields, models

from ..models.school_penalty_notice import WITHDRAWAL_GROUNDS


class SchoolPenaltyWithdrawWizard(models.TransientModel):
    _name = "school.penalty.withdraw.wizard"
    _description = "Withdraw Penalty Notice"

    notice_ids = fields.Many2many("school.penalty.notice", string="Notices", required=True)
    reason = fields.Text(required=True, help="Why the notice is withdrawn (kept on the notice).")
    ground = fields.Selection(
        WITHDRAWAL_GROUNDS,
        required=True,
        default="ought_not_issued",
        help="The ground of the withdrawal (kept on the notice under regulation 20).",
    )

    def action_withdraw(self):
        self.ensure_one()
        self.notice_ids.action_withdraw(self.reason, self.ground)
        return {"type": "ir.actions.act_window_close"}
