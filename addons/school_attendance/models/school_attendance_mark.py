import threading

from odoo import _, api, fields, models
from odoo.addons.school_attendance.rules import lateness
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..dates import format_date
from ..rules import escalation
from .school_attendance_code import CATEGORIES
from .school_retention_mixin import retention_day
from .school_session import PERIODS

#: Codes an arrival time decides (present, late before / after the register closed).
ARRIVAL_CODES = ("/", "\\", lateness.LATE_CODE, lateness.AFTER_CLOSE_CODE)
#: Fields whose change in a taken register is an amendment.
AMENDED_FIELDS = ("code_id", "minutes_late")
#: The code of absence for illness.
ILLNESS_CODE = "I"

# Set while the first-day escalation runs in this thread: the writes it causes
# (stored fields recomputed on the same marks) must not start it again.
_RUNNING = threading.local()


class SchoolAttendanceMark(models.Model):
    """One pupil's entry in the attendance register for one session.

    Saving a mark, top to bottom (``create`` / ``write`` below): archiving
    under the retention rules is checked (``school.retention.mixin``); what
    places the mark is fixed; an arrival time sets the code and minutes late;
    a change in a taken register is recorded as an amendment; then, when a
    code was written, the first-day escalation runs for morning marks of
    unexplained absence (N) and an illness (I) without the medical evidence
    the pupil needs gives the office an activity.
    """

    _name = "school.attendance.mark"
    _inherit = ["school.guarded.mixin", "school.retention.mixin"]
    _description = "Attendance Mark"
    _order = "date desc, period, register_id, pupil_id"
    _rec_name = "pupil_id"

    #: What places the mark in the register: fixed once it is entered. Its
    #: code changes only by amendment once the register is taken.
    _fixed_fields = (
        "pupil_id",
        "session_id",
        "register_id",
        "company_id",
        "date",
        "period",
        "category",
        "register_state",
    )

    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        help="Pupil on roll the entry is for.",
    )
    session_id = fields.Many2one(
        "school.session",
        string="Session",
        required=True,
        index=True,
        ondelete="restrict",
        help="Session (date and AM/PM) of the entry.",
    )
    register_id = fields.Many2one(
        "school.attendance.register",
        string="Register",
        index=True,
        ondelete="restrict",
        help="Register the entry was taken in. Empty for entries the office "
        "made in advance; they join the register when it is created.",
    )
    register_state = fields.Selection(
        related="register_id.state",
        string="Register Status",
        readonly=True,
        help="Status of the register: changes to a taken register are amendments.",
    )
    date = fields.Date(
        related="session_id.date",
        store=True,
        readonly=True,
        index=True,
        help="Day of the session.",
    )
    period = fields.Selection(
        PERIODS,
        related="session_id.period",
        store=True,
        readonly=True,
        help="Morning (AM) or afternoon (PM) session.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="session_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the session.",
    )
    code_id = fields.Many2one(
        "school.attendance.code",
        string="Code",
        index=True,
        ondelete="restrict",
        domain=[("is_retired", "=", False)],
        help="National attendance code. Empty: the pupil is not marked yet.",
    )
    category = fields.Selection(
        CATEGORIES,
        related="code_id.category",
        store=True,
        readonly=True,
        help="DfE category of the code.",
    )
    arrival_time = fields.Float(
        string="Arrival",
        help="Time the pupil arrived (hours, 8:51 = 8.85). Sets the code "
        "(present, L or U) and the minutes late from the school's register times.",
    )
    minutes_late = fields.Integer(
        string="Minutes Late",
        default=0,
        help="Minutes after the register was taken that the pupil arrived.",
    )
    comment = fields.Char(
        groups="base.group_user",
        help="Reason or note for the entry (required for some codes, e.g. Y7). Staff only: "
        "parents on the portal see the code, not the school's notes.",
    )
    amendment_ids = fields.One2many(
        "school.attendance.amendment",
        "mark_id",
        string="Amendments",
        readonly=True,
        help="Changes made after the register was taken.",
    )
    # Illness and medical evidence (seeds 000, 003, 004): once a policy step (or an
    # officer) requires medical evidence for a pupil, an illness mark (I) without it
    # warns as it is entered and gives the office an activity: obtain the evidence,
    # or record the absence as unauthorised (O).
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

    _sql_constraints = [
        (
            "pupil_session_uniq",
            "unique(pupil_id, session_id)",
            "A pupil has only one attendance mark per session.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("pupil_id", "session_id")
    def _check_on_roll(self):
        for mark in self:
            if mark.pupil_id.company_id != mark.session_id.company_id:
                raise ValidationError(
                    _("%s is not a pupil of the school holding the session %s.")
                    % (mark.pupil_id.name, mark.session_id.name)
                )
            if not mark.pupil_id.is_on_roll(mark.session_id.date):
                raise ValidationError(
                    _(
                        "%s is not on the admission register on %s, so they "
                        "cannot have an attendance mark that day."
                    )
                    % (mark.pupil_id.name, format_date(mark.session_id.date))
                )

    @api.constrains("pupil_id", "session_id", "register_id")
    def _check_register(self):
        # sudo: the pupil's group decides, also when the user may not open the pupil.
        for mark in self.sudo().filtered("register_id"):
            register = mark.register_id
            if register.session_id != mark.session_id:
                raise ValidationError(
                    _(
                        "The register %s is for the session %s, not %s: enter the "
                        "mark in that session's register."
                    )
                    % (register.name, register.session_id.name, mark.session_id.name)
                )
            if mark.pupil_id.group_id != register.group_id:
                raise ValidationError(
                    _(
                        "%s is not in the group %s, so they have no entry in its "
                        "register %s. Their own group's register records them."
                    )
                    % (mark.pupil_id.name, register.group_id.name, register.name)
                )

    @api.constrains("minutes_late")
    def _check_minutes_late(self):
        for mark in self:
            if mark.minutes_late < 0:
                raise ValidationError(
                    _("Minutes late cannot be negative (%s: %d).")
                    % (mark.pupil_id.name, mark.minutes_late)
                )

    @api.constrains("code_id")
    def _check_code(self):
        for mark in self:
            code = mark.code_id
            if not code:
                if mark.register_id.state in ("taken", "closed"):
                    raise ValidationError(
                        _("%s needs a code: the register %s has been taken.")
                        % (mark.pupil_id.name, mark.register_id.name)
                    )
                continue
            if code.is_retired:
                raise ValidationError(
                    _(
                        "The code %s was retired on 19 August 2024 and cannot be "
                        "used for new marks (%s)."
                    )
                    % (code.code, mark.pupil_id.name)
                )
            if code.period_restriction not in ("any", mark.period):
                raise ValidationError(
                    _("The code %s is for %s sessions only; %s is a %s session.")
                    % (
                        code.code,
                        "morning" if code.period_restriction == "am" else "afternoon",
                        mark.session_id.name,
                        mark.period.upper(),
                    )
                )

    @api.constrains("code_id", "comment")
    def _check_reason(self):
        for mark in self:
            if mark.code_id.requires_reason and not (mark.comment or "").strip():
                raise ValidationError(
                    _("The code %s needs a reason in the comment (%s).")
                    % (mark.code_id.code, mark.pupil_id.name)
                )

    # ------------------------------------------------------------------
    # Onchange
    # ------------------------------------------------------------------
    @api.onchange("arrival_time")
    def _onchange_arrival_time(self):
        if self.arrival_time and self.session_id:
            vals = self._arrival_vals(self.arrival_time, self.session_id, self.code_id)
            if "code_id" in vals:
                self.code_id = self.env["school.attendance.code"].browse(vals["code_id"])
            self.minutes_late = vals.get("minutes_late", self.minutes_late)

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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        vals = self._resolve_session(dict(vals))
        self._check_no_duplicate(vals["pupil_id"], vals["session_id"])
        if vals.get("arrival_time"):
            session = self.env["school.session"].browse(vals["session_id"])
            code = self.env["school.attendance.code"].browse(vals.get("code_id"))
            vals.update(self._arrival_vals(vals["arrival_time"], session, code))
        if not vals.get("register_id"):
            pupil = self.env["school.pupil"].browse(vals["pupil_id"])
            register = self.env["school.attendance.register"].search(
                [("session_id", "=", vals["session_id"]), ("group_id", "=", pupil.group_id.id)],
                limit=1,
            )
            vals["register_id"] = register.id
        self.env["school.attendance.register"].browse(vals["register_id"])._lock()
        mark = super(SchoolAttendanceMark, self).create(vals)
        if vals.get("code_id"):
            mark._after_code_written()
        return mark

    def write(self, vals):
        self._check_may_archive(vals)
        res = self._write_mark(vals)
        if vals.get("code_id"):
            self._after_code_written()
        return res

    def _write_mark(self, vals):
        """Write ``vals``: a mark stays in place; an arrival time sets its code."""
        if self._changed_fields(vals, self._fixed_fields) and not self._is_server_write():
            raise UserError(
                _(
                    "A mark cannot be moved to another pupil, session or register: "
                    "give the right pupil a mark and correct this one."
                )
            )
        if vals.get("arrival_time"):
            # The code and minutes depend on each mark's session: one write each.
            for mark in self:
                mark_vals = dict(vals)
                code = self.env["school.attendance.code"].browse(
                    vals["code_id"] if "code_id" in vals else mark.code_id.id
                )
                mark_vals.update(self._arrival_vals(vals["arrival_time"], mark.session_id, code))
                mark._write_register_entry(mark_vals)
            return True
        return self._write_register_entry(vals)

    def _write_register_entry(self, vals):
        """Write ``vals``, recording an amendment for entries already in a taken register."""
        self.mapped("register_id")._lock()
        changes = []
        if set(AMENDED_FIELDS) & set(vals):
            for mark in self.filtered(lambda m: m.register_id.state in ("taken", "closed")):
                new_code_id = vals.get("code_id", mark.code_id.id) or False
                new_minutes = vals.get("minutes_late", mark.minutes_late) or 0
                if new_code_id != mark.code_id.id or new_minutes != mark.minutes_late:
                    changes.append((mark, mark.code_id.id, mark.minutes_late))
        if changes:
            self._check_may_amend([c[0] for c in changes])
        res = super(SchoolAttendanceMark, self).write(vals)
        if changes:
            reason = self.env.context["amendment_reason"].strip()
            position = self.env.user.get_attendance_position()
            amendment_model = self.env["school.attendance.amendment"]
            for mark, old_code_id, old_minutes in changes:
                # sudo: amendments are the register's audit trail; nobody may
                # create them directly, only this write that makes the change.
                amendment_model.sudo().create(
                    {
                        "mark_id": mark.id,
                        "old_code_id": old_code_id,
                        "new_code_id": mark.code_id.id,
                        "old_minutes_late": old_minutes,
                        "new_minutes_late": mark.minutes_late,
                        "reason": reason,
                        "user_id": self.env.uid,
                        "position": position,
                        "date": fields.Datetime.now(),
                    }
                )
        return res

    def _after_code_written(self):
        """What a code entered on the register starts at once.

        The hook lives in create()/write() rather than in a base.automation
        record: an automated action on marks costs 3-4 queries on every write
        of a mark (action search, filters, old values), which took the
        30-pupil register save from 58 to 95+ queries (bound: 60,
        test_registers). This costs one code read, and only when a code is
        written.
        """
        self._escalate_unexplained()
        self._check_medical_evidence()

    def unlink(self):
        raise UserError(
            _(
                "Attendance marks cannot be deleted: every register entry is kept "
                "for 6 years from the date it was entered (School Attendance "
                "(Pupil Registration) (England) Regulations 2024). Amend the "
                "mark with a reason instead."
            )
        )

    def name_get(self):
        return [(mark.id, "%s - %s" % (mark.pupil_id.name, mark.session_id.name)) for mark in self]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_amend(self):
        """Open the amendment wizard for this mark."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Amend mark"),
            "res_model": "school.attendance.amend.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mark_id": self.id},
        }

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

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _resolve_session(self, vals):
        """Fill ``session_id`` from ``date`` and ``period`` when only they are given."""
        date = vals.pop("date", None)
        period = vals.pop("period", None)
        vals.pop("company_id", None)
        vals.pop("category", None)
        if not vals.get("pupil_id"):
            raise ValidationError(_("An attendance mark needs a pupil."))
        if vals.get("session_id"):
            return vals
        if not date:
            raise ValidationError(_("An attendance mark needs a session (a date and AM/PM)."))
        pupil = self.env["school.pupil"].browse(vals["pupil_id"])
        session = self.env["school.session"].search(
            [
                ("company_id", "=", pupil.company_id.id),
                ("date", "=", date),
                ("period", "=", period or "am"),
            ],
            limit=1,
        )
        if not session:
            raise ValidationError(
                _(
                    "There is no school session on %s (%s): weekends, holidays and "
                    "closures have no register, so no mark can be entered."
                )
                % (format_date(date), (period or "am").upper())
            )
        vals["session_id"] = session.id
        return vals

    @api.model
    def _check_no_duplicate(self, pupil_id, session_id):
        # The SQL constraint is the guarantee; this gives the user a readable message.
        # sudo: the existing mark may be on a register the user cannot read (or archived).
        other = (
            self.sudo()
            .with_context(active_test=False)
            .search([("pupil_id", "=", pupil_id), ("session_id", "=", session_id)], limit=1)
        )
        if other:
            raise ValidationError(
                _("%s already has a mark for %s (%s). Change that mark instead.")
                % (
                    other.pupil_id.name,
                    other.session_id.name,
                    other.code_id.code or _("not marked yet"),
                )
            )

    @api.model
    def _arrival_vals(self, arrival_time, session, code=None):
        """Code and minutes late for an arrival at ``arrival_time`` (float hours).

        Uses the school's register times through ``rules.lateness``. A code
        that an arrival time does not decide (e.g. M, medical appointment)
        is kept; then only the minutes late are set.
        """
        company = session.company_id
        if session.period == "am":
            register_time, register_close = company.register_am_time, company.register_am_close
        else:
            register_time, register_close = company.register_pm_time, company.register_pm_close
        try:
            code_str, minutes = lateness.classify_arrival(
                arrival_time, register_time, register_close, session=session.period
            )
        except ValueError as exc:
            raise ValidationError(_("Invalid arrival time: %s") % exc)
        if code and code.code not in ARRIVAL_CODES:
            return {"minutes_late": minutes}
        new_code = self.env["school.attendance.code"].get_code(code_str)
        return {"code_id": new_code.id, "minutes_late": minutes}

    @api.model
    def _record_session_codes(
        self, pupils, sessions, code, reason, comment=None, create_missing=False
    ):
        """Give ``pupils`` the ``code`` on ``sessions`` (closures, suspensions).

        Their existing entries change: directly in registers not yet taken, as
        amendments with ``reason`` in taken ones (closed ones need a manager).
        With ``create_missing``, the sessions where a pupil on roll has no entry
        yet get one (it joins its register when the register is created).
        Returns the entries written.
        """
        vals = {"code_id": code.id}
        if comment:
            vals["comment"] = comment
        marks = self.search([("pupil_id", "in", pupils.ids), ("session_id", "in", sessions.ids)])
        todo = marks.filtered(lambda m: m.code_id != code)
        if todo:
            todo.with_context(amendment_reason=reason).write(vals)
        if not create_missing:
            return todo
        have = {(m.pupil_id.id, m.session_id.id) for m in marks}
        for session in sessions:
            for pupil in pupils:
                if (pupil.id, session.id) not in have and pupil.is_on_roll(session.date):
                    todo |= self.create(dict(vals, pupil_id=pupil.id, session_id=session.id))
        return todo

    def _check_may_amend(self, marks):
        """Raise unless the user may amend ``marks`` (entries of taken registers)."""
        if not (self.env.context.get("amendment_reason") or "").strip():
            raise UserError(
                _(
                    "The register %s has been taken: to change a mark, give a "
                    "reason for the amendment (use 'Amend')."
                )
                % marks[0].register_id.name
            )
        closed = [m for m in marks if m.register_id.state == "closed"]
        if closed and not self.env.user.has_group("school_attendance.group_attendance_manager"):
            raise AccessError(
                _(
                    "The register %s is closed: only an attendance manager can "
                    "amend it, or reopen it for you."
                )
                % closed[0].register_id.name
            )

    def _retention_entry_dates(self):
        Amendment = self.env["school.attendance.amendment"].with_context(active_test=False)
        dates = {mark: [retention_day(mark.date)] for mark in self}
        for amendment in Amendment.search([("mark_id", "in", self.ids)]):
            dates[amendment.mark_id].append(retention_day(amendment.date))
        return dates

    # ------------------------------------------------------------------
    # First-day escalation (on the register save)
    # ------------------------------------------------------------------
    def _escalate_unexplained(self):
        """First-day escalation for the morning marks just given an unexplained code."""
        marks = self.filtered(lambda m: m.period == "am" and m.code_id.is_temporary)
        if marks:
            marks.escalate_first_day()

    @api.multi
    def escalate_first_day(self):
        """Run the first-day steps of the school's policy for the pupils of these marks.

        Called when an unexplained absence (N) is entered on the morning
        register: the first-day call activity exists as soon as the register is
        saved, instead of waiting for the nightly run. Public so that an
        automated action or a script can call it too. Idempotent like
        ``school.attendance.policy.run_escalation``.
        """
        if getattr(_RUNNING, "active", False):
            return True
        _RUNNING.active = True
        try:
            self._escalate_first_day()
        finally:
            _RUNNING.active = False
        return True

    def _escalate_first_day(self):
        groups = {}
        for mark in self.filtered(lambda m: m.code_id and m.pupil_id):
            groups.setdefault((mark.company_id, mark.date), self.browse())
            groups[(mark.company_id, mark.date)] |= mark
        for (company, date), marks in groups.items():
            policy = company.attendance_policy_id
            if not policy:
                continue
            # sudo: teachers take the registers but may not read cases; the
            # first-day call must be scheduled for the office whoever saves.
            policy.sudo()._escalate(
                company.sudo(),
                fields.Date.from_string(date),
                pupils=marks.sudo().mapped("pupil_id"),
                concerns=("first_day",),
            )

    # ------------------------------------------------------------------
    # Medical evidence
    # ------------------------------------------------------------------
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
