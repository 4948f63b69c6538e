"""Foresight for a trust: each school's own day, year, term and sessions, read once for
all the schools, so that three schools cost the queries of one.

Two trusts: *One School Trust* (Ash, three pupils) and *Three Schools Trust* (Birch,
Cedar, Damson, a pupil each). Every school: Autumn 1 (1-12 Sep 2025) then Autumn 2 (15 Sep
to 19 December; Damson's ends on 12 December), registers to Friday 19 September. Every
pupil attends every session but Wednesday 17 September (O): 28/30 this year (93.3%),
8/10 this term (80%). To 19 December 65 school days (130 sessions) are left: 28 + 0.8 x
130 = 132 of 160, 82.5%; to 12 December 60 days (120 sessions): 124 of 150, 82.7%.
"""

from .common import SchoolAttendanceCase

ON_DATE = "2025-09-19"


class TestForesightTrust(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestForesightTrust, cls).setUpClass()
        Company = cls.env["res.company"]
        cls.trust_one = Company.create({"name": "One School Trust"})
        cls.trust_three = Company.create({"name": "Three Schools Trust"})
        cls.pupils_one = cls._school("Ash", cls.trust_one, ("Ada", "Abe", "Amy"))
        cls.pupils_three = cls.env["school.pupil"]
        for name, first in (("Birch", "Bea"), ("Cedar", "Cai"), ("Damson", "Dot")):
            term_end = "2025-12-12" if name == "Damson" else "2025-12-19"
            cls.pupils_three |= cls._school(name, cls.trust_three, (first,), term_end)
        cls.officer_one = cls._create_user("ft_officer_one", cls.group_officer, cls.trust_one)
        cls.officer_three = cls._create_user("ft_officer_three", cls.group_officer, cls.trust_three)

    @classmethod
    def _school(cls, name, trust, first_names, term_end="2025-12-19"):
        school = cls.env["res.company"].create({"name": name, "parent_id": trust.id})
        year = cls._create_year(
            company=school, name="2025/26", date_start="2025-09-01", date_end="2026-08-31"
        )
        for term, start, end in (
            ("Autumn 1 2025", "2025-09-01", "2025-09-12"),
            ("Autumn 2 2025", "2025-09-15", term_end),
        ):
            cls.env["school.term"].create(
                {"name": term, "academic_year_id": year.id, "date_start": start, "date_end": end}
            )
        group = cls.env["school.group"].create(
            {"name": "6" + name[0], "year_group": "6", "company_id": school.id}
        )
        pupils = cls.env["school.pupil"]
        for first in first_names:
            pupils |= cls.env["school.pupil"].create(
                {
                    "first_name": first,
                    "last_name": name,
                    "group_id": group.id,
                    "company_id": school.id,
                    "date_admitted": "2025-09-01",
                }
            )
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", ON_DATE, company=school
        )
        code = cls.env["school.attendance.code"].get_code
        marks = cls.env["school.attendance.mark"].search([("pupil_id", "in", pupils.ids)])
        marks.filtered(lambda m: m.period == "am").write({"code_id": code("/").id})
        marks.filtered(lambda m: m.period == "pm").write({"code_id": code("\\").id})
        marks.filtered(lambda m: m.session_id.date == "2025-09-17").write({"code_id": code("O").id})
        return pupils

    def _page(self, officer, trust):
        """The At Risk page of ``trust`` as its officer: the pupils listed, and the
        queries of pressing List Pupils."""
        wizard = (
            self.env["school.attendance.risk.wizard"]
            .sudo(officer)
            .create({"company_id": trust.id, "date": ON_DATE})
        )
        self.env.cache.invalidate()  # the whole cache, every model
        before = self.cr.sql_log_count
        wizard.action_compute()
        return wizard.line_ids, self.cr.sql_log_count - before

    def test_each_school_projects_to_the_end_of_its_own_term(self):
        rows = {
            row["pupil_id"]: row for row in self.pupils_three.get_persistent_absence_risk(ON_DATE)
        }
        bea, _cai, dot = self.pupils_three
        self.assertEqual(
            (rows[bea.id]["term_end"], rows[bea.id]["remaining"], rows[bea.id]["projected_pct"]),
            ("2025-12-19", 130, 82.5),
        )
        self.assertEqual(
            (rows[dot.id]["term_end"], rows[dot.id]["remaining"], rows[dot.id]["projected_pct"]),
            ("2025-12-12", 120, 82.7),
        )
        self.assertEqual(
            rows[dot.id]["explanation"],
            "93.3% now (28/30); 80% this half term (8/10); 120 sessions to 12 December 2025; "
            "at this half term's rate 82.7% by then.",
        )
        self.assertTrue(all(row["at_risk"] for row in rows.values()))

    def test_the_at_risk_page_of_three_schools_costs_what_one_school_costs(self):
        # Warm the caches that live longer than a request (access rules, translations).
        self._page(self.officer_one, self.trust_one)
        self._page(self.officer_three, self.trust_three)
        lines_one, one = self._page(self.officer_one, self.trust_one)
        lines_three, three = self._page(self.officer_three, self.trust_three)
        self.assertEqual(lines_one.mapped("pupil_id"), self.pupils_one)
        self.assertEqual(lines_three.mapped("pupil_id"), self.pupils_three)
        self.assertEqual(
            sorted(lines_three.mapped("remaining")), [120, 130, 130], "each school's own term"
        )
        self.assertEqual(three, one, "3 schools must cost the queries of 1 school")

    def test_foresight_patterns_and_risk_of_three_schools_cost_what_one_school_costs(self):
        def count(method, pupils):
            self.env.cache.invalidate()
            before = self.cr.sql_log_count
            rows = getattr(pupils, method)(ON_DATE)
            self.assertEqual(len(rows), 3)
            return self.cr.sql_log_count - before

        for method in (
            "get_attendance_foresight",
            "get_attendance_patterns",
            "get_persistent_absence_risk",
        ):
            count(method, self.pupils_one)  # warm
            self.assertEqual(
                count(method, self.pupils_three), count(method, self.pupils_one), method
            )
        rows = self.pupils_three.get_attendance_foresight(ON_DATE)
        self.assertEqual({(row["present"], row["possible"]) for row in rows}, {(28, 30)})
