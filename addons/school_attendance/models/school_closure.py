from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SchoolClosure(models.Model):
    _name = "school.closure"
    _description = "School Closure"
    _order = "date_from desc"

    name = fields.Char(
        required=True,
        help="What the closure is, e.g. 'October half term' or 'INSET day'.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        help="First day of the closure.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        help="Last day of the closure (the same as 'From' for one day).",
    )
    period = fields.Selection(
        [("am", "Morning"), ("pm", "Afternoon"), ("both", "Whole day")],
        required=True,
        default="both",
        help="Sessions the closure removes on each of its days.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School that is closed.",
    )
    term_id = fields.Many2one(
        "school.term",
        string="Term",
        ondelete="cascade",
        index=True,
        help="Term the closure lies in (optional). When set, the closure must lie inside the term.",
    )
    kind = fields.Selection(
        [
            ("bank_holiday", "Bank holiday"),
            ("inset", "INSET day"),
            ("closure", "Closure / holiday"),
        ],
        required=True,
        default="closure",
        help="Bank holiday, staff training (INSET) day or other planned "
        "closure such as a half term.",
    )

    @api.constrains("date_from", "date_to", "term_id", "company_id")
    def _check_dates(self):
        for closure in self:
            if closure.date_to < closure.date_from:
                raise ValidationError(
                    _("The closure %s must end on or after the day it starts.") % closure.name
                )
            term = closure.term_id
            if not term:
                continue
            if term.company_id != closure.company_id:
                raise ValidationError(
                    _("The closure %s and its term %s belong to different schools.")
                    % (closure.name, term.name)
                )
            if closure.date_from < term.date_start or closure.date_to > term.date_end:
                raise ValidationError(
                    _("The closure %s (%s to %s) lies outside its term %s (%s to %s).")
                    % (
                        closure.name,
                        closure.date_from,
                        closure.date_to,
                        term.name,
                        term.date_start,
                        term.date_end,
                    )
                )

    @api.onchange("term_id")
    def _onchange_term_id(self):
        if self.term_id:
            self.company_id = self.term_id.company_id

    @api.model
    def create(self, vals):
        closure = super(SchoolClosure, self).create(vals)
        closure._get_affected_terms()._generate_sessions()
        return closure

    def write(self, vals):
        terms = self._get_affected_terms()
        res = super(SchoolClosure, self).write(vals)
        (terms | self._get_affected_terms())._generate_sessions()
        return res

    def unlink(self):
        terms = self._get_affected_terms()
        res = super(SchoolClosure, self).unlink()
        # The sessions the closures covered come back.
        terms.exists()._generate_sessions()
        return res

    def _covers(self, date, period):
        """Whether this closure closes the session ``date`` (string), ``period``."""
        self.ensure_one()
        return self.date_from <= date <= self.date_to and self.period in ("both", period)

    def _get_affected_terms(self):
        """Terms whose sessions these closures can change."""
        terms = self.env["school.term"]
        for closure in self:
            terms |= terms.search(
                [
                    ("company_id", "=", closure.company_id.id),
                    ("date_start", "<=", closure.date_to),
                    ("date_end", ">=", closure.date_from),
                ]
            )
        return terms
