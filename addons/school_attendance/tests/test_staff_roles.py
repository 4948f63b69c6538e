"""Named professionals: policy steps aimed at a role of the school (seed 000's
"Staff responsible": admin officer, EWO, Pupil Support Lead...) give their activities
to the person holding it there, a head of year per year group."""

from odoo.exceptions import AccessError, ValidationError

from .case_common import D, EscalationCase


class TestStaffRoles(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestStaffRoles, cls).setUpClass()
        cls.Role = cls.env["school.staff.role"]
        cls.office = cls._create_user("sa_office", cls.group_officer)
        cls.ewo = cls._create_user("sa_ewo", cls.group_officer)
        cls.hoy5 = cls._create_user("sa_hoy5", cls.group_officer)
        cls.hoy6 = cls._create_user("sa_hoy6", cls.group_officer)
        for role, user, year in (
            ("admin_officer", cls.office, False),
            ("ewo", cls.ewo, False),
            ("head_of_year", cls.hoy5, "5"),
            ("head_of_year", cls.hoy6, "6"),
        ):
            cls.Role.create(
                {"company_id": cls.company.id, "role": role, "user_id": user.id, "year_group": year}
            )
        # Another school's admin officer is never picked for this school's pupils.
        cls.Role.create(
            {"company_id": cls.company_b.id, "role": "admin_officer", "user_id": cls.officer_b.id}
        )

    def test_seed000_calls_go_to_the_admin_officer_and_the_visit_to_the_ewo(self):
        for day in self.days(D(2024, 9, 2), D(2024, 9, 25)):
            codes = {self.amira: ("N", "N")} if day >= D(2024, 9, 23) else {}
            self.mark_day(day, codes)
            self.escalate(day)
        case = self.case_of(self.amira, "first_day")
        by_summary = {a.summary: a.user_id for a in self.activities_of(case)}
        self.assertEqual(
            by_summary["First-day call to the main contacts (before 11:00)"], self.office
        )
        self.assertEqual(by_summary["Absence calls to parents and all other contacts"], self.office)
        self.assertEqual(
            by_summary["EWO home visit (leave a message or note if no response)"], self.ewo
        )
        # Nobody holds the Pupil Support Lead role: the case owner has the warning letter.
        low = self.case_of(self.amira, "low_attendance")
        self.assertEqual(self.activities_of(low)[0].user_id, self.officer)
        self.assertEqual(low.user_id, self.officer)

    def test_seed000_day2_gives_the_calls_and_the_pupil_support_lead_their_activities(self):
        """Day 2 "absence calls to parents and all other contacts; Pupil Support Lead
        informed": one step, two activities, one per named role; day 3 "advice from social care
        and education welfare if no response" is a step of its own, due the next day."""
        psl = self._create_user("sa_psl", self.group_officer)
        self.Role.create(
            {"company_id": self.company.id, "role": "pupil_support_lead", "user_id": psl.id}
        )
        for day in self.days(D(2024, 9, 2), D(2024, 9, 25)):
            codes = {self.amira: ("N", "N")} if day >= D(2024, 9, 23) else {}
            self.mark_day(day, codes)
            self.escalate(day)
        case = self.case_of(self.amira, "first_day")
        by_summary = {a.summary: a for a in self.activities_of(case)}
        calls = by_summary["Absence calls to parents and all other contacts"]
        informed = by_summary["Continued absence without reason: Pupil Support Lead informed"]
        self.assertEqual((calls.user_id, calls.date_deadline), (self.office, "2024-09-24"))
        self.assertEqual((informed.user_id, informed.date_deadline), (psl, "2024-09-24"))
        advice = by_summary[
            "No response to the home visit: take advice from social care and education welfare"
        ]
        self.assertEqual((advice.user_id, advice.date_deadline), (psl, "2024-09-26"))
        logs = case.step_log_ids.sorted(lambda lg: (lg.date, lg.id))
        self.assertEqual(
            [(lg.date, lg.step_id.name) for lg in logs],
            [
                ("2024-09-23", "Day 1: first-day call"),
                ("2024-09-24", "Day 2: calls to all contacts, Pupil Support Lead informed"),
                ("2024-09-25", "Day 3: home visit"),
                ("2024-09-25", "Day 3: letter to the home address"),
                ("2024-09-25", "Day 3: advice if no response"),
            ],
        )

    def test_head_of_year_of_the_pupils_year_group(self):
        step = self.env.ref("school_attendance.policy_step_s000_day1")
        step.activity_line_ids.write({"staff_role": "head_of_year"})
        self.mark_day("2024-09-23", {self.amira: ("N", "N")})
        call = self.activities_of(self.case_of(self.amira, "first_day"))
        self.assertEqual(call.user_id, self.hoy5)  # 5A is year 5
        # A year group with no head of its own falls back to the whole-school holder.
        self.group.year_group = "4"
        self.Role.create(
            {"company_id": self.company.id, "role": "head_of_year", "user_id": self.office.id}
        )
        self.assertEqual(self.Role.find_user("head_of_year", self.company, "4"), self.office)
        self.assertEqual(self.Role.find_user("head_of_year", self.company, "6"), self.hoy6)
        self.assertFalse(self.Role.find_user("dsl", self.company))

    def test_one_holder_per_role_and_staff_of_the_school(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.Role.create(
                {"company_id": self.company.id, "role": "ewo", "user_id": self.office.id}
            )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.Role.create(
                {"company_id": self.company.id, "role": "dsl", "user_id": self.officer_b.id}
            )
        step = self.env.ref("school_attendance.policy_step_s000_day1")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            step.activity_line_ids.write({"responsible": "role", "staff_role": False})
        # Officers read who holds a role; only managers name them.
        self.assertEqual(len(self.Role.sudo(self.officer).search([])), 4)
        with self.assertRaises(AccessError):
            self.Role.sudo(self.officer).create(
                {"company_id": self.company.id, "role": "dsl", "user_id": self.officer.id}
            )
