from odoo import fields, models, tools

from .school_penalty_notice import NOTICE_STATES


class SchoolTrustPenalty(models.Model):
    """Penalty notices and their money per school and state, for the trust dashboard.

    Amounts come from the notices' posted invoices (open or paid): invoiced,
    paid (invoiced less what is left) and outstanding; payments are the posted
    payments reconciled with them. Figures only: no parent or pupil is named.
    """

    _name = "school.trust.penalty"
    _description = "Trust Dashboard: Notices and Payments by School"
    _auto = False
    _order = "company_id, state"
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    state = fields.Selection(NOTICE_STATES, string="Status", readonly=True)
    notice_count = fields.Integer(string="Notices", readonly=True)
    amount_invoiced = fields.Monetary(
        string="Invoiced", readonly=True, help="Total of the notices' posted invoices."
    )
    amount_paid = fields.Monetary(string="Paid", readonly=True, help="Paid on those invoices.")
    amount_outstanding = fields.Monetary(
        string="Outstanding", readonly=True, help="Still to pay on those invoices."
    )
    payment_count = fields.Integer(
        string="Payments", readonly=True, help="Posted payments of the notices."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_trust_penalty AS (
                WITH invoiced AS (
                    SELECT
                        i.penalty_notice_id AS notice_id,
                        sum(i.amount_total) AS amount_total,
                        sum(i.residual) AS residual
                    FROM account_invoice i
                    WHERE i.penalty_notice_id IS NOT NULL AND i.state IN ('open', 'paid')
                    GROUP BY i.penalty_notice_id
                ), paid AS (
                    SELECT i.penalty_notice_id AS notice_id, count(DISTINCT p.id) AS payments
                    FROM account_invoice i
                    JOIN account_invoice_payment_rel r ON r.invoice_id = i.id
                    JOIN account_payment p ON p.id = r.payment_id
                    WHERE i.penalty_notice_id IS NOT NULL
                      AND p.state IN ('posted', 'sent', 'reconciled')
                    GROUP BY i.penalty_notice_id
                )
                SELECT
                    row_number() OVER (ORDER BY n.company_id, n.state) AS id,
                    n.company_id,
                    min(co.currency_id) AS currency_id,
                    n.state,
                    count(*) AS notice_count,
                    coalesce(sum(v.amount_total), 0) AS amount_invoiced,
                    coalesce(sum(v.amount_total - v.residual), 0) AS amount_paid,
                    coalesce(sum(v.residual), 0) AS amount_outstanding,
                    coalesce(sum(pd.payments), 0) AS payment_count
                FROM school_penalty_notice n
                JOIN res_company co ON co.id = n.company_id
                LEFT JOIN invoiced v ON v.notice_id = n.id
                LEFT JOIN paid pd ON pd.notice_id = n.id
                GROUP BY n.company_id, n.state
            )
            """
        )
