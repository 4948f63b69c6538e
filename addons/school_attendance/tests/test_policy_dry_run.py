"""Dry run of a policy: what seed 000's ladder would have done in the autumn of 2024,
worked out on real marks and undone afterwards (fixture and figures: test_escalation_seed000).
"""

from odoo.exceptions import ValidationError

from .case_common import D, EscalationCase

DAY2 = "Day 2: calls to all contacts, Pupil Support Lead informed"


class TestPolicyDryRun(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"

    @classmethod
    def setUpClass(cls):
        super(TestPolicyDryRun, cls).setUpClass()
        cls.other_policy = cls.env["school.attendance.policy"].create(
            {"name": "Our own ladder", "company_id": cls.company.id}
        )

    def _mark_autumn(self):
        for day in self.days(D(2024, 9, 2), D(2024, 10, 4)):
            codes = {}
            if day in (D(2024, 9, 23), D(2024, 9, 24), D(2024, 9, 25)):
                codes = {self.amira: ("N", "N")}
            self.mark_day(day, codes)

    def test_what_the_ladder_would_have_done_and_nothing_written(self):
        self._mark_autumn()
        self.company.attendance_policy_id = self.other_policy
        before = self.snapshot()
        dry_run = (
            self.env["school.policy.dry.run"]
            .sudo(self.officer)
            .create(
                {
                    "policy_id": self.env.ref(self.POLICY).id,
                    "company_id": self.company.id,
                    "date_from": "2024-09-02",
                    "date_to": "2024-10-04",
                }
            )
        )
        dry_run.action_run()
        # Nothing written: no case, step, activity or letter more; the school's policy kept.
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.company.attendance_policy_id, self.other_policy)
        steps = [(line.date, line.pupil_id, line.step_name) for line in dry_run.line_ids]
        # 23 Sep: 30/32 = 93.8% < 96 -> warning letter; N on day 1 -> the first-day call.
        self.assertIn(("2024-09-23", self.amira, "Day 1: first-day call"), steps)
        self.assertIn(("2024-09-23", self.amira, "Warning letter (below 96%)"), steps)
        # 24 Sep: 30/34 = 88.2% <= 90 -> letter 1; day 2 of the run -> calls to all contacts.
        self.assertIn(("2024-09-24", self.amira, "Letter 1 (90% or less)"), steps)
        self.assertIn(("2024-09-24", self.amira, DAY2), steps)
        self.assertIn(("2024-09-25", self.amira, "Day 3: home visit"), steps)
        self.assertFalse([s for s in steps if s[1] != self.amira], "Ben and Cara were never absent")
        self.assertTrue(dry_run.workload_ids, "the calls and visits are someone's work")
        self.assertTrue(all(w.activity_count > 0 for w in dry_run.workload_ids))
        fired = len([line for line in dry_run.line_ids if line.step_name != "case opened"])
        self.assertIn("; %d steps fired;" % fired, dry_run.summary)
        self.assertIn("Attendance plan - first day to legal action (seed 000) at ", dry_run.summary)

    def test_a_dry_run_looks_back_and_at_most_200_days(self):
        dry_run = self.env["school.policy.dry.run"].sudo(self.officer)
        values = {"policy_id": self.other_policy.id, "company_id": self.company.id}
        with self.assertRaises(ValidationError):
            dry_run.create(dict(values, date_from="2024-09-02", date_to="2025-06-30"))
        with self.assertRaises(ValidationError):
            dry_run.create(dict(values, date_from="2024-09-10", date_to="2024-09-02"))
        with self.assertRaises(ValidationError):
            dry_run.create(dict(values, date_from="2099-01-04", date_to="2099-01-05"))
