"""A new school starts with a policy; a school with none is told so on its cases board."""

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

    def test_board_of_a_school_without_policy_says_so(self):
        self.company.attendance_policy_id = False
        help_text = self._case_board_help(self.officer)
        self.assertIn("follows no escalation policy", help_text)
        self.assertIn(self.company.name, help_text)
        self.company.attendance_policy_id = self.env.ref(
            "school_attendance.attendance_policy_seed001"
        )
        self.assertNotIn("follows no escalation policy", self._case_board_help(self.officer))
