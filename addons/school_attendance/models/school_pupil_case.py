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

    @api.model
    def _attendance_priority_flags(self):
        """``(field, label)`` of the flags that make a priority pupil (seed 003)."""
        return (
            ("has_child_protection_plan", _("child protection plan")),
            ("is_looked_after", _("looked after")),
            ("is_child_in_need", _("child in need")),
            ("is_sen", _("SEN")),
            ("is_ehcp", _("EHC plan")),
        )

    @api.multi
    def _attendance_priority_flags_by_pupil(self):
        """``{pupil id: [flag field, ...]}``: the priority flags set on these pupils, one read."""
        names = [name for name, _label in self._attendance_priority_flags()]
        rows = self.read(names, load="_classic_write")
        return {row["id"]: [name for name in names if row[name]] for row in rows}

    def _attendance_priority_flags_set(self):
        """The priority flags set on this pupil (read through the cache)."""
        self.ensure_one()
        return [name for name, _label in self._attendance_priority_flags() if self[name]]

    @api.multi
    def _attendance_priority_reasons(self, flags=None):
        """Why the pupil is a priority pupil for first-day calls (seed 003): labels.

        ``flags`` are the pupil's flags when the caller has read them
        (``_attendance_priority_flags_by_pupil``).
        """
        self.ensure_one()
        if flags is None:
            flags = self._attendance_priority_flags_set()
        return [label for name, label in self._attendance_priority_flags() if name in flags]

    def _attendance_case_priority(self, flags=None):
        """Case priority: '2' for child protection / looked after, '1' for other flags."""
        self.ensure_one()
        if flags is None:
            flags = self._attendance_priority_flags_set()
        if {"has_child_protection_plan", "is_looked_after"} & set(flags):
            return "2"
        return "1" if flags else "0"

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
