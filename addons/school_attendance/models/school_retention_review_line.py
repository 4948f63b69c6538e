import datetime

from dateutil.relativedelta import relativedelta
from odoo import fields, models

from ..dates import to_date, to_string


class SchoolRetentionReviewLine(models.Model):
    _name = "school.retention.review.line"
    _description = "Record Past Its Retention Period"
    _order = "kind, date_reference, id"

    review_id = fields.Many2one(
        "school.retention.review", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, readonly=True)
    kind = fields.Selection(
        lambda self: self.env["school.retention.rule"]._fields["kind"].selection,
        required=True,
        readonly=True,
    )
    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    record_name = fields.Char(string="Record", readonly=True)
    date_reference = fields.Date(
        string="Since", readonly=True, help="The day the period runs from (closed, sent, left)."
    )
    date_expired = fields.Date(
        string="Period Ended", compute="_compute_date_expired", help="When the period ended."
    )

    def _compute_date_expired(self):
        for line in self:
            months = self.env["school.retention.rule"]._get_months(line.company_id, line.kind)
            reference = to_date(line.date_reference) or datetime.date.today()
            line.date_expired = to_string(reference + relativedelta(months=months))
