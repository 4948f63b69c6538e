from odoo import api, fields, models


class SchoolPenaltyPaymentWizard(models.TransientModel):
    _name = "school.penalty.payment.wizard"
    _description = "Register Penalty Notice Payment"

    notice_id = fields.Many2one("school.penalty.notice", string="Notice", required=True)
    currency_id = fields.Many2one(related="notice_id.currency_id", readonly=True)
    payment_date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True)
    amount_outstanding = fields.Monetary(
        string="Due On That Date",
        compute="_compute_amount_outstanding",
        help="What is left to pay on the payment date (80 or 160 less what is paid).",
    )

    @api.depends("notice_id", "payment_date")
    def _compute_amount_outstanding(self):
        for wizard in self:
            if wizard.notice_id.state == "issued" and wizard.payment_date:
                if wizard.payment_date >= wizard.notice_id.date_received:
                    wizard.amount_outstanding = wizard.notice_id.amount_outstanding_on(
                        wizard.payment_date
                    )

    @api.onchange("notice_id", "payment_date")
    def _onchange_amount(self):
        self.amount = self.amount_outstanding

    def action_register(self):
        self.ensure_one()
        self.notice_id.register_payment(self.amount, self.payment_date)
        return {"type": "ir.actions.act_window_close"}
