import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..rules import escalation

#: Working days the service has to answer (seed 004: "within 10 working days").
RESPONSE_SCHOOL_DAYS = 10


class SchoolAttendanceReferral(models.Model):
    """A referral of a case to Early Help, the EWO, the local authority..."""

    _name = "school.attendance.referral"
    _description = "Attendance Referral"
    _inherit = ["mail.thread"]
    _order = "date_sent desc, id desc"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Service and pupil.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        help="Case referred.",
    )
    pupil_id = fields.Many2one(
        related="case_id.pupil_id",
        store=True,
        readonly=True,
        string="Pupil",
        help="Pupil of the case.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the case.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Member of staff making the referral.",
    )
    kind = fields.Selection(
        escalation.REFERRAL_KINDS,
        required=True,
        track_visibility="onchange",
        help="Service the case is referred to.",
    )
    date_sent = fields.Date(
        string="Sent",
        track_visibility="onchange",
        help="Day the referral was sent.",
    )
    due_date = fields.Date(
        string="Answer Due",
        track_visibility="onchange",
        help="Day the service should answer by: 10 school days after sending by default.",
    )
    response = fields.Text(help="What the service answered and decided.")
    date_response = fields.Date(string="Answered", help="Day the answer came.")
    state = fields.Selection(
        [
            ("draft", "To send"),
            ("sent", "Sent"),
            ("answered", "Answered"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        track_visibility="onchange",
        help="To send, sent (waiting for the answer), answered, cancelled.",
    )
    step_id = fields.Many2one(
        "school.attendance.policy.step",
        string="Policy Step",
        readonly=True,
        help="Policy step that opened the referral.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        help="Sent and not answered by the due date.",
    )

    @api.depends("kind", "case_id.pupil_id.name")
    def _compute_name(self):
        labels = dict(escalation.REFERRAL_KINDS)
        for referral in self:
            referral.name = "%s - %s" % (
                labels.get(referral.kind, ""),
                referral.case_id.pupil_id.name or "",
            )

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for referral in self:
            referral.is_overdue = bool(
                referral.state == "sent" and referral.due_date and referral.due_date < today
            )

    @api.onchange("date_sent")
    def _onchange_date_sent(self):
        if self.date_sent and self.case_id:
            self.due_date = self._default_due_date(self.date_sent, self.case_id.company_id)

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("case_id"):
            case = self.env["school.attendance.case"].browse(vals["case_id"])
            vals["company_id"] = case.company_id.id
        if vals.get("date_sent") and not vals.get("due_date") and vals.get("case_id"):
            vals["due_date"] = self._default_due_date(vals["date_sent"], case.company_id)
        return super(SchoolAttendanceReferral, self).create(vals)

    def action_send(self, date_sent=None):
        """The referral is sent: the answer is due 10 school days later."""
        for referral in self:
            if referral.state != "draft":
                raise UserError(_("Only a referral still to send can be sent."))
            sent = date_sent or referral.date_sent or fields.Date.context_today(self)
            if isinstance(sent, datetime.date):
                sent = fields.Date.to_string(sent)
            due = referral.due_date or referral._default_due_date(sent, referral.company_id)
            referral.write({"state": "sent", "date_sent": sent, "due_date": due})
            referral.case_id.message_post(
                body=html_escape(_("%s sent on %s; answer due by %s.") % (referral.name, sent, due))
            )
        return True

    def action_record_response(self, response=None, date_response=None):
        for referral in self:
            referral.write(
                {
                    "state": "answered",
                    "response": response or referral.response,
                    "date_response": date_response or fields.Date.context_today(self),
                }
            )
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    @api.model
    def _default_due_date(self, date_sent, company):
        """10 school days after ``date_sent`` in ``company``'s calendar (counted on in
        working days beyond the last session entered)."""
        due = self.env["school.session"].get_school_day_after(
            date_sent, RESPONSE_SCHOOL_DAYS, company
        )
        return fields.Date.to_string(due)
