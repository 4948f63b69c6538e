from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..dates import format_date, to_date, to_string
from ..rules import bank_holidays, escalation


class SchoolAttendanceReferral(models.Model):
    """A referral of a case to Early Help, the EWO, the local authority..."""

    _name = "school.attendance.referral"
    _description = "Attendance Referral"
    _inherit = ["school.frozen.mixin", "mail.thread"]
    _order = "date_sent desc, id desc"

    #: Once sent, the referral shows what was sent; while the answer is awaited
    #: it is written on it (then the 'Answered' button), and nothing after.
    _fixed_fields = ("company_id", "case_id")
    _frozen_writable_fields = ("response", "date_response", "due_date", "user_id")

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
        help="Day the service should answer by: the kind's response deadline in working "
        "days after sending (Configuration > Referral Deadlines; 10 by default).",
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

    def _frozen_writable(self, state):
        if state == "sent":
            return set(self._frozen_writable_fields)
        return set()

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

    @api.onchange("date_sent", "kind")
    def _onchange_date_sent(self):
        if self.date_sent and self.kind and self.case_id:
            self.due_date = self._response_due_date(
                self.date_sent, self.kind, self.case_id.company_id
            )

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("case_id"):
            case = self.env["school.attendance.case"].browse(vals["case_id"])
            vals["company_id"] = case.company_id.id
            if vals.get("date_sent") and vals.get("kind") and not vals.get("due_date"):
                vals["due_date"] = self._response_due_date(
                    vals["date_sent"], vals["kind"], case.company_id
                )
        return super(SchoolAttendanceReferral, self).create(vals)

    # ------------------------------------------------------------------
    # Actions (buttons: the web client passes its context as the first
    # positional argument, so a button takes no other argument)
    # ------------------------------------------------------------------
    def action_send(self):
        """Button 'Sent': sent today; the answer is due the kind's working days later."""
        return self._send()

    def action_record_response(self):
        """Button 'Answered': the answer written on the referral came today."""
        return self._record_response()

    def action_cancel(self):
        """Button 'Cancel': the referral will not be sent or is withdrawn."""
        if self.filtered(lambda r: r.state not in ("draft", "sent")):
            raise UserError(_("Only a referral to send or waiting for an answer can be cancelled."))
        self._server_write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _send(self, date_sent=None):
        """Send the referrals on ``date_sent`` (default: the day typed on the
        referral, else today); the due date is kept when one was typed."""
        for referral in self:
            if referral.state != "draft":
                raise UserError(_("%s: only a referral still to send can be sent.") % referral.name)
            sent = to_date(date_sent or referral.date_sent or fields.Date.context_today(self))
            due = referral.due_date or referral._response_due_date(
                sent, referral.kind, referral.company_id
            )
            referral._server_write(
                {"state": "sent", "date_sent": to_string(sent), "due_date": to_string(due)}
            )
            if referral.kind == "early_help":
                # Early Help has begun: the agencies come to the plans' reviews.
                referral.case_id.contract_ids.filtered(
                    lambda c: c.state in ("draft", "active") and not c.is_early_help
                ).write({"is_early_help": True})
            referral.case_id.message_post(
                body=html_escape(
                    _("%s sent on %s; answer due by %s.")
                    % (referral.name, format_date(sent), format_date(to_date(due)))
                )
            )
        return True

    def _record_response(self, response=None, date_response=None):
        for referral in self:
            if referral.state != "sent":
                raise UserError(
                    _("%s: only a sent referral can be answered; press Sent first.") % referral.name
                )
            answered = to_date(
                date_response or referral.date_response or fields.Date.context_today(self)
            )
            referral._server_write(
                {
                    "state": "answered",
                    "response": response or referral.response,
                    "date_response": to_string(answered),
                }
            )
        return True

    @api.model
    def _response_due_date(self, date_sent, kind, company):
        """The day the answer is due: the kind's response days after ``date_sent``,
        in working days (Monday to Friday, England's bank holidays skipped)."""
        days = self.env["school.attendance.referral.deadline"]._response_days(kind, company)
        return to_string(bank_holidays.working_days_after(to_date(date_sent), days))

    # ------------------------------------------------------------------
    # The referral form's evidence (report_attendance_referral)
    # ------------------------------------------------------------------
    def _get_evidence(self):
        """What the referral form prints: the pupil's figures for the school year
        to the day it was sent (or today), absences by code, the steps the case
        took, its plans and reviews, and (``school_letters``) the letters sent.

        Returns a dict of printable values; the lists hold dicts of strings.
        """
        self.ensure_one()
        pupil, company = self.pupil_id, self.company_id
        on_date = to_date(self.date_sent or fields.Date.context_today(self))
        year_start = self.env["school.academic.year"].get_year_start(company, on_date)
        summary = pupil.get_attendance_summary(year_start, on_date)[0]
        codes = self.env["school.attendance.code"].get_count_rows(summary.get("codes") or {})
        logs = self.case_id.step_log_ids.sorted(lambda log: (log.date, log.id))
        outcomes = dict(self.env["school.attendance.contract.review"]._fields["outcome"].selection)
        return {
            "date_sent": format_date(self.date_sent) or _("not sent yet"),
            "due_date": format_date(self.due_date),
            "date_from": format_date(year_start),
            "date_to": format_date(on_date),
            "summary": summary,
            "attendance": escalation.format_attendance(summary),
            "absences": [row for row in codes if row["authorised"] or row["unauthorised"]],
            "steps": [
                {
                    "date": format_date(log.date),
                    "step": log.step_id.name or "",
                    "what": log.message or log.figures or "",
                }
                for log in logs
                if log.date <= to_string(on_date)
            ],
            "plans": [
                {
                    "name": plan.name,
                    "state": dict(plan._fields["state"].selection).get(plan.state, ""),
                    "target": "%.1f%%" % plan.target_pct,
                    "reviews": "; ".join(
                        "%s %s%s"
                        % (
                            review.name,
                            format_date(review.date_held or review.date_planned),
                            ": %s (%.1f%%)" % (outcomes[review.outcome], review.attendance_pct)
                            if review.outcome
                            else "",
                        )
                        for review in plan.review_ids
                    ),
                }
                for plan in self.case_id.contract_ids.sorted("date_start")
            ],
            "letters": self._evidence_letters(on_date),
        }

    def _evidence_letters(self, on_date):
        """Letters sent to the family about the case up to ``on_date`` (rows with
        ``date``, ``reference``, ``letter``, ``recipient``): ``school_letters`` has them."""
        return []
