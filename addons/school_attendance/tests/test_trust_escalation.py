"""The nightly escalation of a trust: every school read together, so a quiet night costs
the same queries for one school as for three; each school's lock and failure its own."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..models.school_attendance_policy import ESCALATION_LOCK
from .common import SchoolAttendanceCase

WEEK = ("2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05", "2024-09-06")
DAY = WEEK[-1]
NOTHING = {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}


class TestTrustEscalation(SchoolAttendanceCase):
    """Three schools of a trust, each with its own copy of the seed 000 ladder and one
    week of registers: Ann present all week, Bob absent without reason (N) on Thursday
    and Friday (day 2 of a run of unexplained absence on Friday: his cases open)."""

    @classmethod
    def setUpClass(cls):
        super(TestTrustEscalation, cls).setUpClass()
        cls.Policy = cls.env["school.attendance.policy"]
        cls.Case = cls.env["school.attendance.case"]
        code = cls.env["school.attendance.code"].get_code
        codes = {
            "am": code("/"),
            "pm": code("\\"),
            "N": code("N"),
        }
        seed = cls.env.ref("school_attendance.attendance_policy_seed000")
        cls.schools = cls.env["res.company"]
        for number in (1, 2, 3):
            # No policy while the marks go in: marking N would open the case at once.
            school = cls.env["res.company"].create(
                {"name": "Trust School %d" % number, "attendance_policy_id": False}
            )
            cls._build_school(school, codes)
            school.attendance_policy_id = seed.copy(
                {"name": "Policy of school %d" % number, "company_id": school.id}
            )
            cls.schools |= school

    @classmethod
    def _build_school(cls, school, codes):
        year = cls._create_year(company=school)
        cls.env["school.term"].create(
            {
                "name": "First week",
                "academic_year_id": year.id,
                "date_start": WEEK[0],
                "date_end": WEEK[-1],
            }
        )
        group = cls.env["school.group"].create(
            {"name": "5T", "year_group": "5", "company_id": school.id}
        )
        sessions = cls.env["school.session"].search([("company_id", "=", school.id)])
        plan = {"Ann": (), "Bob": ("N", WEEK[3:])}
        for first_name, absence in plan.items():
            pupil = (
                cls.env["school.pupil"]
                .with_context(tracking_disable=True)
                .create(
                    {
                        "first_name": first_name,
                        "last_name": school.name,
                        "group_id": group.id,
                        "company_id": school.id,
                        "date_admitted": WEEK[0],
                    }
                )
            )
            for session in sessions:
                absent = absence and session.date in absence[1]
                code = codes[absence[0]] if absent else codes[session.period]
                cls.env["school.attendance.mark"].create(
                    {"pupil_id": pupil.id, "session_id": session.id, "code_id": code.id}
                )

    def _bob_cases(self, school):
        return self.Case.search(
            [("company_id", "=", school.id), ("pupil_id.first_name", "=", "Bob")]
        )

    def _quiet_queries(self, schools):
        """Queries of a run of ``schools`` (by their policies) on a night when everything
        is done."""
        policies = schools.mapped("attendance_policy_id")
        self.env.cache.invalidate()
        before = self.cr.sql_log_count
        counts = policies.run_escalation(DAY)
        self.assertEqual(counts, NOTHING)
        return self.cr.sql_log_count - before

    def test_quiet_run_costs_the_same_for_one_school_and_three(self):
        """The first run opens Bob's first-day case at every school; a second run that
        day finds nothing to do, and reads all three schools with the queries of one."""
        counts = self.schools.mapped("attendance_policy_id").run_escalation(DAY)
        self.assertEqual(
            counts["cases_opened"], self.Case.search_count([("company_id", "in", self.schools.ids)])
        )
        for school in self.schools:
            self.assertIn("first_day", self._bob_cases(school).mapped("concern"))
        one = self._quiet_queries(self.schools[0])
        three = self._quiet_queries(self.schools)
        self.assertEqual(three, one, "quiet run: %d queries for 3 schools, %d for 1" % (three, one))
        # The queries do not grow with the pupils either: a fourth pupil at the first school.
        self.env["school.pupil"].create(
            {
                "first_name": "Dan",
                "last_name": "New",
                "group_id": self._bob_cases(self.schools[0]).pupil_id.group_id.id,
                "company_id": self.schools[0].id,
                "date_admitted": WEEK[0],
            }
        )
        self.assertEqual(self._quiet_queries(self.schools), one)

    def test_nightly_job_runs_the_other_schools_when_one_fails(self):
        """One school's run raising does not stop the job: the other schools' cases open,
        nothing is left half done at the failing one, and the job ends normally."""
        failing = self.schools[1]
        Policy = type(self.Policy)
        original = Policy._open_cases

        def open_cases(policy, openings, ctx):
            if any(pupil.company_id == failing for pupil, _concern in openings):
                raise ValueError("a broken step at %s" % failing.name)
            return original(policy, openings, ctx)

        with patch.object(Policy, "_open_cases", autospec=True, side_effect=open_cases):
            with mute_logger("odoo.addons.school_attendance.models.school_attendance_policy"):
                counts = self.Policy._run_escalation(self.schools, DAY, nightly=True)
        self.assertEqual(
            counts["cases_opened"], self.Case.search_count([("company_id", "in", self.schools.ids)])
        )
        self.assertFalse(self._bob_cases(failing))
        for school in self.schools - failing:
            self.assertIn("first_day", self._bob_cases(school).mapped("concern"))

    def test_nightly_job_leaves_a_school_another_server_runs(self):
        """Another server holds the second school's escalation lock: the job runs the other
        two and leaves that one; a run by hand of that school is told it is running."""
        held = self.schools[1]
        with self.registry.cursor() as other_server:
            other_server.execute("SELECT pg_advisory_xact_lock(%s, %s)", (ESCALATION_LOCK, held.id))
            counts = self.Policy._run_escalation(self.schools, DAY, nightly=True)
            self.assertEqual(
                counts["cases_opened"],
                self.Case.search_count([("company_id", "in", self.schools.ids)]),
            )
            self.assertFalse(self._bob_cases(held))
            for school in self.schools - held:
                self.assertIn("first_day", self._bob_cases(school).mapped("concern"))
            with self.assertRaisesRegex(
                UserError, "escalation of Trust School 2 is already running"
            ):
                held.attendance_policy_id.run_escalation(DAY)
