import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from psycopg2.extras import execute_values

from ..dates import to_date, to_string
from ..rules import calendar
from ..rules.calendar import week_start

PERIODS = [("am", "AM"), ("pm", "PM")]

# Fixed English names: a session's name must not depend on the server locale.
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def session_name(day, period):
    """'Mon 02 Sep 2024 AM' for ``day`` (a ``datetime.date``) and 'am'."""
    return "%s %02d %s %d %s" % (
        _DAY_NAMES[day.weekday()],
        day.day,
        _MONTH_NAMES[day.month - 1],
        day.year,
        period.upper(),
    )


def weekdays(date_from, date_to):
    """Every Monday to Friday from ``date_from`` to ``date_to`` inclusive."""
    day = date_from
    while day <= date_to:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


class SchoolSession(models.Model):
    _name = "school.session"
    _description = "School Session"
    _order = "date, period"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Day, date and period, e.g. 'Mon 02 Sep 2024 AM'.",
    )
    date = fields.Date(
        required=True,
        index=True,
        readonly=True,
        help="Day of the session.",
    )
    period = fields.Selection(
        PERIODS,
        required=True,
        readonly=True,
        help="Morning (AM) or afternoon (PM) session: each has its own register.",
    )
    term_id = fields.Many2one(
        "school.term",
        string="Term",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
        help="Term the session was generated from.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.user.company_id,
        help="School holding the session.",
    )
    week_start = fields.Date(
        compute="_compute_week_start",
        store=True,
        index=True,
        help="Monday of the session's week. A school week is a Monday to "
        "Sunday week with at least one session.",
    )

    _sql_constraints = [
        (
            "company_date_period_uniq",
            "unique(company_id, date, period)",
            "A school has only one session per date and period.",
        ),
    ]

    @api.depends("date", "period")
    def _compute_name(self):
        for session in self:
            if session.date and session.period:
                session.name = session_name(fields.Date.from_string(session.date), session.period)

    @api.depends("date")
    def _compute_week_start(self):
        for session in self:
            if session.date:
                session.week_start = fields.Date.to_string(
                    week_start(fields.Date.from_string(session.date))
                )

    def unlink(self):
        self._check_no_marks()
        return super(SchoolSession, self).unlink()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def get_sessions(self, date_from, date_to, company=None):
        """Sessions of ``company`` (default: the user's) between two dates.

        Dates may be ``datetime.date`` or 'YYYY-MM-DD' strings; both ends
        are included. Returns a recordset ordered by date and period.
        """
        company = company or self.env.user.company_id
        return self.search(
            [
                ("company_id", "=", company.id),
                ("date", ">=", to_string(date_from)),
                ("date", "<=", to_string(date_to)),
            ]
        )

    @api.model
    def get_school_weeks(self, date_from, date_to, company=None):
        """Mondays (``datetime.date``) of the school weeks between two dates.

        A school week is a Monday to Sunday week with at least one session;
        holiday weeks are skipped. Sorted, oldest first.
        """
        sessions = self.get_sessions(date_from, date_to, company=company)
        return sorted({fields.Date.from_string(d) for d in sessions.mapped("week_start")})

    @api.model
    def get_last_school_weeks(self, date_to, count, company=None):
        """The last ``count`` school weeks up to the week of ``date_to``.

        Returns their Mondays (``datetime.date``), oldest first. The period
        can span terms and school years (the rolling 10 school weeks of the
        penalty notice threshold); fewer are returned if fewer exist.
        """
        company = company or self.env.user.company_id
        last_monday = week_start(to_date(date_to))
        # A week holds at most 10 sessions, so the latest count * 10 sessions
        # always cover the latest ``count`` school weeks.
        sessions = self.search(
            [
                ("company_id", "=", company.id),
                ("week_start", "<=", fields.Date.to_string(last_monday)),
            ],
            order="week_start desc",
            limit=count * 10,
        )
        starts = sorted(
            {fields.Date.from_string(d) for d in sessions.mapped("week_start")}, reverse=True
        )
        return sorted(starts[:count])

    @api.model
    def get_school_day_after(self, date, count, company=None):
        """The ``count``-th school day strictly after ``date`` (``datetime.date``).

        School days are the days holding a session in the school's calendar,
        so weekends, holidays and closures are skipped (rule
        ``calendar.school_days_after``). Beyond the last session entered (the
        next term not created yet) the count goes on in working days, Monday
        to Friday. ``count`` 0 returns ``date``.
        """
        day = to_date(date)
        if count <= 0:
            return day
        company = company or self.env.user.company_id
        # A day holds at most two sessions: 2 * count sessions cover count days.
        sessions = self.search_read(
            [("company_id", "=", company.id), ("date", ">", to_string(day))],
            ["date"],
            limit=2 * count,
            order="date, period",
        )
        days = sorted({to_date(s["date"]) for s in sessions})[:count]
        if len(days) == count:
            return calendar.school_days_after(day, count, days)
        return calendar.working_days_after(days[-1] if days else day, count - len(days))

    @api.model
    def _real_session_dates(self, date_from, date_to, company=None):
        """Sorted dates (``datetime.date``) with a real session between two dates.

        A session every mark of which is a closure code (``#``, ``Y4``: the
        school did not meet) is no real session; one with no mark yet, or with
        any other mark, is (rule ``calendar.is_real_session``). Two grouped
        queries on the marks, whatever the number of pupils.
        """
        sessions = self.get_sessions(date_from, date_to, company=company)
        marks = self.env["school.attendance.mark"]
        domain = [("session_id", "in", sessions.ids)]
        with_marks = marks.read_group(domain, ["session_id"], ["session_id"])
        open_marks = marks.read_group(
            domain
            + [
                "|",
                ("code_id", "=", False),
                ("code_id.code", "not in", sorted(calendar.CLOSURE_CODES)),
            ],
            ["session_id"],
            ["session_id"],
        )
        closed = {row["session_id"][0] for row in with_marks} - {
            row["session_id"][0] for row in open_marks
        }
        return sorted({to_date(s.date) for s in sessions if s.id not in closed})

    @api.model
    def _wanted_session_keys(self, term):
        """Set of (date string, period) the term should have as sessions."""
        start = fields.Date.from_string(term.date_start)
        end = fields.Date.from_string(term.date_end)
        closures = self.env["school.closure"].search(
            [
                ("company_id", "=", term.company_id.id),
                ("date_from", "<=", term.date_end),
                ("date_to", ">=", term.date_start),
            ]
        )
        wanted = set()
        for day in weekdays(start, end):
            day_str = fields.Date.to_string(day)
            for period, _label in PERIODS:
                if not any(c._removes_sessions() and c._covers(day_str, period) for c in closures):
                    wanted.add((day_str, period))
        return wanted

    @api.model
    def _create_batch(self, term, keys):
        """Create the sessions ``keys`` [(date string, period)] of ``term``.

        Odoo 11 has no multi-record create(): one create() per session costs
        several queries each (insert, computed fields), hundreds per term.
        This inserts them all in one parameterised query instead, filling the
        stored computed fields with the same helpers the computes use, then
        invalidates the ORM cache.
        """
        if not keys:
            return self.browse()
        self.check_access_rights("create")
        self.recompute()  # flush pending computations before raw SQL
        uid = self.env.uid
        rows = []
        for day_str, period in keys:
            day = fields.Date.from_string(day_str)
            rows.append(
                (
                    term.company_id.id,
                    term.id,
                    day_str,
                    period,
                    session_name(day, period),
                    fields.Date.to_string(week_start(day)),
                    uid,
                    uid,
                )
            )
        execute_values(
            self.env.cr,
            """
            INSERT INTO school_session
                (company_id, term_id, date, period, name, week_start,
                 create_uid, write_uid, create_date, write_date)
            VALUES %s
            ON CONFLICT (company_id, date, period) DO NOTHING
        """,
            rows,
            template="(%s, %s, %s, %s, %s, %s, %s, %s, "
            "(now() at time zone 'UTC'), "
            "(now() at time zone 'UTC'))",
        )
        self.invalidate_cache()
        return self.search([("term_id", "=", term.id), ("date", "in", [k[0] for k in keys])])

    def _get_marked_sessions(self):
        """The sessions of ``self`` that already hold attendance marks.

        Marks live in ``school.attendance.mark`` (``session_id``); until that
        model is installed no session has marks.
        """
        mark_model = self.env.get("school.attendance.mark")
        if not self or mark_model is None or "session_id" not in mark_model._fields:
            return self.browse()
        # sudo: whether a session has marks does not depend on who may read them
        data = mark_model.sudo().read_group(
            [("session_id", "in", self.ids)], ["session_id"], ["session_id"]
        )
        return self.browse([row["session_id"][0] for row in data])

    def _check_no_marks(self):
        marked = self._get_marked_sessions()
        if marked:
            raise UserError(
                _(
                    "These sessions already have attendance marks and cannot be "
                    "removed: %s. Correct or amend the marks first, or change the "
                    "closure or term dates."
                )
                % ", ".join(marked.mapped("name"))
            )

    def _remove_sessions(self):
        """Delete sessions no longer in the calendar (never marked ones)."""
        if self:
            self._check_no_marks()
            self.unlink()
        return True
