"""One escalation run's reading of the school: figures, runs of absence and the calendar,
read once per run so the number of queries does not grow with the number of pupils.

Used by ``school.attendance.policy`` only: the nightly run, the cases it opens for other
features, and a staff decision that advances a case (``_advance_by_decision``)."""

import datetime

from odoo import fields

from .dates import to_date
from .rules import calendar, escalation


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
        self._patterns = None
        #: What the addons' actions look up once per run (e.g. school_letters' signer
        #: and calendar): a dict each action keys as it needs.
        self.memo = {}
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

    def patterns(self, pupil):
        """The pupil's patterns of absence on the run's date (``school.pupil``'s
        ``get_attendance_patterns``), read for every pupil of the run at the first call."""
        if self._patterns is None:
            rows = self.pupils.get_attendance_patterns(self.on_date)
            self._patterns = {row["pupil_id"]: row["patterns"] for row in rows}
        return self._patterns.get(pupil.id, [])

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
        built once per run for each owner; none for a case without an owner."""
        if not user_id:
            return []
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
