from odoo import api, fields, models

YEAR_GROUPS = [("R", "Reception")] + [(str(year), "Year %d" % year) for year in range(1, 14)]


class SchoolGroup(models.Model):
    _name = "school.group"
    _description = "Registration Group"
    _order = "year_group, name"

    name = fields.Char(
        required=True,
        help="Name of the registration (form) group, e.g. 3B.",
    )
    year_group = fields.Selection(
        YEAR_GROUPS,
        string="Year Group",
        required=True,
        help="National curriculum year of the group's pupils.",
    )
    tutor_ids = fields.Many2many(
        "res.users",
        "school_group_tutor_rel",
        "group_id",
        "user_id",
        string="Tutors",
        help="Teachers who take this group's registers.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the group.",
    )
    pupil_ids = fields.One2many(
        "school.pupil",
        "group_id",
        string="Pupils",
        help="Pupils registered in this group.",
    )
    pupil_count = fields.Integer(
        compute="_compute_pupil_count",
        help="Number of active pupils in the group.",
    )
    active = fields.Boolean(
        default=True,
        help="Archive groups that no longer exist.",
    )
    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance of the group's registers this academic year, "
        "with a line at the lower bound of each of the school's attendance bands.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A registration group with this name already exists in this school.",
        ),
    ]

    @api.depends("pupil_ids")
    def _compute_pupil_count(self):
        data = self.env["school.pupil"].read_group(
            [("group_id", "in", self.ids)], ["group_id"], ["group_id"]
        )
        counts = {row["group_id"][0]: row["group_id_count"] for row in data}
        for group in self:
            group.pupil_count = counts.get(group.id, 0)

    def _compute_attendance_chart(self):
        groups = self.filtered("id")
        charts = self.env["school.attendance.trend"].render_charts("group", groups)
        for group in self:
            group.attendance_chart = charts.get(group.id, False)

    def action_view_pupils(self):
        action = self.env.ref("school_attendance.school_pupil_action").read()[0]
        action["domain"] = [("group_id", "in", self.ids)]
        action["context"] = {"default_group_id": self[:1].id}
        return action
