from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..dates import format_date, to_date

#: At most this many calendar days per dry run: each school day is a full run.
MAX_DAYS = 200


class _RollBackDryRunError(Exception):
    """Raised at the end of a dry run to roll back everything it wrote."""


class SchoolPolicyDryRun(models.TransientModel):
    """What a policy would have done over a past period, without writing anything.

    The escalation runs day by day over the period inside a savepoint, as if the school
    had followed the policy from the first day with no case open; what it produced (steps
    fired, activities, letters, plans, referrals, notices) is read, then everything is
    rolled back. A trust sees what a ladder means before switching it on.
    """

    _name = "school.policy.dry.run"
    _description = "Dry Run of an Attendance Policy"
    _inherit = ["school.screen.mixin"]

    policy_id = fields.Many2one(
        "school.attendance.policy",
        string="Policy",
        required=True,
        help="The ladder to try: the school's own or any other.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="The school whose registers the policy is tried on.",
    )
    date_from = fields.Date(string="From", required=True, help="First day of the period.")
    date_to = fields.Date(
        string="To",
        required=True,
        help="Last day of the period: a day that has passed (at most %d days after the "
        "first)." % MAX_DAYS,
    )
    line_ids = fields.One2many(
        "school.policy.dry.run.line", "dry_run_id", string="Steps", readonly=True
    )
    workload_ids = fields.One2many(
        "school.policy.dry.run.workload", "dry_run_id", string="Workload", readonly=True
    )
    summary = fields.Text(readonly=True, help="What the policy would have produced, in figures.")

    @api.constrains("date_from", "date_to", "company_id")
    def _check_period(self):
        for dry_run in self:
            start, end = to_date(dry_run.date_from), to_date(dry_run.date_to)
            if end < start:
                raise ValidationError(_("The period ends before it starts: swap the dates."))
            if (end - start).days > MAX_DAYS:
                raise ValidationError(
                    _("Try at most %d days at a time (this period has %d).")
                    % (MAX_DAYS, (end - start).days)
                )
            if end >= dry_run.company_id.get_school_today():
                raise ValidationError(
                    _("A dry run looks back: end the period yesterday (%s) or earlier.")
                    % format_date(dry_run.company_id.get_school_today())
                )

    def action_run(self):
        """Run the policy day by day over the period, read what it did, roll it all back."""
        self.ensure_one()
        found = self._simulate()
        # What the savepoint rolled back may still be in the ORM's cache.
        self.env.clear()
        self.write(
            {
                "line_ids": [(5, 0, 0)] + [(0, 0, vals) for vals in found["lines"]],
                "workload_ids": [(5, 0, 0)] + [(0, 0, vals) for vals in found["workload"]],
                "summary": found["summary"],
            }
        )
        return self._reopen(_("Dry Run of %s") % self.policy_id.name)

    def _simulate(self):
        """The escalation over the period in a savepoint; returns plain values only."""
        company, policy = self.company_id, self.policy_id
        days = sorted(
            {
                to_date(session["date"])
                for session in self.env["school.session"].search_read(
                    [
                        ("company_id", "=", company.id),
                        ("date", ">=", self.date_from),
                        ("date", "<=", self.date_to),
                    ],
                    ["date"],
                )
            }
        )
        found = {}
        cr = self.env.cr
        try:
            with cr.savepoint():
                # As if the school had followed the policy from the first day: no case
                # open, none closed lately (every case of the school closed long ago).
                cr.execute(
                    "UPDATE school_attendance_case SET date_closed = %s WHERE company_id = %s",
                    ("2000-01-01", company.id),
                )
                self.env["school.attendance.case"].invalidate_cache()
                # sudo: the dry run tries the policy as the nightly job would run it;
                # everything it writes is rolled back below.
                company.sudo().attendance_policy_id = policy
                marks = self._high_water_marks()
                for day in days:
                    policy.sudo()._escalate(company, day)
                found = self._read_outcome(marks, days)
                raise _RollBackDryRunError()
        except _RollBackDryRunError:
            pass
        return found

    def _high_water_marks(self):
        """The last id of each kind of record the escalation writes, before the dry run."""
        marks = {}
        for model in self._outcome_models():
            # sudo: the last record of each kind, whoever runs the dry run.
            last = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([], order="id desc", limit=1)
            )
            marks[model] = last.id or 0
        return marks

    def _outcome_models(self):
        models_ = [
            "school.attendance.case",
            "school.attendance.case.step.log",
            "mail.activity",
            "school.attendance.contract",
            "school.attendance.referral",
        ]
        for optional in ("school.letter", "school.notice.to.improve", "school.penalty.notice"):
            if optional in self.env:
                models_.append(optional)
        return models_

    def _read_outcome(self, marks, days):
        # sudo: everything the dry run wrote, whoever runs it (it is all rolled back).
        new = {model: self.env[model].sudo().search([("id", ">", marks[model])]) for model in marks}
        logs = new["school.attendance.case.step.log"].sorted(lambda log: (log.date, log.id))
        lines = [
            {
                "date": log.date,
                "pupil_id": log.case_id.pupil_id.id,
                "concern": log.case_id.concern,
                "step_name": log.step_id.name or _("case opened"),
                "explanation": log.message or log.figures,
            }
            for log in logs
        ]
        activities = new["mail.activity"].filtered(
            lambda a: a.res_model == "school.attendance.case"
        )
        by_user = {}
        for activity in activities:
            by_user.setdefault(activity.user_id, []).append(activity)
        workload = [
            {
                "user_id": user.id,
                "activity_count": len(items),
                "kinds": ", ".join(
                    sorted({a.activity_type_id.name for a in items if a.activity_type_id})
                ),
            }
            for user, items in sorted(by_user.items(), key=lambda kv: -len(kv[1]))
        ]
        counts = [
            (_("school days run"), len(days)),
            (_("cases opened"), len(new["school.attendance.case"])),
            (_("steps fired"), len(logs.filtered("step_id"))),
            (_("activities (calls, meetings, visits...)"), len(activities)),
            (_("contracts and action plans"), len(new["school.attendance.contract"])),
            (_("referrals"), len(new["school.attendance.referral"])),
        ]
        if "school.letter" in new:
            counts.append((_("letters"), len(new["school.letter"])))
        if "school.notice.to.improve" in new:
            counts.append((_("notices to improve (drafts)"), len(new["school.notice.to.improve"])))
            counts.append((_("penalty notices (drafts)"), len(new["school.penalty.notice"])))
        summary = _("%(policy)s at %(school)s from %(start)s to %(end)s: %(counts)s.") % {
            "policy": self.policy_id.name,
            "school": self.company_id.name,
            "start": format_date(self.date_from),
            "end": format_date(self.date_to),
            "counts": "; ".join("%s %s" % (count, label) for label, count in counts),
        }
        return {"lines": lines, "workload": workload, "summary": summary}
