from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..dates import format_date, to_date
from .mail_thread import portal_author
from .school_session import PERIODS

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "To Decide"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
#: Seed 002: a request must be made at least two weeks before the leave.
NOTICE_DAYS = 14
#: Leave-of-absence codes an officer may record for an approved request.
LEAVE_CODES = ("C", "C1", "C2", "J1", "M", "S")
#: Absence codes a refused leave that was taken turns into G.
ABSENT_CODES = ("N", "O")
#: Marks an approved leave replaces: the pupil was recorded as absent without
#: an authorised reason (or with another leave code from an earlier decision).
REPLACEABLE_CODES = ("N", "O", "G") + LEAVE_CODES
#: Unauthorised holiday: a refused leave that was taken anyway.
REFUSED_TAKEN_CODE = "G"
#: Fields fixed once a request is decided.
LOCKED_FIELDS = (
    "pupil_id",
    "requested_by_id",
    "date_from",
    "date_to",
    "period_from",
    "period_to",
    "leave_code_id",
)


def notice_days(date_requested, date_from):
    """Days of notice between the request and the first day of leave (``datetime.date``)."""
    return (date_from - date_requested).days


def is_late(date_requested, date_from):
    """Whether a request made on ``date_requested`` came less than two weeks ahead."""
    return notice_days(date_requested, date_from) < NOTICE_DAYS


def session_key(date, period, end=False):
    """Sortable position of a half day: (date, 0 for AM / 1 for PM).

    An empty ``period`` means the whole day: AM when it starts a range, PM
    when it ends one.
    """
    if not period:
        period = "pm" if end else "am"
    return (date, 0 if period == "am" else 1)


