"""The 'penalty' step action: draft penalty notices proposed within the case when the
national threshold (10 unauthorised sessions in 10 school weeks) is met."""

from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestCasePenalty(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestCasePenalty, cls).setUpClass()
        cls.Notice = cls.env["school.penalty.notice"]
        cls.father = cls.env["res.partner"].create({"name": "Omar Khan"})
        cls.grandmother = cls.env["res.partner"].create({"name": "Nadia Khan"})
        for partner, relationship, responsible in (
            (cls.father, "father", True),
            (cls.grandmother, "grandparent", False),
        ):
            cls.env["school.pupil.contact"].create(
                {
                    "pupil_id": cls.amira.id,
                    "partner_id": partner.id,
                    "relationship": relationship,
                    "has_parental_responsibility": responsible,
                }
            )
        cls.step = cls.env.ref("school_attendance.policy_step_s001_penalty")
        # A ladder of one step: the seed 001 penalty step.
        cls.penalty_policy = cls.Policy.create(
            {"name": "Penalty only", "default_user_id": cls.officer.id}
        )
        # On the low attendance ladder: first-day steps also run when a register is saved.
        cls.step.copy(
            {"policy_id": cls.penalty_policy.id, "action": "penalty", "concern": "low_attendance"}
        )
        cls.company.attendance_policy_id = cls.penalty_policy

    def _run(self, absent_days):
        """Present 2 to 20 Sep 2024 except ``absent_days`` days of O up to 20 Sep.

        O, not N: an N younger than 5 school days does not count for a proposal.
        """
        days = self.days(D(2024, 9, 2), D(2024, 9, 20))
        absent = days[-absent_days:]
        for day in days:
            self.mark_day(day, {self.amira: ("O", "O")} if day in absent else {})
        self.escalate(D(2024, 9, 20))
        return self.case_of(self.amira, "low_attendance")

    def test_threshold_met_proposes_draft_notices_per_parent(self):
        case = self._run(5)  # 20/30 = 66.7% <= 85%, 10 unauthorised sessions
        self.assertTrue(case)
        notices = self.Notice.search([("pupil_id", "=", self.amira.id)])
        self.assertEqual(notices.mapped("partner_id"), self.mother | self.father)
        self.assertEqual(set(notices.mapped("state")), {"draft"})
        self.assertEqual(notices.mapped("case_id"), case)
        self.assertEqual(len(notices[0].mark_ids), 10)
        self.assertEqual(case.penalty_notice_ids, notices)
        self.assertIn("draft penalty notice(s) proposed", case._last_log().message)
        # A second run the same day proposes nothing more.
        self.escalate(D(2024, 9, 20))
        self.assertEqual(self.Notice.search([("pupil_id", "=", self.amira.id)]), notices)

    def test_under_threshold_only_schedules_the_activity(self):
        case = self._run(4)  # 22/30 = 73.3% <= 85%, but 8 unauthorised sessions
        self.assertTrue(case)
        self.assertFalse(self.Notice.search([("pupil_id", "=", self.amira.id)]))
        self.assertIn("threshold not met", case._last_log().message)
        self.assertIn(
            "Consider a penalty notice: attendance 85% or below",
            self.activities_of(case).mapped("summary"),
        )
