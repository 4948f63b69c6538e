from odoo import _, fields, models

# Positions shown on amendments when a user has none of their own, highest first.
_GROUP_POSITIONS = [
    ("school_attendance.group_attendance_manager", "Attendance Manager"),
    ("school_attendance.group_attendance_officer", "Attendance Officer"),
    ("school_attendance.group_attendance_teacher", "Teacher"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    attendance_position = fields.Char(
        string="Position",
        help="Job title recorded on the register amendments this person makes, "
        "e.g. 'Attendance Officer' or 'Head of Year 9'. When empty, their "
        "attendance role is recorded.",
    )

    school_company_ids = fields.Many2many(
        "res.company",
        string="Schools Seen",
        compute="_compute_school_company_ids",
        help="The schools whose records the multi-company record rules show the user: "
        "their current company and the schools under it (a trust's schools) for staff; "
        "for a parent on the portal, the school of each child they hold parental "
        "responsibility for.",
    )

    def _compute_school_company_ids(self):
        for user in self:
            if not user.share:
                # sudo: which schools lie under the user's company decides the rules.
                user.school_company_ids = (
                    self.env["res.company"].sudo().search([("id", "child_of", user.company_id.id)])
                )
                continue
            # sudo: the record rules ask this of every portal user; a parent
            # cannot read the contact records (the answer is only their
            # children's schools, the rules still limit them to their children).
            contacts = (
                self.env["school.pupil.contact"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", user.partner_id.id),
                        ("has_parental_responsibility", "=", True),
                    ]
                )
            )
            user.school_company_ids = contacts.mapped("pupil_id.company_id")

    def get_attendance_position(self):
        """The position recorded on an amendment: the job title, else the role."""
        self.ensure_one()
        if self.attendance_position:
            return self.attendance_position
        for xmlid, label in _GROUP_POSITIONS:
            if self.has_group(xmlid):
                return _(label)
        return False
