from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SchoolAttendanceAmendWizard(models.TransientModel):
    """Amend one mark of a taken register, giving the reason the law requires."""

    _name = "school.attendance.amend.wizard"
    _description = "Amend an Attendance Mark"

    mark_id = fields.Many2one(
        "school.attendance.mark",
        string="Mark",
        required=True,
        ondelete="cascade",
        default=lambda self: (
            self.env.context.get("active_id")
            if self.env.context.get("active_model") == "school.attendance.mark"
            else False
        ),
        help="Register entry to amend.",
    )
    pupil_id = fields.Many2one(
        related="mark_id.pupil_id",
        readonly=True,
        help="Pupil of the entry.",
    )
    session_id = fields.Many2one(
        related="mark_id.session_id",
        readonly=True,
        help="Session of the entry.",
    )
    old_code_id = fields.Many2one(
        related="mark_id.code_id",
        string="Current Code",
        readonly=True,
        help="Code now in the register.",
    )
    old_minutes_late = fields.Integer(
        related="mark_id.minutes_late",
        string="Current Minutes Late",
        readonly=True,
        help="Minutes late now in the register.",
    )
    new_code_id = fields.Many2one(
        "school.attendance.code",
        string="New Code",
        required=True,
        domain=[("is_retired", "=", False)],
        help="Code the entry should have.",
    )
    new_minutes_late = fields.Integer(
        string="New Minutes Late",
        help="Minutes late the entry should have (0 unless the code is a late code).",
    )
    new_comment = fields.Char(
        string="Comment",
        help="Comment of the entry (required by some codes, e.g. Y7).",
    )
    reason = fields.Text(
        required=True,
        help="Why the entry is changed: recorded with your name and position.",
    )

    @api.onchange("mark_id")
    def _onchange_mark_id(self):
        if self.mark_id:
            self.new_code_id = self.mark_id.code_id
            self.new_minutes_late = self.mark_id.minutes_late
            self.new_comment = self.mark_id.comment

    def action_apply(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Give a reason for the amendment."))
        vals = {"code_id": self.new_code_id.id, "minutes_late": self.new_minutes_late}
        if self.new_comment != self.mark_id.comment:
            vals["comment"] = self.new_comment
        self.mark_id.with_context(amendment_reason=self.reason).write(vals)
        return {"type": "ir.actions.act_window_close"}
