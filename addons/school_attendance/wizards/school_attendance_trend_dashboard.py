from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..dates import to_string


class SchoolAttendanceTrendDashboard(models.TransientModel):
    """Officer dashboard: weekly attendance of the school and of each group."""

    _name = "school.attendance.trend.dashboard"
    _inherit = ["school.screen.mixin"]
    _description = "Attendance Over Time"

    def _default_period(self, index):
        period = self.env["school.attendance.trend"].chart_period(self.env.user.company_id)
        return to_string(period[index]) if period else fields.Date.context_today(self)

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose attendance is drawn.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_period(0),
        help="First day drawn (default: start of the current academic year).",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_period(1),
        help="Last day drawn (default: today).",
    )
    school_chart = fields.Html(
        string="School",
        compute="_compute_charts",
        sanitize=False,
        help="Weekly attendance of the whole school, with the band lines.",
    )
    group_charts = fields.Html(
        string="Registration Groups",
        compute="_compute_charts",
        sanitize=False,
        help="Weekly attendance of each registration group, with the band lines.",
    )

    @api.depends("company_id", "date_from", "date_to")
    def _compute_charts(self):
        trend_model = self.env["school.attendance.trend"]
        for dashboard in self:
            company = dashboard.company_id
            if not (company and dashboard.date_from and dashboard.date_to):
                dashboard.school_chart = dashboard.group_charts = False
                continue
            if dashboard.date_to < dashboard.date_from:
                message = trend_model._render_empty(
                    _("The period must end on or after the day it starts.")
                )
                dashboard.school_chart, dashboard.group_charts = message, False
                continue
            period = (dashboard.date_from, dashboard.date_to)
            dashboard.school_chart = trend_model.render_charts("school", company, *period)[
                company.id
            ]
            groups = self.env["school.group"].search([("company_id", "=", company.id)])
            charts = trend_model.render_charts("group", groups, *period)
            dashboard.group_charts = "".join(
                '<div class="o_school_group_chart"><h3>%s</h3>%s</div>'
                % (html_escape(group.name), charts[group.id])
                for group in groups
            )
