import datetime

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.exceptions import UserError, ValidationError

from ..rules import penalty

NTI_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("improved", "Improved"),
    ("not_improved", "Not Improved"),
]

DEFAULT_BENEFITS = (
    "Regular attendance gives your child the best chance to learn and to "
    "thrive. As a parent you have a duty under section 7 of the Education Act "
    "1996 to make sure your child of compulsory school age receives a suitable "
    "full-time education, and so attends school regularly."
)
DEFAULT_CONSEQUENCES = (
    "If your child's attendance does not improve within the improvement "
    "period, a penalty notice may be issued to you, or prosecution under "
    "section 444 of the Education Act 1996 may be considered."
)


class SchoolNoticeToImprove(models.Model):
    """A Notice to Improve: the parent's final chance to engage with support.

    One per parent with parental responsibility. It sets an improvement
    period of 3 to 6 school weeks (``rules.penalty.notice_to_improve_period_ok``)
    and holds the content the national framework expects (seed 002): the
    attendance record and the offence, the benefits of attendance and the
    parent's duty (s7 Education Act 1996), the support so far and on offer,
    a clear warning, the timeframe, what sufficient improvement looks like
    and the grounds for a penalty notice before the period ends.
    """

    _name = "school.notice.to.improve"
    _description = "Notice to Improve"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_issued desc, id desc"

    #: What a notice must say before it is issued (the form marks them required).
    _REQUIRED_TO_ISSUE = (
        "offence_details",
        "support_provided",
        "support_offered",
        "expected_improvement",
        "consequences",
    )

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Pupil, parent and date of the notice.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Pupil whose attendance must improve.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Attendance Case",
        index=True,
        ondelete="set null",
        domain="[('pupil_id', '=', pupil_id)]",
        help="Attendance case of the pupil this notice belongs to (optional).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Parent",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Parent with parental responsibility the notice is sent to (one notice each).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="pupil_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the pupil.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Authorised officer responsible for the notice.",
    )
    date_issued = fields.Date(
        string="Issued On",
        default=fields.Date.context_today,
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Day the notice was sent; the improvement period starts the day after.",
    )
    weeks = fields.Integer(
        string="Improvement Period (school weeks)",
        default=4,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Length of the improvement period: 3 to 6 school weeks.",
    )
    date_end = fields.Date(
        string="Improvement Period Ends",
        compute="_compute_date_end",
        store=True,
        help="Last school day of the improvement period (holiday weeks are skipped).",
    )
    offence_details = fields.Text(
        string="Attendance Record and Offence",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Details of the pupil's attendance record and of the offences.",
    )
    attendance_record = fields.Text(
        string="Threshold Figures",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="The unauthorised sessions in the last 10 school weeks, filled from the register.",
    )
    benefits_and_duty = fields.Text(
        string="Benefits of Attendance and Parental Duty",
        default=DEFAULT_BENEFITS,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="The benefits of regular attendance and the parent's duty under "
        "s7 Education Act 1996.",
    )
    support_provided = fields.Text(
        string="Support Provided So Far",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Details of the support provided so far.",
    )
    support_offered = fields.Text(
        string="Further Support Offered",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Opportunities for further support, including support offered "
        "before and not engaged with.",
    )
    expected_improvement = fields.Text(
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="What sufficient improvement within the period will look like.",
    )
    early_issue_grounds = fields.Text(
        string="Grounds for an Earlier Penalty Notice",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="The grounds on which a penalty notice may be issued before the "
        "end of the improvement period.",
    )
    consequences = fields.Text(
        string="Warning",
        default=DEFAULT_CONSEQUENCES,
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Clear warning that a penalty notice may be issued or prosecution "
        "considered if attendance does not improve.",
    )
    state = fields.Selection(
        NTI_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="Draft: being prepared. Issued: sent, the improvement period "
        "runs. Improved / Not Improved: the officer's assessment after it.",
    )
    penalty_notice_ids = fields.One2many(
        "school.penalty.notice",
        "notice_to_improve_id",
        string="Penalty Notices",
        readonly=True,
        help="Penalty notices issued after this notice.",
    )

    @api.depends("pupil_id", "partner_id", "date_issued")
    def _compute_name(self):
        for notice in self:
            notice.name = _("Notice to improve: %s (%s), %s") % (
                notice.pupil_id.name or "",
                notice.partner_id.name or "",
                format_date(notice.date_issued),
            )

    @api.depends("date_issued", "weeks", "company_id")
    def _compute_date_end(self):
        for notice in self:
            if notice.date_issued and notice.weeks > 0:
                notice.date_end = fields.Date.to_string(notice._improvement_end())

    @api.constrains("weeks")
    def _check_weeks(self):
        for notice in self:
            if not penalty.notice_to_improve_period_ok(notice.weeks):
                raise ValidationError(
                    _(
                        "The improvement period of a notice to improve is %d to %d "
                        "school weeks, not %d."
                    )
                    % (
                        penalty.NOTICE_TO_IMPROVE_MIN_WEEKS,
                        penalty.NOTICE_TO_IMPROVE_MAX_WEEKS,
                        notice.weeks,
                    )
                )

    @api.constrains("pupil_id", "partner_id")
    def _check_parent(self):
        for notice in self:
            notice.pupil_id._check_penalty_parent(notice.partner_id)

    @api.model
    def create(self, vals):
        notice = super(SchoolNoticeToImprove, self).create(vals)
        if not notice.attendance_record:
            notice.attendance_record = notice._threshold_text()
        return notice

    def unlink(self):
        if self.filtered(lambda n: n.state != "draft"):
            raise UserError(_("A notice to improve that was issued cannot be deleted."))
        return super(SchoolNoticeToImprove, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_issue(self):
        """Button: the notice is sent; its content can no longer change."""
        for notice in self:
            if notice.state != "draft":
                raise UserError(_("Only a draft notice to improve can be issued."))
            missing = [
                notice._fields[name].string
                for name in self._REQUIRED_TO_ISSUE
                if not (notice[name] or "").strip()
            ]
            if missing:
                raise UserError(_("The notice to improve needs: %s.") % ", ".join(missing))
        self.write({"state": "issued"})
        return True

    def action_mark_improved(self):
        self._check_state("issued")
        self.write({"state": "improved"})
        return True

    def action_mark_not_improved(self):
        self._check_state("issued")
        self.write({"state": "not_improved"})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def check_improvement_periods(self, on_date=None):
        """Daily: assess the notices whose improvement period has ended.

        ``on_date`` ('YYYY-MM-DD', default today). For each issued notice
        whose period ended before ``on_date``: if the threshold is met again
        on its last day with unauthorised absence inside the period, the
        notice becomes ``not_improved`` and a DRAFT penalty notice is proposed
        to that parent (a person still confirms it). Otherwise the notice is
        left for the officer to mark improved. Returns the proposed notices.
        """
        today = to_date(on_date or fields.Date.context_today(self))
        ended = self.search(
            [("state", "=", "issued"), ("date_end", "<", fields.Date.to_string(today))]
        )
        proposed = self.env["school.penalty.notice"]
        for notice in ended:
            status = notice.pupil_id._penalty_threshold(to_date(notice.date_end))
            start = to_date(notice.date_issued)
            in_period = [mark for mark in status["marks"] if mark[0] > start]
            if status["met"] and in_period:
                notice.state = "not_improved"
                proposed |= notice.pupil_id.propose_penalty_notices(
                    notice.date_end, partner_ids=notice.partner_id.ids
                )
        return proposed

    @api.model
    def _cron_check_improvement_periods(self):
        self.check_improvement_periods()

    def _check_state(self, state):
        if self.filtered(lambda n: n.state != state):
            raise UserError(_("This can only be done to an issued notice to improve."))

    def _improvement_end(self):
        """Last session date of the ``weeks``-th school week after the issue date.

        School weeks come from the school's calendar (holidays skipped); when
        the calendar does not reach that far, ``weeks`` calendar weeks are used.
        """
        start = to_date(self.date_issued) + datetime.timedelta(days=1)
        horizon = start + datetime.timedelta(weeks=self.weeks + 10)
        sessions = self.env["school.session"].get_sessions(
            start, horizon, company=self.company_id or self.env.user.company_id
        )
        dates = sorted({to_date(d) for d in sessions.mapped("date")})
        mondays = sorted({d - datetime.timedelta(days=d.weekday()) for d in dates})
        if len(mondays) >= self.weeks:
            last_monday = mondays[self.weeks - 1]
            in_week = [d for d in dates if last_monday <= d < last_monday + datetime.timedelta(7)]
            return in_week[-1]
        return start + datetime.timedelta(weeks=self.weeks, days=-1)

    def _threshold_text(self):
        if not self.pupil_id or not self.date_issued:
            return False
        status = self.pupil_id.get_penalty_threshold_status(self.date_issued)
        return _(
            "%(sessions)d sessions of unauthorised absence (%(codes)s) in the "
            "%(weeks)d school weeks from %(start)s to %(end)s (threshold %(threshold)d)."
        ) % {
            "sessions": status["sessions"],
            "codes": ", ".join(
                "%s: %d" % (code, count) for code, count in sorted(status["by_code"].items())
            )
            or "-",
            "weeks": len(status["school_weeks"]),
            "start": status["window_start"],
            "end": status["window_end"],
            "threshold": status["threshold"],
        }
