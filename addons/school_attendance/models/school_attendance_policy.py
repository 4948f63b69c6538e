import datetime
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..dates import to_date
from ..rules import calendar, escalation
from ..rules.report import format_pct

_logger = logging.getLogger(__name__)

#: First key of the PostgreSQL advisory locks of the escalation (the second is
#: the school's id): one full run per school at a time.
ESCALATION_LOCK = 0x5C4E

TRIGGERS = [
    ("absence_day_n", "Unexplained absence, day N of a run"),
    ("attendance_below", "Attendance below X%"),
    ("no_improvement_weeks", "No improvement N weeks after the previous step"),
    ("unauthorised_in_window", "N unauthorised sessions in W school weeks"),
    ("with_previous", "Together with the previous step"),
]
ACTIONS = [
    ("activity", "Schedule an activity"),
    ("move_stage", "Move the case to a stage"),
    ("contract", "Open a contract or action plan"),
    ("referral", "Open a referral"),
]
PERIODS = [
    ("year_to_date", "Year to date"),
    ("last_n_weeks", "Last N school weeks"),
]
RESPONSIBLES = [
    ("case_owner", "Case owner"),
    ("tutor", "Class teacher (group tutor)"),
    ("user", "A named user"),
]


class SchoolAttendancePolicy(models.Model):
    """An escalation ladder a school follows, as data a manager can edit."""

    _name = "school.attendance.policy"
    _description = "Attendance Escalation Policy"
    # The chatter tells a manager what an upgrade did to this school's edited preset.
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="Name of the policy, e.g. 'Leesons attendance plan (seed 000)'.",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the policies in lists.",
    )
    description = fields.Text(
        translate=True,
        help="Where the policy comes from and what it aims at.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="School owning the policy; empty for a preset every school may choose.",
    )
    active = fields.Boolean(
        default=True,
        help="Archive a policy instead of deleting it: its cases keep it.",
    )
    step_ids = fields.One2many(
        "school.attendance.policy.step",
        "policy_id",
        string="Steps",
        copy=True,
        help="The ladder: for each concern, the steps in order. A step fires once "
        "per case, when its trigger holds after the previous step fired.",
    )
    default_user_id = fields.Many2one(
        "res.users",
        string="Default Case Owner",
        help="Owner of the cases the policy opens (e.g. the attendance officer). "
        "Empty: the user running the escalation.",
    )
    min_possible_sessions = fields.Integer(
        string="Minimum Possible Sessions",
        default=20,
        help="Attendance thresholds are only applied once the period holds at "
        "least this many possible sessions (20 = two school weeks), so that one "
        "absence in the first days of a year does not send letters.",
    )
    reopen_after_days = fields.Integer(
        string="Reopen After (days)",
        default=28,
        help="A closed case (other than an unexplained-absence case) is not "
        "reopened for the same pupil and concern within this many days.",
    )
    company_count = fields.Integer(
        string="Schools",
        compute="_compute_company_count",
        help="Number of schools following this policy.",
    )

    def _compute_company_count(self):
        for policy in self:
            # sudo: a preset is shared by schools the user may not read; count them all.
            policy.company_count = (
                self.env["res.company"]
                .sudo()
                .search_count([("attendance_policy_id", "=", policy.id)])
            )

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    @api.multi
    def run_escalation(self, on_date=None):
        """Evaluate every pupil of every school following these policies on ``on_date``.

        Without policies in ``self`` (e.g. the daily cron, or an RPC call with
        no ids) every school with a policy is evaluated. ``on_date`` is a date
        or 'YYYY-MM-DD' (default: each school's today). Opens and advances cases and takes
        the actions of the steps that fire; every action is explained on the
        case. Idempotent: a step fires at most once per case and a pupil has at
        most one open case per concern, so a second run for the same date
        creates nothing. Returns counts: ``{'cases_opened', 'steps_fired',
        'cases_closed'}``.

        The daily job runs it as the scheduler; by hand only attendance
        officers may, for their own schools and for a day that has come
        (a later date would act on absences before the law's deadlines).
        """
        on_date = to_date(on_date)
        domain = [("attendance_policy_id", "!=", False)]
        if self.ids:
            domain = [("attendance_policy_id", "in", self.ids)]
        if self.env.uid != SUPERUSER_ID:
            if not self.env.user.has_group("school_attendance.group_attendance_officer"):
                raise AccessError(_("Only attendance officers can run the escalation."))
            domain.append(("id", "in", self.env.user.school_company_ids.ids))
        companies = self.env["res.company"].search(domain)
        early = companies.filtered(lambda c: on_date and on_date > c.get_school_today())
        if early:
            raise UserError(
                _(
                    "The escalation cannot run for %s before that day has come at %s: "
                    "run it for today or an earlier day."
                )
                % (on_date, ", ".join(early.mapped("name")))
            )
        totals = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
        for company in companies:
            # Default: the school's own date (its timezone), not the scheduler's.
            day = on_date or company.get_school_today()
            counts = company.attendance_policy_id._escalate(company, day)
            for key in totals:
                totals[key] += counts[key]
        return totals

    @api.model
    def _cron_run_escalation(self):
        """Daily job: run every school's policy for today (schools with none are named
        in the log: they get no case)."""
        without = self.env["res.company"].search([("attendance_policy_id", "=", False)])
        if without:
            _logger.info(
                "No attendance escalation policy for %s: no case is opened there.",
                ", ".join(without.mapped("name")),
            )
        return self.run_escalation()

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def _escalate(self, company, on_date, pupils=None, concerns=None):
        """Run this policy for ``company`` on ``on_date``.

        ``pupils`` (default: every pupil on roll) and ``concerns`` (default:
        all) narrow the run, e.g. to first-day absence of the pupils just
        marked N. Summaries are read once per period for all the pupils.
        """
        self.ensure_one()
        Case = self.env["school.attendance.case"]
        if pupils is None and concerns is None:
            self._lock_escalation(company)
        if pupils is None:
            pupils = self.env["school.pupil"].search_on_roll(on_date, company=company)
        ctx = EscalationContext(self, company, on_date, pupils)
        counts = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
        open_cases = Case.search(
            [("pupil_id", "in", pupils.ids), ("date_closed", "=", False)], order="id"
        )
        if concerns:
            open_cases = open_cases.filtered(lambda c: c.concern in concerns)
        # 1. Open cases: close finished runs of absence, advance the others.
        for case in open_cases:
            if case.concern == "first_day" and ctx.run_is_over(case.pupil_id):
                if not case._has_open_support():
                    case._close_by_engine(
                        on_date,
                        _(
                            "%s: attended or absence explained on %s, the run of unexplained "
                            "absence is over."
                        )
                        % (case.pupil_id.name, escalation.format_date(on_date)),
                    )
                    counts["cases_closed"] += 1
                    continue
            # Cases opened outside the engine (e.g. a refused leave) follow the school's policy.
            counts["steps_fired"] += (case.policy_id or self)._advance_case(case, ctx)
        ctx.refresh_figures(open_cases.filtered(lambda c: not c.date_closed))
        # 2. Pupils without an open case: open one when the first step holds.
        open_keys = {(c.pupil_id.id, c.concern) for c in open_cases if not c.date_closed}
        to_open = self._cases_to_open(pupils, open_keys, concerns, ctx)
        # The pupils whose case opens get a prefetch of their own: reading one of
        # them must not read all the run's pupils again after every write.
        opening = self.env["school.pupil"].browse([pupil_id for pupil_id, *_rest in to_open])
        for pupil, (_pupil_id, concern, rung, reason) in zip(opening, to_open, strict=True):
            case = self._open_case(pupil, concern, ctx)
            counts["cases_opened"] += 1
            counts["steps_fired"] += self._fire_rung(case, rung, reason, ctx)
        return counts

    def _cases_to_open(self, pupils, open_keys, concerns, ctx):
        """``[(pupil id, concern, first rung, reason)]``: the cases the run opens.

        Only what the run has read is looked at (figures, runs of absence);
        nothing is written, so every pupil is evaluated at the same cost.
        """
        to_open = []
        for concern, steps in ctx.steps_by_concern(self).items():
            if concerns and concern not in concerns:
                continue
            rung = self._rung_after(steps, -1)
            if not rung:
                continue
            recent = self._recently_closed(pupils, concern, ctx.on_date)
            for pupil in pupils:
                if (pupil.id, concern) in open_keys or pupil.id in recent:
                    continue
                reason = self._check_trigger(rung[0], pupil, None, ctx)
                if reason:
                    to_open.append((pupil.id, concern, rung, reason))
        return to_open

    def _lock_escalation(self, company):
        """Hold the school's escalation lock for this transaction, or say who has it.

        Two full runs of the same day (the daily job started twice, or an
        officer's run over XML-RPC while the job runs) would each read the
        cases before the other committed; the open-case index and the
        once-per-case step log would then refuse the duplicates, but with a
        database error in the middle of a run. A transaction-level advisory
        lock per school refuses the second run up front, with a message.
        """
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", (ESCALATION_LOCK, company.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                _(
                    "The attendance escalation of %s is already running (the daily job "
                    "or another user). Nothing was changed: wait until it has finished; "
                    "running it again for the same day then adds only what is missing."
                )
                % company.name
            )

    def _advance_case(self, case, ctx, reason=None):
        """Fire the next rung of ``case`` when its trigger holds (or ``reason`` forces it),
        at most one rung per case per day, however often the escalation runs that day.

        Returns the number of steps fired (0 when nothing was due).
        """
        self.ensure_one()
        steps = ctx.steps_by_concern(self).get(case.concern, [])
        done = set(case.step_log_ids.mapped("step_id").ids)
        last = max([i for i, step in enumerate(steps) if step.id in done] or [-1])
        rung = self._rung_after(steps, last)
        if not rung:
            return 0
        if reason is None:
            # One rung per case per day: a second run on the same date (a retry, a
            # manual run after the nightly one) finds the case already acted on.
            # A step a staff decision fired that day (a review found no
            # improvement) does not count: the run still evaluates the next rung.
            today = fields.Date.to_string(ctx.on_date)
            if any(log.date == today and not log.by_decision for log in case.step_log_ids):
                return 0
            reason = self._check_trigger(rung[0], case.pupil_id, case, ctx)
            if not reason:
                return 0
        return self._fire_rung(case, rung, reason, ctx)

    def _steps_by_concern(self):
        """``{concern: [step, ...]}`` in ladder order."""
        result = {}
        for step in self.step_ids.sorted(lambda s: (s.sequence, s.id)):
            result.setdefault(step.concern, []).append(step)
        return result

    @staticmethod
    def _rung_after(steps, index):
        """The steps that fire together after position ``index``: one step and the
        'together with the previous step' steps that follow it."""
        rest = steps[index + 1 :]
        while rest and rest[0].trigger == "with_previous":
            rest = rest[1:]  # belonged to a rung that already fired
        if not rest:
            return []
        rung = [rest[0]]
        for step in rest[1:]:
            if step.trigger != "with_previous":
                break
            rung.append(step)
        return rung

    def _recently_closed(self, pupils, concern, on_date):
        """Ids of ``pupils`` whose case for ``concern`` closed too recently to reopen."""
        if concern == "first_day":
            # A new run of unexplained absence is a new case, but not on the day
            # the previous run ended.
            since = on_date
        else:
            since = on_date - datetime.timedelta(days=max(self.reopen_after_days, 0))
        closed = self.env["school.attendance.case"].search(
            [
                ("pupil_id", "in", pupils.ids),
                ("concern", "=", concern),
                ("date_closed", ">=", fields.Date.to_string(since)),
            ]
        )
        return set(closed.mapped("pupil_id").ids)

    def _open_case(self, pupil, concern, ctx):
        """Open the case of ``pupil`` for ``concern``, followed by its owner.

        Nothing is tracked at creation: the message of the step that opens the
        case says why and what was done, so the chatter's tracking lines (pupil,
        stage, owner) and the runner's subscription would only repeat it, at
        the cost of a mail round per case. Nor is the owner sent an "assigned
        to you" email per case: the case is on their board and the step's
        activity in their activities.
        """
        Case = self.env["school.attendance.case"]
        vals = self._case_vals(pupil, concern, ctx)
        vals["message_follower_ids"] = ctx.owner_follower(vals["user_id"])
        case = Case.with_context(tracking_disable=True).create(vals)
        return case.with_env(self.env)

    def _case_vals(self, pupil, concern, ctx):
        summary = ctx.summary(pupil, ctx.year_start)
        vals = {
            "pupil_id": pupil.id,
            "company_id": ctx.company.id,
            "concern": concern,
            "policy_id": self.id,
            "date_opened": fields.Date.to_string(ctx.on_date),
            "user_id": (self.default_user_id or self.env.user).id,
            "priority": pupil._attendance_case_priority(ctx.priority_flags(pupil)),
        }
        vals.update(self.env["school.attendance.case"]._figure_vals(summary, ctx.on_date))
        vals.update(
            {
                "opening_attendance_pct": summary["attendance_pct"],
                "opening_possible": summary["possible"],
                "opening_present": summary["present"],
                "opening_unauthorised": summary["unauthorised"],
                "opening_band": summary["band"] or False,
            }
        )
        return vals

    def _check_trigger(self, step, pupil, case, ctx):
        """Why ``step`` fires for ``pupil`` on the run's date, or None when it does not.

        One method per trigger, ``_trigger_<key>``: an addon adding a trigger
        with ``selection_add`` adds its method.
        """
        method = getattr(self, "_trigger_%s" % step.trigger, None)
        return method(step, pupil, case, ctx) if method else None

    def _trigger_absence_day_n(self, step, pupil, case, ctx):
        length, first = ctx.run(pupil)
        if not length or length < step.day_n:
            return None
        return _("unexplained absence (N) on school day %d of a run since %s") % (
            length,
            escalation.format_date(first),
        )

    def _trigger_attendance_below(self, step, pupil, case, ctx):
        start = ctx.period_start(step)
        summary = ctx.summary(pupil, start)
        if summary["possible"] < step.policy_id.min_possible_sessions:
            return None
        if not escalation.below(summary["attendance_pct"], step.threshold_pct, step.is_inclusive):
            return None
        return _("attendance %s %s %s%% since %s") % (
            escalation.format_attendance(summary),
            "≤" if step.is_inclusive else "<",
            format_pct(step.threshold_pct),
            escalation.format_date(start),
        )

    def _trigger_no_improvement_weeks(self, step, pupil, case, ctx):
        last_log = case and case._last_log()
        if not last_log:
            return None
        last_date = fields.Date.from_string(last_log.date)
        weeks = escalation.school_weeks_since(ctx.week_starts, last_date, ctx.on_date)
        if weeks < step.weeks:
            return None
        start = ctx.period_start(step)
        summary = ctx.summary(pupil, start)
        if step.threshold_pct:
            if not escalation.below(
                summary["attendance_pct"], step.threshold_pct, step.is_inclusive
            ):
                return None
            condition = _("attendance still %s %s %s%% since %s") % (
                escalation.format_attendance(summary),
                "≤" if step.is_inclusive else "<",
                format_pct(step.threshold_pct),
                escalation.format_date(start),
            )
        else:
            if summary["attendance_pct"] > last_log.attendance_pct:
                return None
            condition = _("attendance %s not above %.1f%% at that step") % (
                escalation.format_attendance(summary),
                last_log.attendance_pct,
            )
        return _("%d school weeks since '%s' on %s and %s") % (
            weeks,
            last_log.step_id.name,
            escalation.format_date(last_date),
            condition,
        )

    def _trigger_unauthorised_in_window(self, step, pupil, case, ctx):
        mondays = ctx.last_school_weeks(step.window_weeks)
        if not mondays:
            return None
        summary = ctx.summary(pupil, mondays[0])
        if summary["unauthorised"] < step.session_count:
            return None
        return _("%d unauthorised sessions in the last %d school weeks (since %s) ≥ %d") % (
            summary["unauthorised"],
            len(mondays),
            escalation.format_date(mondays[0]),
            step.session_count,
        )

    def _fire_rung(self, case, rung, reason, ctx):
        """Take the actions of the steps of ``rung`` on ``case``; return how many fired."""
        fired = 0
        for step in rung:
            if step in case.step_log_ids.mapped("step_id"):
                continue
            # What staff are asked to do comes first, then what the step produced
            # (letter, plan, referral, notice): the log reads "... → step: activity
            # ...; letter ..." whatever the action.
            outcomes = []
            if step.activity_type_id and step.action != "activity":
                outcomes.append(step._action_activity(case, ctx))
            outcomes.append(step._take_action(case, ctx))
            if step.request_medical_evidence:
                outcomes.append(case.pupil_id._request_medical_evidence(ctx.on_date))
            if step.stage_id and case.stage_id != step.stage_id:
                # Not tracked: the step's message below says where the case moved.
                case.with_context(tracking_disable=True).write({"stage_id": step.stage_id.id})
                outcomes.append(_("case moved to '%s'") % step.stage_id.name)
            case._log_step(step, reason, [o for o in outcomes if o], ctx)
            fired += 1
        return fired


