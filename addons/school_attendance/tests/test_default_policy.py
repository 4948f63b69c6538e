"""Every school starts with a policy (new ones, and those already there at install);
a school with none is told so on its cases board."""

from odoo.addons.school_attendance import post_init_hook

from .common import SchoolAttendanceCase


class TestDefaultPolicy(SchoolAttendanceCase):
    def _case_board_help(self, user):
        action = self.env.ref("school_attendance.school_attendance_case_action")
        return action.sudo(user).read(["res_model", "help"])[0]["help"]

    def test_new_school_follows_the_seed000_ladder(self):
        school = self.env["res.company"].create({"name": "New Free School"})
        self.assertEqual(
            school.attendance_policy_id,
            self.env.ref("school_attendance.attendance_policy_seed000"),
        )

    def test_schools_existing_at_install_get_seed000_and_a_chosen_policy_stays(self):
        seed000 = self.env.ref("school_attendance.attendance_policy_seed000")
        seed001 = self.env.ref("school_attendance.attendance_policy_seed001")
        Company = self.env["res.company"]
        # As before the install: the column exists, the school has no policy.
        older = Company.create({"name": "Old Grammar School"})
        older.attendance_policy_id = False
        chosen = Company.create({"name": "Chosen Academy", "attendance_policy_id": seed001.id})
        post_init_hook(self.env.cr, self.env.registry)
        self.assertEqual(older.attendance_policy_id, seed000)
        self.assertEqual(chosen.attendance_policy_id, seed001)
        self.assertFalse(Company.search([("attendance_policy_id", "=", False)]))
        # Run again (nothing left without a policy), nothing changes.
        self.assertFalse((older | chosen)._set_default_attendance_policy())
        self.assertEqual(chosen.attendance_policy_id, seed001)

    def test_board_of_a_school_without_policy_says_so(self):
        self.company.attendance_policy_id = False
        help_text = self._case_board_help(self.officer)
        self.assertIn("follows no escalation policy", help_text)
        self.assertIn(self.company.name, help_text)
        self.company.attendance_policy_id = self.env.ref(
            "school_attendance.attendance_policy_seed001"
        )
        self.assertNotIn("follows no escalation policy", self._case_board_help(self.officer))
