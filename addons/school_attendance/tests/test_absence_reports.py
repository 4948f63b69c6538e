"""Parents report an absence on the portal; the office confirms it into a code."""

import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .portal_common import PortalCase


class TestAbsenceReports(PortalCase):
    @classmethod
    def setUpClass(cls):
        super(TestAbsenceReports, cls).setUpClass()
        cls.Report = cls.env["school.absence.report"]
        cls.dates = cls.Report.get_reportable_dates(cls.amira)

    def _report(self, date=None, user=None, **vals):
        values = {
            "pupil_id": self.amira.id,
            "date": date or self.dates[-1],
            "reason": "High temperature since last night",
        }
        values.update(vals)
        return self.Report.sudo(user or self.sara_user).create(values)

    def test_reportable_days_are_today_and_the_next_school_day(self):
        today = fields.Date.to_string(self.today)
        self.assertLessEqual(len(self.dates), 2)
        self.assertTrue(all(day >= today for day in self.dates))
        if self.today.weekday() < 5:
            self.assertEqual(self.dates[0], today)
        # On a Friday in term: Friday itself and the Monday after the weekend.
        friday = self.today + datetime.timedelta(days=7 + (4 - self.today.weekday()) % 7)
        monday = friday + datetime.timedelta(days=3)
        self.assertEqual(
            self.Report.get_reportable_dates(self.amira, friday),
            [fields.Date.to_string(friday), fields.Date.to_string(monday)],
        )

    def test_parent_report_reaches_the_office_then_becomes_illness_on_the_register(self):
        report = self._report()
        self.assertEqual(report.state, "new")
        self.assertEqual(report.partner_id, self.sara.partner_id)
        self.assertTrue(report.name.startswith("ABS/"), report.name)
        self.assertEqual(len(report.session_ids), 2)
        office = self.Report.sudo(self.officer).search([("state", "=", "new")])
        self.assertIn(report, office)
        # Not yet taken: the marks are written in advance / on the open register.
        report.sudo(self.officer).action_confirm()
        self.assertEqual(report.state, "confirmed")
        self.assertEqual(report.decided_by, self.officer)
        for period in ("am", "pm"):
            self.assertEqual(self._mark(self.amira, report.date, period).code_id.code, "I")
        self.assertEqual(len(report.mark_ids), 2)

    def test_confirming_a_taken_register_amends_n_and_keeps_present(self):
        # Reported by the office on the parent's behalf (a phone call), for the past day.
        report = self.Report.sudo(self.officer).create(
            {
                "pupil_id": self.amira.id,
                "partner_id": self.sara.partner_id.id,
                "date": self.past_day,
                "reason": "Sick in the morning, back after lunch",
            }
        )
        report.sudo(self.officer).action_confirm()
        am = self._mark(self.amira, self.past_day, "am")
        pm = self._mark(self.amira, self.past_day, "pm")
        self.assertEqual(am.code_id.code, "I")
        self.assertEqual(pm.code_id.code, "\\")
        self.assertEqual(report.mark_ids, am)
        amendment = am.amendment_ids
        self.assertEqual(len(amendment), 1)
        self.assertEqual(amendment.old_code_id.code, "N")
        self.assertEqual(amendment.reason, "Absence reported by parent: %s" % report.name)
        self.assertEqual(amendment.user_id, self.officer)
        self.assertEqual(self.amira.sudo(self.sara_user).attendance_pct_year, 50.0)

    def test_parent_cannot_report_later_days_or_decide(self):
        later = fields.Date.to_string(self.today + datetime.timedelta(days=21))
        with self.assertRaisesRegex(ValidationError, "today or the next school day"):
            self._report(date=later)
        with self.assertRaises(AccessError):
            self._report(state="confirmed")
        with self.assertRaises(AccessError):
            self._report(partner_id=self.noor.partner_id.id)
        with self.assertRaises(AccessError):
            self._report(pupil_id=self.ben.id)
        report = self._report()
        with self.assertRaises(AccessError):
            report.sudo(self.sara_user).write({"reason": "Changed my mind"})
        with self.assertRaises(AccessError):
            report.sudo(self.sara_user).action_confirm()
        self.assertEqual(report.state, "new")
        # Another family sees nothing of it.
        self.assertFalse(self.Report.sudo(self.lily_user).search([]))

    def test_office_rejects_with_a_reason(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "Give the reason for rejecting"):
            report.sudo(self.officer).action_reject()
        report.sudo(self.officer).write({"rejection_reason": "Seen in town at 10:00"})
        report.sudo(self.officer).action_reject()
        self.assertEqual(report.state, "rejected")
        self.assertFalse(self._mark(self.amira, report.date, "am").code_id)
        with self.assertRaisesRegex(UserError, "already processed"):
            report.sudo(self.officer).action_confirm()

    def test_parent_submits_a_leave_request_with_the_two_week_rule(self):
        first_day = self.today + datetime.timedelta(days=10)
        while first_day.weekday() >= 5:
            first_day += datetime.timedelta(days=1)
        Request = self.env["school.leave.request"].sudo(self.sara_user)
        values = {
            "pupil_id": self.amira.id,
            "requested_by_id": self.sara.id,
            "date_from": fields.Date.to_string(first_day),
            "date_to": fields.Date.to_string(first_day),
            "reason": "Grandfather's funeral abroad",
        }
        with self.assertRaises(AccessError):
            Request.create(dict(values, state="approved"))
        with self.assertRaises(AccessError):
            Request.create(dict(values, date_requested="2020-01-01"))
        with self.assertRaises(AccessError):
            Request.create(dict(values, requested_by_id=self.lily.id, pupil_id=self.ben.id))
        request = Request.create(values)
        self.assertEqual(request.state, "draft")
        self.assertTrue(request.is_late_request)
        self.assertEqual(request.notice_days, (first_day - self.today).days)
        with self.assertRaises(AccessError):
            request.write({"state": "submitted"})
