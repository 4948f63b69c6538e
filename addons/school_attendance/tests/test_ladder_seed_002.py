"""Seed 002 (Walton Oak attendance and punctuality policy), day by day with real marks.

Three pupils of 5A, the escalation run every school evening from 2 Sep 2024:

* Amira arrives late (L) on Wednesday and Thursday mornings: her 5th late arrival
  in 6 school weeks, Wed 18 Sep, makes her "consistently late": her class teacher
  talks to the parents (lateness concern). L counts as present: no other case.
* Ben is absent without reason (N) Wed 4 to Fri 6 Dec: parents contacted before
  11:00 on day 1, a letter to the main home address on day 3 (no contact after
  three days); back on Mon 9 Dec, the case closes. His attendance stays above 90%
  (124/130 = 95.4% on 6 Dec).
* Cara is present 2 to 13 Sep (20 sessions) then absent without authorisation (O)
  every day: 17 Sep 20/24 = 83.3% < 90 -> persistent absence, medical evidence asked
  in writing; 27 Sep 20/40 = 50.0% <= 50 -> severe absence, a joint approach agreed
  with the local authority; 14 Oct, 4 school weeks after the letter and still under
  90% (20/62 = 32.3%) -> meeting with a senior leader.
"""

from odoo.exceptions import ValidationError

from .case_common import D, EscalationCase


class TestLadderSeed002(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed002"

    @classmethod
    def setUpClass(cls):
        super(TestLadderSeed002, cls).setUpClass()
        cls.ben_mother = cls.env["res.partner"].create(
            {"name": "Jo Lee", "street": "2 High Street", "zip": "KT1 1AA", "city": "Walton"}
        )
        cls.env["school.pupil.contact"].create(
            {
                "pupil_id": cls.ben.id,
                "partner_id": cls.ben_mother.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
                "lives_with_pupil": True,
                "receives_post": True,
            }
        )

    def _codes(self, day):
        codes = {}
        if day.weekday() in (2, 3):
            codes[self.amira] = ("L", "\\")
        if D(2024, 12, 4) <= day <= D(2024, 12, 6):
            codes[self.ben] = ("N", "N")
        if day >= D(2024, 9, 16):
            codes[self.cara] = ("O", "O")
        return codes

    def test_attendance_and_punctuality_policy_day_by_day(self):
        for day in self.days(D(2024, 9, 2), D(2024, 12, 13)):
            self.mark_day(day, self._codes(day))
            self.escalate(day)
            after = self.snapshot()
            self.assertEqual(
                self.escalate(day), {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
            )
            self.assertEqual(self.snapshot(), after, "re-running %s created records" % day)
        fired = {}
        for log in self.Log.search([]).sorted(lambda lg: (lg.date, lg.id)):
            fired.setdefault(log.date, []).append(
                (log.case_id.pupil_id.first_name, log.case_id.concern, log.step_id.name)
            )
        self.assertEqual(
            fired,
            {
                "2024-09-17": [
                    (
                        "Cara",
                        "persistent",
                        "Persistent absence: medical evidence asked in writing",
                    )
                ],
                "2024-09-18": [("Amira", "lateness", "Consistently late: talk to the parents")],
                "2024-09-27": [
                    (
                        "Cara",
                        "severe",
                        "Severe absence: joint approach with the local authority",
                    )
                ],
                "2024-10-14": [
                    ("Cara", "persistent", "Meeting with a senior leader (no improvement)")
                ],
                "2024-12-04": [("Ben", "first_day", "Day 1: contact parents before 11:00")],
                "2024-12-06": [("Ben", "first_day", "Day 3: letter to the main home address")],
            },
        )
        # Amira: consistently late, the class teacher talks to the parents.
        late = self.case_of(self.amira, "lateness")
        self.assertEqual(
            late.step_log_ids.figures,
            "5 late arrivals (5 L, 0 U) in the last 3 school weeks (since 2 Sep 2024) ≥ 5",
        )
        talk = self.activities_of(late)
        self.assertEqual(
            (talk.summary, talk.user_id, talk.date_deadline),
            (
                "Consistently late: talk to the parents about punctuality",
                self.teacher,
                "2024-09-20",
            ),
        )
        self.assertEqual(self.Case.search([("pupil_id", "=", self.amira.id)]), late)
        # Ben: the call before 11:00, the letter on day 3, closed when back.
        first_day = self.case_of(self.ben, "first_day")
        self.assertEqual(
            self.activities_of(first_day).mapped("summary"),
            [
                "Contact parents to establish why the child is not in school (before 11:00)",
                "No contact after three days: letter to the main home address",
            ],
        )
        self.assertEqual(first_day.date_closed, "2024-12-09")
        if "school.letter" in self.env:
            letters = self.env["school.letter"].search(
                [("res_model", "=", first_day._name), ("res_id", "=", first_day.id)]
            )
            self.assertEqual((letters.kind, letters.partner_id), ("day3", self.ben_mother))
        # Cara: persistent then severe absence.
        persistent = self.case_of(self.cara, "persistent")
        logs = persistent.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
        self.assertEqual(logs[0].figures, "attendance 83.3% (20/24) < 90% since 1 Sep 2024")
        self.assertEqual(
            logs[1].figures,
            "4 school weeks since 'Persistent absence: medical evidence asked in writing' on "
            "17 Sep 2024 and attendance still 32.3% (20/62) < 90% since 1 Sep 2024",
        )
        self.assertTrue(self.cara.is_medical_evidence_required)
        self.assertEqual(self.cara.medical_evidence_since, "2024-09-17")
        severe = self.case_of(self.cara, "severe")
        self.assertEqual(
            severe.step_log_ids.figures, "attendance 50.0% (20/40) ≤ 50% since 1 Sep 2024"
        )
        self.assertEqual(severe.referral_ids.kind, "access_inclusion")
        self.assertEqual(
            self.activities_of(severe).summary,
            "Severe absence: agree a joint approach with the local authority",
        )

    def test_step_settings_are_checked(self):
        """A lateness step needs its count, a shorter wait must be shorter: a clear
        error, and nothing changes."""
        late = self.env.ref("school_attendance.policy_step_s002_late")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            late.write({"late_count": 0})
        review = self.env.ref("school_attendance.policy_step_s001_review")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            review.write({"weeks_if_absent": 6})
        late.invalidate_cache()
        review.invalidate_cache()
        self.assertEqual((late.late_count, review.weeks_if_absent), (5, 3))
