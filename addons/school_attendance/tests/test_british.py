"""An English school's defaults: English (UK), British dates, and a parent's own words."""

import datetime

from odoo import fields
from odoo.exceptions import UserError

from ..dates import format_date, format_numeric_date
from ..models.mail_thread import portal_author
from .portal_common import PortalCase


class TestBritishDefaults(PortalCase):
    def test_english_uk_is_installed_with_british_dates(self):
        lang = self.env["res.lang"].search([("code", "=", "en_GB")])
        self.assertTrue(lang.active)
        self.assertEqual(lang.date_format, "%d/%m/%Y")
        self.assertEqual(format_numeric_date("2026-12-30"), "30/12/2026")
        self.assertEqual(format_date("2026-12-30"), "30 December 2026")

    def test_english_uk_loaded_with_the_american_fallback_format_is_put_right(self):
        lang = self.env["res.lang"].search([("code", "=", "en_GB")])
        lang.date_format = "%m/%d/%Y"
        self.env["res.lang"]._install_british_english()
        self.assertEqual(lang.date_format, "%d/%m/%Y")

    def test_every_user_the_school_creates_reads_english_uk(self):
        staff = self._create_user("sa_new_teacher", self.group_teacher)
        self.assertEqual(staff.lang, "en_GB")
        self.assertEqual(self.sara_user.lang, "en_GB")

    def test_portal_login_for_a_parent_on_odoos_american_default_is_british(self):
        partner = self.env["res.partner"].create(
            {"name": "Maya Lee", "email": "maya.lee@example.org", "lang": "en_US"}
        )
        contact = self.lily.copy({"partner_id": partner.id})
        contact.sudo(self.officer).action_grant_portal_access()
        self.assertEqual(partner.user_ids.lang, "en_GB")

    def test_a_parent_who_chose_a_language_keeps_it(self):
        french = self.env["res.lang"].with_context(active_test=False).search(
            [("code", "=", "fr_FR")]
        ) or self.env["res.lang"].create({"name": "French", "code": "fr_FR", "iso_code": "fr"})
        french.active = True
        partner = self.env["res.partner"].create(
            {"name": "Anne Lee", "email": "anne.lee@example.org", "lang": "fr_FR"}
        )
        contact = self.lily.copy({"partner_id": partner.id})
        contact.sudo(self.officer).action_grant_portal_access()
        self.assertEqual(partner.user_ids.lang, "fr_FR")


class TestParentLeaveRequest(PortalCase):
    def _values(self, first_day):
        return {
            "pupil_id": self.amira.id,
            "requested_by_id": self.sara.id,
            "date_from": fields.Date.to_string(first_day),
            "date_to": fields.Date.to_string(first_day + datetime.timedelta(days=2)),
            "reason": "Family wedding",
        }

    def test_leave_starting_in_the_past_is_refused(self):
        Request = self.env["school.leave.request"].sudo(self.sara_user)
        yesterday = self.today - datetime.timedelta(days=1)
        with self.assertRaisesRegex(UserError, "has passed") as caught:
            Request.create(self._values(yesterday))
        self.assertIn(format_date(yesterday), caught.exception.name)
        self.assertFalse(
            self.env["school.leave.request"].search([("pupil_id", "=", self.amira.id)])
        )
        # Today is not in the past: the request is made (late, as the two-week rule says).
        self.assertTrue(Request.create(self._values(self.today)).is_late_request)

    def test_the_chatter_names_the_parent_not_the_administrator(self):
        """As the portal does: the parent creates the request, then it is submitted for them."""
        request = (
            self.env["school.leave.request"]
            .sudo(self.sara_user)
            .create(self._values(self.today + datetime.timedelta(days=20)))
        )
        author = self.sara_user.partner_id.id
        request.sudo().with_context(**portal_author(author)).action_submit()
        messages = request.sudo().message_ids
        self.assertTrue(messages)
        self.assertEqual(messages.mapped("author_id"), self.sara.partner_id)
        self.assertNotIn(self.env.ref("base.partner_root"), messages.mapped("author_id"))

    def test_office_decisions_are_still_the_offices(self):
        request = self.env["school.leave.request"].create(
            self._values(self.today + datetime.timedelta(days=20))
        )
        request.sudo(self.officer).action_submit()
        self.assertIn(self.officer.partner_id, request.sudo().message_ids.mapped("author_id"))
