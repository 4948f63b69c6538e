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

    def get_attendance_position(self):
        """The position recorded on an amendment: the job title, else the role."""
        self.ensure_one()
        if self.attendance_position:
            return self.attendance_position
        for xmlid, label in _GROUP_POSITIONS:
            if self.has_group(xmlid):
                return _(label)
        return False
