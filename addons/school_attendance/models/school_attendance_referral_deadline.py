from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import escalation


class SchoolAttendanceReferralDeadline(models.Model):
    """How many working days a service has to answer a referral of one kind.

    A row without a school is shared by every school that has no row of its own
    for the kind; without any row the answer is due ``REFERRAL_RESPONSE_DAYS``
    working days after sending (seed 004: 10).
    """

    _name = "school.attendance.referral.deadline"
    _description = "Referral Response Deadline"
    _order = "kind, company_id"
    _rec_name = "kind"

    kind = fields.Selection(
        escalation.REFERRAL_KINDS,
        required=True,
        help="Service the referral goes to.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="School the deadline applies to. Empty: every school without its own.",
    )
    response_days = fields.Integer(
        string="Answer Within (working days)",
        required=True,
        default=escalation.REFERRAL_RESPONSE_DAYS,
        help="Working days (Monday to Friday, bank holidays in England skipped; school "
        "holidays count) the service has to answer after the referral is sent.",
    )

    _sql_constraints = [
        (
            "kind_company_unique",
            "unique(kind, company_id)",
            "A school has one response deadline per kind of referral.",
        )
    ]

    @api.constrains("response_days")
    def _check_response_days(self):
        for deadline in self:
            if deadline.response_days < 1:
                raise ValidationError(
                    _("A service has at least one working day to answer a referral.")
                )

    @api.model
    def _response_days(self, kind, company):
        """Working days to answer a referral of ``kind`` sent by ``company``."""
        rows = self.search([("kind", "=", kind), ("company_id", "in", [company.id, False])])
        own = rows.filtered(lambda row: row.company_id == company) or rows
        return own[:1].response_days or escalation.REFERRAL_RESPONSE_DAYS
