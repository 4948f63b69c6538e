"""The trust: every school's figures on the dashboard, read only, no case notes."""

from odoo.exceptions import AccessError

from .. import pupil_week
from .common import SchoolAttendanceCase

WEEK = ("2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05", "2024-09-06")


class TestTrust(SchoolAttendanceCase):
    """Oak Trust runs Ash Primary and Birch Academy, one week of marks each.

    Ash: Ann present all 10 sessions; Bob absent (O) on Monday (2 of 10,
    20%: persistent). 18/20 = 90.0%, 1 of 2 pupils persistent (50.0%), none
    severe.
    Birch: Cat ill (I) Monday to Wednesday (6 of 10, 60%: persistent and
    severe); Dan present all week; Eli ill on Friday afternoon (1 of 10, 10%:
    persistent, the threshold counts). 23/30 = 76.7%, 2 of 3 persistent
    (66.7%), 1 of 3 severe (33.3%).
    """

    @classmethod
    def setUpClass(cls):
        super(TestTrust, cls).setUpClass()
        Company = cls.env["res.company"]
        cls.trust = Company.create({"name": "Oak Trust"})
        cls.ash = Company.create({"name": "Ash Primary", "parent_id": cls.trust.id})
        cls.birch = Company.create({"name": "Birch Academy", "parent_id": cls.trust.id})
        cls.group_trust = cls.env.ref("school_attendance.group_attendance_trust")
        cls.trust_user = cls._create_user("sa_trust", cls.group_trust, company=cls.trust)
        cls.trust_user.company_ids = [(6, 0, (cls.trust | cls.ash | cls.birch).ids)]
        cls.ash_manager = cls._create_user("sa_ash_manager", cls.group_manager, company=cls.ash)
        code = cls.env["school.attendance.code"].get_code
        cls.present = {"am": code("/"), "pm": code("\\")}
        cls.code_o, cls.code_i = code("O"), code("I")
        cls.pupils = {}
        for school, plan in (
            (cls.ash, {"Ann": {}, "Bob": {("2024-09-02", "am"): "O", ("2024-09-02", "pm"): "O"}}),
            (
                cls.birch,
                {
                    "Cat": {(day, p): "I" for day in WEEK[:3] for p in ("am", "pm")},
                    "Dan": {},
                    "Eli": {("2024-09-06", "pm"): "I"},
                },
            ),
        ):
            cls._build_school(school, plan)
        Case = cls.env["school.attendance.case"]
        first = cls.env.ref("school_attendance.case_stage_first_day")
        letter = cls.env.ref("school_attendance.case_stage_letter_1")
        cls.cases = (
            Case.create(cls._case("Ann", first))
            | Case.create(cls._case("Bob", first))
            | Case.create(cls._case("Bob", letter, concern="persistent"))
            | Case.create(cls._case("Cat", letter, concern="persistent"))
        )
        # A closed case is not on the dashboard.
        Case.create(cls._case("Dan", first)).action_close()

    @classmethod
    def _build_school(cls, school, plan):
        year = cls._create_year(company=school)
        cls.env["school.term"].create(
            {
                "name": "First week",
                "academic_year_id": year.id,
                "date_start": WEEK[0],
                "date_end": WEEK[-1],
            }
        )
        group = cls.env["school.group"].create(
            {"name": "R1", "year_group": "R", "company_id": school.id}
        )
        sessions = cls.env["school.session"].search([("company_id", "=", school.id)])
        for first_name, absences in plan.items():
            pupil = (
                cls.env["school.pupil"]
                .with_context(tracking_disable=True)
                .create(
                    {
                        "first_name": first_name,
                        "last_name": "Trust",
                        "group_id": group.id,
                        "company_id": school.id,
                        "date_admitted": WEEK[0],
                        "is_looked_after": first_name == "Cat",
                    }
                )
            )
            cls.pupils[first_name] = pupil
            for session in sessions:
                special = absences.get((session.date, session.period))
                code = {"O": cls.code_o, "I": cls.code_i}.get(special) or cls.present[
                    session.period
                ]
                cls.env["school.attendance.mark"].create(
                    {"pupil_id": pupil.id, "session_id": session.id, "code_id": code.id}
                )

    @classmethod
    def _case(cls, first_name, stage, concern="low_attendance"):
        return {"pupil_id": cls.pupils[first_name].id, "stage_id": stage.id, "concern": concern}

    def _figures(self, user):
        rows = self.env["school.trust.attendance"].sudo(user).search([])
        return {
            row.company_id.name: (
                row.pupil_count,
                row.possible_sessions,
                row.present_sessions,
                row.attendance_pct,
                row.persistent_count,
                row.persistent_pct,
                row.severe_count,
                row.severe_pct,
            )
            for row in rows
        }

    def test_trust_reads_both_schools_figures(self):
        self.assertEqual(
            self._figures(self.trust_user),
            {
                "Ash Primary": (2, 20, 18, 90.0, 1, 50.0, 0, 0.0),
                "Birch Academy": (3, 30, 23, 76.7, 2, 66.7, 1, 33.3),
            },
        )

    def _weekly_counts_equal_a_recount(self):
        """The counts per pupil and week the dashboard adds up, checked against a recount."""
        cr = self.env.cr
        cr.execute(
            "SELECT pupil_id, company_id, academic_year_id, week_start, marks, possible, "
            "present, authorised, unauthorised FROM %s ORDER BY 1, 2, 3, 4" % pupil_week.TABLE
        )
        kept = cr.fetchall()
        cr.execute("SELECT * FROM (%s) recount ORDER BY 1, 2, 3, 4" % pupil_week.RECOUNT_SELECT)
        self.assertEqual(kept, cr.fetchall())
        return kept

    def test_weekly_counts_always_equal_a_recount(self):
        """Whatever changes the marks (the ORM, SQL) or what a code counts as, the
        dashboard's weekly counts are those of a recount, in the same transaction."""
        self.assertEqual(len(self._weekly_counts_equal_a_recount()), 5)  # 5 pupils, 1 week
        Mark = self.env["school.attendance.mark"]
        # Bob's unauthorised Monday becomes illness (authorised).
        bob_monday = Mark.search(
            [("pupil_id", "=", self.pupils["Bob"].id), ("code_id", "=", self.code_o.id)]
        )
        self.assertEqual(len(bob_monday), 2)
        bob_monday.write({"code_id": self.code_i.id})
        self._weekly_counts_equal_a_recount()
        # What illness counts as changes (a code's flags): every count follows.
        self.code_i.write({"counts_as_authorised": False, "counts_as_unauthorised": True})
        self._weekly_counts_equal_a_recount()
        birch = self.env["school.trust.attendance"].search([("company_id", "=", self.birch.id)])
        self.assertEqual((birch.unauthorised_sessions, birch.authorised_sessions), (7, 0))
        # A mark taken away and one added by SQL (a migration, a bulk load).
        eli = self.pupils["Eli"]
        self.env.cr.execute(
            "DELETE FROM school_attendance_mark WHERE pupil_id = %s AND date = %s "
            "RETURNING session_id",
            (eli.id, WEEK[0]),
        )
        self.assertEqual(len(self.env.cr.fetchall()), 2)
        self._weekly_counts_equal_a_recount()
        self.env["school.trust.attendance"].invalidate_cache()
        birch = self.env["school.trust.attendance"].search([("company_id", "=", self.birch.id)])
        self.assertEqual(birch.possible_sessions, 28)

    def test_school_manager_sees_own_school_only(self):
        self.assertEqual(
            self._figures(self.ash_manager), {"Ash Primary": (2, 20, 18, 90.0, 1, 50.0, 0, 0.0)}
        )

    def test_trust_sees_open_cases_per_stage_not_the_cases(self):
        rows = self.env["school.trust.case"].sudo(self.trust_user).search([])
        counts = {
            (row.company_id.name, row.stage_id.name, row.concern): row.case_count for row in rows
        }
        self.assertEqual(
            counts,
            {
                ("Ash Primary", "First-day contact", "low_attendance"): 2,
                ("Ash Primary", "Letter 1", "persistent"): 1,
                ("Birch Academy", "Letter 1", "persistent"): 1,
            },
        )
        # Case notes stay with the school: no case, no step log, no contract.
        for model in (
            "school.attendance.case",
            "school.attendance.case.step.log",
            "school.attendance.contract",
            "school.pupil.contact",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].sudo(self.trust_user).search([])
        with self.assertRaises(AccessError):
            self.cases[0].sudo(self.trust_user).read(["note"])

    def test_trust_reads_registers_of_every_school_but_writes_nothing(self):
        Mark = self.env["school.attendance.mark"].sudo(self.trust_user)
        marks = Mark.search([("pupil_id", "in", [p.id for p in self.pupils.values()])])
        self.assertEqual(len(marks), 50)
        self.assertEqual(set(marks.mapped("company_id.name")), {"Ash Primary", "Birch Academy"})
        code_before = marks[0].sudo().code_id
        with self.assertRaises(AccessError):
            marks[0].write({"code_id": self.code_i.id})
        pupil = self.pupils["Ann"].sudo(self.trust_user)
        self.assertEqual(pupil.name, "Ann Trust")
        with self.assertRaises(AccessError):
            pupil.write({"first_name": "Anne"})
        with self.assertRaises(AccessError):
            self.env["school.pupil"].sudo(self.trust_user).create(
                {"first_name": "New", "last_name": "Pupil", "company_id": self.ash.id}
            )
        with self.assertRaises(AccessError):
            self.cases[0].sudo(self.trust_user).write({"note": "<p>Seen by the trust</p>"})
        with self.assertRaises(AccessError):
            self.env["school.attendance.register"].sudo(self.trust_user).create({})
        # Nothing changed.
        self.assertEqual(self.pupils["Ann"].first_name, "Ann")
        self.assertEqual(marks[0].sudo().code_id, code_before)

    def test_trust_cannot_read_safeguarding_flags(self):
        cat = self.pupils["Cat"]
        self.assertTrue(cat.is_looked_after)
        with self.assertRaises(AccessError):
            cat.sudo(self.trust_user).read(["is_looked_after"])

    def test_trust_menu(self):
        menu = self.env.ref("school_attendance.menu_school_trust_root")
        attendance = self.env.ref("school_attendance.menu_school_attendance_root")
        visible = self.env["ir.ui.menu"].sudo(self.trust_user)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(attendance.id, visible)
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].sudo(self.teacher)._visible_menu_ids())
        for xmlid in ("school_trust_attendance_action", "school_trust_case_action"):
            action = self.env.ref("school_attendance." + xmlid)
            for view_type in ("tree", "pivot", "graph"):
                self.env[action.res_model].sudo(self.trust_user).fields_view_get(
                    view_type=view_type
                )
