from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import escalation, patterns
from ..rules.report import format_pct
from .school_attendance_policy import ACTIONS, PERIODS, TRIGGERS


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
    late_count = fields.Integer(
        string="Late Arrivals",
        default=5,
        help="Lateness: late arrivals (L, before the register closed, or U, after it) "
        "in the window of school weeks that trigger the step.",
    )
    pattern_kind = fields.Selection(
        [("any", "Any pattern")] + patterns.KINDS,
        string="Pattern",
        default="any",
        help="Pattern of absence: which pattern triggers the step (this school year; "
        "term-time holidays over two years). Thresholds: the school's settings "
        "(Patterns of Absence, on the Attendance page of the school); by default at least "
        "3 days of absence behind a pattern, half of them on one weekday, three quarters "
        "next to weekends and holidays, or 3 separate spells of illness.",
    )
    weeks_if_absent = fields.Integer(
        string="Sooner if Completely Absent (school weeks)",
        help="No improvement: a shorter wait, in school weeks, that applies when the "
        "pupil has attended no session since the previous step (0 = no shorter wait).",
    )
    unless_open_concern = fields.Selection(
        escalation.CONCERNS,
        string="Not While Open",
        help="First step of a ladder: no case opens while the pupil has an open case "
        "of this concern (its ladder already takes the pupil through these steps).",
    )
    action = fields.Selection(
        ACTIONS,
        required=True,
        default="activity",
        help="What the step does besides giving its activities (Schedule an activity: "
        "nothing more). Every step also moves the case to its stage, if set.",
    )
    stage_id = fields.Many2one(
        "school.attendance.case.stage",
        string="Stage",
        ondelete="restrict",
        help="Stage the case moves to when the step fires.",
    )
    activity_line_ids = fields.One2many(
        "school.attendance.policy.step.activity",
        "step_id",
        string="Activities",
        copy=True,
        help="The activities the step gives when it fires, each to its own person "
        "(a role's holder, else the case owner), whatever the step's action.",
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

    @api.constrains(
        "trigger",
        "day_n",
        "threshold_pct",
        "weeks",
        "session_count",
        "window_weeks",
        "late_count",
        "weeks_if_absent",
    )
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
            if step.trigger == "late_in_window" and (step.late_count < 1 or step.window_weeks < 1):
                raise ValidationError(
                    _("%s: give the number of late arrivals and the window in weeks.") % step.name
                )
            if step.weeks_if_absent and not 0 < step.weeks_if_absent < step.weeks:
                raise ValidationError(
                    _(
                        "%s: the wait if the pupil is completely absent must be shorter than "
                        "the wait of %d school weeks (or 0 for none)."
                    )
                    % (step.name, step.weeks)
                )

    @api.constrains("action", "contract_kind", "referral_kind", "stage_id")
    def _check_action(self):
        # "activity" needs no check here: its lines are created after the step
        # (the presets' data), and a step without lines still logs and moves the case.
        for step in self:
            missing = {
                "move_stage": not step.stage_id,
                "contract": not step.contract_kind,
                "referral": not step.referral_kind,
            }.get(step.action)
            if missing:
                raise ValidationError(
                    _("%s: the action '%s' needs its stage, contract kind or referral kind.")
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
        return ""  # every step's activities are scheduled by _schedule_activities

    def _schedule_activities(self, case, ctx):
        """One activity on ``case`` per line of the step, each to its person (a role's
        holder, else the case owner) with its deadline; return the sentence naming
        every activity and person for the step log ("" without lines)."""
        self.ensure_one()
        if not self.activity_line_ids:
            return ""
        pupil = case.pupil_id
        priority = pupil._attendance_priority_reasons(ctx.priority_flags(pupil))
        lines = self.activity_line_ids
        roles = {
            line.staff_role for line in lines if line.responsible == "role" and line.staff_role
        }
        holders = self.env["school.staff.role"]._find_users(
            sorted(roles), case.company_id, pupil.group_id.year_group
        )
        planned = [line._activity_vals(case, ctx, priority, holders) for line in lines]
        ctx.give_activities([vals for vals, _sentence in planned])
        return "; ".join(sentence for _vals, sentence in planned)

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
                # The case's owner runs the plan the policy opens.
                "user_id": (case.user_id or self.env.user).id,
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
