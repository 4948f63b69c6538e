"""A policy step with several activity lines: one activity per line, each to the person
holding its role (the case owner when nobody does, and the log says so), one log line
naming them all; the dry run counts each line in each person's workload."""

from lxml import etree
from odoo.exceptions import AccessError, ValidationError

from ..escalation_context import EscalationContext
from .case_common import D, EscalationCase


class TestPolicyStepActivities(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestPolicyStepActivities, cls).setUpClass()
        cls.office = cls._create_user("sl_office", cls.group_officer)
        cls.psl = cls._create_user("sl_psl", cls.group_officer)
        for role, user in (("admin_officer", cls.office), ("pupil_support_lead", cls.psl)):
            cls.env["school.staff.role"].create(
                {"company_id": cls.company.id, "role": role, "user_id": user.id}
            )
        cls.call = cls.env.ref("school_attendance.mail_activity_type_attendance_call")
        cls.monitor = cls.env.ref("school_attendance.mail_activity_type_attendance_monitor")
        cls.letter = cls.env.ref("school_attendance.mail_activity_type_attendance_letter")
        cls.own = cls.Policy.create(
            {
                "name": "Three people on day 1",
                "company_id": cls.company.id,
                "default_user_id": cls.officer.id,
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Day 1: calls, PSL and DSL informed",
                            "concern": "first_day",
                            "trigger": "absence_day_n",
                            "day_n": 1,
                            "action": "activity",
                            "description": "Any absence without reason.",
                            "activity_line_ids": [
                                cls._line(10, cls.call, "Call the contacts", "admin_officer"),
                                cls._line(20, cls.monitor, "PSL informed", "pupil_support_lead"),
                                cls._line(30, cls.monitor, "DSL informed", "dsl", due_days=1),
                            ],
                        },
                    )
                ],
            }
        )
        cls.step = cls.own.step_ids

    @classmethod
    def _line(cls, sequence, activity_type, summary, role, due_days=0):
        return (
            0,
            0,
            {
                "sequence": sequence,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "responsible": "role",
                "staff_role": role,
                "due_days": due_days,
            },
        )

    def test_three_lines_three_roles_one_without_holder_falls_back_to_the_owner(self):
        self.company.attendance_policy_id = self.own
        self.mark_day(D(2024, 9, 20), {self.amira: ("N", "N")})  # Friday
        self.escalate(D(2024, 9, 20))
        case = self.case_of(self.amira, "first_day")
        self.assertEqual(len(case.step_log_ids), 1, "one step, logged once")
        activities = self.activities_of(case).sorted("id")
        self.assertEqual(
            [(a.summary, a.user_id, a.date_deadline) for a in activities],
            [
                ("Call the contacts", self.office, "2024-09-20"),
                ("PSL informed", self.psl, "2024-09-20"),
                # Nobody is the school's DSL: the case owner; due the next school day.
                ("DSL informed", self.officer, "2024-09-23"),
            ],
        )
        message = case.step_log_ids.message
        self.assertIn(
            "activity 'Call the contacts' for %s, due 20 Sep 2024" % self.office.name, message
        )
        self.assertIn("activity 'PSL informed' for %s, due 20 Sep 2024" % self.psl.name, message)
        self.assertIn(
            "activity 'DSL informed' for %s (nobody holds the role Designated Safeguarding "
            "Lead at the school: the case owner), due 23 Sep 2024" % self.officer.name,
            message,
        )
        self.assertIn("nobody holds the role Designated Safeguarding Lead", activities[2].note)
        self.assertIn("Any absence without reason.", activities[0].note)

    def test_dry_run_workload_counts_each_line(self):
        """Two pupils absent on one day: the step's three lines make two activities for
        the admin officer, two for the Pupil Support Lead and two for the case owner."""
        self.company.attendance_policy_id = self.own
        self.mark_day(D(2024, 9, 20), {self.amira: ("N", "N"), self.ben: ("N", "N")})
        dry_run = (
            self.env["school.policy.dry.run"]
            .sudo(self.officer)
            .create(
                {
                    "policy_id": self.own.id,
                    "company_id": self.company.id,
                    "date_from": "2024-09-20",
                    "date_to": "2024-09-20",
                }
            )
        )
        dry_run.action_run()
        self.assertEqual(
            sorted((w.user_id.login, w.activity_count) for w in dry_run.workload_ids),
            sorted([("sl_office", 2), ("sl_psl", 2), (self.officer.login, 2)]),
        )
        self.assertEqual(
            len(dry_run.line_ids.filtered(lambda ln: ln.step_name != "case opened")), 2
        )

    def test_lines_need_their_person_and_only_managers_write_them(self):
        line = self.step.activity_line_ids[0]
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            line.write({"responsible": "role", "staff_role": False})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            line.write({"responsible": "user", "responsible_user_id": False})
        self.assertEqual(len(self.step.sudo(self.officer).activity_line_ids), 3)
        with self.assertRaises(AccessError):
            line.sudo(self.officer).write({"summary": "Changed"})
        # Another school's officer does not see this school's step lines.
        lines = self.env["school.attendance.policy.step.activity"].sudo(self.officer_b)
        self.assertFalse(lines.search([("id", "=", line.id)]))
        # A copy of the policy copies its steps' lines.
        copy = self.own.copy()
        self.assertEqual(
            copy.step_ids.activity_line_ids.mapped("summary"),
            ["Call the contacts", "PSL informed", "DSL informed"],
        )

    def test_the_activities_of_a_step_are_created_together(self):
        """The activities of a step's lines are created together: one INSERT, the
        case's assignees subscribed at once, each told once; the activities are as
        create() makes them (document name, followers, the case's next action)."""
        single = self.step.copy({"policy_id": self.own.id})
        single.activity_line_ids[1:].unlink()
        pupils = self.amira | self.ben | self.cara
        ctx = EscalationContext(self.own, self.company, D(2024, 9, 20), pupils)
        queries = {}
        # The first run warms the caches; then one line, then three.
        for step, pupil in ((single, self.cara), (single, self.ben), (self.step, self.amira)):
            case = self.Case.create(
                {
                    "pupil_id": pupil.id,
                    "concern": "first_day",
                    "policy_id": self.own.id,
                    "user_id": self.officer.id,
                }
            )
            ctx.priority_flags(pupil)  # read for every pupil of the run beforehand
            before = self.cr.sql_log_count
            step._schedule_activities(case, ctx)
            queries[len(step.activity_line_ids)] = self.cr.sql_log_count - before
            self.assertEqual(len(self.activities_of(case)), len(step.activity_line_ids))
        # Each further line: its person's subscription and notification, about 13
        # queries (about 45 when each activity was created on its own).
        self.assertLessEqual(queries[3], queries[1] + 2 * 15, "queries: %s" % queries)
        (psl,) = self.activities_of(case).filtered(lambda a: a.user_id == self.psl)
        self.assertEqual(psl.res_name, case.display_name)
        assignees = self.officer.partner_id | self.office.partner_id | self.psl.partner_id
        self.assertLessEqual(assignees, case.message_partner_ids, "assignees follow the case")
        self.assertEqual(case.next_action_date, "2024-09-20")

    def test_the_step_form_lists_its_activities_in_an_editable_list(self):
        view = self.env["school.attendance.policy.step"].fields_view_get(view_type="form")
        self.assertTrue(etree.fromstring(view["arch"]).xpath("//field[@name='activity_line_ids']"))
        # Odoo hands the inline list over beside the form's arch.
        lines = view["fields"]["activity_line_ids"]["views"]["tree"]
        self.assertEqual(etree.fromstring(lines["arch"]).get("editable"), "bottom")
        columns = set(lines["fields"])
        self.assertLessEqual(
            {"activity_type_id", "summary", "responsible", "staff_role", "due_days", "note"},
            columns,
        )
