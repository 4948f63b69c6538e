"""A leave request decided by the head is answered by letter (leave_approved /
leave_refused), once per parent with parental responsibility who receives post."""

from unittest.mock import patch

from odoo import fields

from .common import LettersCase

DECISION_DATE = "2024-10-18"


class TestLeaveLetters(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestLeaveLetters, cls).setUpClass()
        # October half term: Amira is back on Mon 4 Nov after a leave ending Fri 25 Oct.
        cls.env["school.closure"].create(
            {
                "name": "October half term",
                "date_from": "2024-10-28",
                "date_to": "2024-11-01",
                "company_id": cls.company.id,
            }
        )
        cls.amira.contact_ids.filtered(lambda c: c.partner_id == cls.sarah).write(
            {"lives_with_pupil": True}
        )
        cls.Request = cls.env["school.leave.request"]

    def _request(self, date_from, date_to, **vals):
        values = {
            "pupil_id": self.amira.id,
            "requested_by_id": self.amira.contact_ids.filtered(
                lambda c: c.partner_id == self.sarah
            ).id,
            "date_from": date_from,
            "date_to": date_to,
            "date_requested": "2024-09-16",
            "reason": "Grandfather's funeral abroad",
            "is_exceptional": True,
        }
        values.update(vals)
        request = self.Request.sudo(self.officer).create(values)
        request.action_submit()
        return request

    def _decide(self, request, method):
        """The head decides on Fri 18 Oct 2024."""
        with patch.object(fields.Date, "context_today", lambda *args, **kwargs: DECISION_DATE):
            getattr(request, method)()

    def _letters(self, request):
        return self.Letter.search([("res_model", "=", request._name), ("res_id", "=", request.id)])

    def test_approved_leave_letter_gives_the_return_day(self):
        request = self._request("2024-10-21", "2024-10-25")
        self._decide(request, "action_approve")
        letters = self._letters(request)
        # Sarah receives post; Omar has parental responsibility but does not.
        self.assertEqual(
            (letters.kind, letters.partner_id, letters.date, letters.state),
            ("leave_approved", self.sarah, DECISION_DATE, "draft"),
        )
        self.assertEqual(request.sudo(self.officer).letter_count, 1)
        values = letters.get_figures()["values"]
        self.assertEqual(values["next_step_date"], "4 November 2024")  # after the half term
        letters.print_letters()
        text = self.letter_text(letters)
        for expected in (
            "Amira Khan",
            "Dear Sarah Khan",
            "approved",
            "21 October 2024 to 25 October 2024: 10 session(s)",
            "4 November 2024",
        ):
            self.assertIn(expected, text)

        # Logged once: cancelled, submitted and approved again, no second letter.
        request.action_cancel()
        request.action_draft()
        request.action_submit()
        self._decide(request, "action_approve")
        self.assertEqual(self._letters(request), letters)

    def test_refused_leave_letter_quotes_the_reason(self):
        request = self._request("2024-10-14", "2024-10-18", is_exceptional=False)
        request.decision_reason = "A family holiday is not an exceptional circumstance."
        self._decide(request, "action_refuse")
        letters = self._letters(request)
        self.assertEqual((letters.kind, letters.partner_id), ("leave_refused", self.sarah))
        letters.print_letters()
        text = self.letter_text(letters)
        self.assertIn("not authorised", text)
        self.assertIn("A family holiday is not an exceptional circumstance.", text)
        # Figures as at the decision: 19 of 22 sessions (registers of 2-16 Sep).
        self.assertIn("86.4%", text)
        # The print button prints the same letter, not a new one.
        action = request.sudo(self.officer).action_print_letter()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(self._letters(request), letters)
        self.assertEqual(letters.print_count, 2)

    def test_every_parent_who_receives_post_gets_one(self):
        self.amira.contact_ids.write({"receives_post": True})
        request = self._request("2024-10-21", "2024-10-22")
        self._decide(request, "action_approve")
        letters = self._letters(request)
        self.assertEqual(letters.mapped("partner_id"), self.sarah | self.omar)
        self.assertEqual(set(letters.mapped("kind")), {"leave_approved"})

    def test_no_parent_to_write_to_is_explained_and_the_decision_stands(self):
        self.amira.contact_ids.write({"receives_post": False})
        request = self._request("2024-10-21", "2024-10-22")
        self._decide(request, "action_approve")
        self.assertEqual(request.state, "approved")
        self.assertFalse(self._letters(request))
        notes = " ".join(request.message_ids.mapped("body"))
        self.assertIn("No letter was produced", notes)
        self.assertIn("who receives post", notes)
