"""What every screen of the three addons tells its reader before they click."""

import json

from lxml import etree

from .common import SchoolAttendanceCase

OUR_ADDONS = ("school_attendance", "school_penalty", "school_letters")


class TestScreens(SchoolAttendanceCase):
    def _our_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "in", OUR_ADDONS), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id"))

    def test_every_list_says_what_it_is_when_empty(self):
        """An empty list explains itself (Odoo's generic 'Click to create' is not enough)."""
        actions = self._our_records("ir.actions.act_window").filtered(
            lambda action: action.view_mode != "form" and action.target != "new"
        )
        self.assertIn(
            self.env.ref("school_attendance.school_attendance_register_missing_action"), actions
        )
        missing = actions.filtered(lambda action: not (action.help or "").strip())
        self.assertFalse(missing, "actions without help: %s" % missing.mapped("name"))

    def test_dashboards_over_sql_views_offer_no_create_or_import(self):
        """The trust, celebration and analysis figures are read, never typed in."""
        models = [
            model
            for model in self._our_records("ir.model")
            if model.model in self.env
            and not self.env[model.model]._auto
            and not self.env[model.model]._abstract
        ]
        names = {model.model for model in models}
        self.assertTrue({"school.trust.attendance", "school.attendance.group.week"} <= names, names)
        for model in models:
            arch = etree.fromstring(self.env[model.model].fields_view_get(view_type="tree")["arch"])
            for attribute in ("create", "edit", "delete", "import"):
                self.assertEqual(arch.get(attribute), "false", (model.model, attribute))

    def test_report_pages_have_a_title_as_breadcrumb(self):
        wizard = self.env["school.absentee.wizard"].sudo(self.officer).create({})
        self.assertEqual(wizard.display_name, "Persistent and Severe Absentees")

    def test_approve_says_before_the_click_that_code_c_needs_exceptional_circumstances(self):
        """The Approve button is hidden, and the form says why, while code C lacks the tick."""
        arch = etree.fromstring(
            self.env["school.leave.request"]
            .sudo(self.officer)
            .fields_view_get(view_type="form")["arch"]
        )
        approve = arch.xpath("//button[@name='action_approve']")[0]
        invisible = json.loads(approve.get("modifiers"))["invisible"]
        self.assertIn(["leave_code", "=", "C"], invisible)
        self.assertIn(["is_exceptional", "=", False], invisible)
        self.assertTrue(
            arch.xpath("//div[contains(@class, 'alert')]//em[.='Exceptional Circumstances']")
        )
