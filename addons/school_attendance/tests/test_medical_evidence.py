"""Medical evidence (seed 000 after letter 2, seed 003 below 92%, seed 004 in the plan):
once required for a pupil, illness (I) without evidence warns as it is entered and
gives the office an activity; the officer records the evidence or amends to O.

Amira's medical evidence is required from Mon 11 Nov 2024 (seed 000's letter 2 day).
She is ill on Mon 4 Nov (before: nothing asked) and on Mon 18 Nov (both sessions,
entered by her class teacher)."""

from .case_common import D, EscalationCase


class TestMedicalEvidence(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestMedicalEvidence, cls).setUpClass()
        cls.amira._request_medical_evidence(D(2024, 11, 11))

    def _pupil_activities(self, pupil):
        return self.Activity.search(
            [("res_model", "=", "school.pupil"), ("res_id", "=", pupil.id)], order="id"
        )

    def _marks(self, pupil, day):
        return self.Mark.search([("pupil_id", "=", pupil.id), ("date", "=", day)], order="period")

    def test_illness_without_evidence_gives_one_activity_per_day(self):
        self.mark_day("2024-11-04", {self.amira: ("I", "I"), self.cara: ("I", "I")})
        self.assertFalse(self._pupil_activities(self.amira), "not yet required on 4 Nov")
        self.mark_day("2024-11-18", {self.amira: ("I", "I"), self.cara: ("I", "I")}, self.teacher)
        activity = self._pupil_activities(self.amira)
        self.assertEqual(len(activity), 1)  # one for the day, not one per session
        self.assertEqual(activity.summary, "Medical evidence for illness on 18 Nov 2024")
        self.assertIn("required since 11 Nov 2024", activity.note)
        self.assertIn("O (unauthorised absence)", activity.note)
        # Nobody owns a case of hers: the owner of the policy's cases chases it.
        self.assertEqual(activity.user_id, self.officer)
        self.assertFalse(self._pupil_activities(self.cara), "no evidence asked of Cara")
        # Entering the day again adds nothing.
        self._marks(self.amira, "2024-11-18").sudo(self.officer).write(
            {"code_id": self.code["I"].id}
        )
        self.assertEqual(len(self._pupil_activities(self.amira)), 1)
        # The officer's list of illness without evidence.
        missing = self.Mark.search([("is_medical_evidence_missing", "=", True)])
        self.assertEqual(missing, self._marks(self.amira, "2024-11-18"))
        self.assertEqual(
            self.Mark.search_count(
                [("is_medical_evidence_missing", "=", False), ("pupil_id", "=", self.amira.id)]
            ),
            self.Mark.search_count([("pupil_id", "=", self.amira.id)]) - 2,
        )

    def test_case_owner_gets_it_and_evidence_or_o_settles_it(self):
        case = self.Case.create(
            {"pupil_id": self.amira.id, "concern": "low_attendance", "user_id": self.manager.id}
        )
        self.mark_day("2024-11-18", {self.amira: ("I", "I")}, self.teacher)
        self.assertEqual(self._pupil_activities(self.amira).user_id, self.manager)
        self.assertTrue(case.is_medical_evidence_required)
        am, pm = self._marks(self.amira, "2024-11-18")
        # The morning's illness came with a doctor's note.
        am.sudo(self.officer).write({"has_medical_evidence": True})
        self.assertFalse(am.is_medical_evidence_missing)
        self.assertTrue(pm.is_medical_evidence_missing)
        # No evidence for the afternoon once the register is taken: amended to O.
        pm.register_id.sudo(self.officer).action_take()
        pm.sudo(self.officer).action_record_unauthorised()
        self.assertEqual(pm.code_id.code, "O")
        self.assertFalse(pm.is_medical_evidence_missing)
        self.assertEqual(pm.amendment_ids.old_code_id.code, "I")
        self.assertIn("medical evidence required since 2024-11-11", pm.amendment_ids.reason)

    def test_register_line_warns_when_illness_is_entered(self):
        mark = self._marks(self.amira, "2024-11-18")[0]
        line = self.Mark.new(
            {"pupil_id": self.amira.id, "date": mark.date, "code_id": self.code["I"].id}
        )
        warning = line._onchange_code_medical_evidence()["warning"]
        self.assertEqual(warning["title"], "Medical evidence required")
        self.assertIn(
            "Amira Khan's illness is only authorised with medical evidence", warning["message"]
        )
        before = self.Mark.new(
            {"pupil_id": self.amira.id, "date": "2024-11-04", "code_id": self.code["I"].id}
        )
        self.assertIsNone(before._onchange_code_medical_evidence())
        other = self.Mark.new(
            {"pupil_id": self.amira.id, "date": mark.date, "code_id": self.code["O"].id}
        )
        self.assertIsNone(other._onchange_code_medical_evidence())
