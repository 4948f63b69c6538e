from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SchoolTerm(models.Model):
    _name = "school.term"
    _description = "School Term"
    _order = "date_start desc"

    name = fields.Char(
        required=True,
        help="Name of the term, e.g. Autumn 2024.",
    )
    academic_year_id = fields.Many2one(
        "school.academic.year",
        string="Academic Year",
        required=True,
        ondelete="restrict",
        index=True,
        help="Academic year the term belongs to; the term must lie inside it.",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        help="First day of the term (pupils' first day, INSET days included as closures).",
    )
    date_end = fields.Date(
        string="End Date",
        required=True,
        help="Last day of the term.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="academic_year_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the term, taken from its academic year.",
    )
    session_ids = fields.One2many(
        "school.session",
        "term_id",
        string="Sessions",
        help="AM and PM sessions generated from the term's weekdays minus closures.",
    )
    session_count = fields.Integer(
        compute="_compute_session_count",
        help="Number of sessions (AM and PM counted separately) in the term.",
    )
    closure_ids = fields.One2many(
        "school.closure",
        "term_id",
        string="Closures",
        help="Bank holidays, INSET days and other closures inside the term.",
    )

    def _compute_session_count(self):
        data = self.env["school.session"].read_group(
            [("term_id", "in", self.ids)], ["term_id"], ["term_id"]
        )
        counts = {row["term_id"][0]: row["term_id_count"] for row in data}
        for term in self:
            term.session_count = counts.get(term.id, 0)

    @api.constrains("date_start", "date_end", "academic_year_id")
    def _check_dates(self):
        for term in self:
            if term.date_end < term.date_start:
                raise ValidationError(
                    _("The term %s must end on or after the day it starts.") % term.name
                )
            year = term.academic_year_id
            if term.date_start < year.date_start or term.date_end > year.date_end:
                raise ValidationError(
                    _("The term %s (%s to %s) must lie inside its academic year %s (%s to %s).")
                    % (
                        term.name,
                        term.date_start,
                        term.date_end,
                        year.name,
                        year.date_start,
                        year.date_end,
                    )
                )
            other = self.search(
                [
                    ("id", "!=", term.id),
                    ("company_id", "=", term.company_id.id),
                    ("date_start", "<=", term.date_end),
                    ("date_end", ">=", term.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _("The term %s (%s to %s) overlaps the term %s (%s to %s) of the same school.")
                    % (
                        term.name,
                        term.date_start,
                        term.date_end,
                        other.name,
                        other.date_start,
                        other.date_end,
                    )
                )

    @api.onchange("academic_year_id")
    def _onchange_academic_year_id(self):
        year = self.academic_year_id
        if year and not self.date_start:
            self.date_start = year.date_start
        if year and not self.date_end:
            self.date_end = year.date_end

    @api.model
    def create(self, vals):
        term = super(SchoolTerm, self).create(vals)
        term._generate_sessions()
        return term

    def write(self, vals):
        res = super(SchoolTerm, self).write(vals)
        if {"date_start", "date_end", "academic_year_id"} & set(vals):
            self._generate_sessions()
        return res

    def unlink(self):
        # Sessions with marks cannot go; _remove_sessions says which ones.
        self.mapped("session_ids")._remove_sessions()
        return super(SchoolTerm, self).unlink()

    def action_generate_sessions(self):
        """Button: (re)generate the term's sessions. Safe to press twice."""
        self._generate_sessions()
        return True

    def action_view_sessions(self):
        action = self.env.ref("school_attendance.school_session_action").read()[0]
        action["domain"] = [("term_id", "in", self.ids)]
        action["context"] = {"default_term_id": self[:1].id}
        return action

    def _generate_sessions(self):
        """Make the term's sessions match its weekdays minus closures.

        Idempotent: creates the missing sessions in one batch, removes the
        ones now covered by a closure or outside the term (never one with
        marks: that raises a UserError), and leaves the others untouched.
        """
        session_model = self.env["school.session"]
        for term in self:
            wanted = session_model._wanted_session_keys(term)
            kept = session_model.browse(
                [
                    s.id
                    for s in term.session_ids
                    if s.company_id == term.company_id and (s.date, s.period) in wanted
                ]
            )
            (term.session_ids - kept)._remove_sessions()
            existing = {(s.date, s.period) for s in kept}
            missing = sorted(key for key in wanted if key not in existing)
            session_model._create_batch(term, missing)
        return True
