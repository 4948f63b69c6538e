"""Letters of attendance cases: a policy step whose action is 'letter' (here the seed 000
warning step) produces the letter from the school's template, once, linked to the case
(seed 000 warning letter).
"""

from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestCaseLetters(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestCaseLetters, cls).setUpClass()
        cls.Letter = cls.env["school.letter"]
        cls.mother.write({"zip": "BR1 1AA", "city": "Bromley"})
        # The seed 000 warning step is a 'letter' step as shipped (data of this addon).

    def _run_to_warning(self):
        """Present 2 to 20 Sep, absent N on Mon 23 Sep: 30/32 = 93.8% < 96%."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 23)):
            codes = {self.amira: ("N", "N")} if day == D(2024, 9, 23) else {}
            self.mark_day(day, codes)
            self.escalate(day)
        return self.case_of(self.amira, "low_attendance")

    def test_warning_step_creates_one_letter_on_the_case(self):
        case = self._run_to_warning()
        self.assertEqual(
            case.last_step_id, self.env.ref("school_attendance.policy_step_s000_warning")
        )
        letters = self.Letter.search([("case_id", "=", case.id)])
        self.assertEqual(len(letters), 1)
        self.assertEqual(
            (letters.kind, letters.partner_id, letters.pupil_id, letters.state),
            ("warning_96", self.mother, self.amira, "draft"),
        )
        self.assertEqual((letters.res_model, letters.res_id), (case._name, case.id))
        self.assertEqual(case.sudo(self.officer).letter_count, 1)
        self.assertEqual(case.sudo(self.officer).letter_ids, letters)
        self.assertIn(letters.name, case._last_log().message)
        action = case.sudo(self.officer).action_view_letters()
        self.assertEqual(self.Letter.search(action["domain"]), letters)
        # The activity of the step is still there for the officer.
        self.assertEqual(self.activities_of(case).summary, "Warning letter: attendance below 96%")

        # Running the escalation again the same day produces no second letter.
        count = self.Letter.search_count([])
        self.assertEqual(
            self.escalate(D(2024, 9, 23)),
            {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0},
        )
        self.assertEqual(self.Letter.search_count([]), count)
        # Nor does firing the step's action again (e.g. a manual re-run).
        step = case.last_step_id
        from odoo.addons.school_attendance.escalation_context import (
            EscalationContext,
        )

        ctx = EscalationContext(case.policy_id, case.company_id, D(2024, 9, 23), case.pupil_id)
        self.assertIn("already produced", step._action_letter(case, ctx))
        self.assertEqual(self.Letter.search_count([("case_id", "=", case.id)]), 1)

    def test_no_postal_address_is_explained(self):
        self.mother.write({"zip": False, "city": False})
        case = self._run_to_warning()
        self.assertFalse(self.Letter.search([("case_id", "=", case.id)]))
        self.assertIn("no postal address", case._last_log().message)
