import datetime
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..bulk import bulk_create
from ..dates import to_date
from ..escalation_context import EscalationContext, EscalationReading
from ..rules import escalation
from ..rules.report import format_pct
from .school_attendance_case import CASE_OPENING_KEY, ENGINE_OPENS

_logger = logging.getLogger(__name__)

#: First key of the PostgreSQL advisory locks of the escalation (the second is
#: the school's id): one full run per school at a time.
ESCALATION_LOCK = 0x5C4E

TRIGGERS = [
    ("absence_day_n", "Unexplained absence, day N of a run"),
    ("attendance_below", "Attendance below X%"),
    ("no_improvement_weeks", "No improvement N weeks after the previous step"),
    ("unauthorised_in_window", "N unauthorised sessions in W school weeks"),
    ("late_in_window", "N late arrivals (L or U) in W school weeks"),
    ("attendance_pattern", "A pattern of absence (a weekday, long weekends, ...)"),
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
        return self._run_escalation(companies, on_date)

    @api.model
    def _cron_run_escalation(self):
        """Daily job: run every school's policy for today (schools with none are named
        in the log: they get no case).

        Started on two servers of one database, each school runs once: a
        school whose run another server holds is left to it. One school's
        error is logged and rolled back; the other schools still run.
        """
        Company = self.env["res.company"]
        without = Company.search([("attendance_policy_id", "=", False)])
        if without:
            _logger.info(
                "No attendance escalation policy for %s: no case is opened there.",
                ", ".join(without.mapped("name")),
            )
        companies = Company.search([("attendance_policy_id", "!=", False)])
        return self._run_escalation(companies, None, nightly=True)

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def _run_escalation(self, companies, on_date, nightly=False):
        """Run every school of ``companies`` on ``on_date`` (default: each school's today).

        Every school's lock is taken in one statement. A school whose run is
        held elsewhere stops a run by hand (UserError); the nightly job
        (``nightly``) leaves it to the other run and goes on. The schools are
        then run together (:meth:`_escalate_schools`); at night, should that
        fail, they run again one by one, each in a savepoint, so that one
        school's error leaves the others' run done.
        """
        on_date = to_date(on_date)
        held = self._lock_escalations(companies)
        if held and not nightly:
            raise UserError(
                _(
                    "The attendance escalation of %s is already running (the daily job "
                    "or another user). Nothing was changed: wait until it has finished; "
                    "running it again for the same day then adds only what is missing."
                )
                % ", ".join(held.mapped("name"))
            )
        if held:
            _logger.info(
                "Attendance escalation of %s: run by another server.",
                ", ".join(held.mapped("name")),
            )
        # Default: the school's own date (its timezone), not the scheduler's.
        days = {company: on_date or company.get_school_today() for company in companies - held}
        if not nightly:
            return self._escalate_schools(days)
        try:
            with self.env.cr.savepoint():
                return self._escalate_schools(days)
        except Exception:
            _logger.warning(
                "Attendance escalation: a school's run failed; running them one by one.",
                exc_info=True,
            )
            self.env.clear()
        totals = dict.fromkeys(("cases_opened", "steps_fired", "cases_closed"), 0)
        for company, day in days.items():
            try:
                with self.env.cr.savepoint():
                    counts = self._escalate_schools({company: day})
            except Exception:
                _logger.exception(
                    "Attendance escalation of %s failed: nothing was changed there; "
                    "the other schools ran.",
                    company.name,
                )
                self.env.clear()
                continue
            for key in totals:
                totals[key] += counts[key]
        return totals

    def _lock_escalations(self, companies):
        """Take the escalation lock of every school of ``companies`` for this transaction,
        in one statement; return the schools whose lock another run holds.

        Two full runs of the same day (the daily job started twice, on two
        servers, or an officer's run over XML-RPC while the job runs) would
        each read the cases before the other committed; the open-case index and
        the once-per-case step log would then refuse the duplicates, but with a
        database error in the middle of a run. A transaction-level advisory
        lock per school keeps the second run out of that school.
        """
        if not companies:
            return companies
        self.env.cr.execute(
            "SELECT school FROM unnest(%s) AS school "
            "WHERE NOT pg_try_advisory_xact_lock(%s, school)",
            (companies.ids, ESCALATION_LOCK),
        )
        return companies.browse([row[0] for row in self.env.cr.fetchall()])

    def _escalate_schools(self, days):
        """Run each school of ``days`` (``{company: date}``) with its own policy.

        The schools are read together (:class:`EscalationReading`: pupils on
        roll, open cases, calendars, figures, recent marks), so a night when
        nothing is due costs the same queries for one school as for twenty.
        """
        totals = dict.fromkeys(("cases_opened", "steps_fired", "cases_closed"), 0)
        if not days:
            return totals
        policies = {company.id: company.attendance_policy_id for company in days}
        reading = EscalationReading(self.env, days, policies)
        for company, day in days.items():
            policy = policies[company.id]
            ctx = EscalationContext(policy, company, day, None, reading=reading)
            counts = policy._escalate_school(ctx)
            for key in totals:
                totals[key] += counts[key]
        return totals

    def _escalate(self, company, on_date, pupils=None, concerns=None):
        """Run this policy for ``company`` on ``on_date``.

        ``pupils`` (default: every pupil on roll) and ``concerns`` (default:
        all) narrow the run, e.g. to first-day absence of the pupils just
        marked N. A full run takes the school's lock (refused when held).
        """
        self.ensure_one()
        if pupils is None and concerns is None:
            held = self._lock_escalations(company)
            if held:
                # The same refusal as a run by hand.
                return self._run_escalation(held, on_date)
        reading = EscalationReading(
            self.env,
            {company: on_date},
            {company.id: self},
            None if pupils is None else {company.id: pupils},
        )
        ctx = EscalationContext(self, company, on_date, None, reading=reading)
        return self._escalate_school(ctx, concerns)

    def _escalate_school(self, ctx, concerns=None):
        """Run this policy for the school and pupils of ``ctx``; return the counts."""
        self.ensure_one()
        with ctx.batched():
            return self._escalate_school_batched(ctx, concerns)

    def _escalate_school_batched(self, ctx, concerns):
        """:meth:`_escalate_school` within the run's batch (:meth:`EscalationContext.batched`):
        what the steps give is written together when the school's run ends."""
        on_date = ctx.on_date
        counts = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
        Case = self.env["school.attendance.case"]
        open_rows = ctx.open_cases()
        if concerns:
            open_rows = [row for row in open_rows if row.concern in concerns]
        # 1. Open cases: close finished runs of absence, advance the others. A case
        # is read through the ORM only when something is done to it.
        for row in open_rows:
            pupil = self.env["school.pupil"].browse(row.pupil_id)
            if row.concern == "first_day" and ctx.run_is_over(pupil):
                case = Case.browse(row.id)
                if not case._has_open_support():
                    case._close_by_engine(
                        on_date,
                        _(
                            "%s: attended or absence explained on %s, the run of unexplained "
                            "absence is over."
                        )
                        % (case.pupil_id.name, escalation.format_date(on_date)),
                    )
                    ctx.close(case)
                    counts["cases_closed"] += 1
                    continue
            # Cases opened outside the engine (e.g. a refused leave) follow the school's policy.
            policy = self.browse(row.policy_id) if row.policy_id else self
            counts["steps_fired"] += policy._advance_case(Case.browse(row.id), ctx)
        open_rows = [row for row in open_rows if row.id not in ctx.reading.closed]
        ctx.refresh_figures(open_rows)
        # 2. Pupils without an open case: open one when the first step holds.
        open_keys = {(row.pupil_id, row.concern) for row in open_rows}
        to_open = self._cases_to_open(ctx.pupils, open_keys, concerns, ctx)
        # The pupils whose case opens get a prefetch of their own: reading one of
        # them must not read all the run's pupils again after every write.
        opening = self.env["school.pupil"].browse([pupil_id for pupil_id, *_rest in to_open])
        cases = self._open_cases(
            [
                (pupil, concern)
                for pupil, (_id, concern, *_rest) in zip(opening, to_open, strict=True)
            ],
            ctx,
        )
        for case, (_pupil_id, _concern, rung, reason) in zip(cases, to_open, strict=True):
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
            recent = self._recently_closed(concern, ctx)
            recent |= self._covered_elsewhere(rung[0], to_open, ctx)
            for pupil in pupils:
                if (pupil.id, concern) in open_keys or pupil.id in recent:
                    continue
                reason = self._check_trigger(rung[0], pupil, None, ctx)
                if reason:
                    to_open.append((pupil.id, concern, rung, reason))
        return to_open

    def _covered_elsewhere(self, step, to_open, ctx):
        """Ids of the run's pupils whose case of the step's 'not while open' concern is
        open (or opens in this run): that ladder already takes them through these steps."""
        other = step.unless_open_concern
        if not other:
            return set()
        open_ids = {row.pupil_id for row in ctx.open_cases() if row.concern == other}
        return open_ids | {pupil_id for pupil_id, concern, *_rest in to_open if concern == other}

    def _advance_case(self, case, ctx, reason=None):
        """Fire the next rung of ``case`` when its trigger holds (or ``reason`` forces it),
        at most one rung per case per day, however often the escalation runs that day.

        Returns the number of steps fired (0 when nothing was due).
        """
        self.ensure_one()
        row = ctx.case_row(case)
        steps = ctx.steps_by_concern(self).get(row.concern, [])
        logs = ctx.case_logs(case)
        done = {log.step_id for log in logs if log.step_id}
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
            if any(log.step_id and log.date == today and not log.by_decision for log in logs):
                return 0
            pupil = self.env["school.pupil"].browse(row.pupil_id)
            reason = self._check_trigger(rung[0], pupil, case, ctx)
            if not reason:
                return 0
        return self._fire_rung(case, rung, reason, ctx)

    def _advance_by_decision(self, case, reason, on_date):
        """Fire the next rung of ``case`` on ``on_date`` because staff decided so.

        The policy's API for its cases (``school.attendance.case.advance``: a
        review found no improvement): the case gives the decision's ``reason``,
        quoted on the case; the policy reads what its ladder needs (the
        figures on ``on_date``) and logs the steps as a staff decision, which
        does not take the day's rung from the run. Returns the number of steps
        fired.
        """
        self.ensure_one()
        ctx = EscalationContext(self, case.company_id, on_date, case.pupil_id)
        ctx.by_decision = True
        return self._advance_case(case, ctx, reason=reason)

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

    def _recently_closed(self, concern, ctx):
        """Ids of the run's pupils whose case for ``concern`` closed too recently to reopen."""
        if concern == "first_day":
            # A new run of unexplained absence is a new case, but not on the day
            # the previous run ended.
            since = ctx.on_date
        else:
            since = ctx.on_date - datetime.timedelta(days=max(self.reopen_after_days, 0))
        return ctx.closed_since(concern, since)

    def _open_case(self, pupil, concern, ctx, reason=None, vals=None):
        """Open the case of ``pupil`` for ``concern``: the one method that opens a case.

        The run opens its cases together (:meth:`_open_cases`: the same cases,
        in one INSERT); every other feature opens one here, through
        :meth:`_open_case_for` (a refused leave taken, the penalty threshold
        scan, a case opened by hand): each case gets its opening figures, its
        owner (the policy's default owner, else the user) as its only follower,
        and its explanation. ``reason`` (a case no step opens) is posted and
        written as the first line of the step log; the run gives none, the
        first rung's steps log why they fired. ``vals``: other case fields.

        Nothing is tracked at creation: the message of the step that opens the
        case says why and what was done, so the chatter's tracking lines (pupil,
        stage, owner) and the runner's subscription would only repeat it, at
        the cost of a mail round per case. Nor is the owner sent an "assigned
        to you" email per case: the case is on their board and the step's
        activity in their activities.
        """
        Case = self.env["school.attendance.case"]
        case_vals = self._case_vals(pupil, concern, ctx)
        case_vals.update(vals or {})
        case_vals["message_follower_ids"] = ctx.owner_follower(case_vals["user_id"])
        case = Case.with_context(tracking_disable=True, **{CASE_OPENING_KEY: ENGINE_OPENS}).create(
            case_vals
        )
        case = case.with_env(self.env)
        if reason:
            case._log_step(self.env["school.attendance.policy.step"], reason, [], ctx)
        return case

    def _open_cases(self, openings, ctx):
        """Open the run's cases, ``[(pupil, concern)]``, together; return them in that order.

        Each as :meth:`_open_case` opens one (its figures, its owner as its only
        follower, untracked, no creation message; the first rung's steps say why
        it opened), with one INSERT for the cases and one for their followers:
        the defaults and stored fields computed and the constraints checked for
        all of them at once.
        """
        Case = self.env["school.attendance.case"]
        if not openings:
            return Case
        Case.check_access_rights("create")
        vals_list = [self._case_vals(pupil, concern, ctx) for pupil, concern in openings]
        cases = bulk_create(Case, vals_list)
        cases.check_access_rule("create")
        followers = []
        for case, vals in zip(cases, vals_list, strict=True):
            for _op, _id, follower in ctx.owner_follower(vals["user_id"]):
                followers.append(dict(follower, res_id=case.id))
        Case._add_followers(followers)
        return cases

    @api.model
    def _open_case_for(self, pupil, concern, reason, on_date=None, vals=None):
        """Open ``pupil``'s case for ``concern`` outside the run, because of ``reason``.

        The school's policy opens it (:meth:`_open_case`) with the figures of
        ``on_date`` (default: the school's today); the case then follows that
        policy's ladder for ``concern``.
        """
        company = pupil.company_id
        on_date = to_date(on_date) or company.get_school_today()
        policy = company.attendance_policy_id
        ctx = EscalationContext(policy, company, on_date, pupil)
        return policy._open_case(pupil, concern, ctx, reason=reason, vals=vals)

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
        last_log = case and ctx.last_log(case)
        if not last_log:
            return None
        last_date = fields.Date.from_string(last_log.date)
        weeks = escalation.school_weeks_since(ctx.week_starts, last_date, ctx.on_date)
        sooner = ""
        if weeks < step.weeks:
            # "Sooner if the pupil is completely absent": the shorter wait holds when
            # the pupil has attended no session since the previous step.
            if not step.weeks_if_absent or weeks < step.weeks_if_absent:
                return None
            # One pupil's read: the dates differ from case to case.
            since = pupil.get_attendance_summary(
                last_date + datetime.timedelta(days=1), ctx.on_date
            )[0]
            if since["present"] or not since["possible"]:
                return None
            sooner = _(" (sooner than %d: no session attended since, %d/%d)") % (
                step.weeks,
                since["present"],
                since["possible"],
            )
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
        return _("%d school weeks since '%s' on %s%s and %s") % (
            weeks,
            self.env["school.attendance.policy.step"].browse(last_log.step_id).name,
            escalation.format_date(last_date),
            sooner,
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

    def _trigger_late_in_window(self, step, pupil, case, ctx):
        mondays = ctx.last_school_weeks(step.window_weeks)
        if not mondays:
            return None
        summary = ctx.summary(pupil, mondays[0])
        before, after = summary["late_before_close"], summary["late_after_close"]
        if before + after < step.late_count:
            return None
        return _("%d late arrivals (%d L, %d U) in the last %d school weeks (since %s) ≥ %d") % (
            before + after,
            before,
            after,
            len(mondays),
            escalation.format_date(mondays[0]),
            step.late_count,
        )

    def _trigger_attendance_pattern(self, step, pupil, case, ctx):
        found = [
            pattern
            for pattern in ctx.patterns(pupil)
            if step.pattern_kind == "any" or pattern["kind"] == step.pattern_kind
        ]
        if not found:
            return None
        return _("pattern of absence: %s") % " ".join(p["sentence"] for p in found)

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
            outcomes.append(step._schedule_activities(case, ctx))
            outcomes.append(step._take_action(case, ctx))
            if step.request_medical_evidence:
                outcomes.append(case.pupil_id._request_medical_evidence(ctx.on_date))
            if step.stage_id and ctx.stage_of(case) != step.stage_id:
                # Not tracked: the step's message below says where the case moved.
                ctx.move(case, step.stage_id)
                outcomes.append(_("case moved to '%s'") % step.stage_id.name)
            case._log_step(step, reason, [o for o in outcomes if o], ctx)
            fired += 1
        return fired
