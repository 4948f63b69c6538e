"""A parent creating a record over the portal or RPC gives only what the form asks."""

import datetime

from odoo import fields
from odoo.exceptions import AccessError

from .portal_common import PortalCase


class TestPortalAllowlist(PortalCase):
    @classmethod
    def setUpClass(cls):
        super(TestPortalAllowlist, cls).setUpClass()
        first_day = cls.today + datetime.timedelta(days=21)
        while first_day.weekday() >= 5:
            first_day += datetime.timedelta(days=1)
        cls.leave_values = {
            "pupil_id": cls.amira.id,
            "requested_by_id": cls.sara.id,
            "date_from": fields.Date.to_string(first_day),
            "date_to": fields.Date.to_string(first_day),
            "reason": "Family wedding",
        }
        Report = cls.env["school.absence.report"]
        cls.report_values = {
            "pupil_id": cls.amira.id,
            "date": Report.get_reportable_dates(cls.amira)[-1],
            "reason": "Temperature",
        }

    def _officer_message(self):
        # A message authored by the office, on another family's pupil.
        return self.ben.message_post(
            body="Office note about Ben", author_id=self.officer.partner_id.id
        )

    def test_parent_leave_request_takes_only_the_form_fields(self):
        Request = self.env["school.leave.request"].sudo(self.sara_user)
        extras = {
            "name": "LEAVE/FAKE",
            "message_ids": [(4, self._officer_message().id)],
            "message_follower_ids": [(0, 0, {"partner_id": self.lily.partner_id.id})],
            "session_ids": [(6, 0, [])],
        }
        for name, value in extras.items():
            with self.assertRaisesRegex(AccessError, "can give only"):
                Request.create(dict(self.leave_values, **{name: value}))
        self.assertFalse(
            self.env["school.leave.request"].search([("pupil_id", "=", self.amira.id)])
        )
        request = Request.create(dict(self.leave_values))
        self.assertNotEqual(request.name, "LEAVE/FAKE")
        self.assertNotIn(self.lily.partner_id, request.sudo().message_partner_ids)

    def test_parent_absence_report_takes_only_the_form_fields(self):
        Report = self.env["school.absence.report"].sudo(self.sara_user)
        marks = self.Mark.search([("pupil_id", "=", self.ben.id)], limit=1)
        for name, value in {"mark_ids": [(6, 0, marks.ids)], "name": "ABS/FAKE"}.items():
            with self.assertRaisesRegex(AccessError, "can give only"):
                Report.create(dict(self.report_values, **{name: value}))
        report = Report.create(dict(self.report_values))
        self.assertFalse(report.sudo().mark_ids)
        self.assertNotEqual(report.name, "ABS/FAKE")
