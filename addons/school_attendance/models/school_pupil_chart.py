from odoo import fields, models


class SchoolPupil(models.Model):
    """Attendance over time of a pupil: weekly attendance with the band lines."""

    _inherit = "school.pupil"

    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance this academic year (attended over possible "
        "sessions), with a line at the lower bound of each of the school's "
        "attendance bands.",
    )

    def _compute_attendance_chart(self):
        charts = self.env["school.attendance.trend"].render_charts("pupil", self.filtered("id"))
        for pupil in self:
            pupil.attendance_chart = charts.get(pupil.id, False)
