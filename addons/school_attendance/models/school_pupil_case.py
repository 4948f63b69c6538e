from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..rules import escalation


class SchoolPupil(models.Model):
    """Attendance cases of a pupil, priority flags and the medical evidence flag."""

    _inherit = "school.pupil"

    case_ids = fields.One2many(
        "school.attendance.case",
        "pupil_id",
        string="Attendance Cases",
        groups="school_attendance.group_attendance_officer",
        help="Attendance cases of the pupil, open and closed.",
    )
    open_case_count = fields.Integer(
        string="Open Cases",
        compute="_compute_open_case_count",
        groups="school_attendance.group_attendance_officer",
        help="Number of open attendance cases.",
    )
    is_medical_evidence_required = fields.Boolean(
        string="Medical Evidence Required",
        track_visibility="onchange",
        help="Set by a policy step (seeds 000, 003, 004): absence for illness is only "
        "authorised with medical evidence.",
    )
    medical_evidence_since = fields.Date(
        string="Medical Evidence Required Since",
        track_visibility="onchange",
        help="Day medical evidence was first required.",
    )

    def _compute_open_case_count(self):
        data = self.env["school.attendance.case"].read_group(
            [("pupil_id", "in", self.ids), ("date_closed", "=", False)],
            ["pupil_id"],
            ["pupil_id"],
        )
        counts = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.open_case_count = counts.get(pupil.id, 0)

    def action_view_cases(self):
        """Smart button: the attendance cases of the pupils."""
        action = self.env.ref("school_attendance.school_attendance_case_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {"default_pupil_id": self[:1].id}
        return action

    @api.multi
    def _attendance_priority_reasons(self):
        """Why the pupil is a priority pupil for first-day calls (seed 003): labels."""
        self.ensure_one()
        flags = (
            ("has_child_protection_plan", _("child protection plan")),
            ("is_looked_after", _("looked after")),
            ("is_child_in_need", _("child in need")),
            ("is_sen", _("SEN")),
            ("is_ehcp", _("EHC plan")),
        )
        return [label for name, label in flags if self[name]]

    def _attendance_case_priority(self):
        """Case priority: '2' for child protection / looked after, '1' for other flags."""
        self.ensure_one()
        if self.has_child_protection_plan or self.is_looked_after:
            return "2"
        return "1" if self._attendance_priority_reasons() else "0"

    def _request_medical_evidence(self, on_date):
        """Set the medical evidence flag (kept from its first day); returns what was done."""
        self.ensure_one()
        if self.is_medical_evidence_required:
            return _("medical evidence already required since %s") % self.medical_evidence_since
        self.write(
            {
                "is_medical_evidence_required": True,
                "medical_evidence_since": fields.Date.to_string(on_date),
            }
        )
        self.message_post(
            body=html_escape(
                _("Medical evidence is required from %s: illness is only authorised with it.")
                % escalation.format_date(on_date)
            )
        )
        return _("medical evidence requested")
