from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..rules import escalation

#: The code of absence for illness.
ILLNESS_CODE = "I"


class SchoolAttendanceMark(models.Model):
    """Illness and medical evidence (seeds 000, 003, 004): once a policy step (or an
    officer) requires medical evidence for a pupil, an illness mark (I) without it
    warns as it is entered and gives the office an activity: obtain the evidence,
    or record the absence as unauthorised (O)."""

    _inherit = "school.attendance.mark"

    has_medical_evidence = fields.Boolean(
        string="Medical Evidence Seen",
        help="Medical evidence for this illness was seen (an appointment card, a "
        "prescription, a note from a doctor: it need not cost the family anything).",
    )
    is_medical_evidence_missing = fields.Boolean(
        string="Medical Evidence Missing",
        compute="_compute_is_medical_evidence_missing",
        search="_search_is_medical_evidence_missing",
        help="Illness (I) for a pupil whose illness is only authorised with medical "
        "evidence, and no evidence seen yet.",
    )

    @api.depends(
        "code_id",
        "date",
        "has_medical_evidence",
        "pupil_id.is_medical_evidence_required",
        "pupil_id.medical_evidence_since",
    )
    def _compute_is_medical_evidence_missing(self):
        for mark in self:
            mark.is_medical_evidence_missing = mark._needs_medical_evidence()

    def _search_is_medical_evidence_missing(self, operator, value):
        # Candidates in SQL, the date rule (illness on or after the day evidence was
        # first required) in Python: the same test as the compute.
        candidates = self.search(
            [
                ("code_id.code", "=", ILLNESS_CODE),
                ("has_medical_evidence", "=", False),
                ("pupil_id.is_medical_evidence_required", "=", True),
            ]
        )
        ids = candidates.filtered(lambda mark: mark._needs_medical_evidence()).ids
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", ids)]

    def _needs_medical_evidence(self):
        """Whether this mark is illness without the evidence the pupil needs."""
        self.ensure_one()
        pupil = self.pupil_id
        return bool(
            self.code_id.code == ILLNESS_CODE
            and not self.has_medical_evidence
            and pupil.is_medical_evidence_required
            and (
                not pupil.medical_evidence_since
                or (self.date or "") >= pupil.medical_evidence_since
            )
        )

    @api.onchange("code_id")
    def _onchange_code_medical_evidence(self):
        if self.code_id and self._needs_medical_evidence():
            return {
                "warning": {
                    "title": _("Medical evidence required"),
                    "message": self._medical_evidence_message(),
                }
            }
        return None

    @api.model
    def create(self, vals):
        mark = super(SchoolAttendanceMark, self).create(vals)
        if vals.get("code_id"):
            mark._check_medical_evidence()
        return mark

    def write(self, vals):
        res = super(SchoolAttendanceMark, self).write(vals)
        if vals.get("code_id"):
            self._check_medical_evidence()
        return res

    def _medical_evidence_message(self):
        pupil = self.pupil_id
        return _(
            "%s's illness is only authorised with medical evidence (required since %s). "
            "Record the evidence on the mark when it is seen; without it, amend the mark "
            "to O (unauthorised absence)."
        ) % (
            pupil.name,
            escalation.format_date(fields.Date.from_string(pupil.medical_evidence_since))
            if pupil.medical_evidence_since
            else "-",
        )

    def _check_medical_evidence(self):
        """Give the office one activity per pupil and day of illness without evidence."""
        code = self[:1].code_id
        if code.code != ILLNESS_CODE:
            return
        marks = self.filtered(lambda m: m._needs_medical_evidence())
        if not marks:
            return
        activity_type = self.env.ref(
            "school_attendance.mail_activity_type_attendance_monitor", raise_if_not_found=False
        )
        # sudo: a teacher marks the illness; the office's activity on the pupil is
        # created whoever saves the register.
        Activity = self.env["mail.activity"].sudo()
        model = self.env["ir.model"].sudo()._get("school.pupil")
        by_pupil_day = {}
        for mark in marks:
            by_pupil_day.setdefault((mark.pupil_id, mark.date), self.browse())
            by_pupil_day[(mark.pupil_id, mark.date)] |= mark
        for (pupil, date), day_marks in by_pupil_day.items():
            summary = _("Medical evidence for illness on %s") % escalation.format_date(
                fields.Date.from_string(date)
            )
            if Activity.search_count(
                [
                    ("res_model", "=", "school.pupil"),
                    ("res_id", "=", pupil.id),
                    ("summary", "=", summary),
                ]
            ):
                continue
            Activity.create(
                {
                    "res_model_id": model.id,
                    "res_id": pupil.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary,
                    "note": "<p>%s</p>" % html_escape(day_marks[0]._medical_evidence_message()),
                    "date_deadline": fields.Date.context_today(self),
                    "user_id": day_marks[0]._medical_evidence_user().id,
                }
            )

    def _medical_evidence_user(self):
        """Who chases the evidence: the owner of the pupil's open case, else the
        school's attendance officer, else the owner of new cases of its policy,
        else whoever entered the mark."""
        pupil = self.pupil_id.sudo()
        case = pupil.case_ids.filtered(lambda c: not c.date_closed).sorted("id")[-1:]
        if case.user_id:
            return case.user_id
        officer = (
            self.env["school.staff.role"]
            .sudo()
            .find_user("attendance_officer", pupil.company_id, pupil.group_id.year_group)
        )
        return officer or pupil.company_id.attendance_policy_id.default_user_id or self.env.user

    def action_record_unauthorised(self):
        """Button: no medical evidence came - the illness becomes O (unauthorised),
        as an amendment when the register was taken."""
        code_o = self.env["school.attendance.code"].get_code("O")
        for mark in self:
            reason = _("Illness without the medical evidence required since %s") % (
                mark.pupil_id.medical_evidence_since or "-"
            )
            mark.with_context(amendment_reason=reason).write({"code_id": code_o.id})
        return True
