import datetime

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.addons.school_attendance.rules import bank_holidays
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
    _inherit = "school.statutory.notice"
    _order = "date_issued desc, id desc"
    _document_label = "notice to improve"
    _holding_states = ("issued", "improved", "not_improved")

    #: Once issued, only who follows it up and its case may change (school.frozen.mixin).
    _frozen_writable_fields = ("user_id", "case_id")

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
    date_issued = fields.Date(
        default=fields.Date.context_today,
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
        help="Last day of the improvement period: the parent has at least as many full "
        "school weeks as the period states after the issue day, i.e. 5 school days a week "
        "counted from the day after issue in the school's calendar (holidays, bank holidays "
        "and closures skipped). Empty while the school calendar does not reach that far.",
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

    @api.depends("date_issued", "weeks", "company_id", "state")
    def _compute_date_end(self):
        # "state": issuing recomputes the end on the calendar as it is then.
        for notice in self:
            end = None
            if notice.date_issued and penalty.notice_to_improve_period_ok(notice.weeks):
                end = notice._improvement_end()
            notice.date_end = end and fields.Date.to_string(end)

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

    @api.constrains("pupil_id", "date_issued")
    def _check_compulsory_school_age(self):
        for notice in self:
            notice.pupil_id._check_compulsory_school_age(
                notice.date_issued, _("a notice to improve")
            )

    @api.model
    def create(self, vals):
        notice = super(SchoolNoticeToImprove, self).create(vals)
        if not notice.attendance_record:
            notice.attendance_record = notice._threshold_text()
        return notice

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_mark_improved(self):
        self._check_state("issued")
        self._server_write({"state": "improved"})
        return True

    def action_mark_not_improved(self):
        self._check_state("issued")
        self._server_write({"state": "not_improved"})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_improvement_periods(self, on_date=None):
        """Daily job: assess the notices whose improvement period has ended.

        ``on_date`` ('YYYY-MM-DD', default today). For each issued notice
        whose period ended before ``on_date``: if unauthorised absence inside
        the period can support a penalty notice to that parent (not an ``N``
        still too recent, not a session already used,
        ``school.penalty.threshold.parent_status``), the notice becomes
        ``not_improved`` and a DRAFT penalty notice resting on those sessions
        only is proposed to that parent (a person still confirms it).
        Otherwise the notice is left for the officer to mark improved (or
        looked at again the next day, once a recent ``N`` counts). Returns the
        proposed notices.
        """
        today = to_date(on_date or fields.Date.context_today(self))
        ended = self.search(
            [("state", "=", "issued"), ("date_end", "<", fields.Date.to_string(today))]
        )
        engine = self.env["school.penalty.threshold"]
        proposed = self.env["school.penalty.notice"]
        for notice in ended:
            if not notice.pupil_id.is_compulsory_school_age(notice.date_end):
                continue  # past the school leaving date: no penalty notice
            status = notice.pupil_id._penalty_threshold(today)
            if engine.parent_status(notice.pupil_id, status, notice.partner_id, today, notice)[
                "met"
            ]:
                notice._server_write({"state": "not_improved"})
                proposed |= notice.pupil_id.propose_penalty_notices(
                    today, partner_ids=notice.partner_id.ids
                )
        return proposed

    def _improvement_period(self):
        """(first, last day) of the improvement period: the day after issue to ``date_end``."""
        self.ensure_one()
        start = to_date(self.date_issued) + datetime.timedelta(days=1)
        return start, to_date(self.date_end) if self.date_end else self._improvement_end()

    def _improvement_end(self):
        """``rules.penalty.notice_to_improve_end`` on the school's real session days.

        Bank holidays are skipped even when the school calendar forgot them.
        None when the school calendar does not hold enough school days yet.
        """
        issued = to_date(self.date_issued)
        # The period plus a summer holiday and a half term always fits in weeks + 10.
        horizon = issued + datetime.timedelta(weeks=self.weeks + 10)
        days = self.env["school.session"]._real_session_dates(
            issued + datetime.timedelta(days=1),
            horizon,
            company=self.company_id or self.pupil_id.company_id or self.env.user.company_id,
        )
        closed = set(bank_holidays.bank_holidays(issued, horizon))
        days = [day for day in days if day not in closed]
        try:
            return penalty.notice_to_improve_end(issued, self.weeks, days)
        except ValueError:
            return None

    def _issue(self):
        """The notice is sent; its content can no longer change."""
        self.ensure_one()
        self._check_state("draft")
        missing = [
            self._fields[name].string
            for name in self._REQUIRED_TO_ISSUE
            if not (self[name] or "").strip()
        ]
        if missing:
            raise UserError(_("The notice to improve needs: %s.") % ", ".join(missing))
        vals = {"state": "issued"}
        if not self.date_issued:
            vals["date_issued"] = fields.Date.context_today(self)
            self.date_issued = vals["date_issued"]
        if not self._improvement_end():
            raise UserError(
                _(
                    "The improvement period of %(weeks)d school weeks from %(date)s "
                    "goes beyond the school calendar: record the next term (and its "
                    "closures) before issuing the notice to improve."
                )
                % {"weeks": self.weeks, "date": self.date_issued}
            )
        if not self.date_received:
            vals["date_received"] = fields.Date.to_string(self._default_date_received())
        self._server_write(vals)

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
