from odoo import fields, models


class SchoolAttendanceCase(models.Model):
    _inherit = "school.attendance.case"

    penalty_notice_ids = fields.One2many(
        "school.penalty.notice",
        "case_id",
        string="Penalty Notices",
        groups="school_attendance.group_attendance_officer",
        help="Penalty notices proposed or issued within this case.",
    )
    notice_to_improve_ids = fields.One2many(
        "school.notice.to.improve",
        "case_id",
        string="Notices to Improve",
        groups="school_attendance.group_attendance_officer",
        help="Notices to improve sent within this case.",
    )
    prosecution_ids = fields.One2many(
        "school.prosecution",
        "case_id",
        string="Prosecutions",
        groups="school_attendance.group_attendance_officer",
        help="Referrals for prosecution within this case.",
    )
