from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..dates import format_date, to_date, to_string
from ..rules import calendar


class SchoolAcademicYear(models.Model):
    _name = "school.academic.year"
    _description = "Academic Year"
    _order = "date_start desc"

    name = fields.Char(
        required=True,
        help="Name of the school year, e.g. 2024/25.",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        help="First day of the school year (usually 1 September).",
    )
    date_end = fields.Date(
        string="End Date",
        required=True,
        help="Last day of the school year (usually 31 August).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School this academic year belongs to.",
    )
    term_ids = fields.One2many(
        "school.term",
        "academic_year_id",
        string="Terms",
        help="Terms of this academic year; sessions are generated from them.",
    )
    active = fields.Boolean(
        default=True,
        help="Archive old academic years instead of deleting them.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "An academic year with this name already exists for this school.",
        ),
    ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for year in self:
            if year.date_end <= year.date_start:
                raise ValidationError(
                    _("The academic year %s must end after it starts.") % year.name
                )
            for term in year.term_ids:
                if term.date_start < year.date_start or term.date_end > year.date_end:
                    raise ValidationError(
                        _("The term %s (%s to %s) would lie outside the academic year %s.")
                        % (
                            term.name,
                            format_date(term.date_start),
                            format_date(term.date_end),
                            year.name,
                        )
                    )

    @api.model
    def find_year(self, company, date):
        """The academic year of ``company`` holding ``date`` (a date or string); empty if none."""
        date = to_string(to_date(date))
        return self.search(
            [
                ("company_id", "=", company.id),
                ("date_start", "<=", date),
                ("date_end", ">=", date),
            ],
            limit=1,
        )

    @api.model
    def get_year_start(self, company, date):
        """First day (``datetime.date``) of ``company``'s academic year holding ``date``;
        1 September of that school year when the school has not recorded it."""
        year = self.find_year(company, date)
        if year:
            return to_date(year.date_start)
        return calendar.school_year_start(to_date(date))
