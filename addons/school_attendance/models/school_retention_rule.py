"""How long each school keeps each kind of record beyond the register (data protection).

The register entries have their own rule (``res.company.retention_years``, at
least 6 years, ``school_attendance_retention.py``). For the rest, each school
sets a period per kind, with a default and the reason for it shown beside it;
the monthly review (``school.retention.review``) lists what has passed it, and
a manager confirms before anything is anonymised. Other addons add their kinds
(letters, notices) with ``selection_add`` and :data:`DEFAULTS`.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

#: kind -> (default months, the reason shown to the school). Addons add theirs.
DEFAULTS = {
    "case": (
        72,
        "Six years after the case was closed: as long as the register entries it rests on "
        "(kept 6 years under the 2024 regulations), and the period in which a claim about "
        "the school's actions can be brought (Limitation Act 1980). The case's counts and "
        "dates stay for the statistics; its notes, messages and documents go.",
    ),
    "portal_account": (
        12,
        "Twelve months after the family's last child left the school: portal access ends "
        "on the day the last child leaves; the login is kept a year in case the parent asks "
        "for a letter or a subject access, then deleted.",
    ),
}


class SchoolRetentionRule(models.Model):
    _name = "school.retention.rule"
    _description = "Retention Period"
    _order = "company_id, kind"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    kind = fields.Selection(
        [("case", "Attendance cases (closed)"), ("portal_account", "Portal logins of leavers")],
        required=True,
        help="The kind of record the period applies to.",
    )
    months = fields.Integer(
        string="Keep (months)",
        required=True,
        help="Months the record is kept after its reference day (closing, sending, "
        "issuing, the last child leaving).",
    )
    reason = fields.Text(
        required=True,
        help="Why the school keeps this kind of record this long (for the school's DPO "
        "and its retention schedule).",
    )

    _sql_constraints = [
        ("kind_company_uniq", "unique(company_id, kind)", "One period per kind and school."),
    ]

    @api.constrains("months")
    def _check_months(self):
        for rule in self:
            if rule.months < 1:
                raise ValidationError(
                    _("Keep %s at least one month (the period is in months).")
                    % dict(rule._fields["kind"]._description_selection(rule.env))[rule.kind]
                )

    @api.model
    def _get_months(self, company, kind):
        """The months ``company`` keeps ``kind``: its own rule, else the default (created)."""
        rule = self.sudo().search([("company_id", "=", company.id), ("kind", "=", kind)])
        if not rule:
            # sudo: the defaults are created for the school the first time they are needed.
            months, reason = DEFAULTS[kind]
            rule = self.sudo().create(
                {"company_id": company.id, "kind": kind, "months": months, "reason": reason}
            )
        return rule.months

    @api.model
    def _create_defaults(self, companies):
        """Every default rule of ``companies`` that is missing (shown in the settings)."""
        for company in companies:
            for kind in DEFAULTS:
                self._get_months(company, kind)
