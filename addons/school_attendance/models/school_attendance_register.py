import datetime

import pytz
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from psycopg2.extras import execute_values

from ..dates import format_date
from ..locks import lock_rows
from ..rules import lateness
from .school_retention_mixin import MANAGER_GROUP, retention_cutoff, retention_day
from .school_session import PERIODS

REGISTER_STATES = [("draft", "To Take"), ("taken", "Taken"), ("closed", "Closed")]
#: Buttons of the register-taking screen's palette: the school's most used codes
#: (present and late have their own buttons), topped up from this list.
PALETTE_SIZE = 6
PALETTE_DEFAULTS = ("I", "N", "M", "C", "R", "E")
#: Days of marks the palette counts the school's codes over.
PALETTE_DAYS = 28


class SchoolAttendanceRegister(models.Model):
    """The attendance register of one registration group for one session."""

    _name = "school.attendance.register"
    _description = "Attendance Register"
    _inherit = ["school.guarded.mixin", "mail.thread", "school.retention.mixin"]
    _order = "date desc, period, group_id"

    #: Set by the register's buttons only (Take register, Close, Reopen).
    _server_fields = ("state", "taken_by", "taken_at")
    #: Fixed when the register is created (officers may give a register still
    #: to take to another teacher, see _check_guarded_write).
    _fixed_fields = ("session_id", "group_id", "company_id", "date", "period", "teacher_id")

    def _default_teacher(self):
        return self.env.user

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Group and session, e.g. '3B - Mon 02 Sep 2024 AM'.",
    )
    session_id = fields.Many2one(
        "school.session",
        string="Session",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Session (date and AM/PM) the register records.",
    )
    group_id = fields.Many2one(
        "school.group",
        string="Group",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Registration group whose pupils are on this register.",
    )
    teacher_id = fields.Many2one(
        "res.users",
        string="Teacher",
        index=True,
        track_visibility="onchange",
        help="Member of staff who takes the register; by default the group's first tutor.",
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
        help="Morning (AM) or afternoon (PM) register.",
    )
    state = fields.Selection(
        REGISTER_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        help="To Take: marks are being entered. Taken: every pupil has a code; "
        "changes are amendments with a reason. Closed: checked by the office; "
        "only a manager may amend it.",
    )
    mark_ids = fields.One2many(
        "school.attendance.mark",
        "register_id",
        string="Marks",
        help="One line per pupil on roll in the group that day.",
    )
    mark_count = fields.Integer(
        string="Pupils",
        compute="_compute_mark_counts",
        help="Number of pupils on the register.",
    )
    marked_count = fields.Integer(
        string="Marked",
        compute="_compute_mark_counts",
        help="Number of pupils who already have a code.",
    )
    is_missing = fields.Boolean(
        string="Missing",
        compute="_compute_is_missing",
        search="_search_is_missing",
        help="Not taken although the day's registers had to be complete "
        "(the school's 'Registers Complete By' time today, or any past day).",
    )
    taken_by = fields.Many2one(
        "res.users",
        string="Taken By",
        readonly=True,
        copy=False,
        help="Who submitted the register.",
    )
    taken_at = fields.Datetime(
        string="Taken At",
        readonly=True,
        copy=False,
        help="When the register was submitted.",
    )

    _sql_constraints = [
        (
            "session_group_uniq",
            "unique(session_id, group_id)",
            "A group has only one register per session.",
        ),
    ]

    @api.depends("group_id.name", "session_id.name")
    def _compute_name(self):
        for register in self:
            register.name = "%s - %s" % (
                register.group_id.name or "",
                register.session_id.name or "",
            )

    @api.depends("mark_ids.code_id")
    def _compute_mark_counts(self):
        if not self.ids:
            for register in self:
                register.mark_count = len(register.mark_ids)
                register.marked_count = len(register.mark_ids.filtered("code_id"))
            return
        # One grouped query for a kanban page instead of reading every mark.
        data = self.env["school.attendance.mark"].read_group(
            [("register_id", "in", self.ids)], ["register_id", "code_id"], ["register_id"]
        )
        totals = {row["register_id"][0]: row["register_id_count"] for row in data}
        data = self.env["school.attendance.mark"].read_group(
            [("register_id", "in", self.ids), ("code_id", "!=", False)],
            ["register_id"],
            ["register_id"],
        )
        marked = {row["register_id"][0]: row["register_id_count"] for row in data}
        for register in self:
            register.mark_count = totals.get(register.id, 0)
            register.marked_count = marked.get(register.id, 0)

    def _compute_is_missing(self):
        clocks = {}
        for register in self:
            company = register.company_id
            if company not in clocks:
                clocks[company] = self._local_now(company)
            today, hour = clocks[company]
            today = fields.Date.to_string(today)
            register.is_missing = bool(
                register.state == "draft"
                and register.date
                and (
                    register.date < today
                    or (register.date == today and hour >= company.registers_closing_time)
                )
            )

    def _search_is_missing(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on 'Missing': %s") % operator)
        # Each school by its own clock: a register of today is missing once the
        # school's 'Registers Complete By' time has passed there.
        clauses = []
        for company in self.env["res.company"].search([]):
            today, hour = self._local_now(company)
            due = "<=" if hour >= company.registers_closing_time else "<"
            clauses.append(
                [("company_id", "=", company.id), ("date", due, fields.Date.to_string(today))]
            )
        domain = expression.AND(
            [[("state", "=", "draft")], expression.OR(clauses or [expression.FALSE_DOMAIN])]
        )
        # Normalised: the ORM splices the returned terms into the caller's domain.
        domain = expression.normalize_domain(domain)
        if (operator == "=") != bool(value):
            domain = ["!"] + domain
        return domain

    def _local_now(self, company=None):
        """Today (``datetime.date``) and the hour as a float at ``company``'s school.

        The school's own timezone (``res.company.school_tz``), not the user's
        nor the scheduler's; ``company`` defaults to the user's school. Kept in
        one method so tests can fix the clock with ``mock.patch.object``.
        """
        now = (company or self.env.user.company_id).get_school_now()
        return now.date(), now.hour + now.minute / 60.0 + now.second / 3600.0

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        if vals.get("group_id") and "teacher_id" not in vals:
            group = self.env["school.group"].browse(vals["group_id"])
            vals = dict(vals, teacher_id=group.tutor_ids[:1].id or self.env.uid)
        register = super(SchoolAttendanceRegister, self).create(vals)
        register._create_mark_lines()
        return register

    def write(self, vals):
        self._check_may_archive(vals)
        registers = self
        if "mark_ids" in vals:
            # The form saves every mark line of the register in this one call:
            # lock the register once here, the mark writes then skip it.
            self._lock()
            registers = self.with_context(school_locked_register_ids=frozenset(self.ids))
            if set(vals) == {"mark_ids"}:
                # Only lines change: skip the chatter's tracking reads on this hot path.
                registers = registers.with_context(tracking_disable=True)
            vals = dict(vals, mark_ids=registers._write_same_line_changes(vals["mark_ids"]))
            if not vals["mark_ids"]:
                # Every line was written above; an empty command list would
                # only re-read the lines and their amendments.
                del vals["mark_ids"]
                if not vals:
                    return True
        return super(SchoolAttendanceRegister, registers).write(vals)

    def _check_guarded_write(self, vals):
        if "teacher_id" in vals and self._may_assign_teacher():
            vals = {name: value for name, value in vals.items() if name != "teacher_id"}
        return super(SchoolAttendanceRegister, self)._check_guarded_write(vals)

    def _may_assign_teacher(self):
        """Officers may hand a register still to take to a cover teacher."""
        return self.env.user.has_group(
            "school_attendance.group_attendance_officer"
        ) and not self._not_in_state("draft")

    def _write_same_line_changes(self, commands):
        """Write the line updates ``(1, id, values)`` that carry the same values
        in one mark write each (e.g. five pupils ill: one write, one constraint
        check); return the commands left for the ORM.

        Only lines updated once by simple values are grouped, so the order of
        the commands cannot matter.
        """
        commands = list(commands or [])
        ids = [command[1] for command in commands if command and command[0] in (1, 2, 3, 4)]
        groups = {}
        rest = []
        for command in commands:
            values = command[2] if command and command[0] == 1 and len(command) > 2 else None
            if (
                isinstance(values, dict)
                and ids.count(command[1]) == 1
                and all(isinstance(v, (str, int, float, bool)) for v in values.values())
            ):
                groups.setdefault(tuple(sorted(values.items())), []).append(command[1])
            else:
                rest.append(command)
        if not groups:
            return rest
        # Read the lines and the codes they get once for all the groups (one
        # prefetch each) rather than once per group.
        marks = self.env["school.attendance.mark"].browse(
            [mark_id for mark_ids in groups.values() for mark_id in mark_ids]
        )
        marks.mapped("register_id.state")
        code_ids = {dict(values).get("code_id") for values in groups} - {None, False}
        self.env["school.attendance.code"].browse(sorted(code_ids)).mapped("code")
        for values, mark_ids in groups.items():
            marks.filtered(lambda m, ids=set(mark_ids): m.id in ids).write(dict(values))
        return rest

    def unlink(self):
        raise UserError(
            _(
                "Attendance registers cannot be deleted: their entries are kept "
                "for 6 years (School Attendance (Pupil Registration) (England) "
                "Regulations 2024)."
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_mark_all_present(self):
        """Give every pupil not yet marked the present code: / AM, \\ PM."""
        if self._not_in_state("draft"):
            raise UserError(
                _("Only a register still to be taken can be marked: %s.")
                % self._not_in_state("draft")
            )
        self._lock()
        todo = self.mapped("mark_ids").filtered(lambda m: not m.code_id)
        for period in set(todo.mapped("period")):
            code = self.env["school.attendance.code"].get_code(lateness.PRESENT_CODES[period])
            todo.filtered(lambda m, period=period: m.period == period).with_context(
                school_locked_register_ids=frozenset(self.ids)
            ).write({"code_id": code.id})
        return True

    def action_take(self):
        """Submit the register: every pupil on roll must have a code."""
        if self._not_in_state("draft"):
            raise UserError(
                _("This register has already been taken: %s.") % self._not_in_state("draft")
            )
        future = self.filtered(
            lambda r: r.date > fields.Date.to_string(self._local_now(r.company_id)[0])
        )
        if future:
            raise UserError(
                _("A register cannot be taken before its day: %s.")
                % ", ".join(future.mapped("name"))
            )
        self._lock()
        self._create_mark_lines()
        missing = []
        for register in self:
            unmarked = register.mark_ids.filtered(lambda m: not m.code_id)
            if unmarked:
                missing.append(
                    "%s: %s" % (register.name, ", ".join(unmarked.mapped("pupil_id.name")))
                )
        if missing:
            raise UserError(
                _("Every pupil needs a code before the register is taken. Not marked yet:\n%s")
                % "\n".join(missing)
            )
        # taken_by / taken_at record the submission; no chatter message per register.
        self.with_context(tracking_disable=True)._server_write(
            {"state": "taken", "taken_by": self.env.uid, "taken_at": fields.Datetime.now()}
        )
        self._apply_refused_leaves()
        return True

    def action_close(self):
        """Office check done: further changes need a manager."""
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(_("Only attendance officers and managers can close registers."))
        if self._not_in_state("taken"):
            raise UserError(
                _("Only a taken register can be closed: %s.") % self._not_in_state("taken")
            )
        self._lock()
        self._server_write({"state": "closed"})
        for register in self:
            register.message_post(body=_("Register closed."))
        return True

    def action_reopen(self):
        """Reopen a closed register (manager only) so officers can amend it again.

        It goes back to Taken, never to To Take: its entries are already part
        of the register, so every further change is an amendment.
        """
        if not self.env.user.has_group("school_attendance.group_attendance_manager"):
            raise AccessError(_("Only attendance managers can reopen closed registers."))
        if self._not_in_state("closed"):
            raise UserError(
                _("Only a closed register can be reopened: %s.") % self._not_in_state("closed")
            )
        self._lock()
        self._server_write({"state": "taken"})
        for register in self:
            register.message_post(body=_("Register reopened for amendments."))
        return True

    def get_taking_screen(self):
        """What the register-taking screen shows (the client action
        ``school_register_taking``): the register, its pupils with their marks
        and photos, the codes and the palette of the school's most used ones.
        """
        self.ensure_one()
        self.check_access_rule("read")
        company = self.company_id
        marks = self.mark_ids
        # bin_size: whether a pupil has a photo, without reading the photos.
        pupils = marks.mapped("pupil_id").with_context(bin_size=True)
        photos = {pupil.id: bool(pupil.image) for pupil in pupils}
        codes = self.env["school.attendance.code"].search(
            [("is_retired", "=", False), ("period_restriction", "in", ("any", self.period))]
        )
        today = self._local_now(company)[0]
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group_id.name,
            "day": format_date(self.date),
            "period": self.period,
            "state": self.state,
            "state_label": dict(REGISTER_STATES)[self.state],
            "taken_label": self._taken_label(),
            "is_future": self.date > fields.Date.to_string(today),
            "present_code": lateness.PRESENT_CODES[self.period],
            "absent_code": "N",
            "late_code": lateness.LATE_CODE,
            "codes": [
                {
                    "code": code.code,
                    "name": code.name,
                    "category": code.category,
                    "is_late": code.is_late,
                }
                for code in codes
            ],
            "palette": self._palette(codes),
            "pupils": [
                {
                    "pupil_id": mark.pupil_id.id,
                    "name": mark.pupil_id.name,
                    "initials": "".join(
                        part[:1] for part in (mark.pupil_id.first_name, mark.pupil_id.last_name)
                    ).upper(),
                    "has_photo": photos.get(mark.pupil_id.id, False),
                    "code": mark.code_id.code or False,
                    "arrival_time": mark.arrival_time or False,
                    "minutes_late": mark.minutes_late,
                }
                for mark in marks
            ],
        }

    def save_and_take(self, entries):
        """Save the marks given on the register-taking screen and take the register.

        One call, all or nothing. ``entries`` holds one dict per pupil marked
        on the screen: ``pupil_id``, ``code`` (the register symbol, e.g. ``"/"``
        or ``"I"``) and optionally ``arrival_time`` (hours, 9:05 = 9.0833: the
        code, present, ``L`` or ``U``, and the minutes late then follow from
        the school's register times) and ``comment``. Pupils left out keep the
        mark they have (e.g. a leave of absence the office entered).

        Only the register's teacher, a tutor of its group or an attendance
        officer may call it. Everything is checked before anything is written:
        an unknown code, a pupil not on this register, a pupil still without a
        code, or a register already taken or closed is refused with a
        ``UserError`` and the register stays as it was. Returns True.
        """
        self.ensure_one()
        self._check_may_take()
        # Locked once, for the marks' write and the taking: one read of the
        # register and its lines in this environment serves both.
        self._lock()
        register = self.with_context(school_locked_register_ids=frozenset(self.ids))
        if register.state != "draft":
            raise UserError(
                _(
                    "The register %s has already been taken (%s): nothing was saved. "
                    "To change a mark now, open the register and use Amend with a reason."
                )
                % (register.name, register._taken_label() or dict(REGISTER_STATES)[register.state])
            )
        commands = register._taking_commands(entries)
        if commands:
            register.write({"mark_ids": commands})
        return register.action_take()

    def _check_may_take(self):
        """Raise unless the user is the register's teacher, a tutor of its group or an officer."""
        self.check_access_rule("write")
        if self.env.user.has_group("school_attendance.group_attendance_officer"):
            return
        for register in self:
            if self.env.user not in register.teacher_id | register.group_id.tutor_ids:
                raise AccessError(
                    _(
                        "Only the teacher of the register %s, a tutor of its group or an "
                        "attendance officer can take it."
                    )
                    % register.name
                )

    def _taking_commands(self, entries):
        """The ``mark_ids`` commands that give the pupils of ``entries`` their marks.

        Raises a ``UserError`` on the first wrong entry and when a pupil would
        be left without a code, before anything is written.
        """
        if not isinstance(entries, (list, tuple)):
            raise UserError(_("The marks must be a list: one entry per pupil."))
        marks = {mark.pupil_id.id: mark for mark in self.mark_ids}
        codes = {
            code.code: code
            for code in self.env["school.attendance.code"].search([("is_retired", "=", False)])
        }
        commands = []
        given = set()
        for entry in entries:
            mark = marks.get(entry.get("pupil_id")) if isinstance(entry, dict) else None
            if mark is None:
                raise UserError(
                    _(
                        "The pupil %s is not on the register %s: only the pupils of "
                        "the group on roll that day can be marked. Reload the register."
                    )
                    % (entry.get("pupil_id") if isinstance(entry, dict) else entry, self.name)
                )
            if mark.id in given:
                raise UserError(
                    _("%s is given two marks: give each pupil one.") % mark.pupil_id.name
                )
            given.add(mark.id)
            vals = self._taking_vals(mark, entry, codes)
            if vals:
                commands.append((1, mark.id, vals))
        unmarked = self.mark_ids.filtered(lambda m: not m.code_id and m.id not in given)
        if unmarked:
            raise UserError(
                _("Every pupil needs a code before the register is taken. Not marked yet:\n%s")
                % ", ".join(unmarked.mapped("pupil_id.name"))
            )
        return commands

    def _taking_vals(self, mark, entry, codes):
        """The values that change ``mark`` as one screen ``entry`` says (checked)."""
        code = codes.get(entry.get("code"))
        if code is None:
            raise UserError(
                _(
                    "'%s' (for %s) is not an attendance code in use: choose one of "
                    "the codes on the screen (Attendance > Configuration > Codes)."
                )
                % (entry.get("code") or "", mark.pupil_id.name)
            )
        if code.period_restriction not in ("any", self.period):
            raise UserError(
                _("The code %s is not for a %s register (%s).")
                % (code.code, self.period.upper(), mark.pupil_id.name)
            )
        comment = entry.get("comment")
        if code.requires_reason and not (comment or mark.comment or "").strip():
            raise UserError(
                _("The code %s needs a reason in the comment (%s).")
                % (code.code, mark.pupil_id.name)
            )
        vals = {}
        arrival = entry.get("arrival_time")
        if arrival:
            if not isinstance(arrival, (int, float)) or not 0 < arrival < 24:
                raise UserError(
                    _("The arrival time of %s must be a time of day (e.g. 9.25 for 09:15).")
                    % mark.pupil_id.name
                )
            if arrival != mark.arrival_time:
                vals["arrival_time"] = float(arrival)
        if code != mark.code_id:
            vals["code_id"] = code.id
        if comment is not None and comment != (mark.comment or ""):
            vals["comment"] = comment
        return vals

    def _palette(self, codes):
        """Symbols of the school's most used codes among ``codes`` in the weeks up to
        the register's day (present and late excluded; topped up from PALETTE_DEFAULTS)."""
        usable = set(codes.mapped("code"))
        skip = set(lateness.PRESENT_CODES.values()) | {lateness.LATE_CODE}
        since = fields.Date.from_string(self.date) - datetime.timedelta(days=PALETTE_DAYS)
        # sudo: how often the school uses each code, counted over every class,
        # not only those the teacher may read; only the code symbols leave.
        rows = (
            self.env["school.attendance.mark"]
            .sudo()
            .read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date", ">=", fields.Date.to_string(since)),
                    ("date", "<=", self.date),
                    ("code_id", "!=", False),
                ],
                ["code_id"],
                ["code_id"],
            )
        )
        counted = {row["code_id"][0]: row["code_id_count"] for row in rows}
        used = self.env["school.attendance.code"].browse(sorted(counted)).exists()
        ranked = [c.code for c in sorted(used, key=lambda c: (-counted[c.id], c.sequence))]
        palette = []
        for symbol in ranked + list(PALETTE_DEFAULTS):
            if symbol in usable and symbol not in skip and symbol not in palette:
                palette.append(symbol)
        return palette[:PALETTE_SIZE]

    def _taken_label(self):
        """'Taken at 08:52 on 3 December 2026 by Hannah Whitfield' ('' while to take)."""
        if not self.taken_at:
            return ""
        local = pytz.utc.localize(fields.Datetime.from_string(self.taken_at)).astimezone(
            pytz.timezone(self.company_id.school_tz or "Europe/London")
        )
        return _("Taken at %s on %s by %s") % (
            local.strftime("%H:%M"),
            format_date(local.date()),
            self.taken_by.name or "",
        )

    @api.model
    def action_generate_today(self):
        """'Create registers' server action: today's registers of the user's school."""
        company = self.env.user.company_id
        today = self._local_now(company)[0]
        self.generate_registers(today, today, company=company)
        return self.env.ref("school_attendance.school_attendance_register_action").read()[0]

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    @api.returns("self", lambda registers: registers.ids)
    def generate_registers(self, date_from, date_to, company=None):
        """Create the missing registers of ``company`` between two dates.

        One register per active group per session, each pre-filled with one
        mark line (no code yet) per pupil of the group on roll that day.
        Idempotent: existing registers are kept and only get the lines of
        pupils who joined since. Dates are ``datetime.date`` or strings;
        ``company`` defaults to the user's. Returns the registers of the range.
        """
        company = company or self.env.user.company_id
        self.check_access_rights("create")
        sessions = self.env["school.session"].get_sessions(date_from, date_to, company=company)
        groups = self.env["school.group"].search([("company_id", "=", company.id)])
        if not sessions or not groups:
            return self.browse()
        self.recompute()  # flush pending computations before raw SQL
        existing = self.search([("session_id", "in", sessions.ids), ("group_id", "in", groups.ids)])
        done = {(r.session_id.id, r.group_id.id) for r in existing}
        uid = self.env.uid
        rows = [
            (
                session.id,
                group.id,
                group.tutor_ids[:1].id or None,
                company.id,
                session.date,
                session.period,
                "%s - %s" % (group.name, session.name),
                uid,
                uid,
            )
            for session in sessions
            for group in groups
            if (session.id, group.id) not in done
        ]
        if rows:
            # Odoo 11 has no multi-record create(): a term of registers for a
            # school is thousands of rows, so they go in one parameterised
            # INSERT, the stored related fields filled as their computes would.
            execute_values(
                self.env.cr,
                """
                INSERT INTO school_attendance_register
                    (session_id, group_id, teacher_id, company_id, date, period,
                     name, state, create_uid, write_uid, create_date, write_date)
                VALUES %s
                ON CONFLICT (session_id, group_id) DO NOTHING
                """,
                rows,
                template="(%s, %s, %s, %s, %s, %s, %s, 'draft', %s, %s, "
                "(now() at time zone 'UTC'), (now() at time zone 'UTC'))",
            )
            self.invalidate_cache()
        registers = self.search(
            [("session_id", "in", sessions.ids), ("group_id", "in", groups.ids)]
        )
        registers._create_mark_lines()
        return registers

    @api.model
    def _cron_generate_registers(self):
        """Daily job: today's registers for every school with a session today.

        "Today" is each school's local date (its timezone), whatever the
        timezone of the user the job runs as.
        """
        for company in self.env["res.company"].search([]):
            today = self._local_now(company)[0]
            self.generate_registers(today, today, company=company)
        return True

    def _create_mark_lines(self):
        """Add a line without code for every pupil on roll missing from the registers.

        Only registers still to be taken get lines. A mark the office entered
        in advance (e.g. a leave of absence) for a pupil of the group is
        attached to the register instead of being duplicated.
        """
        registers = self.filtered(lambda r: r.state == "draft")
        if not registers:
            return
        dates = registers.mapped("date")
        # sudo: the register lists every pupil of the group, whoever opens it.
        # Pupils on roll on any day of the range; is_on_roll() picks per day.
        pupils = (
            self.env["school.pupil"]
            .sudo()
            .search(
                [
                    ("group_id", "in", registers.mapped("group_id").ids),
                    ("date_admitted", "<=", max(dates)),
                    "|",
                    ("date_left", "=", False),
                    ("date_left", ">=", min(dates)),
                ]
            )
        )
        by_group = {}
        for pupil in pupils:
            by_group.setdefault(pupil.group_id.id, []).append(pupil)
        present = {(m.register_id.id, m.pupil_id.id) for m in registers.mapped("mark_ids")}
        uid = self.env.uid
        rows = [
            (
                pupil.id,
                register.session_id.id,
                register.id,
                register.company_id.id,
                register.date,
                register.period,
                uid,
                uid,
            )
            for register in registers
            for pupil in by_group.get(register.group_id.id, [])
            if (register.id, pupil.id) not in present and pupil.is_on_roll(register.date)
        ]
        if not rows:
            return
        self.env["school.attendance.mark"].recompute()
        # One INSERT for every line (see generate_registers); ON CONFLICT keeps
        # exactly one mark per pupil and session.
        execute_values(
            self.env.cr,
            """
            INSERT INTO school_attendance_mark
                (pupil_id, session_id, register_id, company_id, date, period,
                 minutes_late, create_uid, write_uid, create_date, write_date)
            VALUES %s
            ON CONFLICT (pupil_id, session_id) DO UPDATE
                SET register_id = EXCLUDED.register_id
                WHERE school_attendance_mark.register_id IS NULL
            """,
            rows,
            template="(%s, %s, %s, %s, %s, %s, 0, %s, %s, "
            "(now() at time zone 'UTC'), (now() at time zone 'UTC'))",
        )
        self.env["school.attendance.mark"].invalidate_cache()
        self.invalidate_cache(["mark_ids"], registers.ids)
        # Pupils whose group is closed that session (planned: #, unexpected: Y code).
        self.env["school.closure"]._apply_to_new_lines(registers)

    def _lock(self):
        """Lock the registers' rows for this transaction, or say who holds them.

        Two clerks saving the same register at the same moment would
        otherwise both write its marks; the second one gets a clear message
        instead of a database error. A save whose transaction began before
        another save of the register committed cannot lock it either: Odoo's
        RPC layer runs it again after the first, so the later save wins, as
        two saves one after the other do (see
        :func:`~odoo.addons.school_attendance.locks.lock_rows`). Locking
        touches the register: its "last updated" says who last saved marks.
        """
        # A frozenset only the server puts there: RPC clients send lists, which
        # would otherwise let a client skip the lock.
        locked = self.env.context.get("school_locked_register_ids")
        locked = locked if isinstance(locked, frozenset) else frozenset()
        if lock_rows(self.browse(tuple(set(self.ids) - locked))):
            raise UserError(
                _(
                    "Someone else is saving this register right now. Reload the "
                    "page and enter your changes again."
                )
            )

    def _apply_refused_leaves(self):
        """Absences during refused leaves, on the registers just taken, become G."""
        # sudo: whoever takes the register (usually a teacher) may not read
        # leave requests; the marks are still amended as that user, so the
        # amendment names who took the register.
        requests = (
            self.env["school.leave.request"]
            .sudo()
            .search(
                [
                    ("state", "=", "refused"),
                    ("pupil_id", "in", self.mapped("mark_ids.pupil_id").ids),
                    ("date_from", "<=", max(self.mapped("date"))),
                    ("date_to", ">=", min(self.mapped("date"))),
                ]
            )
        )
        for request, marks in requests._refused_absence_marks(self.mapped("session_id")):
            # Back to the taker's rights (not a sudo): the amendments name them.
            request._set_unauthorised_holiday(marks.sudo(self.env.uid))

    def _not_in_state(self, state):
        """Names of the registers not in ``state``, comma separated ('' if none)."""
        return ", ".join(self.filtered(lambda r: r.state != state).mapped("name"))

    def _retention_entry_dates(self):
        Mark = self.env["school.attendance.mark"].with_context(active_test=False)
        marks = Mark.search([("register_id", "in", self.ids)])
        mark_dates = marks._retention_entry_dates()
        dates = {register: [retention_day(register.date)] for register in self}
        for mark in marks:
            dates[mark.register_id].extend(mark_dates[mark])
        return dates

    # ------------------------------------------------------------------
    # Retention archive
    # ------------------------------------------------------------------
    @api.model
    def get_expired_register_data(self, company, today=None):
        """Register data of ``company`` older than its retention period.

        Returns ``{'registers', 'marks', 'amendments', 'cutoff'}``: the
        records that may be archived (active ones) and the first day still
        kept. A mark amended within the period, and its register, are kept.
        """
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        cutoff = retention_cutoff(company, today)
        cutoff_str = fields.Date.to_string(cutoff)
        Mark = self.env["school.attendance.mark"]
        Amendment = self.env["school.attendance.amendment"]
        marks = Mark.search([("company_id", "=", company.id), ("date", "<", cutoff_str)])
        recent = Amendment.with_context(active_test=False).search(
            [("mark_id", "in", marks.ids), ("date", ">=", cutoff_str)]
        )
        marks -= recent.mapped("mark_id")
        # A register is kept whole while any entry on it is kept.
        registers = self.search([("company_id", "=", company.id), ("date", "<", cutoff_str)])
        kept = Mark.search([("register_id", "in", registers.ids), ("id", "not in", marks.ids)])
        registers -= kept.mapped("register_id")
        marks = marks.filtered(lambda m: not m.register_id or m.register_id in registers)
        amendments = Amendment.search([("mark_id", "in", marks.ids)])
        return {
            "registers": registers,
            "marks": marks,
            "amendments": amendments,
            "cutoff": cutoff,
        }

    @api.model
    def archive_expired_register_data(self, company, today=None):
        """Archive ``company``'s register data older than its retention period.

        Manager only (checked again on every record by ``_check_may_archive``).
        Returns the counts archived.
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only attendance managers may archive register data."))
        data = self.get_expired_register_data(company, today=today)
        # sudo: amendments are read-only to everyone; archiving them belongs to
        # the manager's confirmed archive, and each is checked as expired.
        data["amendments"].sudo().write({"active": False})
        data["marks"].write({"active": False})
        data["registers"].write({"active": False})
        return {key: len(data[key]) for key in ("registers", "marks", "amendments")}
