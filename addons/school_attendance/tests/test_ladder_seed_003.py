"""Seed 003 (Halsnead attendance strategy: staff actions per attendance band), day by day.

Amira is present 2 to 20 Sep 2024 (30 sessions), absent without reason (N) on Mon 23
and Tue 24 Sep, back on Wednesday, then off ill (I) every Monday from 30 Sep. The
escalation runs every school evening. Figures, worked by hand:

* 23 Sep: first day absence call; attendance 30/32 = 93.8% < 95 -> mentoring chat.
* 24 Sep: home visit (no response after 2 days); 30/34 = 88.2% < 92 -> attendance
  panel (medical evidence from now on) and a 4-week parent contract.
* 25 Sep: back at school: the unexplained-absence case closes.
* 21 Oct: 4 school weeks after the panel, 60/72 = 83.3% < 92 -> Early Help offered.
* 22 Oct: 62/74 = 83.8% < 90 -> referral into the attendance service (EWO).
* 25 Nov: 4 school weeks later (4, 11, 18, 25 Nov; half term skipped), 92/112 =
  82.1% < 90 -> APS referral.
"""

from .case_common import D, EscalationCase


class TestLadderSeed003(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed003"

    @classmethod
    def setUpClass(cls):
        super(TestLadderSeed003, cls).setUpClass()
        cls.mother.write({"zip": "L36 1AA", "city": "Knowsley"})

    def _codes(self, day):
        if day in (D(2024, 9, 23), D(2024, 9, 24)):
            return {self.amira: ("N", "N")}
        if day >= D(2024, 9, 30) and day.weekday() == 0:
            return {self.amira: ("I", "I")}
        return {}

    def test_band_actions_day_by_day(self):
        fired = {}
        for day in self.days(D(2024, 9, 2), D(2025, 1, 31)):
            self.mark_day(day, self._codes(day))
            self.escalate(day)
            after = self.snapshot()
            self.assertEqual(
                self.escalate(day), {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
            )
            self.assertEqual(self.snapshot(), after, "re-running %s created records" % day)
        for log in self.Log.search([]).sorted(lambda lg: (lg.date, lg.id)):
            fired.setdefault(log.date, []).append((log.case_id.concern, log.step_id.name))
        self.assertEqual(
            fired,
            {
                "2024-09-23": [
                    ("first_day", "First day absence call"),
                    ("low_attendance", "Mentoring chat (below 95%)"),
                ],
                "2024-09-24": [
                    ("first_day", "Home visit after two days"),
                    ("low_attendance", "Attendance panel (below 92%)"),
                    ("low_attendance", "4-week parent contract"),
                ],
                "2024-10-21": [
                    ("low_attendance", "Offer Early Help (no improvement)"),
                    # school_letters: with it, the letter of intent to fast-track.
                    ("low_attendance", "Letter of intent to fast-track to prosecution"),
                ],
                "2024-10-22": [
                    ("low_attendance", "Referral to the attendance service (below 90%)")
                ],
                "2024-11-25": [("low_attendance", "APS referral (no improvement)")],
            },
        )
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(first_day.date_closed, "2024-09-25")
        self.assertEqual(
            self.activities_of(first_day).mapped("summary"),
            [
                "First day absence call (CP, LAC and SEN pupils first) (before 11:00)",
                "Home visit: no response after 2 days",
            ],
        )
        low = self.case_of(self.amira, "low_attendance")
        logs = low.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
        self.assertEqual(logs[0].figures, "attendance 93.8% (30/32) < 95% since 1 Sep 2024")
        self.assertEqual(logs[1].figures, "attendance 88.2% (30/34) < 92% since 1 Sep 2024")
        self.assertIn(
            "4 school weeks since '4-week parent contract' on 24 Sep 2024", logs[3].figures
        )
        self.assertIn("83.3% (60/72) < 92%", logs[3].figures)
        self.assertIn("82.1% (92/112) < 90%", logs[-1].figures)
        # The documents each step promises.
        summaries = self.activities_of(low).mapped("summary")
        self.assertEqual(
            summaries,
            [
                "Mentoring chat with the pupil: attendance below 95%",
                "Parent attendance panel meeting",
                "Contact the family: no or little improvement",
            ],
        )
        contract = low.contract_ids
        self.assertEqual(
            (contract.kind, contract.weeks, contract.target_pct, len(contract.review_ids)),
            ("parent_contract", 4, 95.0, 2),
        )
        self.assertEqual(contract.date_start, "2024-09-25")
        self.assertTrue(self.amira.is_medical_evidence_required)
        self.assertEqual(self.amira.medical_evidence_since, "2024-09-24")
        self.assertEqual(
            low.referral_ids.sorted("id").mapped("kind"), ["early_help", "ewo", "la_legal"]
        )
        self.assertEqual(low.stage_id, self.stage("legal_action"))
        if "school.letter" in self.env:
            letters = self.env["school.letter"].search(
                [("res_model", "=", low._name), ("res_id", "=", low.id)]
            )
            # The panel's invitation, and the letter of intent to fast-track to prosecution.
            self.assertEqual(
                sorted(letters.mapped("kind")), ["plan_invitation", "prosecution_warning"]
            )
        # Ben (child protection plan) and Cara were never absent.
        self.assertFalse(self.Case.search([("pupil_id", "in", (self.ben | self.cara).ids)]))
