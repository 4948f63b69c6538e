"""What hangs off a case (its step history, its activities) is read like the case:
by the attendance officers of the pupil's school, nobody else."""

from odoo.exceptions import AccessError

from .case_common import EscalationCase


class TestCaseAccess(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestCaseAccess, cls).setUpClass()
        cls.employee = cls._create_user("sa_employee", cls.env.ref("base.group_user"))
        cls.trust_user = cls._create_user(
            "sa_trust", cls.env.ref("school_attendance.group_attendance_trust")
        )
        cls.case = cls.Case.create(
            {"pupil_id": cls.ben.id, "concern": "low_attendance", "date_opened": "2024-09-23"}
        )
        cls.log = cls.Log.create(
            {
                "case_id": cls.case.id,
                "step_id": cls.policy.step_ids[0].id,
                "date": "2024-09-23",
                "attendance_pct": 81.3,
                "figures": "Ben Lee: 81.3%, mother Sara Khan",
            }
        )
        cls.activity = cls.Activity.create(
            {
                "res_model_id": cls.env["ir.model"]._get(cls.Case._name).id,
                "res_id": cls.case.id,
                "summary": "Call the family",
                "note": "<p>Priority pupil (child protection plan)</p>",
                "user_id": cls.officer.id,
            }
        )
        cls.outsiders = cls.officer_b | cls.teacher | cls.employee | cls.trust_user

    def test_officer_of_another_school_reads_no_step_history(self):
        self.assertEqual(self.Log.sudo(self.officer).search([("id", "=", self.log.id)]), self.log)
        Log = self.Log.sudo(self.officer_b)
        self.assertFalse(Log.search([]))
        self.assertFalse(Log.read_group([], ["case_id"], ["case_id"]))
        with self.assertRaises(AccessError):
            self.log.sudo(self.officer_b).read(["figures", "attendance_pct"])

    def test_case_activities_only_for_who_reads_the_case(self):
        Activity = self.Activity.sudo(self.officer)
        self.assertEqual(Activity.search([("id", "=", self.activity.id)]), self.activity)
        self.assertIn(
            "child protection", self.activity.sudo(self.officer).read(["note"])[0]["note"]
        )
        for user in self.outsiders:
            Activity = self.Activity.sudo(user)
            domain = [("res_model", "=", "school.attendance.case")]
            self.assertFalse(Activity.search(domain), user.login)
            self.assertEqual(Activity.search_count(domain), 0, user.login)
            self.assertFalse(Activity.search_read(domain, ["summary"]), user.login)
            groups = Activity.read_group(domain, ["res_model"], ["res_model"])
            self.assertFalse(sum(group["res_model_count"] for group in groups), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                self.activity.sudo(user).read(["summary", "note"])
