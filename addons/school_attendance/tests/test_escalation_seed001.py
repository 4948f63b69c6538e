"""Seed 001 (local authority supporting school attendance action plan), day by day.

Amira is present 2 to 20 Sep 2024 (30 sessions), absent without reason (N) for six
school days, Mon 23 Sep to Mon 30 Sep, and back on 1 Oct; then off ill (I) every
Monday. Expected:

* 23 Sep: day 1 contact before 11:00 (on the register save).
* 25 Sep: day 3 letter to parents.
* 30 Sep: day 6 meeting and a formal 6-week action plan from 1 Oct (review 12 Nov).
* 1 Oct: back at school, but the plan is running: the case stays open.
* 12 Nov: the review finds no improvement (42/52 = 80.8% since 1 Oct < 90% target):
  review meeting and Early Help referral; the same evening, attendance 72/94 = 76.6%
  <= 85% -> a penalty notice is considered.
* 9 Dec: 4 school weeks later, still <= 85% -> legal action.
"""

from .case_common import D, EscalationCase


class TestEscalationSeed001(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed001"

    def _codes(self, day):
        if D(2024, 9, 23) <= day <= D(2024, 9, 30):
            return {self.amira: ("N", "N")}
        if day > D(2024, 9, 30) and day.weekday() == 0:
            return {self.amira: ("I", "I")}
        return {}

    def test_la_action_plan_day_by_day(self):
        events = {}
        previous = self.snapshot()
        for day in self.days(D(2024, 9, 2), D(2024, 12, 13)):
            self.mark_day(day, self._codes(day))
            if day == D(2024, 9, 23):
                case = self.case_of(self.amira, "first_day")
                self.assertEqual(
                    self.activities_of(case).summary,
                    "First-day-of-absence contact (before 11:00)",
                )
            if day == D(2024, 11, 12):
                # The review meeting is held during the day, before the nightly run.
                review = self.case_of(self.amira, "first_day").contract_ids.review_ids
                self.assertEqual(review.date_planned, "2024-11-12")
                review.sudo(self.officer).action_hold(date_held="2024-11-12")
                self.assertEqual((review.outcome, review.attendance_pct), ("not_improved", 80.8))
            result = self.escalate(day)
            after = self.snapshot()
            self.assertEqual(
                self.escalate(day), {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
            )
            self.assertEqual(self.snapshot(), after)
            if after != previous:
                events[day] = result
            previous = after
        self.assertEqual(
            sorted(events),
            [D(2024, 9, 23), D(2024, 9, 25), D(2024, 9, 30), D(2024, 11, 12), D(2024, 12, 9)],
        )
        case = self.case_of(self.amira, "first_day")
        self.assertFalse(case.date_closed, "the running plan keeps the case open")
        self.assertEqual(len(self.Case.search([("pupil_id", "=", self.amira.id)])), 1)
        by_step = {log.step_id.name: log for log in case.step_log_ids}
        self.assertEqual(
            [
                (log.date, log.step_id.name)
                for log in case.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
            ],
            [
                ("2024-09-23", "Day 1: first-day contact"),
                # school_letters: the first-day letter home, with the call (seed 001).
                ("2024-09-23", "Day 1: first-day letter home"),
                ("2024-09-25", "Day 3: letter to parents"),
                ("2024-09-30", "Day 6: meeting and action plan"),
                ("2024-09-30", "Formal action plan with targets"),
                ("2024-11-12", "6-week review meeting"),
                ("2024-11-12", "Early Help / LA Attendance Officer"),
                ("2024-11-12", "Consider a penalty notice (85% or below)"),
                ("2024-12-09", "Legal action"),
            ],
        )
        self.assertEqual(
            by_step["Day 6: meeting and action plan"].figures,
            "unexplained absence (N) on school day 6 of a run since 23 Sep 2024",
        )
        # The review's own words explain why the case moved.
        self.assertIn("Review 1", by_step["6-week review meeting"].figures)
        self.assertIn("Not improved", by_step["6-week review meeting"].figures)
        self.assertEqual(
            by_step["Consider a penalty notice (85% or below)"].figures,
            "attendance 76.6% (72/94) ≤ 85% since 1 Sep 2024",
        )
        plan = case.contract_ids
        self.assertEqual(
            (plan.kind, plan.date_start, plan.weeks, plan.target_pct, plan.state),
            ("action_plan", "2024-10-01", 6, 90.0, "failed"),
        )
        self.assertEqual(case.referral_ids.sorted("id").mapped("kind"), ["early_help", "la_legal"])
        self.assertEqual(case.stage_id, self.stage("legal_action"))
        self.assertEqual(
            self.activities_of(case).mapped("summary"),
            [
                "First-day-of-absence contact (before 11:00)",
                "Letter from school to parents/carers",
                "Invite parents/carers to a school meeting to agree a formal action plan",
                "Meeting to review the plan",
                "Consider a penalty notice: attendance 85% or below",
            ],
        )

    def test_low_attendance_without_a_run_of_absence_reaches_every_step(self):
        """Below 90% and 85% without six unexplained days: the seed's rows 'attendance
        below 90%' and '85% or below' in the low-attendance ladder.

        Amira is off ill (I) every Monday and Tuesday from 23 Sep: 24 Sep 30/34 = 88.2%
        < 90 -> meeting and action plan; 11 Nov, 6 school weeks later, 66/92 = 71.7%
        -> review meeting and Early Help; 12 Nov 66/94 = 70.2% <= 85 -> a penalty
        notice is considered; 9 Dec, 4 school weeks later -> legal action."""
        fired = []
        for day in self.days(D(2024, 9, 2), D(2024, 12, 13)):
            codes = {}
            if day >= D(2024, 9, 23) and day.weekday() in (0, 1):
                codes = {self.amira: ("I", "I")}
            self.mark_day(day, codes)
            self.escalate(day)
        case = self.case_of(self.amira, "low_attendance")
        self.assertEqual(self.Case.search([("pupil_id", "=", self.amira.id)]), case)
        fired = [
            (log.date, log.step_id.name)
            for log in case.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
        ]
        self.assertEqual(
            fired,
            [
                ("2024-09-24", "Below 90%: meeting and action plan"),
                ("2024-09-24", "Formal action plan with targets (below 90%)"),
                ("2024-11-11", "6-week review meeting (below 90%)"),
                ("2024-11-11", "Early Help / LA Attendance Officer (below 90%)"),
                ("2024-11-12", "Consider a penalty notice (85% or below, low attendance)"),
                ("2024-12-09", "Legal action (85% or below)"),
            ],
        )
        logs = case.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
        self.assertEqual(logs[0].figures, "attendance 88.2% (30/34) < 90% since 1 Sep 2024")
        self.assertEqual(
            logs[2].figures,
            "6 school weeks since 'Formal action plan with targets (below 90%)' on "
            "24 Sep 2024 and attendance still 71.7% (66/92) < 90% since 1 Sep 2024",
        )
        self.assertEqual(logs[4].figures, "attendance 70.2% (66/94) ≤ 85% since 1 Sep 2024")
        plan = case.contract_ids
        self.assertEqual(
            (plan.kind, plan.date_start, plan.weeks, plan.target_pct),
            ("action_plan", "2024-09-25", 6, 90.0),
        )
        self.assertEqual(case.referral_ids.sorted("id").mapped("kind"), ["early_help", "la_legal"])
        self.assertEqual(case.stage_id, self.stage("legal_action"))

    def test_review_sooner_when_completely_absent(self):
        """'Approx. 6 weeks (NB sooner if child completely absent)': after the day-6
        plan Amira attends no session (O every day from 1 Oct); the review comes after
        3 school weeks (7, 14, 21 Oct) instead of 6, saying why."""
        for day in self.days(D(2024, 9, 2), D(2024, 10, 25)):
            codes = {}
            if D(2024, 9, 23) <= day <= D(2024, 9, 30):
                codes = {self.amira: ("N", "N")}
            elif day > D(2024, 9, 30):
                codes = {self.amira: ("O", "O")}
            self.mark_day(day, codes)
            self.escalate(day)
            case = self.case_of(self.amira, "first_day")
            names = case.step_log_ids.mapped("step_id.name")
            if day < D(2024, 10, 21):
                self.assertNotIn("6-week review meeting", names, day)
        review = case.step_log_ids.filtered(lambda lg: lg.step_id.name == "6-week review meeting")
        self.assertEqual(review.date, "2024-10-21")
        self.assertEqual(
            review.figures,
            "3 school weeks since 'Formal action plan with targets' on 30 Sep 2024 "
            "(sooner than 6: no session attended since, 0/30) and attendance still "
            "41.7% (30/72) < 90% since 1 Sep 2024",
        )
        # No low-attendance case while the unexplained-absence ladder has her.
        self.assertFalse(self.case_of(self.amira, "low_attendance"))

    def test_attending_a_session_keeps_the_full_wait(self):
        """One session attended since the plan: no shorter wait (still 6 weeks)."""
        for day in self.days(D(2024, 9, 2), D(2024, 10, 25)):
            codes = {}
            if D(2024, 9, 23) <= day <= D(2024, 9, 30):
                codes = {self.amira: ("N", "N")}
            elif day > D(2024, 9, 30):
                codes = {self.amira: ("O", "\\" if day == D(2024, 10, 2) else "O")}
            self.mark_day(day, codes)
            self.escalate(day)
        case = self.case_of(self.amira, "first_day")
        self.assertNotIn("6-week review meeting", case.step_log_ids.mapped("step_id.name"))
