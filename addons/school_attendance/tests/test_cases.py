"""Attendance cases: first-day automation, priority pupils, access, one open case
per concern, the board's stages and the batched, RPC-callable escalation run."""

from unittest.mock import patch

import psycopg2
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from ..escalation_context import EscalationContext
from .case_common import D, EscalationCase


class TestCases(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"

    def _register_save(self, day, codes, user):
        """Save the 5A morning register as ``user`` does in the form: one write."""
        register = (
            self.env["school.attendance.register"]
            .sudo(user)
            .search([("group_id", "=", self.group.id), ("date", "=", day), ("period", "=", "am")])
        )
        lines = [
            (1, mark.id, {"code_id": self.code[codes.get(mark.pupil_id, "/")].id})
            for mark in register.mark_ids
        ]
        register.write({"mark_ids": lines})
        return register

    def test_first_day_call_within_the_register_save(self):
        """The teacher saves the morning register with two N: the office has the
        calls before any nightly run, the child-protection pupil first."""
        self._register_save("2024-09-23", {self.amira: "N", self.ben: "N"}, self.teacher)
        cases = self.Case.search([("concern", "=", "first_day")])
        self.assertEqual(cases.mapped("pupil_id"), self.ben | self.amira)
        # Priority pupils first (seed 003: CP, LAC, SEN).
        self.assertEqual(cases[0].pupil_id, self.ben)
        self.assertEqual(cases[0].priority, "2")
        ben_call = self.activities_of(cases[0])
        # Why Ben comes first is in the note, read with the case; the summary (in
        # every activity list and reminder) names no safeguarding flag.
        self.assertEqual(ben_call.summary, "First-day call to the main contacts (before 11:00)")
        self.assertIn("PRIORITY", ben_call.note)
        self.assertIn("child protection plan", ben_call.note)
        amira_call = self.activities_of(cases[1])
        self.assertEqual(amira_call.date_deadline, "2024-09-23")
        self.assertEqual(amira_call.user_id, self.officer)
        self.assertEqual(cases[1].priority, "0")
        # Saving the register again, or an N in the afternoon, adds nothing.
        before = self.snapshot()
        self._register_save("2024-09-23", {self.amira: "N", self.ben: "N"}, self.teacher)
        pm = self.Mark.search(
            [("pupil_id", "=", self.cara.id), ("date", "=", "2024-09-23"), ("period", "=", "pm")]
        )
        pm.write({"code_id": self.code["N"].id})
        self.assertEqual(self.snapshot(), before)
        # "My cases today": the officer's open cases with an activity due.
        today = self.Case.sudo(self.officer).search(
            [
                ("user_id", "=", self.officer.id),
                ("next_action_date", "<=", "2024-09-23"),
                ("date_closed", "=", False),
            ]
        )
        self.assertEqual(today.mapped("pupil_id"), self.ben | self.amira)

    def test_teacher_cannot_read_cases(self):
        self._register_save("2024-09-23", {self.amira: "N"}, self.teacher)
        case = self.case_of(self.amira, "first_day")
        self.assertTrue(case)
        with self.assertRaises(AccessError):
            self.Case.sudo(self.teacher).search([])
        with self.assertRaises(AccessError):
            case.sudo(self.teacher).read(["stage_id"])
        for model in (
            "school.attendance.contract",
            "school.attendance.referral",
            "school.attendance.case.step.log",
        ):
            with self.assertRaises(AccessError):
                self.env[model].sudo(self.teacher).search([])
        # Officers manage cases but only managers edit policies.
        self.assertTrue(case.sudo(self.officer).read(["stage_id"]))
        with self.assertRaises(AccessError):
            self.policy.sudo(self.officer).write({"min_possible_sessions": 10})
        self.policy.sudo(self.manager).write({"min_possible_sessions": 10})
        # Another school's officer does not see the case.
        self.assertFalse(self.Case.sudo(self.officer_b).search([("id", "=", case.id)]))

    def test_one_open_case_per_pupil_and_concern(self):
        case = self.Case.sudo(self.officer).create(
            {"pupil_id": self.amira.id, "concern": "low_attendance"}
        )
        self.assertEqual(case.company_id, self.company)
        self.assertFalse(case.stage_id.is_closed)
        with self.assertRaises(ValidationError):
            self.Case.sudo(self.officer).create(
                {"pupil_id": self.amira.id, "concern": "low_attendance"}
            )
        # The database says so too (partial unique index on open cases).
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO school_attendance_case (pupil_id, company_id, concern, "
                    "date_opened, priority) VALUES (%s, %s, 'low_attendance', '2024-09-23', '0')",
                    (self.amira.id, self.company.id),
                )
        # Another concern is another case; a closed case makes room for a new one.
        self.Case.sudo(self.officer).create({"pupil_id": self.amira.id, "concern": "lateness"})
        case.sudo(self.officer).action_close()
        self.assertTrue(case.date_closed)
        self.assertEqual(case.stage_id, self.stage("closed"))
        self.Case.sudo(self.officer).create(
            {"pupil_id": self.amira.id, "concern": "low_attendance"}
        )

    def test_board_shows_every_stage(self):
        self.Case.create({"pupil_id": self.amira.id, "concern": "low_attendance"})
        groups = self.Case.sudo(self.officer).read_group([], ["stage_id"], ["stage_id"])
        stages = self.env["school.attendance.case.stage"].search([])
        self.assertEqual([g["stage_id"][0] for g in groups], stages.ids)
        self.assertEqual(len(stages), 10)
        self.assertTrue(self.stage("closed").fold)
        # Moving a case on the board is tracked in the chatter.
        case = self.case_of(self.amira, "low_attendance")
        case.sudo(self.officer).write({"stage_id": self.stage("letter_1").id})
        self.assertTrue(case.message_ids.mapped("tracking_value_ids"))

    def test_run_reads_summaries_once_per_period(self):
        """Every pupil is evaluated with one get_attendance_summary call per period."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            self.mark_day(day, {self.amira: ("I", "I")} if day.weekday() == 0 else {})
        Pupil = type(self.env["school.pupil"])
        original = Pupil.get_attendance_summary
        with patch.object(
            Pupil, "get_attendance_summary", autospec=True, side_effect=original
        ) as spy:
            result = self.escalate("2024-09-13")
        self.assertEqual(result, {"cases_opened": 1, "steps_fired": 1, "cases_closed": 0})
        self.assertEqual(spy.call_count, 1)
        self.assertEqual(len(spy.call_args[0][0]), 3)  # Amira, Ben and Cara in one call
        case = self.case_of(self.amira, "low_attendance")
        self.assertEqual(
            case.step_log_ids.figures, "attendance 80.0% (16/20) < 96% since 1 Sep 2024"
        )

    def test_one_rung_per_case_per_day(self):
        """Amira is below both the 96% and the 90% rungs (16/20 = 80%). A second or
        third run on the same day does not take her case up the ladder: she gets the
        96% warning on Friday and letter 1 (below 90%) on the next school day."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 16)):
            self.mark_day(day, {self.amira: ("I", "I")} if day.weekday() == 0 else {})
        first = [self.escalate("2024-09-13") for _ in range(3)]
        self.assertEqual(first[0], {"cases_opened": 1, "steps_fired": 1, "cases_closed": 0})
        self.assertEqual(first[1:], [{"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}] * 2)
        case = self.case_of(self.amira, "low_attendance")
        self.assertEqual(len(case.step_log_ids), 1)
        self.assertEqual(case.step_log_ids.step_id.threshold_pct, 96.0)
        self.escalate("2024-09-16")
        self.escalate("2024-09-16")
        logs = case.step_log_ids.sorted(lambda log: (log.date, log.id))
        self.assertEqual(logs.mapped("date"), ["2024-09-13", "2024-09-16"])
        self.assertEqual(logs[1].step_id.threshold_pct, 90.0)

    def test_quiet_run_queries_do_not_grow_with_pupils(self):
        """A nightly run with nothing to do costs the same queries for 5 pupils as for
        30: what the triggers need is read for every pupil at once (bench/run.py, 3)."""
        pupils = self.amira | self.ben | self.cara
        for index in range(27):
            pupils |= self._pupil("Pupil%02d" % index, "Extra")
        self.env["school.attendance.register"].search(
            [("date", "<=", "2024-09-13")]
        )._create_mark_lines()
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            self.mark_day(day, {self.amira: ("I", "I")} if day.weekday() == 0 else {})
        # Amira (16/20 = 80%) gets her case and its first step; then all is quiet that day.
        quiet = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
        runs = [self.escalate("2024-09-13") for _ in range(3)]
        self.assertEqual(runs[-1], quiet)
        self.assertEqual(len(self.case_of(self.amira, "low_attendance").step_log_ids), 1)
        policy = self.policy.sudo(self.officer)
        company = self.company.sudo(self.officer)

        def count_queries(some):
            self.env.cache.invalidate()  # the whole cache, every model
            before = self.cr.sql_log_count
            result = policy._escalate(company, D(2024, 9, 13), pupils=some.sudo(self.officer))
            queries = self.cr.sql_log_count - before
            self.assertEqual(result, quiet)
            return queries

        count_queries(pupils[:1])  # warm the access-rule caches
        few = count_queries(pupils[:5])  # Amira and her open case included in both
        many = count_queries(pupils)
        self.assertEqual(len(pupils), 30)
        self.assertEqual(few, many, "a quiet run must not read per pupil (%d, %d)" % (few, many))

    def test_step_dates_skip_the_half_term(self):
        """Steps firing on Friday 25 October, before the October half term: the
        meeting due 5 school days later is on 8 November (not 1 November, in the
        break) and the improvement plan starts on the first day back, 4 November."""
        case = self.Case.create(
            {"pupil_id": self.amira.id, "concern": "low_attendance", "policy_id": self.policy.id}
        )
        ctx = EscalationContext(self.policy, self.company, D(2024, 10, 25), self.amira)
        meeting = self.env.ref("school_attendance.policy_step_s000_meeting1")
        self.assertEqual(meeting.activity_line_ids.due_days, 5)
        outcome = meeting._schedule_activities(case, ctx)
        self.assertEqual(self.activities_of(case).date_deadline, "2024-11-08")
        self.assertIn("due 8 Nov 2024", outcome)
        self.env.ref("school_attendance.policy_step_s000_plan")._action_contract(case, ctx)
        self.assertEqual(case.contract_ids.date_start, "2024-11-04")

    def test_run_escalation_is_rpc_friendly(self):
        """Callable with no ids and a date string; returns plain counts. A policy no
        school follows evaluates nobody."""
        unused = self.env.ref("school_attendance.attendance_policy_seed004")
        self.mark_day("2024-09-23", {self.amira: ("N", "N")})
        self.assertEqual(
            unused.sudo(self.officer).run_escalation("2024-09-23"),
            {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0},
        )
        result = self.Policy.browse().sudo(self.officer).run_escalation("2024-09-23")
        self.assertEqual(set(result), {"cases_opened", "steps_fired", "cases_closed"})
        # The first-day case was opened by the register; the run adds nothing to it.
        self.assertEqual(len(self.case_of(self.amira, "first_day").step_log_ids), 1)
        self.env.ref("school_attendance.ir_cron_attendance_escalation")  # the daily job exists
