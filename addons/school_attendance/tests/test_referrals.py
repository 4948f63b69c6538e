"""Referrals: pressing their buttons as the web client does, the answer due in
working days per kind (seed 004: 10 working days), housing and voluntary agencies
(seed 000), and the referral form printed with its evidence."""

import odoo
from odoo import fields
from odoo.exceptions import UserError

from .case_common import D, EscalationCase


class TestReferrals(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed004"

    @classmethod
    def setUpClass(cls):
        super(TestReferrals, cls).setUpClass()
        cls.case = cls.Case.sudo(cls.officer).create(
            {"pupil_id": cls.amira.id, "concern": "persistent", "policy_id": cls.policy.id}
        )

    def _referral(self, kind="access_inclusion", **vals):
        vals = dict({"case_id": self.case.id, "kind": kind}, **vals)
        return self.Referral.sudo(self.officer).create(vals)

    def _press(self, records, method, *args):
        """A header button as the web client presses it: ``call_button`` sends
        ``[[id], context]`` (the page's context as the last positional argument)."""
        context = {"lang": "en_GB", "tz": "Europe/London", "uid": records.env.uid}
        return odoo.api.call_kw(records, method, [records.ids] + list(args) + [context], {})

    def test_sent_and_answered_buttons_as_the_web_client_presses_them(self):
        referral = self._referral()
        self._press(referral, "action_send")
        today = fields.Date.context_today(referral)
        self.assertEqual((referral.state, referral.date_sent), ("sent", today))
        self.assertTrue(referral.due_date > today)
        referral.response = "An ARC will be held on 20 January."
        self._press(referral, "action_record_response")
        self.assertEqual(referral.state, "answered")
        self.assertEqual(referral.response, "An ARC will be held on 20 January.")
        self.assertTrue(referral.date_response)

    def test_answer_due_in_working_days_bank_holidays_skipped(self):
        """Seed 004: the Access and Inclusion Officer makes contact within 10 working
        days. Sent on Fri 20 Dec 2024: Christmas, Boxing Day and New Year's Day are
        skipped, the school's Christmas holiday is not: due Wed 8 Jan 2025."""
        referral = self._referral(date_sent="2024-12-20")
        self.assertEqual(referral.due_date, "2025-01-08")
        # Sent from the form on the day typed in it: the same due date.
        other = self._referral(kind="early_help", date_sent="2024-12-20", due_date=False)
        other._send()
        self.assertEqual((other.state, other.due_date), ("sent", "2025-01-08"))
        self.assertIn(
            "sent on 20 December 2024; answer due by 8 January 2025",
            self.case.message_ids[0].body,
        )

    def test_a_school_sets_its_own_deadline_per_kind(self):
        """Housing (seed 000) answers this school within 15 working days: a referral
        sent on Mon 2 Dec 2024 is due on Mon 23 Dec; a voluntary agency keeps the 10."""
        self.env["school.attendance.referral.deadline"].sudo(self.manager).create(
            {"kind": "housing", "company_id": self.company.id, "response_days": 15}
        )
        housing = self._referral(kind="housing")
        housing._send(date_sent=D(2024, 12, 2))
        self.assertEqual((housing.name, housing.due_date), ("Housing - Amira Khan", "2024-12-23"))
        voluntary = self._referral(kind="voluntary")
        voluntary._send(date_sent=D(2024, 12, 2))
        self.assertEqual(
            (voluntary.name, voluntary.due_date), ("Voluntary agency - Amira Khan", "2024-12-16")
        )

    def test_a_sent_referral_keeps_what_was_sent(self):
        referral = self._referral(kind="housing")
        referral._send(date_sent=D(2024, 12, 2))
        with self.assertRaises(UserError):
            referral.write({"kind": "voluntary"})
        with self.assertRaises(UserError):
            referral.write({"state": "draft"})
        referral.write({"response": "Family placed on the priority list."})
        referral._record_response(date_response="2024-12-10")
        self.assertEqual((referral.state, referral.date_response), ("answered", "2024-12-10"))
        with self.assertRaises(UserError):
            referral.write({"response": "Something else."})
        with self.assertRaises(UserError):
            referral._send()

    def test_referral_form_printed_with_its_evidence(self):
        """The form the service receives: figures to the day it was sent, absences by
        code, the steps the case took and its plans."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            self.mark_day(day, {self.amira: ("N", "O")} if day.weekday() == 0 else {})
        self.Contract.sudo(self.officer).create(
            {"case_id": self.case.id, "kind": "action_plan", "date_start": "2024-09-16"}
        ).action_start()
        referral = self._referral()
        referral._send(date_sent="2024-09-13")
        report = self.env.ref("school_attendance.action_report_attendance_referral")
        html = report.sudo(self.officer).render_qweb_html(referral.ids)[0].decode()
        text = " ".join(html.split())
        self.assertIn("Attendance referral: Access and Inclusion Officer", text)
        self.assertIn("Amira Khan", text)
        self.assertIn("Answer due by</th><td>27 September 2024", text)
        self.assertIn("80.0% (16/20)", text)  # two Mondays (4 sessions) missed of ten days
        self.assertIn("<td>N</td>", text)
        self.assertIn("<td>O</td>", text)
        self.assertIn("Attendance action plan - Amira Khan", text)
        self.assertIn("Review 1", text)
