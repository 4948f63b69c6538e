from odoo import fields, models


class SchoolGroup(models.Model):
    """Attendance over time of a registration group."""

    _inherit = "school.group"

    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance of the group's registers this academic year, "
        "with a line at the lower bound of each of the school's attendance bands.",
    )

    def _compute_attendance_chart(self):
        groups = self.filtered("id")
        charts = self.env["school.attendance.trend"].render_charts("group", groups)
        for group in self:
            group.attendance_chart = charts.get(group.id, False)
