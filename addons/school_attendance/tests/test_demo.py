"""The demo school generator, run small: 20 pupils, registers up to 26 September 2025."""

import datetime

from odoo.exceptions import AccessError

from ..models.school_demo import demo_calendar, demo_dates
from .common import SchoolAttendanceCase

UNTIL = "2025-09-26"


class TestDemoSchool(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestDemoSchool, cls).setUpClass()
        cls.school = cls.env["res.company"].create({"name": "Demo Test Primary"})
        cls.result = cls.env["school.demo"].ensure_demo_school(
            pupils=20, until=UNTIL, company=cls.school
        )
        cls.pupils = cls.env["school.pupil"].search([("company_id", "=", cls.school.id)])

    def test_school_structure(self):
        self.assertIn("20 pupils", self.result)
        self.assertEqual(self.school.currency_id.name, "GBP")
        # Its letters print the school's own address and email, not Odoo's placeholder.
        self.assertEqual(
            (self.school.street, self.school.zip, self.school.email),
            ("Walton Oak Lane", "L4 0TH", "office@waltonoak.example"),
        )
        head = self.env["school.staff.role"].find_user("headteacher", self.school)
        self.assertEqual(head.login, "c%d.manager" % self.school.id)
        groups = self.env["school.group"].search([("company_id", "=", self.school.id)])
        self.assertEqual(
            sorted(groups.mapped("year_group")), sorted(["R", "1", "2", "3", "4", "5", "6"])
        )
        self.assertTrue(all(group.tutor_ids for group in groups), "every group has a tutor")
        self.assertEqual(len(self.pupils), 20)
        self.assertEqual(len(set(self.pupils.mapped("upn"))), 20)
        for pupil in self.pupils:
            self.assertIn(len(pupil.contact_ids), (1, 2))
            self.assertTrue(all(c.has_parental_responsibility for c in pupil.contact_ids))
            self.assertTrue(
                all(c.partner_id.email and c.partner_id.street for c in pupil.contact_ids)
            )
        # Autumn term: 1 Sep INSET day and October half term have no session.
        session_model = self.env["school.session"]
        domain = [("company_id", "=", self.school.id)]
        self.assertFalse(session_model.search(domain + [("date", "=", "2025-09-01")]))
        self.assertFalse(session_model.search(domain + [("date", "=", "2025-10-29")]))
        self.assertEqual(len(session_model.search(domain + [("date", "=", "2025-09-02")])), 2)

    def test_registers_all_taken(self):
        register_model = self.env["school.attendance.register"]
        sessions = self.env["school.session"].search(
            [("company_id", "=", self.school.id), ("date", "<=", UNTIL)]
        )
        self.assertEqual(len(sessions), 38, "2 to 26 September: 19 days")
        registers = register_model.search([("company_id", "=", self.school.id)])
        self.assertEqual(len(registers), 38 * 7)
        self.assertEqual(set(registers.mapped("state")), {"taken", "closed"})
        self.assertTrue(all(r.taken_by and r.taken_at for r in registers))
        marks = self.env["school.attendance.mark"].search([("company_id", "=", self.school.id)])
        self.assertEqual(len(marks), 38 * 20)
        self.assertFalse(marks.filtered(lambda m: not m.code_id), "every pupil has a code")
        self.assertFalse(marks.filtered(lambda m: m.code_id.is_retired))
        self.assertFalse(
            marks.filtered(lambda m: m.code_id.period_restriction not in ("any", m.period))
        )
        late = marks.filtered(lambda m: m.code_id.code in ("L", "U"))
        self.assertTrue(all(m.minutes_late > 0 for m in late))
        # Unexplained absence on the last day, still to be chased.
        self.assertTrue(marks.filtered(lambda m: m.code_id.code == "N" and m.date == UNTIL))

    def test_figures(self):
        rows = self.pupils.get_attendance_summary("2025-09-01", UNTIL)
        self.assertTrue(all(r["possible"] == 38 for r in rows))
        self.assertTrue(any(r["is_persistent_absentee"] for r in rows), "a persistent absentee")
        self.assertTrue(any(r["codes"].get("G") for r in rows), "a term-time holiday")
        possible = sum(r["possible"] for r in rows)
        present = sum(r["present"] for r in rows)
        self.assertTrue(90 <= 100.0 * present / possible <= 99.5, 100.0 * present / possible)
        good = [r for r in rows if r["attendance_pct"] >= 95]
        self.assertGreaterEqual(len(good), 12, "most pupils attend well")

    def test_idempotent(self):
        counts = (
            len(self.pupils),
            self.env["school.attendance.mark"].search_count([("company_id", "=", self.school.id)]),
            self.env["res.partner"].search_count([]),
        )
        result = self.env["school.demo"].ensure_demo_school(
            pupils=20, until=UNTIL, company=self.school
        )
        self.assertIn("already loaded", result)
        self.assertEqual(
            counts,
            (
                self.env["school.pupil"].search_count([("company_id", "=", self.school.id)]),
                self.env["school.attendance.mark"].search_count(
                    [("company_id", "=", self.school.id)]
                ),
                self.env["res.partner"].search_count([]),
            ),
        )

    def test_a_login_per_role_on_its_first_screen(self):
        """Each demo login has the password of the README and opens on its role's screen."""
        logins = {
            "teacher": ("group_attendance_teacher", "school_attendance_register_action"),
            "officer": ("group_attendance_officer", "school_attendance_case_today_action"),
            "manager": ("group_attendance_manager", "school_attendance_case_action"),
            "trust": ("group_attendance_trust", "school_trust_attendance_action"),
        }
        for login, (group, action) in logins.items():
            user = self.env["res.users"].search(
                [("login", "=", "c%d.%s" % (self.school.id, login))]
            )
            self.assertEqual(len(user), 1, login)
            self.assertTrue(user.has_group("school_attendance.%s" % group), login)
            self.assertEqual(
                user.action_id.id, self.env.ref("school_attendance.%s" % action).id, login
            )
            self.assertEqual(user.lang, "en_GB", login)
            user.sudo(user).check_credentials(login)  # the README's password
        teacher = self.env["res.users"].search([("login", "=", "c%d.teacher" % self.school.id)])
        self.assertTrue(
            self.env["school.group"].search([("tutor_ids", "in", teacher.ids)]),
            "the teacher tutors a class, whose registers they take",
        )
        officer = self.env["res.users"].search([("login", "=", "c%d.officer" % self.school.id)])
        cases = self.env["school.attendance.case"].search(
            [("company_id", "=", self.school.id), ("date_closed", "=", False)]
        )
        self.assertTrue(cases)
        self.assertEqual(cases.mapped("user_id"), officer, "the officer owns the open cases")

    def test_two_parents_on_the_portal(self):
        parents = self.env["res.users"].search(
            [("login", "in", ["c%d.parent1" % self.school.id, "c%d.parent2" % self.school.id])],
            order="login",
        )
        self.assertEqual(len(parents), 2)
        for parent, login in zip(parents, ("parent1", "parent2"), strict=True):
            self.assertTrue(parent.has_group("base.group_portal"))
            self.assertFalse(parent.has_group("base.group_user"))
            self.assertEqual(parent.lang, "en_GB")
            parent.sudo(parent).check_credentials(login)
            children = self.env["school.pupil"].sudo(parent).search([])
            self.assertTrue(children, "%s sees their children" % login)
        self.assertEqual(
            len(self.env["school.pupil"].sudo(parents[0]).search([])),
            2,
            "the first parent has two children at the school",
        )

    def test_staff_the_demo_creates_read_british_dates(self):
        tutors = (
            self.env["school.group"]
            .search([("company_id", "=", self.school.id)])
            .mapped("tutor_ids")
        )
        self.assertEqual(set(tutors.mapped("lang")), {"en_GB"})
        self.assertEqual(self.env["res.lang"]._lang_get("en_GB").date_format, "%d/%m/%Y")

    def test_only_administrators_load_the_demo(self):
        with self.assertRaises(AccessError):
            self.env["school.demo"].sudo(self.manager).ensure_demo_school(pupils=1)


