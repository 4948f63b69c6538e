from odoo import _, api, fields, models
from odoo.exceptions import UserError

SCOPES = [
    ("persistent", "Persistent absentees (10% or more)"),
    ("severe", "Severe absentees (50% or more)"),
    ("all", "All pupils"),
]


class SchoolAbsenteeWizard(models.TransientModel):
    """List the persistent and severe absentees of a school over a period."""

    _name = "school.absentee.wizard"
    _inherit = ["school.screen.mixin"]
    _description = "Persistent and Severe Absentees"

    def _default_date_from(self):
        today = fields.Date.context_today(self)
        year = self.env["school.academic.year"].find_year(self.env.user.company_id, today)
        return year.date_start or today

    date_from = fields.Date(
        string="From",
        required=True,
        default=_default_date_from,
        help="First day counted (default: start of the current academic year).",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=fields.Date.context_today,
        help="Last day counted (default: today).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose pupils are listed.",
    )
    group_id = fields.Many2one(
        "school.group",
        string="Registration Group",
        help="Only the pupils of this registration group (optional).",
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="persistent",
        help="Persistent absence: absent for 10% or more of the possible "
        "sessions; severe absence: 50% or more.",
    )
    line_ids = fields.One2many(
        "school.absentee.wizard.line",
        "wizard_id",
        string="Pupils",
        readonly=True,
        help="Pupils found, lowest attendance first.",
    )
    line_count = fields.Integer(
        compute="_compute_line_count",
        help="Number of pupils listed.",
    )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    def action_compute(self):
        """Fill the list and show it again."""
        self.ensure_one()
        self.compute_lines()
        return self._reopen(_("Absentees"))

    def action_view_pupils(self):
        """Open the listed pupils as ordinary pupil records."""
        self.ensure_one()
        action = self.env.ref("school_attendance.school_pupil_action").read()[0]
        action["domain"] = [("id", "in", self.line_ids.mapped("pupil_id").ids)]
        action["context"] = {}
        return action

    def compute_lines(self):
        """Replace the lines with the pupils in scope, from get_attendance_summary."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_("The period must end on or after the day it starts."))
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date_admitted", "<=", self.date_to),
            "|",
            ("date_left", "=", False),
            ("date_left", ">=", self.date_from),
        ]
        if self.group_id:
            domain.append(("group_id", "=", self.group_id.id))
        pupils = self.env["school.pupil"].search(domain)
        rows = pupils.get_attendance_summary(self.date_from, self.date_to)
        if self.scope == "persistent":
            rows = [row for row in rows if row["is_persistent_absentee"]]
        elif self.scope == "severe":
            rows = [row for row in rows if row["is_severe_absentee"]]
        else:
            rows = [row for row in rows if row["possible"]]
        rows.sort(key=lambda row: (row["attendance_pct"], row["pupil_id"]))
        commands = [(5, 0, 0)]
        for row in rows:
            commands.append(
                (
                    0,
                    0,
                    {
                        "pupil_id": row["pupil_id"],
                        "possible": row["possible"],
                        "present": row["present"],
                        "authorised": row["authorised"],
                        "unauthorised": row["unauthorised"],
                        "attendance_pct": row["attendance_pct"],
                        "absence_pct": row["absence_pct"],
                        "band": row["band"] or "",
                        "is_persistent_absentee": row["is_persistent_absentee"],
                        "is_severe_absentee": row["is_severe_absentee"],
                    },
                )
            )
        self.write({"line_ids": commands})
        return True


class SchoolAbsenteeWizardLine(models.TransientModel):
    _name = "school.absentee.wizard.line"
    _description = "Absentee"
    _order = "attendance_pct, id"

    wizard_id = fields.Many2one(
        "school.absentee.wizard",
        required=True,
        ondelete="cascade",
        help="List this line belongs to.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        ondelete="cascade",
        help="Pupil counted.",
    )
    group_id = fields.Many2one(
        related="pupil_id.group_id",
        readonly=True,
        help="Registration group of the pupil.",
    )
    possible = fields.Integer(help="Possible sessions in the period.")
    present = fields.Integer(string="Attended", help="Sessions attended.")
    authorised = fields.Integer(help="Sessions of authorised absence.")
    unauthorised = fields.Integer(help="Sessions of unauthorised absence.")
    attendance_pct = fields.Float(
        string="Attendance (%)", digits=(5, 1), help="Attendance over possible sessions."
    )
    absence_pct = fields.Float(
        string="Absence (%)", digits=(5, 1), help="Absence over possible sessions."
    )
    band = fields.Char(help="The school's attendance band for the percentage.")
    is_persistent_absentee = fields.Boolean(
        string="Persistent", help="Absent for 10% or more of the possible sessions."
    )
    is_severe_absentee = fields.Boolean(
        string="Severe", help="Absent for 50% or more of the possible sessions."
    )