class EscalationContext:
    """What one escalation run reads, read once: summaries per period, runs of absence,
    the school calendar. Keeps the number of queries independent of the number of pupils."""

    def __init__(self, policy, company, on_date, pupils):
        self.env = policy.env
        self.policy = policy
        self.company = company
        self.on_date = on_date
        # True when a staff decision advances the case (``case.advance``), not a run.
        self.by_decision = False
        self.pupils = pupils
        self._summaries = {}
        self._steps = {}
        self._runs = None
        self._day_codes = None
        self._flags = {}
        self._followers = {}
        self._days_after = {}
        sessions = self.env["school.session"].search_read(
            [
                ("company_id", "=", company.id),
                ("date", "<=", fields.Date.to_string(on_date)),
                ("date", ">=", fields.Date.to_string(on_date - datetime.timedelta(days=400))),
            ],
            ["date", "week_start"],
        )
        self.school_days = sorted({fields.Date.from_string(s["date"]) for s in sessions})
        self.week_starts = sorted({fields.Date.from_string(s["week_start"]) for s in sessions})
        self.year_start = self.env["school.academic.year"].get_year_start(company, on_date)

    def steps_by_concern(self, policy):
        """``policy._steps_by_concern()``, read once per run (not once per case)."""
        if policy.id not in self._steps:
            self._steps[policy.id] = policy._steps_by_concern()
        return self._steps[policy.id]

    def summary(self, pupil, date_from):
        """The attendance summary of ``pupil`` from ``date_from`` to the run's date.

        The first request for a period reads every pupil of the run in one
        ``get_attendance_summary`` call.
        """
        if date_from not in self._summaries:
            pupils = self.pupils | pupil
            rows = pupils.get_attendance_summary(date_from, self.on_date)
            self._summaries[date_from] = {row["pupil_id"]: row for row in rows}
        rows = self._summaries[date_from]
        if pupil.id not in rows:
            rows.update(
                {
                    row["pupil_id"]: row
                    for row in pupil.get_attendance_summary(date_from, self.on_date)
                }
            )
        return rows[pupil.id]

    def priority_flags(self, pupil):
        """The priority flags of ``pupil`` (child protection, looked after, SEN...).

        The first request reads them for every pupil of the run, in one read.
        """
        if pupil.id not in self._flags:
            self._flags.update((self.pupils | pupil)._attendance_priority_flags_by_pupil())
        return self._flags[pupil.id]

    def owner_follower(self, user_id):
        """Create commands making user ``user_id`` follow a new case (default subtypes),
        built once per run for each owner."""
        if user_id not in self._followers:
            partner = self.env["res.users"].browse(user_id).partner_id
            self._followers[user_id] = self.env["mail.followers"]._add_follower_command(
                "school.attendance.case", [], {partner.id: None}, {}, force=True
            )[0]
        # A copy: creating the case writes its id into the command's values.
        return [(op, res_id, dict(values)) for op, res_id, values in self._followers[user_id]]

    def school_day_after(self, count):
        """The ``count``-th school day after the run's date (the run's date for 0):
        ``school.session.get_school_day_after``, read once per count."""
        if count not in self._days_after:
            self._days_after[count] = self.env["school.session"].get_school_day_after(
                self.on_date, count, self.company
            )
        return self._days_after[count]

    def period_start(self, step):
        if step.period == "last_n_weeks":
            mondays = self.last_school_weeks(step.period_weeks)
            if mondays:
                return mondays[0]
        return self.year_start

    def last_school_weeks(self, count):
        """Mondays of the last ``count`` school weeks up to the run's date (the
        rolling window of the penalty threshold: holiday weeks skipped)."""
        _start, _end, mondays = calendar.rolling_school_weeks(
            self.school_days, self.on_date, weeks=max(count, 1)
        )
        return mondays

    def _load_day_codes(self):
        """``{pupil_id: {date: [code, ...]}}`` for the last school days, one read."""
        if self._day_codes is not None:
            return self._day_codes
        longest = max([s.day_n for s in self.policy.step_ids] + [1])
        recent = [d for d in self.school_days if d <= self.on_date][-(longest + 1) :]
        self._day_codes = {}
        # sudo: only the code letters are needed, whoever runs the escalation
        codes = self.env["school.attendance.code"].sudo().with_context(active_test=False)
        letters = {code.id: code.code for code in codes.search([])}
        if recent and self.pupils:
            # One query whatever the number of marks (search_read would read
            # them in chunks of 1,000: one more query per 1,000 marks). Built
            # from the ORM's query, so access rules on marks still apply.
            Mark = self.env["school.attendance.mark"]
            Mark.check_access_rights("read")
            Mark.recompute()  # flush pending stored computations before raw SQL
            query = Mark._where_calc(
                [
                    ("pupil_id", "in", self.pupils.ids),
                    ("date", ">=", fields.Date.to_string(recent[0])),
                    ("date", "<=", fields.Date.to_string(self.on_date)),
                    ("code_id", "!=", False),
                ]
            )
            Mark._apply_ir_rules(query, "read")
            from_clause, where_clause, params = query.get_sql()
            table = Mark._table
            self.env.cr.execute(
                # Only the ORM's own table name and clauses are formatted in.
                f"""
                SELECT "{table}".pupil_id, "{table}".date, "{table}".code_id
                FROM {from_clause} WHERE {where_clause}
                ORDER BY "{table}".date, "{table}".period
                """,
                params,
            )
            for pupil_id, date, code_id in self.env.cr.fetchall():
                days = self._day_codes.setdefault(pupil_id, {})
                days.setdefault(to_date(date), []).append(letters.get(code_id))
        return self._day_codes

    def run(self, pupil):
        """``(length, first day)`` of the pupil's run of unexplained absence."""
        codes = self._load_day_codes().get(pupil.id, {})
        return escalation.unexplained_run(
            codes, self.school_days, self.on_date, unexplained=self.unexplained_codes()
        )

    def run_is_over(self, pupil):
        """Whether the pupil was marked today with no unexplained absence."""
        codes = self._load_day_codes().get(pupil.id, {}).get(self.on_date, [])
        return bool(codes) and not set(codes) & set(self.unexplained_codes())

    def unexplained_codes(self):
        """Codes to be replaced once the reason is known (N)."""
        if not hasattr(self, "_unexplained"):
            codes = self.env["school.attendance.code"].search([("is_temporary", "=", True)])
            self._unexplained = tuple(codes.mapped("code")) or ("N",)
        return self._unexplained

    def refresh_figures(self, cases):
        """Write today's figures on ``cases`` (only those that changed).

        The current figures of all the cases are read in one query; only the
        cases whose figures changed are written.
        """
        Case = self.env["school.attendance.case"]
        todo = [
            (case, Case._figure_vals(self.summary(case.pupil_id, self.year_start), self.on_date))
            for case in cases
        ]
        if not todo:
            return
        fnames = list(todo[0][1])
        current_by_id = {row["id"]: row for row in cases.read(fnames, load="_classic_write")}
        for case, vals in todo:
            current = current_by_id[case.id]
            changed = {
                key: value
                for key, value in vals.items()
                if key != "figures_date" and current[key] != value
            }
            if changed:
                changed["figures_date"] = vals["figures_date"]
                case.write(changed)