class TestDemoCalendar(SchoolAttendanceCase):
    """The demo follows the current school year, on real weekdays."""

    def test_calendar_of_a_year(self):
        calendar = demo_calendar(2026)
        self.assertEqual(calendar["year"][0], "2026/27")
        autumn, spring, summer = calendar["terms"]
        self.assertEqual(autumn[1], datetime.date(2026, 9, 1))  # a Tuesday
        self.assertEqual(autumn[2], datetime.date(2026, 12, 18))
        self.assertEqual(spring[1], datetime.date(2027, 1, 5))
        self.assertEqual(summer[1], datetime.date(2027, 4, 12))
        half_term = [c for c in calendar["closures"] if c[0] == "October half term"][0]
        self.assertEqual(
            (half_term[2], half_term[3]), (datetime.date(2026, 10, 26), datetime.date(2026, 10, 30))
        )
        for _name, start, end in calendar["terms"]:
            self.assertLess(start.weekday(), 5)
            self.assertEqual(end.weekday(), 4)

    def test_half_terms(self):
        """The demo records six half terms; the half-term weeks lie between two of them."""
        terms = demo_calendar(2026, half_terms=True)["terms"]
        self.assertEqual(
            [(name, start, end) for name, start, end in terms[:2]],
            [
                ("Autumn 1 2026", datetime.date(2026, 9, 1), datetime.date(2026, 10, 23)),
                ("Autumn 2 2026", datetime.date(2026, 11, 2), datetime.date(2026, 12, 18)),
            ],
        )
        self.assertEqual(len(terms), 6)
        for _name, start, end in terms:
            self.assertEqual((start.weekday() < 5, end.weekday()), (True, 4))

    def test_registers_run_up_to_yesterday(self):
        self.assertEqual(
            demo_dates(datetime.date(2026, 11, 23)), (2026, datetime.date(2026, 11, 22))
        )
        # In the summer holiday the year that has just ended is shown.
        self.assertEqual(demo_dates(datetime.date(2026, 9, 1)), (2025, datetime.date(2026, 8, 31)))