class SchoolLeaveRequest(models.Model):
    """A parent's request for a leave of absence in term time (ELOA)."""

    _name = "school.leave.request"
    _description = "Leave of Absence Request"
    _inherit = ["school.portal.create.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    #: A parent asks for these; the school records when the request arrived
    #: and decides the rest (school.portal.create.mixin).
    _portal_create_fields = (
        "pupil_id",
        "requested_by_id",
        "date_from",
        "period_from",
        "date_to",
        "period_to",
        "reason",
    )

    def _default_leave_code(self):
        return self.env["school.attendance.code"].get_code("C")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        help="Reference of the request, given when it is saved.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        track_visibility="onchange",
        help="Pupil the leave is requested for.",
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
    requested_by_id = fields.Many2one(
        "school.pupil.contact",
        string="Requested By",
        required=True,
        ondelete="restrict",
        track_visibility="onchange",
        domain="[('pupil_id', '=', pupil_id), ('has_parental_responsibility', '=', True), "
        "('lives_with_pupil', '=', True)]",
        help="Parent who made the request: they must have parental responsibility "
        "and the pupil must normally live with them.",
    )
    date_from = fields.Date(
        string="First Day",
        required=True,
        index=True,
        track_visibility="onchange",
        help="First day of the leave.",
    )
    period_from = fields.Selection(
        PERIODS,
        string="From Session",
        help="Leave starts with this session of the first day; empty: the whole day.",
    )
    date_to = fields.Date(
        string="Last Day",
        required=True,
        index=True,
        track_visibility="onchange",
        help="Last day of the leave.",
    )
    period_to = fields.Selection(
        PERIODS,
        string="Until Session",
        help="Leave ends after this session of the last day; empty: the whole day.",
    )
    session_ids = fields.Many2many(
        "school.session",
        string="Sessions",
        compute="_compute_session_ids",
        help="School sessions the pupil would miss (weekends, holidays and closures excluded).",
    )
    session_count = fields.Integer(
        string="Sessions Missed",
        compute="_compute_session_ids",
        help="Number of school sessions (AM and PM counted separately) in the leave.",
    )
    reason = fields.Text(
        required=True,
        help="Reason the parent gives for the leave.",
    )
    is_exceptional = fields.Boolean(
        string="Exceptional Circumstances",
        track_visibility="onchange",
        help="The head (or the person they authorise) judges the circumstances "
        "exceptional: only then may a leave be granted with code C.",
    )
    date_requested = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Day the school received the request.",
    )
    is_late_request = fields.Boolean(
        string="Late Request",
        compute="_compute_is_late_request",
        store=True,
        help="Requested less than two weeks before the first day of the leave.",
    )
    notice_days = fields.Integer(
        compute="_compute_is_late_request",
        store=True,
        help="Days between the request and the first day of the leave.",
    )
    state = fields.Selection(
        REQUEST_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="Draft: being entered. To Decide: waiting for the head's decision. "
        "Approved: the sessions are recorded with the leave code. Refused: if "
        "the leave is taken anyway, the sessions become G (unauthorised holiday).",
    )
    decided_by = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        track_visibility="onchange",
        help="Head or authorised person who approved or refused the request.",
    )
    decision_date = fields.Date(
        readonly=True,
        copy=False,
        help="Day the request was approved or refused.",
    )
    decision_reason = fields.Text(
        copy=False,
        help="Why the request was approved or refused (required to refuse); "
        "quoted in the reply to the parent.",
    )
    leave_code_id = fields.Many2one(
        "school.attendance.code",
        string="Leave Code",
        required=True,
        default=_default_leave_code,
        ondelete="restrict",
        track_visibility="onchange",
        domain=[("code", "in", LEAVE_CODES)],
        help="Code recorded for the sessions if the leave is approved: C "
        "(exceptional circumstances), C1 (regulated performance or employment "
        "abroad), C2 (part-time timetable), J1 (interview), M (medical or "
        "dental) or S (study leave).",
    )
    leave_code = fields.Char(
        related="leave_code_id.code",
        readonly=True,
        help="The leave code's letter: the form shows before Approve that C needs "
        "exceptional circumstances.",
    )
    is_this_term = fields.Boolean(
        string="This Term",
        compute="_compute_is_this_term",
        search="_search_is_this_term",
        help="The leave falls (at least partly) in the current term.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date_from", "date_to", "period_from", "period_to", "company_id")
    def _compute_session_ids(self):
        for request in self:
            sessions = request._get_sessions()
            request.session_ids = sessions
            request.session_count = len(sessions)

    @api.depends("date_requested", "date_from")
    def _compute_is_late_request(self):
        for request in self:
            if request.date_requested and request.date_from:
                requested = fields.Date.from_string(request.date_requested)
                first_day = fields.Date.from_string(request.date_from)
                request.notice_days = notice_days(requested, first_day)
                request.is_late_request = is_late(requested, first_day)
            else:
                request.notice_days = 0
                request.is_late_request = False

    def _compute_is_this_term(self):
        terms = self._current_terms()
        for request in self:
            request.is_this_term = any(
                request.date_from <= term.date_end and request.date_to >= term.date_start
                for term in terms
                if term.company_id == request.company_id
            )

    def _search_is_this_term(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on 'This Term': %s") % operator)
        domain = ["|"] * (len(self._current_terms()) - 1)
        for term in self._current_terms():
            domain += [
                "&",
                "&",
                ("company_id", "=", term.company_id.id),
                ("date_from", "<=", term.date_end),
                ("date_to", ">=", term.date_start),
            ]
        if not domain:
            domain = [("id", "=", 0)]
        if (operator == "=") != bool(value):
            domain = ["!"] + domain
        return domain

    def _current_terms(self):
        today = fields.Date.context_today(self)
        return self.env["school.term"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)]
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("pupil_id", "requested_by_id")
    def _check_requested_by(self):
        for request in self:
            contact = request.requested_by_id
            who = contact.partner_id.name
            pupil = request.pupil_id.name
            if contact.pupil_id != request.pupil_id:
                raise ValidationError(
                    _("%s is not a contact of %s: only the pupil's own parent can request leave.")
                    % (who, pupil)
                )
            if not contact.has_parental_responsibility:
                raise ValidationError(
                    _(
                        "%s cannot request a leave of absence for %s: they do not "
                        "have parental responsibility for the pupil."
                    )
                    % (who, pupil)
                )
            if not contact.lives_with_pupil:
                raise ValidationError(
                    _(
                        "%s cannot request a leave of absence for %s: the head can "
                        "only consider a request from a parent the pupil normally "
                        "lives with."
                    )
                    % (who, pupil)
                )

    @api.constrains("date_from", "date_to", "period_from", "period_to")
    def _check_dates(self):
        for request in self:
            start = session_key(request.date_from, request.period_from)
            end = session_key(request.date_to, request.period_to, end=True)
            if start > end:
                raise ValidationError(
                    _("The leave of %s ends before it starts (%s to %s).")
                    % (
                        request.pupil_id.name,
                        format_date(request.date_from),
                        format_date(request.date_to),
                    )
                )

    @api.constrains("pupil_id", "date_from", "date_to", "period_from", "period_to", "state")
    def _check_overlap(self):
        for request in self.filtered(lambda r: r.state not in ("refused", "cancelled")):
            others = self.search(
                [
                    ("id", "!=", request.id),
                    ("pupil_id", "=", request.pupil_id.id),
                    ("state", "not in", ("refused", "cancelled")),
                    ("date_from", "<=", request.date_to),
                    ("date_to", ">=", request.date_from),
                ]
            )
            for other in others:
                if request._overlaps(other):
                    raise ValidationError(
                        _(
                            "%s already has a leave request for these dates: %s "
                            "(%s to %s, %s). Change or cancel that request instead."
                        )
                        % (
                            request.pupil_id.name,
                            other.name,
                            other.date_from,
                            other.date_to,
                            dict(REQUEST_STATES)[other.state],
                        )
                    )

    @api.constrains("leave_code_id")
    def _check_leave_code(self):
        for request in self:
            if request.leave_code_id.code not in LEAVE_CODES:
                raise ValidationError(
                    _("%s is not a leave of absence code: a leave is recorded with one of %s.")
                    % (request.leave_code_id.code, ", ".join(LEAVE_CODES))
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        is_parent = not self.env.user.has_group("school_attendance.group_attendance_officer")
        if is_parent:
            self._check_parent_vals(vals)
        if vals.get("name", _("New")) == _("New"):
            vals = dict(vals)
            # sudo: parents (portal) have no access to sequences; the reference
            # is the one thing taken from it.
            sequence = self.env["ir.sequence"].sudo()
            vals["name"] = sequence.next_by_code("school.leave.request") or _("New")
        if is_parent and self.env.user.share:
            self.check_access_rights("create")
            # sudo: Odoo 11 stores the activity fields of mail.activity.mixin for
            # employees only, so a portal parent cannot write the new record
            # themselves; what they may request was checked just above (their
            # own contact, no decision fields) and by the constraints.
            parent = self.env.user.partner_id
            request = super(
                SchoolLeaveRequest,
                self.sudo().with_context(mail_create_nosubscribe=True, **portal_author(parent.id)),
            ).create(vals)
            # The parent follows their request: the office can answer them by e-mail.
            request.message_subscribe(partner_ids=[parent.id])
            return request.sudo(self.env.uid)
        return super(SchoolLeaveRequest, self).create(vals)

    def write(self, vals):
        locked = set(LOCKED_FIELDS) & set(vals)
        if locked:
            decided = self.filtered(lambda r: r.state in ("approved", "refused"))
            if decided:
                raise UserError(
                    _(
                        "The request %s has been decided: its pupil, dates and code "
                        "cannot change. Cancel it and record a new request."
                    )
                    % ", ".join(decided.mapped("name"))
                )
        return super(SchoolLeaveRequest, self).write(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                _("Only draft leave requests can be deleted; cancel the others instead.")
            )
        return super(SchoolLeaveRequest, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        """Send the request to the head for a decision."""
        self._check_state(("draft",), _("submitted"))
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        """Grant the leave: every session in the range gets the leave code."""
        self._check_may_decide()
        self._check_state(("submitted",), _("approved"))
        for request in self:
            if request.leave_code_id.code == "C" and not request.is_exceptional:
                raise UserError(
                    _(
                        "%s: a leave with code C is granted only in exceptional "
                        "circumstances. Tick 'Exceptional Circumstances' if the head "
                        "judges them so, or refuse the request."
                    )
                    % request.name
                )
        self.write(
            {
                "state": "approved",
                "decided_by": self.env.uid,
                "decision_date": fields.Date.context_today(self),
            }
        )
        self.apply_leave_code()
        return True

    def action_refuse(self):
        """Refuse the leave; sessions already missed become G (unauthorised holiday)."""
        self._check_may_decide()
        self._check_state(("submitted",), _("refused"))
        missing = self.filtered(lambda r: not (r.decision_reason or "").strip())
        if missing:
            raise UserError(
                _("Give the reason for refusing %s: it is sent to the parent.")
                % ", ".join(missing.mapped("name"))
            )
        self.write(
            {
                "state": "refused",
                "decided_by": self.env.uid,
                "decision_date": fields.Date.context_today(self),
            }
        )
        self.apply_refused_absence()
        return True

    def action_cancel(self):
        """Withdraw the request (the parent changed plans or it was entered by mistake).

        An approved leave that is cancelled gives back the sessions not yet
        registered: their leave code is removed. Entries of registers already
        taken stay; the chatter lists them so the office can amend them.
        """
        self._check_state(("draft", "submitted", "approved"), _("cancelled"))
        for request in self.filtered(lambda r: r.state == "approved"):
            code = request.leave_code_id
            marks = request._get_marks().filtered(lambda m, code=code: m.code_id == code)
            open_marks = marks.filtered(lambda m: m.register_state in (False, "draft"))
            open_marks.write({"code_id": False})
            taken = marks - open_marks
            if taken:
                request.message_post(
                    body=_(
                        "Cancelled after approval. These sessions were already "
                        "registered with %s; amend them if the leave was not taken: %s"
                    )
                    % (code.code, ", ".join(taken.mapped("session_id.name")))
                )
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        """Reopen a cancelled request as a draft."""
        self._check_state(("cancelled",), _("reset to draft"))
        self.write({"state": "draft", "decided_by": False, "decision_date": False})
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def apply_leave_code(self):
        """Record the leave code on the sessions of approved requests.

        Sessions without a mark yet get one in advance (it joins the register
        when the register is created); marks of registers not yet taken are
        set directly; marks of taken registers are amended with the reason
        "Leave of absence approved: <reference>". Sessions where the pupil
        was present, or has another authorised code, are left as they are.
        """
        Mark = self.env["school.attendance.mark"]
        for request in self.filtered(lambda r: r.state == "approved"):
            code = request.leave_code_id
            marks = request._get_marks()
            marked_sessions = marks.mapped("session_id")
            for session in request.session_ids - marked_sessions:
                if request.pupil_id.is_on_roll(session.date):
                    Mark.create(
                        {
                            "pupil_id": request.pupil_id.id,
                            "session_id": session.id,
                            "code_id": code.id,
                        }
                    )
            todo = marks.filtered(
                lambda m, code=code: (
                    m.code_id != code and (not m.code_id or m.code_id.code in REPLACEABLE_CODES)
                )
            )
            todo.with_context(
                amendment_reason=_("Leave of absence approved: %s") % request.name
            ).write({"code_id": code.id})
        return True

    def apply_refused_absence(self, sessions=None):
        """Turn the absences during refused leaves into G (unauthorised holiday).

        For each refused request, the pupil's marks with N or O on the
        request's sessions (only those in ``sessions`` when given) become G,
        amended with the reason "Leave of absence refused: <reference>" when
        the register was already taken. When attendance cases are installed,
        the pupil's 'term_time_holiday' case is opened or updated.
        Returns the marks changed.
        """
        changed = self.env["school.attendance.mark"]
        for request, marks in self._refused_absence_marks(sessions):
            request._set_unauthorised_holiday(marks)
            changed |= marks
        return changed

    def _set_unauthorised_holiday(self, marks):
        """Give ``marks`` the G code with this request as the amendment reason.

        The marks are written with their own environment (the amendment names
        that user); the request's chatter and the case use the request's.
        """
        self.ensure_one()
        code = self.env["school.attendance.code"].get_code(REFUSED_TAKEN_CODE)
        marks.with_context(amendment_reason=_("Leave of absence refused: %s") % self.name).write(
            {"code_id": code.id}
        )
        self._update_holiday_case(marks)

    def _refused_absence_marks(self, sessions=None):
        """[(request, marks)]: absent marks (N, O) during refused requests."""
        result = []
        for request in self.filtered(lambda r: r.state == "refused"):
            marks = request._get_marks(sessions).filtered(lambda m: m.code_id.code in ABSENT_CODES)
            if marks:
                result.append((request, marks))
        return result

    def _update_holiday_case(self, marks):
        """Add to the pupil's open term-time holiday case, or have the escalation open one."""
        self.ensure_one()
        self.message_post(
            body=_("Leave taken although refused: %d session(s) recorded as G (%s).")
            % (len(marks), ", ".join(marks.mapped("session_id.name")))
        )
        # sudo: the case follows from the register, not from the user's choice:
        # the teacher taking the register may have no access to cases.
        Case = self.env["school.attendance.case"].sudo()
        case = Case.search(
            [
                ("pupil_id", "=", self.pupil_id.id),
                ("concern", "=", "term_time_holiday"),
                ("date_closed", "=", False),
            ],
            limit=1,
        )
        explanation = _(
            "Term-time holiday: leave request %s was refused and taken; %d session(s) of G: %s."
        ) % (self.name, len(marks), ", ".join(marks.mapped("session_id.name")))
        if not case:
            # The escalation engine opens it, with the figures of the last day taken.
            self.env["school.attendance.policy"].sudo()._open_case_for(
                self.pupil_id.sudo(),
                "term_time_holiday",
                explanation.rstrip("."),
                on_date=max(marks.mapped("date")),
            )
            return
        case.message_post(body=explanation, author_id=marks.env.user.partner_id.id)

    def _get_sessions(self):
        """The school sessions of the leave (``school.session`` recordset)."""
        self.ensure_one()
        Session = self.env["school.session"]
        if not (self.date_from and self.date_to and self.company_id):
            return Session
        sessions = Session.get_sessions(self.date_from, self.date_to, company=self.company_id)
        start = session_key(self.date_from, self.period_from)
        end = session_key(self.date_to, self.period_to, end=True)
        return sessions.filtered(lambda s: start <= session_key(s.date, s.period) <= end)

    def _get_marks(self, sessions=None):
        """The pupil's existing marks on the leave's sessions (or those of ``sessions``)."""
        self.ensure_one()
        session_ids = self.session_ids
        if sessions is not None:
            session_ids &= sessions
        return self.env["school.attendance.mark"].search(
            [("pupil_id", "=", self.pupil_id.id), ("session_id", "in", session_ids.ids)]
        )

    def _overlaps(self, other):
        """Whether the two requests share at least one half day."""
        return session_key(self.date_from, self.period_from) <= session_key(
            other.date_to, other.period_to, end=True
        ) and session_key(other.date_from, other.period_from) <= session_key(
            self.date_to, self.period_to, end=True
        )

    @api.model
    def _check_parent_vals(self, vals):
        """A parent (portal) requests in their own name; the school decides the rest."""
        self._check_portal_create_vals(vals)
        contact = self.env["school.pupil.contact"].browse(vals.get("requested_by_id"))
        if contact.partner_id != self.env.user.partner_id:
            raise AccessError(_("You can only request a leave of absence in your own name."))
        try:
            start = to_date(vals.get("date_from"))
        except ValueError:
            start = None  # not a date: the field itself refuses it
        if start and start < to_date(fields.Date.context_today(self)):
            raise UserError(
                _(
                    "A leave of absence is asked for before it starts: %s has passed. "
                    "Choose a first day from today on; for an absence that has already "
                    "happened, report the absence or contact the school office."
                )
                % format_date(start)
            )

    def _check_may_decide(self):
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(
                _(
                    "Only the head or a person they authorise (attendance officers "
                    "and managers) can approve or refuse a leave of absence."
                )
            )

    def _check_state(self, states, target):
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                _("%s cannot be %s from its current status (%s).")
                % (
                    ", ".join(wrong.mapped("name")),
                    target,
                    ", ".join(sorted({dict(REQUEST_STATES)[r.state] for r in wrong})),
                )
            )
