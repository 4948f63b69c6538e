from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..dates import to_date
from ..rules import registration
from .school_leave_request import session_key
from .school_session import PERIODS, session_name

SUSPENSION_KINDS = [("suspension", "Suspension"), ("exclusion", "Permanent exclusion")]
SUSPENSION_STATES = [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")]
#: Code of the sessions of a suspended or excluded pupil without alternative provision.
SUSPENDED_CODE = "E"
#: Codes of alternative provision from the sixth school day: off-site provision the
#: school arranges (B), provision the local authority arranges (K), dual registration
#: at a pupil referral unit or other school (D).
PROVISION_CODES = ("B", "K", "D")


class SchoolSuspension(models.Model):
    """A suspension or permanent exclusion of a pupil, and its register codes.

    Its sessions are coded E; from the sixth school day, the alternative
    provision's code when provision is made. The first five school days are the
    days of the parent's duty under s103 Education and Inspections Act 2006 (the
    pupil not in a public place in school hours): the parent's letter names them,
    and only they can support an s103 penalty notice (``school_penalty``).
    """

    _name = "school.suspension"
    _description = "Suspension or Exclusion"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Kind, pupil and first day.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Pupil suspended or excluded.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the pupil.",
    )
    kind = fields.Selection(
        SUSPENSION_KINDS,
        required=True,
        default="suspension",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Suspension (fixed period) or permanent exclusion (its sessions until the "
        "pupil's name is deleted on ground O).",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="First day of the suspension.",
    )
    period_from = fields.Selection(
        PERIODS,
        string="From Session",
        required=True,
        default="am",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="First session: AM, or PM for a suspension starting at lunchtime.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Last day of the suspension.",
    )
    period_to = fields.Selection(
        PERIODS,
        string="To Session",
        required=True,
        default="pm",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Last session.",
    )
    reason = fields.Text(
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Why the head teacher suspended or excluded the pupil.",
    )
    provision_code_id = fields.Many2one(
        "school.attendance.code",
        string="Alternative Provision Code",
        domain=[("code", "in", PROVISION_CODES)],
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="From the sixth school day: B (off-site provision the school arranges), K "
        "(provision the local authority arranges) or D (dual registered). Empty: E.",
    )
    provision_details = fields.Char(
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Where the alternative provision is (written in the register entries).",
    )
    state = fields.Selection(
        SUSPENSION_STATES,
        required=True,
        default="draft",
        readonly=True,
        track_visibility="onchange",
        help="Draft: being prepared. Confirmed: its sessions are coded in the registers.",
    )
    school_day_count = fields.Integer(
        string="School Days",
        compute="_compute_days",
        help="School days holding at least one of its sessions.",
    )
    s103_days = fields.Char(
        string="s103 Days",
        compute="_compute_days",
        help="The first five school days: the parent must make sure the pupil is not in "
        "a public place in school hours (s103 Education and Inspections Act 2006).",
    )
    provision_from = fields.Date(
        compute="_compute_days",
        help="Sixth school day, from which alternative provision is made.",
    )

    @api.depends("kind", "pupil_id.name", "date_from")
    def _compute_name(self):
        kinds = dict(SUSPENSION_KINDS)
        for record in self:
            record.name = "%s - %s - %s" % (
                kinds.get(record.kind, ""),
                record.pupil_id.name or "",
                record.date_from or "",
            )

    @api.depends("date_from", "date_to", "period_from", "period_to", "pupil_id")
    def _compute_days(self):
        for record in self:
            first, later = record.split_days()
            record.school_day_count = len(first) + len(later)
            record.s103_days = ", ".join(session_name(day, "am")[:-3] for day in first)
            record.provision_from = later[0] if later else False

    @api.constrains("date_from", "date_to", "period_from", "period_to", "pupil_id")
    def _check_dates(self):
        for record in self:
            if session_key(record.date_to, record.period_to) < session_key(
                record.date_from, record.period_from
            ):
                raise ValidationError(
                    _("The suspension of %s must end on or after its first session.")
                    % record.pupil_id.name
                )
            if not record._get_sessions():
                raise ValidationError(
                    _(
                        "The suspension of %s (%s to %s) holds no school session: give "
                        "dates within a term, on school days."
                    )
                    % (record.pupil_id.name, record.date_from, record.date_to)
                )

    @api.constrains("date_from", "date_to", "pupil_id", "state")
    def _check_overlap(self):
        for record in self.filtered(lambda r: r.state == "confirmed"):
            other = self.search(
                [
                    ("id", "!=", record.id),
                    ("pupil_id", "=", record.pupil_id.id),
                    ("state", "=", "confirmed"),
                    ("date_from", "<=", record.date_to),
                    ("date_to", ">=", record.date_from),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _("%s is already suspended on some of these days: %s.")
                    % (record.pupil_id.name, other.name)
                )

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("pupil_id"):
            vals["company_id"] = self.env["school.pupil"].browse(vals["pupil_id"]).company_id.id
        return super(SchoolSuspension, self).create(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state == "confirmed"):
            raise UserError(
                _("A confirmed suspension is part of the pupil's record: it cannot be deleted.")
            )
        return super(SchoolSuspension, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Confirm the suspensions and code their sessions in the registers."""
        for record in self:
            if record.state != "draft":
                raise UserError(_("Only a draft suspension can be confirmed (%s).") % record.name)
            record.write({"state": "confirmed"})
            record._apply_codes()
            record.message_post(
                body=html_escape(
                    _("Confirmed: %d school day(s); s103 days: %s.")
                    % (record.school_day_count, record.s103_days)
                )
            )
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                _(
                    "Only a draft suspension can be cancelled: the codes of a confirmed one "
                    "are in the registers (amend them if it was withdrawn)."
                )
            )
        self.write({"state": "cancelled"})
        return True

    def action_print_letter(self):
        """The letter to the parents: the dates, the s103 days and the provision."""
        return self.env.ref("school_attendance.action_report_suspension_letter").report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_sessions(self):
        """The school sessions of the suspension, in order."""
        self.ensure_one()
        sessions = self.env["school.session"]
        if not (self.date_from and self.date_to and self.pupil_id):
            return sessions
        sessions = sessions.get_sessions(
            self.date_from, self.date_to, company=self.pupil_id.company_id
        )
        start = session_key(self.date_from, self.period_from)
        end = session_key(self.date_to, self.period_to)
        return sessions.filtered(lambda s: start <= session_key(s.date, s.period) <= end)

    def split_days(self):
        """``(s103 days, provision days)``: its school days (``datetime.date``), the
        first five and the rest (rule ``registration.split_suspension_days``)."""
        self.ensure_one()
        return registration.split_suspension_days(
            to_date(date) for date in self._get_sessions().mapped("date")
        )

    def _apply_codes(self):
        """E on the sessions of the first five school days; from the sixth, the
        alternative provision's code (E when none is made)."""
        self.ensure_one()
        code_model = self.env["school.attendance.code"]
        suspended = code_model.get_code(SUSPENDED_CODE)
        later_code = self.provision_code_id or suspended
        first, _later = self.split_days()
        last_first = first[-1] if first else None
        sessions = self._get_sessions()
        early = sessions.filtered(lambda s: to_date(s.date) <= last_first)
        mark_model = self.env["school.attendance.mark"]
        reason = _("%s: %s") % (dict(SUSPENSION_KINDS)[self.kind], self.name)
        mark_model._record_session_codes(
            self.pupil_id, early, suspended, reason, create_missing=True
        )
        if sessions - early:
            mark_model._record_session_codes(
                self.pupil_id,
                sessions - early,
                later_code,
                reason,
                comment=self.provision_details if self.provision_code_id else None,
                create_missing=True,
            )
