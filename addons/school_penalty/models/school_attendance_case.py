from odoo import _, fields, models


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

    def _schedule_penalty_review(self, note, on_date):
        """Activity for the case's officer: review what the threshold scan proposed."""
        self.ensure_one()
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get(self._name).id,
                "res_id": self.id,
                "activity_type_id": self.env.ref(
                    "school_penalty.mail_activity_review_penalty_threshold"
                ).id,
                "date_deadline": fields.Date.to_string(on_date),
                "summary": _("Penalty threshold met: review the proposed drafts"),
                "note": note,
                "user_id": (self.user_id or self.env.user).id,
            }
        )
