from odoo import fields, models


class SchoolAttendanceCase(models.Model):
    """The pupil's attendance over time, on the case form."""

    _inherit = "school.attendance.case"

    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance of the pupil this academic year, with a line at "
        "the lower bound of each of the school's attendance bands.",
    )

    def _compute_attendance_chart(self):
        pupils = self.mapped("pupil_id")
        charts = self.env["school.attendance.trend"].render_charts("pupil", pupils)
        for case in self:
            case.attendance_chart = charts.get(case.pupil_id.id, False)
