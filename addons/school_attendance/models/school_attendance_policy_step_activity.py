from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape

from ..rules import escalation
from .school_staff_role import STAFF_ROLES

RESPONSIBLES = [
    ("case_owner", "Case owner"),
    ("tutor", "Class teacher (group tutor)"),
    ("user", "A named user"),
    ("role", "A named role of the school"),
]


class SchoolAttendancePolicyStepActivity(models.Model):
    """One activity a policy step gives when it fires: what, for whom, by when.

    Seed 000's day 2 "absence calls to parents and all other contacts; Pupil
    Support Lead informed" is one step with two lines: the calls for the admin
    officer, the information for the Pupil Support Lead.
    """

    _name = "school.attendance.policy.step.activity"
    _description = "Attendance Policy Step Activity"
    _order = "step_id, sequence, id"

    sequence = fields.Integer(default=10, help="Order of the activities of the step.")
    step_id = fields.Many2one(
        "school.attendance.policy.step",
        string="Step",
        required=True,
        ondelete="cascade",
        index=True,
        help="Step that gives this activity when it fires.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        required=True,
        help="Activity scheduled on the case (call, home visit, meeting, letter...).",
    )
    summary = fields.Char(
        translate=True,
        help="Summary of the activity, e.g. 'First-day call to main contacts' "
        "(empty: the step's name).",
    )
    note = fields.Text(
        translate=True,
        help="What the person does, written on the activity (empty: the step's description).",
    )
    responsible = fields.Selection(
        RESPONSIBLES,
        default="case_owner",
        required=True,
        help="Who the activity is assigned to.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible User",
        help="The user assigned when the responsible is 'a named user'.",
    )
    staff_role = fields.Selection(
        STAFF_ROLES,
        string="Role",
        help="Role the activity is for. Each school names who holds it (Configuration > "
        "Named Professionals); a head of year is taken for the pupil's year group. "
        "When nobody holds it, the case owner gets the activity.",
    )
    responsible_role = fields.Char(
        translate=True,
        help="Role named in the school's policy, e.g. 'Admin officer', 'Pupil Support "
        "Lead'; written on the activity.",
    )
    due_days = fields.Integer(
        string="Due After (school days)",
        help="School days after the step fires that the activity is due (0 = the same day).",
    )
    due_time = fields.Float(
        string="Due Before",
        help="Time of day the activity is due by, e.g. 11:00 for the first-day call.",
    )

    @api.constrains("responsible", "staff_role", "responsible_user_id")
    def _check_responsible(self):
        for line in self:
            if line.responsible == "role" and not line.staff_role:
                raise ValidationError(
                    _("%s: choose the role the activity is for.") % line.step_id.name
                )
            if line.responsible == "user" and not line.responsible_user_id:
                raise ValidationError(
                    _("%s: choose the user the activity is for.") % line.step_id.name
                )

    @api.constrains("due_days", "due_time")
    def _check_due(self):
        for line in self:
            if line.due_days < 0 or not 0 <= line.due_time < 24:
                raise ValidationError(
                    _(
                        "%s: an activity is due 0 or more school days after the step, "
                        "before a time of day between 00:00 and 23:59."
                    )
                    % line.step_id.name
                )

    # ------------------------------------------------------------------
    # Firing
    # ------------------------------------------------------------------
    def _activity_vals(self, case, ctx, priority, holders):
        """``(values of the activity on case, sentence for the step log)``.

        ``priority``: why the pupil is a priority (safeguarding flags, SEN), in
        the note, read with the case; the summary shows in every activity list.
        ``holders``: ``{role: user}`` at the pupil's school (``school.staff.role``).
        """
        self.ensure_one()
        user, holder = self._responsible_user(case, holders)
        deadline = ctx.school_day_after(self.due_days)
        summary = self.summary or self.step_id.name
        if self.due_time:
            summary = _("%s (before %s)") % (summary, _format_time(self.due_time))
        note = []
        if priority:
            note.append(
                _("PRIORITY pupil (%s): call first and inform the named professionals.")
                % ", ".join(priority)
            )
        note.append(self.note or self.step_id.description or "")
        if self.responsible_role:
            note.append(_("Responsible: %s") % self.responsible_role)
        if not holder:
            note.append(self._fallback_sentence(user))
        vals = {
            "res_model_id": self.env["ir.model"]._get(case._name).id,
            "res_id": case.id,
            "activity_type_id": self.activity_type_id.id,
            "summary": summary,
            "note": "<br/>".join(_html_lines(line) for line in note if line),
            "date_deadline": fields.Date.to_string(deadline),
            "user_id": user.id,
        }
        who = "%s (%s)" % (self.responsible_role, user.name) if self.responsible_role else user.name
        if not holder:
            who = self._fallback_sentence(user)
        sentence = _("activity '%s' for %s, due %s") % (
            summary,
            who,
            escalation.format_date(deadline),
        )
        return vals, sentence

    def _fallback_sentence(self, user):
        role = dict(self._fields["staff_role"]._description_selection(self.env))[self.staff_role]
        return _("%s (nobody holds the role %s at the school: the case owner)") % (
            user.name,
            role,
        )

    def _responsible_user(self, case, holders):
        """``(user, found)``: who gets the activity on ``case`` — the named user, the
        role's holder at the pupil's school (``holders``, ``{role: user}``: a head of
        year for the pupil's year group), the class teacher, else the case owner.
        ``found`` is False when the line names a role nobody holds there (the case
        owner has it instead)."""
        self.ensure_one()
        owner = case.user_id or self.env.user
        if self.responsible == "role" and self.staff_role:
            user = holders.get(self.staff_role)
            return (user, True) if user else (owner, False)
        if self.responsible == "user" and self.responsible_user_id:
            return self.responsible_user_id, True
        if self.responsible == "tutor" and case.pupil_id.group_id.tutor_ids:
            return case.pupil_id.group_id.tutor_ids[0], True
        return owner, True


def _format_time(value):
    hours = int(value)
    minutes = int(round((value - hours) * 60))
    return "%02d:%02d" % (hours, minutes)


def _html_lines(text):
    """Plain text as escaped HTML, newlines kept."""
    return html_escape(text).replace("\n", "<br/>")
