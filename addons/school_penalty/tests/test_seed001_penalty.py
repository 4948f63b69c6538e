"""Seed 001 as shipped: its 'consider a penalty notice (85% or below)' step proposes
the notices itself when the national threshold is met.

Same pupil and marks as school_attendance's seed 001 test: Amira absent without reason
(N) Mon 23 Sep to Mon 30 Sep 2024 (12 sessions), then ill every Monday; the plan's
review on 12 Nov finds no improvement. That evening attendance is 72/94 = 76.6% <= 85%
and the 10 school weeks to 12 Nov (half term skipped) hold her 12 unauthorised
sessions >= 10: one draft penalty notice to her mother, the parent with parental
responsibility, on the case. The escalation runs twice every evening.
"""

from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestSeed001Penalty(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed001"

    def _codes(self, day):
        if D(2024, 9, 23) <= day <= D(2024, 9, 30):
            return {self.amira: ("N", "N")}
        if day > D(2024, 9, 30) and day.weekday() == 0:
            return {self.amira: ("I", "I")}
        return {}

    def test_preset_penalty_step_drafts_the_notice_once(self):
        step = self.env.ref("school_attendance.policy_step_s001_penalty")
        self.assertEqual(step.action, "penalty")
        Notice = self.env["school.penalty.notice"]
        for day in self.days(D(2024, 9, 2), D(2024, 11, 15)):
            self.mark_day(day, self._codes(day))
            if day == D(2024, 11, 12):
                review = self.case_of(self.amira, "first_day").contract_ids.review_ids
                review.sudo(self.officer).action_hold(date_held="2024-11-12")
            self.escalate(day)
            self.escalate(day)
            notices = Notice.search([("pupil_id", "=", self.amira.id)])
            if day < D(2024, 11, 12):
                self.assertFalse(notices, "no notice before the step fires (%s)" % day)
        case = self.case_of(self.amira, "first_day")
        self.assertEqual(
            (notices.partner_id, notices.state, notices.case_id),
            (self.mother, "draft", case),
        )
        log = case.step_log_ids.filtered(lambda lg: lg.step_id == step)
        self.assertEqual(log.date, "2024-11-12")
        self.assertIn("draft penalty notice(s) proposed to Sara Khan", log.message)
        self.assertIn(
            "12 unauthorised session(s) in the 10 school weeks to 12 Nov 2024", log.message
        )
