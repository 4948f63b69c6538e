from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..dates import format_date, to_date, to_string


class SchoolPupilAttendanceWizard(models.TransientModel):
    """Choose the period of the 'Pupil attendance' PDF for one or several pupils."""

    _name = "school.pupil.attendance.wizard"
    _description = "Print Pupil Attendance"

    def _default_pupils(self):
        if self.env.context.get("active_model") != "school.pupil":
            return self.env["school.pupil"]
        return self.env["school.pupil"].browse(self.env.context.get("active_ids") or [])

    def _default_date_from(self):
        return self.default_date_from(self._default_pupils(), fields.Date.context_today(self))

    pupil_ids = fields.Many2many(
        "school.pupil",
        string="Pupils",
        required=True,
        default=_default_pupils,
        help="Pupils to print: one section per pupil, each starting on a new page.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=_default_date_from,
        help="First day counted (default: the start of the school year).",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=fields.Date.context_today,
        help="Last day counted (default: today).",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    _(
                        "The period ends (%s) before it starts (%s): choose a 'To' date "
                        "on or after the 'From' date."
                    )
                    % (format_date(wizard.date_to), format_date(wizard.date_from))
                )

    def action_print(self):
        """The PDF of the pupils for the period (one document, a page set per pupil)."""
        self.ensure_one()
        self._check_dates()
        data = {
            "pupil_ids": self.pupil_ids.ids,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }
        return self.env.ref("school_attendance.action_report_pupil_attendance").report_action(
            self.pupil_ids, data=data, config=False
        )

    @api.model
    def default_date_from(self, pupils, date_to):
        """Start of the school year holding ``date_to`` at the pupils' school.

        The school of the first pupil (or the user's); without a year holding
        ``date_to``, the start of the last year begun before it, else ``date_to``.
        """
        company = pupils[:1].company_id or self.env.user.company_id
        year_model = self.env["school.academic.year"]
        year = year_model.find_year(company, date_to) or year_model.search(
            [("company_id", "=", company.id), ("date_start", "<=", to_string(to_date(date_to)))],
            order="date_start desc",
            limit=1,
        )
        return year.date_start or to_string(to_date(date_to))