class SchoolAttendancePolicyStep(models.Model):
    """One rung of an escalation ladder: when it fires (trigger) and what it does (action)."""

    _name = "school.attendance.policy.step"
    _description = "Attendance Policy Step"
    _order = "policy_id, sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="Short name quoted on the case, e.g. 'Letter 1'.",
    )
    sequence = fields.Integer(
        default=10,
        help="Position of the step in its concern's ladder.",
    )
    policy_id = fields.Many2one(
        "school.attendance.policy",
        string="Policy",
        required=True,
        ondelete="cascade",
        index=True,
        help="Policy the step belongs to.",
    )
    concern = fields.Selection(
        escalation.CONCERNS,
        required=True,
        default="low_attendance",
        help="Ladder the step belongs to: the case it opens or advances.",
    )
    description = fields.Text(
        translate=True,
        help="The attendance profile and what staff do, in the words of the school's policy.",
    )
    trigger = fields.Selection(
        TRIGGERS,
        required=True,
        default="attendance_below",
        help="When the step fires, once the previous step of its ladder has fired.",
    )
    day_n = fields.Integer(
        string="Day N",
        default=1,
        help="Unexplained absence: the school day of the run of absence (1, 2, 3...).",
    )
    threshold_pct = fields.Float(
        string="Threshold (%)",
        digits=(5, 1),
        help="Attendance percentage the pupil is below (attendance trigger), or still "
        "below (no-improvement trigger; 0 = not above the figure at the previous step).",
    )
    is_inclusive = fields.Boolean(
        string="At or Below",
        help="The threshold itself triggers the step ('90% or less'); otherwise strictly below.",
    )
    period = fields.Selection(
        PERIODS,
        default="year_to_date",
        required=True,
        help="Period over which attendance is measured.",
    )
    period_weeks = fields.Integer(
        string="Period (school weeks)",
        default=6,
        help="Length of the 'last N school weeks' period.",
    )
    weeks = fields.Integer(
        string="After (school weeks)",
        default=6,
        help="No improvement: school weeks since the previous step fired.",
    )
    session_count = fields.Integer(
        string="Unauthorised Sessions",
        default=10,
        help="Unauthorised sessions (G, N, O, U) that trigger the step.",
    )
    window_weeks = fields.Integer(
        string="Window (school weeks)",
        default=10,
        help="Rolling window of school weeks for the unauthorised sessions (holidays skipped).",
    )
    action = fields.Selection(
        ACTIONS,
        required=True,
        default="activity",
        help="What the step does. Every step also moves the case to its stage, if set.",
    )
    stage_id = fields.Many2one(
        "school.attendance.case.stage",
        string="Stage",
        ondelete="restrict",
        help="Stage the case moves to when the step fires.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        help="Activity scheduled on the case (call, home visit, meeting, letter...).",
    )
    activity_summary = fields.Char(
        translate=True,
        help="Summary of the activity, e.g. 'First-day call to main contacts'.",
    )
    responsible = fields.Selection(
        RESPONSIBLES,
        default="case_owner",
        required=True,
        help="Who the activity is assigned to.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible User",
        help="The user assigned when the responsible is 'a named user'.",
    )
    responsible_role = fields.Char(
        translate=True,
        help="Role named in the school's policy, e.g. 'Admin officer', 'Pupil Support "
        "Lead'; written on the activity.",
    )
    due_days = fields.Integer(
        string="Due After (school days)",
        help="School days after the step fires that the activity is due (0 = the same day).",
    )
    due_time = fields.Float(
        string="Due Before",
        help="Time of day the activity is due by, e.g. 11:00 for the first-day call.",
    )
    contract_kind = fields.Selection(
        escalation.CONTRACT_KINDS,
        default="action_plan",
        help="Kind of agreement opened by the step.",
    )
    contract_weeks = fields.Integer(
        string="Contract Weeks",
        default=4,
        help="Length of the contract or plan.",
    )
    contract_review_count = fields.Integer(
        string="Reviews",
        default=2,
        help="Reviews planned at even intervals over the contract.",
    )
    contract_target_pct = fields.Float(
        string="Target (%)",
        default=96.0,
        digits=(5, 1),
        help="Attendance target of the contract over its weeks.",
    )
    referral_kind = fields.Selection(
        escalation.REFERRAL_KINDS,
        help="Service the case is referred to.",
    )
    request_medical_evidence = fields.Boolean(
        help="From this step, absence for illness is only authorised with medical "
        "evidence: the flag is set on the pupil.",
    )

    @api.constrains("trigger", "day_n", "threshold_pct", "weeks", "session_count", "window_weeks")
    def _check_trigger(self):
        for step in self:
            if step.trigger == "absence_day_n" and step.day_n < 1:
                raise ValidationError(_("%s: the day of absence starts at 1.") % step.name)
            if not 0 <= step.threshold_pct <= 100:
                raise ValidationError(_("%s: the threshold is a percentage.") % step.name)
            if step.trigger == "attendance_below" and not step.threshold_pct:
                raise ValidationError(_("%s: give the attendance threshold.") % step.name)
            if step.trigger == "no_improvement_weeks" and step.weeks < 1:
                raise ValidationError(_("%s: give the number of weeks.") % step.name)
            if step.trigger == "unauthorised_in_window" and (
                step.session_count < 1 or step.window_weeks < 1
            ):
                raise ValidationError(
                    _("%s: give the number of sessions and the window in weeks.") % step.name
                )

    @api.constrains("action", "contract_kind", "referral_kind", "activity_type_id", "stage_id")
    def _check_action(self):
        for step in self:
            missing = {
                "activity": not step.activity_type_id,
                "move_stage": not step.stage_id,
                "contract": not step.contract_kind,
                "referral": not step.referral_kind,
            }.get(step.action)
            if missing:
                raise ValidationError(
                    _(
                        "%s: the action '%s' needs its activity type, stage, contract kind "
                        "or referral kind."
                    )
                    % (step.name, step.action)
                )

    # ------------------------------------------------------------------
    # Actions (one method per action; addons add theirs as _action_<key>)
    # ------------------------------------------------------------------
    def _take_action(self, case, ctx):
        """Run the step's action on ``case``; return a sentence saying what was done."""
        method = getattr(self, "_action_%s" % self.action, None)
        if method is None:
            # An action added by another addon (letter, penalty) that has no
            # handler yet: the step is still logged and moves the stage.
            label = dict(self._fields["action"]._description_selection(self.env)).get(
                self.action, self.action
            )
            return _("%s to be done by staff") % label
        return method(case, ctx)

    def _action_activity(self, case, ctx):
        self.ensure_one()
        user = self._responsible_user(case)
        deadline = ctx.school_day_after(self.due_days)
        summary = self.activity_summary or self.name
        if self.due_time:
            summary = _("%s (before %s)") % (summary, _format_time(self.due_time))
        pupil = case.pupil_id
        priority = pupil._attendance_priority_reasons(ctx.priority_flags(pupil))
        # Why the pupil is a priority (safeguarding flags, SEN) goes in the note,
        # read with the case; the summary shows in every activity list.
        note = []
        if priority:
            note.append(
                _("PRIORITY pupil (%s): call first and inform the named professionals.")
                % ", ".join(priority)
            )
        note.append(self.description or "")
        if self.responsible_role:
            note.append(_("Responsible: %s") % self.responsible_role)
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get(case._name).id,
                "res_id": case.id,
                "activity_type_id": self.activity_type_id.id,
                "summary": summary,
                "note": "<br/>".join(_html_lines(line) for line in note if line),
                "date_deadline": fields.Date.to_string(deadline),
                "user_id": user.id,
            }
        )
        return _("activity '%s' for %s, due %s") % (
            summary,
            self.responsible_role or user.name,
            escalation.format_date(deadline),
        )

    def _action_move_stage(self, case, ctx):
        return ""  # the stage itself is moved for every step by the engine

    def _action_contract(self, case, ctx):
        self.ensure_one()
        # The agreement runs from the next school day: the day that made the
        # step fire is already in the figures.
        start = ctx.school_day_after(1)
        contract = self.env["school.attendance.contract"].create(
            {
                "case_id": case.id,
                "kind": self.contract_kind,
                "date_start": fields.Date.to_string(start),
                "weeks": self.contract_weeks or 4,
                "review_count": max(self.contract_review_count, 1),
                "target_pct": self.contract_target_pct,
                "step_id": self.id,
            }
        )
        contract.action_start()
        return _("%s opened for %d weeks with %d review(s), target %s%%") % (
            dict(escalation.CONTRACT_KINDS)[self.contract_kind],
            contract.weeks,
            len(contract.review_ids),
            format_pct(contract.target_pct),
        )

    def _action_referral(self, case, ctx):
        self.ensure_one()
        self.env["school.attendance.referral"].create(
            {"case_id": case.id, "kind": self.referral_kind, "step_id": self.id}
        )
        return _("referral to %s opened") % dict(escalation.REFERRAL_KINDS)[self.referral_kind]

    def _responsible_user(self, case):
        if self.responsible == "user" and self.responsible_user_id:
            return self.responsible_user_id
        if self.responsible == "tutor" and case.pupil_id.group_id.tutor_ids:
            return case.pupil_id.group_id.tutor_ids[0]
        return case.user_id or self.env.user


def _format_time(value):
    hours = int(value)
    minutes = int(round((value - hours) * 60))
    return "%02d:%02d" % (hours, minutes)


def _html_lines(text):
    """Plain text as escaped HTML, newlines kept."""
    return html_escape(text).replace("\n", "<br/>")
