import datetime
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..dates import format_date, to_date, to_string
from ..rules import effect

OFFICER = "school_attendance.group_attendance_officer"
TRUST = "school_attendance.group_attendance_trust"


#: The fewest pupils whose figures a user who may not read cases sees for a step type.
SMALL_GROUP = 5


class SchoolStepEffect(models.TransientModel):
    """Does the work help? For each step type (a first-day call, a letter, a meeting, a
    plan, a referral, a notice to improve), the attendance of the pupils it was done for
    in the school weeks before and after it, across a school or the trust's schools.

    Figures only, no pupil named: the trust sees them for its schools without reading a
    case. The rule is ``rules/effect.py``; each addon adds its step types to
    :meth:`_collect_steps` (school_letters its letters, school_penalty its notices).
    """

    _name = "school.step.effect"
    _description = "Does the Work Help?"
    _inherit = ["school.screen.mixin"]

    def _default_scope(self):
        return "trust" if self.env.user.has_group(TRUST) else "school"

    def _default_date_from(self):
        company = self.env.user.company_id
        start = self.env["school.academic.year"].get_year_start(
            company, fields.Date.context_today(self)
        )
        return to_string(start)

    scope = fields.Selection(
        [("school", "One school"), ("trust", "All my schools")],
        required=True,
        default=_default_scope,
        help="One school, or every school you see (a trust's schools) together.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        default=lambda self: self.env.user.company_id,
        help="School whose work is looked at (one school).",
    )
    date_from = fields.Date(
        string="Steps From",
        required=True,
        default=_default_date_from,
        help="First day of the period in which the steps were done (default: the start "
        "of this school year).",
    )
    date_to = fields.Date(
        string="Steps To",
        required=True,
        default=fields.Date.context_today,
        help="Last day of the period in which the steps were done. The attendance after "
        "a step is read up to today.",
    )
    weeks = fields.Integer(
        string="School Weeks",
        required=True,
        default=effect.DEFAULT_WEEKS,
        help="School weeks before and after each step that are compared (holiday weeks "
        "are not counted; the week of the step itself is in neither).",
    )
    as_at = fields.Date(
        string="Figures As At",
        readonly=True,
        help="Day the figures were read (today when they are worked out): a pupil whose "
        "school weeks after the step were not over by then is too recent to tell.",
    )
    school_names = fields.Char(
        string="Schools", readonly=True, help="The schools the figures cover."
    )
    period_text = fields.Char(
        string="Period",
        readonly=True,
        help="The period of the steps and the day of the figures, as the report prints them.",
    )
    line_ids = fields.One2many(
        "school.step.effect.line", "wizard_id", string="Step Types", readonly=True
    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_compute(self):
        """Work out the figures of each step type and show them."""
        self.ensure_one()
        self._fill_lines()
        return self._reopen(_("Does the Work Help?"))

    def action_print(self):
        """The report for governors, with the figures worked out now."""
        self.ensure_one()
        self._fill_lines()
        return self.env.ref("school_attendance.action_report_step_effect").report_action(self)

    # ------------------------------------------------------------------
    # The documented method (XML-RPC)
    # ------------------------------------------------------------------
    @api.model
    def get_step_effect(self, company_ids=None, date_from=None, date_to=None, weeks=4, as_at=None):
        """Attendance before and after each step type, across schools.

        ``company_ids``: the schools (default: every school the caller sees: an officer's
        or manager's school, a trust's schools); ``date_from``/``date_to``: the period in
        which the steps were done ('YYYY-MM-DD'; default: the start of this school year
        to today); ``weeks``: school weeks compared on each side (1 to 12, default 4);
        ``as_at``: the day the figures are read (default: today).

        Attendance officers and managers of the schools, and trust users, may call it.
        Returns ``{"company_ids", "date_from", "date_to", "weeks", "as_at", "steps"}``;
        ``steps`` holds one dict per step type: ``key``, ``label``, ``pupils``,
        ``before_pct``, ``after_pct``, ``change`` (points), ``improved``, ``fell``,
        ``unchanged``, ``too_recent``, ``without_sessions`` and ``sentence`` (the
        percentages and the change are False for a step type without pupils to compare).
        """
        companies = self._effect_companies(company_ids)
        today = fields.Date.from_string(fields.Date.context_today(self))
        as_at = _date(as_at, "as_at") or today
        date_to = _date(date_to, "date_to") or as_at
        date_from = _date(date_from, "date_from") or self.env[
            "school.academic.year"
        ].get_year_start(companies[:1], date_to)
        if date_to < date_from:
            raise UserError(_("The period must end on or after the day it starts."))
        if isinstance(weeks, bool) or not isinstance(weeks, int):
            raise UserError(_("The number of school weeks must be a whole number."))
        if not 1 <= weeks <= effect.MAX_WEEKS:
            raise UserError(
                _("Compare from 1 to %d school weeks before and after each step (you asked %d).")
                % (effect.MAX_WEEKS, weeks)
            )
        # sudo: the caller's group and schools were checked above; the figures name no
        # pupil, and the trust reads them without the right to read a case.
        steps = self.sudo()._step_figures(companies.sudo(), date_from, date_to, weeks, as_at)
        if not self.env["school.attendance.case"].check_access_rights("read", False):
            steps = [self._small_group_hidden(step) for step in steps]
        return {
            "company_ids": companies.ids,
            "date_from": to_string(date_from),
            "date_to": to_string(date_to),
            "weeks": weeks,
            "as_at": to_string(as_at),
            "steps": steps,
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _small_group_hidden(self, step):
        """``step`` as a user who may not read cases (the trust) sees it: the figures of
        fewer than ``SMALL_GROUP`` pupils are not shown - a short period at one school
        would otherwise tell which pupil a step (a notice, a referral) was done for."""
        if not 0 < step["pupils"] < SMALL_GROUP:
            return step
        hidden = dict(step, before_pct=False, after_pct=False, change=False)
        hidden.update(improved=0, fell=0, unchanged=0)
        hidden["sentence"] = _(
            "%s: fewer than %d pupils to compare; their figures are not shown, so that no "
            "pupil can be told apart."
        ) % (step["label"], SMALL_GROUP)
        return hidden

    def _fill_lines(self):
        self.ensure_one()
        if self.scope == "school" and not self.company_id:
            raise UserError(_("Choose the school."))
        company_ids = self.company_id.ids if self.scope == "school" else None
        result = self.get_step_effect(
            company_ids, self.date_from, self.date_to, self.weeks, as_at=self.as_at or None
        )
        lines = [(5, 0, 0)]
        for sequence, step in enumerate(result["steps"]):
            values = {key: step[key] for key in self.env["school.step.effect.line"]._FIGURES}
            values.update(sequence=sequence, before_pct=step["before_pct"] or 0.0)
            values.update(after_pct=step["after_pct"] or 0.0, change=step["change"] or 0.0)
            lines.append((0, 0, values))
        # sudo: only the names of the schools the caller was allowed to see.
        names = self.env["res.company"].sudo().browse(result["company_ids"]).mapped("name")
        period = _("Steps done from %s to %s; attendance read on %s.") % (
            format_date(result["date_from"]),
            format_date(result["date_to"]),
            format_date(result["as_at"]),
        )
        self.write(
            {
                "line_ids": lines,
                "as_at": result["as_at"],
                "school_names": ", ".join(sorted(names)),
                "period_text": period,
            }
        )

    @api.model
    def _effect_companies(self, company_ids):
        """The schools asked for, once the caller may see their figures (else AccessError)."""
        user = self.env.user
        if not (user.has_group(OFFICER) or user.has_group(TRUST)):
            raise AccessError(
                _(
                    "Only attendance officers, managers and the trust can see whether the "
                    "work helps."
                )
            )
        allowed = user.school_company_ids
        if not company_ids:
            # A trust is the parent of its schools: its own company has no pupils.
            return allowed - allowed.mapped("parent_id")
        if isinstance(company_ids, int):
            company_ids = [company_ids]
        companies = self.env["res.company"].sudo().browse(company_ids).exists()
        if len(companies) != len(set(company_ids)) or companies - allowed:
            raise AccessError(
                _("You can only see the figures of your own schools (%s).")
                % ", ".join(allowed.mapped("name"))
            )
        return companies.sudo(user.id)

    def _step_figures(self, companies, date_from, date_to, weeks, as_at):
        """One dict per step type (see :meth:`get_step_effect`), in the order of the work.

        A fixed number of queries whatever the number of pupils: the steps (a few per
        source), the pupils' schools, the schools' sessions, the weekly counts.
        """
        step_types = sorted(
            self._collect_steps(companies, date_from, date_to), key=lambda s: s["sequence"]
        )
        pupil_ids = sorted({pupil for step in step_types for pupil in step["dates"]})
        pupils = (
            self.env["school.pupil"]
            .with_context(active_test=False)
            .search_read([("id", "in", pupil_ids)], ["company_id"])
        )
        school_of = {row["id"]: row["company_id"][0] for row in pupils}
        # The school weeks before the earliest step: a summer holiday and a Christmas
        # apart, ``weeks`` school weeks fit in ``weeks`` + 12 weeks of the calendar.
        first = date_from - datetime.timedelta(weeks=weeks + 12)
        last = as_at + datetime.timedelta(days=7)
        week_ends = self._school_week_ends(companies, first, last)
        counts = self._weekly_counts(pupil_ids, first, last)
        result = []
        for step in step_types:
            effects = [
                effect.pupil_effect(
                    counts.get(pupil_id, {}),
                    day,
                    week_ends.get(school_of.get(pupil_id), {}),
                    as_at,
                    weeks,
                )
                for pupil_id, day in sorted(step["dates"].items())
            ]
            if not effects and not step.get("always"):
                continue
            summary = effect.summarise(effects)
            # XML-RPC carries no None: a step type without pupils has no figures (False).
            summary.update({key: False for key, value in summary.items() if value is None})
            summary.update(
                key=step["key"],
                label=step["label"],
                sentence=effect.sentence(step["label"], summary, weeks),
            )
            result.append(summary)
        return result

    def _collect_steps(self, companies, date_from, date_to):
        """The step types and the pupils each was done for in the period.

        One dict per step type: ``key``, ``label``, ``sequence`` (its place in the work,
        first-day call 10 ... notice to improve 80), ``always`` (listed even when no
        pupil had it) and ``dates``: ``{pupil id: first day in the period the step was
        done for the pupil}``. Addons add theirs: ``super()`` then append.

        What counts as done is what the school recorded: the day a first-day call or a
        meeting step fired on a case (the step history), the start of a contract or
        plan that started (not one still to agree or cancelled), the day a referral was
        sent (not one cancelled).
        """
        calls, meetings = self._step_log_dates(companies, date_from, date_to)
        period = [
            ("date_start", ">=", to_string(date_from)),
            ("date_start", "<=", to_string(date_to)),
        ]
        contracts = self.env["school.attendance.contract"].search_read(
            [("company_id", "in", companies.ids), ("state", "in", ("active", "done", "failed"))]
            + period,
            ["pupil_id", "date_start"],
        )
        referrals = self.env["school.attendance.referral"].search_read(
            [
                ("company_id", "in", companies.ids),
                ("state", "in", ("sent", "answered")),
                ("date_sent", ">=", to_string(date_from)),
                ("date_sent", "<=", to_string(date_to)),
            ],
            ["pupil_id", "date_sent"],
        )
        return [
            self._step_type("first_day_call", _("First-day call"), 10, calls),
            self._step_type("meeting", _("Meeting"), 50, meetings),
            self._step_type(
                "contract",
                _("Contract or action plan"),
                60,
                first_dates((r["pupil_id"][0], r["date_start"]) for r in contracts),
            ),
            self._step_type(
                "referral",
                _("Referral"),
                70,
                first_dates((r["pupil_id"][0], r["date_sent"]) for r in referrals),
            ),
        ]

    @api.model
    def _step_type(self, key, label, sequence, dates, always=True):
        return {"key": key, "label": label, "sequence": sequence, "always": always, "dates": dates}

    def _step_log_dates(self, companies, date_from, date_to):
        """``(first-day calls, meetings)``, each ``{pupil id: first day}``, from the
        steps that fired on the cases in the period (the step history).

        A first-day call is the step of the first day of a run of unexplained absence;
        a meeting, a step one of whose activity lines is an attendance meeting.
        """
        logs = self.env["school.attendance.case.step.log"].search(
            [
                ("case_id.company_id", "in", companies.ids),
                ("step_id", "!=", False),
                ("date", ">=", to_string(date_from)),
                ("date", "<=", to_string(date_to)),
            ]
        )
        meeting = self.env.ref(
            "school_attendance.mail_activity_type_attendance_meeting", raise_if_not_found=False
        )
        calls, meetings = [], []
        for log in logs:
            step = log.step_id
            row = (log.case_id.pupil_id.id, log.date)
            if step.trigger == "absence_day_n" and step.day_n == 1:
                calls.append(row)
            elif meeting and meeting in step.activity_line_ids.mapped("activity_type_id"):
                meetings.append(row)
        return first_dates(calls), first_dates(meetings)

    def _school_week_ends(self, companies, date_from, date_to):
        """``{school id: {monday: last session date}}`` of the schools' school weeks."""
        self.env.cr.execute(
            """
            SELECT company_id, date FROM school_session
            WHERE company_id IN %s AND date BETWEEN %s AND %s
            GROUP BY company_id, date
            """,
            (tuple(companies.ids) or (0,), to_string(date_from), to_string(date_to)),
        )
        dates = defaultdict(list)
        for company_id, day in self.env.cr.fetchall():
            dates[company_id].append(to_date(day))
        return {company_id: effect.school_week_ends(days) for company_id, days in dates.items()}

    def _weekly_counts(self, pupil_ids, date_from, date_to):
        """``{pupil id: {monday: (possible, present)}}`` from the counts per pupil and week
        the database keeps (``pupil_week``): one query, not one per pupil."""
        if not pupil_ids:
            return {}
        self.env.cr.execute(
            """
            SELECT pupil_id, week_start, sum(possible), sum(present)
            FROM school_attendance_pupil_week
            WHERE pupil_id IN %s AND week_start BETWEEN %s AND %s
            GROUP BY pupil_id, week_start
            """,
            (tuple(pupil_ids), to_string(date_from), to_string(date_to)),
        )
        counts = defaultdict(dict)
        for pupil_id, monday, possible, present in self.env.cr.fetchall():
            counts[pupil_id][to_date(monday)] = (int(possible), int(present))
        return counts


def _date(value, name):
    """``value`` as a date (None if empty); a clear error for anything else."""
    try:
        return to_date(value)
    except (TypeError, ValueError) as error:
        raise UserError(
            _("%s must be a date written YYYY-MM-DD (you sent %r).") % (name, value)
        ) from error


def first_dates(rows):
    """``{pupil id: earliest date}`` from ``(pupil id, date)`` rows (dates as strings or
    dates): each pupil counts once per step type, from the first time in the period."""
    first = {}
    for pupil_id, value in rows:
        day = to_date(value)
        if pupil_id and day and (pupil_id not in first or day < first[pupil_id]):
            first[pupil_id] = day
    return first
