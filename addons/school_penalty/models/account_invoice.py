from odoo import fields, models


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    penalty_notice_id = fields.Many2one(
        "school.penalty.notice",
        string="Penalty Notice",
        readonly=True,
        index=True,
        ondelete="restrict",
        copy=False,
        help="Penalty notice this invoice charges.",
    )

    def action_invoice_paid(self):
        res = super(AccountInvoice, self).action_invoice_paid()
        self.mapped("penalty_notice_id").update_payment_state()
        return res
