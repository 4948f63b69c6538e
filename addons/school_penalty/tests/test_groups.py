from odoo.tests.common import SavepointCase


class TestGroups(SavepointCase):
    """The security groups every other feature relies on."""

    def test_attendance_groups_form_a_ladder(self):
        teacher = self.env.ref("school_attendance.group_attendance_teacher")
        officer = self.env.ref("school_attendance.group_attendance_officer")
        manager = self.env.ref("school_attendance.group_attendance_manager")
        self.assertIn(teacher, officer.trans_implied_ids)
        self.assertIn(officer, manager.trans_implied_ids)
        self.assertNotIn(manager, teacher.trans_implied_ids)

    def test_finance_is_not_an_attendance_role(self):
        finance = self.env.ref("school_penalty.group_penalty_finance")
        user = self.env["res.users"].create(
            {
                "name": "Trust Finance",
                "login": "finance@example.org",
                "groups_id": [(6, 0, [finance.id])],
            }
        )
        self.assertTrue(user.has_group("school_penalty.group_penalty_finance"))
        self.assertFalse(user.has_group("school_attendance.group_attendance_teacher"))
