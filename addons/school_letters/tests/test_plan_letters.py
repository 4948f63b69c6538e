"""The letters plans and referrals promise (seed 004): parents told of a referral
when it is sent, the plan's hard copy with its covering letter and review date,
and each review's outcome written to them; the referral form lists the letters sent.

Amira Khan (fixture): 19 of 22 sessions from 2 to 16 September 2024 (86.4%); her
mother Sarah and her father Omar both have parental responsibility.
"""

import odoo

from .common import LettersCase, pdf_text


class TestPlanLetters(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestPlanLetters, cls).setUpClass()
        cls.case = (
            cls.env["school.attendance.case"]
            .sudo(cls.officer)
            .create(
                {
                    "pupil_id": cls.amira.id,
                    "concern": "persistent",
                    "policy_id": cls.env.ref("school_attendance.attendance_policy_seed004").id,
                }
            )
        )

    def _letters(self, record):
        return self.Letter.search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )

    def _plan(self):
        plan = (
            self.env["school.attendance.contract"]
            .sudo(self.officer)
            .create(
                {
                    "case_id": self.case.id,
                    "kind": "action_plan",
                    "date_start": "2024-09-02",
                    "line_ids": [
                        (0, 0, {"party": "parent", "description": "Amira at school by 8:50"})
                    ],
                }
            )
        )
        plan.action_start()
        return plan

    def test_parents_told_when_a_referral_is_sent(self):
        referral = (
            self.env["school.attendance.referral"]
            .sudo(self.officer)
            .create({"case_id": self.case.id, "kind": "housing", "date_sent": "2024-09-16"})
        )
        self.assertFalse(self._letters(referral), "nothing is written before it is sent")
        # Pressed as the web client does: [[id], context].
        odoo.api.call_kw(referral, "action_send", [referral.ids, {"lang": "en_GB"}], {})
        letters = self._letters(referral)
        self.assertEqual(letters.mapped("partner_id"), self.sarah | self.omar)
        self.assertEqual(set(letters.mapped("kind")), {"referral_notice"})
        body = " ".join(letters[0].body_html.split())
        self.assertIn("we have referred Amira to the housing service", body)
        self.assertIn("respond by 30 September 2024", body)  # 10 working days
        self.assertIn("86.4%", body)
        self.assertEqual(referral.sudo(self.officer).letter_count, 2)
        # Printed and posted, the notices are evidence on the referral form.
        letters.print_letters()
        rows = referral.sudo(self.officer)._get_evidence()["letters"]
        self.assertEqual(
            [(row["date"], row["recipient"]) for row in rows],
            [("16 September 2024", "Sarah Khan"), ("16 September 2024", "Omar Khan")],
        )

    def test_plan_printed_with_its_covering_letter_and_review_date(self):
        plan = self._plan()
        self.assertEqual(plan.review_ids.mapped("date_planned"), ["2024-09-16", "2024-09-30"])
        action = plan.sudo(self.officer).action_print_letter()
        self.assertEqual(action["type"], "ir.actions.act_url")
        letters = self._letters(plan)
        self.assertEqual(letters.mapped("partner_id"), self.sarah | self.omar)
        self.assertEqual(set(letters.mapped("state")), {"printed"})
        text = self.letter_text(letters[0])
        self.assertIn("We will review the plan with you on 16 September 2024", text)
        self.assertIn("Amira at school by 8:50", text)  # the plan enclosed
        self.assertIn("Attended and signed", text)
        # The letter sent stays as it was: the plan changes, the reprint does not.
        body = letters[0].body_html
        plan.sudo(self.officer).write({"target_pct": 90.0})
        plan.sudo(self.officer).action_print_letter()
        self.assertEqual(self._letters(plan), letters)
        self.assertEqual(letters[0].body_html, body)

    def test_review_outcome_written_to_the_parents(self):
        plan = self._plan()
        first, last = plan.review_ids
        first.sudo(self.officer).action_hold(date_held="2024-09-16", notes="Mornings still hard.")
        letters = self._letters(first)
        self.assertEqual(letters.mapped("partner_id"), self.sarah | self.omar)
        body = " ".join(letters[0].body_html.split())
        self.assertIn("Since the plan started on 2 September 2024, attendance has been 86.4%", body)
        self.assertIn("Outcome: Not improved", body)
        self.assertIn("Mornings still hard.", body)
        self.assertIn("The next review is on 30 September 2024", body)
        last.sudo(self.officer).action_hold(date_held="2024-09-30", outcome="improved")
        body = " ".join(self._letters(last)[0].body_html.split())
        self.assertIn("Outcome: Improved", body)
        self.assertIn("This was the last review of the plan", body)

    def test_referral_form_once_printed_is_reprinted_as_it_was(self):
        referral = (
            self.env["school.attendance.referral"]
            .sudo(self.officer)
            .create({"case_id": self.case.id, "kind": "early_help"})
        )
        referral._send(date_sent="2024-09-16")
        report = self.env.ref("school_attendance.action_report_attendance_referral")
        first = pdf_text(report.sudo(self.officer).render_qweb_pdf(referral.ids)[0])
        self.assertIn("Attendance referral: Early Help", first)
        self.assertIn("30 September 2024", first)
        self.assertIn("86.4% (19/22)", first)
        # The service agrees a later date: the form sent is still the one reprinted.
        referral.sudo(self.officer).write({"due_date": "2024-10-04"})
        again = pdf_text(report.sudo(self.officer).render_qweb_pdf(referral.ids)[0])
        self.assertEqual(again, first)
